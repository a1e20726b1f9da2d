"""Event extraction: from an article's sentences and timexes to dated events.

`extract_events` works on one article's records and dates the clauses its timexes anchor;
`events_frame` makes the Polars batch the warehouse loads, one row per event mention
(`mentions.find_mentions`, timed by `timing.time_events`). The rules live in `cues` (word
tables), `relative` (interval arithmetic), `clauses` (the `what` text) and `confidence` (the
score); `extract` ties them together.
"""

from typing import Any

__all__ = ["events_frame", "extract_events"]


def __getattr__(name: str) -> Any:
    """Load the extractor on first use: `transforms.events.model` alone (the column schemas the
    warehouse needs) then costs no rule compilation."""
    if name == "extract_events":
        from transforms.events.extract import extract_events

        return extract_events
    if name == "events_frame":
        from transforms.events.frames import events_frame

        return events_frame
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
