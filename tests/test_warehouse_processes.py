"""Real second processes: a load killed mid-transaction, and a writer holding the file lock."""

from __future__ import annotations

import logging
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests import warehouse_data as data
from warehouse import Warehouse, WarehouseBusyError

ROOT = Path(__file__).resolve().parents[1]

BATCH_1 = [f"a{i}" for i in range(500)]
BATCH_2 = [f"a{i}" for i in range(250, 2500)]  # changes half of batch 1, adds 2000 new
PER_ARTICLE = 60  # batch 2 has 135,000 timexes: more than a DuckDB row group, written early


def _spawn(tmp_path: Path, code: str, *args: str) -> subprocess.Popen:
    script = tmp_path / "child.py"
    script.write_text(textwrap.dedent(code))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, str(script), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(child: subprocess.Popen, marker: str) -> None:
    line = child.stdout.readline()
    assert line.strip() == marker, f"child said {line!r}; stderr: {child.stderr.read()}"


def _load(wh: Warehouse, ids: list[str], version: int) -> None:
    wh.load_batch(
        wh.start_run(),
        data.articles(ids, version),
        data.timexes(ids, per_article=PER_ARTICLE, version=version),
        data.events(ids, version=version),
    )


LOAD_THEN_PAUSE_IN_SECOND_BATCH = """
    import sys, time
    from tests import warehouse_data as data
    from tests.test_warehouse_processes import BATCH_1, BATCH_2, _load
    from warehouse import Warehouse, loader

    wh = Warehouse(sys.argv[1])
    _load(wh, BATCH_1, version=0)

    def pause(con):
        print("IN_TRANSACTION", flush=True)
        time.sleep(120)

    loader.before_commit = pause
    _load(wh, BATCH_2, version=1)
"""


def test_load_killed_mid_transaction_leaves_the_previous_batch_intact(tmp_path):
    path = tmp_path / "w.duckdb"
    child = _spawn(tmp_path, LOAD_THEN_PAUSE_IN_SECOND_BATCH, str(path))
    try:
        _wait_for(child, "IN_TRANSACTION")
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    wh = Warehouse(path)
    assert data.counts(wh) == {
        "articles": 500,
        "timexes": 500 * PER_ARTICLE,
        "events": 500,
        "rejects": 0,
    }
    assert wh.query("SELECT count(*) FROM timexes WHERE text <> 'last week v0'").item() == 0

    _load(wh, BATCH_2, version=1)
    assert data.counts(wh) == {
        "articles": 2500,
        "timexes": 2500 * PER_ARTICLE,
        "events": 2500,
        "rejects": 0,
    }
    changed = wh.query("SELECT count(*) FROM articles WHERE text LIKE '%version 1%'").item()
    assert changed == 2250
    assert (
        wh.query("SELECT count(*) FROM timexes WHERE text = 'last week v0'").item()
        == 250 * PER_ARTICLE
    )


LOAD_BATCHES_IN_A_LOOP = """
    import sys
    from tests.test_warehouse_processes import _load
    from warehouse import Warehouse

    wh = Warehouse(sys.argv[1])
    for k in range(1000):
        _load(wh, [f"b{k}-{i}" for i in range(100)], version=0)
        print(f"committed {k}", flush=True)
"""


def test_load_killed_at_a_random_point_loses_at_most_the_batch_in_flight(tmp_path):
    path = tmp_path / "w.duckdb"
    child = _spawn(tmp_path, LOAD_BATCHES_IN_A_LOOP, str(path))
    _wait_for(child, "committed 0")
    time.sleep(random.uniform(0.2, 1.5))
    child.send_signal(signal.SIGKILL)
    out, _ = child.communicate(timeout=30)
    committed = 1 + out.count("committed")

    wh = Warehouse(path)
    articles = wh.query("SELECT count(*) FROM articles").item()
    assert articles in (committed * 100, (committed + 1) * 100)
    batches = articles // 100
    assert data.counts(wh) == {
        "articles": batches * 100,
        "timexes": batches * 100 * PER_ARTICLE,
        "events": batches * 100,
        "rejects": 0,
    }
    incomplete = wh.query(
        "SELECT count(*) FROM articles a WHERE (SELECT count(*) FROM timexes t"
        f" WHERE t.article_id = a.id) <> {PER_ARTICLE}"
    ).item()
    assert incomplete == 0


