"""Layer 2: turn a recognised span into an underspecified `Meaning`.

One function per `Rule.interpreter`, registered in `INTERPRETERS`. A function may return None
to drop a match that the pattern allowed but the words around it rule out ("may" the verb).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache

from transforms.temporal import vocab
from transforms.temporal.genre import is_informal
from transforms.temporal.meaning import Direction, Kind, Meaning, PartOfDay, Reference, Unit
from transforms.temporal.model import Mod, TimexType

Interpreter = Callable[[re.Match[str], str], Meaning | None]
INTERPRETERS: dict[str, Interpreter] = {}

_PREPOSITION_BEFORE_YEAR = re.compile(
    r"(?:\b(?:in|since|of|by|from|until|till|to|before|after|during|through|between|and|for|"
    r"the|fiscal|year|early|mid|late|around|circa|c\.|than|spring|summer|autumn|fall|winter|"
    r"january|february|march|april|may|june|july|august|september|october|november|december)"
    r"|[(,–-])\s*$",
    re.IGNORECASE,
)
_NAME_BEFORE = re.compile(r"[a-z,]\s+[A-Z][a-z]+\s+$")
"""A capitalised word inside a sentence right before a number makes the number part of a name
(months, seasons and holidays have their own rules)."""
_COUNTED_NOUN_AFTER = re.compile(r"\s+(?!(?:is|was|has|as|its|this|plus|levels?)\b)[a-z]+s\b")


def interpreter(name: str) -> Callable[[Interpreter], Interpreter]:
    """Register an interpreter under the name rules refer to."""

    def register(fn: Interpreter) -> Interpreter:
        INTERPRETERS[name] = fn
        return fn

    return register


def parse_number(words: str) -> float | None:
    """Parse a cardinal ("24", "1,000", "twenty-four", "a", "2 1/2") into a number."""
    w = re.sub(r"\s+", " ", words.strip().lower())
    if not w:
        return None
    half = 0.5 if w.endswith(" 1/2") else 0.0
    w = w.removesuffix(" 1/2")
    if w[0].isdigit():
        return float(w.replace(",", "")) + half
    if w in vocab.NUMBER_WORDS:
        return float(vocab.NUMBER_WORDS[w])
    total = 0.0
    for part in re.split(r"[- ]", w):
        if part in ("hundred", "thousand"):
            total = max(total, 1.0) * (100 if part == "hundred" else 1000)
        elif part in vocab.NUMBER_WORDS:
            total += vocab.NUMBER_WORDS[part]
        elif part != "and":
            return None
    return total or None


def _month(token: str | None) -> int | None:
    """Month number of a month word, or None; lower-case "may"/"march" are not months."""
    if not token:
        return None
    word = token.rstrip(".")
    if word.lower() in vocab.AMBIGUOUS_MONTHS and word[0].islower():
        return None
    return vocab.MONTHS.get(word.lower())


def _weekday(token: str | None) -> int | None:
    return vocab.WEEKDAYS.get(token.rstrip(".").lower()) if token else None


def _day(token: str | None) -> int | None:
    return int(re.sub(r"\D", "", token)) if token else None


def _year(match: re.Match[str], *names: str) -> int | None:
    groups = match.groupdict()
    for name in names:
        if groups.get(name):
            return int(groups[name])
    short = groups.get("shortyear")
    if short:
        yy = int(short.strip("'"))
        return 1900 + yy if yy >= 30 else 2000 + yy
    return None


def _lower(match: re.Match[str], name: str) -> str:
    value = match.groupdict().get(name)
    return re.sub(r"\s+", " ", value.lower()) if value else ""


@interpreter("calendar")
def calendar_date(m: re.Match[str], text: str) -> Meaning | None:
    """Explicit dates: "Oct. 15, 1999", "2024-11-29", "August 1988", "fiscal 1989", "2022"."""
    groups = m.groupdict()
    month_token = groups.get("month")
    month = None
    if month_token:
        month = int(month_token) if month_token.isdigit() else _month(month_token)
        if month is None:
            return None
    year = _year(m, "year")
    if groups.get("spelled"):
        year = parse_spelled_year(groups["spelled"])
        if year is None:
            return None
    day = _day(groups.get("day"))
    season = vocab.SEASONS.get(_lower(m, "season")) if groups.get("season") else None
    opens = year is not None and _opens_period(m, text)
    if month is None and day is None and season is None and m.group(0).isdigit():
        if not opens and not _plausible_bare_year(m, text, year):
            return None
    if day is not None and month is not None:
        try:
            date(year or 2000, month, day)
        except ValueError:
            return None
    hour = int(groups["hour"]) if groups.get("hour") else None
    minute = int(groups["minute"]) if groups.get("minute") else None
    return Meaning(
        type=TimexType.TIME if hour is not None else TimexType.DATE,
        kind=Kind.CALENDAR,
        year=year,
        month=month,
        day=day,
        season=season,
        hour=hour,
        minute=minute,
        opens_period=opens,
    )


@interpreter("weekday_date")
def weekday_date(m: re.Match[str], text: str) -> Meaning | None:
    """A weekday beside a date: "Friday, Nov. 29, 2024", "Monday 6 May", "Thursday 16/05",
    "Tuesday the 14th". The weekday then picks the year (or month) the date lacks; two numbers
    that read either way ("Sunday 05/06") are read the way the weekday allows. Before a hyphen
    and another weekday ("Monday-Wednesday") it is the first end of a range."""
    token = m.group("weekday")
    if m.group("range_to"):
        return _first_of_range(weekday(m, text), m, "weekday") if token[-1] != "." else None
    number = _weekday(token)
    word = token.rstrip(".").lower()
    if number is None or (word in vocab.LOWERCASE_WORD_WEEKDAYS and token[0].islower()):
        return None
    if m.group("first"):
        first, second = int(m.group("first")), int(m.group("second"))
        if not (1 <= first <= 31 and 1 <= second <= 31) or (first > 12 and second > 12):
            return None
        day, month = (first, second) if second <= 12 else (second, first)
        return Meaning(
            type=TimexType.DATE,
            kind=Kind.CALENDAR,
            month=month,
            day=day,
            weekday=number,
            day_month_either_way=first <= 12 and second <= 12 and first != second,
        )
    if m.group("oday"):
        return Meaning(
            type=TimexType.DATE, kind=Kind.CALENDAR, day=int(m.group("oday")), weekday=number
        )
    month = _month(m.group("month") or m.group("month2"))
    day = _day(m.group("day") or m.group("day2"))
    year = _year(m, "year", "year2")
    if month is None or day is None:
        return None
    try:
        date(year or 2000, month, day)
    except ValueError:
        return None
    return Meaning(
        type=TimexType.DATE, kind=Kind.CALENDAR, year=year, month=month, day=day, weekday=number
    )


_HEADING_LINE = re.compile(r"[^\n.!?]{0,60}$")
_PERIOD_OPENER = re.compile(
    r"(?:^|[.!?]\s+|\n\s*)(?:On|In|By|During|Throughout|From|Early in|Late in|In early|In late"
    r"|In mid-|At the start of|At the end of|By the end of)\s*$"
)


def _opens_period(m: re.Match[str], text: str) -> bool:
    """Whether a bare year heads a part of the text: a section title ("1918", "2005: Elections",
    "Campaign of 1905") or the opening adverbial of a sentence ("In 1944, the Allies …")."""
    line_start = text.rfind("\n", 0, m.start()) + 1
    line_end = text.find("\n", m.end())
    line_end = len(text) if line_end < 0 else line_end
    if line_start > 0 and line_end < len(text) and line_end - line_start <= 80:
        if _HEADING_LINE.match(text, line_start, line_end) and text[line_end - 1 : line_end] != ".":
            return True
    return bool(_PERIOD_OPENER.search(text, max(0, m.start() - 24), m.start()))


_BEFORE_CHRIST = re.compile(r"\s*(?:B\.\s?C\.(?:E\.)?|BCE?\b)")
"""Years before the common era ("1345 B.C.") are not common-era years: the `bc_year` rule gives
them a BC value with no calendar interval."""


def _plausible_bare_year(m: re.Match[str], text: str, year: int) -> bool:
    """A bare four-digit number is a year unless it looks like a count ("2000 troops") or ends
    a name ("a venture called Orion 1980")."""
    if not 1000 <= year <= 2099 or _BEFORE_CHRIST.match(text, m.end()):
        return False
    before = text[max(0, m.start() - 24) : m.start()]
    if _PREPOSITION_BEFORE_YEAR.search(before):
        return True
    if re.search(r"[$£€]\s*$|\d[.,]?\s*$", before) or _NAME_BEFORE.search(before):
        return False
    after = text[m.end() : m.end() + 24]
    if re.match(r"\s*(?:%|percent|per cent|[-–]\s*\d)", after, re.IGNORECASE):
        return False
    return not _COUNTED_NOUN_AFTER.match(after) and (1800 <= year <= 2099)


@lru_cache(maxsize=4096)
def _dateparser_date(raw: str) -> tuple[int, int, int] | None:
    """Parse an explicit numeric date with dateparser (cached: news repeats its dates)."""
    import dateparser

    parsed = dateparser.parse(
        raw,
        languages=["en"],
        settings={"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False},
    )
    return (parsed.year, parsed.month, parsed.day) if parsed else None


@interpreter("numeric_date")
def numeric_date(m: re.Match[str], text: str) -> Meaning | None:
    """Numeric dates in the writer's order ("11/29/2024"), parsed by dateparser."""
    ymd = _dateparser_date(m.group("raw"))
    if ymd is None:
        return None
    return Meaning(type=TimexType.DATE, kind=Kind.CALENDAR, year=ymd[0], month=ymd[1], day=ymd[2])


