"""Where the warehouse file is: one resolution rule shared by every `timeline` subcommand.

Order: an explicit `--warehouse PATH`, else the `TIMELINE_WAREHOUSE` environment variable, else
`./timeline.duckdb`. The lock-retry bound follows the same pattern (`--lock-timeout`, env
`TIMELINE_WAREHOUSE_LOCK_TIMEOUT`, default 30 s).
"""

from __future__ import annotations

import argparse
import math
import os
from pathlib import Path

from warehouse.errors import WarehouseSettingError

DEFAULT_WAREHOUSE = Path("timeline.duckdb")
WAREHOUSE_ENV = "TIMELINE_WAREHOUSE"
LOCK_TIMEOUT_ENV = "TIMELINE_WAREHOUSE_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 30.0


def resolve_warehouse_path(explicit: str | Path | None = None) -> Path:
    """Return the warehouse path: explicit argument, else $TIMELINE_WAREHOUSE, else the default."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(WAREHOUSE_ENV)
    return Path(from_env) if from_env else DEFAULT_WAREHOUSE


def resolve_lock_timeout(explicit: float | None = None) -> float:
    """Return how long to retry a locked warehouse: argument, else env, else 30 s."""
    if explicit is not None:
        return _seconds(str(explicit), "--lock-timeout")
    from_env = os.environ.get(LOCK_TIMEOUT_ENV)
    return _seconds(from_env, LOCK_TIMEOUT_ENV) if from_env else DEFAULT_LOCK_TIMEOUT


def _seconds(text: str, name: str) -> float:
    """`text` as a number of seconds (0 or more), or a one-line `WarehouseSettingError` naming
    `name` and the form expected: "30s" or "half a minute" must not become a traceback."""
    try:
        value = float(text.strip())
    except ValueError:
        value = math.nan
    if math.isnan(value) or math.isinf(value) or value < 0:
        raise WarehouseSettingError(
            f"{name}={text!r} is not a number of seconds: give a number such as 30 or 2.5"
        )
    return value


def add_warehouse_arguments(parser: argparse.ArgumentParser) -> None:
    """Add `--warehouse PATH` and `--lock-timeout SECONDS` to a subcommand's parser."""
    parser.add_argument(
        "--warehouse",
        metavar="PATH",
        default=None,
        help=f"DuckDB warehouse file (default: ${WAREHOUSE_ENV} or ./{DEFAULT_WAREHOUSE})",
    )
    parser.add_argument(
        "--lock-timeout",
        metavar="SECONDS",
        type=float,
        default=None,
        help=f"how long to wait while another process holds the warehouse "
        f"(default: ${LOCK_TIMEOUT_ENV} or {DEFAULT_LOCK_TIMEOUT:g})",
    )
