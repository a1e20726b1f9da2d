"""From an article's text and its timexes to events.

Every timex that points at time makes at most one event, in three families:

- **anchored**: a timex with an interval ("in 2022", "before winter", "now"). The preposition
  in front of it (`cues.BOUNDARY_CUES`) sets the relation; `relative.bounded_interval` the
  interval; the event is the timex's clause without the timex.
- **ordinal window**: "the second [attack] in less than two weeks" (`cues.ORDINAL_CUES`): an
  earlier occurrence of the same thing lies in the window; relation `within`.
- **relative duration**: "less than a day after X spoke" (`cues.RELATIVE_CUES`): X lies the
  duration away from the reference (the publication day, or another dated timex in the
  sentence); relation `within`.

Durations with no such cue ("for 80 years") and SETs ("a year") make no event, nor does a timex
inside the seed dateline ("date 2024-11-29 …"), nor one whose interval would be empty.
PRESENT_REF / PAST_REF / FUTURE_REF make low-confidence events (see `confidence`).

The title or caption is not a separate argument: the timex offsets index `text`, so a flow that
wants title events puts the title in `text` as its first line; a line break before a blank line
(or before a capital) ends a sentence, so the title is its own sentence.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Container
from dataclasses import replace
from datetime import date, timedelta

from transforms.events import cues
from transforms.events.clauses import (
    alternation,
    clause_around,
    describe,
    following_clause,
    future_clause,
    preceding_clause,
    tail_end,
)
from transforms.events.confidence import confidence
from transforms.events.model import Event
from transforms.events.relative import (
    bounded_interval,
    duration_days,
    parse_duration,
    relative_interval,
    window_range,
)
from transforms.temporal.model import Timex
from transforms.text.documents import document_sentences

_BOUNDARY_CUE = re.compile(
    rf"(?<![\w'’-])(?P<cue>{alternation(cues.BOUNDARY_CUES)})\s+"
    rf"(?:(?:{alternation(cues.CUE_GAP_WORDS)})[\s-]+){{0,{cues.MAX_CUE_GAP}}}$",
    re.I,
)
_RELATIVE_CUE = re.compile(rf"\s*(?P<cue>{alternation(cues.RELATIVE_CUES)})(?![\w'’-])", re.I)
_ORDINAL = re.compile(
    rf"(?<![\w'’-])the\s+(?P<ordinal>{alternation(cues.ORDINAL_CUES)})\s+"
    r"(?P<noun>(?:[^\s,;:()“”\"]+\s+){0,6}?)"
    rf"(?:{alternation(cues.ORDINAL_WINDOW_WORDS)})\s+$",
    re.I,
)
_DETERMINER = re.compile(r"(?<![\w'’-])(?:a|an|the|its|their|his|her|our|this|that)\s+", re.I)
_POSSESSOR = re.compile(r"(?P<owner>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)['’]s\s+(?P<rest>\S.*)")
_MODIFIER = re.compile(rf"(?<![\w'’-])(?:{alternation(cues.OCCURRENCE_MODIFIERS)})\s+", re.I)
_DATELINE = re.compile(cues.DATELINE, re.I)
_LOOKBEHIND = 160
_ONE_DAY = timedelta(days=1)

MAX_SENTENCE_CHARS = 1000
"""A sentence longer than this (none in the silver corpus passes 600 characters: it is a list,
a table or a text with no full stops) is read, for each timex, as the stretch of at most this
many characters centred on the timex, cut at white space; that stretch is the event's
`sentence`. Each timex then costs the same however long its sentence is."""


def _has_interval(timex: Timex) -> bool:
    return (
        timex.type != "SET"
        and timex.earliest is not None
        and timex.latest is not None
        and timex.earliest < timex.latest
    )


def _local(timex: Timex, sentence: tuple[int, int]) -> tuple[int, int]:
    return timex.start - sentence[0], timex.end - sentence[0]


class _ByStart:
    """An article's timexes sorted by start, to list those in a stretch without a full scan."""

    def __init__(self, timexes: list[Timex]) -> None:
        order = sorted(range(len(timexes)), key=lambda i: timexes[i].start)
        self.starts = [timexes[i].start for i in order]
        self.order = order

    def within(self, low: int, high: int) -> list[int]:
        """Indexes (ascending) of the timexes starting in `[low, high]`."""
        lo = bisect.bisect_left(self.starts, low)
        hi = bisect.bisect_right(self.starts, high)
        return sorted(self.order[lo:hi])


