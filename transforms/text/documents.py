"""Per-document results that several stages of the events pipeline ask for, computed once.

The events stage reads each article's tokens in `mentions.find_mentions` and again in
`discourse.read_discourse` (which, like `events.frames`, bisects their start offsets), and its
sentence spans in `events.frames`, `discourse` and `extract`. These helpers keep the answers of
the last few documents (the same text object is handed from stage to stage, so a look-up costs a
hash the string already holds), and return tuples so that no caller can change what the next
one reads. A very long text is not kept (its tokens would outlive it by tens of MB); it is read
again each time.
"""

from __future__ import annotations

import re
from functools import lru_cache

from transforms.text.sentences import split_sentences

TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
"""Words (inner hyphens and apostrophes kept) and single punctuation marks."""

KEPT_DOCUMENTS = 4
"""Documents remembered: one per thread of the flow's runner (two on this machine) is enough;
a miss only costs the work again."""
KEPT_CHARS = 50_000
"""Longer texts are not remembered (news articles are a few thousand characters; a 2 MB
article's tokens take about 50 MB, 50,000 characters' about 1.2 MB)."""


def document_tokens(text: str) -> tuple[tuple[int, int], ...]:
    """The `TOKEN` spans of `text`, in order (remembered for the last few documents)."""
    if len(text) > KEPT_CHARS:
        return _tokens(text)
    return _kept_tokens(text)


def document_token_starts(text: str) -> tuple[int, ...]:
    """The start offsets of `document_tokens(text)`, for bisection (remembered likewise)."""
    if len(text) > KEPT_CHARS:
        return _starts(_tokens(text))
    return _kept_starts(text)


def document_sentences(text: str) -> tuple[tuple[int, int], ...]:
    """`split_sentences(text)` as a tuple (remembered for the last few documents)."""
    if len(text) > KEPT_CHARS:
        return tuple(split_sentences(text))
    return _kept_sentences(text)


def _tokens(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(m.span() for m in TOKEN.finditer(text))


_kept_tokens = lru_cache(maxsize=KEPT_DOCUMENTS)(_tokens)


def _starts(spans: tuple[tuple[int, int], ...]) -> tuple[int, ...]:
    return tuple(start for start, _ in spans)


@lru_cache(maxsize=KEPT_DOCUMENTS)
def _kept_starts(text: str) -> tuple[int, ...]:
    return _starts(_kept_tokens(text))


@lru_cache(maxsize=KEPT_DOCUMENTS)
def _kept_sentences(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(split_sentences(text))
