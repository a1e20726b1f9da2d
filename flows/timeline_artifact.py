"""The run's timeline as a Prefect artifact: a representative sample of the events this run
loaded (`transforms.charts.pick`), drawn by `transforms.charts` as a PNG embedded in a markdown
artifact as a data URI, which the Prefect UI shows inline without any file server.

A run that loaded no new events publishes no chart, so the artifact's key keeps showing the
last run that did; the run summary says so. Open-sided events (one bound null: "before X",
"still going on") have no bar to draw: the note under the chart counts them, and the intervals
over a year wide that a chart leaves out by default.
"""

from __future__ import annotations

import base64
from pathlib import Path

import polars as pl
from prefect import get_run_logger
from prefect.artifacts import create_markdown_artifact

MAX_EVENTS = 40
"""Events drawn per run, so the chart stays readable."""
CANDIDATES = 20_000
"""Most confident events of the run the sample is drawn from (bounds the memory a big run
costs; a run with more preferred events than this is sampled from its most confident)."""


def run_events(
    warehouse_path: str | Path, run_id: str, limit: int = MAX_EVENTS
) -> tuple[pl.DataFrame, dict[str, int]]:
    """A representative sample of the drawable events of `run_id` (`Warehouse.chart_events`:
    day- to month-precise first, nothing over a year wide) and the run's counts: `matched`
    drawable events, `open_sided` ones (not drawn) and `wide` ones (left out)."""
    from warehouse import Warehouse

    return Warehouse(warehouse_path).chart_events(run_id=run_id, limit=limit, candidates=CANDIDATES)


def timeline_markdown(warehouse_path: str | Path, run_id: str, limit: int = MAX_EVENTS) -> str:
    """Markdown with the chart of a representative sample of the events loaded by `run_id`
    (new or changed articles)."""
    return _chart(warehouse_path, run_id, limit)[0]


def left_out(counts: dict[str, int]) -> str:
    """What the chart leaves out, in words ('' when nothing): open-sided events are not drawn
    (a bar needs both ends) and intervals over a year wide only on request."""
    parts = []
    if counts.get("open_sided"):
        parts.append(f"{counts['open_sided']:,} open-sided (before/after/ongoing) not drawn")
    if counts.get("wide"):
        parts.append(f"{counts['wide']:,} over a year wide left out")
    return "; ".join(parts)


def _chart(warehouse_path: str | Path, run_id: str, limit: int) -> tuple[str, int]:
    """`timeline_markdown` and how many events it draws (0: nothing to draw)."""
    events, counts = run_events(warehouse_path, run_id, limit)
    heading = f"# Timeline of run `{run_id}`"
    skipped = left_out(counts)
    if events.is_empty():
        more = f" ({skipped})" if skipped else ""
        return f"{heading}\n\nNo new events with a date interval in this run{more}.", 0
    from flows.tagging_pool import chart_png

    matched = counts["matched"]
    shown = events.height
    title = f"Events loaded by run {run_id}"
    if matched > shown:
        title += f" ({shown} of {matched:,}: day to month precise, spread over time)"
    png = base64.b64encode(chart_png(events, title, dpi=100)).decode("ascii")
    note = (
        f"{shown} of {matched:,} events, chosen to show their whole span: dated to a day, week"
        " or month where possible, the most confident of each stretch of time"
        if matched > shown
        else f"{shown} events"
    )
    if skipped:
        note += f" ({skipped})"
    markdown = (
        f"{heading}\n\n{note}; full picture: "
        f"`timeline plot --warehouse {warehouse_path} --output timeline.html`\n\n"
        f"![timeline of {shown} events](data:image/png;base64,{png})\n"
    )
    return markdown, shown


def publish_timeline(
    warehouse_path: str | Path, run_id: str, key: str, new_events: int, limit: int = MAX_EVENTS
) -> str:
    """Create the timeline artifact under `key` when the run loaded events to draw, and say in
    one sentence (for the run summary) what became of it.

    With no new events nothing is published, so `key` keeps the last chart. A chart that cannot
    be drawn is reported in the artifact and the log, never as a failed run: the data is loaded
    by then."""
    if not new_events:
        return (
            f"No new events in this run: no chart published; artifact `{key}` still shows "
            "the last run that loaded events."
        )
    try:
        markdown, shown = _chart(warehouse_path, run_id, limit)
    except Exception as error:  # the load succeeded; only the picture is lost
        get_run_logger().warning("timeline chart of run %s failed: %s", run_id, error)
        shown = 1
        markdown = f"# Timeline of run `{run_id}`\n\nThe chart could not be drawn: {error}"
    if not shown:
        return (
            f"No new event of this run has a date interval to draw; artifact `{key}` still "
            "shows the last run that had some."
        )
    create_markdown_artifact(
        markdown, key=key, description=f"timeline of the events of run {run_id}"
    )
    return f"Chart of this run's events: artifact `{key}`."
