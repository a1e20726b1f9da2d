"""Shared test fixtures: where the read-only project material (../shared) lives."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import settings

# In CI the property tests draw the same examples every run, so a red build points at a change
# and not at the luck of the draw; local runs stay random and keep finding new cases.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TIMELINE_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "seeds" / "ukraine-johnson-2024-11-29.txt"
SEED_GOLD = SHARED / "seeds" / "ukraine-johnson-2024-11-29.gold.json"
TIMEBANK = SHARED / "data" / "timebank"
SILVER = SHARED / "data" / "news" / "te3-silver-articles.jsonl.gz"
REFERENCE_SCORER = SHARED / "tools" / "timex_eval.py"


# Test files in the order the workers should start them: the longest first, so that the short
# files fill the end of the run on every worker instead of one worker running a long file alone
# at the end (`--dist loadfile --no-loadscope-reorder` hands files out in collection order;
# xdist's default order, most tests first, started these few-test files last). The end-to-end
# schedule file leads: most of its time is the wait for a one-minute cron, which the other
# workers' files fill. Seconds are each file's summed test durations in a full run (2 cores,
# 3 workers); a file not named here follows these, in name order.
LONGEST_FIRST = {
    "test_schedules_e2e.py": 50,
    "test_flows_ingest.py": 135,
    "test_faults_control.py": 117,
    "test_faults_processes.py": 69,
    "test_flows_prefect_ui.py": 49,
    "test_flows_dask.py": 46,
    "test_cli_progress.py": 42,
    "test_warehouse_load.py": 35,
    "test_sources_hostile.py": 32,
    "test_event_scoring.py": 30,
    "test_sql_safety.py": 30,
    "test_faults_data.py": 28,
    "test_cli_basics.py": 23,
    "test_faults_fuzz.py": 19,
    "test_warehouse_processes.py": 18,
    "test_faults_flow_inputs.py": 15,
    "test_warehouse_cli.py": 11,
    "test_tagging_pool.py": 11,
    "test_sources_properties.py": 11,
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Order the files as LONGEST_FIRST says, each file's tests kept in their own order."""
    rank = {name: position for position, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


@pytest.fixture(autouse=True)
def _environment_restored():
    """Each test leaves the process environment as it found it. `timeline` subcommands run
    in-process set variables for Prefect and their runs (`-q` sets PREFECT_LOGGING_LEVEL=ERROR,
    `--lock-timeout` its variable); left behind, they reached later tests' subprocesses, whose
    runs then sent no INFO logs to the API."""
    saved = dict(os.environ)
    yield
    for name in set(os.environ) - set(saved):
        del os.environ[name]
    for name, value in saved.items():
        if os.environ.get(name) != value:
            os.environ[name] = value


@pytest.fixture(autouse=True)
def _root_logging_restored():
    """Each test leaves the root logger's handlers and level as it found them. `timeline
    --log-format json` run in-process adds a root handler on the test's captured stderr and
    `-q` sets the root level; left behind, that handler wrote later tests' log records to a
    closed capture, and Python's "--- Logging error ---" report became the last line of a
    later test's stderr."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in set(root.handlers) - set(handlers):
        root.removeHandler(handler)
    for handler in handlers:
        if handler not in root.handlers:
            root.addHandler(handler)
    root.setLevel(level)


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder; its absence is an error, not a skip (the acceptance tests need it)."""
    if not SEED.exists():
        pytest.fail(f"project material not found at {SHARED} (set TIMELINE_SHARED)")
    return SHARED


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory):
    """One temporary Prefect API for the whole session (results stored in a temp folder).

    Under xdist the workers share one API (`tests.prefect_server.shared_api`), started by the
    first worker that needs it and stopped when the run ends: a server start per worker cost
    about 8 s of CPU each, on the two cores the whole suite shares. Alone, pytest starts its own
    with Prefect's `prefect_test_harness`."""
    os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    os.environ["PREFECT_RESULTS_LOCAL_STORAGE_PATH"] = str(tmp_path_factory.mktemp("results"))
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        from prefect.testing.utilities import prefect_test_harness

        with prefect_test_harness(server_startup_timeout=120):
            yield
        return
    from tests.prefect_server import shared_api

    # A worker's temporary folder is in its controller's, which is the same for every worker.
    api_url = shared_api(tmp_path_factory.getbasetemp().parent / "prefect-api", os.getppid())
    with _prefect_api(api_url):
        yield


@contextmanager
def _prefect_api(api_url: str) -> Iterator[None]:
    """Prefect's settings name `api_url` in this process until the block ends, as
    `prefect_test_harness` names its server: in this context and in the process-global one
    (read by threads started without a copy of this context); logs and events still queued are
    sent before the block ends."""
    import prefect.context
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: api_url}):
        with prefect.context._temporary_global_settings_context(
            prefect.context.get_settings_context()
        ):
            try:
                yield
            finally:
                APILogWorker.drain_all(timeout=30)
                EventsWorker.drain_all(timeout=30)
