"""`timeline sql`: run SQL against the warehouse in a read-only sandbox and print the result.

With a query argument it runs that; with none it reads SQL from stdin, or, on a terminal, opens
a prompt that runs each statement ending in `;` (`.quit` or Ctrl-D leaves). Several statements
show one result after the other. Results stream: CSV, JSON and Parquet are written batch by
batch, a table fetches only the rows it shows. Ctrl-C or `--timeout` stops the running query.
What the sandbox allows is in warehouse/adhoc.py and the README.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from warehouse import (
    QueryInterrupted,
    Warehouse,
    WarehouseError,
    add_warehouse_arguments,
    resolve_warehouse_path,
)
from warehouse.adhoc import AdhocSession, Result

EXAMPLES = """\
  timeline sql "SELECT source, count(*) FROM articles GROUP BY source"
  timeline sql "SELECT * FROM timeline WHERE event ILIKE '%ceasefire%'" --format csv -o hits.csv
  timeline sql --format parquet --output daily.parquet "SELECT * FROM daily"
  echo "SELECT count(*) FROM events;" | timeline sql --warehouse news.duckdb
  timeline sql                          a prompt: statements end with ';', .quit leaves
"""

FORMATS = ("table", "csv", "json", "parquet")
BATCH_ROWS = 65_536
CELL_CHARS = 60
INTERRUPTED = 130
POLL_SECONDS = 0.1
STOP_GRACE_SECONDS = 10.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the query, output format and warehouse options."""
    parser.add_argument("query", nargs="?", help="SQL to run (default: stdin, or a prompt)")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table (default), csv, json (one object per row) or parquet (needs --output)",
    )
    parser.add_argument("--output", "-o", metavar="FILE", help="write the result here")
    parser.add_argument(
        "--force", action="store_true", help="let --output replace an existing file"
    )
    parser.add_argument(
        "--max-rows", type=int, default=100, metavar="N", help="rows a table shows (default 100)"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="stop a statement still running after this long (default: no limit)",
    )
    parser.add_argument(
        "--allow-files",
        action="append",
        default=[],
        metavar="DIR",
        help="let the SQL read files under DIR (read_csv, read_parquet…); repeatable; "
        "without it only the warehouse is readable",
    )
    add_warehouse_arguments(parser)


def _usage_error(args: argparse.Namespace, warehouse_path: Path) -> str | None:
    """Why these options cannot run, or None."""
    if args.format == "parquet" and not args.output:
        return "--format parquet needs --output FILE"
    if args.max_rows < 0:
        return "--max-rows must be 0 or more"
    if args.timeout is not None and not args.timeout > 0:
        return "--timeout must be a positive number of seconds"
    for folder in args.allow_files:
        if not Path(folder).is_dir():
            return f"--allow-files {folder}: not a folder"
    if args.output:
        return _output_error(Path(args.output), warehouse_path, args.force)
    return None


def _output_error(output: Path, warehouse_path: Path, force: bool) -> str | None:
    """Refuse to write over the warehouse (or its WAL) always, over any other file unless forced."""
    target = output.resolve()
    protected = {warehouse_path.resolve()}
    protected |= {Path(f"{p}{suffix}") for p in protected for suffix in (".wal", ".tmp")}
    if target in protected or (
        output.exists() and warehouse_path.exists() and os.path.samefile(output, warehouse_path)
    ):
        return f"--output {output} is the warehouse itself; choose another file"
    if output.is_dir():
        return f"--output {output} is a folder; give a file name"
    if output.exists() and not force:
        return f"--output {output} already exists; pass --force to replace it"
    if not output.parent.is_dir():
        return f"--output {output}: folder {output.parent} does not exist"
    return None


def run(args: argparse.Namespace) -> int:
    """Run the query (or the prompt); 1 on any SQL or warehouse error, 2 on bad options,
    130 when interrupted."""
    path = resolve_warehouse_path(args.warehouse)
    problem = _usage_error(args, path)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    warehouse = Warehouse(path, lock_timeout=args.lock_timeout)
    allow = [Path(folder) for folder in args.allow_files]
    try:
        with warehouse.adhoc(allow_files=allow) as session:
            if args.query is not None:
                return execute(session, args.query, args)
            if sys.stdin.isatty():
                return prompt(session, warehouse, args)
            return execute(session, sys.stdin.read(), args)
    except WarehouseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