def _reference(
    text: str,
    timexes: list[Timex],
    index: int,
    sentence: tuple[int, int],
    published: date,
    by_start: _ByStart,
) -> tuple[date, date]:
    """The time a relative duration counts from: a dated timex in its clause, or publication.

    "On Monday, less than a day after X" counts from Monday; "the second in two weeks, … before
    winter" counts from publication, because winter is in another clause.
    """
    here = timexes[index]
    left, right = clause_around(text[sentence[0] : sentence[1]], *_local(here, sentence))
    dated = [
        timexes[i]
        for i in by_start.within(sentence[0] + left, sentence[0] + right)
        if i != index and timexes[i].end <= sentence[0] + right and _has_interval(timexes[i])
    ]
    if not dated:
        return published, published + _ONE_DAY
    nearest = min(dated, key=lambda t: abs(t.start - here.start))
    return nearest.earliest, nearest.latest  # type: ignore[return-value]


def _occurrence(sentence: str, ordinal: re.Match[str], offset: int) -> str:
    """The noun phrase an ordinal counts ("attack on the grid"), without determiners."""
    noun = ordinal.group("noun").strip()
    if not noun:
        noun = preceding_clause(sentence, offset + ordinal.start()).strip()
        article = _DETERMINER.search(noun)
        starts_plain = not _DETERMINER.match(noun) and not _POSSESSOR.match(noun)
        if article and starts_plain:
            noun = noun[article.start() :]
    noun = _DETERMINER.sub("", noun, count=1) if _DETERMINER.match(noun) else noun
    noun = _MODIFIER.sub("", noun).strip(" ,;:“”\"'")
    owner = _POSSESSOR.fullmatch(noun)
    if owner:
        noun = f"{owner.group('rest')} by {owner.group('owner')}"
    return noun


def _ordinal_event(
    text: str, sentence: tuple[int, int], timex: Timex, reference: tuple[date, date]
) -> tuple[str, tuple[date, date]] | None:
    """An earlier occurrence implied by "the second … in <duration>", with its interval."""
    duration = parse_duration(timex.value)
    if duration is None:
        return None
    left_start = max(sentence[0], timex.start - _LOOKBEHIND)
    match = _ORDINAL.search(text, left_start, timex.start)
    if match is None:
        return None
    cue = cues.ORDINAL_CUES[match.group("ordinal").lower()]
    noun = _occurrence(text[sentence[0] : sentence[1]], match, -sentence[0])
    if not noun:
        return None
    length = duration_days(duration, reference[0], -1)
    window = window_range(timex.mod, length, cue.at_least)
    interval = relative_interval(reference, duration, timex.mod, "earlier", window)
    if cue.at_least:
        what = f"previous {noun}"
    elif cue.earlier == 1:
        what = f"earlier {noun}"
    else:
        what = f"{cue.earlier} earlier occurrences of {noun}"
    return what, interval


def _relative_event(
    text: str, sentence: tuple[int, int], timex: Timex, reference: tuple[date, date]
) -> tuple[str, bool, tuple[date, date]] | None:
    """An event placed by "<duration> after/before/ago … X", with its interval."""
    duration = parse_duration(timex.value)
    if duration is None:
        return None
    match = _RELATIVE_CUE.match(text, timex.end, sentence[1])
    if match is None:
        return None
    cue = cues.RELATIVE_CUES[_normal(match.group("cue"))]
    if cue.preceded_by:
        before = text[max(sentence[0], timex.start - _LOOKBEHIND) : timex.start]
        if not re.search(rf"(?<![\w-]){re.escape(cue.preceded_by)}\s+$", before, re.I):
            return None
    local = text[sentence[0] : sentence[1]]
    fallback = False
    if cue.target == "following":
        what = following_clause(local, match.end() - sentence[0])
    else:
        what, fallback = describe(local, timex.start - sentence[0], match.end() - sentence[0])
    if not what:
        return None
    interval = relative_interval(reference, duration, timex.mod, cue.direction)
    return what, fallback, interval


def _normal(cue: str) -> str:
    return " ".join(cue.lower().split())


