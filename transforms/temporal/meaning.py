"""The engine's middle layer: what a recognised span means before it is resolved.

A `Meaning` is underspecified on purpose: "January" is `{month: 1, year: None}`, "less than two
weeks" is `{unit: W, amount: 2, mod: LESS_THAN}`. The resolver fills the gaps from the anchor.

Every field the resolver branches on has a closed set of values, given here as `StrEnum`s: the
interpret -> resolve contract is typed, and `tests/test_temporal_contract.py` checks that every
rule's meaning keeps to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from transforms.temporal.model import Mod, TimexType


class Kind(StrEnum):
    """Which resolver handles a meaning."""

    CALENDAR = "calendar"
    """Fields of a calendar date, any of them missing ("January", "Friday", "2022")."""
    RELATIVE = "relative"
    """A calendar period counted from the anchor: "last week" = (W, -1)."""
    OFFSET = "offset"
    """A point a length away from the anchor: "two years ago" = (Y, -2)."""
    DAY_OFFSET = "day_offset"
    """A day counted in days from the anchor: "yesterday", "tonight", "3 p.m."."""
    REFERENCE = "reference"
    """A value fixed by the rule (PRESENT_REF, BC0490)."""
    NEWS_REFERENCE = "news_reference"
    """A vague reference news annotators tag and a story's do not ("soon"): dropped in a
    narrative."""
    STORY_REFERENCE = "story_reference"
    """A vague reference only a story's annotators tag ("the former regime"): kept only in a
    narrative."""
    DURATION = "duration"
    SET = "set"
    WEEKEND = "weekend"
    SEASON = "season"
    HOLIDAY = "holiday"
    """A movable holiday named by `Meaning.value` ("easter"), computed for the chosen year."""
    MONTH_OF_RELATIVE_YEAR = "month_of_relative_year"
    """ "June last year", "August of that year"."""
    REPORTING_QUARTER = "reporting_quarter"
    """The quarter an earnings report is about ("the latest period")."""
    QUARTER_OF_RELATIVE_YEAR = "quarter_of_relative_year"
    """ "last year's third quarter"."""
    REMOVE = "remove"
    """A veto: no expression here, and none inside this span (HeidelTime's REMOVE rules)."""


class Reference(StrEnum):
    """What an underspecified meaning is counted from."""

    DCT = "dct"
    """The reference time: the publication date, or the story's date in a narrative."""
    LAST = "last"
    """The last date the text mentioned ("a year earlier", "the following day")."""
    LAST_QUARTER = "last_quarter"
    """The quarter an earnings report is about ("the year-ago quarter")."""
    REPORTING_PERIOD = "reporting_period"
    """The reporting period ("the year-ago period")."""
    REPORTING = "reporting"
    """A quarter counted from the reporting quarter ("the latest quarter")."""


class Direction(StrEnum):
    """Which occurrence of an underspecified date is meant."""

    PAST = "past"
    FUTURE = "future"
    THIS = "this"
    """The one of the anchor's own week, season (…): "this Friday"."""
    SAME_YEAR = "same_year"
    """The one in the anchor's year: "this April", "the third quarter of the year"."""


class Unit(StrEnum):
    """Units of lengths and calendar periods (`vocab.UNITS` maps words to them)."""

    SECOND = "S"
    MINUTE = "MIN"
    HOUR = "H"
    DAY = "D"
    WEEK = "W"
    WEEKEND = "WE"
    FORTNIGHT = "2W"
    MONTH = "M"
    QUARTER = "Q"
    YEAR = "Y"
    DECADE = "DE"
    CENTURY = "CE"
    MILLENNIUM = "ML"


class PartOfDay(StrEnum):
    """TIMEX3 parts of the day ("Saturday night" -> TNI)."""

    MORNING = "MO"
    MIDDAY = "MI"
    AFTERNOON = "AF"
    EVENING = "EV"
    NIGHT = "NI"
    DAYTIME = "DT"


class Season(StrEnum):
    """TIMEX3 season codes (northern meteorological seasons)."""

    SPRING = "SP"
    SUMMER = "SU"
    FALL = "FA"
    WINTER = "WI"


@dataclass(slots=True)
class Meaning:
    """An interpreted temporal expression: `kind` selects the resolver (see `Kind`)."""

    type: TimexType
    kind: Kind
    year: int | None = None
    month: int | None = None
    day: int | None = None
    quarter: int | None = None
    half: int | None = None
    season: Season | None = None
    weekday: int | None = None
    decade: int | None = None
    century: int | None = None
    part_of_day: PartOfDay | None = None
    hour: int | None = None
    minute: int | None = None
    unit: Unit | None = None
    amount: float | str | None = None
    offset: int = 0
    reference: Reference = Reference.DCT
    direction: Direction | None = None
    mod: Mod | None = None
    value: str | None = None
    """The value fixed by the rule (kind REFERENCE, SET) or a movable holiday's name."""
    anchored: Direction | None = None
    """A length that ends (PAST) or starts (FUTURE) at the anchor: "the past three months"."""
    span: tuple[int, int] | None = None
    day_month_either_way: bool = False
    """`day` and `month` came as two numbers that read either way ("Sunday 05/06"): the weekday
    beside them picks the reading."""
    offset_end: int | None = None
    """Where the span ends when the resolver reads a length as an offset from the reference
    time: news tags "three days" of "three days later" as a length, a story the date it names."""
    opens_period: bool = False
    """The expression heads a part of a story ("1918" as a section title, "In 1944, …" opening a
    sentence): in a narrative it moves the story's reference time to its start."""
