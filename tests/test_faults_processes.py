"""Real `timeline run` processes against one warehouse: killed with SIGKILL mid-load, run two at
once, queried with `timeline sql` while loading, and pointed at a file of the previous schema.

Subprocesses report to the session's temporary Prefect API (no ephemeral server each); the
reference is a clean in-process run of the same silver articles into a fresh warehouse.
"""

from __future__ import annotations

import gzip
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import SILVER
from warehouse import Warehouse, WarehouseBusyError, WarehouseMissingError

pytestmark = pytest.mark.usefixtures("prefect_harness")

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = 300
BATCH = "20"
"""Articles per batch and per transaction: many small loads, so a kill can land between them."""
TABLES = {
    "articles": "SELECT id, source, url, published, title, text, language, content_hash"
    " FROM articles ORDER BY id",
    "timexes": "SELECT * FROM timexes ORDER BY article_id, timex_index",
    "events": "SELECT * FROM events ORDER BY article_id, event_index",
}
DUPLICATES = {
    "articles": "SELECT count(*) FROM (SELECT id FROM articles GROUP BY id HAVING count(*) > 1)",
    "timexes": "SELECT count(*) FROM (SELECT 1 FROM timexes"
    " GROUP BY article_id, timex_index HAVING count(*) > 1)",
    "events": "SELECT count(*) FROM (SELECT 1 FROM events"
    " GROUP BY article_id, event_index HAVING count(*) > 1)",
}


def _news(folder: Path, start: int, stop: int) -> Path:
    """Silver articles [start, stop) as `folder/news.jsonl` (source 'news' wherever it lives)."""
    folder.mkdir(parents=True, exist_ok=True)
    with gzip.open(SILVER, "rt", encoding="utf-8") as f:
        lines = [line for _, line in zip(range(stop), f, strict=False)][start:]
    path = folder / "news.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _snapshot(path: Path) -> dict[str, pl.DataFrame]:
    wh = Warehouse(path)
    return {name: wh.query(sql) for name, sql in TABLES.items()}


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory) -> dict[str, pl.DataFrame]:
    """The tables a clean, uninterrupted run of the articles gives in a fresh warehouse."""
    from flows.ingest import ingest

    folder = tmp_path_factory.mktemp("clean")
    source = _news(folder, 0, ARTICLES)
    result = ingest(sources=[str(source)], warehouse=str(folder / "w.duckdb"), batch_size=100)
    assert result["status"] == "completed"
    tables = _snapshot(folder / "w.duckdb")
    assert tables["articles"].height == ARTICLES
    return tables


def _spawn_run(tmp_path: Path, name: str, warehouse: Path, *sources: Path) -> subprocess.Popen:
    """Start `timeline run` in its own process group, logging to `tmp_path/name.log`."""
    from prefect.settings import PREFECT_API_URL

    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PREFECT_API_URL": str(PREFECT_API_URL.value()),
        "PREFECT_HOME": str(tmp_path / f"{name}-prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "TIMELINE_WAREHOUSE_LOCK_TIMEOUT": "60",
    }
    command = [sys.executable, "-m", "cli.main", "run", *map(str, sources)]
    command += ["--warehouse", str(warehouse), "--batch-size", BATCH, "--load-size", BATCH]
    log = (tmp_path / f"{name}.log").open("w")
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def _count(warehouse: Path, sql: str) -> int | None:
    """A count read with a short lock timeout; None while the file is busy or not there yet."""
    try:
        return Warehouse(warehouse, lock_timeout=0.3).query(sql).item()
    except (WarehouseBusyError, WarehouseMissingError):
        return None


def _assert_same_as_clean_run(warehouse: Path, clean: dict[str, pl.DataFrame]) -> None:
    wh = Warehouse(warehouse)
    for table, sql in DUPLICATES.items():
        assert wh.query(sql).item() == 0, f"duplicate {table} rows"
    tables = _snapshot(warehouse)
    for name, expected in clean.items():
        assert tables[name].height == expected.height, name
        assert tables[name].equals(expected), f"{name} differ from the clean run"


def test_kill_9_mid_load_then_rerun_gives_clean_run_counts(tmp_path, clean_run) -> None:
    from flows.ingest import ingest

    source = _news(tmp_path / "in", 0, ARTICLES)
    warehouse = tmp_path / "w.duckdb"
    child = _spawn_run(tmp_path, "killed", warehouse, source)
    loaded = None
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and child.poll() is None:
            loaded = _count(warehouse, "SELECT count(*) FROM articles")
            if loaded and loaded >= 40:
                break
            time.sleep(0.1)
    finally:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    log = (tmp_path / "killed.log").read_text()
    assert child.returncode == -signal.SIGKILL, log
    assert loaded and loaded >= 40, log

    wh = Warehouse(warehouse)
    [(killed_run, status)] = wh.query("SELECT run_id, status FROM runs").rows()
    assert status == "running"
    partial = wh.query("SELECT count(*) FROM articles").item()
    assert 40 <= partial < ARTICLES
    assert list(tmp_path.glob(".timeline-staging-*")), "the killed run left no staging folder"

    result = ingest(sources=[str(source)], warehouse=str(warehouse), batch_size=100)
    assert result["status"] == "completed"
    assert result["counts"]["new"] == ARTICLES - partial
    assert result["counts"]["unchanged"] == partial
    _assert_same_as_clean_run(warehouse, clean_run)
    statuses = dict(wh.query("SELECT run_id, status FROM runs").rows())
    assert statuses == {killed_run: "abandoned", result["run_id"]: "completed"}
    assert not list(tmp_path.glob(".timeline-staging-*"))


