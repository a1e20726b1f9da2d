"""Property tests: the engine never crashes and its records are always well formed."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.temporal import tag

PHRASES = [
    "last week", "in January", "less than two weeks", "Tuesday", "2022", "the 1990s", "now",
    "three years ago", "the past 24 hours", "every Monday", "a year", "mid-2023", "winter",
    "the third quarter", "Oct. 15, 1999", "yesterday morning", "at least a decade", "10 p.m.",
    "May", "may", "the end of the year", "fiscal 1989", "nineteen ninety-six", "11/29/2024",
]  # fmt: skip
texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(PHRASES), st.text(max_size=12)), max_size=30).map(" ".join),
)
published = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@settings(max_examples=300, deadline=None)
@given(text=texts, dct=published)
def test_spans_lie_inside_the_text_in_order_without_overlap(text: str, dct: date) -> None:
    timexes = tag(text, dct)
    last_end = 0
    for t in timexes:
        assert 0 <= t.start < t.end <= len(text)
        assert t.start >= last_end
        assert text[t.start : t.end] == t.text
        last_end = t.end


@settings(max_examples=300, deadline=None)
@given(text=texts, dct=published)
def test_intervals_are_non_empty_and_types_are_timex3(text: str, dct: date) -> None:
    for t in tag(text, dct):
        assert t.type in ("DATE", "TIME", "DURATION", "SET")
        assert (t.earliest is None) == (t.latest is None)
        if t.earliest is not None:
            assert t.earliest < t.latest
        assert t.value
