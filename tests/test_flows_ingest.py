"""The ingest flow end to end on a real (temporary) Prefect API, real DuckDB and a real HTTP
server on 127.0.0.1: events in the timeline, incremental reruns, failing sources in rejects and
a Failed run, retries in the run logs, artifacts published per warehouse."""

from __future__ import annotations

import gzip
import json
import shutil
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import SEED, SEED_GOLD, SILVER
from tests.sources_http_server import serve

pytestmark = pytest.mark.usefixtures("prefect_harness")


def _ingest(sources: list[str], warehouse: Path, **options) -> dict:
    from flows.ingest import ingest

    return ingest(sources=sources, warehouse=str(warehouse), **options)


def _ingest_failing(sources: list[str], warehouse: Path, **options) -> tuple[object, dict]:
    """Run the flow where some sources fail: its final state and the run's result."""
    from flows.ingest import SourcesFailed, ingest

    state = ingest(sources=sources, warehouse=str(warehouse), return_state=True, **options)
    failure = state.result(raise_on_failure=False)
    assert isinstance(failure, SourcesFailed), failure
    return state, failure.result


def _artifacts(flow_run_id) -> dict[str, object]:
    """The keyed artifacts of one flow run, by key."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
        )
    return {a.key: a for a in artifacts if a.key}


def _logs(flow_run_id, until: Callable[[list], bool] = bool, wait: float = 30.0) -> list:
    """The flow run's logs from the API, read again until `until(logs)` holds or `wait` s pass:
    the run's last lines reach the server in the background, a moment after the run ends."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

    deadline = time.monotonic() + wait
    with get_client(sync_client=True) as client:
        while True:
            logs = client.read_logs(
                log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id]))
            )
            if until(logs) or time.monotonic() > deadline:
                return logs
            time.sleep(0.5)


def _query(warehouse: Path, sql: str):
    from warehouse import Warehouse

    return Warehouse(warehouse).query(sql)


def _silver_sample(path: Path, n: int) -> Path:
    with gzip.open(SILVER, "rt", encoding="utf-8") as f:
        lines = [next(f) for _ in range(n)]
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def seed_runs(shared, tmp_path_factory) -> tuple[Path, dict, dict]:
    """The seed folder (with its gold file beside it) ingested into a fresh warehouse, then
    again with nothing new: (warehouse, first result, second result). The two seed tests read
    the same two runs instead of making their own."""
    work = tmp_path_factory.mktemp("seed-runs")
    folder = work / "seeds"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    shutil.copy(SEED_GOLD, folder / SEED_GOLD.name)
    warehouse = work / "wh.duckdb"
    first = _ingest([str(folder)], warehouse)
    second = _ingest([str(folder)], warehouse)
    return warehouse, first, second


def test_seed_folder_ends_up_in_timeline_with_its_four_gold_events(seed_runs) -> None:
    warehouse, result, _ = seed_runs
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


NEWS = 30
_COUNTS_SQL = (
    "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM timexes),"
    " (SELECT count(*) FROM events)"
)


@pytest.fixture(scope="module")
def news_runs(shared, tmp_path_factory) -> dict:
    """NEWS silver articles run into a/timeline.duckdb, counted, run there again with nothing
    new, and run once into b/timeline.duckdb (a warehouse of the same name elsewhere): the runs
    the artifact, rerun and artifact-key tests read, made once for the three of them."""
    work = tmp_path_factory.mktemp("news-runs")
    source = _silver_sample(work / "news.jsonl", NEWS)
    (work / "a").mkdir()
    (work / "b").mkdir()
    warehouse, other = work / "a" / "timeline.duckdb", work / "b" / "timeline.duckdb"
    first = _ingest([str(source)], warehouse)
    before = _query(warehouse, _COUNTS_SQL).row(0)
    second = _ingest([str(source)], warehouse)
    elsewhere = _ingest([str(source)], other)
    return {
        "warehouse": warehouse, "first": first, "counts_before": before, "second": second,
        "elsewhere": elsewhere,
    }  # fmt: skip


def test_rerun_with_no_new_input_adds_no_rows(news_runs) -> None:
    first, second = news_runs["first"], news_runs["second"]
    assert first["counts"]["new"] == NEWS
    assert second["counts"].get("new", 0) == 0 and second["counts"].get("read", 0) == 0
    assert _query(news_runs["warehouse"], _COUNTS_SQL).row(0) == news_runs["counts_before"]


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
        state, result = _ingest_failing(
            [*failing, *good, str(good_file)], warehouse, timeout=1.0, retries=1,
            max_bytes=2 * 1024 * 1024,
        )  # fmt: skip
    assert state.is_failed() and result["status"] == "failed"
    recovered = f"{base}/malformed.xml"
    assert set(result["failed"]) == set(failing) - {recovered}
    rejects = _query(warehouse, "SELECT source, location, reason FROM rejects").to_dicts()
    for url, reason in failing.items():
        hits = [r for r in rejects if url in (r["location"] or "") or url in (r["source"] or "")]
        assert hits, f"no reject for {url}: {rejects}"
        assert reason.lower() in " ".join(h["reason"].lower() for h in hits)
    sources = _query(warehouse, "SELECT source, count(*) n FROM articles GROUP BY source")
    loaded = dict(sources.iter_rows())
    assert sum(loaded.values()) >= 10 + 2 + 2 + 1


