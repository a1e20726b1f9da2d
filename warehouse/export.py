"""Write every warehouse table as Parquet, for analysts who want files rather than DuckDB."""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse import sqlfiles

PARTITIONED = ("events", "timexes")
"""Tables written as hive partitions year=/month= of `earliest`; the rest are single files."""


def export_parquet(con: duckdb.DuckDBPyConnection, target: Path) -> dict[str, dict]:
    """Export each table under `target`; return `{table: {path, rows, files}}`."""
    target.mkdir(parents=True, exist_ok=True)
    written: dict[str, dict] = {}
    for (table,) in con.sql(sqlfiles.query("user_tables")).fetchall():
        rows = con.sql(sqlfiles.query("export_count").format(table=table)).fetchall()[0][0]
        if table in PARTITIONED:
            path = target / table
            con.execute(
                sqlfiles.query("export_partitioned").format(table=table), {"path": str(path)}
            )
            files = sorted(path.rglob("*.parquet"))
        else:
            path = target / f"{table}.parquet"
            con.execute(sqlfiles.query("export_table").format(table=table), {"path": str(path)})
            files = [path]
        written[table] = {"path": path, "rows": rows, "files": len(files)}
    return written
