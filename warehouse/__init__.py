"""The DuckDB warehouse: the only place in event-timeline with SQL and a DuckDB connection.

Public API::

    from warehouse import Warehouse, LoadResult, content_hash_frame

    wh = Warehouse(path, lock_timeout=None)      # file created + migrated on first write
    run_id = wh.start_run(flow_run_id=None, sources=["bbc"])             # -> str
    res = wh.load_batch(run_id, articles, timexes, events, rejects=None)  # -> LoadResult
    wh.finish_run(run_id, "completed", {"read": 120, "tagged": 118})
    wh.known_hashes(ids) -> dict[str, str]       # stored content hash per known id
    wh.unchanged_ids(articles) -> set[str]       # batch ids whose content is already stored
    content_hash_frame(articles) -> pl.DataFrame  # id, content_hash (same rule as the loader)
    wh.get_source_state(key) -> dict | None ; wh.set_source_state(key, watermark=..., etag=...)
    wh.query(sql, params=None) -> pl.DataFrame   # read-only sandbox (warehouse/adhoc.py)
    with wh.adhoc(allow_files=None) as session:  # `timeline sql`: statements, streamed results
        result = session.run(sql)                # -> Result | None; session.interrupt()
    wh.export_parquet(directory) -> {table: {path, rows, files}}
    wh.migrate() -> list[int] ; wh.schema_version() -> int
    wh.recent_runs(limit=20) -> pl.DataFrame     # `timeline runs`
    wh.reject_reasons(run_id=None, limit=50) -> pl.DataFrame ; wh.has_run(run_id) -> bool
    wh.table_counts() -> dict[str, int]          # rows per table (`timeline check`)

Frames: articles follow `ARTICLE_COLUMNS`, timexes `TIMEX_COLUMNS`, events `EVENT_COLUMNS`,
rejects from readers `source, location, reason, payload` (strings). Empty frames are fine.

Concurrency: DuckDB lets one process write a file and then locks out the others, readers
included. Every method opens a connection, does its work and closes it; while another process
holds the file each call retries for `lock_timeout` seconds (default 30, env
`TIMELINE_WAREHOUSE_LOCK_TIMEOUT`), logs "warehouse busy: ..." once, then raises
`WarehouseBusyError`.

Location: a path that cannot be the warehouse (a directory, a non-DuckDB file, a read-only
file when writing, a folder that does not exist — never created silently) raises
`WarehouseFileError` with a one-line message.

Schema: `sql/migrations/NNN_*.sql`, applied in order and recorded in `schema_version`; an older
file is upgraded in place on its first write. Readers never migrate. See docs/warehouse.md.
"""

from warehouse.core import Warehouse
from warehouse.errors import (
    QueryError,
    QueryInterrupted,
    ReadOnlyError,
    WarehouseBusyError,
    WarehouseError,
    WarehouseFileError,
    WarehouseMissingError,
    WarehouseSettingError,
)
from warehouse.hashing import content_hash, content_hash_frame
from warehouse.loader import LoadResult
from warehouse.location import add_warehouse_arguments, resolve_warehouse_path

__all__ = [
    "LoadResult",
    "QueryError",
    "QueryInterrupted",
    "ReadOnlyError",
    "Warehouse",
    "WarehouseBusyError",
    "WarehouseError",
    "WarehouseFileError",
    "WarehouseMissingError",
    "WarehouseSettingError",
    "add_warehouse_arguments",
    "content_hash",
    "content_hash_frame",
    "resolve_warehouse_path",
]
