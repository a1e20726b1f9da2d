"""`timeline sql`: run read-only SQL against the warehouse and print the result.

With a query argument it runs that; with none it reads SQL from stdin, or, on a terminal, opens
a prompt that runs each statement ending in `;` (`.quit` or Ctrl-D leaves).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from typing import TextIO

import polars as pl

from warehouse import Warehouse, WarehouseError, add_warehouse_arguments, resolve_warehouse_path

EXAMPLES = """\
  timeline sql "SELECT source, count(*) FROM articles GROUP BY source"
  timeline sql "SELECT * FROM timeline WHERE event ILIKE '%ceasefire%'" --format csv -o hits.csv
  timeline sql --format parquet --output daily.parquet "SELECT * FROM daily"
  echo "SELECT count(*) FROM events;" | timeline sql --warehouse news.duckdb
  timeline sql                          a prompt: statements end with ';', .quit leaves
"""

FORMATS = ("table", "csv", "json", "parquet")


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
        "--max-rows", type=int, default=100, metavar="N", help="rows a table shows (default 100)"
    )
    add_warehouse_arguments(parser)


def run(args: argparse.Namespace) -> int:
    """Run the query (or the prompt); 1 on any SQL or warehouse error, with DuckDB's message."""
    if args.format == "parquet" and not args.output:
        print("error: --format parquet needs --output FILE", file=sys.stderr)
        return 2
    warehouse = Warehouse(resolve_warehouse_path(args.warehouse), lock_timeout=args.lock_timeout)
    if args.query is not None:
        return execute(warehouse, args.query, args)
    if sys.stdin.isatty():
        return prompt(warehouse, args)
    return execute(warehouse, sys.stdin.read(), args)


def execute(warehouse: Warehouse, sql: str, args: argparse.Namespace) -> int:
    """Run one piece of SQL and print its result; report errors on stderr and return 1."""
    if not sql.strip():
        print("error: no SQL given", file=sys.stderr)
        return 1
    try:
        result = warehouse.query(sql)
    except WarehouseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    try:
        write_result(result, args)
    except (pl.exceptions.PolarsError, OSError) as error:
        print(f"error: cannot write the result as {args.format}: {error}", file=sys.stderr)
        return 1
    return 0


def write_result(result: pl.DataFrame, args: argparse.Namespace) -> None:
    """Write `result` in the chosen format to --output or stdout."""
    if args.format == "parquet":
        result.write_parquet(args.output)
        return
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            _write_text(result, args, out)
    else:
        _write_text(result, args, sys.stdout)


def _write_text(result: pl.DataFrame, args: argparse.Namespace, out: TextIO) -> None:
    if args.format == "csv":
        out.write(_flatten_nested(result).write_csv())
    elif args.format == "json":
        out.write(result.write_ndjson() if result.height else "")
    elif result.width:
        out.write(_table(result, args.max_rows) + "\n")


def _flatten_nested(result: pl.DataFrame) -> pl.DataFrame:
    """CSV has no lists or structs: spell such columns as JSON text."""
    nested = [name for name, dtype in result.schema.items() if dtype.is_nested()]
    return result.with_columns(
        pl.struct(pl.col(name).alias("v"))
        .struct.json_encode()
        .str.strip_prefix('{"v":')
        .str.strip_suffix("}")
        .alias(name)
        for name in nested
    )


def _table(result: pl.DataFrame, max_rows: int) -> str:
    """A boxed table sized to the terminal, with the row count under it."""
    with pl.Config(
        tbl_rows=max_rows,
        fmt_str_lengths=60,
        tbl_width_chars=shutil.get_terminal_size((160, 24)).columns,
        tbl_hide_dataframe_shape=True,
    ):
        text = str(result)
    rows = result.height
    return f"{text}\n({rows:,} row{'' if rows == 1 else 's'})"


def prompt(warehouse: Warehouse, args: argparse.Namespace) -> int:
    """Interactive loop: gather lines until one ends with `;`, run them, repeat."""
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
            execute(warehouse, "\n".join(lines), args)
            lines = []
