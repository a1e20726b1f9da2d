"""The `timeline` command's basics: --version, help with examples, one-line errors for bad
warehouse files and options, and the read-only `runs`, `rejects` and `check` commands."""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import polars as pl
import pytest

from cli.main import SUBCOMMANDS, main, subcommand_parser
from tests import warehouse_data as data
from warehouse import Warehouse, migrations

ROOT = Path(__file__).resolve().parents[1]
LONG_REASON = "unparseable date " + "x" * 300 + " (expected YYYY-MM-DD)"


def timeline(*args: str, env: dict | None = None):
    """Run `timeline ARGS…` in a fresh interpreter and return the finished process."""
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def assert_one_line_error(stderr: str, *fragments: str) -> None:
    """stderr is a single line naming the problem, with no traceback."""
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    for fragment in fragments:
        assert fragment in stderr


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> tuple[Path, str, str]:
    """A warehouse with two finished runs; the second refused three records for two reasons."""
    path = tmp_path_factory.mktemp("basics") / "w.duckdb"
    wh = Warehouse(path)
    first = wh.start_run(sources=["bbc"])
    wh.load_batch(first, data.articles(["a", "b"]), data.timexes(["a", "b"]))
    wh.finish_run(first, "completed", {"read": 2, "new": 2})
    second = wh.start_run(sources=["feed"])
    rejects = pl.DataFrame(
        {
            "source": ["feed", "feed", "feed"],
            "location": ["feed.jsonl:3", "feed.jsonl:7", "feed.jsonl:9"],
            "reason": [LONG_REASON, LONG_REASON, "missing text"],
            "payload": ["{}", "{}", "{}"],
        }
    )
    wh.load_batch(second, data.articles([]), rejects=rejects)
    wh.finish_run(second, "failed", {"read": 3, "rejected": 3})
    return path, first, second


def test_version_names_timeline_and_its_libraries_without_importing_prefect() -> None:
    code = (
        "import sys; from cli.main import main; code = main(['--version']); "
        "print('prefect imported' if 'prefect' in sys.modules else 'prefect not imported')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    pattern = r"^timeline \S+ \(duckdb \S+, prefect \S+, polars \S+, python \d+\.\d+\.\d+\)$"
    assert re.match(pattern, result.stdout.splitlines()[0]), result.stdout
    assert "prefect not imported" in result.stdout


def test_top_level_help_describes_the_tool_for_users_with_examples(capsys) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "news articles" in out and "examples:" in out and "timeline check" in out
    assert "dispatches" not in out and "lazily" not in out


def test_no_arguments_prints_help_and_an_unknown_command_is_a_usage_error(capsys) -> None:
    assert main([]) == 0
    assert "examples:" in capsys.readouterr().out
    assert main(["frobnicate"]) == 2
    assert "invalid choice: 'frobnicate'" in capsys.readouterr().err


@pytest.mark.parametrize("name", sorted(SUBCOMMANDS))
def test_every_subcommand_help_shows_examples(name: str) -> None:
    import importlib

    parser = subcommand_parser(name, importlib.import_module(SUBCOMMANDS[name][0]))
    text = parser.format_help()
    assert "examples:" in text and f"timeline {name}" in text.split("examples:")[1]


@pytest.mark.parametrize("name", sorted(SUBCOMMANDS))
def test_every_option_of_every_subcommand_has_help_text(name: str) -> None:
    import importlib

    parser = subcommand_parser(name, importlib.import_module(SUBCOMMANDS[name][0]))
    undocumented = [
        action.dest
        for action in parser._actions
        if not isinstance(action, argparse._HelpAction) and not action.help
    ]
    assert undocumented == []


def _random_bytes(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 8)


def _sqlite(path: Path) -> None:
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE t (x)")


def _foreign_duckdb(path: Path) -> None:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE articles (x INTEGER)")
    con.close()


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (_random_bytes, "is not a DuckDB database file"),
        (lambda p: p.write_bytes(b""), "is an empty file"),
        (_sqlite, "is a SQLite database, not a DuckDB warehouse"),
        (lambda p: p.mkdir(), "is a directory, not a warehouse file"),
        (_foreign_duckdb, "is this file a timeline warehouse?"),
    ],
    ids=["random-bytes", "empty", "sqlite", "directory", "other-duckdb"],
)
def test_run_on_a_file_that_is_no_warehouse_fails_in_one_line(
    tmp_path, capsys, make, fragment
) -> None:
    path = tmp_path / "w.duckdb"
    make(path)
    source = tmp_path / "a.jsonl"
    source.write_text("")
    assert main(["run", str(source), "--warehouse", str(path)]) == 2
    assert_one_line_error(capsys.readouterr().err, "timeline run:", str(path), fragment)


