"""What a run reports: per-source counts, failed sources, reject reasons and events per day,
rendered as the rows and markdown that the flow publishes as Prefect artifacts.

Nothing here cuts a reason: reject reasons are grouped by `reason_class` (the reason with its
URLs, paths, numbers and quoted values masked) and each group shows one full example.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

STAGES = ("read", "rejected", "skipped", "new", "changed", "unchanged", "timexes", "events")
TOP_REASONS = 10
TABLE_LABEL_MAX = 18
"""Characters of a source label in the counts table: with its nine columns the table then fits
the Prefect UI's artifact page in a 1400 px window (measured in Chromium: each count column
takes 70-90 px, leaving about 150 px for the label). Longer labels are shortened by `fit`;
the summary lists each full label with its spec."""
FAILED_MARK = "✗ "
"""Before the label of a failed source in the counts table."""

_URL = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://[^\s)]+")
_PATH = re.compile(r"(?<![\w.<])(?:~|\.{1,2})?/[^\s:)]+")
_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?)?")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_NUMBER = re.compile(r"(?<![-\w.])(?<!HTTP )\d+(?:\.\d+)?(?![\w])")


def reason_class(reason: str) -> str:
    """The kind of a reject reason, to group rows by: its text up to the first ': ' once URLs,
    paths, dates, quoted values and numbers (other than HTTP status codes) are masked."""
    masked = _DATE.sub("<date>", _PATH.sub("<path>", _URL.sub("<url>", reason)))
    head = masked.split(": ", 1)[0]
    return _NUMBER.sub("N", _QUOTED.sub("'…'", head)).strip() or reason


@dataclass
class RunReport:
    """Counters of one run, per source, plus failed sources, reject reasons and events per day.

    `labels` maps each source spec to the short label the tables show; `failed` maps the specs
    of sources that failed outright to their reason; `reasons` counts reject rows per
    `reason_class` and `examples` keeps one full reason of each class."""

    labels: dict[str, str] = field(default_factory=dict)
    counts: dict[str, Counter] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    reasons: Counter = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)
    events_per_day: Counter = field(default_factory=Counter)

    def add(self, source: str, **stages: int) -> None:
        """Add stage counts for one source."""
        counter = self.counts.setdefault(source, Counter())
        counter.update({k: v for k, v in stages.items() if v})

    def add_reasons(self, counts: dict[str, int], examples: dict[str, str]) -> None:
        """Add reject counts per reason class, keeping the first full example of each class."""
        self.reasons.update(counts)
        for kind, example in examples.items():
            self.examples.setdefault(kind, example)

    def totals(self) -> Counter:
        """All sources together."""
        total: Counter = Counter()
        for counter in self.counts.values():
            total.update(counter)
        return total

    def label(self, source: str) -> str:
        """The short label of a source spec (the spec itself when it has none)."""
        return self.labels.get(source, source)

    def table(self) -> list[dict[str, object]]:
        """One row per source by its label (`FAILED_MARK` before a failed source's, the label
        shortened to `TABLE_LABEL_MAX` characters) and a total row, every stage a column."""
        sources = list(dict.fromkeys([*self.labels, *self.counts, *self.failed]))
        rows: list[dict[str, object]] = []
        for source in sources:
            counter = self.counts.get(source, Counter())
            mark = FAILED_MARK if source in self.failed else ""
            label = mark + fit(self.label(source), TABLE_LABEL_MAX - len(mark))
            rows.append({"source": label} | {k: counter.get(k, 0) for k in STAGES})
        total = self.totals()
        rows.append({"source": "TOTAL"} | {k: total.get(k, 0) for k in STAGES})
        return rows

    def markdown(self, run_id: str, warehouse: str, seconds: float, timeline: str = "") -> str:
        """The run summary: failed sources, totals, sources, top reject reasons with a full
        example each, day-level events per day, and `timeline` (what became of the chart)."""
        total = self.totals()
        sources = list(dict.fromkeys([*self.labels, *self.counts, *self.failed]))
        lines = [f"# Ingest run `{run_id}`", ""]
        if self.failed:
            lines += [
                f"**Failed: {len(self.failed)} of {len(sources)} source(s) could not be read**; "
                "the others loaded in full.",
                "",
                *(f"- **{_text(self.label(s))}**: {_text(r)}" for s, r in self.failed.items()),
                "",
            ]
        lines += [
            f"Warehouse `{warehouse}`, {len(sources)} source(s), {seconds:.1f} s.",
            "",
            "| stage | count |",
            "|---|---:|",
            *(f"| {k} | {total.get(k, 0):,} |" for k in STAGES),
            "",
            "## Sources",
            "",
            *(f"- {_text(self.label(s))}: `{s}`" for s in sources),
            "",
            "## Top reject reasons",
            "",
        ]
        if self.reasons:
            for kind, rows in self.reasons.most_common(TOP_REASONS):
                lines.append(f"- **{_text(kind)}**: {rows:,} row{'s' if rows != 1 else ''}")
                example = self.examples.get(kind)
                if example and example != kind:
                    lines.append(f"  e.g. {_text(example)}")
            if len(self.reasons) > TOP_REASONS:
                lines.append(f"- … {len(self.reasons) - TOP_REASONS} more kinds: see `rejects`")
        else:
            lines.append("No rejects.")
        lines += ["", "## Events per day (this run, day-level events dated by the text only)", ""]
        lines += self.chart_lines()
        if timeline:
            lines += ["", "## Timeline", "", timeline]
        return "\n".join(lines)

    def chart_lines(self, width: int = 40, max_days: int = 30) -> list[str]:
        """Events per day as a markdown table of bars: the `max_days` busiest days, in order."""
        if not self.events_per_day:
            return ["No day-level events."]
        busiest = self.events_per_day.most_common(max_days)
        days = sorted(day for day, _ in busiest)
        peak = max(self.events_per_day[d] for d in days)
        rows = ["| day | events | |", "|---|---:|---|"]
        for day in days:
            n = self.events_per_day[day]
            rows.append(f"| {day} | {n} | {'█' * max(1, round(width * n / peak))} |")
        return rows


def fit(label: str, width: int) -> str:
    """`label` in at most `width` characters: `…/name` for a path-like label whose last part
    fits, else its start and (longer) end around '…'."""
    if len(label) <= width:
        return label
    name = label.rsplit("/", 1)[-1]
    if "/" in label and len(name) + 2 <= width:
        return "…/" + name
    head = width // 3
    return label[:head] + "…" + label[len(label) - (width - 1 - head) :]


def _text(text: str) -> str:
    """`text` whole on one markdown line, its markup characters escaped (never cut)."""
    flat = " ".join(text.split())
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", flat)