def test_two_runs_at_once_and_sql_meanwhile_give_clean_run_rows(
    tmp_path, clean_run, caplog, capsys
) -> None:
    from cli.main import main

    warehouse = tmp_path / "w.duckdb"
    first = _news(tmp_path / "a", 0, ARTICLES * 7 // 12)
    second = _news(tmp_path / "b", ARTICLES * 5 // 12, ARTICLES)
    children = [
        _spawn_run(tmp_path, "first", warehouse, first),
        _spawn_run(tmp_path, "second", warehouse, second),
    ]
    seen: list[int] = []
    query = ["sql", "--warehouse", str(warehouse), "--lock-timeout", "20", "--format", "csv"]
    try:
        while any(child.poll() is None for child in children):
            if not warehouse.exists():
                time.sleep(0.1)
                continue
            began = time.monotonic()
            with caplog.at_level(logging.WARNING, logger="warehouse"):
                code = main([*query, "SELECT count(*) AS n FROM articles"])
            out, err = capsys.readouterr()
            assert code == 0, err
            assert time.monotonic() - began < 20
            seen.append(int(out.split()[1]))
            time.sleep(0.05)
    finally:
        for child in children:
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGKILL)
            child.wait(timeout=30)
    logs = [(tmp_path / f"{n}.log").read_text() for n in ("first", "second")]
    assert [child.returncode for child in children] == [0, 0], logs
    assert seen == sorted(seen) and seen, "a reader saw the article count go down"
    busy = [r.getMessage() for r in caplog.records if "warehouse busy" in r.getMessage()]
    assert busy and all("retrying for 20 s" in message for message in busy)
    with capsys.disabled():
        print(f"\n[faults] {len(seen)} sql answers during the two loads, {len(busy)} waited")

    _assert_same_as_clean_run(warehouse, clean_run)
    runs = Warehouse(warehouse).query("SELECT status, articles_new FROM runs").rows()
    assert sorted(status for status, _ in runs) == ["completed", "completed"]
    assert sum(new for _, new in runs) == ARTICLES


def test_timeline_run_on_a_version_1_warehouse_migrates_it_and_loads(tmp_path) -> None:
    from cli.main import main
    from tests.test_warehouse_schema import _version_1_file
    from warehouse import migrations

    warehouse = tmp_path / "old.duckdb"
    _version_1_file(warehouse)
    assert Warehouse(warehouse).schema_version() == 1
    source = _news(tmp_path / "in", 0, 30)
    assert main(["run", str(source), "--warehouse", str(warehouse)]) == 0
    wh = Warehouse(warehouse)
    assert wh.schema_version() == migrations.latest_version()
    assert wh.query("SELECT count(*) FROM articles").item() == 31
    assert wh.query("SELECT count(*) FROM timeline WHERE article_id = 'a1'").item() == 1
    runs = dict(wh.query("SELECT run_id, status FROM runs").rows())
    assert runs.pop("r1") == "completed" and list(runs.values()) == ["completed"]


def test_run_blocked_by_a_writer_past_its_lock_timeout_stops_with_a_clear_message(
    tmp_path, monkeypatch, capsys
) -> None:
    from cli.main import main
    from tests.test_warehouse_processes import HOLD_WRITE_CONNECTION, _spawn, _wait_for
    from warehouse.location import LOCK_TIMEOUT_ENV

    monkeypatch.setenv(LOCK_TIMEOUT_ENV, "30")
    warehouse = tmp_path / "w.duckdb"
    Warehouse(warehouse).migrate()
    source = _news(tmp_path / "in", 0, 10)
    holder = _spawn(tmp_path, HOLD_WRITE_CONNECTION, str(warehouse), "60")
    try:
        _wait_for(holder, "HOLDING")
        began = time.monotonic()
        code = main(["run", str(source), "--warehouse", str(warehouse), "--lock-timeout", "1"])
        waited = time.monotonic() - began
    finally:
        holder.kill()
        holder.wait(timeout=30)
    assert code == 1 and waited < 30
    err = capsys.readouterr().err
    assert "timeline run: warehouse busy: process" in err and "after 1 s" in err
    assert Warehouse(warehouse).query("SELECT count(*) FROM runs").item() == 0
    assert main(["run", str(source), "--warehouse", str(warehouse)]) == 0
    assert Warehouse(warehouse).query("SELECT count(*) FROM articles").item() == 10