def test_run_publishes_counts_table_summary_and_progress_artifacts(news_runs) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    from flows.naming import artifact_key

    warehouse, result = news_runs["warehouse"], news_runs["first"]
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(
                flow_run_id=ArtifactFilterFlowRunId(any_=[result["flow_run_id"]])
            )
        )
    by_key = {a.key: a for a in artifacts if a.key}
    counts, summary = artifact_key("counts", warehouse), artifact_key("summary", warehouse)
    assert {counts, summary} <= by_key.keys()
    text = by_key[summary].data
    assert "Top reject reasons" in text and "Events per day" in text
    table = by_key[counts].data
    rows = json.loads(table) if isinstance(table, str) else table
    assert any(row["source"] == "TOTAL" and row["new"] == NEWS for row in rows)
    assert any(row["source"] == "news.jsonl" and row["new"] == NEWS for row in rows)
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
    source = _silver_sample(tmp_path / "news.jsonl", 12)
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


def test_missing_source_fails_the_run_with_its_reason_and_the_other_source_loads(
    shared, tmp_path
) -> None:
    good = _silver_sample(tmp_path / "news.jsonl", 10)
    missing = tmp_path / "gone" / "missing.jsonl"
    warehouse = tmp_path / "wh.duckdb"
    state, result = _ingest_failing([str(good), str(missing)], warehouse)
    assert state.is_failed()
    assert f"missing.jsonl (file not found: {missing})" in state.message
    assert result["failed"] == {str(missing): f"file not found: {missing}"}
    assert result["per_source"][str(good)]["new"] == 10
    assert _query(warehouse, "SELECT count(*) FROM articles").item() == 10
    assert _query(warehouse, "SELECT status FROM runs").item() == "failed"
    logs = _logs(result["flow_run_id"], until=lambda logs: any(log.level >= 40 for log in logs))
    errors = [log.message for log in logs if log.level >= 40]
    assert any(str(missing) in m and "file not found" in m for m in errors), errors


def test_http_500_on_every_retry_is_logged_per_attempt_and_fails_the_run(shared, tmp_path) -> None:
    good = _silver_sample(tmp_path / "news.jsonl", 5)
    warehouse = tmp_path / "wh.duckdb"
    with serve() as (base, routes):
        url = f"page:{base}/500"
        state, result = _ingest_failing([url, str(good)], warehouse, retries=2, timeout=2.0)
        assert routes.hits["/500"] == 3
    reason = f"HTTP 500 from {base}/500 (after 3 attempts)"
    assert state.is_failed() and reason in state.message
    assert result["failed"] == {url: reason}
    assert result["per_source"][str(good)]["new"] == 5
    logs = _logs(
        result["flow_run_id"],
        until=lambda logs: any(log.level == 40 and reason in log.message for log in logs),
    )
    retries = [log.message for log in logs if log.level == 30 and "retrying in" in log.message]
    assert len(retries) == 2, retries
    for attempt, message in enumerate(retries, start=1):
        assert f"attempt {attempt}/3 failed: HTTP 500 from {base}/500; retrying in" in message
    assert any(log.level == 40 and reason in log.message for log in logs)


def test_run_is_named_after_its_sources_and_tagged_per_source_and_warehouse(
    shared, tmp_path
) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import TaskRunFilter, TaskRunFilterFlowRunId

    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    news = _silver_sample(tmp_path / "news.jsonl", 12)
    result = _ingest([str(folder), str(news)], tmp_path / "wh.duckdb", batch_size=5)
    with get_client(sync_client=True) as client:
        run = client.read_flow_run(result["flow_run_id"])
        tasks = client.read_task_runs(
            task_run_filter=TaskRunFilter(
                flow_run_id=TaskRunFilterFlowRunId(any_=[result["flow_run_id"]])
            )
        )
    assert run.name == "ingest 2 sources: seeds, news.jsonl → wh"
    assert {"source:seeds", "source:news.jsonl", "warehouse:wh"} <= set(run.tags)
    names = {task.name for task in tasks}
    assert {"stage seeds", "normalise seeds batch 0", "load seeds batch 0"} <= names
    assert {f"normalise news.jsonl batch {n}" for n in range(3)} <= names
    assert "load news.jsonl batches 0-2" in names
    normalise = next(t for t in tasks if t.name == "normalise news.jsonl batch 1")
    assert "source:news.jsonl" in normalise.tags


