"""Layer 3: the one place that resolves underspecified meanings into TIMEX3 values and intervals.

Inputs are a `Meaning`, the publication date (DCT), the tense of the clause and the last date the
text mentioned; outputs are the TIMEX3 value, granularity and half-open interval. Every choice of
direction ("Tuesday" before or after the DCT, "January" of which year) is made here.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from transforms.temporal import calendar as cal
from transforms.temporal.meaning import Direction, Kind, Meaning, Reference, Unit
from transforms.temporal.model import Anchor, Granularity, Mod, Resolved, TimexType
from transforms.temporal.vocab import SEASON_START_MONTH, UNIT_GRANULARITY, UNIT_ISO

__all__ = ["Context", "Resolved", "is_narrative", "resolve", "resolve_range"]


@dataclass(slots=True)
class Context:
    """What the resolver knows while it walks a document in order."""

    dct: date
    last_point: date | None = None
    last_granularity: str | None = None
    reporting_quarter: tuple[int, int] | None = None
    """The quarter an earnings report is about: the first quarter the text names that began
    within the year before the DCT (the lead's "third-quarter net"), not a later aside ("after
    a flat second quarter") nor an outlook ("the third quarter of 1990")."""
    year_to_date: bool = False
    """Set by a year-to-date length ("the first nine months") and cleared by the next date:
    "a year earlier" right after one compares whole years, not quarters."""
    tense: str | None = None
    notes: list[str] = field(default_factory=list)
    published: date | None = None
    """The publication date; `dct` is the reference time the resolver counts from, which in a
    narrative is the story's current date rather than this."""
    narrative: bool = False
    """The text tells a story set well before its publication (see `is_narrative`)."""
    story_point: date | None = None
    """The story's current reference time: the last placed date of a month or finer, explicit
    or resolved. A bare year only starts the story: later ones are too often asides ("a
    campaign planned for 1976") or spans ("Between 1961 and 1964") to move it."""

    story_bc: int | None = None
    """The story's current year when it is set before the common era (480 for 480 BC), which
    `date` cannot hold; None once the story reaches a date of the common era."""
    story_bc_month: int | None = None
    """The month of the story's BC date, when one was given ("August 480 BC")."""

    def reference_time(self) -> date:
        """The date underspecified expressions count from: the story's date in a narrative."""
        if self.narrative and self.story_point is not None:
            return self.story_point
        return self.published or self.dct

    def remember(self, resolved: Resolved) -> None:
        """Make a resolved calendar expression the new 'last mentioned date'."""
        if resolved.earliest is None or resolved.type not in ("DATE", "TIME"):
            return
        if resolved.value.endswith("_REF") or "X" in resolved.value:
            return
        if self.narrative and (
            resolved.granularity in _STORY_GRANULARITIES
            or (resolved.granularity == "year" and self.story_point is None)
        ):
            self.story_point = resolved.earliest
        if resolved.anchor == Anchor.LAST_MENTIONED:
            return
        self.last_point = resolved.earliest
        self.year_to_date = False
        self.last_granularity = resolved.granularity
        if (
            resolved.granularity == "quarter"
            and self.reporting_quarter is None
            and (self.dct - timedelta(days=366) <= resolved.earliest <= self.dct)
        ):
            self.reporting_quarter = (resolved.earliest.year, cal.quarter_of(resolved.earliest))


_STORY_GRANULARITIES = frozenset({"time", "day", "week", "month"})

NARRATIVE_MIN_YEARS = 5
"""A text is a narrative when it gives at least this many full dates (month and year) ..."""
NARRATIVE_PAST_YEARS = 2
"""... and most of them lie at least this many calendar years before its publication."""


def is_narrative(meanings: list[Meaning], published: date) -> bool:
    """Whether a text is a story told in the past (a history, a biography), not news.

    News dates things around its publication; a story dates its own events, long before. There
    the year of a date written without one is the story's, not the publication's. Only dates with
    a month count: a bare number ("item 1500", "1,200 troops") is too weak a cue.
    """
    years = [
        m.year
        for m in meanings
        if m.kind == Kind.CALENDAR and m.year is not None and m.month is not None
    ]
    years += [0 for m in meanings if m.kind == Kind.REFERENCE and (m.value or "").startswith("BC")]
    old = sum(1 for y in years if y <= published.year - NARRATIVE_PAST_YEARS)
    return len(years) >= NARRATIVE_MIN_YEARS and old * 2 > len(years)


YEAR_TO_DATE = frozenset({"P6M", "P9M"})
"""Lengths that earnings reports give year to date: "the first nine months", "the six months"."""


def resolve(meaning: Meaning, ctx: Context) -> Resolved | None:
    """Resolve one meaning against the context; None when it cannot be placed sensibly."""
    resolved = None
    if ctx.narrative and ctx.story_bc is not None:
        resolved = _resolve_in_bc_story(meaning, ctx)
    if resolved is None:
        resolved = _HANDLERS[meaning.kind](meaning, ctx)
    if resolved is None:
        return None
    if ctx.narrative:
        _follow_bc_story(resolved, meaning, ctx)
    if meaning.mod and resolved.mod is None:
        resolved = replace(resolved, mod=meaning.mod)
    if meaning.opens_period and ctx.narrative and resolved.earliest is not None:
        ctx.story_point = resolved.earliest
    if resolved.value in YEAR_TO_DATE:
        ctx.year_to_date = True
    if resolved.mod in _PART_MODS and resolved.earliest and resolved.latest:
        earliest, latest = cal.part_interval(resolved.earliest, resolved.latest, resolved.mod)
        resolved = replace(resolved, earliest=earliest, latest=latest)
    return resolved


_PART_MODS = frozenset({Mod.START, Mod.MID, Mod.END})

SEASON_START = {season: month for season, month in SEASON_START_MONTH.items()}


# ---- values and intervals of calendar periods -------------------------------------------------


def _week_value(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}"


def period(d: date, granularity: str) -> tuple[str, date, date]:
    """Value and interval of the calendar period of `granularity` containing `d`."""
    match granularity:
        case "day":
            return d.isoformat(), *cal.day_interval(d)
        case "week":
            return _week_value(d), *cal.week_interval(d)
        case "month":
            return f"{d.year:04d}-{d.month:02d}", *cal.month_interval(d.year, d.month)
        case "quarter":
            q = cal.quarter_of(d)
            return f"{d.year:04d}-Q{q}", *cal.quarter_interval(d.year, q)
        case "year":
            return f"{d.year:04d}", *cal.year_interval(d.year)
        case "decade":
            return f"{d.year // 10:03d}", *cal.decade_interval(d.year // 10)
        case "century":
            return f"{d.year // 100:02d}", *cal.century_interval(d.year // 100)
    return d.isoformat(), *cal.day_interval(d)


TENSE_HORIZON_DAYS = 300
"""Tense (a noisy cue) may move a year-less day this far from the DCT; beyond it the nearest
occurrence wins ("payable Dec. 15" in a November article stays in that December)."""


NEAR_MONTH_DAYS = 100
"""With no tense, a month this close to the DCT is taken at its nearest occurrence ("in January"
in a November article is the coming January); a farther one in the DCT's year."""


PAST_LEAN_DAYS = 20
"""With no tense, news mostly looks back: a past occurrence wins unless the future one is this
many days nearer ("its record high set on Aug. 6" in a February article is last August)."""


def _choose_year(month: int, day: int | None, ctx: Context, direction: str | None) -> int:
    """Year for a month (and day) written without one.

    An explicit direction ("last April", "next June") picks the occurrence before or after the
    DCT; "last February" written in February or March is the one a year before (the February
    just gone would be "last month"). Otherwise the clause's tense does, within
    `TENSE_HORIZON_DAYS` for days; with no tense a month is taken in the DCT's year and a day at
    its nearest occurrence.
    """
    dct = ctx.dct
    if direction == Direction.SAME_YEAR:
        return dct.year
    if ctx.narrative and ctx.story_point is not None and direction is None:
        return _story_year(month, day, ctx.story_point)
    if month == dct.month and day is None:
        return dct.year + {"past": -1, "future": 1}.get(direction or "", 0)
    if direction == Direction.PAST and day is None and month == cal.add_months(dct, -1).month:
        return cal.add_months(dct, -1).year - 1

    def point(year: int) -> date:
        return date(year, month, min(day or 1, calendar.monthrange(year, month)[1]))

    past_year = dct.year if point(dct.year) <= dct else dct.year - 1
    future_year = dct.year if point(dct.year) >= dct else dct.year + 1
    if direction == Direction.PAST:
        return past_year
    if direction == Direction.FUTURE:
        return future_year
    if ctx.tense == "past" and (day is None or (dct - point(past_year)).days <= TENSE_HORIZON_DAYS):
        return past_year
    if ctx.tense == "future" and (
        day is None or (point(future_year) - dct).days <= TENSE_HORIZON_DAYS
    ):
        return future_year
    options = [dct.year - 1, dct.year, dct.year + 1]
    nearest = min(
        options, key=lambda y: (abs((point(y) - dct).days + PAST_LEAN_DAYS), y != dct.year)
    )
    if day is None and abs((point(nearest) - dct).days) > NEAR_MONTH_DAYS:
        return dct.year
    return nearest


STORY_LOOKBACK_DAYS = 90
"""A story moves forward: a month or day written without a year is its next occurrence after
the story's date, unless it lies this little before it ("in late September" after "early
October 1939" looks back)."""


def _story_year(month: int, day: int | None, story: date) -> int:
    """Year of a year-less month or day in a narrative: the next occurrence from the story's
    date, allowing a short look back."""
    last = calendar.monthrange(story.year, month)[1]
    end = date(story.year, month, min(day, last)) if day else date(story.year, month, last)
    if (story - end).days > STORY_LOOKBACK_DAYS:
        return story.year + 1
    return story.year


def _resolve_calendar(m: Meaning, ctx: Context) -> Resolved | None:
    anchor = Anchor.EXPLICIT if m.year is not None else Anchor.PUBLISHED
    if m.decade is not None:
        start, end = cal.decade_interval(m.decade)
        return Resolved(
            TimexType.DATE,
            f"{m.decade:03d}",
            m.mod,
            start,
            end,
            Granularity.DECADE,
            Anchor.EXPLICIT,
        )
    if m.century is not None:
        start, end = cal.century_interval(m.century)
        return Resolved(
            TimexType.DATE,
            f"{m.century:02d}",
            m.mod,
            start,
            end,
            Granularity.CENTURY,
            Anchor.EXPLICIT,
        )
    if m.quarter is not None:
        year = m.year if m.year is not None else _quarter_year(m.quarter, ctx, m.direction)
        start, end = cal.quarter_interval(year, m.quarter)
        return Resolved(
            TimexType.DATE,
            f"{year:04d}-Q{m.quarter}",
            m.mod,
            start,
            end,
            Granularity.QUARTER,
            anchor,
        )
    if m.half is not None:
        year = m.year if m.year is not None else ctx.dct.year
        start, end = cal.half_interval(year, m.half)
        return Resolved(
            TimexType.DATE, f"{year:04d}-H{m.half}", m.mod, start, end, Granularity.HALF, anchor
        )
    if m.season is not None:
        year = m.year if m.year is not None else ctx.dct.year
        start, end = cal.season_interval(year, m.season)
        return Resolved(
            TimexType.DATE, f"{year:04d}-{m.season}", m.mod, start, end, Granularity.SEASON, anchor
        )
    if m.weekday is not None and m.day is not None and m.year is None:
        fitted = _weekday_fit(m, ctx)
        if fitted is not None:
            return _with_time(m, fitted, anchor)
    if m.weekday is not None and m.month is None and m.day is None:
        return _with_time(
            m,
            _weekday_date(m, ctx),
            Anchor.PUBLISHED if m.reference == Reference.DCT else Anchor.LAST_MENTIONED,
        )
    if m.day is not None and m.month is None:
        d = _day_of_month(m.day, ctx)
        return None if d is None else _with_time(m, d, anchor)
    if m.month is not None:
        year = m.year if m.year is not None else _choose_year(m.month, m.day, ctx, m.direction)
        if m.day is not None:
            try:
                d = date(year, m.month, m.day)
            except ValueError:
                return None
            return _with_time(m, d, anchor)
        start, end = cal.month_interval(year, m.month)
        return Resolved(
            TimexType.DATE,
            f"{year:04d}-{m.month:02d}",
            m.mod,
            start,
            end,
            Granularity.MONTH,
            anchor,
        )
    if m.year is not None:
        if m.year > (ctx.published or ctx.dct).year + 80:
            return None
        start, end = cal.year_interval(m.year)
        return Resolved(
            TimexType.DATE, f"{m.year:04d}", m.mod, start, end, Granularity.YEAR, Anchor.EXPLICIT
        )
    if m.hour is not None:
        return _with_time(m, ctx.dct, Anchor.PUBLISHED)
    return None


WEEKDAY_FIT_YEARS = 3
"""How many years either side of the anchor a weekday beside a date without a year looks for the
year in which that date falls on that weekday ("Thursday, June 15")."""


def _weekday_fit(m: Meaning, ctx: Context) -> date | None:
    """The date nearest the anchor that has `m`'s day (and month, in either reading when the
    numbers allow) and falls on `m.weekday`: the weekday written beside a date decides its
    year, or its month when none is written ("Tuesday the 14th"). None when none fits."""
    dct = ctx.dct
    readings = [(m.month, m.day)]
    if m.day_month_either_way:
        readings.append((m.day, m.month))
    if m.month is None:
        months = [cal.add_months(dct.replace(day=1), k) for k in (-1, 0, 1)]
        readings = [(d.month, m.day) for d in months]
        years_of = {d.month: [d.year] for d in months}
    else:
        span = range(dct.year - WEEKDAY_FIT_YEARS, dct.year + WEEKDAY_FIT_YEARS + 1)
        years_of = {month: list(span) for month, _ in readings}
    fits = []
    for month, day in readings:
        for year in years_of[month]:
            try:
                d = date(year, month, day)
            except ValueError:
                continue
            if d.isoweekday() == m.weekday:
                fits.append(d)
    return min(fits, key=lambda d: (abs((d - dct).days), d < dct), default=None)


def resolve_range(first: Meaning, last: Meaning, ctx: Context) -> tuple[Resolved, Resolved] | None:
    """The two ends of one range ("Tuesday - Friday", "from March to June 2023"), placed
    together: an end without a year takes it from the other end, the one not placed by the
    other is placed by the usual means (the last in a past clause, else the first), and the
    other falls at or after (before) it. Both get the range's interval; None if an end cannot
    be placed."""
    first, last = replace(first), replace(last)
    if ctx.tense is None and _weekday_only(first) and _weekday_only(last):
        last.direction = Direction.FUTURE if last.weekday != ctx.dct.isoweekday() else None
    if (
        last.year is not None
        and first.year is None
        or (ctx.tense == "past" or last.direction)
        and first.year is None
    ):
        anchor = resolve(last, ctx)
        if anchor is None:
            return None
        other = _place(first, ctx, anchor.earliest, after=False)
        pair = (other, anchor)
    else:
        anchor = resolve(first, ctx)
        if anchor is None:
            return None
        other = _place(last, ctx, anchor.earliest, after=True)
        pair = (anchor, other)
    if other is None or pair[0].earliest is None or pair[1].latest is None:
        return None
    earliest, latest = pair[0].earliest, max(pair[1].latest, pair[0].latest or pair[1].latest)
    if latest <= earliest:
        return None
    return (
        replace(pair[0], earliest=earliest, latest=latest),
        replace(pair[1], earliest=earliest, latest=latest),
    )


def _weekday_only(m: Meaning) -> bool:
    return m.weekday is not None and m.month is None and m.day is None and m.direction is None


def _place(m: Meaning, ctx: Context, anchor: date | None, after: bool) -> Resolved | None:
    """Resolve one end of a range at or after (before) the other end's start `anchor`."""
    if m.kind == Kind.SEASON and m.year is None:
        m = replace(m, kind=Kind.CALENDAR)
    if anchor is None or m.year is not None or m.kind != Kind.CALENDAR:
        return resolve(m, ctx)
    if m.weekday is not None and m.month is None and m.day is None:
        shift = (m.weekday - anchor.isoweekday()) % 7
        d = anchor + timedelta(days=shift) if after else anchor - timedelta(days=(7 - shift) % 7)
        return resolve_fixed(m, d)
    if m.month is not None or m.season is not None:
        month = m.month or SEASON_START[m.season]
        first_day = m.day or 1
        year = anchor.year
        if after and (month, first_day) < (anchor.month, 1 if m.day is None else anchor.day):
            year += 1
        if not after and (month, first_day) > (anchor.month, anchor.day):
            year -= 1
        return resolve(replace(m, year=year), ctx)
    return resolve(m, ctx)


def resolve_fixed(m: Meaning, d: date) -> Resolved:
    """A day-or-finer meaning on the day `d` chosen for it (published-anchored)."""
    return _with_time(m, d, Anchor.PUBLISHED)


def _day_of_month(day: int, ctx: Context) -> date | None:
    """ "on the 15th": that day of the anchor's month; a past clause takes the last such day
    on or before the anchor, a future one the next on or after it."""
    dct = ctx.dct
    month_start = dct.replace(day=1)
    if ctx.tense == "past" and day > dct.day:
        month_start = cal.add_months(month_start, -1)
    elif ctx.tense == "future" and day < dct.day:
        month_start = cal.add_months(month_start, 1)
    if day > calendar.monthrange(month_start.year, month_start.month)[1]:
        return None
    return month_start.replace(day=day)


def _with_time(m: Meaning, d: date, anchor: str) -> Resolved:
    start, end = cal.day_interval(d)
    if m.hour is not None:
        minute = m.minute or 0
        return Resolved(
            TimexType.TIME,
            f"{d.isoformat()}T{m.hour:02d}:{minute:02d}",
            m.mod,
            start,
            end,
            Granularity.TIME,
            anchor,
        )
    if m.part_of_day:
        return Resolved(
            TimexType.TIME,
            f"{d.isoformat()}T{m.part_of_day}",
            m.mod,
            start,
            end,
            Granularity.TIME,
            anchor,
        )
    return Resolved(TimexType.DATE, d.isoformat(), m.mod, start, end, Granularity.DAY, anchor)


def _quarter_year(quarter: int, ctx: Context, direction: str | None) -> int:
    dct = ctx.dct
    if direction == Direction.SAME_YEAR:
        return dct.year
    start, end = cal.quarter_interval(dct.year, quarter)
    tense = direction or ctx.tense
    if tense == "past" and start > dct:
        return dct.year - 1
    if tense == "future" and end <= dct - timedelta(days=45):
        return dct.year + 1
    return dct.year


def _weekday_date(m: Meaning, ctx: Context) -> date:
    """The date of a weekday: same day as the anchor, else the previous or next one by tense;
    "this Friday" with no tense is the coming one."""
    base = ctx.last_point if m.reference == Reference.LAST and ctx.last_point else ctx.dct
    delta = m.weekday - base.isoweekday()
    direction = m.direction or ctx.tense or "past"
    if m.direction == Direction.THIS:
        direction = ctx.tense or "future"
    if m.reference == Reference.LAST:
        direction = m.direction or "past"
    if delta == 0 and m.direction in (None, "this") and m.reference != Reference.LAST:
        return base
    if direction == Direction.FUTURE:
        return base + timedelta(days=delta if delta > 0 else delta + 7)
    return base + timedelta(days=delta if delta < 0 else delta - 7)


def _resolve_day_offset(m: Meaning, ctx: Context) -> Resolved:
    """ "yesterday", "tonight" from the DCT; "in the morning" on the last day mentioned."""
    if m.reference == Reference.LAST and ctx.last_point and ctx.last_granularity in ("day", "time"):
        return _with_time(m, ctx.last_point + timedelta(days=m.offset), Anchor.LAST_MENTIONED)
    return _with_time(m, ctx.dct + timedelta(days=m.offset), Anchor.PUBLISHED)


def _reference_point(m: Meaning, ctx: Context) -> tuple[date, str]:
    if m.reference == Reference.LAST and ctx.last_point is not None:
        return ctx.last_point, Anchor.LAST_MENTIONED
    return ctx.dct, Anchor.PUBLISHED


def _resolve_relative(m: Meaning, ctx: Context) -> Resolved:
    """ "last week", "this year", "next month", "the following year", "the latest quarter"."""
    base, anchor = _reference_point(m, ctx)
    granularity = UNIT_GRANULARITY[m.unit]
    point = cal.shift(base, m.unit, m.offset)
    value, start, end = period(point, granularity)
    return Resolved(TimexType.DATE, value, m.mod, start, end, granularity, anchor)


def _resolve_quarter_of_relative_year(m: Meaning, ctx: Context) -> Resolved:
    year = ctx.dct.year + m.offset
    quarter = m.quarter or cal.quarter_of(ctx.dct)
    start, end = cal.quarter_interval(year, quarter)
    return Resolved(
        TimexType.DATE,
        f"{year:04d}-Q{quarter}",
        m.mod,
        start,
        end,
        Granularity.QUARTER,
        Anchor.PUBLISHED,
    )


def _resolve_offset(m: Meaning, ctx: Context) -> Resolved:
    """ "two years ago" (from the DCT), "a year earlier" (from the last date mentioned)."""
    granularity = UNIT_GRANULARITY[m.unit]
    if (
        ctx.year_to_date
        and m.unit == Unit.YEAR
        and m.offset == -1
        and m.reference != Reference.LAST_QUARTER
    ):
        year = (ctx.reporting_quarter or (ctx.dct.year,))[0] - 1
        start, end = cal.year_interval(year)
        return Resolved(
            TimexType.DATE,
            f"{year:04d}",
            m.mod,
            start,
            end,
            Granularity.YEAR,
            Anchor.LAST_MENTIONED,
        )
    if m.reference in ("last_quarter", "reporting_period") or (
        m.unit == Unit.YEAR and abs(m.offset) == 1 and ctx.last_granularity == "quarter"
    ):
        year, quarter = ctx.reporting_quarter or _reporting_quarter(ctx.dct)
        if m.quarter:
            quarter = m.quarter
        start, end = cal.quarter_interval(year + m.offset, quarter)
        return Resolved(
            TimexType.DATE,
            f"{year + m.offset:04d}-Q{quarter}",
            m.mod,
            start,
            end,
            Granularity.QUARTER,
            Anchor.LAST_MENTIONED,
        )
    base, anchor = _reference_point(m, ctx)
    years_back = m.offset * _YEARS_PER_UNIT.get(m.unit, 0)
    if base.year + years_back < 1:
        return Resolved(
            TimexType.DATE, f"BC{1 - (base.year + years_back):04d}", m.mod, anchor=anchor
        )
    if m.reference == Reference.LAST and ctx.last_granularity in ("month", "quarter", "year"):
        granularity = max(granularity, ctx.last_granularity, key=_GRANULARITY_ORDER.index)
    if granularity == "time":
        granularity = Granularity.DAY
    point = cal.shift(base, m.unit, m.offset)
    value, start, end = period(point, granularity)
    return Resolved(TimexType.DATE, value, m.mod, start, end, granularity, anchor)


_YEARS_PER_UNIT = {Unit.YEAR: 1, Unit.DECADE: 10, Unit.CENTURY: 100, Unit.MILLENNIUM: 1000}
"""Years in a unit, to place "2,500 years ago" before the common era (year 0 is 1 BC): the
calendar of `datetime` starts at year 1, so such a value has no interval."""

_GRANULARITY_ORDER = ["time", "day", "week", "month", "quarter", "season", "half", "year",
                      "decade", "century"]  # fmt: skip


def _reporting_quarter(dct: date) -> tuple[int, int]:
    """The last completed quarter: what "the quarter" means in an earnings report."""
    previous = cal.add_months(dct, -3)
    return previous.year, cal.quarter_of(previous)


def _resolve_weekend(m: Meaning, ctx: Context) -> Resolved:
    dct = ctx.dct
    direction = m.direction or ctx.tense or "past"
    if m.direction == Direction.THIS or m.offset:
        saturday = dct + timedelta(days=6 - dct.isoweekday() + 7 * m.offset)
    elif dct.isoweekday() >= 6:
        saturday = dct - timedelta(days=dct.isoweekday() - 6)
    elif direction == Direction.FUTURE:
        saturday = dct + timedelta(days=6 - dct.isoweekday())
    else:
        saturday = dct - timedelta(days=dct.isoweekday() + 1)
    iso = saturday.isocalendar()
    return Resolved(
        TimexType.DATE,
        f"{iso.year:04d}-W{iso.week:02d}-WE",
        m.mod,
        saturday,
        saturday + timedelta(days=2),
        Granularity.DAY,
        Anchor.PUBLISHED,
    )


def _resolve_season(m: Meaning, ctx: Context) -> Resolved:
    """Seasons without a year: the current one for "this" or when the anchor lies in it (unless
    "last spring" says otherwise; a past-tense clause alone does not), else by tense, else the
    nearest."""
    dct = ctx.dct
    current_year, current = cal.season_of(dct)
    direction = m.direction or ctx.tense
    candidates = [(y, m.season) for y in (dct.year - 2, dct.year - 1, dct.year, dct.year + 1)]
    intervals = [(y, cal.season_interval(y, s)) for y, s in candidates]
    if (
        m.season == current
        and m.direction != Direction.PAST
        and not m.offset
        or direction == Direction.THIS
    ):
        if m.season == current:
            year = current_year
        else:
            year = min(intervals, key=lambda yi: abs((yi[1][0] - dct).days))[0]
    elif direction == Direction.PAST:
        past = [(y, iv) for y, iv in intervals if iv[1] <= dct]
        year = max(past, key=lambda yi: yi[1][0])[0]
    elif direction == Direction.FUTURE:
        future = [(y, iv) for y, iv in intervals if iv[0] > dct]
        year = min(future, key=lambda yi: yi[1][0])[0]
    else:
        year = min(
            intervals, key=lambda yi: min(abs((yi[1][0] - dct).days), abs((yi[1][1] - dct).days))
        )[0]
    start, end = cal.season_interval(year, m.season)
    return Resolved(
        TimexType.DATE,
        f"{year:04d}-{m.season}",
        m.mod,
        start,
        end,
        Granularity.SEASON,
        Anchor.PUBLISHED,
    )


def _resolve_reference(m: Meaning, ctx: Context) -> Resolved:
    if m.value == "PRESENT_REF":
        start, end = cal.day_interval(ctx.dct)
        return Resolved(
            TimexType.DATE, "PRESENT_REF", m.mod, start, end, Granularity.DAY, Anchor.PUBLISHED
        )
    return Resolved(
        TimexType.DATE, m.value or "PAST_REF", m.mod, None, None, None, Anchor.PUBLISHED
    )


def duration_value(unit: str, amount: float | str) -> str:
    """TIMEX3 duration value: P2W, PT3H, P18M for 1.5 years, PXY for "several years"."""
    if amount == "X":
        letter, _, timed = UNIT_ISO[unit]
        letter = {"DE": "DE", "CE": "CE", "ML": "ML", "WE": "WE"}.get(unit, letter)
        return f"P{'T' if timed else ''}X{letter}"
    amount = float(amount)
    if unit in ("Q", "DE", "CE", "ML", "2W"):
        factor = {"Q": ("M", 3), "DE": ("Y", 10), "CE": ("Y", 100), "ML": ("Y", 1000),
                  "2W": ("W", 2)}[unit]  # fmt: skip
        unit, amount = factor[0], amount * factor[1]
    if unit == Unit.WEEKEND:
        unit, amount = "D", amount * 2
    whole = int(amount)
    fraction = amount - whole
    if fraction == 0:
        letter, _, timed = UNIT_ISO[unit]
        return f"P{'T' if timed else ''}{whole}{letter}"
    split = {"Y": ("M", 12, False), "M": ("D", 30, False), "W": ("D", 7, False),
             "D": ("H", 24, True), "H": ("M", 60, True), "MIN": ("S", 60, True)}  # fmt: skip
    if unit in split:
        small, per, timed = split[unit]
        big = UNIT_ISO[unit][0]
        small_amount = round(fraction * per)
        if unit in ("H", "MIN"):
            head = f"PT{whole}{big}" if whole else "PT"
            return f"{head}{small_amount}{small}"
        if unit == Unit.DAY:
            head = f"P{whole}D" if whole else "P"
            return f"{head}T{small_amount}H"
        if whole == 0:
            return f"P{small_amount}{small}"
        return f"P{whole}{big}{small_amount}{small}"
    return f"P{amount:g}{UNIT_ISO[unit][0]}"


def _resolve_duration(m: Meaning, ctx: Context) -> Resolved:
    """Durations; "the past three months" also gets the interval it covers, ending today.

    In a narrative "twelve days later" is the date twelve days after the story's date, and
    "a few days later" the story's future (FUTURE_REF).
    """
    if m.reference == Reference.DCT and m.offset and ctx.tense == "future":
        granularity = UNIT_GRANULARITY[m.unit]
        if m.unit == Unit.WEEK:
            granularity = Granularity.DAY
        value, start, end = period(cal.shift(ctx.dct, m.unit, m.offset), granularity)
        return Resolved(TimexType.DATE, value, m.mod, start, end, granularity, Anchor.PUBLISHED)
    if ctx.narrative and m.offset_end is not None and m.offset and m.reference == Reference.LAST:
        if m.amount == "X":
            value = "FUTURE_REF" if m.offset > 0 else "PAST_REF"
            return Resolved(TimexType.DATE, value, m.mod, None, None, None, Anchor.LAST_MENTIONED)
        base = ctx.last_point or ctx.dct
        granularity = UNIT_GRANULARITY[m.unit]
        if m.unit == Unit.WEEK and abs(m.offset) > 1:
            granularity = Granularity.DAY
        value, start, end = period(cal.shift(base, m.unit, m.offset), granularity)
        return Resolved(
            TimexType.DATE, value, m.mod, start, end, granularity, Anchor.LAST_MENTIONED
        )
    value = duration_value(m.unit, m.amount)
    resolved = Resolved(TimexType.DURATION, value, m.mod, granularity=UNIT_GRANULARITY[m.unit])
    if m.anchored and m.amount != "X":
        amount = float(m.amount)
        days = max(int(round(cal.duration_days(m.unit, amount))), 1)
        if m.unit in ("M", "Q", "Y", "DE", "CE") and amount == int(amount):
            steps = int(amount) * {"M": 1, "Q": 3, "Y": 12, "DE": 120, "CE": 1200}[m.unit]
            if m.anchored == Direction.PAST:
                start = cal.add_months(ctx.dct, -steps)
            else:
                start = ctx.dct
            end = cal.add_months(ctx.dct, steps) if m.anchored == Direction.FUTURE else ctx.dct
        elif m.anchored == Direction.PAST:
            start, end = ctx.dct - timedelta(days=days), ctx.dct
        else:
            start, end = ctx.dct, ctx.dct + timedelta(days=days)
        resolved = replace(
            resolved, earliest=start, latest=end + timedelta(days=1), anchor=Anchor.PUBLISHED
        )
    return resolved


def _resolve_set(m: Meaning, ctx: Context) -> Resolved:
    return Resolved(TimexType.SET, m.value or "P1D", m.mod)


def _resolve_month_of_relative_year(m: Meaning, ctx: Context) -> Resolved:
    """ "June last year" -> June of the anchor's year minus one; "July 25 of that year" -> that
    day in the year of the last date mentioned."""
    base, anchor = _reference_point(m, ctx)
    year = base.year + m.offset
    if m.day is not None:
        try:
            return _with_time(m, date(year, m.month, m.day), anchor)
        except ValueError:
            return None
    start, end = cal.month_interval(year, m.month)
    return Resolved(
        TimexType.DATE, f"{year:04d}-{m.month:02d}", m.mod, start, end, Granularity.MONTH, anchor
    )


def _resolve_reporting_quarter(m: Meaning, ctx: Context) -> Resolved:
    """ "the latest period", "the 1988 quarter": the quarter being reported on.

    That is the text's reporting quarter, else the last completed quarter before the DCT;
    an explicit year replaces its year.
    """
    year, quarter = ctx.reporting_quarter or _reporting_quarter(ctx.dct)
    if m.year is not None and ctx.year_to_date:
        start, end = cal.year_interval(m.year)
        return Resolved(
            TimexType.DATE, f"{m.year:04d}", m.mod, start, end, Granularity.YEAR, Anchor.EXPLICIT
        )
    if m.year is not None:
        year = m.year
    year += m.offset
    start, end = cal.quarter_interval(year, quarter)
    anchor = Anchor.LAST_MENTIONED if ctx.reporting_quarter else Anchor.PUBLISHED
    return Resolved(
        TimexType.DATE, f"{year:04d}-Q{quarter}", m.mod, start, end, Granularity.QUARTER, anchor
    )


def _resolve_holiday(m: Meaning, ctx: Context) -> Resolved | None:
    """A movable holiday: its date in the explicit year, else in the year a fixed date near it
    would take (tense, story, proximity), then computed for that year."""
    if m.year is not None:
        year = m.year
    else:
        approx = cal.holiday_date(m.value, ctx.dct.year)
        if approx is None:
            return None
        year = _choose_year(approx.month, approx.day, ctx, m.direction)
    d = cal.holiday_date(m.value, year)
    if d is None:
        return None
    anchor = Anchor.EXPLICIT if m.year is not None else Anchor.PUBLISHED
    return _with_time(m, d, anchor)


BC_ASIDE_YEARS = 10
"""A bare BC year this far from the story's, inside a sentence, is an aside ("part of the empire
since 513 BC"), not the story moving on."""

_BC_VALUE = re.compile(r"BC(\d{4})(?:-(\d\d))?")
_BC_UNIT_YEARS = {Unit.YEAR: 1, Unit.DECADE: 10}
"""Units a BC story counts years in ("the following year", "a decade earlier")."""


def _follow_bc_story(resolved: Resolved, meaning: Meaning, ctx: Context) -> None:
    """Keep the story's BC year: a BC date sets it, a common-era date that moves the story (a
    day or month, or a year heading a section) ends it."""
    bc = _BC_VALUE.match(resolved.value)
    if bc:
        year = int(bc.group(1))
        if (
            resolved.value == f"BC{year:04d}"
            and ctx.story_bc is not None
            and abs(year - ctx.story_bc) > BC_ASIDE_YEARS
            and not meaning.opens_period
        ):
            return
        ctx.story_bc = year
        season = resolved.value[7:9]
        if bc.group(2):
            ctx.story_bc_month = int(bc.group(2))
        elif season in SEASON_START_MONTH:
            ctx.story_bc_month = SEASON_START_MONTH[season]
        elif resolved.granularity != Granularity.SEASON:
            ctx.story_bc_month = None
    elif (
        resolved.earliest is not None
        and not resolved.value.endswith("_REF")
        and (resolved.granularity in _STORY_GRANULARITIES or meaning.opens_period)
    ):
        ctx.story_bc = None


def _resolve_in_bc_story(m: Meaning, ctx: Context) -> Resolved | None:
    """A year-less month, season or day, or a year counted from the story ("the following
    year", "a decade earlier"), in a story set before the common era. BC years count down, so
    the story's next year is the year number minus one. None: resolve as usual."""
    year = ctx.story_bc
    if m.direction is not None or m.year is not None:
        return None
    if m.kind in (Kind.CALENDAR, Kind.SEASON) and m.season is not None:
        month = SEASON_START_MONTH[m.season]
        if ctx.story_bc_month is not None and month < ctx.story_bc_month - 3:
            year -= 1
        ctx.story_bc_month = month
        return Resolved(
            TimexType.DATE, f"BC{year:04d}-{m.season}", m.mod, None, None, Granularity.SEASON
        )
    if m.kind == Kind.CALENDAR and m.month is not None and m.weekday is None:
        if ctx.story_bc_month is not None and m.month < ctx.story_bc_month - 3:
            year -= 1
        if year < 1:
            return None
        value = f"BC{year:04d}-{m.month:02d}"
        if m.day is not None:
            value += f"-{m.day:02d}"
        granularity = Granularity.DAY if m.day else Granularity.MONTH
        return Resolved(TimexType.DATE, value, m.mod, None, None, granularity)
    if m.kind in (Kind.RELATIVE, Kind.OFFSET) and m.reference in (Reference.LAST, Reference.DCT):
        years = _BC_UNIT_YEARS.get(m.unit) if m.unit else None
        if years is None or (
            m.kind == Kind.RELATIVE and m.reference == Reference.DCT and m.offset == 0
        ):
            return None
        target = year - m.offset * years
        if target < 1:
            return None
        if m.unit == Unit.DECADE and m.kind == Kind.RELATIVE:
            value = f"BC{target // 10:03d}"
            return Resolved(TimexType.DATE, value, m.mod, None, None, Granularity.DECADE)
        return Resolved(TimexType.DATE, f"BC{target:04d}", m.mod, None, None, Granularity.YEAR)
    return None


def _resolve_story_reference(m: Meaning, ctx: Context) -> Resolved | None:
    """A vague reference only a story's annotators tag ("the former regime"): kept in a
    narrative, dropped elsewhere."""
    if not ctx.narrative:
        return None
    value = m.value or "PAST_REF"
    return Resolved(TimexType.DATE, value, m.mod, None, None, None, Anchor.PUBLISHED)


def _resolve_news_reference(m: Meaning, ctx: Context) -> Resolved | None:
    """A vague reference news annotators tag but a story's do not ("soon", "shortly"): dropped
    in a narrative."""
    if ctx.narrative:
        return None
    return _resolve_reference(m, ctx)


_HANDLERS = {
    Kind.STORY_REFERENCE: _resolve_story_reference,
    Kind.NEWS_REFERENCE: _resolve_news_reference,
    "holiday": _resolve_holiday,
    "month_of_relative_year": _resolve_month_of_relative_year,
    "reporting_quarter": _resolve_reporting_quarter,
    "calendar": _resolve_calendar,
    "day_offset": _resolve_day_offset,
    "relative": _resolve_relative,
    "quarter_of_relative_year": _resolve_quarter_of_relative_year,
    "offset": _resolve_offset,
    "weekend": _resolve_weekend,
    "season": _resolve_season,
    "reference": _resolve_reference,
    "duration": _resolve_duration,
    "set": _resolve_set,
}
