"""Properties of the events rows the flow loads (`transforms.events.frames.mention_rows`): on any
text, triggers are where their offsets say, inside their sentence, intervals are ordered and
every row has the columns and values the warehouse accepts."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.events.frames import MAX_SENTENCE_CHARS, mention_rows
from transforms.events.model import EVENT_COLUMNS
from transforms.temporal import tag

WORDS = st.sampled_from(
    [
        "Talks", "resumed", "on", "Monday", "after", "the", "army", "attacked", "in", "2022",
        "said", "will", "meet", "next", "week", "before", "winter", "not", "would", "election",
        "less", "than", "two", "weeks", "ago", ",", ".", "\n\n", "“", "”", "and", "since", "May",
    ]
)  # fmt: skip
TEXTS = st.one_of(st.text(max_size=300), st.lists(WORDS, max_size=80).map(" ".join))


@settings(max_examples=150, deadline=None)
@given(TEXTS, st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_rows_of_any_text_point_at_their_triggers_with_ordered_intervals(
    text: str, published: date
) -> None:
    timexes = list(enumerate(tag(text, published)))
    rows = [
        dict(zip(EVENT_COLUMNS, row, strict=True))
        for row in mention_rows("a", text, published, timexes)
    ]
    assert [row["event_index"] for row in rows] == list(range(len(rows)))
    for row in rows:
        if row["trigger"] is not None:
            start, end = row["trigger_start"], row["trigger_end"]
            assert 0 <= start < end <= len(text)
            assert text[start:end] == row["trigger"]
            assert row["trigger"] in row["sentence"]
            assert len(row["sentence"]) <= max(MAX_SENTENCE_CHARS, end - start)
        if row["earliest"] is not None and row["latest"] is not None:
            assert row["earliest"] < row["latest"]
        if row["timex_index"] is not None:
            assert 0 <= row["timex_index"] < len(timexes)
        assert row["when_relative"] in ("past", "present", "future")
        assert row["anchor"] and 0.0 <= row["confidence"] <= 1.0


def test_a_sentence_over_the_cap_is_stored_as_the_stretch_around_each_trigger() -> None:
    items = ", ".join(f"item {n} was sold" for n in range(300))
    text = f"The shop opened in 2019, {items}, and it closed in 2023."
    published = date(2024, 1, 1)
    rows = [
        dict(zip(EVENT_COLUMNS, row, strict=True))
        for row in mention_rows("a", text, published, list(enumerate(tag(text, published))))
    ]
    assert len(rows) > 100
    assert all(len(row["sentence"]) <= MAX_SENTENCE_CHARS for row in rows)
    assert all(row["sentence_index"] == 0 for row in rows)
    closed = [row for row in rows if row["trigger"] == "closed"]
    assert closed and closed[0]["sentence"].endswith("it closed in 2023.")


def test_the_verb_a_relative_expression_dates_is_one_row_with_its_trigger_and_timex() -> None:
    text = "Mr Johnson's comments come less than a day after Sir Keir Starmer spoke to Zelenskyy."
    published = date(2024, 11, 29)
    timexes = list(enumerate(tag(text, published)))
    rows = [
        dict(zip(EVENT_COLUMNS, row, strict=True))
        for row in mention_rows("a", text, published, timexes)
    ]
    starmer = [row for row in rows if "Starmer" in row["what"]]
    assert len(starmer) == 1
    spoke = starmer[0]
    assert spoke["trigger"] == "spoke" and spoke["timex_text"] == "less than a day"
    assert (spoke["earliest"], spoke["latest"]) == (date(2024, 11, 28), date(2024, 11, 30))
