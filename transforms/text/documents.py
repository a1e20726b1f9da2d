"""Per-document results that several stages of the events pipeline ask for, computed once.

The events stage reads each article's tokens in `mentions.find_mentions` and again in
`discourse.read_discourse`, and its sentence spans in `events.frames`, `discourse` and
`extract`. These helpers keep the answers of the last few documents (the same text object is
handed from stage to stage, so a look-up costs a hash the string already holds), and return
tuples so that no caller can change what the next one reads.
"""

from __future__ import annotations

import re
from functools import lru_cache

from transforms.text.sentences import split_sentences

TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
"""Words (inner hyphens and apostrophes kept) and single punctuation marks."""

_KEPT = 4
"""Documents remembered: one per thread of the flow's runner (two on this machine) is enough;
a miss only costs the work again. Few, because a 2 MB article's tokens take about 50 MB."""


@lru_cache(maxsize=_KEPT)
def document_tokens(text: str) -> tuple[tuple[int, int], ...]:
    """The `TOKEN` spans of `text`, in order (cached for the last few documents)."""
    return tuple(m.span() for m in TOKEN.finditer(text))


@lru_cache(maxsize=_KEPT)
def document_sentences(text: str) -> tuple[tuple[int, int], ...]:
    """`split_sentences(text)` as a tuple (cached for the last few documents)."""
    return tuple(split_sentences(text))
