"""Draw events as a timeline with matplotlib (Agg, no pyplot state): a bar per event over its
interval `[earliest, latest)`, labelled, coloured by source, faint when unsure, hatched when the
text only bounds the event ("before winter", "within less than two weeks")."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime

import matplotlib
import polars as pl
from matplotlib import dates as mdates
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch, Rectangle
from matplotlib.textpath import TextToPath

from transforms.charts.layout import (
    Segment,
    TimeAxis,
    event_label,
    fold_label,
    pack_lanes,
    shorten,
    time_axis,
)

REQUIRED_COLUMNS = ("event", "earliest", "latest", "source")
"""Columns a frame of events needs; `confidence`, `mod`, `relation`, `timex_text` and
`sentence` are used when present."""
BOUNDED_RELATIONS = frozenset({"before", "after", "within"})
"""Relations that only bound an event (it lies somewhere in the interval, not throughout it)."""
ONE_ROW_MAX = 40
"""Up to this many events get a row each; more are packed into shared lanes."""

WIDTH_IN = 11.0
MARGIN_IN = 0.3
ROW_IN = 0.3
HEADER_IN = 0.8
AXIS_IN = 0.5
LEGEND_ROW_IN = 0.24
MIN_BAR_IN = 0.05
LABEL_PAD_IN = 0.05
LABEL_SIZE = 8.0
PALETTE = (
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
    "#17becf", "#8c564b", "#e377c2", "#bcbd22",
)  # fmt: skip
OTHER_COLOUR = "#7f7f7f"
RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "event-timeline",
    "font.family": "DejaVu Sans",
    "hatch.linewidth": 0.8,
}

_NO_METADATA = {"svg": dict.fromkeys(("Creator", "Date", "Format", "Type"))}
"""No creator link or timestamp: the SVG is the same bytes for the same events."""
_LABEL_FONT = FontProperties(family="DejaVu Sans", size=LABEL_SIZE)
_TEXT_PATH = TextToPath()


@dataclass(frozen=True)
class Bar:
    """One event as drawn: axis span, lane, label and its side, look, and hover text."""

    x0: float
    x1: float
    lane: int
    label: str
    side: str
    colour: str
    alpha: float
    bounded: bool
    tooltip: str


def prepare(events: pl.DataFrame) -> pl.DataFrame:
    """Events that can be drawn (an interval with `latest > earliest`), sorted by `earliest`,
    with the optional columns filled in."""
    missing = [c for c in REQUIRED_COLUMNS if c not in events.columns]
    if missing:
        raise ValueError(f"events frame lacks column(s): {', '.join(missing)}")
    optional = {"confidence": pl.Float64, "mod": pl.String, "relation": pl.String}
    optional |= {"timex_text": pl.String, "sentence": pl.String}
    frame = events.with_columns(
        pl.lit(None, dtype).alias(name)
        for name, dtype in optional.items()
        if name not in events.columns
    )
    return frame.filter(
        pl.col("earliest").is_not_null()
        & pl.col("latest").is_not_null()
        & (pl.col("latest") > pl.col("earliest"))
    ).sort("earliest", "latest", "source", "event", nulls_last=True)


def source_colours(events: pl.DataFrame) -> dict[str, str]:
    """A colour per source, the busiest sources first; beyond the palette they share grey."""
    counts = events.get_column("source").fill_null("(none)").value_counts(sort=True)
    names = counts.get_column("source").to_list()
    return {s: PALETTE[i] if i < len(PALETTE) else OTHER_COLOUR for i, s in enumerate(names)}


def render_figure(
    events: pl.DataFrame,
    title: str = "Event timeline",
    *,
    start: date | None = None,
    end: date | None = None,
) -> tuple[Figure, list[Bar]]:
    """The timeline figure of `events` (over `[start, end)` when given) and its bars, in the
    order of their `event-N` ids."""
    frame = prepare(events)
    if frame.is_empty():
        raise ValueError("no events with an interval to draw")
    rows = frame.to_dicts()
    axis = time_axis([(r["earliest"], r["latest"]) for r in rows], start, end)
    colours = source_colours(frame)
    axes_in = WIDTH_IN - 2 * MARGIN_IN
    bars = layout_bars(rows, axis, axes_in, colours)
    lanes = max(b.lane for b in bars) + 1
    legend_items = len({c for c in colours.values()}) + 2
    legend_rows = -(-legend_items // 4)
    plot_in = max(lanes, 2) * ROW_IN
    height = HEADER_IN + plot_in + AXIS_IN + legend_rows * LEGEND_ROW_IN + 0.15
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(WIDTH_IN, height))
        bottom = (AXIS_IN + legend_rows * LEGEND_ROW_IN + 0.15) / height
        ax = fig.add_axes((MARGIN_IN / WIDTH_IN, bottom, axes_in / WIDTH_IN, plot_in / height))
        _draw_axes(ax, axis, axes_in, max(lanes, 2))
        for index, bar in enumerate(bars):
            _draw_bar(ax, bar, index, axis.width / axes_in)
        _draw_header(fig, title, frame, height, bool(axis.folds))
        _draw_legend(fig, colours, frame, height)
    return fig, bars


def layout_bars(
    rows: list[dict], axis: TimeAxis, axes_in: float, colours: dict[str, str]
) -> list[Bar]:
    """Place every event: its span on the axis, its label beside (or inside) it, its lane."""
    per_in = axis.width / axes_in
    min_width, pad = MIN_BAR_IN * per_in, LABEL_PAD_IN * per_in
    placed = []
    for row in rows:
        x0, x1 = axis.x(row["earliest"]), axis.x(row["latest"])
        if x1 - x0 < min_width:
            middle = (x0 + x1) / 2
            x0, x1 = middle - min_width / 2, middle + min_width / 2
        label, side, extent = _place_label(row, x0, x1, axis.width, per_in, pad)
        placed.append((row, x0, x1, label, side, extent))
    if len(rows) <= ONE_ROW_MAX:
        lanes = list(range(len(rows)))
    else:
        lanes = pack_lanes([p[5] for p in placed], gap=2 * pad)
    bars = []
    for (row, x0, x1, label, side, _), lane in zip(placed, lanes, strict=True):
        confidence = row["confidence"] if row["confidence"] is not None else 0.5
        bars.append(
            Bar(
                x0=x0, x1=x1, lane=lane, label=label, side=side,
                colour=colours.get(row["source"] or "(none)", OTHER_COLOUR),
                alpha=round(0.2 + 0.75 * min(max(confidence, 0.0), 1.0), 3),
                bounded=is_bounded(row), tooltip=tooltip(row),
            )
        )  # fmt: skip
    return bars


def is_bounded(row: dict) -> bool:
    """Whether the text only bounds the event ('less than two weeks', 'before winter')."""
    return bool(row.get("mod")) or (row.get("relation") or "") in BOUNDED_RELATIONS


def tooltip(row: dict) -> str:
    """Hover text of a bar: the event, its dating, source, confidence and sentence."""
    last = row["latest"].toordinal() - 1
    interval = f"{row['earliest']:%d %b %Y} – {date.fromordinal(last):%d %b %Y}"
    confidence = "" if row["confidence"] is None else f", confidence {row['confidence']:.2f}"
    lines = [
        shorten(row["event"] or "", 160),
        f"{row['timex_text'] or ''} → {interval}".strip(),
        f"{row['source'] or '(no source)'}{confidence}",
        shorten(row["sentence"] or "", 300),
    ]
    return "\n".join(line for line in lines if line)


def _text_in(text: str) -> float:
    width, _, _ = _TEXT_PATH.get_text_width_height_descent(text, _LABEL_FONT, ismath=False)
    return width / 72.0


def _place_label(
    row: dict, x0: float, x1: float, width: float, per_in: float, pad: float
) -> tuple[str, str, tuple[float, float]]:
    """Label text, side ('right', 'inside', 'left') and the span bar and label take together."""
    limit = 46
    while True:
        label = event_label(row["event"] or "(no phrase)", row["timex_text"], limit)
        size = _text_in(label) * per_in
        if x1 + pad + size <= width:
            return label, "right", (x0, x1 + pad + size)
        if x1 - x0 >= size + 2 * pad:
            return label, "inside", (x0, x1)
        if x0 - pad - size >= 0:
            return label, "left", (x0 - pad - size, x1)
        if limit <= 12:
            side = "right" if width - x1 >= x0 else "left"
            extent = (x0, width) if side == "right" else (0.0, x1)
            return label, side, extent
        limit -= 4


def _draw_axes(ax, axis: TimeAxis, axes_in: float, lanes: int) -> None:
    ax.set_xlim(0, axis.width)
    ax.set_ylim(lanes - 0.4, -0.6)
    ax.set_yticks([])
    for name in ("left", "right", "top"):
        ax.spines[name].set_visible(False)
    ax.spines["bottom"].set_color("#888888")
    positions, labels = axis_ticks(axis, axes_in)
    ax.set_xticks(positions, labels, fontsize=8, color="#333333")
    ax.tick_params(axis="x", length=3, color="#888888")
    for x in positions:
        ax.axvline(x, color="#e6e6e6", linewidth=0.7, zorder=0)
    for fold in axis.folds:
        middle = (fold.x0 + fold.x1) / 2
        ax.axvspan(fold.x0, fold.x1, facecolor="#f1f1f1", edgecolor="none", zorder=0.5)
        ax.annotate(
            fold_label(fold).replace(" ", "\n", 1), (middle, 0), xycoords=("data", "axes fraction"),
            xytext=(0, -4), textcoords="offset points", ha="center", va="top", fontsize=7,
            color="#777777", fontstyle="italic",
        )  # fmt: skip
        for x in (fold.x0, fold.x1):
            ax.plot(
                [x], [0], transform=ax.get_xaxis_transform(), marker=(2, 0, -60),
                markersize=9, color="#888888", clip_on=False,
            )  # fmt: skip


def _draw_bar(ax, bar: Bar, index: int, per_in: float) -> None:
    rect = Rectangle(
        (bar.x0, bar.lane - 0.3), bar.x1 - bar.x0, 0.6,
        facecolor=matplotlib.colors.to_rgba(bar.colour, bar.alpha),
        edgecolor=bar.colour, linewidth=0.8,
        hatch="////" if bar.bounded else None, zorder=2,
    )  # fmt: skip
    rect.set_gid(f"event-{index}")
    ax.add_patch(rect)
    pad = LABEL_PAD_IN * per_in
    x, ha = {
        "right": (bar.x1 + pad, "left"),
        "inside": (bar.x0 + pad, "left"),
        "left": (bar.x0 - pad, "right"),
    }[bar.side]
    text = ax.text(
        x, bar.lane, bar.label, ha=ha, va="center", fontsize=LABEL_SIZE, color="#1a1a1a",
        zorder=3, clip_on=False,
    )  # fmt: skip
    text.set_bbox({"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 0.4})
    text.set_gid(f"label-{index}")


def axis_ticks(axis: TimeAxis, axes_in: float) -> tuple[list[float], list[str]]:
    """Date ticks for each to-scale segment (more for wider ones), labelled day/month/year as
    the spacing asks, the year written where it changes."""
    ticks: list[tuple[float, date, str]] = []
    for segment in axis.segments:
        inches = segment.days / axis.width * axes_in
        days = _segment_ticks(segment, int(inches / 0.6))
        if not days:
            middle = segment.start + (segment.end - segment.start) / 2
            ticks.append((axis.x(middle), middle, "day"))
            continue
        kind = "year" if all((d.month, d.day) == (1, 1) for d in days) else "day"
        if kind == "day" and all(d.day == 1 for d in days):
            kind = "month"
        ticks += [(axis.x(d), d, kind) for d in days if not _near_fold(axis, d, axes_in)]
    positions, labels, last_year = [], [], None
    spacing = 0.45 * axis.width / axes_in
    for x, day, kind in ticks:
        if positions and x - positions[-1] < spacing:
            continue
        if kind == "year":
            text = f"{day.year}"
        else:
            text = f"{day:%b}" if kind == "month" else f"{day.day} {day:%b}"
            if day.year != last_year:
                text += f"\n{day.year}"
        last_year = day.year
        positions.append(x)
        labels.append(text)
    return positions, labels


def _segment_ticks(segment: Segment, most: int) -> list[date]:
    """Up to `most` round dates inside the segment (none when there is no room for two)."""
    if most < 2:
        return []
    locator = mdates.AutoDateLocator(minticks=max(1, most // 2), maxticks=most)
    locator.intervald[mdates.MONTHLY] = [1, 2, 3, 4, 6, 12]
    values = locator.tick_values(
        datetime.combine(segment.start, datetime.min.time()),
        datetime.combine(segment.end, datetime.min.time()),
    )
    days = [mdates.num2date(v).date() for v in values]
    return [d for d in days if segment.start <= d < segment.end]


def _near_fold(axis: TimeAxis, day: date, axes_in: float) -> bool:
    """Whether a tick at `day` would crowd a fold's caption (within 0.3 in of its middle)."""
    reach = 0.3 * axis.width / axes_in
    return any(abs(axis.x(day) - (f.x0 + f.x1) / 2) < reach for f in axis.folds)


