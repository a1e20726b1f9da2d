"""Which events a small chart should draw so that it represents many: the most confident events
alone are clock times ("10:30 a.m.", "overnight") about the days the articles came out, all
from one month, and most event mentions are only placed on their article's publication day, so
a chart of either says nothing about what the articles date.

`representative` ranks events in tiers and fills the chart tier by tier:

0. **preferred**: dated to a day, a week or a month (an interval of 1 to `MAX_WIDTH_DAYS` days)
   by a temporal expression of a day-to-month granularity, or by a governing clause or the
   story's reference time (`PREFERRED_SQL` says the same on the `timeline` view);
1. other events with a real anchor, up to `MAX_FILL_WIDTH_DAYS` wide;
2. events placed by tense, a reporting verb or the publication day alone (`WEAK_ANCHORS`);
3. only when `wide`: intervals wider than `MAX_FILL_WIDTH_DAYS` ("in the 1990s").

Within a tier the time-sorted events are cut into equal shares and each share gives its most
confident event, so the chart covers the events' whole span in proportion to where they are.
Mentions of one clause share its interval: only one of them is drawn. Open-sided events (one
bound null) are never drawn; the callers count them.
"""

from __future__ import annotations

import polars as pl

PREFERRED_GRANULARITIES = ("day", "week", "month")
MAX_WIDTH_DAYS = 31
MAX_FILL_WIDTH_DAYS = 366
"""Wider intervals (decades, "the 1990s") are drawn only on request."""
WEAK_ANCHORS = ("tense", "reporting", "publication")
"""Anchors that place an event by its grammar or the publication day, not by a date."""
DATED_ANCHORS = ("governing", "story")

PREFERRED_SQL = (
    f"width_days BETWEEN 1 AND {MAX_WIDTH_DAYS} AND ("
    f"granularity IN ({', '.join(repr(g) for g in PREFERRED_GRANULARITIES)})"
    f" OR (granularity IS NULL AND anchor IN ({', '.join(repr(a) for a in DATED_ANCHORS)})))"
)
"""The preferred tier as a filter on the warehouse's `timeline` view, to fetch candidates."""
NOT_WIDE_SQL = f"width_days <= {MAX_FILL_WIDTH_DAYS}"
"""Drawable events that are not decades wide, as a filter on the `timeline` view."""


def _column(events: pl.DataFrame, name: str) -> pl.Expr:
    return pl.col(name) if name in events.columns else pl.lit(None, pl.String)


def tiers(events: pl.DataFrame, wide: bool = False) -> pl.Series:
    """Each event's tier (0 best; see the module docstring), null when it is not drawn."""
    width = (pl.col("latest") - pl.col("earliest")).dt.total_days()
    granularity = _column(events, "granularity")
    anchor = _column(events, "anchor")
    preferred = width.is_between(1, MAX_WIDTH_DAYS) & (
        granularity.is_in(PREFERRED_GRANULARITIES)
        | (granularity.is_null() & anchor.is_in(DATED_ANCHORS))
    )
    if "granularity" not in events.columns and "anchor" not in events.columns:
        preferred = width.is_between(1, MAX_WIDTH_DAYS)
    tier = (
        pl.when(width.is_null() | (width < 1))
        .then(None)
        .when(preferred.fill_null(False))
        .then(0)
        .when(width > MAX_FILL_WIDTH_DAYS)
        .then(3 if wide else None)
        .when(anchor.is_in(WEAK_ANCHORS).fill_null(False))
        .then(2)
        .otherwise(1)
    )
    return events.select(tier.cast(pl.Int8).alias("tier")).to_series()


def preferred(events: pl.DataFrame) -> pl.Series:
    """True for events of the preferred tier (dated to a day, a week or a month)."""
    return (tiers(events) == 0).fill_null(False).alias("preferred")


def representative(events: pl.DataFrame, limit: int, wide: bool = False) -> pl.DataFrame:
    """Up to `limit` events of `events` (columns `earliest`, `latest`; `confidence`,
    `granularity`, `anchor`, `article_id` and `sentence` used when present) that show their
    whole span: tier by tier, spread evenly over the time-sorted events, the most confident of
    each stretch. Sorted by `earliest`."""
    if limit < 1 or events.is_empty():
        return events.head(0)
    ranked = events.with_columns(tiers(events, wide).alias("_tier")).filter(
        pl.col("_tier").is_not_null()
    )
    ranked = _one_per_clause(ranked)
    chosen = ranked.head(0)
    for tier in sorted(ranked.get_column("_tier").unique().to_list()):
        if chosen.height >= limit:
            break
        part = _spread(ranked.filter(pl.col("_tier") == tier), limit - chosen.height)
        chosen = pl.concat([chosen, part], how="diagonal_relaxed")
    return chosen.drop("_tier").sort("earliest", "latest", maintain_order=True)


def _one_per_clause(events: pl.DataFrame) -> pl.DataFrame:
    """The most confident event of each (article, sentence, interval): the mentions of one
    clause ("help ensure …") share its interval and would draw the same bar twice. Between
    equally confident ones a verb wins over a noun: "The summit opened in Brussels" says
    what happened, its subject "The summit" does not."""
    keys = [c for c in ("article_id", "sentence") if c in events.columns]
    if not keys:
        return events
    confidence = pl.col("confidence") if "confidence" in events.columns else pl.lit(0.0)
    tense = pl.col("tense") if "tense" in events.columns else pl.lit("NONE")
    return (
        events.with_row_index("_order")
        .with_columns(
            confidence.fill_null(0.0).alias("_confidence"),
            (tense.fill_null("NONE") != "NONE").alias("_verb"),
        )
        .sort("_confidence", "_verb", "_order", descending=[True, True, False])
        .unique([*keys, "earliest", "latest"], keep="first", maintain_order=True)
        .sort("_order")
        .drop("_order", "_confidence", "_verb")
    )


def _spread(events: pl.DataFrame, count: int) -> pl.DataFrame:
    """`count` events, one per equal share of `events` sorted by time: each share's most
    confident, then the one nearest the middle of its share (so that a stray date at either
    end of the span is not drawn for a tie), then the narrowest."""
    if events.height <= count:
        return events
    confidence = pl.col("confidence") if "confidence" in events.columns else pl.lit(0.0)
    ranked = (
        events.sort("earliest", "latest", maintain_order=True)
        .with_row_index("_rank")
        .with_columns(
            (pl.col("_rank") * count // events.height).alias("_share"),
            confidence.fill_null(0.0).alias("_confidence"),
            (pl.col("latest") - pl.col("earliest")).alias("_width"),
        )
        .with_columns(
            (pl.col("_rank").cast(pl.Float64) - pl.col("_rank").mean().over("_share"))
            .abs()
            .alias("_off_centre")
        )
    )
    best = (
        ranked.sort(
            ["_share", "_confidence", "_off_centre", "_width", "_rank"],
            descending=[False, True, False, False, False],
        )
        .group_by("_share", maintain_order=True)
        .first()
    )
    return best.drop("_rank", "_share", "_confidence", "_off_centre", "_width")
