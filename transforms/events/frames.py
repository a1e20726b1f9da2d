"""Polars batch wrapper: articles + timexes frames in, events frame (`EVENT_COLUMNS`) out.

One row per event mention (`mentions.find_mentions`), timed by `timing.time_events`. Each
article is read once: its timexes come from the frame `transforms.frames.timexes_frame` already
made (the text is not tagged again), its mentions are found once and handed to the timing.
"""

from __future__ import annotations

import bisect
import threading
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import polars as pl

from transforms.events.clauses import trigger_clause
from transforms.events.extract import extract_events
from transforms.events.mentions import Mention, find_mentions
from transforms.events.model import EVENT_COLUMNS, Event
from transforms.events.phrase import headline, headline_at, window_split
from transforms.events.timing import Anchor, EventTime, Relation, time_events
from transforms.temporal.model import Timex
from transforms.text.documents import (
    KEPT_CHARS,
    document_sentences,
    document_token_starts,
    document_tokens,
)

_DTYPES: dict[str, type[pl.DataType]] = {
    "str": pl.String,
    "int32": pl.Int32,
    "date": pl.Date,
    "float64": pl.Float64,
    "bool": pl.Boolean,
}

EVENT_SCHEMA: dict[str, type[pl.DataType]] = {
    name: _DTYPES[kind] for name, kind in EVENT_COLUMNS.items()
}
"""`EVENT_COLUMNS` as a Polars schema."""

MAX_SENTENCE_CHARS = 1000
"""A sentence longer than this (a list, a table flattened to text) is read in the window of
this many characters around the trigger, so one odd article cannot cost quadratic time."""

_MENTIONS_LOCK = threading.Lock()
"""`find_mentions` shares one CRFsuite tagger per process, which keeps the last sentence tagged
for the marginals read next: two threads tagging at once (the flow's thread runner) read each
other's sentence. The mentions are found one article at a time; tagging and timing still run in
parallel."""

_TIMEX_FIELDS = tuple(Timex.__dataclass_fields__)
_RELATIONS = frozenset(str(relation) for relation in Relation)


def _timexes_by_article(timexes: pl.DataFrame) -> dict[str, list[tuple[int, Timex]]]:
    """Each article's `(timex_index, Timex)` pairs, ordered by `timex_index`."""
    grouped: dict[str, list[tuple[int, Timex]]] = defaultdict(list)
    for row in timexes.sort("article_id", "timex_index").iter_rows(named=True):
        fields = {name: row[name] for name in _TIMEX_FIELDS if name in row}
        if fields.get("anchor") is None:
            fields["anchor"] = "none"
        if fields.get("rule") is None:
            fields["rule"] = ""
        grouped[row["article_id"]].append((row["timex_index"], Timex(**fields)))
    return grouped


def mention_what(sentence: str, sentence_start: int, mention: Mention) -> str:
    """The `what` of a mention: its headline phrase (`phrase.headline`), read in the mention's
    sentence (`sentence` starts at `sentence_start` in the text), so the cost per mention stays
    bounded by the sentence window, not the article. `mention_rows` gets the same phrase from
    the document's own tokens (`phrase.window_split`) and calls this only when a token crosses
    the window's edge."""
    start = mention.start - sentence_start
    local = replace(mention, start=start, end=start + len(mention.text))
    return headline(sentence, local) or trigger_clause(sentence, start, local.end).what


