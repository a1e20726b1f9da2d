"""When each event mention happened: an interval `[earliest, latest)` per `Mention`.

This module is the contract between event mentions (`mentions.find_mentions`), the temporal
expressions of the same text (`transforms.temporal.tag`) and everything downstream (the
warehouse's `events` table, `timeline events`, the Event-Time scorer). `time_events` returns one
`EventTime` per mention, in the mentions' order.

Either side of an interval may be open (`None`): "before X" has no earliest day, "still going
on" no latest. A multi-day event also carries the bounds of its beginning and its end.
"""

from __future__ import annotations

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
    return Anchoring(text, published, mentions, timexes).run()
