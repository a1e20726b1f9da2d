"""Tense of the clause around a temporal expression, from cue words (no part-of-speech tagger).

"said on Tuesday" points back, "will meet on Tuesday" forward; the resolver asks this module
which way an underspecified date ("Tuesday", "January", "winter") should be counted.
"""

from __future__ import annotations

import bisect
import re
from itertools import islice

FUTURE_CUES: frozenset[str] = frozenset(
    {"will", "'ll", "shall", "would", "going", "plans", "plan", "planned", "planning",
     "expects", "expect", "expected", "scheduled", "due", "set", "intends", "intend", "aims",
     "hopes", "hope", "prepares", "prepare", "preparing", "upcoming", "next", "until", "till",
     "forecast", "forecasts", "projected", "predicts", "promises", "promised", "vows", "vowed",
     "wants", "seeks", "starting", "begins", "ahead", "coming", "await", "awaits", "awaiting",
     "could", "may", "might", "should", "must", "tomorrow", "soon", "if", "unless", "ready",
     "effective"}
)  # fmt: skip
"""Words that put the clause in the future ("will meet on Tuesday", "takes office in January")."""

PAST_CUES: frozenset[str] = frozenset(
    {"was", "were", "had", "did", "said", "told", "met", "made", "took", "came", "went",
     "began", "won", "lost", "fell", "rose", "left", "held", "gave", "got", "saw", "found",
     "sent", "kept", "led", "ran", "paid", "sold", "bought", "brought", "spent", "struck",
     "hit", "killed", "ago", "last", "yesterday", "earlier", "since", "former", "previously",
     "wrote", "spoke", "announced", "reported", "became", "fled", "shot", "died", "rejected",
     "agreed", "signed", "launched", "attacked", "arrested", "visited", "returned", "closed",
     "ended", "opened", "occurred", "happened", "released", "resigned", "elected", "voted",
     "earned", "posted", "traded", "declined", "dropped", "gained", "jumped", "slipped", "been",
     "has", "have", "hasn't", "haven't"}
)  # fmt: skip
"""Words that put the clause in the past ("said on Tuesday", "met last spring")."""

NOT_PAST_ED: frozenset[str] = frozenset(
    {"expected", "scheduled", "planned", "projected", "need", "indeed", "red", "bed", "hundred",
     "speed", "seed", "feed", "proceed", "exceed", "succeed", "united", "limited", "based",
     "related", "proposed", "interested", "concerned", "supposed", "used", "set", "med"}
)  # fmt: skip
"""Words ending in -ed that are not past-tense verbs, or that point forward."""

AUXILIARY_CUES: dict[str, str] = {
    "will": "future", "'ll": "future", "shall": "future", "would": "future", "won't": "future",
    "had": "past", "was": "past", "were": "past", "did": "past", "didn't": "past",
    "wasn't": "past", "weren't": "past", "ago": "past",
}  # fmt: skip
"""Auxiliaries and markers that outrank other cues: "had been due to expire Friday" is past."""

PREPOSITION_CUES: dict[str, str] = {
    "by": "future", "until": "future", "till": "future", "through": "future",
    "effective": "future", "since": "past", "ahead of": "future",
}  # fmt: skip
"""A preposition right before the expression: "by May" is a deadline ahead, "since May" behind,
"ahead of the weekend" the coming one. Keys are one or two words."""

DETERMINERS: frozenset[str] = frozenset(
    {"the", "a", "an", "its", "his", "her", "their", "our", "this", "that", "whose", "new"}
)  # fmt: skip
"""After one of these a cue word is a noun, not a verb: "announced the plan Aug. 21" is past."""

NEEDS_TO: frozenset[str] = frozenset({"set"})
"""Cue words that point forward only before "to"/"for": "set to meet" vs "record set on Aug. 6"."""

NOT_BEFORE_TO: frozenset[str] = frozenset({"has", "have"})
"""Cue words that lose their cue before "to": "has to decide by May" is not a perfect tense."""

INFINITIVE_HEADS: frozenset[str] = frozenset({"is", "are"})
"""Before an infinitive or passive participle these point forward: "to be published in
November", "is to resume trading Tuesday"."""

_WORD = re.compile(r"[A-Za-z']+")
_BOUNDARY = re.compile(r"[.!?;]\s|\n\s*\n")
WINDOW_BEFORE = 10
WINDOW_AFTER = 6


