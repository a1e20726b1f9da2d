"""Event extraction: from an article's sentences and timexes to dated events.

`extract_events` works on one article's records; `events_frame` on Polars batches. The rules
live in `cues` (word tables), `relative` (interval arithmetic), `clauses` (the `what` text) and
`confidence` (the score); `extract` ties them together.
"""

from transforms.events.extract import extract_events
from transforms.events.frames import events_frame

__all__ = ["events_frame", "extract_events"]
