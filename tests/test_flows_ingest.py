"""The ingest flow end to end on a real (temporary) Prefect API, real DuckDB and a real HTTP
server on 127.0.0.1: events in the timeline, incremental reruns, failing sources in rejects,
artifacts published."""

from __future__ import annotations

import gzip
import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import SEED, SEED_GOLD, SILVER
from tests.sources_http_server import serve

pytestmark = pytest.mark.usefixtures("prefect_harness")


def _ingest(sources: list[str], warehouse: Path, **options) -> dict:
    from flows.ingest import ingest

    return ingest(sources=sources, warehouse=str(warehouse), **options)


def _query(warehouse: Path, sql: str):
    from warehouse import Warehouse

    return Warehouse(warehouse).query(sql)


def _silver_sample(path: Path, n: int) -> Path:
    with gzip.open(SILVER, "rt", encoding="utf-8") as f:
        lines = [next(f) for _ in range(n)]
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_seed_folder_ends_up_in_timeline_with_its_four_gold_events(shared, tmp_path) -> None:
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    shutil.copy(SEED_GOLD, folder / SEED_GOLD.name)
    warehouse = tmp_path / "wh.duckdb"
    result = _ingest([str(folder)], warehouse)
    assert result["status"] == "completed"
    assert result["counts"].get("rejected", 0) == 0 and result["counts"]["skipped"] == 1
    timeline = _query(warehouse, "SELECT * FROM timeline").to_dicts()
    for gold in json.loads(SEED_GOLD.read_text(encoding="utf-8"))["events"]:
        earliest, latest = (date.fromisoformat(d) for d in gold["interval"])
        assert any(
            gold["sentence_contains"] in row["sentence"]
            and abs(row["earliest"] - earliest) <= timedelta(days=1)
            and abs(row["latest"] - latest) <= timedelta(days=1)
            for row in timeline
        ), gold["what"]


def test_rerun_with_no_new_input_adds_no_rows(shared, tmp_path) -> None:
    source = _silver_sample(tmp_path / "news.jsonl", 60)
    warehouse = tmp_path / "wh.duckdb"
    first = _ingest([str(source)], warehouse)
    counts_sql = (
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM timexes),"
        " (SELECT count(*) FROM events)"
    )
    before = _query(warehouse, counts_sql).row(0)
    second = _ingest([str(source)], warehouse)
    assert first["counts"]["new"] == 60
    assert second["counts"].get("new", 0) == 0 and second["counts"].get("read", 0) == 0
    assert _query(warehouse, counts_sql).row(0) == before


def test_changed_article_is_reprocessed_and_others_are_skipped(shared, tmp_path) -> None:
    source = _silver_sample(tmp_path / "news.jsonl", 20)
    warehouse = tmp_path / "wh.duckdb"
    _ingest([str(source)], warehouse)
    rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()]
    rows[3]["text"] += " The talks resumed on Tuesday."
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = _ingest([str(source)], warehouse)
    assert (result["counts"].get("changed", 0), result["counts"].get("unchanged", 0)) == (1, 19)
    assert result["counts"].get("new", 0) == 0


def test_failing_network_sources_end_in_rejects_and_the_rest_loads(shared, tmp_path) -> None:
    good_file = _silver_sample(tmp_path / "news.jsonl", 10)
    warehouse = tmp_path / "wh.duckdb"
    with serve() as (base, _routes):
        failing = {
            f"{base}/sleepy.html": "timed out",
            f"{base}/500": "500",
            f"{base}/loop-a": "redirect",
            f"{base}/big-streamed.html": "larger than",
            f"{base}/malformed.xml": "",
        }
        good = [f"{base}/rss.xml", f"{base}/atom.xml", f"page:{base}/article.html"]
        result = _ingest(
            [*failing, *good, str(good_file)], warehouse, timeout=1.0, retries=1,
            max_bytes=2 * 1024 * 1024,
        )  # fmt: skip
    assert result["status"] == "completed"
    rejects = _query(warehouse, "SELECT source, location, reason FROM rejects").to_dicts()
    for url, reason in failing.items():
        hits = [r for r in rejects if url in (r["location"] or "") or url in (r["source"] or "")]
        assert hits, f"no reject for {url}: {rejects}"
        assert reason.lower() in " ".join(h["reason"].lower() for h in hits)
    sources = _query(warehouse, "SELECT source, count(*) n FROM articles GROUP BY source")
    loaded = dict(sources.iter_rows())
    assert sum(loaded.values()) >= 10 + 2 + 2 + 1