@interpreter("numeric_month_day")
def numeric_month_day(m: re.Match[str], text: str) -> Meaning | None:
    """ "on 2/15" -> 15 February (month first, as in US usage), the year from the anchor."""
    return Meaning(
        type=TimexType.DATE, kind=Kind.CALENDAR, month=int(m.group("nmonth")), day=_day(m["day"])
    )


@interpreter("part_of_day_of_date")
def part_of_day_of_date(m: re.Match[str], text: str) -> Meaning | None:
    """ "the morning of 31 January 1965", "the early morning hours of 30 April" -> that day's
    part of day (TMO)."""
    month = _month(m.group("month") or m.group("month2"))
    if month is None:
        return None
    return Meaning(
        type=TimexType.TIME,
        kind=Kind.CALENDAR,
        year=_year(m, "year"),
        month=month,
        day=_day(m.group("day") or m.group("day2")),
        part_of_day=vocab.PARTS_OF_DAY[_lower(m, "pod")],
    )


@interpreter("bc_year")
def bc_year(m: re.Match[str], text: str) -> Meaning | None:
    """ "490 BC", "April 480 BC", "the autumn of 481 BC" -> BC0490, BC0480-04, BC0481-FA.

    The calendar before year 1 has no `date`, so the value is fixed here and has no interval."""
    year = int(m.group("bcyear"))
    if year == 0:
        return None
    value = f"BC{year:04d}"
    if m.group("month"):
        month = _month(m.group("month"))
        if month is None:
            return None
        value += f"-{month:02d}"
    elif m.group("season"):
        value += f"-{vocab.SEASONS[_lower(m, 'season')]}"
    return Meaning(
        type=TimexType.DATE,
        kind=Kind.REFERENCE,
        value=value,
        opens_period=_opens_period(m, text),
    )


def _range_years(m: re.Match[str]) -> tuple[int, int] | None:
    first = int(m.group("year"))
    tail = m.group("tail")
    second = int(tail) if len(tail) == 4 else first // 100 * 100 + int(tail)
    return (first, second) if first < second <= first + 100 else None


@interpreter("year_range_start")
def year_range_start(m: re.Match[str], text: str) -> Meaning | None:
    """ "1861-1863": TimeML tags each end of a range of years; this is the first."""
    years = _range_years(m)
    if years is None:
        return None
    span = (m.start(), m.start("tail") - 1)
    return Meaning(type=TimexType.DATE, kind=Kind.CALENDAR, year=years[0], span=span)


@interpreter("year_range_end")
def year_range_end(m: re.Match[str], text: str) -> Meaning | None:
    """ "1861-1863", "2007-08": the second end of a range of years."""
    years = _range_years(m)
    if years is None:
        return None
    return Meaning(
        type=TimexType.DATE, kind=Kind.CALENDAR, year=years[1], span=(m.start("tail"), m.end())
    )


@interpreter("bc_range_start")
def bc_range_start(m: re.Match[str], text: str) -> Meaning | None:
    """ "499-493 BC", "from 499 to 493 BC": the first end (the `bc_year` rule tags the second)."""
    first, second = int(m.group("bcyear")), int(m.group("bcend"))
    if not second < first <= second + 1000:
        return None
    return Meaning(
        type=TimexType.DATE,
        kind=Kind.REFERENCE,
        value=f"BC{first:04d}",
        span=(m.start(), m.end("bcyear")),
    )


_BETWEEN_BEFORE = re.compile(r"\bbetween\s+$", re.IGNORECASE)


def _day_range(m: re.Match[str]) -> tuple[int, int, int] | None:
    """Month, first and last day of "April 6-7", "5 to 12 September"; "5 and 12 September"
    is a range only after "between" (else two days)."""
    month = _month(m.group("month"))
    first, second = _day(m.group("day")), int(m.group("day2"))
    if month is None or not first < second:
        return None
    if _lower(m, "conn").strip() == "and" and not _BETWEEN_BEFORE.search(
        m.string, max(0, m.start() - 9), m.start()
    ):
        return None
    return month, first, second


@interpreter("day_range_start")
def day_range_start(m: re.Match[str], text: str) -> Meaning | None:
    """ "April 6-7", "6-7 February 1920": TimeML tags each end of a range of days; this is the
    first ("April 6", or "6" when the month follows), with the range's month and year."""
    days = _day_range(m)
    if days is None:
        return None
    month, first, _ = days
    meaning = Meaning(
        type=TimexType.DATE, kind=Kind.CALENDAR, year=_year(m, "year"), month=month, day=first
    )
    meaning.span = (m.start(), m.end("day"))
    return meaning


