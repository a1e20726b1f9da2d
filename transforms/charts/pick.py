"""Which events a small chart should draw so that it represents many: the most confident events
alone are clock times ("10:30 a.m.", "overnight") about the days the articles came out, all
from one month, so a chart of them says nothing about what the articles date.

`representative` prefers events dated to a day, a week or a month (`PREFERRED_GRANULARITIES`,
an interval of 1 to `MAX_WIDTH_DAYS` days), cuts the time-sorted events into equal shares and
takes the most confident event of each share: the chart then covers the events' whole span in
proportion to where the events are.
"""

from __future__ import annotations

import polars as pl

PREFERRED_GRANULARITIES = ("day", "week", "month")
MAX_WIDTH_DAYS = 31

PREFERRED_SQL = (
    f"granularity IN ({', '.join(repr(g) for g in PREFERRED_GRANULARITIES)})"
    f" AND width_days BETWEEN 1 AND {MAX_WIDTH_DAYS}"
)
"""The same preference as a filter on the warehouse's `timeline` view, to fetch candidates."""


def preferred(events: pl.DataFrame) -> pl.Series:
    """True for events dated to a day, a week or a month."""
    width = (pl.col("latest") - pl.col("earliest")).dt.total_days()
    condition = width.is_between(1, MAX_WIDTH_DAYS)
    if "granularity" in events.columns:
        condition &= pl.col("granularity").is_in(PREFERRED_GRANULARITIES)
    return events.select(condition.fill_null(False).alias("preferred")).to_series()


def representative(events: pl.DataFrame, limit: int) -> pl.DataFrame:
    """Up to `limit` events of `events` (columns `earliest`, `latest`; `confidence` and
    `granularity` used when present) that show their whole span: preferred events first
    (others only fill the places left), spread evenly over the time-sorted events, the most
    confident of each stretch. Sorted by `earliest`."""
    if limit < 1 or events.is_empty():
        return events.head(0)
    drawable = events.filter(
        pl.col("earliest").is_not_null()
        & pl.col("latest").is_not_null()
        & (pl.col("latest") > pl.col("earliest"))
    )
    mask = preferred(drawable)
    chosen = _spread(drawable.filter(mask), limit)
    if chosen.height < limit:
        filler = _spread(drawable.filter(~mask), limit - chosen.height)
        chosen = pl.concat([chosen, filler], how="diagonal_relaxed")
    return chosen.sort("earliest", "latest", maintain_order=True)


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
