"""Polars batch wrapper: articles + timexes frames in, events frame (`EVENT_COLUMNS`) out."""

from __future__ import annotations

from collections import defaultdict

import polars as pl

from transforms.events.extract import extract_events
from transforms.events.model import EVENT_COLUMNS, Event
from transforms.temporal.model import Timex

_DTYPES: dict[str, type[pl.DataType]] = {
    "str": pl.String,
    "int32": pl.Int32,
    "date": pl.Date,
    "float64": pl.Float64,
}

EVENT_SCHEMA: dict[str, type[pl.DataType]] = {
    name: _DTYPES[kind] for name, kind in EVENT_COLUMNS.items()
}
"""`EVENT_COLUMNS` as a Polars schema."""

_TIMEX_FIELDS = tuple(Timex.__dataclass_fields__)
_EVENT_FIELDS = tuple(Event.__dataclass_fields__)


def _timexes_by_article(timexes: pl.DataFrame) -> dict[str, list[tuple[int, Timex]]]:
    """Each article's `(timex_index, Timex)` pairs, ordered by `timex_index`."""
    grouped: dict[str, list[tuple[int, Timex]]] = defaultdict(list)
    for row in timexes.sort("article_id", "timex_index").iter_rows(named=True):
        fields = {name: row[name] for name in _TIMEX_FIELDS if name in row}
        if fields.get("anchor") is None:
            fields["anchor"] = "none"
        if fields.get("rule") is None:
            fields["rule"] = ""
        grouped[row["article_id"]].append((row["timex_index"], Timex(**fields)))
    return grouped


def events_frame(articles: pl.DataFrame, timexes: pl.DataFrame) -> pl.DataFrame:
    """Events of every article in `articles`, with columns and dtypes exactly `EVENT_COLUMNS`.

    `timex_index` in the result is the value from the `timexes` frame, so events join back to
    their timex rows.
    """
    by_article = _timexes_by_article(timexes)
    rows: list[dict[str, object]] = []
    for article in articles.select("id", "published", "text").iter_rows(named=True):
        pairs = by_article.get(article["id"], [])
        if not pairs or article["text"] is None or article["published"] is None:
            continue
        indexes = [index for index, _ in pairs]
        found = extract_events(article["text"], article["published"], [t for _, t in pairs])
        for event in found:
            row = {name: getattr(event, name) for name in _EVENT_FIELDS}
            row["article_id"] = article["id"]
            row["timex_index"] = indexes[event.timex_index]
            rows.append(row)
    return (
        pl.DataFrame(rows, schema=EVENT_SCHEMA, orient="row")
        if rows
        else pl.DataFrame(schema=EVENT_SCHEMA)
    )