@interpreter("month_year_range_start")
def month_year_range_start(m: re.Match[str], text: str) -> Meaning | None:
    """ "from April to September 1957", "May-August 1950", "October and November 1919": the
    first month (or day) of a range takes the year written after the second, or the year
    before when it comes later in the calendar ("October to March 1945")."""
    month, month2 = _month(m.group("month")), _month(m.group("month2"))
    if month is None or month2 is None:
        return None
    day, day2 = _day(m.group("day")), _day(m.group("day2"))
    year = int(m.group("year"))
    if (month, day or 0) > (month2, day2 or 0):
        year -= 1
    end = m.end("day") if m.group("day") else m.end("month")
    return Meaning(
        type=TimexType.DATE,
        kind=Kind.CALENDAR,
        year=year,
        month=month,
        day=day,
        span=(m.start(), end),
    )


@interpreter("day_range_end")
def day_range_end(m: re.Match[str], text: str) -> Meaning | None:
    """ "April 13-15, 1915": the second end of a range of days ("15, 1915")."""
    days = _day_range(m)
    if days is None:
        return None
    month, _, second = days
    meaning = Meaning(
        type=TimexType.DATE, kind=Kind.CALENDAR, year=_year(m, "year"), month=month, day=second
    )
    meaning.span = (m.start("day2"), m.end())
    return meaning


def _first_of_range(meaning: Meaning | None, m: re.Match[str], group: str) -> Meaning | None:
    """The first end of a hyphenated range ("June-August", "Monday-Wednesday", "9am-5pm"): the
    rule matches both ends (a single one would be cut by the hyphen) and keeps the first; the
    second is matched on its own and the two are linked by `recognise.link_ranges`."""
    if meaning is not None:
        meaning.span = (m.start(), m.end(group))
    return meaning


@interpreter("month_range_start")
def month_range_start(m: re.Match[str], text: str) -> Meaning | None:
    """ "June-August": June, the first end."""
    return _first_of_range(month(m, text), m, "month")


def _ordinal_range_end(m: re.Match[str], day: str, group: str) -> Meaning | None:
    if not int(m.group("day")) < int(m.group("day2")):
        return None
    meaning = Meaning(type=TimexType.DATE, kind=Kind.CALENDAR, day=int(m.group(day)))
    meaning.span = (m.start(group), m.end(group))
    return meaning


@interpreter("ordinal_range_start")
def ordinal_range_start(m: re.Match[str], text: str) -> Meaning | None:
    """ "from the 1st to the 5th": the 1st, of the anchor's month."""
    return _ordinal_range_end(m, "day", "first")


@interpreter("ordinal_range_end")
def ordinal_range_end(m: re.Match[str], text: str) -> Meaning | None:
    """ "from the 1st to the 5th": the 5th."""
    return _ordinal_range_end(m, "day2", "last")


@interpreter("bare_hour_range_start")
def bare_hour_range_start(m: re.Match[str], text: str) -> Meaning | None:
    """ "9-11 a.m.", "2 to 4 p.m.": the first hour takes the second's a.m. or p.m., unless it is
    the larger number ("11-2 p.m." starts at 11 a.m.)."""
    first, second = int(m.group("hour")) % 12, int(m.group("hour2")) % 12
    afternoon = m.group("meridiem").lower().startswith("p") and first <= second
    hour = first + (12 if afternoon else 0)
    minute = int(m.group("minute") or 0)
    meaning = Meaning(type=TimexType.TIME, kind=Kind.DAY_OFFSET, hour=hour, minute=minute)
    meaning.span = (m.start(), m.end("minute") if m.group("minute") else m.end("hour"))
    return meaning


@interpreter("clock_range_start")
def clock_range_start(m: re.Match[str], text: str) -> Meaning | None:
    """ "9am-5pm": 9am, the first end."""
    return _first_of_range(clock(m, text), m, "clock")


_MILITARY_FIELDS = (("hh", "mm"), ("hh2", "mm2"))


@interpreter("military_clock")
def military_clock(m: re.Match[str], text: str) -> Meaning | None:
    """Four-digit wire-copy times: "1000 GMT", "0430 GMT", "at 2200 hours" -> 10:00, 04:30."""
    hh, mm = next((m.group(h), m.group(n)) for h, n in _MILITARY_FIELDS if m.group(h))
    return Meaning(type=TimexType.TIME, kind=Kind.DAY_OFFSET, hour=int(hh), minute=int(mm))


@interpreter("named_date")
def named_date(m: re.Match[str], text: str) -> Meaning | None:
    """Dates known by their numbers: "9/11" -> 2001-09-11."""
    year, month, day = (int(part) for part in vocab.NAMED_DATES[m.group("named")].split("-"))
    return Meaning(type=TimexType.DATE, kind=Kind.CALENDAR, year=year, month=month, day=day)


@interpreter("day_of_month")
def day_of_month(m: re.Match[str], text: str) -> Meaning | None:
    """ "on the 15th" -> the 15th of the anchor's month (or the month before or after by tense)."""
    return Meaning(type=TimexType.DATE, kind=Kind.CALENDAR, day=_day(m.group("day")))


@interpreter("clock")
def clock(m: re.Match[str], text: str) -> Meaning | None:
    """Clock times, optionally with their day: "10 p.m. Wednesday", "5 p.m. EST Nov. 9"."""
    raw = m.group("clock").lower()
    if raw == "noon":
        hour, minute = 12, 0
    elif raw == "midnight":
        hour, minute = 0, 0
    else:
        parts = re.match(r"(\d{1,2}?)(?:[:.]?(\d\d))?(?!\d)", raw)
        hour, minute = int(parts.group(1)), int(parts.group(2) or 0)
        if "p" in raw and hour < 12:
            hour += 12
        elif "a" in raw and hour == 12 and "m" in raw:
            hour = 0
        if ":" not in raw and not re.search(r"[ap]\.?m", raw):
            return None
    groups = m.groupdict()
    meaning = Meaning(type=TimexType.TIME, kind=Kind.CALENDAR, hour=hour, minute=minute)
    if groups.get("weekday"):
        meaning.weekday = _weekday(groups["weekday"])
    elif groups.get("month"):
        meaning.month = _month(groups["month"])
        meaning.day = _day(groups.get("day"))
        if meaning.month is None:
            return None
    elif groups.get("dayword"):
        meaning.kind = Kind.DAY_OFFSET
        meaning.offset = vocab.DAY_WORDS[_lower(m, "dayword")]
    else:
        meaning.kind = Kind.DAY_OFFSET
    return meaning


@interpreter("approximate_clock")
def approximate_clock(m: re.Match[str], text: str) -> Meaning | None:
    """ "8ish", "at 7:30ish", "10pmish": an approximate clock time of the anchor day. Without
    am/pm, 1 to 6 are afternoon hours (people meet at "3ish", not at 3 a.m.)."""
    hour = int(m.group("hour"))
    ampm = (m.group("ampm") or "").lower()
    if ampm == "pm" and hour < 12 or not ampm and 1 <= hour <= 6:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    return Meaning(
        type=TimexType.TIME,
        kind=Kind.DAY_OFFSET,
        hour=hour,
        minute=int(m.group("minute") or 0),
        mod=Mod.APPROX,
    )


