"""The records the temporal engine returns, and the column schema of its Polars output."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")

MODS = (
    "LESS_THAN",
    "MORE_THAN",
    "APPROX",
    "EQUAL_OR_LESS",
    "EQUAL_OR_MORE",
    "START",
    "MID",
    "END",
    "BEFORE",
    "AFTER",
)

GRANULARITIES = (
    "time",
    "day",
    "week",
    "month",
    "quarter",
    "season",
    "half",
    "year",
    "decade",
    "century",
)

ANCHORS = ("published", "explicit", "last_mentioned", "none")


@dataclass(frozen=True, slots=True)
class Timex:
    """One temporal expression found in a text, normalised against the publication date.

    `start`/`end` are character offsets into the text given to the tagger (`end` exclusive).
    `earliest`/`latest` are the half-open calendar interval `[earliest, latest)` the expression
    points at; both are None for lengths ("for 80 years") and frequencies ("a year").
    `anchor` says what the value was resolved against: the publication date, nothing (an
    explicit date), or the last date mentioned in the text. `rule` names the recognition rule.
    """

    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None
    earliest: date | None = None
    latest: date | None = None
    granularity: str | None = None
    anchor: str = "none"
    rule: str = ""


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