HOLD_WRITE_CONNECTION = """
    import sys, time
    from pathlib import Path
    from warehouse.connection import connect

    with connect(Path(sys.argv[1]), read_only=False, lock_timeout=10) as con:
        print("HOLDING", flush=True)
        time.sleep(float(sys.argv[2]))
"""


@pytest.fixture
def loaded(tmp_path) -> Warehouse:
    wh = Warehouse(tmp_path / "w.duckdb")
    _load(wh, ["a", "b"], version=0)
    return wh


def test_reader_waits_while_a_load_holds_the_file_then_succeeds(tmp_path, loaded, caplog):
    holder = _spawn(tmp_path, HOLD_WRITE_CONNECTION, str(loaded.path), "2")
    _wait_for(holder, "HOLDING")
    began = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="warehouse"):
        n = Warehouse(loaded.path, lock_timeout=30).query("SELECT count(*) FROM articles").item()
    assert n == 2
    assert time.monotonic() - began > 0.5
    assert "warehouse busy: the warehouse is open by process" in caplog.text
    assert "retrying for 30 s" in caplog.text
    assert holder.wait(timeout=30) == 0


def test_writer_waits_for_another_writer_too(tmp_path, loaded):
    holder = _spawn(tmp_path, HOLD_WRITE_CONNECTION, str(loaded.path), "1")
    _wait_for(holder, "HOLDING")
    _load(Warehouse(loaded.path, lock_timeout=30), ["c"], version=0)
    assert holder.wait(timeout=30) == 0
    assert loaded.query("SELECT count(*) FROM articles").item() == 3


def test_reader_gives_up_with_a_clear_error_after_the_bound(tmp_path, loaded):
    holder = _spawn(tmp_path, HOLD_WRITE_CONNECTION, str(loaded.path), "60")
    try:
        _wait_for(holder, "HOLDING")
        began = time.monotonic()
        busy = r"warehouse busy: process \d+ (\(.*\) )?still holds"
        with pytest.raises(WarehouseBusyError, match=busy):
            Warehouse(loaded.path, lock_timeout=1).query("SELECT 1")
        assert 1 <= time.monotonic() - began < 10
    finally:
        holder.kill()
        holder.wait(timeout=30)


def test_cli_prints_the_busy_message_and_answers_once_the_load_ends(tmp_path, loaded):
    holder = _spawn(tmp_path, HOLD_WRITE_CONNECTION, str(loaded.path), "2")
    _wait_for(holder, "HOLDING")
    result = subprocess.run(
        [sys.executable, "-m", "cli.main", "sql", "--warehouse", str(loaded.path)]
        + ["--format", "csv", "SELECT count(*) AS n FROM articles"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "n\n2\n"
    assert "warehouse busy: the warehouse is open by process" in result.stderr
    assert holder.wait(timeout=30) == 0


def test_a_new_warehouse_another_process_is_still_creating_is_waited_for(tmp_path):
    """DuckDB makes a new file before writing its header; a run that opens it in between (two
    runs started together on a new warehouse) waits for the header instead of failing."""
    import threading

    import duckdb

    from warehouse.connection import connect

    path = tmp_path / "w.duckdb"
    path.write_bytes(b"")

    def finish_creating() -> None:
        time.sleep(0.3)
        made = tmp_path / "made.duckdb"
        duckdb.connect(str(made)).close()
        os.replace(made, path)

    creator = threading.Thread(target=finish_creating)
    creator.start()
    with connect(path, read_only=False, lock_timeout=10) as con:
        assert con.execute("SELECT 42").fetchone() == (42,)
    creator.join()


def test_an_empty_file_nobody_is_creating_is_refused_as_such(tmp_path):
    from warehouse import WarehouseFileError
    from warehouse.connection import BEING_CREATED_SECONDS, connect

    path = tmp_path / "w.duckdb"
    path.write_bytes(b"")
    old = time.time() - 10 * BEING_CREATED_SECONDS
    os.utime(path, (old, old))
    with pytest.raises(WarehouseFileError, match="is an empty file"):
        with connect(path, read_only=False, lock_timeout=10):
            pass
