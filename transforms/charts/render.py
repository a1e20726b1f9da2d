"""The timeline chart in each output format: PNG and SVG from matplotlib, HTML as one
self-contained page (inline SVG with hover text, inline CSS, the events as a table; no scripts,
no links out), so it opens offline and can be mailed or attached as it is."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import polars as pl

from transforms.charts.timeline import figure_bytes, prepare, render_figure

SUFFIXES = (".png", ".svg", ".html")
"""Output formats `render_timeline` writes, by file suffix."""

_EVENT_GROUP = re.compile(r'<g id="event-(\d+)">')
_CSS = """
body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 1.5rem; color: #1a1a1a; }
figure { margin: 0; } svg { max-width: 100%; height: auto; }
svg g[id^="event-"]:hover path { stroke-width: 2.5; }
table { border-collapse: collapse; font-size: 0.8rem; margin-top: 1rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: left;
         vertical-align: top; }
th { background: #f4f4f4; } td.num { text-align: right; white-space: nowrap; }
td.when { white-space: nowrap; } td.sentence { color: #555; max-width: 40rem; }
"""


def timeline_png(
    events: pl.DataFrame,
    title: str = "Event timeline",
    *,
    start: date | None = None,
    end: date | None = None,
    dpi: int = 110,
) -> bytes:
    """The chart as PNG bytes."""
    fig, _ = render_figure(events, title, start=start, end=end)
    return figure_bytes(fig, "png", dpi)


def timeline_svg(
    events: pl.DataFrame,
    title: str = "Event timeline",
    *,
    start: date | None = None,
    end: date | None = None,
) -> str:
    """The chart as SVG text: labels are real text, each bar a `<g id="event-N">` carrying a
    `<title>` that browsers show on hover (event, interval, source, confidence, sentence)."""
    fig, bars = render_figure(events, title, start=start, end=end)
    svg = figure_bytes(fig, "svg").decode("utf-8")
    tips = [bar.tooltip for bar in bars]

    def with_title(match: re.Match) -> str:
        index = int(match.group(1))
        tip = tips[index] if index < len(tips) else ""
        return f"{match.group(0)}<title>{html.escape(tip)}</title>"

    return _EVENT_GROUP.sub(with_title, svg)


def timeline_html(
    events: pl.DataFrame,
    title: str = "Event timeline",
    *,
    start: date | None = None,
    end: date | None = None,
) -> str:
    """A self-contained HTML page: the SVG chart inline, then the drawn events as a table."""
    svg = timeline_svg(events, title, start=start, end=end)
    svg = svg[svg.index("<svg") :]
    rows = prepare(events).to_dicts()
    body = "\n".join(_table_row(r) for r in rows)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html.escape(title)}</title>
<style>{_CSS}</style>
</head>
<body>
<figure>
{svg}
</figure>
<table>
<thead><tr><th>from</th><th>until</th><th>source</th><th>event</th><th>dated by</th>
<th>confidence</th><th>sentence</th></tr></thead>
<tbody>
{body}
</tbody>
</table>
</body>
</html>
"""


def render_timeline(
    events: pl.DataFrame,
    path: str | Path,
    title: str = "Event timeline",
    *,
    start: date | None = None,
    end: date | None = None,
) -> Path:
    """Write the chart to `path` as PNG, SVG or HTML (by suffix); return the path.

    Raises ValueError for another suffix or when no event has an interval to draw.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"cannot draw a {suffix or 'suffix-less'} file; use {', '.join(SUFFIXES)}")
    if suffix == ".png":
        path.write_bytes(timeline_png(events, title, start=start, end=end))
    elif suffix == ".svg":
        path.write_text(timeline_svg(events, title, start=start, end=end), encoding="utf-8")
    else:
        path.write_text(timeline_html(events, title, start=start, end=end), encoding="utf-8")
    return path


def _table_row(row: dict) -> str:
    until = date.fromordinal(row["latest"].toordinal() - 1)
    confidence = "" if row["confidence"] is None else f"{row['confidence']:.2f}"
    cells = [
        f'<td class="when">{row["earliest"]:%Y-%m-%d}</td>',
        f'<td class="when">{until:%Y-%m-%d}</td>',
        f"<td>{html.escape(row['source'] or '')}</td>",
        f"<td>{html.escape(row['event'] or '')}</td>",
        f"<td>{html.escape(row['timex_text'] or '')}</td>",
        f'<td class="num">{confidence}</td>',
        f'<td class="sentence">{html.escape(row["sentence"] or "")}</td>',
    ]
    return f"<tr>{''.join(cells)}</tr>"