@interpreter("following_season")
def following_season(m: re.Match[str], text: str) -> Meaning | None:
    """ "the following spring", "the previous winter": the season after or before the time
    the text has reached (the story's date in a narrative)."""
    direction = vocab.SEQUENCE_WORDS[_lower(m, "rel")]
    return Meaning(
        type=TimexType.DATE,
        kind=Kind.SEASON,
        season=vocab.SEASONS[_lower(m, "season")],
        direction=direction,
        offset=vocab.DIRECTION_OFFSETS[direction],
    )


@interpreter("holiday")
def holiday(m: re.Match[str], text: str) -> Meaning | None:
    """Holidays: "Christmas Eve" -> the 24 December nearest in the right direction; movable
    ones ("Easter", "Thanksgiving") are computed for the year the resolver chooses."""
    name = re.sub(r"\s+", " ", _lower(m, "holiday"))
    rel = re.sub(r"\s+", " ", _lower(m, "rel") or "")
    direction = vocab.DIRECTION_WORDS.get(rel)
    if direction is Direction.THIS:
        direction = None
    year = _year(m, "year")
    if name in vocab.MOVABLE_HOLIDAYS:
        return Meaning(
            type=TimexType.DATE, kind=Kind.HOLIDAY, year=year, value=name, direction=direction
        )
    month, day = vocab.HOLIDAYS[name]
    return Meaning(
        type=TimexType.DATE,
        kind=Kind.CALENDAR,
        year=year,
        month=month,
        day=day,
        direction=direction,
    )


@interpreter("half")
def half_year(m: re.Match[str], text: str) -> Meaning | None:
    """Halves: "the first half of 2024" -> 2024-H1; "the last half of 1989" -> 1989-H2."""
    ordinal = _lower(m, "ord")
    half = 2 if ordinal in ("second", "last", "2nd") else 1
    meaning = Meaning(type=TimexType.DATE, kind=Kind.CALENDAR, year=_year(m, "year"), half=half)
    yrel = _lower(m, "yrel")
    if yrel and meaning.year is None:
        meaning.kind, meaning.unit = Kind.RELATIVE, Unit.YEAR
        meaning.offset = vocab.RELATIVE_WORDS[yrel]
    return meaning


@interpreter("quarter")
def quarter(m: re.Match[str], text: str) -> Meaning | None:
    """Quarters: "the third quarter", "third-quarter", "Q3 2024", "the latest quarter";
    "last year's quarter" is the reporting quarter a year back."""
    groups = m.groupdict()
    year = _year(m, "year", "year2", "year3", "year4")
    if groups.get("qyy"):
        year = 2000 + int(groups["qyy"]) if int(groups["qyy"]) < 30 else 1900 + int(groups["qyy"])
    number = int(groups["qnum"]) if groups.get("qnum") else None
    if groups.get("ord"):
        number = vocab.ORDINALS.get(_lower(m, "ord"))
        if number is None or not (1 <= number <= 4 or number == -1):
            return None
    qrel = _lower(m, "qrel")
    yrel = _lower(m, "yrel")
    text_lower = m.group(0).lower()
    if number is None and not qrel and not year and not text_lower.startswith("the"):
        if yrel:
            return Meaning(
                type=TimexType.DATE, kind=Kind.REPORTING_QUARTER, offset=vocab.RELATIVE_WORDS[yrel]
            )
        return None
    if "year-ago" in qrel or "year-earlier" in qrel:
        return Meaning(
            type=TimexType.DATE,
            kind=Kind.OFFSET,
            unit=Unit.YEAR,
            offset=-1,
            reference=Reference.LAST_QUARTER,
            quarter=number,
        )
    meaning = Meaning(type=TimexType.DATE, kind=Kind.CALENDAR, year=year, quarter=number)
    if year is None:
        if yrel:
            meaning.kind = Kind.QUARTER_OF_RELATIVE_YEAR
            meaning.offset = vocab.RELATIVE_WORDS[yrel]
        elif number is None:
            meaning.kind = Kind.RELATIVE
            meaning.unit = Unit.QUARTER
            meaning.offset = vocab.RELATIVE_WORDS.get(
                qrel, -1 if qrel in ("latest", "same", "") else 0
            )
            meaning.reference = Reference.REPORTING
        elif re.search(r"of (?:the|this) year", text_lower):
            meaning.year = None
            meaning.direction = Direction.SAME_YEAR
        elif "last year" in text_lower or "next year" in text_lower:
            meaning.kind = Kind.QUARTER_OF_RELATIVE_YEAR
            meaning.offset = -1 if "last year" in text_lower else 1
    if number == -1:
        meaning.quarter = 4
    return meaning


@interpreter("literal_offset_quarter")
def quarter_a_year_ago(m: re.Match[str], text: str) -> Meaning | None:
    """ "the quarter a year ago" -> the reporting quarter one year back."""
    return Meaning(
        type=TimexType.DATE,
        kind=Kind.OFFSET,
        unit=Unit.YEAR,
        offset=-1,
        reference=Reference.LAST_QUARTER,
    )


@interpreter("year_ago")
def year_ago(m: re.Match[str], text: str) -> Meaning | None:
    """Financial "year-ago"/"year-earlier" adjectives: the same period one year back."""
    unit = vocab.UNITS[_lower(m, "unit")]
    phrase = m.group(0).lower()
    if "nine months" in phrase or "six months" in phrase:
        return Meaning(
            type=TimexType.DURATION,
            kind=Kind.DURATION,
            unit=Unit.MONTH,
            amount=9 if "nine" in phrase else 6,
        )
    reference = Reference.LAST_QUARTER if "quarter" in phrase else Reference.DCT
    if "period" in phrase:
        reference = Reference.REPORTING_PERIOD
    return Meaning(type=TimexType.DATE, kind=Kind.OFFSET, unit=unit, offset=-1, reference=reference)


@interpreter("fiscal_relative")
def fiscal_relative(m: re.Match[str], text: str) -> Meaning | None:
    """ "the current fiscal year" -> the calendar year of the anchor, shifted by the word."""
    offset = -1 if m.group("latest") else vocab.RELATIVE_WORDS[_lower(m, "rel")]
    return Meaning(type=TimexType.DATE, kind=Kind.RELATIVE, unit=Unit.YEAR, offset=offset)


@interpreter("decade")
def decade(m: re.Match[str], text: str) -> Meaning | None:
    """Decades: "the 1990s" -> 199, "the '80s" -> 198, "the nineties" -> 199."""
    raw = m.group("decade").lower().replace("'", "")
    words = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
             "seventies": 7, "eighties": 8, "nineties": 9}  # fmt: skip
    if raw in words:
        if not m.group(0).lower().startswith(("the", "early", "mid", "late")):
            return None
        number = 190 + words[raw]
    elif len(raw) == 3:
        yy = int(raw[:2])
        number = 190 + yy // 10 if yy >= 30 else 200 + yy // 10
    else:
        number = int(raw[:3])
    pos = _lower(m, "dpos")
    mod = vocab.POSITION_MODIFIERS.get(pos)
    return Meaning(type=TimexType.DATE, kind=Kind.CALENDAR, decade=number, mod=mod)


@interpreter("century")
def century(m: re.Match[str], text: str) -> Meaning | None:
    """Centuries: "the 20th century" -> 19 (the years 1900-1999)."""
    groups = m.groupdict()
    number = int(groups["cnum"]) if groups.get("cnum") else vocab.ORDINALS.get(_lower(m, "ord"))
    if not number or number < 1:
        return None
    return Meaning(type=TimexType.DATE, kind=Kind.CALENDAR, century=number - 1)


