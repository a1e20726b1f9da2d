"""The records the temporal engine returns, and the column schema of its Polars output."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from enum import StrEnum


class TimexType(StrEnum):
    """TIMEX3 types."""

    DATE = "DATE"
    TIME = "TIME"
    DURATION = "DURATION"
    SET = "SET"


class Mod(StrEnum):
    """TIMEX3 modifiers: bounds of a length ("less than") and parts of a period ("early")."""

    LESS_THAN = "LESS_THAN"
    MORE_THAN = "MORE_THAN"
    APPROX = "APPROX"
    EQUAL_OR_LESS = "EQUAL_OR_LESS"
    EQUAL_OR_MORE = "EQUAL_OR_MORE"
    START = "START"
    MID = "MID"
    END = "END"
    BEFORE = "BEFORE"
    AFTER = "AFTER"


class Granularity(StrEnum):
    """The calendar unit of a resolved interval, finest first."""

    TIME = "time"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    SEASON = "season"
    HALF = "half"
    YEAR = "year"
    DECADE = "decade"
    CENTURY = "century"


class Anchor(StrEnum):
    """What a value was resolved against."""

    PUBLISHED = "published"
    EXPLICIT = "explicit"
    LAST_MENTIONED = "last_mentioned"
    NONE = "none"


TIMEX_TYPES = tuple(TimexType)
MODS = tuple(Mod)
GRANULARITIES = tuple(Granularity)
ANCHORS = tuple(Anchor)


@dataclass(frozen=True, slots=True)
class Resolved:
    """What an expression resolves to, wherever it stands: TIMEX3 type, value and mod, the
    half-open calendar interval `[earliest, latest)` it points at, its granularity and anchor.

    Both interval ends are None for lengths ("for 80 years") and frequencies ("a year").
    `anchor` says what the value was resolved against: the publication date, nothing (an
    explicit date), or the last date mentioned in the text.
    """

    type: TimexType
    value: str
    mod: Mod | None = None
    earliest: date | None = None
    latest: date | None = None
    granularity: Granularity | None = None
    anchor: Anchor = Anchor.NONE


RESOLVED_FIELDS = tuple(f.name for f in fields(Resolved))


@dataclass(frozen=True, slots=True, kw_only=True)
class Timex(Resolved):
    """One temporal expression found in a text: a `Resolved` value with its place in the text.

    `start`/`end` are character offsets into the text given to the tagger (`end` exclusive);
    `rule` names the recognition rule.
    """

    start: int
    end: int
    text: str
    rule: str = ""

    @classmethod
    def at(cls, resolved: Resolved, start: int, end: int, text: str, rule: str) -> Timex:
        """The expression `text[start:end]` found by `rule`, resolved to `resolved`."""
        shared = {name: getattr(resolved, name) for name in RESOLVED_FIELDS}
        return cls(start=start, end=end, text=text, rule=rule, **shared)


TIMEX_COLUMNS: dict[str, str] = {
    "article_id": "str",
    "timex_index": "int32",
    "start": "int32",
    "end": "int32",
    "text": "str",
    "type": "str",
    "value": "str",
    "mod": "str",
    "earliest": "date",
    "latest": "date",
    "granularity": "str",
    "anchor": "str",
    "rule": "str",
}
"""Columns of the frame `transforms.frames.timexes_frame` returns, in order (Polars dtypes)."""
