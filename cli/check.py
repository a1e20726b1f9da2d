"""`timeline check`: is this installation ready to run? In the spirit of `dbt debug`.

One line per check, `OK` or `FAIL`: package versions, the warehouse (path, schema version, rows
per table) and the Prefect API (the configured server answers its health check, or none is
configured and `timeline run` starts a temporary one). Exit status 1 when anything fails.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.common import one_line, versions

EXAMPLES = """\
  timeline check
  timeline check --warehouse /data/news.duckdb
  PREFECT_API_URL=http://127.0.0.1:4200/api timeline check
"""

Result = tuple[bool, str]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `timeline check`."""
    from warehouse import add_warehouse_arguments

    parser.add_argument(
        "--api-timeout",
        type=float,
        default=5.0,
        metavar="SECONDS",
        help="how long to wait for the Prefect API's health check (default 5)",
    )
    add_warehouse_arguments(parser)


def run(args: argparse.Namespace) -> int:
    """Run every check, print a line each, and return 1 if any failed."""
    from warehouse import resolve_warehouse_path

    results = [*version_checks(), *warehouse_checks(resolve_warehouse_path(args.warehouse))]
    results.append(prefect_api_check(args.api_timeout))
    for ok, message in results:
        print(f"{'OK  ' if ok else 'FAIL'}  {message}")
    failed = sum(not ok for ok, _ in results)
    print(f"{failed} of {len(results)} checks failed" if failed else "all checks passed")
    return 1 if failed else 0


def version_checks() -> list[Result]:
    """One line per package: its version, FAIL when it is not installed."""
    return [
        (version != "not installed", f"{name} {version}") for name, version in versions().items()
    ]


def warehouse_checks(path: Path) -> list[Result]:
    """The warehouse file: can it be opened (or created), its schema version and row counts."""
    from warehouse import Warehouse, WarehouseError
    from warehouse.connection import check_location
    from warehouse.migrations import latest_version

    where = f"warehouse {path.resolve()}"
    if not path.exists():
        try:
            check_location(path, read_only=False)
        except WarehouseError as error:
            return [(False, f"warehouse: {one_line(error)}")]
        return [(True, f"{where}: not created yet (the first `timeline run` creates it)")]
    warehouse = Warehouse(path, lock_timeout=0)
    try:
        version = warehouse.schema_version()
        counts = warehouse.table_counts()
    except WarehouseError as error:
        return [(False, f"warehouse: {one_line(error)}")]
    latest = latest_version()
    if version > latest:
        state = (False, f"{where}: schema v{version} is newer than this code's v{latest}")
    elif version < latest:
        state = (True, f"{where}: schema v{version} (the next run upgrades it to v{latest})")
    else:
        state = (True, f"{where}: schema v{version} (current)")
    rows = ", ".join(f"{table} {count:,}" for table, count in counts.items()) or "no tables"
    return [state, (True, f"rows: {rows}")]


def prefect_api_check(timeout: float) -> Result:
    """The configured Prefect API answers `/health`, or none is configured (ephemeral)."""
    import httpx
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    if not url:
        return True, "prefect api: ephemeral (no server configured; runs start a temporary one)"
    try:
        response = httpx.get(f"{url.rstrip('/')}/health", timeout=timeout)
    except httpx.HTTPError as error:
        return False, f"prefect api: {url} not reachable ({type(error).__name__}: {error})"
    if response.status_code != 200:
        return False, f"prefect api: {url} answered HTTP {response.status_code} to /health"
    return True, f"prefect api: {url} reachable"
