"""`timeline sql` as a hostile or careless analyst would use it (issue 10, items 1, 5 and 6):
it reads the warehouse and nothing else, writes nothing, streams large results, prints any
DuckDB type, shows every statement's result and stops on Ctrl-C or --timeout. Real DuckDB,
real files, real subprocesses."""

from __future__ import annotations

import http.server
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import polars as pl
import psutil
import pytest

from tests import warehouse_data as data
from tests.signals import sigint_default
from warehouse import Warehouse

ROOT = Path(__file__).resolve().parents[1]
LONG_QUERY = "SELECT sum(hash(a.range * b.range)) FROM range(1000000) a, range(1000000) b"


def timeline_sql(warehouse: Path, *args: str, env: dict | None = None):
    return subprocess.run(
        [sys.executable, "-m", "cli.main", "sql", "--warehouse", str(warehouse), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def _load(path: Path, ids: list[str]) -> Path:
    wh = Warehouse(path)
    run_id = wh.start_run(sources=["bbc"])
    wh.load_batch(run_id, data.articles(ids), data.timexes(ids), data.events(ids, 2))
    wh.finish_run(run_id, "completed", {"read": len(ids)})
    return path


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    return _load(tmp_path_factory.mktemp("sql") / "w.duckdb", ["a", "b"])


def _refused(result) -> str:
    """The one-line error of a failed command (asserting it is one line, without traceback)."""
    assert result.returncode != 0, result.stdout
    message = result.stderr.strip()
    assert "Traceback" not in message and len(message.splitlines()) == 1, message
    return message


def test_copy_to_a_file_is_refused_and_the_file_is_untouched(warehouse, tmp_path):
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    result = timeline_sql(warehouse, f"COPY (SELECT * FROM articles) TO '{target}'")
    assert "disabled by configuration" in _refused(result)
    assert target.read_text() == "keep me"


def test_export_database_writes_no_dump(warehouse, tmp_path):
    dump = tmp_path / "dump"
    _refused(timeline_sql(warehouse, f"EXPORT DATABASE '{dump}'"))
    assert not dump.exists()


def test_attaching_another_warehouse_cannot_empty_it(warehouse, tmp_path):
    other = _load(tmp_path / "other.duckdb", ["x", "y", "z"])
    sql = f"ATTACH '{other}' AS o (READ_WRITE); DELETE FROM o.articles"
    _refused(timeline_sql(warehouse, sql))
    assert Warehouse(other).query("SELECT count(*) FROM articles").item() == 3


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM read_text('/etc/passwd')",
        "SELECT * FROM read_blob('/proc/self/environ')",
        "SELECT * FROM read_csv('{secret}')",
        "SELECT * FROM '{secret}'",
        "SELECT * FROM glob('/etc/*')",
    ],
)
def test_local_files_cannot_be_read(warehouse, tmp_path, sql):
    secret = tmp_path / "secret.csv"
    secret.write_text("token\nhunter2\n")
    result = timeline_sql(warehouse, sql.format(secret=secret))
    _refused(result)
    assert "hunter2" not in result.stdout and "root:" not in result.stdout


@pytest.fixture
def http_server():
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            body = b"a,b\n1,2\n"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()
    server.server_close()


def test_urls_are_neither_fetched_nor_a_reason_to_install_extensions(
    warehouse, tmp_path, http_server
):
    url, requests = http_server
    home = tmp_path / "home"
    home.mkdir()
    for sql in (f"SELECT * FROM read_csv('{url}/data.csv')", "INSTALL httpfs", "LOAD httpfs"):
        _refused(timeline_sql(warehouse, sql, env={"HOME": str(home)}))
    assert requests == []
    assert not (home / ".duckdb").exists()


def test_sqlite_files_are_neither_read_nor_a_reason_to_install_extensions(warehouse, tmp_path):
    import sqlite3

    lite = tmp_path / "x.sqlite"
    with sqlite3.connect(lite) as con:
        con.execute("CREATE TABLE t (v TEXT)")
        con.execute("INSERT INTO t VALUES ('inside sqlite')")
    con.close()
    home = tmp_path / "home"
    home.mkdir()
    for sql in (f"ATTACH '{lite}' AS s (TYPE sqlite)", f"SELECT * FROM sqlite_scan('{lite}', 't')"):
        result = timeline_sql(warehouse, sql, env={"HOME": str(home)})
        _refused(result)
        assert "inside sqlite" not in result.stdout
    assert not (home / ".duckdb").exists()


@pytest.mark.parametrize(
    "sql",
    [
        "SET enable_external_access = true",
        "RESET enable_external_access",
        "SET lock_configuration = false",
        "SET autoinstall_known_extensions = true",
        "SET allowed_directories = ['/']",
    ],
)
def test_the_sandbox_cannot_be_switched_off_from_sql(warehouse, sql):
    assert "configuration has been locked" in _refused(timeline_sql(warehouse, sql))


def test_writes_to_the_warehouse_are_refused(warehouse):
    message = _refused(timeline_sql(warehouse, "DELETE FROM articles"))
    assert "read-only" in message
    assert Warehouse(warehouse).query("SELECT count(*) FROM articles").item() == 2


