"""`timeline runs`: the warehouse's recent runs, newest first, one line each."""

from __future__ import annotations

import argparse
import sys

from cli.common import one_line, print_table

EXAMPLES = """\
  timeline runs                         the 20 most recent runs
  timeline runs --limit 5 --warehouse news.duckdb
  timeline rejects --run RUN_ID         then: why that run refused records
"""

HEADERS = ["run", "started", "status", "seconds", "read", "rejected", "new", "changed", "events"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `timeline runs`."""
    from warehouse import add_warehouse_arguments

    parser.add_argument(
        "--limit", type=int, default=20, metavar="N", help="show the N most recent runs (20)"
    )
    add_warehouse_arguments(parser)


def run(args: argparse.Namespace) -> int:
    """Print the recent runs as a table; 2 on a bad option or warehouse, with a one-line reason."""
    from warehouse import Warehouse, WarehouseError, resolve_warehouse_path

    if args.limit < 1:
        print("timeline runs: --limit must be at least 1", file=sys.stderr)
        return 2
    warehouse = Warehouse(resolve_warehouse_path(args.warehouse), lock_timeout=args.lock_timeout)
    try:
        runs = warehouse.recent_runs(args.limit)
    except WarehouseError as error:
        print(f"timeline runs: {one_line(error)}", file=sys.stderr)
        return 2
    if runs.is_empty():
        print(f"no runs recorded in {warehouse.path}")
        return 0
    rows = [
        [
            row["run_id"],
            f"{row['started_at']:%Y-%m-%d %H:%M:%S}",
            row["status"],
            "" if row["seconds"] is None else f"{row['seconds']:.1f}",
            *(row[name] for name in ("read", "rejected", "new", "changed", "events")),
        ]
        for row in runs.iter_rows(named=True)
    ]
    print_table(HEADERS, rows)
    return 0
