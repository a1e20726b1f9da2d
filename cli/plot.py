"""`timeline plot`: draw the warehouse's events as a timeline (PNG, SVG or self-contained HTML).

A bar per event over its interval `[earliest, latest)`, one row each (shared lanes when many),
coloured by source; filters narrow what is drawn and the title says what is shown.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta
from pathlib import Path

from warehouse import Warehouse, WarehouseError, add_warehouse_arguments, resolve_warehouse_path

EXAMPLES = """\
  timeline plot --output timeline.html
  timeline plot --from 2024-11-01 --to 2024-11-30 --source bbc --output november.png
  timeline plot --where "event ILIKE '%election%'" --limit 100 --output elections.svg
"""

DEFAULT_LIMIT = 60


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the filters, the limit, the output file and the warehouse options."""
    parser.add_argument(
        "--where", metavar="SQL", help="SQL filter on the `timeline` view, e.g. \"source = 'bbc'\""
    )
    parser.add_argument(
        "--from", dest="start", metavar="DATE", type=_iso_date,
        help="only events whose interval reaches this day or later (YYYY-MM-DD)",
    )  # fmt: skip
    parser.add_argument(
        "--to", dest="end", metavar="DATE", type=_iso_date,
        help="only events whose interval starts on or before this day (YYYY-MM-DD)",
    )  # fmt: skip
    parser.add_argument("--source", metavar="S", help="only events from this source")
    parser.add_argument(
        "--limit", metavar="N", type=_positive, default=DEFAULT_LIMIT,
        help=f"draw at most N events, the most confident (default {DEFAULT_LIMIT})",
    )  # fmt: skip
    parser.add_argument(
        "--output", "-o", metavar="FILE", required=True,
        help="timeline.png, timeline.svg or timeline.html (self-contained)",
    )  # fmt: skip
    parser.add_argument("--title", help="chart title (default: says what is shown)")
    add_warehouse_arguments(parser)


def run(args: argparse.Namespace) -> int:
    """Query, draw, write. 2 on bad options, 1 on SQL errors or when nothing matches."""
    from transforms.charts import SUFFIXES, render_timeline

    output = Path(args.output)
    if output.suffix.lower() not in SUFFIXES:
        print(
            f"error: cannot write {output.name!r}: the output must end in {', '.join(SUFFIXES)}",
            file=sys.stderr,
        )
        return 2
    if args.start and args.end and args.start > args.end:
        print(f"error: --from {args.start} is after --to {args.end}", file=sys.stderr)
        return 2
    window_end = args.end + timedelta(days=1) if args.end else None
    warehouse = Warehouse(resolve_warehouse_path(args.warehouse), lock_timeout=args.lock_timeout)
    try:
        events = warehouse.timeline_events(
            args.where, start=args.start, end=window_end, source=args.source, limit=args.limit
        )
    except WarehouseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if events.is_empty():
        print(f"no events to draw: nothing matches {describe_filters(args)}", file=sys.stderr)
        return 1
    matched = int(events.get_column("matched")[0])
    title = args.title or chart_title(args, events.height, matched)
    try:
        render_timeline(events.drop("matched"), output, title, start=args.start, end=window_end)
    except OSError as error:
        print(f"error: cannot write {output}: {error}", file=sys.stderr)
        return 1
    shown = f"{events.height:,} of {matched:,}" if matched > events.height else f"{matched:,}"
    print(f"wrote {output}: {shown} event{'s' if matched != 1 else ''}")
    return 0


def describe_filters(args: argparse.Namespace) -> str:
    """The filters in words, for titles and messages ('every event' when there are none)."""
    parts = []
    if args.source:
        parts.append(f"source {args.source}")
    if args.start and args.end:
        parts.append(f"{args.start:%d %b %Y} – {args.end:%d %b %Y}")
    elif args.start:
        parts.append(f"from {args.start:%d %b %Y}")
    elif args.end:
        parts.append(f"until {args.end:%d %b %Y}")
    if args.where:
        where = " ".join(args.where.split())
        parts.append(f"where {where if len(where) <= 60 else where[:59] + '…'}")
    return ", ".join(parts) or "every event"


def chart_title(args: argparse.Namespace, shown: int, matched: int) -> str:
    """What the chart shows: the filters, and the truncation when the limit cut events."""
    filters = describe_filters(args)
    title = "Event timeline" if filters == "every event" else f"Event timeline: {filters}"
    if matched > shown:
        title += f" ({shown:,} most confident of {matched:,} events)"
    return title


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value
