"""`timeline export --to DIR`: write every warehouse table as Parquet.

`events` and `timexes` are hive-partitioned by year/month of `earliest`
(DIR/events/year=2024/month=11/data_0.parquet); rows without `earliest` go to
year=__HIVE_DEFAULT_PARTITION__/month=__HIVE_DEFAULT_PARTITION__, read back as null. The other
tables are single files (DIR/articles.parquet, ...).
"""

from __future__ import annotations

import argparse
import sys

from warehouse import Warehouse, WarehouseError, add_warehouse_arguments, resolve_warehouse_path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the target folder and warehouse options."""
    parser.add_argument("--to", required=True, metavar="DIR", help="folder to write into")
    add_warehouse_arguments(parser)


def run(args: argparse.Namespace) -> int:
    """Export, then print one line per table: rows, files and where they went."""
    warehouse = Warehouse(resolve_warehouse_path(args.warehouse), lock_timeout=args.lock_timeout)
    try:
        written = warehouse.export_parquet(args.to)
    except WarehouseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for table, info in written.items():
        files = f"{info['files']} file{'' if info['files'] == 1 else 's'}"
        print(f"{table:<15} {info['rows']:>12,} rows  {files:>9}  {info['path']}")
    return 0
