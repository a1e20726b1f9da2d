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
from warehouse.errors import WarehouseBusyError, WarehouseFileError, WarehouseMissingError

log = logging.getLogger("warehouse")

_LOCK_HOLDER = re.compile(r"\(PID (\d+)\)")
_POLL_SECONDS = (0.05, 0.1, 0.2, 0.5)


def _is_lock_conflict(error: duckdb.Error) -> bool:
    text = str(error)
    return "Could not set lock" in text or "Conflicting lock" in text


def check_location(path: Path, *, read_only: bool) -> None:
    """Refuse, with a one-line `WarehouseError`, a path that cannot be the warehouse: a
    directory, a missing file when reading, or a new file whose directory does not exist (it
    is never created silently: a typo would otherwise put a warehouse anywhere, even at /)."""
    if path.is_dir():
        raise WarehouseFileError(f"{path} is a directory, not a warehouse file")
    if path.exists():
        return
    if read_only:
        raise WarehouseMissingError(
            f"no warehouse at {path}: load some articles first, or pass --warehouse PATH"
        )
    parent = path.parent
    if not parent.exists():
        raise WarehouseFileError(f"directory {parent} does not exist (create it first)")
    if not parent.is_dir():
        raise WarehouseFileError(f"{parent} is not a directory, so {path} cannot be created")


def _file_head(path: Path) -> bytes | None:
    """The first 16 bytes of `path`, or None when it cannot be read."""
    try:
        with path.open("rb") as handle:
            return handle.read(16)
    except OSError:
        return None


def _not_duckdb(path: Path, head: bytes | None) -> str | None:
    """Why a file with these first bytes is no DuckDB database, or None if it may be one."""
    if head is None:
        return None
    if not head:
        return (
            f"{path} is an empty file, not a DuckDB database (remove it and `timeline run` "
            "creates the warehouse there)"
        )
    if head.startswith(b"SQLite format 3"):
        return f"{path} is a SQLite database, not a DuckDB warehouse"
    if head[8:12] != b"DUCK":
        return f"{path} is not a DuckDB database file"
    return None


def _file_error(path: Path, error: duckdb.Error, read_only: bool) -> WarehouseFileError:
    """A one-line reason why DuckDB could not open `path`, naming what the file is."""
    reason = _not_duckdb(path, _file_head(path))
    if reason:
        return WarehouseFileError(reason)
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    mode = "reading" if read_only else "writing"
    return WarehouseFileError(f"cannot open {path} for {mode}: {first_line}")


@contextmanager
def connect(
    path: Path, *, read_only: bool, lock_timeout: float, config: dict[str, object] | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a connection to `path`, closing it on exit; retry while the file is locked.

    `config` is DuckDB settings applied as the database opens (the ad-hoc sandbox uses it, so
    its locked settings are in force before any statement runs)."""
    check_location(path, read_only=read_only)
    deadline = time.monotonic() + lock_timeout
    attempt = 0
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only, config=dict(config or {}))
            break
        except duckdb.Error as error:
            if not _is_lock_conflict(error):
                raise _file_error(path, error, read_only) from None
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
