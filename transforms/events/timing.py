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
        """Past, present or future against the publication day `published`.

        Present is the publication day itself, or an interval that runs from before it to
        after it (still going on), or a multi-day event that began by the end of that day and
        had not ended before it (`end_earliest`: "the plant is losing money"). An interval that
        ends by the end of the publication day and began before it is past ("on or before
        publication": what a past-tense verb says); one that starts on or after the publication
        day and runs beyond it is future ("will launch"). Both sides open says nothing, and
        reads as present.
        """
        day_after = published + timedelta(days=1)
        started_before = self.earliest is None or self.earliest < published
        ends_later = self.latest is None or self.latest > day_after
        if self.earliest is None and self.latest is None:
            return WhenRelative.PRESENT
        if (
            self.multi_day
            and self.end_earliest is not None
            and self.end_earliest >= published
            and self.begin_latest is not None
            and self.begin_latest <= day_after
        ):
            return WhenRelative.PRESENT
        if not ends_later and started_before:
            return WhenRelative.PAST
        if ends_later and not started_before:
            return WhenRelative.FUTURE
        return WhenRelative.PRESENT


def time_events(
    text: str, published: date, mentions: Sequence[Mention], timexes: list[Timex]
) -> list[EventTime]:
    """One `EventTime` per mention of `text`, in order (see `anchoring.Anchoring`)."""
    from transforms.events.anchoring import Anchoring

    if not mentions:
        return []
    times = Anchoring(text, published, mentions, timexes).run()
    return _dated_by_relative_expressions(text, published, mentions, timexes, times)


LINKED_TENSES = frozenset({"PAST", "PRESENT", "FUTURE", "PASTPART", "PRESPART", "INFINITIVE"})
"""Tenses of a verb mention that a relative expression can date as the event it names."""


def _dated_by_relative_expressions(
    text: str,
    published: date,
    mentions: Sequence[Mention],
    timexes: list[Timex],
    times: list[EventTime],
) -> list[EventTime]:
    """`times`, with the verb that a relative expression names dated by it: in "less than a day
    after Sir Keir Starmer *spoke* to Zelensky", the clause after "after" happened within a day
    before the reference time (`extract.extract_events`, relation `within`), so its first verb
    mention takes that interval instead of its tense reading (a mention already dated by a
    timex of its own keeps it)."""
    from transforms.events.extract import extract_events

    durations = {i for i, t in enumerate(timexes) if t.type == "DURATION"}
    if not durations:
        return times
    others = set(range(len(timexes))) - durations
    starts = [m.start for m in mentions]
    out = list(times)
    for event in extract_events(text, published, list(timexes), skip=others):
        if event.relation != Relation.WITHIN:
            continue
        timex = timexes[event.timex_index]
        where = text.find(event.what, timex.end, timex.end + 2 * len(event.what) + 80)
        if where < 0:
            continue
        first = bisect.bisect_left(starts, where)
        for k in range(first, len(mentions)):
            if mentions[k].start >= where + len(event.what):
                break
            if mentions[k].tense in LINKED_TENSES:
                if out[k].anchor is not Anchor.TIMEX:
                    out[k] = EventTime(
                        event.earliest,
                        event.latest,
                        False,
                        Anchor.TIMEX,
                        Relation.WITHIN,
                        event.confidence,
                        timex.text,
                    )
                break
    return out