def execute(session: AdhocSession, sql: str, args: argparse.Namespace) -> int:
    """Run every statement in `sql`, printing each result; stop at the first error (1), at
    Ctrl-C (130) or at --timeout (1)."""
    try:
        statements = session.statements(sql)
    except WarehouseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if not statements:
        print("error: no SQL given", file=sys.stderr)
        return 1
    if args.output and len(statements) > 1:
        print(
            f"error: --output takes one statement, got {len(statements)}; "
            "run them one by one or leave out --output",
            file=sys.stderr,
        )
        return 2
    return _supervise(session, lambda: _run_statements(session, statements, args), args.timeout)


def _supervise(session: AdhocSession, work: Callable[[], None], timeout: float | None) -> int:
    """Run `work` in a thread while this one waits for Ctrl-C or the deadline, which interrupt
    DuckDB (its C++ loop does not see Python's signals, so the main thread must).

    The wait polls an Event rather than `Thread.join`, which a Ctrl-C can leave believing the
    thread has ended; the worker must really end before the connection closes."""
    outcome: dict[str, BaseException] = {}
    done = threading.Event()

    def target() -> None:
        try:
            work()
        except BaseException as error:  # handed to the main thread, which reports it
            outcome["error"] = error
        finally:
            done.set()

    threading.Thread(target=target, name="timeline-sql", daemon=True).start()
    deadline = None if timeout is None else time.monotonic() + timeout
    stopped_by: str | None = None
    try:
        while not done.wait(POLL_SECONDS):
            if deadline is not None and time.monotonic() >= deadline:
                stopped_by = "timeout"
                break
    except KeyboardInterrupt:
        stopped_by = "interrupt"
    if stopped_by:
        session.interrupt()
        _wait_after_interrupt(done)
        if stopped_by == "interrupt":
            print("\ninterrupted: query cancelled", file=sys.stderr)
            return INTERRUPTED
        print(f"error: query stopped after --timeout {timeout:g} s", file=sys.stderr)
        return 1
    return _report(outcome.get("error"))


def _wait_after_interrupt(done: threading.Event) -> None:
    """Give the interrupted query time to unwind; one that will not is left by exiting at once
    (closing its connection, or exiting normally, would wait for it or abort the process)."""
    for _ in range(2):
        try:
            if done.wait(STOP_GRACE_SECONDS):
                return
            break
        except KeyboardInterrupt:
            continue
    print("\ninterrupted: the query did not stop; exiting", file=sys.stderr)
    sys.stderr.flush()
    os._exit(INTERRUPTED)


def _report(error: BaseException | None) -> int:
    """Exit code for what the worker raised, with its one-line message."""
    if error is None:
        return 0
    if isinstance(error, QueryInterrupted):
        print("\ninterrupted: query cancelled", file=sys.stderr)
        return INTERRUPTED
    if isinstance(error, WarehouseError):
        print(f"error: {error}", file=sys.stderr)
        return 1
    if isinstance(error, BrokenPipeError) or "Broken pipe" in str(error):
        _silence_stdout()
        return 0
    if isinstance(error, (OSError, pa.ArrowException, pl.exceptions.PolarsError)):
        print(f"error: cannot write the result: {_one_line(error)}", file=sys.stderr)
        return 1
    raise error


