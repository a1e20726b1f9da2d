"""Event extraction, one group of tests per rule family (tables in transforms/events/cues.py)."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.events import cues, events_frame, extract_events
from transforms.events.confidence import confidence
from transforms.events.model import EVENT_COLUMNS, Event
from transforms.events.relative import (
    bounded_interval,
    parse_duration,
    relative_interval,
    shift,
)
from transforms.temporal.model import MODS, Timex

PUBLISHED = date(2024, 11, 29)  # a Friday, as in DESIGN.md
D = date.fromisoformat


def timex(
    text: str,
    phrase: str,
    type_: str = "DATE",
    value: str = "",
    mod: str | None = None,
    interval: tuple[str, str] | None = None,
    granularity: str | None = None,
) -> Timex:
    """A Timex for the first occurrence of `phrase` in `text`."""
    start = text.index(phrase)
    return Timex(
        start=start,
        end=start + len(phrase),
        text=phrase,
        type=type_,
        value=value,
        mod=mod,
        earliest=D(interval[0]) if interval else None,
        latest=D(interval[1]) if interval else None,
        granularity=granularity,
    )


def only_event(text: str, *timexes: Timex, published: date = PUBLISHED) -> Event:
    events = extract_events(text, published, list(timexes))
    assert len(events) == 1, events
    return events[0]


def interval(event: Event) -> tuple[date, date]:
    return event.earliest, event.latest


# --- relative durations: cues.RELATIVE_CUES + relative.relative_interval -------------------


def test_less_than_a_day_after_puts_earlier_event_within_a_day() -> None:
    text = "His comments come less than a day after Sir Keir Starmer spoke to Zelenskyy."
    event = only_event(text, timex(text, "less than a day", "DURATION", "P1D", "LESS_THAN"))
    assert interval(event) == (D("2024-11-28"), D("2024-11-30"))
    assert event.what == "Sir Keir Starmer spoke to Zelenskyy"
    assert event.relation == "within"
    assert event.granularity == "day"


def test_exact_days_after_puts_event_that_many_days_before_publication() -> None:
    text = "The strike came two days after the talks collapsed."
    event = only_event(text, timex(text, "two days", "DURATION", "P2D"))
    assert interval(event) == (D("2024-11-27"), D("2024-11-28"))
    assert event.what == "the talks collapsed"


def test_days_before_puts_the_following_event_later() -> None:
    text = "The vote was held three days before the summit opens."
    event = only_event(text, timex(text, "three days", "DURATION", "P3D"))
    assert interval(event) == (D("2024-12-02"), D("2024-12-03"))
    assert event.what == "the summit opens"


def test_more_than_a_week_after_bounds_event_one_to_three_weeks_earlier() -> None:
    text = "The response came more than a week after the floods hit."
    event = only_event(text, timex(text, "more than a week", "DURATION", "P1W", "MORE_THAN"))
    assert interval(event) == (PUBLISHED - timedelta(days=21), PUBLISHED - timedelta(days=6))


def test_about_a_month_after_widens_the_offset_by_a_quarter() -> None:
    text = "Prices rose about a month after the sanctions began."
    event = only_event(text, timex(text, "about a month", "DURATION", "P1M", "APPROX"))
    # a month back from 2024-11-29 is 31 days: offsets 23.25 … 38.75 days, rounded outwards
    assert interval(event) == (D("2024-10-21"), D("2024-11-07"))


def test_ago_dates_the_timex_clause_itself() -> None:
    text = "The ceasefire collapsed two days ago."
    event = only_event(text, timex(text, "two days", "DURATION", "P2D"))
    assert interval(event) == (D("2024-11-27"), D("2024-11-28"))
    assert event.what == "The ceasefire collapsed"


def test_since_after_a_duration_counts_back_from_publication() -> None:
    text = "Much has changed in the two weeks since the election was held."
    event = only_event(text, timex(text, "two weeks", "DURATION", "P2W"))
    assert interval(event) == (D("2024-11-15"), D("2024-11-16"))
    assert event.what == "the election was held"


def test_within_weeks_of_places_event_either_side_of_the_reference() -> None:
    text = "The deal was signed within two weeks of the talks ending."
    event = only_event(text, timex(text, "two weeks", "DURATION", "P2W"))
    assert interval(event) == (D("2024-11-15"), D("2024-12-14"))
    assert event.what == "the talks ending"


def test_of_after_a_duration_without_within_is_not_a_relative_cue() -> None:
    text = "After two weeks of fighting the town fell."
    assert extract_events(text, PUBLISHED, [timex(text, "two weeks", "DURATION", "P2W")]) == []


def test_relative_duration_counts_from_a_dated_timex_in_the_same_clause() -> None:
    text = "The strike came on Monday two days after the talks collapsed."
    monday = timex(text, "Monday", value="2024-11-25", interval=("2024-11-25", "2024-11-26"))
    events = extract_events(text, PUBLISHED, [monday, timex(text, "two days", "DURATION", "P2D")])
    relative = [e for e in events if e.timex_index == 1]
    assert [interval(e) for e in relative] == [(D("2024-11-23"), D("2024-11-24"))]


def test_duration_without_a_cue_makes_no_event() -> None:
    text = "NATO has kept the peace in Europe for 80 years."
    assert extract_events(text, PUBLISHED, [timex(text, "80 years", "DURATION", "P80Y")]) == []


def test_vague_duration_makes_no_event() -> None:
    text = "It came weeks after the talks collapsed."
    assert extract_events(text, PUBLISHED, [timex(text, "weeks", "DURATION", "PXW")]) == []


# --- ordinal windows: cues.ORDINAL_CUES --------------------------------------------------


def test_second_in_less_than_two_weeks_puts_earlier_occurrence_in_the_window() -> None:
    text = "Russia's new attack on Ukraine's power grid, the second in less than two weeks, hit."
    duration = timex(text, "less than two weeks", "DURATION", "P2W", "LESS_THAN")
    event = only_event(text, duration)
    assert interval(event) == (D("2024-11-15"), D("2024-11-30"))
    assert event.what == "earlier attack on Ukraine's power grid by Russia"
    assert event.relation == "within"


def test_second_noun_in_two_weeks_names_the_noun_after_the_ordinal() -> None:
    text = "It was the second attack on the grid in two weeks."
    event = only_event(text, timex(text, "two weeks", "DURATION", "P2W"))
    assert event.what == "earlier attack on the grid"
    assert interval(event) == (D("2024-11-15"), D("2024-11-30"))


def test_ordinal_after_a_full_clause_takes_the_noun_phrase_from_its_article() -> None:
    text = "Russia launched a new attack on the grid, the second in two weeks."
    event = only_event(text, timex(text, "two weeks", "DURATION", "P2W"))
    assert event.what == "earlier attack on the grid"


def test_third_in_a_month_names_two_earlier_occurrences() -> None:
    text = "It was the third strike in a month."
    event = only_event(text, timex(text, "a month", "DURATION", "P1M"))
    assert event.what == "2 earlier occurrences of strike"
    assert interval(event) == (D("2024-10-29"), D("2024-11-30"))


def test_first_in_two_years_puts_previous_occurrence_beyond_the_window() -> None:
    text = "It was the first strike on the city in two years."
    event = only_event(text, timex(text, "two years", "DURATION", "P2Y"))
    assert event.what == "previous strike on the city"
    assert event.latest == D("2022-11-30")
    assert event.earliest < D("2022-11-29")


# --- anchored timexes: cues.BOUNDARY_CUES + relative.bounded_interval ----------------------


def test_in_year_makes_a_during_event_over_the_year() -> None:
    text = "Boris Johnson photographed in Ukraine in 2022."
    event = only_event(
        text, timex(text, "2022", value="2022", interval=("2022-01-01", "2023-01-01"))
    )
    assert (event.relation, *interval(event)) == ("during", D("2022-01-01"), D("2023-01-01"))
    assert event.what == "Boris Johnson photographed in Ukraine"


def test_before_a_future_season_bounds_event_from_publication_to_its_start() -> None:
    text = "The Kremlin hopes to cripple the grid before winter."
    winter = timex(text, "winter", value="2024-WI", interval=("2024-12-01", "2025-03-01"))
    event = only_event(text, winter)
    assert (event.relation, *interval(event)) == ("before", PUBLISHED, D("2024-12-01"))
    assert event.what == "The Kremlin hopes to cripple the grid"


def test_cue_may_be_separated_from_its_timex_by_gap_words() -> None:
    text = "They stressed the need to prepare ahead of another difficult winter of conflict."
    winter = timex(text, "winter", value="2024-WI", interval=("2024-12-01", "2025-03-01"))
    event = only_event(text, winter)
    assert event.relation == "before"
    assert event.what == "They stressed the need to prepare"


def test_before_a_past_date_reaches_back_one_span_of_the_timex() -> None:
    text = "The border was open before 2022."
    event = only_event(
        text, timex(text, "2022", value="2022", interval=("2022-01-01", "2023-01-01"))
    )
    assert interval(event) == (D("2021-01-01"), D("2022-01-01"))


def test_after_a_past_date_runs_to_publication() -> None:
    text = "Talks resumed after Monday."
    monday = timex(text, "Monday", value="2024-11-25", interval=("2024-11-25", "2024-11-26"))
    event = only_event(text, monday)
    assert (event.relation, *interval(event)) == ("after", D("2024-11-26"), D("2024-11-30"))


def test_after_with_a_future_marker_reaches_past_publication() -> None:
    text = "Troops will leave after Monday."
    monday = timex(text, "Monday", value="2024-11-25", interval=("2024-11-25", "2024-11-26"))
    event = only_event(text, monday)
    assert interval(event) == (PUBLISHED, PUBLISHED + timedelta(days=7))


def test_since_a_year_runs_from_its_start_to_publication() -> None:
    text = "Fighting has continued since 2022."
    event = only_event(
        text, timex(text, "2022", value="2022", interval=("2022-01-01", "2023-01-01"))
    )
    assert (event.relation, *interval(event)) == ("after", D("2022-01-01"), D("2024-11-30"))


def test_by_a_month_includes_the_month() -> None:
    text = "Troops will leave by March."
    march = timex(text, "March", value="2025-03", interval=("2025-03-01", "2025-04-01"))
    assert interval(only_event(text, march)) == (PUBLISHED, D("2025-04-01"))


def test_present_ref_makes_a_low_confidence_event_on_the_publication_day() -> None:
    text = "The Finns and Swedes are now part of NATO."
    now = timex(text, "now", value="PRESENT_REF", interval=("2024-11-29", "2024-11-30"))
    event = only_event(text, now)
    assert interval(event) == (PUBLISHED, PUBLISHED + timedelta(days=1))
    assert event.confidence < 0.5
    assert event.what == "The Finns and Swedes are part of NATO"


def test_thousands_separator_does_not_cut_the_clause() -> None:
    text = "Since 2014, more than 10,000 people have died in the Donbas."
    year = timex(text, "2014", value="2014", interval=("2014-01-01", "2015-01-01"))
    assert only_event(text, year).what == "more than 10,000 people have died in the Donbas"


def test_future_marker_in_another_clause_does_not_extend_after() -> None:
    text = "Talks resumed after Monday, and troops will leave."
    monday = timex(text, "Monday", value="2024-11-25", interval=("2024-11-25", "2024-11-26"))
    assert only_event(text, monday).latest == PUBLISHED + timedelta(days=1)


def test_set_makes_no_event() -> None:
    text = "It pays 3 billion a year."
    assert extract_events(text, PUBLISHED, [timex(text, "a year", "SET", "P1Y")]) == []


def test_timex_inside_the_seed_dateline_makes_no_event() -> None:
    text = "date 2024-11-29 Johnson in Ukraine in 2022.\n\nHe spoke."
    header = timex(text, "2024-11-29", value="2024-11-29", interval=("2024-11-29", "2024-11-30"))
    year = timex(text, "2022", value="2022", interval=("2022-01-01", "2023-01-01"))
    events = extract_events(text, PUBLISHED, [header, year])
    assert [(e.timex_index, e.what) for e in events] == [(1, "Johnson in Ukraine")]


def test_timex_with_an_empty_interval_makes_no_event() -> None:
    text = "It happened in 2022."
    broken = timex(text, "2022", value="2022", interval=("2022-01-01", "2022-01-01"))
    assert extract_events(text, PUBLISHED, [broken]) == []


def test_title_line_is_its_own_sentence() -> None:
    text = "Johnson photographed in Ukraine in 2022\n\nJohnson said the war must end."
    year = timex(text, "2022", value="2022", interval=("2022-01-01", "2023-01-01"))
    event = only_event(text, year)
    assert (event.sentence_index, event.sentence) == (0, "Johnson photographed in Ukraine in 2022")


# --- the `what` text: transforms/events/clauses.py -----------------------------------------


def monday_event(text: str) -> Event:
    return only_event(
        text, timex(text, "Monday", value="2024-11-25", interval=("2024-11-25", "2024-11-26"))
    )


def test_reporting_frame_is_dropped_when_the_timex_is_in_the_reported_clause() -> None:
    assert monday_event("Kyiv confirmed the plant was hit on Monday.").what == "the plant was hit"


def test_reporting_frame_with_that_is_dropped() -> None:
    text = "Mr Johnson has said that the army left on Monday."
    assert monday_event(text).what == "the army left"


def test_reporting_verb_dated_by_the_timex_is_the_event() -> None:
    assert monday_event("Mr Johnson said on Monday that the war must end.").what == (
        "Mr Johnson said"
    )


def test_told_frame_skips_its_object() -> None:
    text = "Mr Johnson told the Telegraph the army left on Monday."
    assert monday_event(text).what == "the army left"


def test_leading_timex_clause_takes_the_main_clause() -> None:
    event = monday_event("On Monday, Russia struck the grid.")
    assert event.what == "Russia struck the grid"
    assert event.confidence < confidence("2024-11-25", None, None, "during", False)


def test_relative_clause_borrows_its_antecedent() -> None:
    assert monday_event("Mr Johnson, who visited Kyiv on Monday, spoke.").what == (
        "Mr Johnson visited Kyiv"
    )


def test_this_comes_as_frame_and_for_subject_to_verb_keep_the_real_event() -> None:
    text = "This comes as the world prepares for Donald Trump to take office in January."
    january = timex(text, "January", value="2025-01", interval=("2025-01-01", "2025-02-01"))
    assert only_event(text, january).what == "Donald Trump to take office"


def test_leading_conjunctions_and_quotes_are_trimmed() -> None:
    assert monday_event("He spoke, “and the army left on Monday.”").what == "the army left"


def test_what_is_cut_at_the_maximum_number_of_words() -> None:
    text = "The army " + "marched and " * 30 + "stopped on Monday."
    assert len(monday_event(text).what.split()) == cues.MAX_WHAT_WORDS


# --- arithmetic units ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "months", "days", "granularity"),
    [
        ("P2W", 0, 14, "week"),
        ("P1D", 0, 1, "day"),
        ("P1Y6M", 18, 0, "year"),
        ("PT5H", 0, 1, "time"),
        ("P1.5Y", 18, 0, "year"),
    ],
)
def test_parse_duration_reads_iso_periods(
    value: str, months: int, days: int, granularity: str
) -> None:
    assert parse_duration(value) == (months, days, granularity)


@pytest.mark.parametrize("value", ["PXW", "P", "P0D", "2024", ""])
def test_parse_duration_rejects_vague_or_empty_periods(value: str) -> None:
    assert parse_duration(value) is None


def test_month_arithmetic_clamps_to_the_end_of_a_shorter_month() -> None:
    assert shift(D("2024-03-31"), months=-1) == D("2024-02-29")


def test_shift_clamps_at_the_ends_of_the_calendar() -> None:
    assert shift(date.min, days=-5) == date.min
    assert shift(date.max, months=3) == date.max
    assert shift(date(9999, 11, 30), months=1) == date(9999, 12, 30)
    assert shift(date(1, 2, 1), months=-2) == date.min


def test_equal_or_less_is_read_like_less_than() -> None:
    day = parse_duration("P1D")
    assert day is not None
    reference = (PUBLISHED, PUBLISHED + timedelta(days=1))
    inclusive = relative_interval(reference, day, "EQUAL_OR_LESS", "earlier")
    assert inclusive == relative_interval(reference, day, "LESS_THAN", "earlier")


def test_before_bound_in_the_past_has_at_least_a_week_open_side() -> None:
    day = (D("2024-11-25"), D("2024-11-26"))
    assert bounded_interval("before", "start", day, PUBLISHED) == (D("2024-11-18"), D("2024-11-25"))


# --- confidence ----------------------------------------------------------------------------


def test_explicit_day_is_more_confident_than_a_year_than_a_present_reference() -> None:
    day = confidence("2024-11-25", "day", None, "during", False)
    year = confidence("2022", "year", None, "during", False)
    now = confidence("PRESENT_REF", "day", None, "during", False)
    assert 1 >= day > year > now > 0


def test_fuzzy_mods_and_relative_relations_lower_confidence() -> None:
    plain = confidence("P1D", "day", None, "during", False)
    fuzzy = confidence("P1D", "day", "LESS_THAN", "during", False)
    relative = confidence("P1D", "day", "LESS_THAN", "within", False)
    assert plain > fuzzy > relative


# --- tables ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "table",
    [
        cues.RELATIVE_CUES,
        cues.ORDINAL_CUES,
        cues.BOUNDARY_CUES,
        cues.REPORTING_VERBS,
        cues.CLAUSE_OPENERS,
        cues.LEADING_TRIM,
        cues.FUTURE_MARKERS,
        cues.CUE_GAP_WORDS,
        cues.OCCURRENCE_MODIFIERS,
        cues.RELATIVE_PRONOUNS,
        cues.REPORTING_AUXILIARIES,
    ],
)
def test_every_cue_entry_has_an_example_containing_its_words(table: dict) -> None:
    for key, entry in table.items():
        example = entry if isinstance(entry, str) else entry.example
        assert key.lower() in example.lower(), (key, example)


# --- the Polars frame ----------------------------------------------------------------------

ARTICLE = "Johnson visited Kyiv in 2022. Talks resumed after Monday."


def articles_frame() -> pl.DataFrame:
    return pl.DataFrame(
        {"id": ["a1", "a2"], "published": [PUBLISHED, PUBLISHED], "text": [ARTICLE, "No dates."]}
    )


def timexes_frame(indexes: list[int]) -> pl.DataFrame:
    year = timex(ARTICLE, "2022", value="2022", interval=("2022-01-01", "2023-01-01"))
    monday = timex(ARTICLE, "Monday", value="2024-11-25", interval=("2024-11-25", "2024-11-26"))
    rows = [
        {
            "article_id": "a1",
            "timex_index": index,
            **{k: getattr(t, k) for k in t.__dataclass_fields__},
        }
        for index, t in zip(indexes, [year, monday], strict=True)
    ]
    return pl.DataFrame(rows).with_columns(pl.col("timex_index", "start", "end").cast(pl.Int32))


def test_events_frame_has_exactly_the_event_columns_and_dtypes() -> None:
    frame = events_frame(articles_frame(), timexes_frame([0, 1]))
    assert frame.columns == list(EVENT_COLUMNS)
    assert frame.schema["earliest"] == pl.Date
    assert frame.schema["confidence"] == pl.Float64
    assert frame.schema["event_index"] == pl.Int32
    assert frame.schema["multi_day"] == pl.Boolean
    mine = frame.filter(pl.col("article_id") == "a1")
    assert {"visited", "resumed"} <= set(mine["trigger"].to_list())
    assert mine["event_index"].to_list() == list(range(mine.height))


def test_events_frame_keeps_the_timex_index_of_the_timexes_frame() -> None:
    frame = events_frame(articles_frame(), timexes_frame([3, 7]))
    dated = frame.filter(pl.col("timex_index").is_not_null())
    assert set(dated["timex_index"].to_list()) == {3, 7}
    in_2022 = dated.filter(pl.col("timex_text") == "2022").row(0, named=True)
    assert in_2022["timex_index"] == 3 and in_2022["earliest"] == date(2022, 1, 1)


def test_events_frame_without_timexes_still_has_the_mentions_undated_by_any_timex() -> None:
    empty_timexes = timexes_frame([0, 1]).filter(pl.lit(False))
    frame = events_frame(articles_frame(), empty_timexes)
    assert frame.columns == list(EVENT_COLUMNS)
    assert frame.schema["latest"] == pl.Date
    assert "visited" in frame["trigger"].to_list()
    assert frame["timex_index"].null_count() == frame.height


def test_frames_made_in_parallel_threads_equal_the_frame_made_in_one() -> None:
    from concurrent.futures import ThreadPoolExecutor

    from transforms.frames import analyse

    texts = [
        f"Talks {n} resumed on Monday after the ministers said they would meet again. "
        f"The army attacked the town in 2022, officials reported, and fighting continued."
        for n in range(24)
    ]
    articles = pl.DataFrame(
        {"id": [f"a{n}" for n in range(24)], "published": [PUBLISHED] * 24, "text": texts}
    )
    whole = analyse(articles)[1]
    with ThreadPoolExecutor(4) as pool:
        parts = list(pool.map(lambda n: analyse(articles.slice(n, 3))[1], range(0, 24, 3)))
    assert pl.concat(parts).equals(whole) and whole.height > 24 * 5


# --- properties ----------------------------------------------------------------------------

WORDS = st.sampled_from(
    [
        "after", "before", "since", "ago", "the", "second", "first", "in", "within", "of",
        "said", "that", "who", "Mr.", "Johnson", "attack", "winter", ",", ".", "\n\n", "“",
        "”", "for", "to", "will", "on", "This", "comes", "as", "date", "2024-11-29",
    ]
)  # fmt: skip


@st.composite
def article_with_timexes(draw: st.DrawFn) -> tuple[str, date, list[Timex]]:
    text = draw(st.one_of(st.text(max_size=200), st.lists(WORDS, max_size=40).map(" ".join)))
    published = draw(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
    timexes = []
    for _ in range(draw(st.integers(0, 5)) if text else 0):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        kind = draw(st.sampled_from(["DATE", "TIME", "DURATION", "SET"]))
        earliest = latest = None
        if kind in ("DATE", "TIME") and draw(st.booleans()):
            earliest = draw(st.dates(max_value=date.max - timedelta(days=4001)))
            latest = earliest + timedelta(days=draw(st.integers(1, 4000)))
        value = draw(
            st.sampled_from(
                ["P1D", "P2W", "P3M", "P1Y", "PT5H", "PXW", "P1000Y", "2022", "PRESENT_REF"]
            )
        )
        timexes.append(
            Timex(
                start=start,
                end=end,
                text=text[start:end],
                type=kind,
                value=value,
                mod=draw(st.sampled_from((None, *MODS))),
                earliest=earliest,
                latest=latest,
                granularity=draw(st.sampled_from([None, "day", "year", "season"])),
            )
        )
    return text, published, timexes


@settings(max_examples=300, deadline=None)
@given(article_with_timexes())
def test_arbitrary_text_and_timexes_give_well_formed_events(
    article: tuple[str, date, list[Timex]],
) -> None:
    text, published, timexes = article
    events = extract_events(text, published, timexes)
    for position, event in enumerate(events):
        assert event.event_index == position
        assert event.earliest < event.latest
        assert 0.0 <= event.confidence <= 1.0
        assert 0 <= event.timex_index < len(timexes)
        assert event.sentence in text
        assert event.relation in ("during", "before", "after", "within")
        assert event.what.strip() == event.what and event.what


def test_a_sentence_over_the_cap_is_read_as_the_stretch_around_each_timex() -> None:
    from transforms.events.extract import MAX_SENTENCE_CHARS
    from transforms.temporal import tag

    items = ", ".join(f"item {n} was sold" for n in range(200))
    text = f"The shop was opened in 2019, {items}, and it was closed in 2023."
    found = extract_events(text, PUBLISHED, tag(text, PUBLISHED))
    assert [e.timex_text for e in found] == ["2019", "2023"]
    for event in found:
        assert event.timex_text in event.sentence
        assert len(event.sentence) <= MAX_SENTENCE_CHARS
        assert event.sentence_index == 0
    assert found[0].sentence.startswith("The shop was opened in 2019")
    assert found[1].sentence.endswith("it was closed in 2023.")
