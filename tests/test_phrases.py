"""The phrase corpus as the engine's spec: `tests/phrases/<family>.tsv`, one row per phrase.

Each row is `text<TAB>publication date<TAB>expected value[<TAB>interval][<TAB>todo]`. Square
brackets in the text mark the phrase under test (they are removed before tagging); the row passes
when the timex overlapping that phrase has the expected value (`-`: no timex there) and, when the
row gives one, the calendar interval `first day/last day` (both included; the two ends of a
range share the range's interval). A row without
brackets tests the last timex of its text. A `# preamble: ...` line puts its text before every
later row of the file, so a family of narrative rows can share one story. Rows marked `todo`
are known gaps: they run as strict expected failures, so fixing one shows up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from transforms.temporal import tag

PHRASES = Path(__file__).parent / "phrases"
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Row:
    """One phrase of the corpus and where it came from."""

    family: str
    line: int
    text: str
    published: date
    expected: str
    todo: bool
    interval: str | None = None


def read_rows(path: Path) -> list[Row]:
    """The rows of one family file, each with the file's preamble in front of its text."""
    rows: list[Row] = []
    preamble = ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if raw.startswith("# preamble:"):
            preamble = raw.removeprefix("# preamble:").strip() + " "
            continue
        if not raw.strip() or raw.startswith("#"):
            continue
        fields = raw.split("\t")
        if len(fields) not in (3, 4, 5):
            raise ValueError(f"{path.name}:{number}: expected 3 to 5 tab-separated fields")
        extra = [f.strip() for f in fields[3:]]
        todo = "todo" in extra
        interval = next((f for f in extra if "/" in f), None)
        text, published, expected = fields[0], date.fromisoformat(fields[1]), fields[2].strip()
        rows.append(Row(path.stem, number, preamble + text, published, expected, todo, interval))
    return rows


ROWS = [row for path in sorted(PHRASES.glob("*.tsv")) for row in read_rows(path)]


def timex_of(row: Row):
    """The timex the engine gives the bracketed phrase (or the last timex), None if untagged."""
    text = row.text
    if "[" in text:
        start = text.index("[")
        end = text.index("]") - 1
        text = text.replace("[", "", 1).replace("]", "", 1)
        hits = [t for t in tag(text, row.published) if t.start < end and t.end > start]
    else:
        hits = tag(text, row.published)[-1:]
    return hits[0] if hits else None


def value_of(row: Row) -> str | None:
    """The value the engine gives the bracketed phrase (or the last timex), None if untagged."""
    timex = timex_of(row)
    return timex.value if timex else None


def interval_of(row: Row) -> str | None:
    """The bracketed phrase's interval as `first day/last day`, None if it has none."""
    timex = timex_of(row)
    if timex is None or timex.earliest is None or timex.latest is None:
        return None
    return f"{timex.earliest.isoformat()}/{(timex.latest - ONE_DAY).isoformat()}"


def _param(row: Row):
    marks = [pytest.mark.xfail(strict=True, reason="known gap")] if row.todo else []
    return pytest.param(row, id=f"{row.family}:{row.line}", marks=marks)


@pytest.mark.parametrize("row", [_param(row) for row in ROWS])
def test_phrase_resolves_to_its_expected_value(row: Row) -> None:
    assert value_of(row) == (None if row.expected == "-" else row.expected)
    if row.interval:
        assert interval_of(row) == row.interval


def test_every_touched_family_has_at_least_forty_rows() -> None:
    counts: dict[str, int] = {}
    for row in ROWS:
        counts[row.family] = counts.get(row.family, 0) + 1
    assert counts and all(n >= 40 for n in counts.values()), counts