def test_run_publishes_counts_table_summary_and_progress_artifacts(shared, tmp_path) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    source = _silver_sample(tmp_path / "news.jsonl", 30)
    result = _ingest([str(source)], tmp_path / "wh.duckdb")
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(
                flow_run_id=ArtifactFilterFlowRunId(any_=[result["flow_run_id"]])
            )
        )
    by_key = {a.key: a for a in artifacts if a.key}
    assert {"ingest-counts", "ingest-summary"} <= by_key.keys()
    summary = by_key["ingest-summary"].data
    assert "Top reject reasons" in summary and "Events per day" in summary
    table = by_key["ingest-counts"].data
    rows = json.loads(table) if isinstance(table, str) else table
    assert any(row["source"] == "TOTAL" and row["new"] == 30 for row in rows)
    assert any(a.type == "progress" and float(a.data) == 100.0 for a in artifacts)


def test_processes_runner_gives_the_same_rows_as_threads(shared, tmp_path) -> None:
    from flows.ingest import ingest
    from flows.runners import make_task_runner

    source = _silver_sample(tmp_path / "news.jsonl", 40)
    results = {}
    for runner in ("threads", "processes"):
        warehouse = tmp_path / f"{runner}.duckdb"
        ingest.with_options(task_runner=make_task_runner(runner, 2))(
            sources=[str(source)], warehouse=str(warehouse), batch_size=10
        )
        results[runner] = _query(
            warehouse,
            "SELECT article_id, timex_index, value, earliest, latest FROM timexes ORDER BY ALL",
        ).rows()
    assert results["threads"] == results["processes"] and results["threads"]


_ROWS_SQL = {
    "articles": "SELECT id, text FROM articles ORDER BY ALL",
    "timexes": "SELECT article_id, timex_index, text, value FROM timexes ORDER BY ALL",
    "events": "SELECT article_id, event_index, what, earliest FROM events ORDER BY ALL",
}


def _rows(warehouse: Path) -> dict[str, list]:
    return {table: _query(warehouse, sql).rows() for table, sql in _ROWS_SQL.items()}


def test_batches_written_together_give_the_rows_of_one_transaction_per_batch(
    shared, tmp_path
) -> None:
    source = _silver_sample(tmp_path / "news.jsonl", 30)
    together, apart = tmp_path / "together.duckdb", tmp_path / "apart.duckdb"
    grouped = _ingest([str(source)], together, batch_size=4, load_size=1000)
    single = _ingest([str(source)], apart, batch_size=4, load_size=1)
    assert _rows(together) == _rows(apart) and _rows(together)["timexes"]
    assert grouped["counts"] == single["counts"]
    loads = _query(together, "SELECT count(*) FROM timexes").item()
    assert loads == grouped["counts"]["timexes"]


def _copies(path: Path, versions: list[tuple[str, str]]) -> Path:
    """A JSONL file of article `a` in the given (text, published) versions, in order."""
    rows = [{"id": "a", "published": day, "source": "wire", "text": text} for text, day in versions]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("batch_size", "load_size"), [(10, 10), (1, 10), (1, 1)], ids=["one-batch", "one-load", "apart"]
)
def test_an_article_sent_twice_keeps_only_its_last_copy_and_that_copys_timexes(
    shared, tmp_path, batch_size, load_size
) -> None:
    source = _copies(
        tmp_path / "copies.jsonl",
        [
            ("Talks began on Monday, stalled in March and resume next week.", "2024-11-29"),
            ("Talks resume next week.", "2024-11-29"),
        ],
    )
    warehouse = tmp_path / "wh.duckdb"
    result = _ingest([str(source)], warehouse, batch_size=batch_size, load_size=load_size)
    assert _query(warehouse, "SELECT text FROM articles").to_series().to_list() == [
        "Talks resume next week."
    ]
    assert _query(warehouse, "SELECT text FROM timexes").to_series().to_list() == ["next week"]
    counts = result["counts"]
    assert counts["read"] == 2 and counts.get("skipped", 0) + counts.get("changed", 0) == 1
