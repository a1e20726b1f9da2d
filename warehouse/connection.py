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
BEING_CREATED_SECONDS = 1.0
"""A file this young without a whole header may be another process's new warehouse."""


def _is_lock_conflict(error: duckdb.Error) -> bool:
    text = str(error)
    return "Could not set lock" in text or "Conflicting lock" in text


def describe_process(pid: int) -> str:
    """ "process N (timeline sql)": the pid DuckDB names as holding the lock, with what that
    process is (a `timeline` subcommand, else its program name) when this host can tell."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return f"process {pid}"
    argv = [part.decode(errors="replace") for part in raw.split(b"\0") if part]
    words = [Path(arg).name for arg in argv]
    for index, word in enumerate(words):
        if word in ("timeline", "cli.main") and index + 1 < len(words):
            command = next((w for w in words[index + 1 :] if not w.startswith("-")), "")
            return f"process {pid} (timeline {command})".replace(" )", ")")
    return f"process {pid} ({words[0]})" if words else f"process {pid}"


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


_HEADERS_END = 3 * 4096
"""DuckDB's file opens with three 4 KiB headers (main, then two database headers); blocks
follow."""
_checked: dict[tuple[Path, int], int] = {}
"""Size of each warehouse file (by path and inode) this process found whole, or left after
its own writes: a file that has not shrunk since is not checked again."""


def check_whole(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Refuse a warehouse file shorter than the blocks its tables use (truncated by a failed
    copy or a full disk): DuckDB opens such a file, takes writes and only fails later reading
    blocks that are not there. Reads the catalog's block list, not the data (a fraction of a
    second), again only when the file shrank since this process last saw it."""
    status = path.stat()
    key = (path.resolve(), status.st_ino)
    if status.st_size >= _checked.get(key, status.st_size + 1):
        return
    [(block_size,)] = con.sql(sqlfiles.query("storage_block_size")).fetchall()
    last = -1
    for (table,) in con.sql(sqlfiles.query("user_tables")).fetchall():
        query = sqlfiles.query("storage_last_block").format(table=table.replace("'", "''"))
        [(block,)] = con.sql(query).fetchall()
        last = max(last, -1 if block is None else block)
    needed = _HEADERS_END + (last + 1) * block_size
    if status.st_size < needed:
        raise WarehouseFileError(
            f"{path} is truncated: {status.st_size} bytes where its tables need at least "
            f"{needed}; restore it from a copy (nothing was written)"
        )
    _checked[key] = status.st_size


def _remember_size(path: Path) -> None:
    """After this process's own write: the file's new size is whole too."""
    try:
        status = path.stat()
    except OSError:
        return
    key = (path.resolve(), status.st_ino)
    if key in _checked:
        _checked[key] = status.st_size


def _being_created(path: Path, error: duckdb.Error) -> bool:
    """Whether DuckDB refused `path` only because another process was creating it: the file
    had no whole header when DuckDB read it, and now has one or is still seconds old. Two
    `timeline run`s started together on a new warehouse meet this; the later one retries."""
    text = str(error)
    if "not a valid DuckDB database" not in text and "Could not read enough bytes" not in text:
        return False
    if _not_duckdb(path, _file_head(path)) is None:
        return True
    try:
        age = time.time() - path.stat().st_mtime
    except OSError:
        return True
    return age < BEING_CREATED_SECONDS


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
    if "Could not read enough bytes" in first_line:
        return WarehouseFileError(
            f"{path} is truncated or damaged (DuckDB cannot open it for {mode}: {first_line}); "
            "restore it from a copy"
        )
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
            if _being_created(path, error) and time.monotonic() < deadline:
                time.sleep(_POLL_SECONDS[0])
                continue
            if not _is_lock_conflict(error):
                raise _file_error(path, error, read_only) from None
            holder = _LOCK_HOLDER.search(str(error))
            who = describe_process(int(holder.group(1))) if holder else "another process"
            if time.monotonic() >= deadline:
                raise WarehouseBusyError(
                    f"warehouse busy: {who} still holds {path} after {lock_timeout:g} s; "
                    "wait for it to finish or raise --lock-timeout"
                ) from None
            if attempt == 0:
                log.warning(
                    "warehouse busy: the warehouse is open by %s (%s), retrying for %g s",
                    who,
                    path,
                    lock_timeout,
                )
            time.sleep(_POLL_SECONDS[min(attempt, len(_POLL_SECONDS) - 1)])
            attempt += 1
    try:
        if not read_only:
            check_whole(con, path)
            con.execute(sqlfiles.query("writer_settings"))
        yield con
    except duckdb.Error as error:
        reason = storage_failure(error)
        if reason is None:
            raise
        raise WarehouseFileError(
            f"cannot write {path}: {reason} (the transaction was rolled back; "
            "free some space or fix the disk, then rerun)"
        ) from None
    finally:
        con.close()
        if not read_only:
            _remember_size(path)


_STORAGE_FAILURES = (
    "No space left on device",
    "Disk quota exceeded",
    "Read-only file system",
    "Input/output error",
)


def storage_failure(error: BaseException) -> str | None:
    """The operating system's reason when a DuckDB error comes from the disk (full, read-only,
    failing), looking through the errors it was raised while handling: DuckDB reports a full
    disk at commit, and the rollback that follows fails with "no transaction is active", which
    would otherwise be all the user sees."""
    seen: BaseException | None = error
    while seen is not None:
        for reason in _STORAGE_FAILURES:
            if reason in str(seen):
                return reason
        seen = seen.__context__
    return None
