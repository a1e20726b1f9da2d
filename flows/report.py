"""What a run reports: per-source counts, the top reject reasons and events per day, rendered
as the rows and markdown that the flow publishes as Prefect artifacts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

STAGES = ("read", "rejected", "skipped", "new", "changed", "unchanged", "timexes", "events")


@dataclass
class RunReport:
    """Counters of one run, per source, plus reject reasons and events per day."""

    counts: dict[str, Counter] = field(default_factory=dict)
    reasons: Counter = field(default_factory=Counter)
    events_per_day: Counter = field(default_factory=Counter)

    def add(self, source: str, **stages: int) -> None:
        """Add stage counts for one source."""
        counter = self.counts.setdefault(source, Counter())
        counter.update({k: v for k, v in stages.items() if v})

    def totals(self) -> Counter:
        """All sources together."""
        total: Counter = Counter()
        for counter in self.counts.values():
            total.update(counter)
        return total

    def table(self) -> list[dict[str, object]]:
        """One row per source and a total row, every stage a column."""
        rows = [{"source": s, **{k: c.get(k, 0) for k in STAGES}} for s, c in self.counts.items()]
        total = self.totals()
        rows.append({"source": "TOTAL", **{k: total.get(k, 0) for k in STAGES}})
        return rows

    def markdown(self, run_id: str, warehouse: str, seconds: float) -> str:
        """The run summary: totals, top reject reasons, and the events-per-day chart."""
        total = self.totals()
        lines = [
            f"# Ingest run `{run_id}`",
            "",
            f"Warehouse `{warehouse}`, {len(self.counts)} source(s), {seconds:.1f} s.",
            "",
            "| stage | count |",
            "|---|---:|",
            *(f"| {k} | {total.get(k, 0):,} |" for k in STAGES),
            "",
            "## Top reject reasons",
            "",
        ]
        if self.reasons:
            lines += ["| reason | rows |", "|---|---:|"]
            lines += [f"| {_cell(r)} | {n:,} |" for r, n in self.reasons.most_common(10)]
        else:
            lines.append("No rejects.")
        lines += ["", "## Events per day (this run)", "", *self.chart_lines()]
        return "\n".join(lines)

    def chart_lines(self, width: int = 40, max_days: int = 30) -> list[str]:
        """Events per day as a markdown table of bars: the `max_days` busiest days, in order."""
        if not self.events_per_day:
            return ["No events."]
        busiest = self.events_per_day.most_common(max_days)
        days = sorted(day for day, _ in busiest)
        peak = max(self.events_per_day[d] for d in days)
        rows = ["| day | events | |", "|---|---:|---|"]
        for day in days:
            n = self.events_per_day[day]
            rows.append(f"| {day} | {n} | {'█' * max(1, round(width * n / peak))} |")
        return rows


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")[:120]
