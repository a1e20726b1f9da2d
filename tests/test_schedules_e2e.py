"""Scheduled runs end to end on a real Prefect server (own PREFECT_HOME, 127.0.0.1, free port):
`timeline serve` on a one-minute cron loads the seed folder; `prefect deploy --all` from
prefect.yaml makes deployments a process worker runs from another directory; names never
collide silently.

The serve process starts first (module fixture) and its test comes last, so the wait for the
first scheduled minute overlaps the deploy and worker tests."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from prefect.exceptions import ObjectNotFound

from tests.conftest import ROOT
from tests.prefect_server import BIN, client_env, prefect_server
from tests.signals import sigint_default

pytestmark = pytest.mark.slow

RUN_WAIT_SECONDS = 150


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """A Prefect server for this module; yields its API URL and a client PREFECT_HOME."""
    home = tmp_path_factory.mktemp("prefect-server-home")
    with prefect_server(home) as api_url:
        yield api_url, tmp_path_factory.mktemp("prefect-client-home")


@pytest.fixture(scope="module")
def deployed(server) -> tuple[str, Path]:
    """The server with the `timeline` process pool and prefect.yaml's deployments on it."""
    from prefect.client.schemas.actions import WorkPoolCreate

    api_url, home = server
    with _client(api_url) as client:
        client.create_work_pool(WorkPoolCreate(name="timeline", type="process"))
    done = subprocess.run(
        [str(BIN / "prefect"), "--no-prompt", "deploy", "--all"],
        env=client_env(home, api_url),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # Paused: their scheduled runs are deleted, so the worker below runs only the test's own run
    # and never writes the project's ./timeline.duckdb.
    with _client(api_url) as client:
        for name in ("world-feeds-pool", "local-corpus-pool"):
            client.pause_deployment(client.read_deployment_by_name(f"ingest/{name}").id)
    return server


@dataclass
class Served:
    """A `timeline serve` process started when the module's tests begin."""

    process: subprocess.Popen
    warehouse: Path
    errors: Path
    env: dict[str, str]
    directory: Path


@pytest.fixture(scope="module", autouse=True)
def served(server, shared, tmp_path_factory) -> Iterator[Served]:
    """`timeline serve` of the seed folder on a one-minute cron, started first so the wait for
    the next minute overlaps the other tests; stopped (SIGINT) by the test that checks it, or
    here if that test did not run."""
    api_url, home = server
    directory = tmp_path_factory.mktemp("served")
    env = client_env(home, api_url, PREFECT_RUNNER_POLL_FREQUENCY="2")
    errors = directory / "serve.err"
    process = subprocess.Popen(
        [str(BIN / "timeline"), "serve", str(shared / "seeds"), "--cron", "* * * * *"]
        + ["--warehouse", str(directory / "served.duckdb"), "--name", "e2e-served"],
        env=env,
        cwd=directory,
        stdout=subprocess.PIPE,
        stderr=errors.open("w"),
        text=True,
        preexec_fn=sigint_default,
    )
    yield Served(process, directory / "served.duckdb", errors, env, directory)
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


@contextmanager
def _client(api_url: str) -> Iterator[Any]:
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: api_url}):
        with get_client(sync_client=True) as client:
            yield client


def _runs_of(api_url: str, deployment: str) -> list[Any]:
    """Flow runs of `ingest/<deployment>`, any state."""
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId

    with _client(api_url) as client:
        found = client.read_deployment_by_name(f"ingest/{deployment}")
        wanted = DeploymentFilter(id=DeploymentFilterId(any_=[found.id]))
        return client.read_flow_runs(deployment_filter=wanted)


def _states(runs: list[Any]) -> Counter:
    return Counter(run.state.type.value for run in runs if run.state is not None)


def _rows(warehouse: Path, table: str) -> int:
    from warehouse import Warehouse

    return int(Warehouse(warehouse).query(f"SELECT count(*) AS n FROM {table}")["n"][0])


