"""When each event mention happened: an interval `[earliest, latest)` per `Mention`.

This module is the contract between event mentions (`mentions.find_mentions`), the temporal
expressions of the same text (`transforms.temporal.tag`) and everything downstream (the
warehouse's `events` table, `timeline events`, the Event-Time scorer). `time_events` returns one
`EventTime` per mention, in the mentions' order.

Either side of an interval may be open (`None`): "before X" has no earliest day, "still going
on" no latest. A multi-day event also carries the bounds of its beginning and its end.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from transforms.events.mentions import Mention
from transforms.temporal.model import Timex


class Anchor(StrEnum):
    """What an event's interval was read from."""

    TIMEX = "timex"
    """A temporal expression in the event's own clause."""
    GOVERNING = "governing"
    """The interval of the clause that governs the event's clause ("said X happened")."""
    STORY = "story"
    """The story's reference time: the last anchored event or date before it."""
    TENSE = "tense"
    """Only the tense and aspect against the publication date."""
    REPORTING = "reporting"
    """A reporting verb of wire copy: the publication day or the day before."""
    PUBLICATION = "publication"
    """Nothing better: the publication day, with a low confidence."""


class Relation(StrEnum):
    """How the event relates to its anchor's interval."""

    DURING = "during"
    BEFORE = "before"
    AFTER = "after"
    INCLUDES = "includes"
    WITHIN = "within"


class WhenRelative(StrEnum):
    """Where the event lies against the publication day."""

    PAST = "past"
    PRESENT = "present"
    FUTURE = "future"


@dataclass(frozen=True, slots=True)
class EventTime:
    """When one mention happened.

    `earliest`/`latest` bound the days the event touched, `[earliest, latest)`; `None` is an open
    side. `multi_day` events also say when they began (`begin_earliest`, `begin_latest`) and
    ended (`end_earliest`, `end_latest`), each half-open and possibly open. `anchor_text` is the
    words the interval came from (a timex, a governing trigger), empty when there are none.
    """

    earliest: date | None
    latest: date | None
    multi_day: bool
    anchor: Anchor
    relation: Relation
    confidence: float
    anchor_text: str = ""
    begin_earliest: date | None = None
    begin_latest: date | None = None
    end_earliest: date | None = None
    end_latest: date | None = None

    def when_relative(self, published: date) -> WhenRelative:
        """Past, present or future against the publication day `published`."""
        after = published + timedelta(days=1)
        if self.latest is not None and self.latest <= published:
            return WhenRelative.PAST
        if self.earliest is not None and self.earliest >= after:
            return WhenRelative.FUTURE
        return WhenRelative.PRESENT


def _clause_intervals(
    text: str, published: date, timexes: list[Timex]
) -> list[tuple[int, int, date, date, str]]:
    """`(start, end, earliest, latest, timex text)` of every clause a timex anchors."""
    from transforms.events.extract import extract_events
    from transforms.text.sentences import split_sentences

    spans = split_sentences(text)
    out = []
    for event in extract_events(text, published, timexes):
        s_start, s_end = spans[event.sentence_index]
        at = text.find(event.what, s_start, s_end) if event.what else -1
        if at >= 0:
            out.append((at, at + len(event.what), event.earliest, event.latest, event.timex_text))
    out.sort()
    return out


def time_events(
    text: str, published: date, mentions: Sequence[Mention], timexes: list[Timex]
) -> list[EventTime]:
    """One `EventTime` per mention of `text`, in order.

    A mention inside a clause that a temporal expression anchors takes the clause's interval;
    any other mention falls back to the publication day with a low confidence.
    """
    clauses = _clause_intervals(text, published, timexes) if mentions else []
    starts = [c[0] for c in clauses]
    day = (published, published + timedelta(days=1))
    out: list[EventTime] = []
    for m in mentions:
        hit = None
        for i in range(bisect.bisect_right(starts, m.start) - 1, -1, -1):
            s, e, lo, hi, words = clauses[i]
            if s <= m.start and m.end <= e:
                hit = (lo, hi, words)
                break
        if hit is not None:
            lo, hi, words = hit
            out.append(
                EventTime(
                    lo, hi, hi - lo > timedelta(days=1), Anchor.TIMEX, Relation.DURING, 0.8, words
                )
            )
        else:
            out.append(EventTime(day[0], day[1], False, Anchor.PUBLICATION, Relation.DURING, 0.2))
    return out
