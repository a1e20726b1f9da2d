"""Small helpers shared by the subcommands: dates, JSON lines, readable tables, versions, logs."""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from typing import IO, Any


class InputError(ValueError):
    """A bad input record; the message names what is wrong."""


def parse_date(value: Any, what: str = "date") -> date:
    """A date from 'YYYY-MM-DD' or an ISO timestamp (its own calendar date is kept)."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"missing {what}")
    text = value.strip()
    try:
        return date.fromisoformat(text[:10]) if len(text) >= 10 else date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        raise InputError(f"unparseable {what} {value!r} (expected YYYY-MM-DD)") from None


def read_json_lines(stream: IO[bytes], name: str) -> Iterator[tuple[int, dict | None, str | None]]:
    """Yield `(line number, object, None)` or `(line number, None, error message)` per line.

    Lines are decoded one by one, so one line that is not UTF-8 loses only itself.
    """
    for number, raw in enumerate(stream, 1):
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield number, None, f"{name}:{number}: not UTF-8 ({exc.reason} at byte {exc.start})"
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, None, f"{name}:{number}: malformed JSON ({exc.msg} at column {exc.colno})"
            continue
        if not isinstance(obj, dict):
            yield number, None, f"{name}:{number}: expected a JSON object, got {type(obj).__name__}"
            continue
        yield number, obj, None


def json_default(value: Any) -> Any:
    """JSON encoding for dates."""
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def print_table(headers: list[str], rows: Iterable[list[Any]], out: IO[str] | None = None) -> None:
    """Print rows as an aligned plain-text table (on stdout as it is at call time)."""
    out = sys.stdout if out is None else out
    cells = [["" if v is None else str(v) for v in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    out.write("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in cells:
        out.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n")


def one_line(error: BaseException) -> str:
    """The first line of an error's message (DuckDB adds context lines a summary can drop)."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
PACKAGES = {
    "timeline": "event-timeline",
    "duckdb": "duckdb",
    "prefect": "prefect",
    "polars": "polars",
}


def package_version(distribution: str) -> str:
    """The installed version of `distribution`, read from its metadata (no import, so fast)."""
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def versions() -> dict[str, str]:
    """Versions of timeline, DuckDB, Prefect, Polars and Python."""
    found = {name: package_version(dist) for name, dist in PACKAGES.items()}
    return {**found, "python": platform.python_version()}


def version_line() -> str:
    """`timeline X.Y.Z (duckdb A, prefect B, polars C, python D)` for `timeline --version`."""
    found = versions()
    rest = ", ".join(f"{name} {found[name]}" for name in ("duckdb", "prefect", "polars", "python"))
    return f"timeline {found['timeline']} ({rest})"


class JsonLogFormatter(logging.Formatter):
    """One JSON object per log record: time, level, logger, message (and the exception)."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for extra in ("flow_run_name", "task_run_name"):
            if getattr(record, extra, None):
                line[extra] = getattr(record, extra)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def add_logging_arguments(parser: argparse.ArgumentParser) -> None:
    """`--quiet/-q`, `--log-level` and `--log-format`: accepted before the command (global) and
    after it by the commands that log (`run`)."""
    parser.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        default=None,
        help="print only errors and the final summary (no progress, no INFO logs)",
    )
    parser.add_argument(
        "--log-level",
        type=str.upper,
        choices=LOG_LEVELS,
        default=None,
        help="lowest level of log lines shown on stderr (default INFO)",
    )
    parser.add_argument(
        "--log-format",
        choices=("text", "json"),
        default=None,
        help="text (default) or json: one JSON object per log line on stderr",
    )


def configure_logging(level: str | None, quiet: bool, log_format: str | None) -> None:
    """Set the log level (ERROR when quiet) and format for Python logging and for Prefect.

    Prefect reads its `PREFECT_LOGGING_*` settings when it first sets up logging, so this runs
    before any subcommand imports it. With `json` a root handler writes `JsonLogFormatter`
    lines; Prefect keeps a root handler it finds and its loggers propagate to it (its own
    console handler, left to the API server's loggers, gets Prefect's JSON formatter)."""
    chosen = "ERROR" if quiet else level
    if chosen:
        os.environ["PREFECT_LOGGING_LEVEL"] = chosen
        logging.getLogger().setLevel(chosen)
    if log_format == "json":
        os.environ["PREFECT_LOGGING_HANDLERS_CONSOLE_FORMATTER"] = "json"
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonLogFormatter())
        logging.getLogger().addHandler(handler)


def annotate_json_lines(
    command: str,
    source: str,
    output: str | None,
    records: Callable[[dict, str, date], Iterable[dict]],
    what: str,
) -> int:
    """Read `{"doc_id","dct","text"}` JSON lines from `source` (a path or `-`), write one JSON
    line per record that `records(doc, text, published)` yields, with the doc's `doc_id`, to
    `output` or stdout. A bad line is named on stderr and skipped; the closing line counts
    documents, `what` and bad lines. Exit status: 2 unreadable input, 1 bad lines, else 0."""
    name = "<stdin>" if source == "-" else source
    try:
        stream = sys.stdin.buffer if source == "-" else open(source, "rb")  # noqa: SIM115
    except OSError as exc:
        print(f"timeline {command}: cannot open {name}: {exc.strerror}", file=sys.stderr)
        return 2
    out = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    bad = docs = found = 0
    try:
        for number, obj, error in read_json_lines(stream, name):
            if error is None:
                try:
                    doc_id = obj.get("doc_id", obj.get("id"))
                    if doc_id is None:
                        raise InputError("missing doc_id")
                    if not isinstance(obj.get("text"), str):
                        raise InputError("missing text")
                    published = parse_date(obj.get("dct", obj.get("published")), "dct")
                except InputError as exc:
                    error = f"{name}:{number}: {exc}"
            if error is not None:
                print(error, file=sys.stderr)
                bad += 1
                continue
            docs += 1
            for record in records(obj, obj["text"], published):
                line = json.dumps(
                    {"doc_id": doc_id, **record}, ensure_ascii=False, default=json_default
                )
                out.write(line + "\n")
                found += 1
    finally:
        if out is not sys.stdout:
            out.close()
        if stream is not sys.stdin.buffer:
            stream.close()
    print(
        f"timeline {command}: {docs} document(s), {found} {what}, {bad} bad line(s)",
        file=sys.stderr,
    )
    return 1 if bad else 0
