"""Load the SQL text shipped in `warehouse/sql/` (migrations and named queries)."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


@cache
def query(name: str) -> str:
    """Return the text of `sql/queries/<name>.sql`."""
    return resources.files("warehouse").joinpath("sql", "queries", f"{name}.sql").read_text()


def schema_version_ddl() -> str:
    """Return the DDL that creates the `schema_version` bookkeeping table if it is missing."""
    return resources.files("warehouse").joinpath("sql", "schema_version.sql").read_text()


def migrations() -> list[tuple[int, str, str]]:
    """Return `(version, file name, sql)` for every `sql/migrations/NNN_name.sql`, in order."""
    folder = resources.files("warehouse").joinpath("sql", "migrations")
    found = []
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text()))
    found.sort()
    versions = [version for version, _, _ in found]
    if versions != list(range(1, len(versions) + 1)):
        raise RuntimeError(f"warehouse migrations are not numbered 1..n: {versions}")
    return found
