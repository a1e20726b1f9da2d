"""Find the words describing an event: the clause around a timex, minus the timex and frames.

A sentence is cut into clauses at punctuation (, ; : brackets, quotes, dashes) and at the words
of `cues.CLAUSE_OPENERS`. The clause holding the timex is taken, the timex (with its
preposition and tail) is replaced by a marker, and the cleaning steps, each driven by a table in
`cues`, run in order:

1. a relative clause borrows its antecedent ("Mr Johnson, who visited Kyiv in 2022" →
   "Mr Johnson visited Kyiv");
2. leading conjunctions, quotes and the seed dateline go;
3. a reporting frame ("X said [that]") goes when the timex is in the reported clause, and is
   all that is kept when the timex dates the saying ("X said on Monday …" → "X said");
4. a leading frame ("This comes as …") goes;
5. "for <subject> to <verb>" keeps the subject on ("prepares for Donald Trump to take office");
6. the marker goes, the text is trimmed and cut at `cues.MAX_WHAT_WORDS` words.

If fewer than two words are left ("In 2022, Russia invaded"), the next clause, then the previous
one, is used instead and `Description.fallback` is set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from transforms.events import cues

MARK = "\ue000"
"""Stands where the timex was; a private-use character no text contains after `_sanitise`."""


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of table keys, longest first, spaces matching any white space."""
    keys = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(key).replace(r"\ ", r"\s+") for key in keys)


_PUNCTUATION = re.compile(
    r"(?<!\d),|,(?!\d{3}(?!\d))"  # a comma, but not a thousands separator ("10,000")
    r"|[;:()\[\]{}“”\"«»—–]|\s-\s|(?<!\w)['‘’]|['‘’](?!\w)"
)
_OPENER = re.compile(rf"(?<![\w'’-])(?:{alternation(cues.CLAUSE_OPENERS)})(?![\w'’-])", re.I)
_RELATIVE_PRONOUN = re.compile(rf"\s*(?:{alternation(cues.RELATIVE_PRONOUNS)})\b\s*", re.I)
_LEADING = re.compile(
    rf"(?:[\s\"'“”‘’«»(\[{{,;:.!?—–-]+|(?:{alternation(cues.LEADING_TRIM)})(?![\w'’-]))+", re.I
)
_TRAILING = re.compile(r"[\s\"'“”‘’«»)\]},;:.!?—–-]+$")
_DATELINE = re.compile(cues.DATELINE, re.I)
_VERBS = alternation(v for v in cues.REPORTING_VERBS if v not in ("told", "tells"))
_REPORTING = re.compile(
    rf"(?P<subject>(?:\S+\s+){{1,6}}?)(?:(?:{alternation(cues.REPORTING_AUXILIARIES)})\s+)*"
    rf"(?:(?:told|tells)\s+{cues.REPORTING_OBJECTS}|(?:{_VERBS}))(?![\w'’-])"
    r"(?:\s*:|\s+that(?![\w'’-]))?\s*"
)
_FRAMES = [re.compile(pattern + r"(?![\w'’-])\s*", re.I) for pattern in cues.FRAMES]
_INFINITIVE_SUBJECTS = [re.compile(pattern) for pattern in cues.INFINITIVE_SUBJECTS]
_TAILS = [re.compile(r"\s+" + pattern + r"(?![\w'’-])") for pattern in cues.TIMEX_TAILS]
_SPACE = re.compile(r"\s+")


class Description(NamedTuple):
    """The `what` of an event, and whether it came from a neighbouring clause."""

    what: str
    fallback: bool


def _sanitise(text: str) -> str:
    """`text` with any marker characters replaced by spaces (offsets unchanged)."""
    return text.replace(MARK, " ")


@lru_cache(maxsize=1024)
def _all_cuts(sentence: str) -> tuple[tuple[int, int], ...]:
    """Every clause boundary of `sentence`, sorted (cached: each timex of a sentence asks)."""
    cuts = [(m.start(), m.end()) for m in _PUNCTUATION.finditer(sentence)]
    cuts += [(m.start(), m.start()) for m in _OPENER.finditer(sentence)]
    return tuple(sorted(cuts))


def clause_cuts(sentence: str, keep: tuple[int, int] = (0, 0)) -> list[tuple[int, int]]:
    """Clause boundaries as `(end of one clause, start of the next)`; none inside `keep`."""
    return [
        (start, end)
        for start, end in _all_cuts(sentence)
        if end <= keep[0] or start >= keep[1] or keep[0] == keep[1]
    ]


