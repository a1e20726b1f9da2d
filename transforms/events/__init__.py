"""Event extraction: from an article's sentences and timexes to dated events.

`extract_events` works on one article's records and dates the clauses its timexes anchor;
`events_frame` makes the Polars batch the warehouse loads, one row per event mention
(`mentions.find_mentions`, timed by `timing.time_events`). The rules live in `cues` (word
tables), `relative` (interval arithmetic), `clauses` (the `what` text) and `confidence` (the
score); `extract` ties them together.
"""

from transforms.events.extract import extract_events
from transforms.events.frames import events_frame

__all__ = ["events_frame", "extract_events"]
