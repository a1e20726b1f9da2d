"""Pausing Python's cyclic garbage collector around a batch of tagging.

Tagging and event finding allocate millions of short-lived lists and tuples (a feature list
per token, a word list per sentence) while the per-word caches hold a few hundred thousand
long-lived ones. The collector's generation-0 passes fire every few hundred allocations and its
full passes walk the caches: 3-5% of `transforms.frames.analyse` on the silver corpus (timed by
`gc.callbacks`: 0.6 s of 21 s in a process that has analysed the corpus before, 1.5 s of 30 s
in a fresh one), for nothing, since the batch makes no reference cycles (`gc.collect()` after
it finds no unreachable object, and the peak memory is the same). Reference counting still
frees everything as before; the collector resumes when the last batch in progress ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_LOCK = threading.Lock()
_active = 0
"""Batches in progress (the flow's thread runner tags two at a time)."""
_was_enabled = False
"""Whether the collector ran before the first batch in progress paused it."""


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the body with the cyclic collector off, then restore it as it was. Nested and
    concurrent uses share one pause: the collector comes back when the last one ends."""
    global _active, _was_enabled
    with _LOCK:
        if _active == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _active += 1
    try:
        yield
    finally:
        with _LOCK:
            _active -= 1
            if _active == 0 and _was_enabled:
                gc.enable()
