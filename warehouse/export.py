"""Write every warehouse table, and the joined `timeline` view, as Parquet, for analysts who
want files rather than DuckDB.

Nothing the export did not write is ever deleted, and a failed export leaves the target as it
was: the files are written into a fresh folder beside the target (`.NAME.export-*`; inside it
when only the target may be written), then each entry is swapped in by a rename. A marker
file, `EXPORT_MARKER`, lists what the export wrote; the next export replaces those entries
only, and refuses (`ExportRefused`) to replace an entry that holds anything else (a file the
user put in `DIR/events/`, or a `DIR/articles.parquet` of their own) unless forced.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import duckdb

from warehouse import sqlfiles
from warehouse.errors import WarehouseError

PARTITIONED = ("events", "timexes")
"""Tables written as hive partitions `published_year=` (their article's publication year),
sorted by `earliest`; the other tables are single files."""

VIEWS = {"timeline": "export_timeline"}
"""Views exported beside the tables (name -> query), partitioned like `PARTITIONED`."""

EXPORT_MARKER = ".timeline-export"
"""JSON file in an export folder: `{"written": [relative paths of every file it wrote]}`."""


class ExportRefused(WarehouseError):
    """The export target cannot be written, or writing it would delete what the export did not
    write; the message says which path and why, on one line."""


def export_parquet(
    con: duckdb.DuckDBPyConnection, target: Path, force: bool = False
) -> dict[str, dict]:
    """Export each table and `VIEWS` under `target`; return `{name: {path, rows, files}}`.

    `force` lets the export replace entries of `target` it did not write itself."""
    target = Path(os.path.abspath(target))
    _check_target(target)
    staging = _staging_folder(target)
    try:
        written = _write_all(con, staging)
        entries = sorted({Path(name).parts[0] for name in _files(staging)})
        _check_replaceable(target, entries, force)
        _write_marker(staging)
        _swap_in(staging, target, [*entries, EXPORT_MARKER])
    except OSError as exc:
        raise ExportRefused(f"cannot write the export to {target}: {_reason(exc)}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    for info in written.values():
        info["path"] = target / info["path"].relative_to(staging)
    return written


def _staging_folder(target: Path) -> Path:
    """A fresh folder on the target's file system: beside it (`.NAME.export-*`), or inside an
    existing target whose parent this process may not write (`.timeline-export-*`)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{target.name}.export-", dir=target.parent))
    except OSError as exc:
        if not target.is_dir():
            raise ExportRefused(f"cannot write under {target.parent}: {_reason(exc)}") from None
    try:
        return Path(tempfile.mkdtemp(prefix=f"{EXPORT_MARKER}-", dir=target))
    except OSError as exc:
        raise ExportRefused(f"cannot write into {target}: {_reason(exc)}") from None


def _check_target(target: Path) -> None:
    """Refuse a target that is a file, or that lies under a file."""
    if target.exists() and not target.is_dir():
        raise ExportRefused(f"{target} is a file, not a folder; choose a folder for --to")
    for parent in target.parents:
        if parent.exists():
            if not parent.is_dir():
                raise ExportRefused(f"{parent} is a file, so {target} cannot be a folder")
            if not os.access(parent, os.W_OK | os.X_OK) and not target.exists():
                raise ExportRefused(f"cannot write under {parent}: permission denied")
            break
    if target.is_dir() and not os.access(target, os.W_OK | os.X_OK):
        raise ExportRefused(f"cannot write into {target}: permission denied")


def _write_all(con: duckdb.DuckDBPyConnection, folder: Path) -> dict[str, dict]:
    written: dict[str, dict] = {}
    for (table,) in con.sql(sqlfiles.query("user_tables")).fetchall():
        if table in PARTITIONED:
            written[table] = _partitioned(
                con, table, folder / table, sqlfiles.query("export_partitioned").format(table=table)
            )
        else:
            path = folder / f"{table}.parquet"
            con.execute(sqlfiles.query("export_table").format(table=table), {"path": str(path)})
            written[table] = {"path": path, "rows": _count(con, table), "files": 1}
    for view, query in VIEWS.items():
        written[view] = _partitioned(con, view, folder / view, sqlfiles.query(query))
    return written


def _partitioned(con: duckdb.DuckDBPyConnection, name: str, path: Path, sql: str) -> dict:
    """Run one partitioned COPY into the folder `path` and describe what it wrote."""
    con.execute(sql, {"path": str(path)})
    files = sorted(path.rglob("*.parquet")) if path.is_dir() else []
    return {"path": path, "rows": _count(con, name), "files": len(files)}


def _count(con: duckdb.DuckDBPyConnection, name: str) -> int:
    return con.sql(sqlfiles.query("export_count").format(table=name)).fetchall()[0][0]


def _files(folder: Path) -> list[str]:
    """Every file under `folder` (folders themselves excluded), as sorted relative paths."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir())


def _previous_export(target: Path) -> set[str]:
    """The files a previous export wrote into `target`, from its marker (empty without one)."""
    try:
        listed = json.loads((target / EXPORT_MARKER).read_text(encoding="utf-8"))["written"]
    except (OSError, ValueError, KeyError, TypeError):
        return set()
    return {name for name in listed if isinstance(name, str)}


def _check_replaceable(target: Path, entries: list[str], force: bool) -> None:
    """Refuse when replacing `entries` of `target` would delete a file no export wrote."""
    if force or not target.is_dir():
        return
    ours = _previous_export(target)
    for entry in [*entries, EXPORT_MARKER]:
        old = target / entry
        if entry == EXPORT_MARKER and ours:
            continue
        found = _files(old) if old.is_dir() else ([""] if old.exists() else [])
        for name in found:
            relative = f"{entry}/{name}" if name else entry
            if relative not in ours:
                raise ExportRefused(
                    f"{target / relative} was not written by timeline export; the export "
                    "would replace it: move it away, choose another folder, or pass --force"
                )


def _write_marker(staging: Path) -> None:
    names = _files(staging)
    marker = staging / EXPORT_MARKER
    marker.write_text(json.dumps({"written": names}, indent=0) + "\n", encoding="utf-8")


def _swap_in(staging: Path, target: Path, entries: list[str]) -> None:
    """Move the new `entries` from `staging` into `target`, the old ones out to be deleted.

    A new target is one rename; into an existing one each entry is a rename, and the entries
    the previous export wrote that this one did not (a table since dropped) are removed."""
    if not target.exists():
        staging.rename(target)
        return
    old = staging / ".replaced"
    old.mkdir()
    stale = {Path(name).parts[0] for name in _previous_export(target)} - set(entries)
    for entry in [*entries, *sorted(stale)]:
        if (target / entry).exists() or (target / entry).is_symlink():
            (target / entry).rename(old / entry)
    for entry in entries:
        (staging / entry).rename(target / entry)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)
