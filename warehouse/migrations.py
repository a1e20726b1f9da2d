"""Bring a warehouse file up to the newest schema version, in place and never by dropping data.

Each `sql/migrations/NNN_name.sql` runs in its own transaction together with the row that records
it in `schema_version`, so a crash leaves the file at the previous version, never half-way.
"""

from __future__ import annotations

import duckdb

from warehouse import sqlfiles
from warehouse.errors import WarehouseError, WarehouseFileError


def latest_version() -> int:
    """The schema version this code writes."""
    return len(sqlfiles.migrations())


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version of the open warehouse (0 for an empty file)."""
    exists = con.sql(sqlfiles.query("schema_version_exists")).fetchall()[0][0]
    if not exists:
        return 0
    return con.sql(sqlfiles.query("schema_version_current")).fetchall()[0][0]


def migrate(con: duckdb.DuckDBPyConnection, target: int | None = None) -> list[int]:
    """Apply the pending migrations up to `target` (default: all); return the versions applied."""
    target = latest_version() if target is None else target
    version = current_version(con)
    if version > latest_version():
        raise WarehouseError(
            f"warehouse schema version {version} is newer than this code knows "
            f"({latest_version()}); upgrade event-timeline"
        )
    applied = []
    for number, name, sql in sqlfiles.migrations():
        if number <= version or number > target:
            continue
        con.begin()
        try:
            con.execute(sqlfiles.schema_version_ddl())
            con.execute(sql)
            con.execute(sqlfiles.query("schema_version_record"), [number, name])
            con.commit()
        except duckdb.Error as error:
            con.rollback()
            reason = str(error).strip().splitlines()[0]
            raise WarehouseFileError(
                f"cannot bring the warehouse to schema v{number} ({name}): {reason}; "
                "is this file a timeline warehouse?"
            ) from None
        except BaseException:
            con.rollback()
            raise
        applied.append(number)
    return applied