def test_warehouse_tables_and_views_still_answer(warehouse):
    sql = (
        "SELECT (SELECT count(*) FROM articles) AS articles, (SELECT count(*) FROM timexes) AS t,"
        " (SELECT count(*) FROM events) AS e, (SELECT count(*) FROM runs) AS runs,"
        " (SELECT count(*) FROM timeline) AS timeline, (SELECT count(*) FROM daily) AS daily"
    )
    result = timeline_sql(warehouse, "--format", "csv", sql)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "articles,t,e,runs,timeline,daily\n2,4,4,1,4,2\n"


def test_warehouse_query_api_is_sandboxed_too(warehouse, tmp_path):
    target = tmp_path / "api.txt"
    with pytest.raises(Exception, match="disabled by configuration"):
        Warehouse(warehouse).query(f"COPY (SELECT 1) TO '{target}'")
    assert not target.exists()


@pytest.mark.parametrize("name", ["w.duckdb", "w.duckdb.wal"])
def test_output_refuses_the_warehouse_and_its_wal_even_with_force(tmp_path, name):
    path = _load(tmp_path / "w.duckdb", ["a"])
    result = timeline_sql(
        path, "--format", "csv", "-o", str(tmp_path / name), "--force", "SELECT 1"
    )
    assert result.returncode == 2
    assert "is the warehouse itself" in _refused(result)
    assert Warehouse(path).query("SELECT count(*) FROM articles").item() == 1


def test_output_refuses_the_warehouse_through_a_symlink(tmp_path):
    path = _load(tmp_path / "w.duckdb", ["a"])
    link = tmp_path / "link.csv"
    link.symlink_to(path)
    result = timeline_sql(path, "--format", "csv", "-o", str(link), "--force", "SELECT 1")
    assert result.returncode == 2 and "warehouse itself" in _refused(result)
    assert Warehouse(path).query("SELECT count(*) FROM articles").item() == 1


def test_output_refuses_an_existing_file_unless_forced(warehouse, tmp_path):
    out = tmp_path / "result.csv"
    out.write_text("old\n")
    refused = timeline_sql(warehouse, "--format", "csv", "-o", str(out), "SELECT 1 AS n")
    assert refused.returncode == 2 and "--force" in _refused(refused)
    assert out.read_text() == "old\n"
    forced = timeline_sql(warehouse, "--format", "csv", "-o", str(out), "--force", "SELECT 1 AS n")
    assert forced.returncode == 0, forced.stderr
    assert out.read_text() == "n\n1\n"


def test_a_failing_query_leaves_the_old_output_file_whole(warehouse, tmp_path):
    out = tmp_path / "result.csv"
    out.write_text("old\n")
    sql = "SELECT CASE WHEN range < 100000 THEN range ELSE error('boom') END FROM range(200000)"
    result = timeline_sql(warehouse, "--format", "csv", "-o", str(out), "--force", sql)
    assert "boom" in _refused(result)
    assert out.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["result.csv"]


def test_allow_files_opens_that_folder_and_no_other(warehouse, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "extra.csv").write_text("k,v\n1,one\n")
    (tmp_path / "private.csv").write_text("k,v\n2,two\n")
    allowed = timeline_sql(
        warehouse, "--allow-files", str(shared), "--format", "csv",
        f"SELECT v FROM read_csv('{shared / 'extra.csv'}')",
    )  # fmt: skip
    assert allowed.returncode == 0, allowed.stderr
    assert allowed.stdout == "v\none\n"
    outside = f"SELECT v FROM read_csv('{shared}/../private.csv')"
    result = timeline_sql(warehouse, "--allow-files", str(shared), outside)
    assert "two" not in result.stdout and "disabled by configuration" in _refused(result)


def test_csv_of_three_million_rows_is_streamed_whole(warehouse, tmp_path):
    out = tmp_path / "big.csv"
    sql = "SELECT range AS n, 'row ' || range AS label FROM range(3000000)"
    result = timeline_sql(warehouse, "--format", "csv", "-o", str(out), sql)
    assert result.returncode == 0, result.stderr
    with out.open("rb") as lines:
        count = sum(1 for _ in lines)
    assert count == 3_000_001
    tail = out.read_bytes()[-40:].decode().splitlines()[-1]
    assert tail == "2999999,row 2999999"


def test_json_of_a_million_rows_is_one_object_per_line(warehouse, tmp_path):
    out = tmp_path / "big.jsonl"
    result = timeline_sql(
        warehouse, "--format", "json", "-o", str(out), "SELECT range AS n FROM range(1000000)"
    )
    assert result.returncode == 0, result.stderr
    lines = out.read_text().splitlines()
    assert len(lines) == 1_000_000 and lines[0] == '{"n":0}' and lines[-1] == '{"n":999999}'


def test_table_fetches_only_the_rows_it_shows(warehouse):
    result = timeline_sql(warehouse, "--max-rows", "3", "SELECT * FROM range(1000000000000000)")
    assert result.returncode == 0, result.stderr
    assert "│ 2 " in result.stdout and "│ 3 " not in result.stdout
    assert "first 3 rows; more not fetched" in result.stdout


