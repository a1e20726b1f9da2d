"""Write every warehouse table, and the joined `timeline` view, as Parquet, for analysts who
want files rather than DuckDB."""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse import sqlfiles

PARTITIONED = ("events", "timexes")
"""Tables written as hive partitions `published_year=` (their article's publication year),
sorted by `earliest`; the other tables are single files."""

VIEWS = {"timeline": "export_timeline"}
"""Views exported beside the tables (name -> query), partitioned like `PARTITIONED`."""


def export_parquet(con: duckdb.DuckDBPyConnection, target: Path) -> dict[str, dict]:
    """Export each table and `VIEWS` under `target`; return `{name: {path, rows, files}}`."""
    target.mkdir(parents=True, exist_ok=True)
    written: dict[str, dict] = {}
    for (table,) in con.sql(sqlfiles.query("user_tables")).fetchall():
        if table in PARTITIONED:
            written[table] = _partitioned(
                con, table, target / table, sqlfiles.query("export_partitioned").format(table=table)
            )
        else:
            path = target / f"{table}.parquet"
            con.execute(sqlfiles.query("export_table").format(table=table), {"path": str(path)})
            written[table] = {"path": path, "rows": _count(con, table), "files": 1}
    for view, query in VIEWS.items():
        written[view] = _partitioned(con, view, target / view, sqlfiles.query(query))
    return written


def _partitioned(con: duckdb.DuckDBPyConnection, name: str, path: Path, sql: str) -> dict:
    """Run one partitioned COPY into the folder `path` and describe what it wrote."""
    con.execute(sql, {"path": str(path)})
    files = sorted(path.rglob("*.parquet")) if path.is_dir() else []
    return {"path": path, "rows": _count(con, name), "files": len(files)}


def _count(con: duckdb.DuckDBPyConnection, name: str) -> int:
    return con.sql(sqlfiles.query("export_count").format(table=name)).fetchall()[0][0]