def test_artifact_keys_differ_between_two_warehouses_of_the_same_name(news_runs) -> None:
    keys = [set(_artifacts(news_runs[run]["flow_run_id"])) for run in ("first", "elsewhere")]
    assert keys[0].isdisjoint(keys[1])
    for kind in ("counts", "summary", "timeline"):
        assert all(any(k.startswith(f"ingest-{kind}-timeline-") for k in ks) for ks in keys)


def test_rerun_with_nothing_new_completes_and_keeps_the_previous_timeline_artifact(
    seed_runs,
) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactCollectionFilter, ArtifactCollectionFilterKey

    from flows.naming import artifact_key

    warehouse, first, second = seed_runs
    assert second["status"] == "completed" and second["failed"] == {}
    key = artifact_key("timeline", warehouse)
    assert key in _artifacts(first["flow_run_id"]) and key not in _artifacts(second["flow_run_id"])
    with get_client(sync_client=True) as client:
        [latest] = client.read_latest_artifacts(
            artifact_filter=ArtifactCollectionFilter(key=ArtifactCollectionFilterKey(any_=[key]))
        )
    assert str(latest.flow_run_id) == first["flow_run_id"] and "data:image/png" in latest.data
    summary = _artifacts(second["flow_run_id"])[artifact_key("summary", warehouse)].data
    assert "No new events in this run" in summary and key in summary


def test_events_per_day_counts_only_day_level_events(shared, tmp_path) -> None:
    from flows.naming import artifact_key

    source = tmp_path / "wire.jsonl"
    text = "The company was founded in 2023. Talks resumed on 5 March 2024. Prices rose in January."
    source.write_text(
        json.dumps({"id": "a", "published": "2024-03-06", "source": "wire", "text": text}) + "\n"
    )
    warehouse = tmp_path / "wh.duckdb"
    result = _ingest([str(source)], warehouse)
    assert result["counts"]["events"] == _query(warehouse, "SELECT count(*) FROM events").item()
    on_the_day = _query(
        warehouse,
        "SELECT count(*) FROM events WHERE earliest = DATE '2024-03-05'"
        " AND latest = DATE '2024-03-06' AND anchor NOT IN ('tense', 'reporting', 'publication')",
    ).item()
    summary = _artifacts(result["flow_run_id"])[artifact_key("summary", warehouse)].data
    days = summary.split("## Events per day")[1].split("##")[0]
    assert on_the_day >= 1 and f"| 2024-03-05 | {on_the_day} |" in days
    assert "2023-01-01" not in days and "2024-01-01" not in days and "2024-03-06" not in days


def test_reject_reasons_are_whole_in_the_summary_grouped_by_kind(shared, tmp_path) -> None:
    from flows.naming import artifact_key

    source = tmp_path / "dates.jsonl"
    rows = [
        {"id": f"bad-{n}", "published": "sometime soon", "text": f"Talks {n}."} for n in range(3)
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    warehouse = tmp_path / "wh.duckdb"
    with serve() as (base, _routes):
        long_path = "/".join(["a-rather-long-folder-name-with: colons"] * 4).replace(" ", "-")
        url = f"page:{base}/{long_path}/missing.html"
        state, result = _ingest_failing([str(source), url], warehouse, retries=0)
    reason = f"HTTP 404 from {base}/{long_path}/missing.html"
    assert len(reason) > 120 and result["failed"] == {url: reason}
    summary = _artifacts(result["flow_run_id"])[artifact_key("summary", warehouse)].data
    plain = summary.replace("\\", "")
    assert reason in plain
    assert "**unparseable published date '…'**: 3 rows" in plain
    assert "e.g. unparseable published date 'sometime soon'" in plain
    counts = _artifacts(result["flow_run_id"])[artifact_key("counts", warehouse)].data
    table = json.loads(counts) if isinstance(counts, str) else counts
    [failed] = [row for row in table if row["source"].startswith("✗")]
    assert failed["source"] == "✗ …/missing.html" and failed["rejected"] == 1


def test_an_article_past_the_tagging_cap_is_stored_whole_tagged_in_its_head_and_logged(
    shared, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("TIMELINE_MAX_TAGGED_CHARS", "2000")
    text = "Talks resumed on 5 March 2024. " + "Nothing happened. " * 200 + "It ended in 2019."
    source = tmp_path / "wire.jsonl"
    source.write_text(
        json.dumps({"id": "long", "published": "2024-03-06", "source": "wire", "text": text}) + "\n"
    )
    warehouse = tmp_path / "wh.duckdb"
    result = _ingest([str(source)], warehouse)
    stored = _query(warehouse, "SELECT length(text) AS n FROM articles")
    assert stored.get_column("n").to_list() == [len(text)]
    tagged = _query(warehouse, "SELECT text FROM timexes ORDER BY start")
    assert tagged.get_column("text").to_list() == ["5 March 2024"]
    logs = _logs(
        result["flow_run_id"], until=lambda logs: any("tagged in their" in x.message for x in logs)
    )
    warnings = [log.message for log in logs if "tagged in their" in log.message]
    assert len(warnings) == 1 and "e.g. wire:long (" in warnings[0], warnings
