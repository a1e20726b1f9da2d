"""The structure `timing.time_events` reads a text by: sentences, clauses, which timex dates
which clause, which event governs which, and the story's reference time.

Everything is computed once per text from the mention tokenizer's tokens (no re-tagging), so
the cost is linear in the text's length.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from transforms.events import anchor_rules as rules
from transforms.events.mentions import Mention, tokenize
from transforms.temporal.model import Timex
from transforms.text.sentences import split_sentences

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


@dataclass(frozen=True, slots=True)
class Placed:
    """Where one mention sits: its sentence, its clause, and the mention that governs it."""

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
    lemma otherwise (lowercase)."""
    import lemminflect

    lemmas = lemminflect.getAllLemmas(word.lower())
    for pos in ("VERB", "NOUN"):
        if pos in lemmas:
            return lemmas[pos][0]
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


def read_discourse(text: str, mentions: Sequence[Mention], timexes: Sequence[Timex]) -> Discourse:
    """Sentences and clauses of `text`, the clause of every mention and dated timex, and each
    mention's governor (the nearest REPORTING/I_STATE/I_ACTION/… event before it in its
    sentence, or a sentence-final reporting verb after it: "… closed, officials said")."""
    spans = tokenize(text)
    starts = [s for s, _ in spans]
    words = [text[s:e] for s, e in spans]
    sentence_starts = [a for a, _ in split_sentences(text)]
    token_sentence = [max(bisect.bisect_right(sentence_starts, s) - 1, 0) for s in starts]
    mention_token = {}
    for i, m in enumerate(mentions):
        t = bisect.bisect_right(starts, m.start) - 1
        mention_token[i] = max(t, 0)
    governs_at = {
        mention_token[i]: i
        for i, m in enumerate(mentions)
        if m.event_class in rules.GOVERNING_CLASSES and spans
    }
    dated_first = {}
    for timex in timexes:
        if _is_dated(timex):
            dated_first[bisect.bisect_left(starts, timex.start)] = timex
    timex_end = {}
    for first, timex in dated_first.items():
        timex_end[first] = bisect.bisect_left(starts, timex.end)
    timex_tokens = {t for a, b in timex_end.items() for t in range(a, b)}
    break_before = set()
    for g in governs_at:
        j = g + 1
        while j < len(words) and j - g <= 3 and j not in timex_end:
            if words[j].lower() not in rules.PREPOSITIONS and words[j].lower() not in _LINKS:
                break
            j += 1
        break_before.add(timex_end[j] if j in timex_end else g + 1)
    clause = [0] * len(spans)
    current = 0
    for t, w in enumerate(words):
        if t > 0 and token_sentence[t] != token_sentence[t - 1]:
            current = 0
        elif t > 0 and t not in timex_tokens:
            if w in rules.CLAUSE_BREAKS or w.lower() in rules.CLAUSE_OPENERS:
                current += 1
            elif t in break_before:
                current += 1
            elif w.lower() in rules.SUBORDINATORS and not _timex_follows(t, words, timex_end):
                current += 1
        clause[t] = current
    clauses_with_mentions = {(token_sentence[t], clause[t]) for t in mention_token.values()}
    sizes = Counter(zip(token_sentence, clause, strict=True))
    mention_at = {t: i for i, t in sorted(mention_token.items(), reverse=True)}
    dated, modified = [], {}
    for first, timex in sorted(dated_first.items()):
        if first >= len(spans):
            continue
        s, c = token_sentence[first], clause[first]
        c = _host_clause(s, c, first, clause, sizes, clauses_with_mentions)
        end = timex_end[first]
        if _modifies(text, timex, words, first, end):
            placed_timex = DatedTimex(timex, s, c, rules.DURING, rules.START)
            for t in range(end, min(end + rules.MODIFIED_WITHIN + 1, len(words))):
                if t in mention_at:
                    modified[mention_at[t]] = placed_timex
                    break
        else:
            placed_timex = DatedTimex(timex, s, c, *_preposition(words, first))
        dated.append(placed_timex)
    placed = []
    for i in range(len(mentions)):
        t = mention_token[i]
        s = token_sentence[t] if spans else 0
        placed.append(Placed(s, clause[t] if spans else 0, t, None))
    placed = _with_governors(placed, mentions)
    return Discourse(placed, dated, bool(_WIRE.match(text)), modified)


def _timex_follows(t: int, words: list[str], timex_end: dict[int, int]) -> bool:
    """Whether a dated timex starts right after token `t` (an optional "the" between)."""
    j = t + 1
    if j < len(words) and words[j].lower() == "the":
        j += 1
    return j in timex_end


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


def _host_clause(s: int, c: int, first: int, clause: list[int], sizes: Counter, hosts: set) -> int:
    """The clause a timex dates: its own, or, for a short fronted clause with no event of its
    own ("In March 1996, the team ..."), the next one."""
    if (s, c) in hosts:
        return c
    if c == 0 and sizes[(s, c)] <= rules.FRONTED_MAX_TOKENS and (s, c + 1) in hosts:
        return c + 1
    if (s, c - 1) in hosts and first > 0 and clause[first - 1] == c:
        return c - 1
    return c


def _with_governors(placed: list[Placed], mentions: Sequence[Mention]) -> list[Placed]:
    """Each mention's governor: the nearest governing event before it in its sentence (when in
    another clause, or when the mention is an infinitive), else the sentence's last reporting
    verb after it ("… closed, officials said")."""
    out = list(placed)
    by_sentence: dict[int, list[int]] = {}
    for i, p in enumerate(placed):
        by_sentence.setdefault(p.sentence, []).append(i)
    for members in by_sentence.values():
        last_governor = None
        for i in members:
            if last_governor is not None and placed[i].clause != placed[last_governor].clause:
                out[i] = _set_governor(placed[i], last_governor)
            elif last_governor is not None and mentions[i].tense == "INFINITIVE":
                out[i] = _set_governor(placed[i], last_governor)
            if mentions[i].event_class in rules.GOVERNING_CLASSES:
                last_governor = i
        reporters = [i for i in members if mentions[i].event_class in rules.REPORTING_CLASSES]
        if reporters:
            final = reporters[-1]
            for i in members:
                if i < final and out[i].governor is None:
                    out[i] = _set_governor(placed[i], final)
    return out


def _set_governor(p: Placed, governor: int) -> Placed:
    return Placed(p.sentence, p.clause, p.token, governor)


def day_interval(day: date) -> tuple[date, date]:
    """The half-open interval of one day."""
    from datetime import timedelta

    return day, day + timedelta(days=1)
