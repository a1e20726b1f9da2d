"""Open short-lived DuckDB connections, retrying for a bounded time while another process
holds the file.

DuckDB lets one process hold a database file for writing (and blocks readers in other processes
meanwhile), so writers open a connection per batch and close it straight after (with the
settings in sql/queries/writer_settings.sql: checkpoint at commit, not via the WAL); every opener
waits up to `lock_timeout` seconds, logging one "warehouse busy" warning, before giving up with
`WarehouseBusyError`.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from warehouse import sqlfiles
from warehouse.errors import WarehouseBusyError, WarehouseMissingError

log = logging.getLogger("warehouse")

_LOCK_HOLDER = re.compile(r"\(PID (\d+)\)")
_POLL_SECONDS = (0.05, 0.1, 0.2, 0.5)


def _is_lock_conflict(error: duckdb.Error) -> bool:
    text = str(error)
    return "Could not set lock" in text or "Conflicting lock" in text


@contextmanager
def connect(
    path: Path, *, read_only: bool, lock_timeout: float, config: dict[str, object] | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a connection to `path`, closing it on exit; retry while the file is locked.

    `config` is DuckDB settings applied as the database opens (the ad-hoc sandbox uses it, so
    its locked settings are in force before any statement runs)."""
    if read_only and not path.exists():
        raise WarehouseMissingError(
            f"no warehouse at {path}: load some articles first, or pass --warehouse PATH"
        )
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + lock_timeout
    attempt = 0
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only, config=dict(config or {}))
            break
        except duckdb.IOException as error:
            if not _is_lock_conflict(error):
                raise
            holder = _LOCK_HOLDER.search(str(error))
            who = f"process {holder.group(1)}" if holder else "another process"
            if time.monotonic() >= deadline:
                raise WarehouseBusyError(
                    f"warehouse busy: {who} still holds {path} after {lock_timeout:g} s; "
                    "wait for the load to finish or raise --lock-timeout"
                ) from None
            if attempt == 0:
                log.warning(
                    "warehouse busy: a load is running (%s holds %s), retrying for %g s",
                    who,
                    path,
                    lock_timeout,
                )
            time.sleep(_POLL_SECONDS[min(attempt, len(_POLL_SECONDS) - 1)])
            attempt += 1
    try:
        if not read_only:
            con.execute(sqlfiles.query("writer_settings"))
        yield con
    finally:
        con.close()
