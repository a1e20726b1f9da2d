"""Polars-level API: a frame of articles in, frames of temporal expressions and events out.

An article's *document text* is its title and body joined by a blank line (or the body alone when
there is no title): headlines and captions carry dates too ("photographed in Ukraine in 2022").
Every `start`/`end` offset in the output points into that document text.

Per-article work is bounded: a document text longer than `max_tagged_chars()` characters
(`DEFAULT_MAX_TAGGED_CHARS`, 2,000,000, or `$TIMELINE_MAX_TAGGED_CHARS`) is tagged, and its
events derived, in its first that-many characters only, cut back to white space so no word is
split. The article itself is kept whole; `over_long` names the articles this applies to so the
flow can say so. Tagging cost is linear in length (`bench/bench_long_articles.py`), so the cap
bounds an article's tagging time: about 3 ms per KB of prose, 50 ms per KB of text made of
dates, on one core.
"""

from __future__ import annotations

import os
from dataclasses import fields

import polars as pl

from transforms.collector import collector_paused
from transforms.events import events_frame
from transforms.temporal import tag
from transforms.temporal.model import TIMEX_COLUMNS, Timex

POLARS_DTYPES: dict[str, pl.DataType] = {
    "str": pl.String(),
    "int32": pl.Int32(),
    "date": pl.Date(),
    "float64": pl.Float64(),
    "bool": pl.Boolean(),
}
TIMEX_SCHEMA: dict[str, pl.DataType] = {k: POLARS_DTYPES[v] for k, v in TIMEX_COLUMNS.items()}
"""`TIMEX_COLUMNS` as a Polars schema."""

_TIMEX_FIELDS = [f.name for f in fields(Timex)]

DEFAULT_MAX_TAGGED_CHARS = 2_000_000
"""Characters of an article's document text that are tagged; the rest is stored, not tagged."""
MAX_TAGGED_CHARS_ENV = "TIMELINE_MAX_TAGGED_CHARS"
_CUT_LOOKBACK = 200


def max_tagged_chars() -> int:
    """The tagging cap: `$TIMELINE_MAX_TAGGED_CHARS` when set, else the default.

    Raises ValueError with a one-line reason when the variable is not a positive integer.
    """
    raw = os.environ.get(MAX_TAGGED_CHARS_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_TAGGED_CHARS
    try:
        value = int(raw.replace("_", ""))
    except ValueError:
        value = 0
    if value <= 0:
        raise ValueError(
            f"{MAX_TAGGED_CHARS_ENV}={raw!r} is not a positive whole number of characters"
        )
    return value


def tagged_part(text: str, limit: int) -> str:
    """`text`, or its first `limit` characters cut back to white space when it is longer."""
    if len(text) <= limit:
        return text
    cut = limit
    while cut > limit - _CUT_LOOKBACK and cut > 0 and not text[cut].isspace():
        cut -= 1
    if cut <= limit - _CUT_LOOKBACK or cut == 0:
        cut = limit
    return text[:cut]


def over_long(articles: pl.DataFrame, limit: int | None = None) -> pl.DataFrame:
    """`id` and `chars` (document-text length) of the articles longer than the tagging cap."""
    limit = max_tagged_chars() if limit is None else limit
    return (
        _with_document_text(articles)
        .select("id", pl.col("document_text").str.len_chars().alias("chars"))
        .filter(pl.col("chars") > limit)
    )


def document_text(title: str | None, text: str | None) -> str:
    """The text the engine reads for one article: title, blank line, body."""
    title = (title or "").strip()
    body = text or ""
    return f"{title}\n\n{body}" if title else body


def _with_document_text(articles: pl.DataFrame) -> pl.DataFrame:
    """`articles` plus a `document_text` column (see `document_text`)."""
    title = pl.col("title") if "title" in articles.columns else pl.lit(None, pl.String)
    return articles.with_columns(
        pl.when(title.fill_null("").str.strip_chars() != "")
        .then(
            pl.concat_str([title.str.strip_chars(), pl.lit("\n\n"), pl.col("text").fill_null("")])
        )
        .otherwise(pl.col("text").fill_null(""))
        .alias("document_text")
    )


def timexes_frame(
    articles: pl.DataFrame, language: str = "en", max_chars: int | None = None
) -> pl.DataFrame:
    """One row per temporal expression of every article (columns exactly `TIMEX_COLUMNS`).

    `articles` needs `id`, `published` (a date) and `text`; `title` is used when present.
    Rows whose `published` or `text` is null produce nothing (the readers reject those).
    Only the first `max_chars` (default `max_tagged_chars()`) characters are tagged.
    """
    limit = max_tagged_chars() if max_chars is None else max_chars
    docs = _with_document_text(articles)
    rows: list[tuple] = []
    for article_id, published, text in docs.select("id", "published", "document_text").iter_rows():
        if published is None or not text:
            continue
        text = tagged_part(text, limit)
        for index, timex in enumerate(tag(text, published, language)):
            rows.append((article_id, index, *(getattr(timex, f) for f in _TIMEX_FIELDS)))
    columns = ["article_id", "timex_index", *_TIMEX_FIELDS]
    frame = (
        pl.DataFrame(rows, schema=columns, orient="row", infer_schema_length=None) if rows else None
    )
    if frame is None:
        return pl.DataFrame(schema=TIMEX_SCHEMA)
    return frame.select(pl.col(name).cast(dtype) for name, dtype in TIMEX_SCHEMA.items())


def analyse(
    articles: pl.DataFrame, language: str = "en", max_chars: int | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Timexes and events of a batch of articles: `(timexes_frame, events_frame)`.

    Both read only the first `max_chars` (default `max_tagged_chars()`) characters of each
    document text; see the module docstring. The cyclic garbage collector is paused meanwhile
    (`transforms.collector`: the batch makes no reference cycles)."""
    limit = max_tagged_chars() if max_chars is None else max_chars
    with collector_paused():
        timexes = timexes_frame(articles, language, limit)
        docs = _with_document_text(articles)
        texts = [tagged_part(text, limit) for text in docs.get_column("document_text")]
        docs = docs.select("id", "published").with_columns(pl.Series("text", texts, pl.String))
        return timexes, events_frame(docs, timexes)