@interpreter("day_word")
def day_word(m: re.Match[str], text: str) -> Meaning | None:
    """ "yesterday", "today", "tomorrow morning", "tonight" -> a day offset from the anchor;
    "the people of tomorrow" is the generic future (a veto rule)."""
    word = _lower(m, "dayword")
    pod = vocab.PARTS_OF_DAY.get(_lower(m, "pod"))
    if word in vocab.NIGHT_WORDS:
        pod = PartOfDay.NIGHT
    return Meaning(
        type=TimexType.TIME if pod else TimexType.DATE,
        kind=Kind.DAY_OFFSET,
        offset=vocab.DAY_WORDS[word],
        part_of_day=pod,
    )


@interpreter("part_of_day")
def part_of_day(m: re.Match[str], text: str) -> Meaning | None:
    """ "this morning", "last night" -> the anchor day (or the day before) with a part of day;
    "in the morning" -> the last day mentioned."""
    first = m.group(0).split()[0].lower()
    offset = {"last": -1, "tomorrow": 1}.get(first, 0)
    if first == "the":
        return Meaning(
            type=TimexType.TIME,
            kind=Kind.DAY_OFFSET,
            part_of_day=vocab.PARTS_OF_DAY[_lower(m, "pod")],
            reference=Reference.LAST,
        )
    return Meaning(
        type=TimexType.TIME,
        kind=Kind.DAY_OFFSET,
        offset=offset,
        part_of_day=vocab.PARTS_OF_DAY[_lower(m, "pod")],
    )


@interpreter("anaphoric_part_of_day")
def anaphoric_part_of_day(m: re.Match[str], text: str) -> Meaning | None:
    """ "that afternoon", "the next morning", "the previous night": a part of the last day
    mentioned (or the day after or before it), as stories and reports tell a day's events."""
    rel = _lower(m, "rel")
    offset = vocab.DIRECTION_OFFSETS[vocab.SEQUENCE_WORDS[rel]] if rel else 0
    return Meaning(
        type=TimexType.TIME,
        kind=Kind.DAY_OFFSET,
        offset=offset,
        part_of_day=vocab.PARTS_OF_DAY[_lower(m, "pod")],
        reference=Reference.LAST,
    )


@interpreter("weekday")
def weekday(m: re.Match[str], text: str) -> Meaning | None:
    """Weekdays: "Friday", "last Tuesday", "Saturday night" -> a date near the anchor."""
    token = m.group("weekday")
    rel = _lower(m, "rel")
    if (
        token.lower().rstrip(".") in vocab.LOWERCASE_WORD_WEEKDAYS
        and token[0].islower()
        and not rel
    ):
        return None
    pod = vocab.PARTS_OF_DAY.get(_lower(m, "pod"))
    direction = vocab.DIRECTION_WORDS.get(rel)
    meaning = Meaning(
        type=TimexType.TIME if pod else TimexType.DATE,
        kind=Kind.CALENDAR,
        weekday=_weekday(token),
        part_of_day=pod,
        direction=direction,
    )
    if m.group(0).lower().startswith("the ") and rel in ("previous", "following"):
        meaning.reference = Reference.LAST
    return meaning


@interpreter("weekend")
def weekend(m: re.Match[str], text: str) -> Meaning | None:
    """ "the weekend", "last weekend" -> the Saturday-Sunday of a week near the anchor;
    "this weekend" is the one of the anchor's week, "next weekend" the one of the week after."""
    rel = _lower(m, "rel")
    direction = vocab.DIRECTION_WORDS.get(rel)
    return Meaning(
        type=TimexType.DATE,
        kind=Kind.WEEKEND,
        direction=direction,
        offset=1 if rel == "next" else 0,
    )


@interpreter("season")
def season(m: re.Match[str], text: str) -> Meaning | None:
    """Seasons: "winter", "last fall", "this past spring" -> YYYY-WI/FA/SP/SU."""
    word = _lower(m, "season")
    rel = _lower(m, "rel")
    if word == "fall" and not (rel or m.groupdict().get("the")):
        return None
    code = vocab.SEASONS[word]
    meaning = Meaning(type=TimexType.DATE, kind=Kind.SEASON, season=code)
    meaning.direction = vocab.DIRECTION_WORDS.get(rel)
    return meaning


def _is_title(word: str) -> bool:
    """A capitalised unit word inside a phrase names a show or a title: ABC's "This Week"."""
    return word[0].isupper() and not word.isupper()


@interpreter("relative_period")
def relative_period(m: re.Match[str], text: str) -> Meaning | None:
    """ "last week", "this year", "next month", "earlier this month", "the following year"."""
    rel = _lower(m, "rel")
    unit_word = _lower(m, "unit")
    unit = vocab.UNITS[unit_word]
    if _is_title(m.group("unit")):
        return None
    pos = _lower(m, "pos")
    phrase = m.group(0).lower()
    if not rel and "in the" in phrase:
        rel = "this"
    offset = vocab.RELATIVE_WORDS.get(rel, 0)
    meaning = Meaning(type=TimexType.DATE, kind=Kind.RELATIVE, unit=unit, offset=offset)
    if phrase.startswith("the ") and rel in ("past", "last") and unit in ("D", "W", "M"):
        meaning = Meaning(
            type=TimexType.DURATION,
            kind=Kind.DURATION,
            unit=unit,
            amount=1,
            anchored=Direction.PAST,
        )
    elif phrase.startswith("the ") and rel in ("following", "previous", "preceding", "next"):
        meaning.reference = Reference.LAST if rel != "next" else Reference.DCT
        if rel == "next" and unit in ("D", "W", "M"):
            meaning = Meaning(
                type=TimexType.DURATION,
                kind=Kind.DURATION,
                unit=unit,
                amount=1,
                anchored=Direction.FUTURE,
                offset=1,
                reference=Reference.LAST,
                offset_end=m.end(),
            )
    if pos:
        meaning.mod = vocab.POSITION_MODIFIERS[pos]
    return meaning


@interpreter("the_unit")
def the_unit(m: re.Match[str], text: str) -> Meaning | None:
    """ "the year" -> the anchor's year; "the year ended Sept. 30" -> a one-year duration;
    "later in the day" -> the last day mentioned (else the DCT)."""
    unit = vocab.UNITS[_lower(m, "unit")]
    after = text[m.end() : m.end() + 12].lower()
    if unit != Unit.YEAR and not after.startswith("-"):
        return Meaning(
            type=TimexType.DATE, kind=Kind.RELATIVE, unit=unit, offset=0, reference=Reference.LAST
        )
    if after.lstrip().startswith(("ended", "ending", "to ")):
        return Meaning(type=TimexType.DURATION, kind=Kind.DURATION, unit=unit, amount=1)
    return Meaning(type=TimexType.DATE, kind=Kind.RELATIVE, unit=unit, offset=0)


@interpreter("end_of_unit")
def end_of_unit(m: re.Match[str], text: str) -> Meaning | None:
    """ "the end of the year" -> the anchor's year with mod END."""
    pos = _lower(m, "pos")
    unit = vocab.UNITS[_lower(m, "unit")]
    mod = vocab.POSITION_MODIFIERS.get(f"{pos} of")
    return Meaning(type=TimexType.DATE, kind=Kind.RELATIVE, unit=unit, offset=0, mod=mod)


