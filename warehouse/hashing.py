"""Content hash of an article: what decides whether a re-seen article changed.

The hash is MD5 (change detection, not security) over the JSON array
`[title, text, published, source, url]` (nulls kept as JSON null, so a missing title differs
from an empty one), computed by DuckDB (macro in sql/queries/article_hash_macro.sql) so the same
definition serves the flow (before tagging) and the loader.
"""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl

from warehouse import sqlfiles
from warehouse.frames import cast_column

HASHED_COLUMNS = ("id", "title", "text", "published", "source", "url")


def hash_input(articles: pl.DataFrame) -> pl.DataFrame:
    """The hashed columns of an articles frame, typed as the `article_hash` macro takes them."""
    published = cast_column(articles.get_column("published"), pl.Date())
    if published is None:
        raise ValueError(f"published has dtype {articles.schema['published']}; expected a date")
    return articles.select(
        *(pl.col(name).cast(pl.String) for name in HASHED_COLUMNS if name != "published"),
        published.alias("published"),
    )


def content_hash_frame(articles: pl.DataFrame) -> pl.DataFrame:
    """Return `id, content_hash` for each row of an articles frame, in input order."""
    if articles.height == 0:
        return pl.DataFrame(schema={"id": pl.String(), "content_hash": pl.String()})
    frame = hash_input(articles)
    with duckdb.connect() as con:
        con.execute(sqlfiles.query("article_hash_macro"))
        con.register("hash_input", frame.to_arrow())
        return con.sql(sqlfiles.query("content_hash")).pl()


def content_hash(
    title: str | None, text: str | None, published: date | None, source: str | None, url: str | None
) -> str:
    """The content hash of one article (same definition as `content_hash_frame`)."""
    frame = pl.DataFrame(
        {
            "id": [""],
            "title": [title],
            "text": [text],
            "published": pl.Series([published], dtype=pl.Date()),
            "source": [source],
            "url": [url],
        },
        schema_overrides={name: pl.String() for name in ("title", "text", "source", "url")},
    )
    return content_hash_frame(frame).item(0, "content_hash")
