"""Column schemas of the frames the warehouse accepts, and coercion of frames to them."""

from __future__ import annotations

import polars as pl

from transforms.events.model import ARTICLE_COLUMNS, EVENT_COLUMNS
from transforms.temporal.model import TIMEX_COLUMNS

REJECT_COLUMNS: dict[str, str] = {
    "source": "str",
    "location": "str",
    "reason": "str",
    "payload": "str",
}
"""Columns of a rejects frame handed in by a reader (all strings)."""

_DTYPES: dict[str, pl.DataType] = {
    "str": pl.String(),
    "int32": pl.Int32(),
    "date": pl.Date(),
    "float64": pl.Float64(),
    "bool": pl.Boolean(),
}

SCHEMAS: dict[str, dict[str, str]] = {
    "articles": ARTICLE_COLUMNS,
    "timexes": TIMEX_COLUMNS,
    "events": EVENT_COLUMNS,
    "rejects": REJECT_COLUMNS,
}


def polars_schema(columns: dict[str, str]) -> pl.Schema:
    """The Polars schema of a column spec such as `TIMEX_COLUMNS`."""
    return pl.Schema({name: _DTYPES[kind] for name, kind in columns.items()})


def empty(kind: str) -> pl.DataFrame:
    """An empty frame of `kind` (articles, timexes, events, rejects) with the right dtypes."""
    return pl.DataFrame(schema=polars_schema(SCHEMAS[kind]))


def cast_column(series: pl.Series, dtype: pl.DataType) -> pl.Series | None:
    """Cast leniently (unreadable values become null); None when the dtype cannot be cast at all."""
    if series.dtype == dtype:
        return series
    try:
        if dtype == pl.Date() and series.dtype == pl.String():
            return series.str.to_date("%Y-%m-%d", strict=False)
        return series.cast(dtype, strict=False)
    except (pl.exceptions.InvalidOperationError, pl.exceptions.ComputeError):
        return None
