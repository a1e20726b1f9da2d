"""The engine's middle layer: what a recognised span means before it is resolved.

A `Meaning` is underspecified on purpose: "January" is `{month: 1, year: None}`, "less than two
weeks" is `{unit: W, amount: 2, mod: LESS_THAN}`. The resolver fills the gaps from the anchor.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Meaning:
    """An interpreted temporal expression.

    `kind` selects the resolver: `calendar` (fields of a calendar date, any may be missing),
    `relative` (a calendar period counted from the anchor: "last week" = W, -1), `offset`
    ("two years ago" = Y, -2), `reference` (PRESENT_REF…), `duration`, `set`, `literal`
    (a value fixed by the rule), `part_of_anchor_day` (times like "this morning").
    """

    type: str
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    quarter: int | None = None
    half: int | None = None
    season: str | None = None
    weekday: int | None = None
    decade: int | None = None
    century: int | None = None
    part_of_day: str | None = None
    hour: int | None = None
    minute: int | None = None
    unit: str | None = None
    amount: float | str | None = None
    offset: int = 0
    reference: str = "dct"
    direction: str | None = None
    mod: str | None = None
    value: str | None = None
    anchored: str | None = None
    weekend: bool = False
    span: tuple[int, int] | None = None
    offset_end: int | None = None
    """Where the span ends when the resolver reads a length as an offset from the reference
    time: news tags "three days" of "three days later" as a length, a story the date it names."""
    opens_period: bool = False
    """The expression heads a part of a story ("1918" as a section title, "In 1944, …" opening a
    sentence): in a narrative it moves the story's reference time to its start."""
