"""`timeline sql` and `timeline export` end to end, through real subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from tests import warehouse_data as data
from warehouse import Warehouse

ROOT = Path(__file__).resolve().parents[1]


def timeline(*args: str, stdin: str | None = None, env: dict | None = None):
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "w.duckdb"
    wh = Warehouse(path)
    run_id = wh.start_run(sources=["bbc"])
    timexes = data.timexes(["a", "b"]).with_columns(
        earliest=pl.when(pl.col("timex_index") == 1).then(None).otherwise("earliest")
    )
    wh.load_batch(run_id, data.articles(["a", "b"]), timexes, data.events(["a", "b"], 2))
    wh.finish_run(run_id, "completed", {"read": 2})
    return path


def test_sql_prints_a_table_with_the_row_count(warehouse):
    query = "SELECT article_id, event, earliest FROM timeline"
    result = timeline("sql", "--warehouse", str(warehouse), query)
    assert result.returncode == 0, result.stderr
    assert "attack v0" in result.stdout and "(4 rows)" in result.stdout


def test_sql_json_is_one_object_per_row_with_iso_dates(warehouse):
    result = timeline(
        "sql", "--warehouse", str(warehouse), "--format", "json", "SELECT * FROM daily"
    )
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows == [
        {"day": "2024-11-15", "source": "bbc", "events": 2, "articles": 2},
        {"day": "2024-11-22", "source": "bbc", "events": 2, "articles": 2},
    ]


def test_sql_reads_the_warehouse_from_the_environment_and_sql_from_stdin(warehouse):
    result = timeline(
        "sql",
        "--format",
        "csv",
        stdin="SELECT id FROM articles ORDER BY id;\n",
        env={"TIMELINE_WAREHOUSE": str(warehouse)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "id\na\nb\n"


def test_sql_writes_parquet_to_a_file_and_refuses_parquet_on_stdout(warehouse, tmp_path):
    out = tmp_path / "t.parquet"
    args = ["sql", "--warehouse", str(warehouse), "--format", "parquet"]
    ok = timeline(*args, "--output", str(out), "SELECT * FROM timeline")
    assert ok.returncode == 0, ok.stderr
    assert pl.read_parquet(out).height == 4
    refused = timeline(*args, "SELECT 1")
    assert refused.returncode == 2 and "needs --output" in refused.stderr


def test_sql_refuses_writes_with_a_clear_message(warehouse):
    result = timeline("sql", "--warehouse", str(warehouse), "DELETE FROM articles")
    assert result.returncode == 1
    assert "read-only" in result.stderr and "Traceback" not in result.stderr
    assert Warehouse(warehouse).query("SELECT count(*) FROM articles").item() == 2


def test_sql_shows_duckdb_errors_without_a_traceback(warehouse):
    result = timeline("sql", "--warehouse", str(warehouse), "SELECT nope FROM articles")
    assert result.returncode == 1
    assert result.stderr.startswith("error: Binder Error")
    assert "Traceback" not in result.stderr


def test_sql_on_a_missing_warehouse_says_so(tmp_path):
    result = timeline("sql", "--warehouse", str(tmp_path / "none.duckdb"), "SELECT 1")
    assert result.returncode == 1
    assert "no warehouse at" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "none.duckdb").exists()


def test_sql_prompt_runs_statements_ending_in_semicolon(warehouse):
    pty = pytest.importorskip("pty")
    import select

    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(ROOT)
        os.execv(
            sys.executable,
            [
                sys.executable,
                "-m",
                "cli.main",
                "sql",
                "--warehouse",
                str(warehouse),
                "--format",
                "csv",
            ],
        )
    os.write(fd, b"SELECT count(*)\nAS n FROM articles;\n.quit\n")
    output = b""
    while True:
        ready, _, _ = select.select([fd], [], [], 20)
        if not ready:
            break
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    _, status = os.waitpid(pid, 0)
    text = output.decode()
    assert os.waitstatus_to_exitcode(status) == 0, text
    assert "read-only" in text and "n\r\n2\r\n" in text


def test_export_writes_readable_parquet_partitioned_by_publication_year(warehouse, tmp_path):
    target = tmp_path / "export"
    result = timeline("export", "--warehouse", str(warehouse), "--to", str(target))
    assert result.returncode == 0, result.stderr
    for table in ("articles", "timexes", "events", "rejects", "runs", "source_state", "timeline"):
        assert table in result.stdout
    assert pl.read_parquet(target / "articles.parquet").height == 2
    assert pl.read_parquet(target / "runs.parquet").item(0, "status") == "completed"

    events = pl.read_parquet(target / "events", hive_partitioning=True)
    assert events.height == 4
    assert events["published_year"].unique().to_list() == [2024]
    assert [p.name for p in (target / "events").iterdir()] == ["published_year=2024"]

    timexes = pl.read_parquet(target / "timexes", hive_partitioning=True)
    assert timexes.height == 4
    assert timexes.filter(pl.col("earliest").is_null()).height == 2


def test_exported_timeline_has_the_views_columns_rows_and_order(warehouse, tmp_path):
    target = tmp_path / "export"
    assert timeline("export", "--warehouse", str(warehouse), "--to", str(target)).returncode == 0
    view = Warehouse(warehouse).query("SELECT * FROM timeline")
    files = sorted((target / "timeline").rglob("*.parquet"))
    exported = pl.concat([pl.read_parquet(f) for f in files])
    assert exported.columns == view.columns
    assert "event" in exported.columns and "what" not in exported.columns
    assert exported.equals(view)
    with_year = pl.read_parquet(target / "timeline", hive_partitioning=True)
    assert with_year.columns == [*view.columns, "published_year"]


def test_export_partitions_follow_publication_years_not_mentioned_years(tmp_path):
    path = tmp_path / "years.duckdb"
    wh = Warehouse(path)
    ids = [f"a{n}" for n in range(60)]
    articles = data.articles(ids).with_columns(
        published=pl.Series([date(2005 + n % 2, 6, 1) for n in range(60)])
    )
    mentioned = pl.Series([date(1900 + 2 * n, 1, 1) for n in range(60)])
    timexes = data.timexes(ids, per_article=1).with_columns(earliest=mentioned)
    events = data.events(ids, per_article=1).with_columns(earliest=mentioned)
    run_id = wh.start_run(sources=["years"])
    wh.load_batch(run_id, articles, timexes, events)
    wh.finish_run(run_id, "completed", {})
    target = tmp_path / "export"
    result = timeline("export", "--warehouse", str(path), "--to", str(target))
    assert result.returncode == 0, result.stderr
    for name in ("events", "timexes", "timeline"):
        folders = sorted(p.name for p in (target / name).iterdir())
        assert folders == ["published_year=2005", "published_year=2006"]
        assert len(list((target / name).rglob("*.parquet"))) == 2
        frame = pl.read_parquet(target / name, hive_partitioning=True)
        assert frame.height == 60
        assert frame["earliest"].n_unique() == 60
