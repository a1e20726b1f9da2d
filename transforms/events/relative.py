"""Interval arithmetic for events: durations relative to a reference, and one-sided bounds.

All intervals are half-open `[earliest, latest)` calendar dates. Conventions (the numbers are
the module constants below):

Durations ("less than two weeks", `P2W` + mod) give the *offset* `d` between the reference
event R = `[r0, r1)` (the publication day, or another dated timex in the sentence) and the
event X. The mod sets the range of `d`:

| mod                      | offset d                | example                   |
|--------------------------|-------------------------|---------------------------|
| none, START, MID, END    | exactly N               | "two days after X"        |
| LESS_THAN, EQUAL_OR_LESS | 0 … N                   | "less than a day after X" |
| MORE_THAN, EQUAL_OR_MORE | N … MORE_THAN_FACTOR×N  | "more than a week after X"|
| APPROX                   | N × (1 ± APPROX_FRACTION) | "about a month after X" |

and the direction places X: `earlier` → `[r0 − d_max, r1 − d_min)`, `later` →
`[r0 + d_min, r1 + d_max)`, `around` → `[r0 − d_max, r1 + d_max)`.
"The second … in <duration>" is a window: d in 0 … N (×factor for MORE_THAN/APPROX), earlier.

One-sided bounds from a dated timex `[a, b)` ("before winter", "after 2022"), with the bound
`e` being `a` or `b` as the cue table says:
- before a future bound: `[published, e)` (the event has not happened yet);
- before a past bound: `[e − open extent, e)`;
- after a bound, clause in the past or present: `[e, published + 1 day)` (it is reported);
- after a bound in the future, or in a clause with a future marker:
  `[max(e, published), … + open extent)`.
The open extent is the timex's own span, but at least `MIN_OPEN_EXTENT`.
Dates that would leave the calendar are clamped to `date.min`/`date.max`.
"""

from __future__ import annotations

import calendar
import math
import re
from datetime import date, timedelta
from typing import NamedTuple

MORE_THAN_FACTOR = 3
""""more than N" is read as at most 3×N: news says "months", not "more than two weeks", for 10×."""

APPROX_FRACTION = 0.25
""""about N" is read as N ± 25%."""

MIN_OPEN_EXTENT = timedelta(days=7)
"""The shortest open side of a one-sided bound ("after Monday" reaches at least a week)."""

ONE_DAY = timedelta(days=1)

_DURATION = re.compile(
    r"P(?:(?P<Y>\d+(?:\.\d+)?)Y)?(?:(?P<M>\d+(?:\.\d+)?)M)?(?:(?P<W>\d+(?:\.\d+)?)W)?"
    r"(?:(?P<D>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?"
)

_UNIT_GRANULARITY = (("Y", "year"), ("M", "month"), ("W", "week"), ("D", "day"))


class Duration(NamedTuple):
    """A calendar duration: whole months plus days (time parts round up to a day)."""

    months: float
    days: float
    granularity: str


def parse_duration(value: str) -> Duration | None:
    """Parse an ISO 8601 / TIMEX3 period ("P2W", "P1D", "PT5H"); None if vague ("PXW") or zero."""
    match = _DURATION.fullmatch(value or "")
    if match is None or value in ("P", "PT"):
        return None
    parts = {key: float(number) for key, number in match.groupdict(default="0").items()}
    months = parts["Y"] * 12 + parts["M"]
    days = parts["W"] * 7 + parts["D"]
    seconds = parts["h"] * 3600 + parts["m"] * 60 + parts["s"]
    if seconds:
        days += math.ceil(seconds / 86400)
    if months <= 0 and days <= 0:
        return None
    granularity = next((name for key, name in _UNIT_GRANULARITY if parts[key]), "time")
    return Duration(months, days, granularity)


def shift(day: date, days: float = 0, months: float = 0) -> date:
    """`day` moved by whole months (day clamped to month end) then days; clamped to the calendar."""
    whole_months = round(months)
    try:
        if whole_months:
            index = day.year * 12 + day.month - 1 + whole_months
            year, month = divmod(index, 12)
            month += 1
            if year < date.min.year:
                return date.min
            if year > date.max.year:
                return date.max
            day = date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
        return day + timedelta(days=round(days))
    except OverflowError:
        return date.min if days < 0 or months < 0 else date.max


def duration_days(duration: Duration, reference: date, sign: int) -> float:
    """Length of `duration` in days, measured from `reference` backwards (-1) or forwards (+1)."""
    moved = shift(reference, months=sign * duration.months)
    return abs((moved - reference).days) + duration.days


def offset_range(mod: str | None, length: float) -> tuple[float, float]:
    """The (smallest, largest) offset in days that `mod` allows for a duration of `length` days."""
    if mod in ("LESS_THAN", "EQUAL_OR_LESS"):
        return 0.0, length
    if mod in ("MORE_THAN", "EQUAL_OR_MORE"):
        return length, length * MORE_THAN_FACTOR
    if mod == "APPROX":
        return length * (1 - APPROX_FRACTION), length * (1 + APPROX_FRACTION)
    return length, length


def window_range(mod: str | None, length: float, at_least: bool) -> tuple[float, float]:
    """Offsets for "the N-th … in <duration>": within it, or beyond it for "the first … in"."""
    if at_least:
        return length, length * MORE_THAN_FACTOR
    if mod in ("MORE_THAN", "EQUAL_OR_MORE"):
        return 0.0, length * MORE_THAN_FACTOR
    if mod == "APPROX":
        return 0.0, length * (1 + APPROX_FRACTION)
    return 0.0, length


def relative_interval(
    reference: tuple[date, date],
    duration: Duration,
    mod: str | None,
    direction: str,
    window: tuple[float, float] | None = None,
) -> tuple[date, date]:
    """Where an event lies, `duration` (read through `mod`) `direction` of `reference`.

    `direction` is `earlier`, `later` or `around`; `window` overrides the offset range (used
    for ordinal windows).
    """
    r0, r1 = reference
    sign = 1 if direction == "later" else -1
    length = duration_days(duration, r0, sign)
    low, high = window if window is not None else offset_range(mod, length)
    low, high = math.floor(low), math.ceil(high)
    if direction == "earlier":
        return shift(r0, -high), shift(r1, -low)
    if direction == "later":
        return shift(r0, low), shift(r1, high)
    return shift(r0, -high), shift(r1, high)


def open_extent(earliest: date, latest: date) -> timedelta:
    """How far the open side of a one-sided bound reaches: the timex span, at least a week."""
    return max(latest - earliest, MIN_OPEN_EXTENT)


def bounded_interval(
    relation: str,
    edge: str,
    interval: tuple[date, date],
    published: date,
    future: bool = False,
) -> tuple[date, date]:
    """The event interval for `relation` (`during`/`before`/`after`) to a dated timex interval.

    `edge` picks the bounding side of the timex interval (`start` or `end`); `future` says the
    clause speaks of the future ("will", "plans to"), which lets "after" reach past publication.
    """
    earliest, latest = interval
    if relation == "during":
        return earliest, latest
    bound = earliest if edge == "start" else latest
    extent = open_extent(earliest, latest).days
    if relation == "before":
        if bound > published:
            return published, bound
        return shift(bound, -extent), bound
    if future or bound > published:
        start = max(bound, published)
        return start, shift(start, extent)
    return bound, shift(published, 1)
