"""Load one batch of articles, timexes, events and rejects in a single DuckDB transaction.

The frames are validated and deduplicated in Polars, handed to DuckDB as Arrow tables and merged
with set-based SQL: new articles are inserted, changed ones (same id, new content hash) get their
row updated and their timexes/events replaced, unchanged ones only have `last_seen` moved.
Either the whole batch commits or nothing of it does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import duckdb
import polars as pl

from warehouse import sqlfiles
from warehouse.errors import WarehouseError
from warehouse.validation import CleanBatch

if TYPE_CHECKING:  # imported by Polars when a load converts: a run with nothing to load skips it
    import pyarrow as pa

_ARTICLE_STEPS = (
    ("load_delete_changed_timexes", "changed"),
    ("load_delete_changed_events", "changed"),
    ("load_update_changed_articles", "changed"),
    ("load_touch_unchanged_articles", "unchanged"),
    ("load_insert_new_articles", "new"),
)
"""Statements that write articles, each with the status it acts on: a batch with no article of
that status skips it (each would otherwise scan its table for nothing, and the timexes and
events tables grow by the million)."""

before_commit: Callable[[duckdb.DuckDBPyConnection], None] | None = None
"""Called inside the transaction just before COMMIT; crash tests use it to pause there."""


@dataclass(frozen=True)
class LoadResult:
    """What one `load_batch` call did.

    Article counts are after in-batch deduplication; `timexes`/`events` are rows written;
    `rejects` counts the batch's rejected records (a reject already stored is not stored twice).
    """

    articles_new: int = 0
    articles_changed: int = 0
    articles_unchanged: int = 0
    timexes: int = 0
    events: int = 0
    rejects: int = 0


def _run(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> int:
    """Execute `sql/queries/<name>.sql`; return the affected row count when there is one."""
    rows = con.execute(sqlfiles.query(name), params).fetchall()
    return int(rows[0][0]) if rows and rows[0] and isinstance(rows[0][0], int) else 0


def load(
    con: duckdb.DuckDBPyConnection, run_id: str, batch: CleanBatch, loaded_at: datetime
) -> LoadResult:
    """Write `batch` through `con` in one transaction; roll back and re-raise on any error."""
    for name, frame in (
        ("batch_articles", batch.articles),
        ("batch_timexes", batch.timexes),
        ("batch_events", batch.events),
        ("batch_rejects", batch.rejects),
    ):
        con.register(name, _arrow(frame))
    con.begin()
    try:
        if not _run(con, "load_check_run", {"run_id": run_id}):
            raise WarehouseError(f"unknown run {run_id!r}: call start_run first")
        _run(con, "load_context", {"run_id": run_id, "loaded_at": loaded_at})
        _run(con, "article_hash_macro")
        _run(con, "load_classify")
        status = dict(con.execute(sqlfiles.query("load_status_counts")).fetchall())
        for step, needs in _ARTICLE_STEPS:
            if status.get(needs, 0):
                _run(con, step)
        result = LoadResult(
            articles_new=status.get("new", 0),
            articles_changed=status.get("changed", 0),
            articles_unchanged=status.get("unchanged", 0),
            timexes=_run(con, "load_insert_timexes"),
            events=_run(con, "load_insert_events"),
            rejects=batch.rejects.height,
        )
        if batch.rejects.height:
            _run(con, "load_insert_rejects")
        _run(con, "load_count_run", {"run_id": run_id, **_counts(result)})
        if before_commit is not None:
            before_commit(con)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    finally:
        for name in ("batch_articles", "batch_timexes", "batch_events", "batch_rejects"):
            con.unregister(name)
    return result


def _arrow(frame: pl.DataFrame) -> pa.Table:
    """Zero-copy Arrow view of a frame; string views, which DuckDB scans without converting."""
    return frame.to_arrow(compat_level=pl.CompatLevel.newest())


def _counts(result: LoadResult) -> dict[str, int]:
    return {
        "articles_new": result.articles_new,
        "articles_changed": result.articles_changed,
        "articles_unchanged": result.articles_unchanged,
        "timexes": result.timexes,
        "events": result.events,
        "rejects": result.rejects,
    }
