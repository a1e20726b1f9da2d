"""Polars-level API: a frame of articles in, frames of temporal expressions and events out.

An article's *document text* is its title and body joined by a blank line (or the body alone when
there is no title): headlines and captions carry dates too ("photographed in Ukraine in 2022").
Every `start`/`end` offset in the output points into that document text.
"""

from __future__ import annotations

from dataclasses import fields

import polars as pl

from transforms.events import events_frame
from transforms.temporal import tag
from transforms.temporal.model import TIMEX_COLUMNS, Timex

POLARS_DTYPES: dict[str, pl.DataType] = {
    "str": pl.String(),
    "int32": pl.Int32(),
    "date": pl.Date(),
    "float64": pl.Float64(),
}
TIMEX_SCHEMA: dict[str, pl.DataType] = {k: POLARS_DTYPES[v] for k, v in TIMEX_COLUMNS.items()}
"""`TIMEX_COLUMNS` as a Polars schema."""

_TIMEX_FIELDS = [f.name for f in fields(Timex)]


def document_text(title: str | None, text: str | None) -> str:
    """The text the engine reads for one article: title, blank line, body."""
    title = (title or "").strip()
    body = text or ""
    return f"{title}\n\n{body}" if title else body


def _with_document_text(articles: pl.DataFrame) -> pl.DataFrame:
    title = pl.col("title") if "title" in articles.columns else pl.lit(None, pl.String)
    return articles.with_columns(
        pl.when(title.fill_null("").str.strip_chars() != "")
        .then(
            pl.concat_str([title.str.strip_chars(), pl.lit("\n\n"), pl.col("text").fill_null("")])
        )
        .otherwise(pl.col("text").fill_null(""))
        .alias("document_text")
    )


def timexes_frame(articles: pl.DataFrame, language: str = "en") -> pl.DataFrame:
    """One row per temporal expression of every article (columns exactly `TIMEX_COLUMNS`).

    `articles` needs `id`, `published` (a date) and `text`; `title` is used when present.
    Rows whose `published` or `text` is null produce nothing (the readers reject those).
    """
    docs = _with_document_text(articles)
    rows: list[tuple] = []
    for article_id, published, text in docs.select("id", "published", "document_text").iter_rows():
        if published is None or not text:
            continue
        for index, timex in enumerate(tag(text, published, language)):
            rows.append((article_id, index, *(getattr(timex, f) for f in _TIMEX_FIELDS)))
    columns = ["article_id", "timex_index", *_TIMEX_FIELDS]
    frame = (
        pl.DataFrame(rows, schema=columns, orient="row", infer_schema_length=None) if rows else None
    )
    if frame is None:
        return pl.DataFrame(schema=TIMEX_SCHEMA)
    return frame.select(pl.col(name).cast(dtype) for name, dtype in TIMEX_SCHEMA.items())


def analyse(articles: pl.DataFrame, language: str = "en") -> tuple[pl.DataFrame, pl.DataFrame]:
    """Timexes and events of a batch of articles: `(timexes_frame, events_frame)`."""
    timexes = timexes_frame(articles, language)
    docs = _with_document_text(articles).select(
        "id", "published", pl.col("document_text").alias("text")
    )
    return timexes, events_frame(docs, timexes)