def _window(text: str, span: tuple[int, int], mention: Mention) -> tuple[int, int]:
    """`span` (a sentence), or `MAX_SENTENCE_CHARS` of it around the mention when longer,
    cut at white space so no word is split."""
    start, end = span
    if end - start <= MAX_SENTENCE_CHARS:
        return span
    margin = max(0, (MAX_SENTENCE_CHARS - (mention.end - mention.start)) // 2)
    low, high = max(start, mention.start - margin), min(end, mention.end + margin)
    while start < low < mention.start and not text[low - 1].isspace():
        low += 1
    while mention.end < high < end and not text[high].isspace():
        high -= 1
    return low, high


def _sentence_of(
    spans: Sequence[tuple[int, int]], starts: list[int], mention: Mention
) -> tuple[int, tuple[int, int]]:
    """`(sentence_index, span)` of the sentence holding the mention; a mention between two
    sentences (the splitters disagree) gets the one before it, widened to cover it."""
    index = bisect.bisect_right(starts, mention.start) - 1
    if index < 0:
        return 0, (mention.start, mention.end)
    start, end = spans[index]
    return index, (start, max(end, mention.end))


class _TimexIndex:
    """An article's timexes by position and by words, so that linking a mention to the
    expression it was anchored by costs a bisection, not a scan of every timex."""

    def __init__(self, timexes: Sequence[Timex]) -> None:
        self.timexes = timexes
        self.order = sorted(range(len(timexes)), key=lambda i: timexes[i].start)
        self.starts = [timexes[i].start for i in self.order]
        self.by_words: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i in self.order:
            self.by_words[timexes[i].text].append((timexes[i].start, i))

    def anchoring(self, span: tuple[int, int], mention: Mention, time: EventTime) -> int | None:
        """Position of the expression a mention's interval was read from: for a `timex`
        anchor, the one of its sentence with the anchor's words (else the sentence's one
        nearest the mention); for a `story` anchor, the last one before the mention with
        those words. None for other anchors."""
        if time.anchor == Anchor.TIMEX:
            low = bisect.bisect_left(self.starts, span[0])
            high = bisect.bisect_left(self.starts, span[1])
            inside = self.order[low:high]
            named = [i for i in inside if self.timexes[i].text == time.anchor_text] or inside
            if not named:
                return None
            return min(named, key=lambda i: abs(self.timexes[i].start - mention.start))
        if time.anchor == Anchor.STORY and time.anchor_text:
            same = self.by_words.get(time.anchor_text, [])
            before = bisect.bisect_right(same, (mention.start, len(self.timexes)))
            return same[before - 1][1] if before else None
        return None


def mention_rows(
    article_id: str, text: str, published: date, timexes: Sequence[tuple[int, Timex]]
) -> list[tuple]:
    """The events rows (values in `EVENT_COLUMNS` order) of one article's document text.

    `timexes` are `(timex_index, Timex)` pairs of the same text; an event's `timex_index` is
    the index given here, so it joins back to its timex row. Rows are in text order: one per
    mention, plus one per event a temporal expression dates that no mention was anchored to
    (`extract.extract_events`: "the second [attack] in less than two weeks" dates an earlier
    attack no word names); those have no trigger."""
    plain = [timex for _, timex in timexes]
    with _MENTIONS_LOCK:
        mentions = find_mentions(text)
    times = time_events(text, published, mentions, plain) if mentions else []
    spans = document_sentences(text) or ((0, len(text)),)
    starts = [start for start, _ in spans]
    index = _TimexIndex(plain)
    placed: list[tuple[int, tuple]] = []
    linked_timexes: set[int] = set()
    # A text too long to keep its tokens (`documents.KEPT_CHARS`) reads each window's tokens
    # anew, so that its tokens do not stay in memory through the loop.
    tokens = document_tokens(text) if len(text) <= KEPT_CHARS else None
    token_starts = document_token_starts(text) if tokens is not None else ()
    window: tuple[int, int] | None = None
    split = None
    for mention, time in zip(mentions, times, strict=True):
        sentence_index, span = _sentence_of(spans, starts, mention)
        low, high = _window(text, span, mention)
        sentence = text[low:high]
        if tokens is not None and window != (low, high):
            window = low, high
            split = window_split(text, tokens, token_starts, low, high)
        if split is None:
            what = mention_what(sentence, low, mention)
        else:
            end = mention.start + len(mention.text)
            what = headline_at(text, split, mention.start, end, mention.text) or (
                trigger_clause(sentence, mention.start - low, end - low).what
            )
        linked = index.anchoring(span, mention, time)
        timex = plain[linked] if linked is not None else None
        if linked is not None:
            linked_timexes.add(linked)
        placed.append(
            (
                mention.start,
                (
                    sentence_index,
                    sentence,
                    what,
                    timexes[linked][0] if linked is not None else None,
                    timex.text if timex else None,
                    timex.value if timex else None,
                    timex.mod if timex else None,
                    time.earliest,
                    time.latest,
                    timex.granularity if timex else None,
                    str(time.relation),
                    time.confidence,
                    mention.start,
                    mention.end,
                    mention.text,
                    mention.event_class,
                    mention.tense,
                    mention.aspect,
                    mention.polarity,
                    mention.modality or None,
                    time.multi_day,
                    time.begin_earliest,
                    time.begin_latest,
                    time.end_earliest,
                    time.end_latest,
                    str(time.anchor),
                    time.anchor_text or None,
                    str(time.when_relative(published)),
                ),
            )
        )
    if plain:
        events = extract_events(text, published, plain, skip=linked_timexes)
        placed += _timex_only(published, timexes, events, linked_timexes)
    placed.sort(key=lambda item: item[0])
    return [(article_id, position, *row) for position, (_, row) in enumerate(placed)]


def _timex_only(
    published: date,
    timexes: Sequence[tuple[int, Timex]],
    events: list[Event],
    linked: set[int],
) -> list[tuple[int, tuple]]:
    """`(text position, row)` of the timex-dated events whose timex no mention was anchored
    to, as rows without a trigger (`anchor` = `timex`)."""
    out: list[tuple[int, tuple]] = []
    for event in events:
        if event.timex_index in linked:
            continue
        index, timex = timexes[event.timex_index]
        relation = event.relation if event.relation in _RELATIONS else Relation.DURING
        time = EventTime(
            event.earliest,
            event.latest,
            (event.latest - event.earliest).days > 1,
            Anchor.TIMEX,
            Relation(relation),
            event.confidence,
            timex.text,
        )
        out.append(
            (
                timex.start,
                (
                    event.sentence_index,
                    event.sentence,
                    event.what,
                    index,
                    event.timex_text,
                    event.value,
                    event.mod,
                    event.earliest,
                    event.latest,
                    event.granularity,
                    event.relation,
                    event.confidence,
                    *(None,) * 8,
                    time.multi_day,
                    *(None,) * 4,
                    str(time.anchor),
                    time.anchor_text,
                    str(time.when_relative(published)),
                ),
            )
        )
    return out


def events_frame(articles: pl.DataFrame, timexes: pl.DataFrame) -> pl.DataFrame:
    """Event mentions of every article in `articles` (`id`, `published`, `text`), with columns
    and dtypes exactly `EVENT_COLUMNS`; `timexes` is the articles' timexes frame.

    Rows whose `published` or `text` is null produce nothing (the readers reject those)."""
    by_article = _timexes_by_article(timexes)
    rows: list[tuple] = []
    for article_id, published, text in articles.select("id", "published", "text").iter_rows():
        if not text or published is None:
            continue
        rows.extend(mention_rows(article_id, text, published, by_article.get(article_id, [])))
    if not rows:
        return pl.DataFrame(schema=EVENT_SCHEMA)
    # Built column by column: a third faster than `orient="row"` for the same frame.
    columns = zip(*rows, strict=True)
    return pl.DataFrame(
        [
            pl.Series(name, values, dtype)
            for (name, dtype), values in zip(EVENT_SCHEMA.items(), columns, strict=True)
        ]
    )