def _draw_header(fig: Figure, title: str, frame: pl.DataFrame, height: float, folded: bool) -> None:
    first = frame.get_column("earliest").min()
    last = date.fromordinal(frame.get_column("latest").max().toordinal() - 1)
    sources = frame.get_column("source").n_unique()
    subtitle = (
        f"{frame.height} event{'s' if frame.height != 1 else ''} from "
        f"{sources} source{'s' if sources != 1 else ''}, {first:%d %b %Y} – {last:%d %b %Y}. "
        "Each bar spans the interval the text allows for the event"
        + ("; grey bands fold away stretches without events." if folded else ".")
    )
    top = 1 - 0.12 / height
    fig.text(MARGIN_IN / WIDTH_IN, top, title, fontsize=12, fontweight="bold", va="top")
    fig.text(
        MARGIN_IN / WIDTH_IN, top - 0.3 / height, subtitle, fontsize=8, color="#555555", va="top"
    )


def _draw_legend(fig: Figure, colours: dict[str, str], frame: pl.DataFrame, height: float) -> None:
    counts = dict(frame.get_column("source").fill_null("(none)").value_counts().iter_rows())
    handles = [
        Patch(facecolor=matplotlib.colors.to_rgba(c, 0.7), edgecolor=c, label=f"{s} ({counts[s]})")
        for s, c in colours.items()
        if c != OTHER_COLOUR
    ]
    others = sum(counts[s] for s, c in colours.items() if c == OTHER_COLOUR)
    if others:
        handles.append(Patch(facecolor=OTHER_COLOUR, label=f"other sources ({others})"))
    handles.append(
        Patch(
            facecolor="white", edgecolor="#555555", hatch="////",
            label="hatched: only bounded (before, after, within, less than…)",
        )
    )  # fmt: skip
    handles.append(
        Patch(facecolor=(0.33, 0.33, 0.33, 0.3), edgecolor="#555555", label="faint: low confidence")
    )
    fig.legend(
        handles=handles, loc="lower left", ncol=min(len(handles), 4), frameon=False, fontsize=8,
        bbox_to_anchor=(MARGIN_IN / WIDTH_IN, 0.08 / height), borderaxespad=0,
        handlelength=1.6, columnspacing=1.6,
    )  # fmt: skip


def figure_bytes(fig: Figure, fmt: str, dpi: int = 110) -> bytes:
    """The figure encoded as `fmt` ('png' or 'svg')."""
    buffer = io.BytesIO()
    with matplotlib.rc_context(RC):
        fig.savefig(buffer, format=fmt, dpi=dpi, metadata=_NO_METADATA.get(fmt))
    return buffer.getvalue()
