"""The ingest flow scaled out on Dask: a `distributed.LocalCluster` of two worker processes,
reached by its scheduler address or started by the runner itself, loads exactly the rows a
single-process (threads) run loads from the same input."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from tests.conftest import SILVER
from transforms.events.model import EVENT_COLUMNS
from transforms.temporal.model import TIMEX_COLUMNS

pytestmark = pytest.mark.usefixtures("prefect_harness")

ARTICLES = 60
BATCH_SIZE = 20


def _columns(columns: dict[str, str]) -> str:
    return ", ".join(f'"{name}"' for name in columns)


ROW_QUERIES = {
    "articles": "SELECT id, published, source, title, text FROM articles ORDER BY ALL",
    "timexes": f"SELECT {_columns(TIMEX_COLUMNS)} FROM timexes ORDER BY ALL",
    "events": f"SELECT {_columns(EVENT_COLUMNS)} FROM events ORDER BY ALL",
}


def _ingest(source: Path, warehouse: Path, runner) -> dict[str, list[tuple]]:
    """Run the flow on `runner` and return the warehouse rows per table."""
    from flows.ingest import ingest
    from warehouse import Warehouse

    result = ingest.with_options(task_runner=runner)(
        sources=[str(source)], warehouse=str(warehouse), batch_size=BATCH_SIZE
    )
    assert result["status"] == "completed"
    wh = Warehouse(warehouse)
    return {table: wh.query(sql).rows() for table, sql in ROW_QUERIES.items()}


@pytest.fixture(scope="module")
def news(tmp_path_factory) -> Path:
    """The first 60 articles of the silver corpus as a JSONL file."""
    path = tmp_path_factory.mktemp("dask-news") / "news.jsonl"
    with gzip.open(SILVER, "rt", encoding="utf-8") as f:
        path.write_text("".join(next(f) for _ in range(ARTICLES)), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def threads_rows(prefect_harness, news, tmp_path_factory) -> dict[str, list[tuple]]:
    """Warehouse rows of a single-process run with the threads runner."""
    from flows.runners import make_task_runner

    warehouse = tmp_path_factory.mktemp("dask-threads") / "wh.duckdb"
    rows = _ingest(news, warehouse, make_task_runner("threads", 2))
    assert len(rows["articles"]) == ARTICLES and rows["timexes"] and rows["events"]
    return rows


def test_flow_on_an_existing_cluster_loads_the_same_rows_as_threads(
    shared, news, threads_rows, tmp_path
) -> None:
    from distributed import LocalCluster

    from flows.runners import make_task_runner

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        runner = make_task_runner("dask", dask_address=cluster.scheduler_address)
        rows = _ingest(news, tmp_path / "wh.duckdb", runner)
        prefix = cluster.scheduler.task_prefixes.get("normalise_batch")
        normalised = prefix.state_counts["memory"] if prefix is not None else 0
    assert normalised >= ARTICLES // BATCH_SIZE
    assert rows == threads_rows


def test_flow_on_a_cluster_the_runner_starts_loads_the_same_rows_as_threads(
    shared, news, threads_rows, tmp_path
) -> None:
    from flows.runners import make_task_runner

    rows = _ingest(news, tmp_path / "wh.duckdb", make_task_runner("dask", workers=2))
    assert rows == threads_rows


def test_staging_root_can_be_moved_to_shared_storage(tmp_path, monkeypatch) -> None:
    from flows.staging import STAGING_ROOT_ENV, new_staging_dir

    monkeypatch.setenv(STAGING_ROOT_ENV, str(tmp_path / "shared-staging"))
    staging = new_staging_dir(tmp_path / "warehouse" / "wh.duckdb")
    assert staging.parent == (tmp_path / "shared-staging").resolve() and staging.is_dir()