def _one_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _silence_stdout() -> None:
    """After the reader of our stdout went away (`| head`), let the exit flush go nowhere."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _run_statements(session: AdhocSession, statements: list[str], args: argparse.Namespace) -> None:
    """Run statements in order; each result is written before the next statement starts."""
    shown = 0
    for statement in statements:
        result = session.run(statement)
        if result is None:
            continue
        if args.output:
            _write_file(result, args, Path(args.output))
            continue
        sys.stdout.flush()
        out = sys.stdout.buffer
        if shown and args.format in ("table", "csv"):
            out.write(b"\n")
        _write(result, args, out)
        out.flush()
        shown += 1


def _write_file(result: Result, args: argparse.Namespace, output: Path) -> None:
    """Write beside `output` and rename at the end, so a failed or stopped query leaves the
    old file (or none) rather than half a result."""
    handle, partial = tempfile.mkstemp(prefix=f".{output.name}.", dir=output.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            _write(result, args, out)
        os.chmod(partial, 0o666 & ~_umask())
        os.replace(partial, output)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process umask (mkstemp makes 0600 files; the result gets the usual mode)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write(result: Result, args: argparse.Namespace, out: BinaryIO) -> None:
    if args.format == "csv":
        _write_csv(result, out)
    elif args.format == "json":
        for batch in result.json_batches(BATCH_ROWS):
            lines = batch.column(0).to_pylist()
            if lines:
                out.write(("\n".join(lines) + "\n").encode())
    elif args.format == "parquet":
        _write_parquet(result, out)
    elif result.columns:
        out.write((_table(result, args.max_rows) + "\n").encode())


def _write_csv(result: Result, out: BinaryIO) -> None:
    """Batch by batch, header first; NULL is an empty field, text is quoted only when needed."""
    header = True
    for batch in result.text_batches(BATCH_ROWS):
        pl.from_arrow(batch).write_csv(out, include_header=header)
        header = False
    if header:
        out.write((",".join(_csv_field(name) for name in result.columns) + "\n").encode())


def _csv_field(text: str) -> str:
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _write_parquet(result: Result, out: BinaryIO) -> None:
    writer: pq.ParquetWriter | None = None
    for batch in result.arrow_batches(BATCH_ROWS):
        if writer is None:
            writer = pq.ParquetWriter(out, batch.schema)
        writer.write_batch(batch)
    if writer is not None:
        writer.close()


def _cell(value: str | None) -> str:
    """A value as one table cell: NULL as `null`, control characters escaped, long text cut."""
    if value is None:
        return "null"
    text = value.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return text if len(text) <= CELL_CHARS else text[:CELL_CHARS] + "…"


def _table(result: Result, max_rows: int) -> str:
    """A boxed table of at most `max_rows` rows (only those are fetched), then the row count,
    or a note that more rows exist."""
    rows = result.text_rows(max_rows + 1)
    more = len(rows) > max_rows
    rows = rows[:max_rows]
    header = [_cell(name) for name in result.columns]
    kinds = [_cell(kind.lower()) for kind in result.types]
    body = [[_cell(value) for value in row] for row in rows]
    widths = [
        max(len(header[i]), len(kinds[i]), 3, *(len(row[i]) for row in body))
        for i in range(len(header))
    ]

    def line(cells: list[str], left: str = "│ ", sep: str = " ┆ ", right: str = " │") -> str:
        return left + sep.join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + right

    lines = [
        "┌─" + "─┬─".join("─" * w for w in widths) + "─┐",
        line(header),
        line(["---"] * len(widths)),
        line(kinds),
        "╞═" + "═╪═".join("═" * w for w in widths) + "═╡",
        *(line(row) for row in body),
        "└─" + "─┴─".join("─" * w for w in widths) + "─┘",
    ]
    if more:
        count = f"(first {max_rows:,} rows; more not fetched: raise --max-rows or use --format csv)"
    else:
        count = f"({len(rows):,} row{'' if len(rows) == 1 else 's'})"
    return "\n".join(lines) + "\n" + count


def prompt(session: AdhocSession, warehouse: Warehouse, args: argparse.Namespace) -> int:
    """Interactive loop: gather lines until one ends with `;`, run them, repeat. Ctrl-C while a
    query runs cancels that query and returns to the prompt."""
    try:
        import readline  # noqa: F401  (line editing and history for input())
    except ImportError:
        pass
    print(f"timeline sql on {warehouse.path} (read-only); end statements with ';', .quit to leave")
    lines: list[str] = []
    while True:
        try:
            line = input("...> " if lines else "sql> ")
        except EOFError:
            print()
            return 0
        except KeyboardInterrupt:
            print()
            lines = []
            continue
        if not lines and line.strip() in (".quit", ".exit"):
            return 0
        lines.append(line)
        if line.rstrip().endswith(";"):
            execute(session, "\n".join(lines), args)
            lines = []
