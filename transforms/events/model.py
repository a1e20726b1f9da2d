"""The event records derived from sentences and their temporal expressions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Event:
    """Something an article says happened (or will happen) within `[earliest, latest)`.

    `what` is the clause describing the event, `sentence` the sentence it came from and
    `timex_index` the position of its anchoring timex in the article's timex list.
    `relation` says how the event relates to the timex: `during` (it happened in the timex's
    interval), `before`/`after` (bounded on one side), or `within` (an earlier event bounded by
    a fuzzy duration such as "the second attack in less than two weeks").
    """

    event_index: int
    sentence_index: int
    sentence: str
    what: str
    timex_index: int
    timex_text: str
    value: str
    mod: str | None
    earliest: date
    latest: date
    granularity: str | None
    relation: str
    confidence: float


EVENT_COLUMNS: dict[str, str] = {
    "article_id": "str",
    "event_index": "int32",
    "sentence_index": "int32",
    "sentence": "str",
    "what": "str",
    "timex_index": "int32",
    "timex_text": "str",
    "value": "str",
    "mod": "str",
    "earliest": "date",
    "latest": "date",
    "granularity": "str",
    "relation": "str",
    "confidence": "float64",
    "trigger_start": "int32",
    "trigger_end": "int32",
    "trigger": "str",
    "event_class": "str",
    "tense": "str",
    "aspect": "str",
    "polarity": "str",
    "modality": "str",
    "multi_day": "bool",
    "begin_earliest": "date",
    "begin_latest": "date",
    "end_earliest": "date",
    "end_latest": "date",
    "anchor": "str",
    "anchor_text": "str",
    "when_relative": "str",
}
"""Columns of the frame `transforms.frames.events_frame` returns, in order (Polars dtypes).

One row per event mention (`transforms.events.mentions`): `trigger_start`/`trigger_end` index
the article's document text, `earliest`/`latest` may be null (an open side), and the timex
columns (`timex_index` … `granularity`) are set only when a temporal expression anchors the
mention (`anchor` = `timex`, or `story` naming a dated expression). `when_relative` is `past`,
`present` or `future` against the publication day (`timing.EventTime.when_relative`)."""

ARTICLE_COLUMNS: dict[str, str] = {
    "id": "str",
    "published": "date",
    "source": "str",
    "url": "str",
    "title": "str",
    "text": "str",
    "language": "str",
}
"""Columns of an articles batch as flows/ hands it to transforms/ and warehouse/."""