@interpreter("month_ordinal_day")
def month_ordinal_day(m: re.Match[str], text: str) -> Meaning | None:
    """Days written as ordinal words, as in transcripts: "March eighth" -> MM-08."""
    number = _month(m.group("month"))
    day = vocab.ORDINALS.get(re.sub(r"[\s-]+", "-", _lower(m, "dayord")))
    if number is None or day is None:
        return None
    return Meaning(
        type=TimexType.DATE, kind=Kind.CALENDAR, year=_year(m, "year"), month=number, day=day
    )


@interpreter("year_end")
def year_end(m: re.Match[str], text: str) -> Meaning | None:
    """ "by year-end", "around year end": the end of the anchor's year; after "since" the end
    of the year before (the most recent year end)."""
    since = re.search(r"\bsince\s+$", text[max(0, m.start() - 8) : m.start()], re.IGNORECASE)
    return Meaning(
        type=TimexType.DATE,
        kind=Kind.RELATIVE,
        unit=Unit.YEAR,
        offset=-1 if since else 0,
        mod=Mod.END,
    )


_DETERMINER_BEFORE = re.compile(
    r"\b(?:[Tt]he|[Aa]|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)\s+(?:[A-Z][\w-]*\s+)?$"
)
_MONTH_USE_AFTER = re.compile(
    r"\s+(?:quarter|issue|meeting|figures?|data|report|edition|deadline|elections?|session|term"
    r"|contracts?|futures|delivery|sales|payment|\d)",
    re.IGNORECASE,
)
"""'the Long March', 'the March to the Sea': a month word after a determiner is a noun, unless
a period's noun follows ('the March quarter', 'the May contract')."""


@interpreter("month")
def month(m: re.Match[str], text: str) -> Meaning | None:
    """Month names without a year: "January", "last April" -> the year from tense or proximity.
    After "last"/"next" even a lower-case "march" or "may" is the month."""
    token = m.group("month")
    rel = _lower(m, "rel")
    number = vocab.MONTHS.get(token.rstrip(".").lower()) if rel else _month(token)
    if number is None:
        return None
    if token.endswith(".") is False and len(token.rstrip(".")) <= 3 and token[0].islower():
        return None
    if (
        not rel
        and token.lower() in vocab.AMBIGUOUS_MONTHS
        and _DETERMINER_BEFORE.search(text, max(0, m.start() - 30), m.start())
        and not _MONTH_USE_AFTER.match(text, m.end())
    ):
        return None
    direction = vocab.DIRECTION_WORDS.get(rel)
    if direction is Direction.THIS:
        direction = Direction.SAME_YEAR
    yrel = _lower(m, "yrel")
    if yrel:
        return Meaning(
            type=TimexType.DATE,
            kind=Kind.MONTH_OF_RELATIVE_YEAR,
            month=number,
            offset=vocab.RELATIVE_WORDS[yrel],
        )
    return Meaning(type=TimexType.DATE, kind=Kind.CALENDAR, month=number, direction=direction)


@interpreter("month_of_that_year")
def month_of_that_year(m: re.Match[str], text: str) -> Meaning | None:
    """ "August of that year", "July 25 of the following year": the month (and day) in the
    year of the last date mentioned, or the one after or before it."""
    number = _month(m.group("month"))
    if number is None:
        return None
    which = _lower(m, "which")
    offset = vocab.RELATIVE_WORDS.get(which.removeprefix("the "), 0)
    return Meaning(
        type=TimexType.DATE,
        kind=Kind.MONTH_OF_RELATIVE_YEAR,
        month=number,
        day=_day(m.group("day") or m.group("day2")),
        offset=offset,
        reference=Reference.LAST,
    )


def parse_spelled_year(spelled: str) -> int | None:
    """ "nineteen ninety-six" -> 1996, "two thousand and one" -> 2001; None if not a year."""
    words = re.sub(r"\s+", " ", spelled.lower()).replace(" and ", " ")
    if words.startswith("two thousand"):
        rest = words.removeprefix("two thousand").strip()
        year = 2000 + (int(parse_number(rest) or 0) if rest else 0)
    else:
        head, _, tail = words.partition(" ")
        tail = re.sub(r"^(?:hundred ?|oh[- ])", "", tail)
        year = int(parse_number(head) or 0) * 100 + (int(parse_number(tail) or 0) if tail else 0)
    return year if 1000 <= year <= 2099 else None


@interpreter("spelled_year")
def spelled_year(m: re.Match[str], text: str) -> Meaning | None:
    """Years written out, as in transcripts: "nineteen ninety-six", "the year two thousand"."""
    year = parse_spelled_year(m.group("spelled"))
    return Meaning(type=TimexType.DATE, kind=Kind.CALENDAR, year=year) if year else None


@interpreter("that_period")
def that_period(m: re.Match[str], text: str) -> Meaning | None:
    """ "that year", "that quarter", "the same day": the period of the last date mentioned."""
    unit = vocab.UNITS[_lower(m, "unit")]
    return Meaning(
        type=TimexType.DATE, kind=Kind.RELATIVE, unit=unit, offset=0, reference=Reference.LAST
    )


@interpreter("year_period")
def year_period(m: re.Match[str], text: str) -> Meaning | None:
    """ "the 1988 period", "the 1988 quarter": that year's reporting quarter, or the year."""
    year = int(m.group("year"))
    if _lower(m, "what") in ("quarter", "period"):
        return Meaning(type=TimexType.DATE, kind=Kind.REPORTING_QUARTER, year=year)
    return Meaning(type=TimexType.DATE, kind=Kind.CALENDAR, year=year)


@interpreter("reporting_period")
def reporting_period(m: re.Match[str], text: str) -> Meaning | None:
    """Earnings-report periods: "the latest period", "the full year", "the fiscal year"."""
    what, unit = _lower(m, "what"), _lower(m, "unit")
    year_offset = vocab.RELATIVE_WORDS.get(_lower(m, "yrel"), 0)
    if unit == "year":
        if what == "fiscal" and text[m.end() : m.end() + 9].lstrip().startswith(("end", "to ")):
            return Meaning(type=TimexType.DURATION, kind=Kind.DURATION, unit=Unit.YEAR, amount=1)
        return Meaning(type=TimexType.DATE, kind=Kind.RELATIVE, unit=Unit.YEAR, offset=year_offset)
    if what in ("full", "fiscal"):
        return None
    return Meaning(type=TimexType.DATE, kind=Kind.REPORTING_QUARTER, offset=year_offset)


@interpreter("vague_period")
def vague_period(m: re.Match[str], text: str) -> Meaning | None:
    """ "coming months" -> FUTURE_REF, "past years" / "recent weeks and months" -> PAST_REF."""
    direction = _lower(m, "dir") or _lower(m, "dir2")
    if direction != "recent" and direction not in vocab.VAGUE_PERIOD_WORDS:
        return None
    past = direction == "recent" or vocab.DIRECTION_WORDS.get(direction) is Direction.PAST
    value = "PAST_REF" if past else "FUTURE_REF"
    return Meaning(type=TimexType.DATE, kind=Kind.REFERENCE, value=value)


