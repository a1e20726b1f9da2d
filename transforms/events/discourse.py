"""The structure `timing.time_events` reads a text by: sentences, clauses, which timex dates
which clause, which event governs which, and the story's reference time.

Everything is computed once per text from the mention tokenizer's tokens (no re-tagging), so
the cost is linear in the text's length.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from transforms.events import anchor_rules as rules
from transforms.events.mentions import Mention, deverbal, lexical, word_lemma
from transforms.temporal.model import Timex
from transforms.text.documents import document_sentences, document_token_starts, document_tokens

_WIRE = re.compile(rules.WIRE_DATELINE)
_LINKS = frozenset({"the", "on", "in", "at", "late", "early", "this", "last"})
_PREPOSITION_WORDS = max(len(p.split()) for p in rules.PREPOSITIONS)


@dataclass(frozen=True, slots=True)
class DatedTimex:
    """A timex with a calendar interval, placed in the text's clause structure."""

    timex: Timex
    sentence: int
    clause: int
    relation: str
    """`during`, `before` or `after`, from the preposition in front of it."""
    edge: str
    """The side of the timex's interval that bounds a `before`/`after` event (`start`/`end`)."""

    def bounds(self) -> tuple[date | None, date | None]:
        """The interval an event in this timex's clause lies in."""
        lo, hi = self.timex.earliest, self.timex.latest
        if self.relation == rules.BEFORE:
            return None, lo if self.edge == rules.START else hi
        if self.relation == rules.AFTER:
            return (lo if self.edge == rules.START else hi), None
        return lo, hi


class Placed(NamedTuple):
    """Where one mention sits: its sentence, its clause, and the mention that governs it (a
    named tuple: one is made per mention, and tuples are the cheapest to make)."""

    sentence: int
    clause: int
    token: int
    governor: int | None
    """Index (into the mentions) of the event whose complement holds this one, or None."""


@dataclass(slots=True)
class Discourse:
    """The clause structure of one text and its mentions."""

    placed: list[Placed]
    timexes: list[DatedTimex]
    wire: bool
    """The text opens with a wire-copy dateline."""

    modified: dict[int, DatedTimex] = field(default_factory=dict)
    """Mention index → the timex that modifies it alone ("last month's *explosion*")."""
    by_clause: dict[tuple[int, int], list[DatedTimex]] = field(default_factory=dict)
    """The dated timexes of each `(sentence, clause)` (modifying timexes left out)."""

    def __post_init__(self) -> None:
        modifiers = {id(t) for t in self.modified.values()}
        for t in self.timexes:
            if id(t) not in modifiers:
                self.by_clause.setdefault((t.sentence, t.clause), []).append(t)

    def clause_timexes(self, i: int) -> list[DatedTimex]:
        """The dated timexes that date mention `i`: the one modifying it, else its clause's."""
        if i in self.modified:
            return [self.modified[i]]
        p = self.placed[i]
        return self.by_clause.get((p.sentence, p.clause), [])


@lru_cache(maxsize=65536)
def event_lemma(word: str) -> str:
    """The lemma two mentions of one event share: the verb lemma of a verb, the noun's own
    lemma otherwise (lowercase). Read from the mention finder's lemminflect entries, which it
    has already looked up and remembers (lemminflect deep-copies its answer on every look-up)."""
    pos, verb, _ = lexical(word)
    if verb:
        return verb
    if "NOUN" in pos:
        return deverbal(word) or word_lemma(word)
    return word.lower()


def _is_dated(timex: Timex) -> bool:
    """A timex that names calendar days ("now" only says "at present": the tense decides)."""
    return (
        timex.type in ("DATE", "TIME")
        and timex.value not in rules.UNDATED_VALUES
        and timex.earliest is not None
        and timex.latest is not None
        and timex.earliest < timex.latest
    )


def _preposition(words: list[str], first: int) -> tuple[str, str]:
    """The relation and bounding edge the words right before token `first` give a timex."""
    j = first
    if j > 0 and words[j - 1].lower() == "the":
        j -= 1
    for n in range(_PREPOSITION_WORDS, 0, -1):
        if j - n < 0:
            continue
        phrase = " ".join(w.lower() for w in words[j - n : j])
        if phrase in rules.PREPOSITIONS:
            relation, edge, _ = rules.PREPOSITIONS[phrase]
            return relation, edge
    return rules.DURING, rules.START


class _Words:
    """The tokens of a text as strings, sliced from the text only when asked for (most tokens
    never are)."""

    __slots__ = ("_spans", "_text")

    def __init__(self, text: str, spans: Sequence[tuple[int, int]]) -> None:
        self._text = text
        self._spans = spans

    def __len__(self) -> int:
        return len(self._spans)

    def __getitem__(self, key: int | slice) -> str | list[str]:
        if isinstance(key, slice):
            return [self._text[a:b] for a, b in self._spans[key]]
        a, b = self._spans[key]
        return self._text[a:b]


