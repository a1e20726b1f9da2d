"""Split incoming frames into rows the warehouse can load and rejects (with a reason each).

Checks run on whole columns with Polars; the first failing check of a row names its reason.
Rows are compared after a lenient cast to the declared dtype, so a value that cannot be read as
that dtype (e.g. published "yesterday-ish") is rejected while the rest of the batch loads.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from warehouse.frames import REJECT_COLUMNS, SCHEMAS, cast_column, empty, polars_schema

_UNKNOWN_ARTICLE = "unknown article: not among this batch's articles"
WHEN_RELATIVE = ("past", "present", "future")
_EVENT_CHECKS = [
    (
        pl.col("trigger_start") > pl.col("trigger_end"),
        "trigger_start is after trigger_end",
    ),
    (
        ~pl.col("when_relative").is_in(WHEN_RELATIVE),
        f"when_relative is not one of {', '.join(WHEN_RELATIVE)}",
    ),
]
"""Checks of event rows beyond those of every child row (a null passes each)."""
REJECT_SCHEMA = pl.Schema({**polars_schema(REJECT_COLUMNS), "stage": pl.String()})


@dataclass(frozen=True)
class CleanBatch:
    """A batch ready to load: conforming, deduplicated frames plus every reject found."""

    articles: pl.DataFrame
    timexes: pl.DataFrame
    events: pl.DataFrame
    rejects: pl.DataFrame


def clean_batch(
    articles: pl.DataFrame,
    timexes: pl.DataFrame,
    events: pl.DataFrame,
    rejects: pl.DataFrame | None,
) -> CleanBatch:
    """Validate and deduplicate one batch.

    The last valid occurrence of an article id wins. Timexes/events of an article id that occurs
    more than once are deduplicated on (article_id, timex_index/event_index), the last row
    winning; those of other articles are taken as the engine produced them.
    """
    good_articles, bad_articles, repeated = _clean_articles(articles)
    good_ids = good_articles.get_column("id")
    bad_ids = bad_articles.get_column("__id")
    sources = pl.concat(
        [
            good_articles.select("id", "source"),
            bad_articles.select(pl.col("__id").alias("id"), "source"),
        ]
    ).unique("id", keep="last")
    good_timexes, bad_timexes = _clean_children(
        "timexes", "timex_index", timexes, good_ids, bad_ids, repeated
    )
    good_events, bad_events = _clean_children(
        "events", "event_index", events, good_ids, bad_ids, repeated
    )
    found = [
        bad_articles.drop("__id"),
        _with_source(bad_timexes, sources),
        _with_source(bad_events, sources),
    ]
    return CleanBatch(
        articles=good_articles,
        timexes=good_timexes,
        events=good_events,
        rejects=pl.concat([_reader_rejects(rejects), *found]).select(REJECT_SCHEMA.names()),
    )


def _conform(raw: pl.DataFrame, kind: str) -> tuple[pl.DataFrame, pl.Series]:
    """Cast `raw` to the schema of `kind`; return it with a per-row reason for failed casts."""
    schema = polars_schema(SCHEMAS[kind])
    if raw.height == 0:
        return empty(kind), pl.Series("reason", [], pl.String())
    missing = [name for name in schema.names() if name not in raw.columns]
    if missing:
        raise ValueError(f"{kind} frame lacks columns {missing}; expected {schema.names()}")
    columns = []
    reason = pl.repeat(None, raw.height, dtype=pl.String(), eager=True).alias("reason")
    for name, dtype in schema.items():
        original = raw.get_column(name)
        cast = cast_column(original, dtype)
        if cast is None:
            cast = pl.repeat(None, raw.height, dtype=dtype, eager=True)
            message = f"column {name} has dtype {original.dtype}, expected {dtype}"
            reason = reason.fill_null(message)
        elif cast is not original:
            failed = cast.is_null() & original.is_not_null()
            message = f"invalid {name}: cannot read it as {dtype}"
            reason = pl.select(
                pl.when(reason.is_null() & failed).then(pl.lit(message)).otherwise(reason)
            ).to_series()
        columns.append(cast.alias(name))
    return pl.DataFrame(columns), reason


def _first_reason(frame: pl.DataFrame, cast_reason: pl.Series, checks: list) -> pl.Series:
    """The first failing check's message per row (cast problems first), null when all pass."""
    expression = pl.lit(None, pl.String())
    for condition, message in reversed(checks):
        expression = pl.when(condition).then(pl.lit(message)).otherwise(expression)
    checked = frame.select(expression.alias("reason")).to_series()
    return cast_reason.fill_null(checked) if cast_reason.len() else checked