@interpreter("overnight")
def overnight(m: re.Match[str], text: str) -> Meaning | None:
    """ "overnight" -> the night before the anchor day (TNI)."""
    return Meaning(
        type=TimexType.TIME, kind=Kind.DAY_OFFSET, offset=-1, part_of_day=PartOfDay.NIGHT
    )


def _without_direction(m: re.Match[str]) -> tuple[int, int]:
    """The span of "three days later" without "later": TimeML tags the length alone."""
    end = m.start("dir")
    while end > m.start() and m.string[end - 1].isspace():
        end -= 1
    return m.start(), end


@interpreter("offset")
def offset(m: re.Match[str], text: str) -> Meaning | None:
    """ "two years ago", "a year earlier", "three days later", "several years ago"."""
    groups = m.groupdict()
    unit_word = _lower(m, "unit") or _lower(m, "plural")
    if not unit_word:
        return None
    unit = vocab.UNITS.get(unit_word)
    if unit is None:
        return None
    direction, reference = vocab.OFFSET_WORDS[_lower(m, "dir")]
    if groups.get("vague") or groups.get("plural"):
        if reference == Reference.LAST:
            return Meaning(
                type=TimexType.DURATION,
                kind=Kind.DURATION,
                unit=unit,
                amount="X",
                span=_without_direction(m),
                offset=direction,
                reference=Reference.LAST,
                offset_end=m.end(),
            )
        value = "PAST_REF" if direction < 0 else "FUTURE_REF"
        return Meaning(type=TimexType.DATE, kind=Kind.REFERENCE, value=value)
    amount = parse_number(groups["num"])
    if amount is None:
        return None
    if groups.get("and_half"):
        amount += 0.5
    if amount != int(amount):
        return Meaning(type=TimexType.DURATION, kind=Kind.DURATION, unit=unit, amount=amount)
    if reference == Reference.LAST and unit in ("S", "MIN", "H", "D", "W", "M"):
        return Meaning(
            type=TimexType.DURATION,
            kind=Kind.DURATION,
            unit=unit,
            amount=amount,
            span=_without_direction(m),
            offset=int(direction * amount),
            reference=Reference.LAST,
            offset_end=m.end(),
        )
    mod = Mod.APPROX if "or so" in m.group(0).lower() else None
    return Meaning(
        type=TimexType.DATE,
        kind=Kind.OFFSET,
        unit=unit,
        offset=int(direction * amount),
        reference=reference,
        mod=mod,
    )


_OFFSET_UNITS = frozenset({Unit.DAY, Unit.WEEK, Unit.MONTH, Unit.YEAR})
_ANCHORED_WORDS = {"latest": Direction.PAST, "remaining": Direction.FUTURE}
"""Words beside the direction words that tie a length to the anchor ("the remaining two
years")."""
_IN_BEFORE = re.compile(r"\bin\s+$", re.IGNORECASE)
"""'in' right before a length: "in two weeks" may point at the day two weeks on."""


@interpreter("duration")
def duration(m: re.Match[str], text: str) -> Meaning | None:
    """Durations: "two weeks", "80 years", "the past three months", "several years"."""
    groups = m.groupdict()
    unit_word = _lower(m, "unit") or _lower(m, "unit1")
    unit = vocab.UNITS.get(unit_word)
    if unit is None:
        return None
    amount: float | str | None
    if groups.get("half"):
        amount = 0.5
    elif groups.get("num"):
        amount = parse_number(groups["num"])
        if amount is None:
            return None
        if groups.get("num2"):
            amount = "X"
        elif groups.get("and_half"):
            amount += 0.5
        elif groups.get("frac_num"):
            frac_unit = vocab.UNITS.get(_lower(m, "frac_unit"))
            frac = parse_number(groups["frac_num"])
            if frac_unit and frac is not None:
                from transforms.temporal.calendar import duration_days

                amount += duration_days(frac_unit, frac) / duration_days(unit, 1)
        elif "and a half" in m.group(0).lower():
            amount += 0.5
    elif groups.get("vague"):
        vague = _lower(m, "vague")
        amount = 2 if vague == "couple of" else "X"
        if (vague == "recent" and unit == Unit.YEAR) or (
            amount == "X" and _lower(m, "dir") in ("past", "last")
        ):
            return Meaning(type=TimexType.DATE, kind=Kind.REFERENCE, value="PAST_REF")
    else:
        amount = "X"
    phrase = m.group(0).lower()
    after = text[m.end() : m.end() + 30]
    if groups.get("num") and unit == Unit.QUARTER and not phrase.startswith("the"):
        if re.match(r"\s+of\s+(?!(?:19|20)\d\d|fiscal\b|(?:the|this|last|next) year)", after):
            return None
    if (
        unit == Unit.SECOND
        and re.fullmatch(r"an? second", phrase)
        and _ORDINAL_SECOND_AFTER.match(after)
    ):
        return None
    if (
        unit == Unit.QUARTER
        and groups.get("dir") in _PERIOD_PARTS
        and _NAMED_PERIOD_AFTER.match(after)
    ):
        return None
    if isinstance(amount, float) and amount == 1 and re.match(r"an? ", phrase):
        if _is_frequency(text, m.start()):
            return Meaning(type=TimexType.SET, kind=Kind.SET, value=_set_value(unit))
    direction = _lower(m, "dir")
    anchored = _ANCHORED_WORDS.get(direction, vocab.DIRECTION_WORDS.get(direction))
    if anchored is Direction.THIS:
        anchored = None
    mod = Mod.APPROX if phrase.endswith("or so") else None
    if groups.get("plus"):
        mod = Mod.MORE_THAN
    if (
        isinstance(amount, float)
        and amount == int(amount)
        and unit in _OFFSET_UNITS
        and not (anchored or mod or groups.get("plus") or groups.get("long"))
        and _IN_BEFORE.search(text, max(0, m.start() - 4), m.start())
    ):
        return Meaning(
            type=TimexType.DURATION,
            kind=Kind.DURATION,
            unit=unit,
            amount=amount,
            offset=int(amount),
            reference=Reference.DCT,
            offset_end=m.end(),
        )
    return Meaning(
        type=TimexType.DURATION,
        kind=Kind.DURATION,
        unit=unit,
        amount=amount,
        anchored=anchored,
        mod=mod,
    )


_ORDINAL_SECOND_AFTER = re.compile(
    r"\s+(?!(?:or|and|of|to|in|for|later|earlier|ago|before|after|longer|more|less|at|on|"
    r"the|a|an|is|was|per|each|every)\b)[a-z]"
)
"""After "a second", a noun makes it an ordinal: "a second group of directors"."""

_PERIOD_PARTS = frozenset({"first", "final", "initial", "last"})
_NAMED_PERIOD_AFTER = re.compile(r"\s+of\s+(?:fiscal\s+)?(?:19|20)\d\d\b")
"""After "the first two quarters", "of 1990" makes it a named half of a year (1990-H1), which
its own rule reads: the anchored duration gives way ("the first nine months of 1997" stays)."""

