"""`timeline rejects`: why records were refused, grouped by reason with their counts.

Reasons are printed whole, never cut; `example` is one location (file:line, URL, …) of the group.
"""

from __future__ import annotations

import argparse
import sys

from cli.common import one_line, print_table

EXAMPLES = """\
  timeline rejects                      the 50 most frequent reasons over every run
  timeline rejects --run 20241129T101500Z-1a2b3c4d
  timeline runs                         to find a run id
"""

HEADERS = ["rejects", "stage", "source", "example", "reason"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `timeline rejects`."""
    from warehouse import add_warehouse_arguments

    parser.add_argument("--run", metavar="ID", help="only the rejects of this run (see `runs`)")
    parser.add_argument(
        "--limit", type=int, default=50, metavar="N", help="show the N most frequent reasons (50)"
    )
    add_warehouse_arguments(parser)


def run(args: argparse.Namespace) -> int:
    """Print the grouped reasons; 2 on a bad option, warehouse or run id."""
    from warehouse import Warehouse, WarehouseError, resolve_warehouse_path

    if args.limit < 1:
        print("timeline rejects: --limit must be at least 1", file=sys.stderr)
        return 2
    warehouse = Warehouse(resolve_warehouse_path(args.warehouse), lock_timeout=args.lock_timeout)
    try:
        if args.run and not warehouse.has_run(args.run):
            print(f"timeline rejects: no run {args.run} in {warehouse.path}", file=sys.stderr)
            return 2
        reasons = warehouse.reject_reasons(args.run, args.limit)
    except WarehouseError as error:
        print(f"timeline rejects: {one_line(error)}", file=sys.stderr)
        return 2
    if reasons.is_empty():
        print(f"no rejects{f' in run {args.run}' if args.run else ''}")
        return 0
    print_table(HEADERS, reasons.select(HEADERS).rows())
    return 0
