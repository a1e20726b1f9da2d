"""Calendar arithmetic: half-open date intervals of calendar periods, and period shifts."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta, weekday

from transforms.temporal.vocab import HOLIDAY_DAY_AFTER, MOVABLE_HOLIDAYS, SEASON_START_MONTH

MIN_YEAR, MAX_YEAR = 1, 9998


def add_months(d: date, months: int) -> date:
    """Shift a date by whole months, clamping the day to the target month's length."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    year = min(max(year, MIN_YEAR), MAX_YEAR)
    day = min(d.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def add_years(d: date, years: int) -> date:
    """Shift a date by whole years (29 February becomes 28 February in common years)."""
    return add_months(d, 12 * years)


def year_interval(year: int) -> tuple[date, date]:
    """[1 Jan year, 1 Jan year+1)."""
    return date(year, 1, 1), date(min(year + 1, MAX_YEAR + 1), 1, 1)


def month_interval(year: int, month: int) -> tuple[date, date]:
    """The whole month."""
    start = date(year, month, 1)
    return start, add_months(start, 1)


def day_interval(d: date) -> tuple[date, date]:
    """One calendar day."""
    return d, d + timedelta(days=1)


def iso_week_start(year: int, week: int) -> date:
    """Monday of ISO week `week` of ISO year `year`."""
    return date.fromisocalendar(year, week, 1)


def week_interval(d: date) -> tuple[date, date]:
    """The ISO week (Monday to Sunday) containing `d`."""
    start = d - timedelta(days=d.isoweekday() - 1)
    return start, start + timedelta(days=7)


def weekend_interval(d: date) -> tuple[date, date]:
    """Saturday and Sunday of the ISO week containing `d`."""
    start = week_interval(d)[0] + timedelta(days=5)
    return start, start + timedelta(days=2)


def quarter_of(d: date) -> int:
    """Calendar quarter (1-4) of a date."""
    return (d.month - 1) // 3 + 1


def quarter_interval(year: int, quarter: int) -> tuple[date, date]:
    """Q1 = Jan-Mar, … Q4 = Oct-Dec."""
    start = date(year, 3 * (quarter - 1) + 1, 1)
    return start, add_months(start, 3)


def half_interval(year: int, half: int) -> tuple[date, date]:
    """H1 = Jan-Jun, H2 = Jul-Dec."""
    start = date(year, 6 * (half - 1) + 1, 1)
    return start, add_months(start, 6)


def season_interval(year: int, season: str) -> tuple[date, date]:
    """Northern meteorological seasons; YYYY-WI runs from 1 December YYYY to 1 March YYYY+1."""
    start = date(year, SEASON_START_MONTH[season], 1)
    return start, add_months(start, 3)


def season_of(d: date) -> tuple[int, str]:
    """The (season year, season code) containing `d`; January 2025 lies in 2024-WI."""
    for code, first in sorted(SEASON_START_MONTH.items(), key=lambda kv: -kv[1]):
        if d.month >= first:
            return d.year, code
    return d.year - 1, "WI"


def decade_interval(decade: int) -> tuple[date, date]:
    """`decade` is the first three digits of the year: 199 -> [1990, 2000)."""
    return date(max(decade * 10, MIN_YEAR), 1, 1), date(min(decade * 10 + 10, MAX_YEAR), 1, 1)


def century_interval(century: int) -> tuple[date, date]:
    """`century` is the first two digits of the year: 19 -> [1900, 2000) (the 20th century)."""
    return date(max(century * 100, MIN_YEAR), 1, 1), date(min(century * 100 + 100, MAX_YEAR), 1, 1)


def part_interval(start: date, end: date, part: str) -> tuple[date, date]:
    """The START/MID/END third of an interval (whole days, at least one day)."""
    days = (end - start).days
    third = max(days // 3, 1)
    if part == "START":
        return start, start + timedelta(days=third)
    if part == "END":
        return end - timedelta(days=third), end
    if part == "MID":
        return start + timedelta(days=third), max(
            end - timedelta(days=third), start + timedelta(days=third + 1)
        )
    return start, end


def shift(d: date, unit: str, amount: int) -> date:
    """Move a date by `amount` units (D, W, M, Q, Y, DE, CE, H/MIN/S count as days)."""
    match unit:
        case "W" | "WE":
            return d + timedelta(weeks=amount)
        case "2W":
            return d + timedelta(weeks=2 * amount)
        case "M":
            return add_months(d, amount)
        case "Q":
            return add_months(d, 3 * amount)
        case "Y":
            return add_years(d, amount)
        case "DE":
            return add_years(d, 10 * amount)
        case "CE":
            return add_years(d, 100 * amount)
        case "ML":
            return add_years(d, 1000 * amount)
        case "H":
            return d + timedelta(days=amount // 24 if abs(amount) >= 24 else 0)
        case _:
            return d + timedelta(days=amount if unit == "D" else 0)


def duration_days(unit: str, amount: float) -> float:
    """Approximate length of `amount` units in days, for bounding fuzzy durations."""
    per_unit = {
        "S": 1 / 86400, "MIN": 1 / 1440, "H": 1 / 24, "D": 1, "W": 7, "WE": 2, "2W": 14,
        "M": 30.44, "Q": 91.31, "Y": 365.25, "DE": 3652.5, "CE": 36525, "ML": 365250,
    }  # fmt: skip
    return amount * per_unit[unit]


def holiday_date(name: str, year: int) -> date | None:
    """The date of a movable holiday (`vocab.MOVABLE_HOLIDAYS`) in `year`, None if unknown."""
    spec = MOVABLE_HOLIDAYS.get(name)
    if spec is None or not (MIN_YEAR <= year <= MAX_YEAR):
        return None
    kind, a, b, c = spec
    if kind == "easter":
        return easter(year) + timedelta(days=a)
    first = date(year, a, 1)
    if c > 0:
        found = first + relativedelta(weekday=weekday(b - 1, c))
    else:
        found = first + relativedelta(day=31, weekday=weekday(b - 1, c))
    return found + timedelta(days=1 if name in HOLIDAY_DAY_AFTER else 0)