_AMOUNT_BEFORE = re.compile(
    r"(?:\d|\b(?:times|once|twice|thrice|million|billion|trillion|thousand|hundred|percent|"
    r"cents?|dollars?|pounds?|euros?|yuan|yen|tons?|tonnes?|barrels?|units|people|visitors|"
    r"cases|deaths|dose|doses|hours|days|meetings|trips|copies|shares)|%)[\s,.]*$",
    re.IGNORECASE,
)


def _is_frequency(text: str, start: int) -> bool:
    """ "3 billion a year", "twice a day": an amount right before "a/an UNIT" makes a SET."""
    return bool(_AMOUNT_BEFORE.search(text[max(0, start - 30) : start]))


def _set_value(unit: str) -> str:
    from transforms.temporal.vocab import UNIT_ISO

    letter, mult, timed = UNIT_ISO[unit]
    return f"P{'T' if timed else ''}{mult}{letter}"


ADJECTIVAL_FREQUENCIES = frozenset(
    {"daily", "weekly", "monthly", "quarterly", "yearly", "annual", "nightly", "hourly"}
)
"""Frequency words that, before a noun, name a kind of thing ("quarterly dividend"), not a SET."""


@interpreter("set")
def frequency(m: re.Match[str], text: str) -> Meaning | None:
    """Frequencies: "every Tuesday" -> XXXX-WXX-2, "each month" -> P1M, "weekly" -> P1W."""
    groups = m.groupdict()
    if groups.get("freq"):
        word = _lower(m, "freq")
        if word in ("a day", "a week", "a month", "a year", "an hour", "a quarter") and not (
            _is_frequency(text, m.start())
        ):
            return None
        if (
            word in ADJECTIVAL_FREQUENCIES
            and re.match(r"\s+[a-z]", text[m.end() : m.end() + 3])
            and not is_informal(text)
        ):
            return None
        return Meaning(type=TimexType.SET, kind=Kind.SET, value=vocab.FREQUENCY_WORDS[word])
    if groups.get("weekday"):
        day = _weekday(groups["weekday"].lower().rstrip("s"))
        if day is None:
            return None
        pod = vocab.PARTS_OF_DAY.get(_lower(m, "pods"), "")
        return Meaning(
            type=TimexType.SET, kind=Kind.SET, value=f"XXXX-WXX-{day}{'T' + pod if pod else ''}"
        )
    if groups.get("month"):
        number = _month(groups["month"])
        if number is None:
            return None
        return Meaning(type=TimexType.SET, kind=Kind.SET, value=f"XXXX-{number:02d}")
    unit_word = _lower(m, "unit")
    unit = Unit.DAY if unit_word in vocab.PARTS_OF_DAY else vocab.UNITS[unit_word]
    value = _set_value(unit)
    if "other" in m.group(0).lower():
        value = value.replace("1", "2", 1)
    return Meaning(type=TimexType.SET, kind=Kind.SET, value=value)


@interpreter("reference")
def reference(m: re.Match[str], text: str) -> Meaning | None:
    """Vague references: "now" -> PRESENT_REF, "recently" -> PAST_REF, "soon" -> FUTURE_REF."""
    word = _lower(m, "ref")
    value = vocab.REFERENCE_WORDS[word]
    before = text[max(0, m.start() - 12) : m.start()].lower()
    after = text[m.end() : m.end() + 12]
    if word == "now" and re.search(r"\b(?:until|till|from|by|right)\s+$", before):
        value = "PRESENT_REF"
    if word in ("later", "earlier", "once", "one day") and not re.search(
        r"\b(?:will|would)\b", before + after
    ):
        return None
    if word in vocab.UNTAGGED_IN_MESSAGES and is_informal(text):
        return None
    kind = Kind.NEWS_REFERENCE if word in vocab.UNTAGGED_IN_STORIES else Kind.REFERENCE
    return Meaning(type=TimexType.DATE, kind=kind, value=value)


@interpreter("remove")
def remove(m: re.Match[str], text: str) -> Meaning | None:
    """A veto rule's match: no temporal expression inside it, or inside its `veto` group when
    it has one (the rest of the match is the context that makes the veto)."""
    span = (m.start("veto"), m.end("veto")) if m.groupdict().get("veto") else None
    return Meaning(type=TimexType.DATE, kind=Kind.REMOVE, span=span)


def interpret(name: str, match: re.Match[str], text: str) -> Meaning | None:
    """Interpret one match with the rule's interpreter."""
    return INTERPRETERS[name](match, text)


@interpreter("message_time_word")
def message_time_word(m: re.Match[str], text: str) -> Meaning | None:
    """In a message (see `genre.is_informal`) every time word is an expression, as its
    annotators tag them: "a long day" -> P1D, "Good morning" -> the day's morning, "my future"
    -> FUTURE_REF, "long weekend" -> the weekend, "weekends" -> every weekend, "sunset" -> the
    day. Prose keeps them untagged: there they mostly neither place nor measure anything."""
    if not is_informal(text):
        return None
    word = _lower(m, "word")
    if word == "future":
        return Meaning(type=TimexType.DATE, kind=Kind.REFERENCE, value="FUTURE_REF")
    if word == "weekend":
        return Meaning(type=TimexType.DATE, kind=Kind.WEEKEND)
    if word in vocab.MESSAGE_DAY_WORDS:
        return Meaning(type=TimexType.DATE, kind=Kind.DAY_OFFSET)
    if word == "weekends":
        return Meaning(type=TimexType.SET, kind=Kind.SET, value="XXXX-WE")
    pod = vocab.PARTS_OF_DAY.get(word)
    if pod is not None:
        return Meaning(type=TimexType.TIME, kind=Kind.DAY_OFFSET, part_of_day=pod)
    unit, amount = vocab.MESSAGE_LENGTHS[word]
    return Meaning(type=TimexType.DURATION, kind=Kind.DURATION, unit=unit, amount=amount)


@interpreter("message_relative_period")
def message_relative_period(m: re.Match[str], text: str) -> Meaning | None:
    """Clipped relative periods of messages: "nxt yr", "lst wk", "this mth" -> the calendar
    period before, of or after the anchor's."""
    direction = vocab.MESSAGE_DIRECTION_WORDS[_lower(m, "rel")]
    return Meaning(
        type=TimexType.DATE,
        kind=Kind.RELATIVE,
        unit=vocab.MESSAGE_PERIODS[_lower(m, "unit")],
        offset=vocab.DIRECTION_OFFSETS[direction],
    )


@interpreter("story_reference")
def story_reference(m: re.Match[str], text: str) -> Meaning | None:
    """ "the former regime", "his recent victories", "any future campaign": a story's annotators
    tag these vague references (PAST_REF, FUTURE_REF); the resolver keeps them only in a
    narrative, news annotators do not tag them."""
    value = vocab.STORY_REFERENCE_WORDS[_lower(m, "word")]
    return Meaning(type=TimexType.DATE, kind=Kind.STORY_REFERENCE, value=value)


@interpreter("message_offset")
def message_offset(m: re.Match[str], text: str) -> Meaning | None:
    """Clipped offsets of messages and feeds: "1d ago", "2h ago", "1+ hr ago" -> the date that
    far before the anchor."""
    unit = vocab.CLIPPED_UNITS[_lower(m, "unit")]
    return Meaning(type=TimexType.DATE, kind=Kind.OFFSET, unit=unit, offset=-int(m.group("num")))