def _payload(raw: pl.DataFrame, mask: pl.Series) -> pl.Series:
    """The rejected rows of `raw` as JSON objects (their values as they arrived)."""
    rows = raw.filter(mask)
    try:
        return rows.select(pl.struct(pl.all()).struct.json_encode()).to_series()
    except pl.exceptions.PolarsError:
        return pl.Series([repr(row) for row in rows.iter_rows(named=True)], dtype=pl.String())


def _keep_good(frame: pl.DataFrame, bad: pl.Series) -> pl.DataFrame:
    """The rows of `frame` not marked bad (no copy when all are good, the usual case)."""
    return frame.filter(~bad) if bad.any() else frame


def _clean_articles(raw: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame, pl.Series]:
    """Good articles (deduplicated), rejected ones, and the ids that occurred more than once."""
    frame, cast_reason = _conform(raw, "articles")
    reason = _first_reason(
        frame,
        cast_reason,
        [
            (pl.col("id").is_null() | (pl.col("id").str.strip_chars() == ""), "missing id"),
            (pl.col("published").is_null(), "missing published date"),
            (pl.col("source").is_null(), "missing source"),
            (pl.col("text").is_null() | (pl.col("text").str.strip_chars() == ""), "empty text"),
        ],
    )
    bad = reason.is_not_null()
    good = _keep_good(frame, bad)
    repeated = good.filter(pl.col("id").is_duplicated()).get_column("id").unique()
    if repeated.len():
        good = good.unique("id", keep="last", maintain_order=True)
    location = pl.coalesce(
        pl.col("url"), pl.format("articles id={}", pl.col("id")), pl.lit("articles")
    )
    rejected = frame.filter(bad).select(
        pl.col("source"),
        location.alias("location"),
        pl.Series("reason", reason.filter(bad)),
        pl.Series("payload", _payload(raw, bad)),
        pl.lit("articles").alias("stage"),
        pl.col("id").alias("__id"),
    )
    return good, rejected, repeated


def _clean_children(
    kind: str,
    index: str,
    raw: pl.DataFrame,
    good_ids: pl.Series,
    bad_ids: pl.Series,
    repeated: pl.Series,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Validate timexes or events: keys present, article in this batch, sane interval."""
    frame, cast_reason = _conform(raw, kind)
    article = pl.col("article_id")
    reason = _first_reason(
        frame,
        cast_reason,
        [
            (article.is_null(), "missing article_id"),
            (pl.col(index).is_null(), f"missing {index}"),
            (~article.is_in(good_ids.implode()), _UNKNOWN_ARTICLE),
            (pl.col("earliest") > pl.col("latest"), "earliest is after latest"),
            *(_EVENT_CHECKS if kind == "events" else []),
        ],
    )
    bad = reason.is_not_null()
    good = _keep_good(frame, bad)
    if repeated.len():
        of_repeated = article.is_in(repeated.implode())
        good = pl.concat(
            [
                good.filter(~of_repeated),
                good.filter(of_repeated).unique(["article_id", index], keep="last"),
            ]
        )
    # rechunk: Polars 2.1 panics formatting an integer column of several chunks (a concat of
    # batches) after a filter
    rejected = (
        frame.filter(bad)
        .rechunk()
        .select(
            pl.format(f"{kind} article_id={{}} {index}={{}}", article, pl.col(index)).alias(
                "location"
            ),
            pl.when(
                (pl.Series(reason.filter(bad)) == _UNKNOWN_ARTICLE)
                & article.is_in(bad_ids.implode())
            )
            .then(pl.lit("its article was rejected"))
            .otherwise(pl.Series(reason.filter(bad)))
            .alias("reason"),
            pl.Series("payload", _payload(raw, bad)),
            pl.lit(kind).alias("stage"),
            article,
        )
    )
    return good, rejected


def _with_source(rejected: pl.DataFrame, sources: pl.DataFrame) -> pl.DataFrame:
    """Attach the article's source to child rejects, so rejects can be read per source."""
    joined = rejected.join(sources, left_on="article_id", right_on="id", how="left")
    return joined.select(REJECT_SCHEMA.names())


def _reader_rejects(rejects: pl.DataFrame | None) -> pl.DataFrame:
    """Rejects handed in by a reader: cast to strings, stage `read`, a reason always present."""
    if rejects is None or rejects.height == 0:
        return pl.DataFrame(schema=REJECT_SCHEMA)
    missing = [name for name in REJECT_COLUMNS if name not in rejects.columns]
    if missing:
        raise ValueError(f"rejects frame lacks columns {missing}; expected {list(REJECT_COLUMNS)}")
    return rejects.select(
        *(pl.col(name).cast(pl.String) for name in REJECT_COLUMNS),
        pl.lit("read").alias("stage"),
    ).with_columns(pl.col("reason").fill_null("no reason given"))