def clause_around(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The clause of `sentence` holding `[start, end)`, as offsets."""
    cuts = clause_cuts(sentence, (start, end))
    left = max((cut_end for cut_start, cut_end in cuts if cut_end <= start), default=0)
    right = min((cut_start for cut_start, _ in cuts if cut_start >= end), default=len(sentence))
    return left, right


def tail_end(sentence: str, end: int) -> int:
    """Where a timex's noun phrase ends ("winter *of conflict*"), starting from its `end`."""
    for tail in _TAILS:
        match = tail.match(sentence, end)
        if match:
            return match.end()
    return end


def _words(text: str) -> int:
    return len([word for word in text.replace(MARK, " ").split() if any(c.isalnum() for c in word)])


def _trim_leading(text: str) -> str:
    match = _LEADING.match(text)
    return text[match.end() :] if match else text


def clean(text: str) -> str:
    """Apply the cleaning steps 2–6 to a clause that may hold the timex marker."""
    text = _SPACE.sub(" ", _DATELINE.sub("", text, count=1)).strip()
    text = _trim_leading(text)
    reporting = _REPORTING.match(text)
    if reporting:
        rest = text[reporting.end() :]
        if MARK not in rest:
            if MARK in text or _words(rest) < 2:
                text = text[: reporting.end()]
            else:
                text = rest
        elif not rest.startswith(MARK) and _words(rest) >= 2:
            text = rest
        else:
            text = text[: reporting.end()]
    for frame in _FRAMES:
        match = frame.match(text)
        if match and MARK not in match.group(0) and _words(text[match.end() :]) >= 2:
            text = text[match.end() :]
    marker = text.find(MARK)
    for pattern in _INFINITIVE_SUBJECTS:
        starts = [m.end() for m in pattern.finditer(text) if marker < 0 or m.end() <= marker]
        if starts and _words(text[starts[-1] :]) >= 2:
            text = text[starts[-1] :]
    text = _trim_leading(_SPACE.sub(" ", text.replace(MARK, " ")).strip())
    text = _TRAILING.sub("", text)
    words = text.split(" ")
    return " ".join(words[: cues.MAX_WHAT_WORDS]) if text else ""


def _with_antecedent(sentence: str, left: int, clause: str) -> str:
    """Prefix a relative clause ("who visited Kyiv") with its short antecedent clause."""
    pronoun = _RELATIVE_PRONOUN.match(clause)
    if pronoun is None:
        return clause
    before = _TRAILING.sub("", sentence[:left])
    previous_left, _ = clause_around(before, len(before), len(before)) if before else (0, 0)
    antecedent = _TRAILING.sub("", before[previous_left:]).strip()
    if not antecedent or _words(antecedent) > cues.MAX_ANTECEDENT_WORDS:
        return clause
    return antecedent + " " + clause[pronoun.end() :]


def describe(sentence: str, remove_start: int, remove_end: int) -> Description:
    """The event described around `sentence[remove_start:remove_end]` (the timex and its cue)."""
    sentence = _sanitise(sentence)
    left, right = clause_around(sentence, remove_start, remove_end)
    clause = sentence[left:remove_start] + MARK + sentence[remove_end:right]
    what = clean(_with_antecedent(sentence, left, clause))
    if _words(what) >= 2:
        return Description(what, False)
    cuts = clause_cuts(sentence)
    following = [(end, start) for start, end in cuts if end >= right]
    if following:
        after_left = following[0][0]
        after_right = min((s for s, _ in cuts if s > after_left), default=len(sentence))
        what = clean(sentence[after_left:after_right])
        if _words(what) >= 2:
            return Description(what, True)
    if left > 0:
        before_left, _ = clause_around(sentence, left - 1, left - 1)
        what = clean(sentence[before_left:left])
        if _words(what) >= 2:
            return Description(what, True)
    return Description(clean(sentence[:remove_start] + MARK + sentence[remove_end:]), True)


def following_clause(sentence: str, start: int) -> str:
    """The cleaned clause starting at `start` ("after *Sir Keir Starmer spoke to …*")."""
    sentence = _sanitise(sentence)
    cuts = clause_cuts(sentence)
    right = min((s for s, _ in cuts if s > start), default=len(sentence))
    return clean(sentence[start:right])


def preceding_clause(sentence: str, end: int) -> str:
    """The raw clause ending just before the clause boundary at or before `end`."""
    sentence = _sanitise(sentence)
    cuts = [cut for cut in clause_cuts(sentence) if cut[1] <= end]
    if not cuts:
        return ""
    boundary = cuts[-1][0]
    previous_left = max((e for s, e in cuts if e <= boundary and (s, e) != cuts[-1]), default=0)
    return sentence[previous_left:boundary]


def future_clause(text: str) -> bool:
    """Whether `text` has a marker from `cues.FUTURE_MARKERS` ("will", "plans to")."""
    return _FUTURE.search(text) is not None


_FUTURE = re.compile(rf"(?<![\w-])(?:{alternation(cues.FUTURE_MARKERS)})(?![\w-])", re.I)


def trigger_clause(sentence: str, start: int, end: int) -> Description:
    """The clause of `sentence` holding an event trigger at `[start, end)`, cleaned as a timex's
    clause is (steps 1–6). The trigger stays in the text: a marker just after it tells the
    reporting and frame steps which side of "X said" the event is on ("*Johnson said* that …"
    for `said`, "*British forces should help* …" for `help`). A clause of fewer than two words
    gives way to the whole sentence, cleaned, with `fallback` set."""
    sentence = _sanitise(sentence)
    left, right = clause_around(sentence, start, end)
    clause = sentence[left:end] + MARK + sentence[end:right]
    what = clean(_with_antecedent(sentence, left, clause))
    if _words(what) >= 2:
        return Description(what, False)
    return Description(clean(sentence[:end] + MARK + sentence[end:]), True)
