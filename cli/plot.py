"""`timeline plot`: draw the warehouse's events as a timeline (PNG, SVG or self-contained HTML).

A bar per event over its interval `[earliest, latest)`, one row each (shared lanes when many),
coloured by source; filters narrow what is drawn and the title says what is shown. Events are
picked to represent the rest (`transforms.charts.pick`): day- to month-precise ones first,
spread over their span; intervals over a year wide only with `--wide`. Open-sided events (one
bound null) have no bar: the command says how many it left out.
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
  timeline plot --where "when_relative = 'future'" --output announced.png
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
        help=f"draw at most N events, chosen to show their whole span (default {DEFAULT_LIMIT})",
    )  # fmt: skip
    parser.add_argument(
        "--wide", action="store_true",
        help="also draw intervals over a year wide (\"in the 1990s\"), left out by default",
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
        events, counts = warehouse.chart_events(
            args.where,
            start=args.start,
            end=window_end,
            source=args.source,
            limit=args.limit,
            wide=args.wide,
        )
    except WarehouseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    skipped = left_out(counts, args.wide)
    if events.is_empty():
        more = f" ({skipped})" if skipped else ""
        print(f"no events to draw: nothing matches {describe_filters(args)}{more}", file=sys.stderr)
        return 1
    matched = counts["matched"] if args.wide else counts["matched"] - counts["wide"]
    title = args.title or chart_title(args, events.height, matched)
    try:
        render_timeline(events, output, title, start=args.start, end=window_end)
    except OSError as error:
        print(f"error: cannot write {output}: {error}", file=sys.stderr)
        return 1
    shown = f"{events.height:,} of {matched:,}" if matched > events.height else f"{matched:,}"
    more = f" ({skipped})" if skipped else ""
    print(f"wrote {output}: {shown} event{'s' if matched != 1 else ''}{more}")
    return 0


def left_out(counts: dict[str, int], wide: bool) -> str:
    """The events in scope that are not drawn, in words ('' when none)."""
    parts = []
    if counts["open_sided"]:
        parts.append(f"{counts['open_sided']:,} open-sided not drawn")
    if counts["wide"] and not wide:
        parts.append(f"{counts['wide']:,} over a year wide left out; --wide draws them")
    return ", ".join(parts)


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
        title += f" ({shown:,} of {matched:,} events, spread over time)"
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