def test_run_refuses_to_create_a_missing_warehouse_directory(tmp_path, capsys) -> None:
    missing = tmp_path / "no" / "such"
    source = tmp_path / "a.jsonl"
    source.write_text("")
    assert main(["run", str(source), "--warehouse", str(missing / "w.duckdb")]) == 2
    assert_one_line_error(
        capsys.readouterr().err, f"directory {missing} does not exist (create it first)"
    )
    assert not missing.parent.exists()


def _run_as_nobody(argv: list[str], queue) -> None:
    """Child process body: drop root (a mode of 0444 does not stop root) and run `timeline`."""
    import contextlib
    import io

    if os.geteuid() == 0:
        os.setgid(65534)
        os.setuid(65534)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(argv)
    queue.put((code, err.getvalue()))


def test_run_into_a_read_only_warehouse_fails_in_one_line() -> None:
    import multiprocessing

    import flows.ingest  # noqa: F401 (imported before dropping root: its files are root's)

    with tempfile.TemporaryDirectory() as folder:
        os.chmod(folder, 0o755)
        path = Path(folder) / "w.duckdb"
        Warehouse(path).migrate()
        os.chmod(path, 0o444)
        source = Path(folder) / "a.jsonl"
        source.write_text("")
        context = multiprocessing.get_context("fork")
        queue = context.Queue()
        child = context.Process(
            target=_run_as_nobody, args=(["run", str(source), "--warehouse", str(path)], queue)
        )
        child.start()
        code, stderr = queue.get(timeout=120)
        child.join(timeout=60)
    assert code == 2, stderr
    assert_one_line_error(stderr, f"cannot open {path} for writing")


def test_run_with_zero_workers_fails_in_one_line(tmp_path, capsys) -> None:
    assert main(["run", "a.jsonl", "--workers", "0", "--warehouse", str(tmp_path / "w")]) == 2
    assert_one_line_error(capsys.readouterr().err, "--workers must be at least 1")


def test_run_with_an_empty_source_argument_fails_in_one_line(tmp_path, capsys) -> None:
    assert main(["run", "a.jsonl", "", "--warehouse", str(tmp_path / "w")]) == 2
    assert_one_line_error(capsys.readouterr().err, "a SOURCE is empty")


def test_an_output_path_in_a_missing_folder_fails_in_one_line(tmp_path, capsys) -> None:
    source = tmp_path / "docs.jsonl"
    source.write_text("")
    target = tmp_path / "no" / "out.jsonl"
    assert main(["timexes", str(source), "--output", str(target)]) == 2
    assert_one_line_error(
        capsys.readouterr().err, "timeline timexes:", "No such file or directory", str(target)
    )


def test_reading_commands_report_a_bad_warehouse_in_one_line(tmp_path, capsys) -> None:
    path = tmp_path / "w.duckdb"
    _random_bytes(path)
    for command in ("runs", "rejects"):
        assert main([command, "--warehouse", str(path)]) == 2
        assert_one_line_error(capsys.readouterr().err, "is not a DuckDB database file")
    assert main(["runs", "--warehouse", str(tmp_path / "none.duckdb")]) == 2
    assert_one_line_error(capsys.readouterr().err, "no warehouse at")