def _clue(word: str) -> str | None:
    w = word.lower()
    if w in FUTURE_CUES or w.endswith("'ll"):
        return "future"
    if w in PAST_CUES:
        return "past"
    if len(w) > 4 and w.endswith("ed") and w not in NOT_PAST_ED:
        return "past"
    return None


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Character bounds of the sentence-like stretch around [start, end)."""
    left = max(text.rfind(". ", 0, start), text.rfind("\n\n", 0, start), text.rfind("? ", 0, start))
    left = 0 if left < 0 else left + 1
    match = _BOUNDARY.search(text, end)
    right = match.start() + 1 if match else len(text)
    return left, right


def _cue_at(words: list[str], i: int, following: str) -> str | None:
    """The cue of `words[i]` in its context: nouns after determiners and participles after
    infinitive markers are re-read, and `NEEDS_TO` words count only before "to"/"for"."""
    word = words[i].lower()
    previous = words[i - 1].lower() if i > 0 else ""
    if word in NEEDS_TO and following not in ("to", "for"):
        return None
    if word in NOT_BEFORE_TO and following == "to":
        return None
    clue = _clue(word)
    if clue == "future" and previous in DETERMINERS:
        return None
    if clue == "past" and previous == "be" and i > 1 and words[i - 2].lower() == "to":
        return "future"
    if clue is None and previous == "to" and i > 1 and words[i - 2].lower() in INFINITIVE_HEADS:
        return "future"
    return clue


def _any_case(word: str) -> str:
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) for c in word)


_LEFT_EDGE = re.compile(r"(?=\. |\n\n|\? )")
_RIGHT_EDGE = re.compile(r"(?=[.!?;]\s|\n\s*?\n)")
_FUTURE_AUXILIARY = re.compile(
    r"(?<![A-Za-z'])(?:"
    + "|".join(_any_case(w) for w, t in AUXILIARY_CUES.items() if t == "future")
    + r")(?![A-Za-z'])"
)
_FIRST_WINDOW = 160
LOCAL_REACH = 2000
"""How far around an expression `TenseReader` looks for its sentence edges before indexing."""


class TenseReader:
    """`tense_at` for many expressions of one text, at a cost independent of the text's length.

    An expression's sentence edges are first looked for within `LOCAL_REACH` characters (what
    `sentence_bounds` finds there is what it would find anyway). Only when a sentence reaches
    farther is the text indexed, once: the offsets of every sentence edge and every future
    auxiliary, so each expression then costs a few bisections and a scan of the words it reads,
    not a scan back to its sentence's start (quadratic in a text with no full stop). The answers
    are exactly `tense_at`'s.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._left_edges: list[int] | None = None
        self._right_edges: list[int] = []
        self._futures: list[tuple[int, int]] = []

    def _index(self) -> list[int]:
        """Index the whole text (once); the left sentence edges."""
        if self._left_edges is None:
            text = self.text
            self._left_edges = [m.start() for m in _LEFT_EDGE.finditer(text)]
            self._right_edges = [m.start() for m in _RIGHT_EDGE.finditer(text)]
            self._futures = [(m.start(), m.end()) for m in _FUTURE_AUXILIARY.finditer(text)]
        return self._left_edges

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """`sentence_bounds(text, start, end)`: nearby when it can, else by bisection."""
        text = self.text
        low = max(0, start - LOCAL_REACH)
        left = max(text.rfind(". ", low, start), text.rfind("\n\n", low, start))
        left = max(left, text.rfind("? ", low, start))
        if left < 0 and low > 0:
            edges = self._index()
            i = bisect.bisect_right(edges, start - 2) - 1
            left = edges[i] if i >= 0 else -1
        high = end + LOCAL_REACH
        match = _BOUNDARY.search(text, end, high)
        if match is not None:
            right = match.start() + 1
        elif high >= len(text):
            right = len(text)
        else:
            self._index()
            j = bisect.bisect_left(self._right_edges, end)
            right = self._right_edges[j] + 1 if j < len(self._right_edges) else len(text)
        return (0 if left < 0 else left + 1), right

    def _last_words(self, left: int, start: int) -> list[str]:
        """The last `WINDOW_BEFORE` words of `text[left:start]`, reading back only as far as
        needed (the window doubles until it holds one more word, whose start may be cut)."""
        window = _FIRST_WINDOW
        while True:
            low = max(left, start - window)
            words = _WORD.findall(self.text, low, start)
            if low == left or len(words) > WINDOW_BEFORE:
                return words[-WINDOW_BEFORE:]
            window *= 2

    def _future_before(self, left: int, start: int) -> bool:
        """Whether a future auxiliary lies wholly within `text[left:start]`."""
        if start - left <= LOCAL_REACH:
            words = _WORD.findall(self.text, left, start)
            return any(AUXILIARY_CUES.get(word.lower()) == "future" for word in words)
        self._index()
        i = bisect.bisect_right(self._futures, (start, start)) - 1
        while i >= 0 and self._futures[i][1] > start:
            i -= 1
        return i >= 0 and self._futures[i][0] >= left

    def tense_at(self, start: int, end: int) -> str | None:
        """'past', 'future' or None for the clause around [start, end); see `tense_at`."""
        left, right = self.bounds(start, end)
        before = self._last_words(left, start)
        for size in (2, 1):
            preposition = " ".join(before[-size:]).lower()
            if len(before) >= size and preposition in PREPOSITION_CUES:
                return PREPOSITION_CUES[preposition]
        for word in reversed(before):
            if word.lower() in AUXILIARY_CUES:
                return AUXILIARY_CUES[word.lower()]
        if right - end <= LOCAL_REACH:
            after = _WORD.findall(self.text, end, right)[:WINDOW_AFTER]
        else:
            after = [m.group() for m in islice(_WORD.finditer(self.text, end, right), WINDOW_AFTER)]
        for i in range(len(before) - 1, -1, -1):
            following = before[i + 1].lower() if i + 1 < len(before) else ""
            clue = _cue_at(before, i, following)
            if clue:
                return clue
        for i in range(len(after)):
            clue = _cue_at(after, i, after[i + 1].lower() if i + 1 < len(after) else "")
            if clue:
                return clue
        # Any auxiliary among the last words has returned above, so a future one anywhere
        # before the expression in the sentence is one beyond them.
        return "future" if self._future_before(left, start) else None


def tense_at(text: str, start: int, end: int) -> str | None:
    """'past', 'future' or None for the clause around [start, end).

    A preposition right before the expression decides first ("by May"), then the nearest
    auxiliary before it ("will", "had"), then the nearest other cue word before it (up to ten
    words back), then the first cue after it (up to six words), then a future auxiliary earlier
    in the sentence ("will be named commander of the shuttle for a mission in December"), all
    within the sentence. For many expressions of one text use `TenseReader`.
    """
    return TenseReader(text).tense_at(start, end)