def test_table_prints_every_kind_of_value_as_text(warehouse):
    sql = (
        "SELECT max(last_seen) - min(first_seen) AS span, age(TIMESTAMP '2024-01-01',"
        " TIMESTAMP '2020-01-01') AS aged, 'infinity'::DATE AS forever,"
        " 340282366920938463463374607431768211455::UHUGEINT AS huge,"
        " union_value(k := 1)::UNION(k INTEGER, s VARCHAR) AS u, map([1], ['one']) AS m,"
        " {'a': 1, 'b': 'x'} AS s, [1, 2, 3] AS l, NULL AS nothing FROM articles"
    )
    result = timeline_sql(warehouse, sql)
    assert result.returncode == 0, result.stderr
    for text in ("4 years", "infinity", "340282366920938463463374607431768211455", "{1=one}"):
        assert text in result.stdout
    assert "{'a': 1, 'b': x}" in result.stdout and "[1, 2, 3]" in result.stdout
    assert "(1 row)" in result.stdout


def test_csv_and_json_print_the_same_kinds_of_values(warehouse):
    sql = (
        "SELECT INTERVAL 90 MINUTE AS i, 'infinity'::DATE AS d, 1::UHUGEINT AS u,"
        " union_value(k := 1) AS un, map([1], [2]) AS m, [1, 2] AS l, 'a,\"b' AS t, NULL AS n"
    )
    csv = timeline_sql(warehouse, "--format", "csv", sql)
    assert csv.returncode == 0, csv.stderr
    assert (
        csv.stdout.splitlines()[1] == '01:30:00,infinity,1,"{""k"":1}","{""1"":2}","[1,2]","a,""b",'
    )
    json = timeline_sql(warehouse, "--format", "json", sql)
    assert json.returncode == 0, json.stderr
    assert json.stdout == (
        '{"i":"01:30:00","d":"infinity","u":1,"un":{"k":1},"m":{"1":2},"l":[1,2],'
        '"t":"a,\\"b","n":null}\n'
    )


def test_parquet_keeps_types_it_can_hold_and_spells_the_others(warehouse, tmp_path):
    out = tmp_path / "r.parquet"
    sql = "SELECT 1 AS n, INTERVAL 1 DAY AS i, union_value(k := 1) AS u, [1, 2] AS l"
    result = timeline_sql(warehouse, "--format", "parquet", "-o", str(out), sql)
    assert result.returncode == 0, result.stderr
    frame = pl.read_parquet(out)
    assert frame.row(0) == (1, "1 day", "1", [1, 2])


def test_several_statements_show_every_result(warehouse):
    sql = "SELECT count(*) AS n FROM articles; SELECT 'second;one' AS label; SELECT 42 AS answer"
    table = timeline_sql(warehouse, sql)
    assert table.returncode == 0, table.stderr
    assert table.stdout.count("(1 row)") == 3 and "second;one" in table.stdout
    csv = timeline_sql(warehouse, "--format", "csv", sql)
    assert csv.stdout == "n\n2\n\nlabel\nsecond;one\n\nanswer\n42\n"


def test_several_statements_stop_at_the_first_error_with_its_message(warehouse):
    result = timeline_sql(warehouse, "--format", "csv", "SELECT 1 AS a; SELECT nope; SELECT 3")
    assert result.stdout == "a\n1\n"
    assert _refused(result).startswith("error: Binder Error")


def test_output_takes_a_single_statement(warehouse, tmp_path):
    out = tmp_path / "two.csv"
    result = timeline_sql(warehouse, "--format", "csv", "-o", str(out), "SELECT 1; SELECT 2")
    assert result.returncode == 2 and "one statement" in _refused(result)
    assert not out.exists()


def test_timeout_stops_a_long_query_with_one_line(warehouse):
    result = timeline_sql(warehouse, "--timeout", "1", LONG_QUERY)
    assert result.returncode == 1
    assert "--timeout 1 s" in _refused(result)


def _wait_until_querying(process: subprocess.Popen, warehouse: Path) -> None:
    """Block until the child holds the warehouse open (its query starts right after)."""
    child = psutil.Process(process.pid)
    for _ in range(600):
        if process.poll() is not None:
            return
        if any(Path(f.path) == warehouse for f in child.open_files()):
            time.sleep(0.5)
            return
        time.sleep(0.05)


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_ctrl_c_cancels_a_running_query_and_exits_130(warehouse, fmt):
    process = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "sql", "--warehouse", str(warehouse)]
        + ["--format", fmt, LONG_QUERY],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=sigint_default,
    )
    try:
        _wait_until_querying(process, warehouse.resolve())
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130, err
    assert err.strip() == "interrupted: query cancelled"


def test_a_reader_that_stops_early_ends_the_output_quietly(warehouse):
    process = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "sql", "--warehouse", str(warehouse)]
        + ["--format", "csv", "SELECT * FROM range(50000000)"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout.readline() == b"range\n"
    process.stdout.close()
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0, err
    assert err == ""