def _timeline(*args: str, env: dict[str, str], cwd: Path, timeout: float = 120):
    return subprocess.run(
        [str(BIN / "timeline"), *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_prefect_yaml_deploys_and_a_worker_runs_it_from_another_directory(
    deployed, shared, tmp_path
) -> None:
    api_url, home = deployed
    env = client_env(home, api_url)
    prefect = str(BIN / "prefect")
    with _client(api_url) as client:
        corpus = client.read_deployment_by_name("ingest/local-corpus-pool")
        feeds = client.read_deployment_by_name("ingest/world-feeds-pool")
    assert len(corpus.parameters["sources"]) == 2 and len(feeds.parameters["sources"]) == 2
    assert all(corpus.parameters["sources"]) and corpus.parameters["warehouse"]
    step = corpus.pull_steps[0]["prefect.deployments.steps.set_working_directory"]
    assert step["directory"] == str(ROOT)

    # A source relative to the project root: it resolves only if the pull step set the worker's
    # run there (the worker itself runs in tmp_path).
    warehouse = tmp_path / "worker.duckdb"
    seeds = os.path.relpath(shared / "seeds", ROOT)
    parameters = {"sources": [seeds], "warehouse": str(warehouse)}
    with _client(api_url) as client:
        client.create_flow_run_from_deployment(corpus.id, parameters=parameters)
    worker = subprocess.run(
        [prefect, "worker", "start", "--pool", "timeline", "--run-once"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert worker.returncode == 0, worker.stdout + worker.stderr
    assert _states(_runs_of(api_url, "local-corpus-pool"))["COMPLETED"] == 1
    assert _rows(warehouse, "articles") >= 1
    assert set(_states(_runs_of(api_url, "world-feeds-pool"))) <= {"SCHEDULED"}


def test_serve_refuses_a_name_taken_by_a_prefect_yaml_deployment(
    deployed, shared, tmp_path
) -> None:
    api_url, home = deployed
    env = client_env(home, api_url)
    with _client(api_url) as client:
        before = client.read_deployment_by_name("ingest/world-feeds-pool")
    done = _timeline(
        "serve", str(shared / "seeds"), "--name", "world-feeds-pool", env=env, cwd=tmp_path
    )
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "ingest/world-feeds-pool already exists" in done.stderr
    assert "--replace" in done.stderr
    with _client(api_url) as client:
        after = client.read_deployment_by_name("ingest/world-feeds-pool")
    assert after.parameters == before.parameters
    assert after.work_pool_name == "timeline"


def test_served_deployment_completes_a_scheduled_run_and_stops_cleanly(server, served) -> None:
    api_url, _ = server
    serve = served.process
    deadline = time.monotonic() + RUN_WAIT_SECONDS
    states: Counter = Counter()
    while time.monotonic() < deadline and serve.poll() is None:
        try:
            states = _states(_runs_of(api_url, "e2e-served"))
        except ObjectNotFound:  # not registered yet
            pass
        if states["COMPLETED"] or states["FAILED"] or states["CRASHED"]:
            break
        time.sleep(2)
    assert serve.poll() is None, f"serve exited early: {served.errors.read_text()[-3000:]}"
    assert states["COMPLETED"] >= 1, f"no completed run in {RUN_WAIT_SECONDS} s: {states}"
    assert _rows(served.warehouse, "articles") >= 1
    assert _rows(served.warehouse, "events") >= 1

    serve.send_signal(signal.SIGINT)
    out, _ = serve.communicate(timeout=60)
    stderr = served.errors.read_text()
    assert serve.returncode == 0, stderr[-3000:]
    assert "Traceback" not in stderr
    assert stderr.strip().splitlines()[-1].startswith("timeline serve: stopped;")
    assert "ingest/e2e-served" in out
    states = _states(_runs_of(api_url, "e2e-served"))
    assert states["FAILED"] == 0 and states["CRASHED"] == 0, states
    print(f"\nserved runs that left the schedule: {dict(states)}")
    with _client(api_url) as client:
        assert client.read_deployment_by_name("ingest/e2e-served").paused

    other = served.directory / "other"
    other.mkdir()
    refused = _timeline("serve", str(other), "--name", "e2e-served", env=served.env, cwd=other)
    assert refused.returncode == 2
    assert "is served with other sources" in refused.stderr
    assert "Traceback" not in refused.stderr
