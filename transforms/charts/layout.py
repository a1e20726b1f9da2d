"""Geometry of a timeline chart, free of any drawing library: a time axis that folds long empty
stretches into narrow breaks, readable labels, and rows (lanes) for the bars.

Units: the axis runs in *days of shown time* from 0 to `TimeAxis.width`; a fold takes a fixed
small width instead of its real length, so an event in 2022 and a cluster in late 2024 both get
room and every bar keeps its true length in days.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta

FOLD_MIN_DAYS = 45
"""An empty stretch shorter than this is always drawn to scale."""
FOLD_MIN_SHARE = 0.15
"""...and one shorter than this share of the whole range too."""
FOLD_WIDTH_SHARE = 0.035
"""Width of a fold, as a share of the shown (unfolded) time."""
PAD_SHARE = 0.02
"""Breathing room around the events, as a share of the range (at least one day)..."""
PAD_MAX_DAYS = 31
"""...and at most a month, so a range of decades does not pad each cluster by a season."""
MIN_SPAN_DAYS = 7
"""A range shorter than this is widened around its middle, so one day is not the whole axis."""


@dataclass(frozen=True)
class Segment:
    """A stretch of calendar drawn to scale, `[start, end)` at axis position `x0` onwards."""

    start: date
    end: date
    x0: float

    @property
    def days(self) -> int:
        """Length in days."""
        return (self.end - self.start).days


@dataclass(frozen=True)
class Fold:
    """An empty stretch `[start, end)` drawn as a narrow break between `x0` and `x1`."""

    start: date
    end: date
    x0: float
    x1: float


@dataclass(frozen=True)
class TimeAxis:
    """Dates to axis positions: segments to scale, folds squeezed between them."""

    segments: tuple[Segment, ...]
    folds: tuple[Fold, ...]

    @property
    def start(self) -> date:
        """First day shown."""
        return self.segments[0].start

    @property
    def end(self) -> date:
        """Day after the last day shown."""
        return self.segments[-1].end

    @property
    def width(self) -> float:
        """Axis length in shown days (folds included)."""
        last = self.segments[-1]
        return last.x0 + last.days

    def x(self, day: date) -> float:
        """Axis position of `day` (clamped to the axis; inside a fold, in proportion)."""
        if day <= self.start:
            return 0.0
        if day >= self.end:
            return self.width
        starts = [s.start for s in self.segments]
        segment = self.segments[bisect_right(starts, day) - 1]
        if day < segment.end:
            return segment.x0 + (day - segment.start).days
        fold = next(f for f in self.folds if f.start <= day < f.end)
        share = (day - fold.start).days / max((fold.end - fold.start).days, 1)
        return fold.x0 + share * (fold.x1 - fold.x0)


def time_axis(
    intervals: list[tuple[date, date]], start: date | None = None, end: date | None = None
) -> TimeAxis:
    """An axis for half-open `intervals`, over `[start, end)` when given (else the intervals'
    range with a little room), with long empty stretches folded."""
    if not intervals and (start is None or end is None):
        raise ValueError("an axis needs intervals or an explicit window")
    lo = start or min(e for e, _ in intervals)
    hi = end or max(latest for _, latest in intervals)
    if (hi - lo).days < MIN_SPAN_DAYS:
        middle = lo + (hi - lo) / 2
        lo, hi = middle - timedelta(days=MIN_SPAN_DAYS / 2), middle + timedelta(days=4)
    span = (hi - lo).days
    pad = timedelta(days=min(max(1, round(PAD_SHARE * span)), PAD_MAX_DAYS))
    if start is None:
        lo -= pad
    if end is None:
        hi += pad
    blocks = _merge(
        [(max(e - pad, lo), min(latest + pad, hi)) for e, latest in intervals if latest > lo]
        + [(lo, lo + timedelta(days=1)), (hi - timedelta(days=1), hi)]
    )
    fold_min = max(FOLD_MIN_DAYS, FOLD_MIN_SHARE * span)
    kept: list[list[date]] = [list(blocks[0])]
    gaps: list[tuple[date, date]] = []
    for block_start, block_end in blocks[1:]:
        if (block_start - kept[-1][1]).days >= fold_min:
            gaps.append((kept[-1][1], block_start))
            kept.append([block_start, block_end])
        else:
            kept[-1][1] = block_end
    fold_width = FOLD_WIDTH_SHARE * sum((b - a).days for a, b in kept)
    segments, folds, x = [], [], 0.0
    for index, (seg_start, seg_end) in enumerate(kept):
        segments.append(Segment(seg_start, seg_end, x))
        x += (seg_end - seg_start).days
        if index < len(gaps):
            folds.append(Fold(gaps[index][0], gaps[index][1], x, x + fold_width))
            x += fold_width
    return TimeAxis(tuple(segments), tuple(folds))


def _merge(spans: list[tuple[date, date]]) -> list[tuple[date, date]]:
    merged: list[list[date]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def fold_label(fold: Fold) -> str:
    """How much time a fold hides, e.g. '22 months' or '3 years'."""
    days = (fold.end - fold.start).days
    if days >= 730:
        return f"{days / 365.25:.0f} years"
    if days >= 61:
        return f"{days / 30.44:.0f} months"
    return f"{days} days"


def shorten(text: str, limit: int) -> str:
    """`text` on one line, cut at a word boundary to at most `limit` characters with '…'."""
    flat = " ".join((text or "").split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-–") + "…"


def event_label(event: str, timex_text: str | None, limit: int = 46) -> str:
    """A bar's label: the event phrase, shortened, then the words that dated it."""
    label = shorten(event, limit)
    when = shorten(timex_text or "", 24)
    return f"{label} · {when}" if when else label


def pack_lanes(extents: list[tuple[float, float]], gap: float) -> list[int]:
    """Greedy lanes for `extents` (taken in the order given): each goes to the first lane whose
    last occupant ends at least `gap` before it starts; returns each extent's lane."""
    ends: list[float] = []
    lanes = []
    for lo, hi in extents:
        lane = next((i for i, end in enumerate(ends) if end + gap <= lo), len(ends))
        if lane == len(ends):
            ends.append(hi)
        else:
            ends[lane] = hi
        lanes.append(lane)
    return lanes