_BREAK_FORMS = frozenset(rules.CLAUSE_BREAKS) | set(rules.CLAUSE_OPENERS) | set(rules.SUBORDINATORS)
"""Lowercase token forms that may open a clause (break characters, openers, subordinators)."""


def _break_tokens(
    text: str, spans: Sequence[tuple[int, int]], timex_end: dict[int, int]
) -> list[int]:
    """The tokens that open a new clause by their own form (a clause-break character, a clause
    opener, a subordinator with no dated timex after it), in order. Candidates are read from
    the text lowercased once (a text whose lowercase changes length, with rare letters such as
    "İ", lowercases token by token instead)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        found = [(t, w) for t, (a, b) in enumerate(spans) if (w := lowered[a:b]) in _BREAK_FORMS]
    else:
        found = [
            (t, w) for t, (a, b) in enumerate(spans) if (w := text[a:b].lower()) in _BREAK_FORMS
        ]
    out = []
    words = _Words(text, spans)
    for t, w in found:
        if w in rules.CLAUSE_BREAKS or w in rules.CLAUSE_OPENERS:
            out.append(t)
        elif not _timex_follows(t, words, timex_end):
            out.append(t)
    return out


def read_discourse(text: str, mentions: Sequence[Mention], timexes: Sequence[Timex]) -> Discourse:
    """Sentences and clauses of `text`, the clause of every mention and dated timex, and each
    mention's governor (the nearest REPORTING/I_STATE/I_ACTION/… event before it in its
    sentence, or a sentence-final reporting verb after it: "… closed, officials said").

    A token's clause is the number of clause breaks between its sentence's first token and it,
    counted by bisection over the sorted break tokens, so only the tokens that matter (those
    of mentions and timexes) are ever placed."""
    spans = document_tokens(text)
    n = len(spans)
    starts = document_token_starts(text)
    words = _Words(text, spans)
    sentence_first = [bisect.bisect_left(starts, a) for a, _ in document_sentences(text)]

    def sentence_of(t: int) -> int:
        return max(bisect.bisect_right(sentence_first, t) - 1, 0)

    def run_start(k: int) -> int:
        return sentence_first[k] if k > 0 else 0

    mention_token = [max(bisect.bisect_right(starts, m.start) - 1, 0) for m in mentions]
    dated_first = {}
    for timex in timexes:
        if _is_dated(timex):
            dated_first[bisect.bisect_left(starts, timex.start)] = timex
    timex_end = {first: bisect.bisect_left(starts, t.end) for first, t in dated_first.items()}
    timex_tokens = {t for a, b in timex_end.items() for t in range(a, b)}
    breaks = set(_break_tokens(text, spans, timex_end))
    if n:
        for i, m in enumerate(mentions):
            if m.event_class not in rules.GOVERNING_CLASSES:
                continue
            g = mention_token[i]
            j = g + 1
            while j < n and j - g <= 3 and j not in timex_end:
                low = words[j].lower()
                if low not in rules.PREPOSITIONS and low not in _LINKS:
                    break
                j += 1
            breaks.add(timex_end[j] if j in timex_end else g + 1)
    firsts = set(sentence_first[1:])
    counted = sorted(t for t in breaks if 0 < t < n and t not in timex_tokens and t not in firsts)

    def clause_of(t: int) -> int:
        begin = run_start(sentence_of(t))
        return bisect.bisect_right(counted, t) - bisect.bisect_right(counted, begin)

    def first_clause_size(k: int) -> int:
        begin = run_start(k)
        following = [f for f in sentence_first[k + 1 :] if f > begin]
        end = min(following) if following else n
        cut = bisect.bisect_right(counted, begin)
        if cut < len(counted) and counted[cut] < end:
            end = counted[cut]
        return end - begin

    placed_at = []
    right = bisect.bisect_right
    for t in mention_token if n else ():
        k = max(right(sentence_first, t) - 1, 0)
        begin = sentence_first[k] if k > 0 else 0
        placed_at.append((k, right(counted, t) - right(counted, begin)))
    clauses_with_mentions = set(placed_at)
    mention_at = {t: i for i, t in sorted(enumerate(mention_token), reverse=True)}
    dated, modified = [], {}
    for first, timex in sorted(dated_first.items()):
        if first >= n:
            continue
        s, c = sentence_of(first), clause_of(first)
        c = _host_clause(s, c, first, clause_of, first_clause_size, clauses_with_mentions)
        end = timex_end[first]
        if _modifies(text, timex, words, first, end):
            placed_timex = DatedTimex(timex, s, c, rules.DURING, rules.START)
            for t in range(end, min(end + rules.MODIFIED_WITHIN + 1, n)):
                if t in mention_at:
                    modified[mention_at[t]] = placed_timex
                    break
        else:
            placed_timex = DatedTimex(timex, s, c, *_preposition(words, first))
            participle = _reduced_relative(words, first, mention_at, mentions)
            if participle is not None:
                modified[participle] = placed_timex
        dated.append(placed_timex)
    if not n:
        placed_at = [(0, 0)] * len(mentions)
    governors = _governors(placed_at, mentions)
    placed = [
        Placed(s, c, t, g) for (s, c), t, g in zip(placed_at, mention_token, governors, strict=True)
    ]
    return Discourse(placed, dated, bool(_WIRE.match(text)), modified)


def _timex_follows(t: int, words: list[str], timex_end: dict[int, int]) -> bool:
    """Whether a dated timex starts right after token `t` (an optional "the" between)."""
    j = t + 1
    if j < len(words) and words[j].lower() == "the":
        j += 1
    return j in timex_end


def _reduced_relative(
    words: list[str], first: int, mention_at: dict[int, int], mentions: Sequence[Mention]
) -> int | None:
    """The participle mention that a timex starting at token `first` dates alone, in a
    participle clause after a noun ("talks on the issue *begun* a year ago", "the treaty
    *signed* in 1990"): the timex is not the date of the clause's main verb. None otherwise."""
    p = first - 1
    if p > 0 and (words[p].lower() in _DATE_PREPOSITIONS or words[p].lower() in rules.PREPOSITIONS):
        p -= 1
    i = mention_at.get(p)
    # lemminflect tags a regular participle ("signed") as the past form only: either counts
    if i is None or p == 0 or _PARTICIPLE_TAGS.isdisjoint(lexical(words[p])[2]):
        return None
    before = words[p - 1]
    if not before[:1].isalpha() or before.lower() in _NOT_NOUN_BEFORE_PARTICIPLE:
        return None
    return i


_PARTICIPLE_TAGS = frozenset({"VBN", "VBD"})
_DATE_PREPOSITIONS = frozenset("in on at during over through throughout".split())
_NOT_NOUN_BEFORE_PARTICIPLE = frozenset(
    "be is are was were been being am have has had having get got gets not never also just "
    "already recently reportedly and or but who which that to".split()
)
"""Words before a participle that make it a verb of its own clause ("was *signed* in 1990")
rather than a participle after a noun."""


def _modifies(text: str, timex: Timex, words: list[str], first: int, end: int) -> bool:
    """Whether the timex on tokens [first, end) modifies the noun after it: it is possessive
    ("last month's"), or sits between a determiner and a word ("his 1996 campaign")."""
    if end >= len(words):
        return False
    if any(text.startswith(p, timex.end) for p in rules.POSSESSIVES):
        return True
    return (
        first > 0
        and words[first - 1].lower() in rules.MODIFIER_DETERMINERS
        and words[end][:1].isalpha()
    )


def _host_clause(
    s: int,
    c: int,
    first: int,
    clause_of: Callable[[int], int],
    first_clause_size: Callable[[int], int],
    hosts: set,
) -> int:
    """The clause a timex dates: its own, or, for a short fronted clause with no event of its
    own ("In March 1996, the team ..."), the next one."""
    if (s, c) in hosts:
        return c
    if c == 0 and (s, c + 1) in hosts and first_clause_size(s) <= rules.FRONTED_MAX_TOKENS:
        return c + 1
    if (s, c - 1) in hosts and first > 0 and clause_of(first - 1) == c:
        return c - 1
    return c


def _governors(placed: list[tuple[int, int]], mentions: Sequence[Mention]) -> list[int | None]:
    """Each mention's governor, from its `(sentence, clause)`: the nearest governing event
    before it in its sentence (when in another clause, or when the mention is an infinitive),
    else the sentence's last reporting verb after it ("… closed, officials said"). A participle
    modifies a noun or opens the sentence; it governs no finite verb after it ("The ceasefire,
    *agreed* in October, is *holding*"), which looks past it to the governor before."""
    out: list[int | None] = [None] * len(placed)
    by_sentence: dict[int, list[int]] = {}
    for i, (s, _) in enumerate(placed):
        by_sentence.setdefault(s, []).append(i)
    for members in by_sentence.values():
        last_governor = None
        last_finite_governor = None
        for i in members:
            governor = last_governor
            if mentions[i].tense in rules.FINITE_TENSES:
                governor = last_finite_governor
            if governor is not None and (
                placed[i][1] != placed[governor][1] or mentions[i].tense == "INFINITIVE"
            ):
                out[i] = governor
            if mentions[i].event_class in rules.GOVERNING_CLASSES:
                last_governor = i
                if mentions[i].tense not in rules.PARTICIPLE_TENSES:
                    last_finite_governor = i
        final = None
        for i in members:
            if mentions[i].event_class in rules.REPORTING_CLASSES:
                final = i
        if final is not None:
            for i in members:
                if i < final and out[i] is None:
                    out[i] = final
    return out


def day_interval(day: date) -> tuple[date, date]:
    """The half-open interval of one day."""
    from datetime import timedelta

    return day, day + timedelta(days=1)
