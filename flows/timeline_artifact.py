"""The run's timeline as a Prefect artifact: the events this run loaded, drawn by
`transforms.charts` as a PNG embedded in a markdown artifact (key `ingest-timeline`) as a data
URI, which the Prefect UI shows inline without any file server."""

from __future__ import annotations

import base64
from pathlib import Path

from prefect import get_run_logger
from prefect.artifacts import create_markdown_artifact

ARTIFACT_KEY = "ingest-timeline"
MAX_EVENTS = 40
"""Events drawn per run (the most confident), so the chart stays readable."""


def timeline_markdown(warehouse_path: str | Path, run_id: str, limit: int = MAX_EVENTS) -> str:
    """Markdown with the chart of the events loaded by `run_id` (new or changed articles).

    Matplotlib (via `transforms.charts`) is imported only when there is something to draw: its
    import costs 0.5-0.7 s, which a rerun that loads nothing need not pay."""
    from warehouse import Warehouse

    events = Warehouse(warehouse_path).timeline_events(run_id=run_id, limit=limit)
    heading = f"# Timeline of run `{run_id}`"
    if events.is_empty():
        return f"{heading}\n\nNo new events with a date interval in this run."
    from transforms.charts import timeline_png

    matched = int(events.get_column("matched")[0])
    shown = events.height
    title = f"Events loaded by run {run_id}"
    if matched > shown:
        title += f" ({shown} most confident of {matched:,})"
    png = base64.b64encode(timeline_png(events.drop("matched"), title, dpi=100)).decode("ascii")
    note = f"{shown} of {matched:,} events" if matched > shown else f"{shown} events"
    return (
        f"{heading}\n\n{note}; full picture: "
        f"`timeline plot --warehouse {warehouse_path} --output timeline.html`\n\n"
        f"![timeline of {note}](data:image/png;base64,{png})\n"
    )


def publish_timeline(warehouse_path: str | Path, run_id: str, limit: int = MAX_EVENTS) -> None:
    """Create the `ingest-timeline` artifact. A chart that cannot be drawn is reported in the
    artifact and the log, never as a failed run: the data is loaded by then."""
    try:
        markdown = timeline_markdown(warehouse_path, run_id, limit)
    except Exception as error:  # the load succeeded; only the picture is lost
        get_run_logger().warning("timeline chart of run %s failed: %s", run_id, error)
        markdown = f"# Timeline of run `{run_id}`\n\nThe chart could not be drawn: {error}"
    create_markdown_artifact(
        markdown, key=ARTIFACT_KEY, description=f"timeline of the events of run {run_id}"
    )
