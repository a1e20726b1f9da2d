"""`timeline export --to DIR`: every warehouse table and the joined `timeline` view as Parquet.

`events`, `timexes` and `timeline` (the view, with its column names: `event`, `width_days`, …)
are folders hive-partitioned by the publication year of each row's article
(DIR/timeline/published_year=2024/data_0.parquet), sorted by `earliest`, at most about a million
rows per file. The other tables are single files (DIR/articles.parquet, ...).

The export is written beside DIR and swapped in when complete, so a failed export changes
nothing. DIR/.timeline-export lists what the export wrote; a later export replaces only that,
and refuses (exit 2) to replace files it did not write unless `--force`.
"""

from __future__ import annotations

import argparse
import sys

from warehouse import Warehouse, WarehouseError, add_warehouse_arguments, resolve_warehouse_path
from warehouse.export import ExportRefused


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the target folder and warehouse options."""
    parser.add_argument("--to", required=True, metavar="DIR", help="folder to write into")
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace files under DIR where the export writes even if no export wrote them",
    )
    add_warehouse_arguments(parser)


def run(args: argparse.Namespace) -> int:
    """Export, then print one line per table or view: rows, files and where they went."""
    if not args.to.strip():
        print("timeline export: --to needs a folder", file=sys.stderr)
        return 2
    warehouse = Warehouse(resolve_warehouse_path(args.warehouse), lock_timeout=args.lock_timeout)
    try:
        written = warehouse.export_parquet(args.to, force=args.force)
    except ExportRefused as error:
        print(f"timeline export: {error}", file=sys.stderr)
        return 2
    except WarehouseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for table, info in written.items():
        files = f"{info['files']} file{'' if info['files'] == 1 else 's'}"
        print(f"{table:<15} {info['rows']:>12,} rows  {files:>9}  {info['path']}")
    return 0