def test_runs_lists_the_newest_run_first_with_status_and_counts(warehouse, capsys) -> None:
    path, first, second = warehouse
    assert main(["runs", "--warehouse", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        "run", "started", "status", "seconds", "read", "rejected", "new", "changed", "events",
    ]  # fmt: skip
    assert lines[2].startswith(second) and " failed " in lines[2]
    assert lines[3].startswith(first) and " completed " in lines[3]
    assert lines[3].split()[5:9] == ["2", "0", "2", "0"]


def test_runs_limit_keeps_only_the_most_recent(warehouse, capsys) -> None:
    path, _, second = warehouse
    assert main(["runs", "--limit", "1", "--warehouse", str(path)]) == 0
    rows = capsys.readouterr().out.splitlines()[2:]
    assert len(rows) == 1 and rows[0].startswith(second)


def test_rejects_groups_reasons_with_counts_and_prints_them_whole(warehouse, capsys) -> None:
    path, _, _ = warehouse
    assert main(["rejects", "--warehouse", str(path)]) == 0
    rows = capsys.readouterr().out.splitlines()[2:]
    assert len(rows) == 2
    assert rows[0].split()[:3] == ["2", "read", "feed"] and rows[0].endswith(LONG_REASON)
    assert rows[1].split()[0] == "1" and rows[1].endswith("missing text")


def test_rejects_of_one_run_and_of_an_unknown_run(warehouse, capsys) -> None:
    path, first, second = warehouse
    assert main(["rejects", "--run", first, "--warehouse", str(path)]) == 0
    assert capsys.readouterr().out.strip() == f"no rejects in run {first}"
    assert main(["rejects", "--run", second, "--limit", "1", "--warehouse", str(path)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3
    assert main(["rejects", "--run", "nope", "--warehouse", str(path)]) == 2
    assert_one_line_error(capsys.readouterr().err, "no run nope in")


class _Health(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        self.send_response(200 if self.path == "/api/health" else 404)
        self.end_headers()
        self.wfile.write(b"true")

    def log_message(self, *args) -> None:
        pass


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_check_passes_with_a_good_warehouse_and_a_reachable_api(warehouse) -> None:
    path, _, _ = warehouse
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Health)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/api"
        result = timeline("check", "--warehouse", str(path), env={"PREFECT_API_URL": url})
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    assert all(line.startswith("OK") for line in lines[:-1]) and lines[-1] == "all checks passed"
    for name in ("python", "timeline", "duckdb", "prefect", "polars"):
        assert any(line.split()[1] == name for line in lines)
    current = f"schema v{migrations.latest_version()} (current)"
    assert any(current in line for line in lines)
    assert any("articles 2" in line and "rejects 3" in line for line in lines)
    assert any(f"prefect api: {url} reachable" in line for line in lines)


def test_check_fails_on_an_unreachable_api_and_a_missing_directory(tmp_path) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/api"
    target = tmp_path / "missing" / "w.duckdb"
    result = timeline("check", "--warehouse", str(target), env={"PREFECT_API_URL": url})
    assert result.returncode == 1
    failures = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    assert len(failures) == 2
    assert "does not exist (create it first)" in failures[0]
    assert f"{url} not reachable" in failures[1]


def test_check_says_ephemeral_when_no_server_is_configured(tmp_path) -> None:
    result = timeline(
        "check", "--warehouse", str(tmp_path / "w.duckdb"), env={"PREFECT_API_URL": ""}
    )
    assert result.returncode == 0, result.stdout
    assert "prefect api: ephemeral (no server configured" in result.stdout
    assert "not created yet" in result.stdout


@pytest.fixture
def restored_logging(monkeypatch):
    """Undo what `configure_logging` changes: Prefect's env settings and the root logger."""
    import logging

    monkeypatch.setenv("PREFECT_LOGGING_LEVEL", "INFO")
    monkeypatch.setenv("PREFECT_LOGGING_HANDLERS_CONSOLE_FORMATTER", "standard")
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    yield
    root.setLevel(level)
    root.handlers[:] = handlers


@pytest.mark.parametrize(
    ("argv", "level"),
    [
        (["--log-level", "warning", "runs"], "WARNING"),
        (["runs", "--log-level", "DEBUG"], None),
        (["-q", "runs"], "ERROR"),
        (["--log-level", "DEBUG", "-q", "runs"], "ERROR"),
    ],
    ids=["global-level", "runs-takes-no-level", "global-quiet", "quiet-wins"],
)
def test_log_options_set_python_and_prefect_levels_before_the_command_runs(
    restored_logging, warehouse, capsys, argv, level
) -> None:
    import logging

    code = main([*argv, "--warehouse", str(warehouse[0])])
    if level is None:
        assert code == 2 and "unrecognized arguments: --log-level" in capsys.readouterr().err
        return
    assert code == 0
    assert os.environ["PREFECT_LOGGING_LEVEL"] == level
    assert logging.getLogger().level == getattr(logging, level)


def test_run_accepts_the_log_options_after_the_command_too() -> None:
    parser = subcommand_parser("run", __import__("cli.run", fromlist=["run"]))
    args = parser.parse_args(["a.jsonl", "-q", "--log-level", "debug", "--log-format", "json"])
    assert (args.quiet, args.log_level, args.log_format) == (True, "DEBUG", "json")


def test_json_log_lines_are_one_object_each_with_level_logger_and_message() -> None:
    import logging

    from cli.common import JsonLogFormatter

    record = logging.LogRecord("warehouse", logging.WARNING, __file__, 1, "busy %s", ("x",), None)
    line = JsonLogFormatter().format(record)
    assert "\n" not in line
    assert {k: v for k, v in json.loads(line).items() if k != "time"} == {
        "level": "WARNING",
        "logger": "warehouse",
        "message": "busy x",
    }


def test_a_temporary_api_that_does_not_start_in_time_is_one_line_and_exit_1(tmp_path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_API")}
    env |= {
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "1",
    }
    source = tmp_path / "news.jsonl"
    source.write_text(
        json.dumps({"id": "a", "published": "2024-11-29", "text": "Talks ended on Friday."}) + "\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "cli.main", "run", str(source), "--warehouse", str(tmp_path / "w")],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert (
        done.stderr.strip()
        .splitlines()[-1]
        .startswith("timeline run: the temporary Prefect API did not answer within 1 s")
    )


def test_an_invalid_prefect_setting_is_one_line_naming_it(tmp_path) -> None:
    done = timeline(
        "run", str(tmp_path / "none.jsonl"), "--warehouse", str(tmp_path / "w"),
        env={"PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "soon"},
    )  # fmt: skip
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("timeline run: invalid Prefect setting")
    assert "startup_timeout_seconds" in last and "'soon'" in last