def _anchored_event(
    text: str, sentence: tuple[int, int], timex: Timex, published: date
) -> tuple[str, bool, str, tuple[date, date]]:
    """An event in, before or after a dated timex: (what, fallback, relation, interval)."""
    local = text[sentence[0] : sentence[1]]
    start, end = timex.start - sentence[0], timex.end - sentence[0]
    cue_match = _BOUNDARY_CUE.search(local, max(0, start - _LOOKBEHIND), start)
    cue = cues.BOUNDARY_CUES[_normal(cue_match.group("cue"))] if cue_match else None
    relation, edge = (cue.relation, cue.edge) if cue else ("during", "start")
    if cue is None and timex.mod in ("BEFORE", "AFTER"):
        relation, edge = timex.mod.lower(), "start" if timex.mod == "BEFORE" else "end"
    remove_start = cue_match.start() if cue_match else start
    what, fallback = describe(local, remove_start, tail_end(local, end))
    future = future_clause(local[slice(*clause_around(local, start, end))])
    interval = bounded_interval(
        relation,
        edge,
        (timex.earliest, timex.latest),  # type: ignore[arg-type]
        published,
        future,
    )
    return what, fallback, relation, interval


def _bounded(text: str, sentence: tuple[int, int], timex: Timex) -> tuple[int, int]:
    """`sentence`, or the `MAX_SENTENCE_CHARS` around `timex` when it is longer than that."""
    start, end = sentence
    if end - start <= MAX_SENTENCE_CHARS:
        return sentence
    margin = max(0, (MAX_SENTENCE_CHARS - (timex.end - timex.start)) // 2)
    low, high = max(start, timex.start - margin), min(end, timex.end + margin)
    while start < low < timex.start and not text[low - 1].isspace():
        low += 1
    while timex.end < high < end and not text[high].isspace():
        high -= 1
    while low < timex.start and text[low].isspace():
        low += 1
    while high > timex.end and text[high - 1].isspace():
        high -= 1
    return low, high


def extract_events(
    text: str, published: date, timexes: list[Timex], skip: Container[int] = ()
) -> list[Event]:
    """Events of one article, in text order; `timex_index` is the position in `timexes`.

    The timexes whose positions are in `skip` make no event (each timex's event is read on its
    own, so the others are the same): a caller that needs only some of them saves the rest."""
    spans = document_sentences(text)
    starts = [start for start, _ in spans]
    dateline = _DATELINE.match(text)
    dateline_end = dateline.end() if dateline else 0
    by_start = _ByStart(timexes)
    found: list[tuple[int, int, Event]] = []
    for index, timex in enumerate(timexes):
        if index in skip:
            continue
        if timex.type == "SET" or not 0 <= timex.start < timex.end <= len(text):
            continue
        if timex.start < dateline_end:
            continue
        sentence_index = bisect.bisect_right(starts, timex.start) - 1
        if sentence_index < 0 or timex.start >= spans[sentence_index][1]:
            continue
        sentence = _bounded(text, spans[sentence_index], timex)
        event = _event(text, published, timexes, index, sentence, by_start)
        if event is None:
            continue
        what, fallback, relation, interval, granularity = event
        earliest, latest = interval
        if not what or earliest >= latest:
            continue
        found.append(
            (
                timex.start,
                index,
                Event(
                    event_index=0,
                    sentence_index=sentence_index,
                    sentence=text[sentence[0] : sentence[1]],
                    what=what,
                    timex_index=index,
                    timex_text=timex.text,
                    value=timex.value,
                    mod=timex.mod,
                    earliest=earliest,
                    latest=latest,
                    granularity=granularity,
                    relation=relation,
                    confidence=confidence(timex.value, granularity, timex.mod, relation, fallback),
                ),
            )
        )
    found.sort(key=lambda item: (item[0], item[1]))
    return [_renumber(event, position) for position, (_, _, event) in enumerate(found)]


def _event(
    text: str,
    published: date,
    timexes: list[Timex],
    index: int,
    sentence: tuple[int, int],
    by_start: _ByStart,
) -> tuple[str, bool, str, tuple[date, date], str | None] | None:
    """(what, fallback, relation, interval, granularity) for one timex, or None."""
    timex = timexes[index]
    if _has_interval(timex):
        what, fallback, relation, interval = _anchored_event(text, sentence, timex, published)
        return what, fallback, relation, interval, timex.granularity
    if timex.type != "DURATION":
        return None
    duration = parse_duration(timex.value)
    if duration is None:
        return None
    reference = _reference(text, timexes, index, sentence, published, by_start)
    ordinal = _ordinal_event(text, sentence, timex, reference)
    if ordinal is not None:
        what, interval = ordinal
        return what, False, "within", interval, duration.granularity
    relative = _relative_event(text, sentence, timex, reference)
    if relative is not None:
        what, fallback, interval = relative
        return what, fallback, "within", interval, duration.granularity
    return None


def _renumber(event: Event, position: int) -> Event:
    return replace(event, event_index=position)
