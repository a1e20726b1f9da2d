"""When each event happened: one behaviour test per way an interval is anchored (a timex and its
preposition, a governing clause, a reporting verb, tense and aspect, the story's reference
time), properties that hold on any text, and floors on the Event-Time dev scores."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SHARED, TIMEBANK
from transforms.evaluation import read_timeml_paths
from transforms.evaluation.event_time_scoring import (
    GoldEvent,
    Predicted,
    answer_range,
    read_labels,
    score_event_times,
)
from transforms.events.mentions import Mention, find_mentions
from transforms.events.timing import Anchor, EventTime, Relation, WhenRelative, time_events
from transforms.temporal import tag

PUBLISHED = date(2024, 11, 29)
NEXT_DAY = PUBLISHED + timedelta(days=1)
EVENT_TIMES = SHARED / "data" / "eventtime" / "event-times.dev.tab"
DEV_DOCS = (
    "APW19980227.0487",
    "CNN19980223.1130.0960",
    "NYT19980212.0019",
    "PRI19980216.2000.0170",
    "ed980111.1130.0089",
)

ALL_STRICT_FLOOR = 0.39
"""Strict accuracy on the 27 train + dev documents (measured 39.7%), less a margin."""
ALL_RELAXED_FLOOR = 0.885
"""Relaxed accuracy on the 27 documents (measured 90.2%)."""
DEV_STRICT_FLOOR = 0.36
"""Strict accuracy on the 5 dev documents (measured 36.9%; 141 events, one event is 0.7)."""
DEV_RELAXED_FLOOR = 0.82
"""Relaxed accuracy on the 5 dev documents (measured 82.3%)."""
COVERAGE_FLOOR = 0.95


def _times(text: str) -> dict[str, EventTime]:
    mentions = find_mentions(text)
    times = time_events(text, PUBLISHED, mentions, tag(text, PUBLISHED))
    return {m.text: t for m, t in zip(mentions, times, strict=True)}


def test_timex_in_the_clause_dates_the_event() -> None:
    closed = _times("The plant closed in October.")["closed"]
    assert (closed.earliest, closed.latest) == (date(2024, 10, 1), date(2024, 11, 1))
    assert closed.anchor is Anchor.TIMEX and closed.relation is Relation.DURING
    assert closed.anchor_text == "October"
    assert not closed.multi_day


def test_before_a_date_ends_the_event_when_the_date_begins() -> None:
    closed = _times("The plant closed before March.")["closed"]
    assert (closed.earliest, closed.latest) == (None, date(2024, 3, 1))
    assert closed.relation is Relation.BEFORE


def test_after_a_date_starts_the_event_when_the_date_ends() -> None:
    resumed = _times("Talks resumed after 2022.")["resumed"]
    assert resumed.earliest == date(2023, 1, 1)
    assert resumed.latest == NEXT_DAY  # past tense: by publication
    assert resumed.relation is Relation.AFTER


def test_since_a_date_starts_the_event_when_the_date_begins() -> None:
    continued = _times("Fighting has continued since 2022.")["continued"]
    assert continued.earliest == date(2022, 1, 1)
    assert continued.latest == NEXT_DAY  # present perfect: asserted up to publication


def test_subordinate_clause_after_a_date_is_not_dated_by_it() -> None:
    times = _times("The question goes to a referendum next year after delegates voted for it.")
    assert times["referendum"].earliest == date(2025, 1, 1)
    assert (times["voted"].earliest, times["voted"].latest) == (None, NEXT_DAY)


def test_future_event_is_not_dated_by_a_past_year() -> None:
    close = _times("In 1996 the company will close the plant.")["close"]
    assert (close.earliest, close.latest) == (PUBLISHED, None)


def test_future_date_after_an_infinitive_dates_it_and_not_the_present_verb_before() -> None:
    times = _times("The world prepares for Donald Trump to take office in January.")
    take, prepares = times["take"], times["prepares"]
    assert (take.earliest, take.latest) == (date(2025, 1, 1), date(2025, 2, 1))
    assert prepares.anchor is not Anchor.TIMEX
    assert prepares.earliest is None or prepares.earliest <= PUBLISHED


def test_past_verb_keeps_a_date_after_its_infinitive() -> None:
    led = _times("The demand for workers led employers to raise wages last month.")["led"]
    assert (led.earliest, led.latest) == (date(2024, 10, 1), date(2024, 11, 1))


def test_past_event_this_week_happened_by_publication() -> None:
    met = _times("Agents met this week.")["met"]
    assert (met.earliest, met.latest) == (date(2024, 11, 25), NEXT_DAY)


def test_future_event_this_year_happens_from_publication_on() -> None:
    rise = _times("Prices will rise this year.")["rise"]
    assert (rise.earliest, rise.latest) == (PUBLISHED, date(2025, 1, 1))


def test_now_is_no_date_a_present_state_goes_on_at_publication() -> None:
    controls = _times("Iraq now controls 20 percent of the oil.")["controls"]
    assert controls.relation is Relation.INCLUDES and controls.multi_day
    assert controls.end_earliest == PUBLISHED and controls.end_latest is None


def test_date_modifying_a_noun_dates_it_whatever_preposition_comes_before() -> None:
    times = _times("He rejected the treaty in talks following the August 1988 cease-fire.")
    assert (times["cease-fire"].earliest, times["cease-fire"].latest) == (
        date(1988, 8, 1),
        date(1988, 9, 1),
    )


def test_fronted_date_dates_the_clause_after_it() -> None:
    kidnapped = _times("In March 1996, rebels kidnapped a British expert.")["kidnapped"]
    assert (kidnapped.earliest, kidnapped.latest) == (date(1996, 3, 1), date(1996, 4, 1))


def test_date_of_a_report_does_not_date_what_it_reports() -> None:
    times = _times("Police said on Friday the suspect had fled.")
    assert times["said"].anchor_text == "Friday"
    assert times["fled"].anchor is Anchor.GOVERNING


def test_reported_past_event_ends_before_the_report() -> None:
    times = _times("Police said on Friday the suspect had fled.")
    said, fled = times["said"], times["fled"]
    assert fled.earliest is None
    assert fled.latest == said.latest
    assert fled.relation is Relation.BEFORE and fled.anchor_text == "said"


def test_past_event_before_its_attribution_happened_on_the_day_of_the_report() -> None:
    fled = _times("The men fled the store, police said.")["fled"]
    assert (fled.earliest, fled.latest) == (PUBLISHED, NEXT_DAY)
    assert fled.anchor is Anchor.GOVERNING and fled.anchor_text == "said"


def test_past_event_reported_by_a_dated_report_happened_on_the_report_day() -> None:
    times = _times("Police said on Thursday the men took no money.")
    thursday = PUBLISHED - timedelta(days=1)
    assert (times["took"].earliest, times["took"].latest) == (thursday, PUBLISHED)
    assert times["took"].relation is Relation.DURING


def test_present_perfect_reported_by_a_dated_report_happened_on_the_report_day() -> None:
    allocated = _times("Police said on Thursday the mayor has allocated funds.")["allocated"]
    assert (allocated.earliest, allocated.latest) == (PUBLISHED - timedelta(days=1), PUBLISHED)


def test_past_event_an_undated_report_introduces_only_ends_by_the_report() -> None:
    turned = _times("She said she turned to her rabbi.")["turned"]
    assert (turned.earliest, turned.latest) == (None, NEXT_DAY)
    assert turned.relation is Relation.BEFORE


def test_past_perfect_a_dated_report_introduces_still_ends_before_it() -> None:
    fled = _times("Police said Thursday the suspect had fled.")["fled"]
    assert (fled.earliest, fled.latest) == (None, PUBLISHED)


def test_event_noun_of_a_reported_event_is_not_the_news_of_the_day() -> None:
    times = _times("The men took no money in the attack, police said.")
    assert (times["took"].earliest, times["took"].latest) == (PUBLISHED, NEXT_DAY)
    assert (times["attack"].earliest, times["attack"].latest) == (None, NEXT_DAY)


def test_reporting_verb_of_wire_copy_is_the_publication_day() -> None:
    said = _times("Officials said the talks would resume.")["said"]
    assert (said.earliest, said.latest) == (PUBLISHED, NEXT_DAY)
    assert said.anchor is Anchor.REPORTING


def test_decision_narrated_in_a_story_set_in_the_past_only_ends_by_publication() -> None:
    times = _times("Rebels seized the town in 1996. Their leader decided to stay.")
    assert (times["decided"].earliest, times["decided"].latest) == (None, NEXT_DAY)
    assert times["stay"].latest == NEXT_DAY


def test_what_a_report_says_would_happen_lies_after_the_report() -> None:
    resume = _times("Officials said the talks would resume.")["resume"]
    assert (resume.earliest, resume.latest) == (PUBLISHED, None)
    assert resume.anchor is Anchor.GOVERNING and resume.relation is Relation.AFTER


def test_infinitive_complement_lies_after_the_decision() -> None:
    times = _times("The government decided to close the plant.")
    assert times["close"].earliest == times["decided"].earliest
    assert times["close"].latest is None


def test_complement_of_an_implicative_verb_happens_when_the_verb_does() -> None:
    times = _times("On Thursday rescuers tried to reach the village.")
    thursday = PUBLISHED - timedelta(days=1)
    assert (times["reach"].earliest, times["reach"].latest) == (thursday, PUBLISHED)
    assert times["reach"].relation is Relation.DURING and times["reach"].anchor_text == "tried"


def test_complement_of_a_declining_is_on_the_day_of_the_declining() -> None:
    discuss = _times("The minister declined to discuss details.")["discuss"]
    assert (discuss.earliest, discuss.latest) == (PUBLISHED, NEXT_DAY)


def test_event_noun_an_intention_asks_for_lies_after_it() -> None:
    withdrawal = _times("Libya called for a withdrawal of U.S. forces.")["withdrawal"]
    assert (withdrawal.earliest, withdrawal.latest) == (PUBLISHED, None)


@pytest.mark.xfail(
    strict=True,
    reason="the models retrained without the 9 held-out Event-Time documents label 'claimed' "
    "REPORTING here, so the bombing is read as reported, on the publication day",
)
def test_definite_event_noun_under_an_intention_has_already_happened() -> None:
    bombing = _times("The group claimed responsibility for the bombing.")["bombing"]
    assert (bombing.earliest, bombing.latest) == (None, NEXT_DAY)


def test_future_tense_starts_on_or_after_publication_and_reads_as_future() -> None:
    launch = _times("Russia will launch an attack on the grid.")["launch"]
    assert (launch.earliest, launch.latest) == (PUBLISHED, None)
    assert launch.anchor is Anchor.TENSE
    assert launch.when_relative(PUBLISHED) is WhenRelative.FUTURE


def test_event_noun_follows_the_time_of_its_clause() -> None:
    attack = _times("Russia will launch an attack on the grid.")["attack"]
    assert (attack.earliest, attack.latest) == (PUBLISHED, None)


def test_past_tense_without_a_date_ends_by_publication() -> None:
    collapsed = _times("The bridge collapsed.")["collapsed"]
    assert (collapsed.earliest, collapsed.latest) == (None, NEXT_DAY)
    assert collapsed.anchor is Anchor.TENSE and collapsed.relation is Relation.BEFORE


def test_progressive_is_a_multi_day_event_going_on_at_publication() -> None:
    protesting = _times("Workers are protesting outside the plant.")["protesting"]
    assert protesting.multi_day and protesting.relation is Relation.INCLUDES
    assert protesting.begin_latest == NEXT_DAY
    assert protesting.end_earliest == PUBLISHED and protesting.end_latest is None
    assert protesting.latest == NEXT_DAY


def test_state_over_a_month_begins_and_ends_inside_it() -> None:
    remained = _times("The unemployment rate remained at 4.7 percent last month.")["remained"]
    assert remained.multi_day
    assert (remained.begin_earliest, remained.end_latest) == (date(2024, 10, 1), date(2024, 11, 1))


def test_past_event_of_a_story_set_today_happened_on_the_publication_day() -> None:
    cheered = _times("The minister resigned today. Protesters cheered outside.")["cheered"]
    assert (cheered.earliest, cheered.latest) == (PUBLISHED, NEXT_DAY)
    assert cheered.anchor is Anchor.STORY and cheered.anchor_text == "today"


def test_past_event_of_a_story_set_in_another_year_only_ends_by_publication() -> None:
    cheered = _times("The minister resigned in 1996. Protesters cheered outside.")["cheered"]
    assert (cheered.earliest, cheered.latest) == (None, NEXT_DAY)


def test_undated_past_event_of_wire_copy_is_the_news_of_the_day() -> None:
    rose = _times("WASHINGTON _ Stocks rose sharply.")["rose"]
    assert (rose.earliest, rose.latest) == (PUBLISHED, NEXT_DAY)
    assert rose.anchor is Anchor.STORY


def test_past_perfect_after_a_dated_sentence_ends_before_the_storys_date() -> None:
    killed = _times("Rebels kidnapped the expert in March 1996. They had killed his guide.")[
        "killed"
    ]
    assert killed.anchor is Anchor.STORY and killed.anchor_text == "March 1996"
    assert (killed.earliest, killed.latest) == (None, date(1996, 4, 1))


def test_possessive_date_dates_its_noun_not_the_report() -> None:
    times = _times("Police said last month's explosion killed two.")
    assert (times["explosion"].earliest, times["explosion"].latest) == (
        date(2024, 10, 1),
        date(2024, 11, 1),
    )
    assert times["said"].anchor is Anchor.REPORTING


def test_year_between_a_determiner_and_a_noun_dates_that_noun_only() -> None:
    times = _times("Keating lost his 1996 campaign for re-election.")
    assert times["campaign"].earliest == date(1996, 1, 1)
    assert times["lost"].anchor is not Anchor.TIMEX


def test_definite_event_noun_takes_the_date_of_its_earlier_dated_mention() -> None:
    text = "Iraq began the invasion on Aug. 2. Prices rose sharply. The invasion shocked markets."
    mentions = find_mentions(text)
    times = time_events(text, PUBLISHED, mentions, tag(text, PUBLISHED))
    first, second = [t for m, t in zip(mentions, times, strict=True) if m.text == "invasion"]
    assert (second.earliest, second.latest) == (first.earliest, first.latest)
    assert second.anchor is Anchor.STORY and second.anchor_text == "Aug. 2"


def test_past_verb_naming_an_earlier_dated_event_again_takes_its_date() -> None:
    text = "Guerrillas captured the engineer on March 26, 1996. At the time he was captured, they"
    mentions = find_mentions(text)
    times = time_events(text, PUBLISHED, mentions, tag(text, PUBLISHED))
    again = [t for m, t in zip(mentions, times, strict=True) if m.text == "captured"][1]
    assert (again.earliest, again.latest) == (date(1996, 3, 26), date(1996, 3, 27))
    assert again.anchor_text == "March 26, 1996"


def test_light_verb_does_not_take_the_date_of_an_earlier_mention() -> None:
    text = "The minister went to Paris on Monday. Later the plane went down."
    mentions = find_mentions(text)
    times = time_events(text, PUBLISHED, mentions, tag(text, PUBLISHED))
    again = [t for m, t in zip(mentions, times, strict=True) if m.text == "went"][1]
    assert (again.earliest, again.latest) == (None, NEXT_DAY)


def test_event_noun_with_nothing_to_date_it_ends_by_publication() -> None:
    crisis = _times("A crisis.")["crisis"]
    assert (crisis.earliest, crisis.latest) == (None, NEXT_DAY)
    assert crisis.anchor is Anchor.PUBLICATION


def test_an_anchor_from_a_timex_is_more_confident_than_one_from_tense() -> None:
    times = _times("The plant closed in October. The bridge collapsed.")
    assert times["closed"].confidence > times["collapsed"].confidence


def test_the_last_representable_publication_day_leaves_the_later_side_open() -> None:
    text = "Officials said the talks would resume."
    mentions = find_mentions(text)
    times = time_events(text, date.max, mentions, tag(text, date.max))
    assert len(times) == len(mentions)
    assert all(t.latest is None or t.earliest is None or t.earliest < t.latest for t in times)


def test_no_mentions_give_no_times() -> None:
    assert time_events("Nothing here.", PUBLISHED, [], []) == []


_WORDS = (
    "said will would had has been is are was the plant closed attack talks resume in on before "
    "after since until October March 1996 Friday last month next year yesterday today , . ; "
    "to decided hope protesting remained election officials police killed"
).split()


def _check(text: str, mentions: list[Mention], times: list[EventTime]) -> None:
    assert len(times) == len(mentions)
    for t in times:
        if t.earliest is not None and t.latest is not None:
            assert t.earliest < t.latest, (text, t)
        if t.begin_earliest is not None and t.begin_latest is not None:
            assert t.begin_earliest < t.begin_latest, (text, t)
        if t.end_earliest is not None and t.end_latest is not None:
            assert t.end_earliest < t.end_latest, (text, t)
        assert 0.0 < t.confidence <= 1.0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=40), st.dates())
def test_news_like_word_salad_gives_one_valid_interval_per_mention(
    words: list[str], published: date
) -> None:
    text = " ".join(words)
    mentions = find_mentions(text)
    _check(text, mentions, time_events(text, published, mentions, tag(text, published)))


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_never_crashes_and_gives_one_interval_per_mention(text: str) -> None:
    mentions = find_mentions(text)
    _check(text, mentions, time_events(text, PUBLISHED, mentions, tag(text, PUBLISHED)))


@pytest.fixture(scope="module")
def dev_scores(shared) -> dict[str, dict]:
    """Event-Time scores of the shipped mentions and anchoring on the 27 train + dev documents
    and on the 5 dev documents."""
    from transforms.events.mentions import mention_records

    labels = read_labels(str(EVENT_TIMES))
    gold, predicted = {}, {}
    for doc in read_timeml_paths([TIMEBANK / f"{d}.tml" for d in sorted(labels)]):
        dct = date.fromisoformat(doc.dct[:10])
        gold[doc.doc_id] = (
            dct,
            [
                GoldEvent(eid, e.start, e.end, doc.text[e.start : e.end], e.tense)
                for e, eid in zip(doc.events, doc.event_ids, strict=True)
            ],
        )
        predicted[doc.doc_id] = [
            Predicted(
                r["start"],
                r["end"],
                answer_range(
                    date.fromisoformat(r["earliest"]) if r["earliest"] else None,
                    date.fromisoformat(r["latest"]) if r["latest"] else None,
                ),
            )
            for r in mention_records(doc.text, dct)
        ]
    dev = {d: labels[d] for d in DEV_DOCS}
    return {
        "all": score_event_times(labels, gold, predicted),
        "dev": score_event_times(dev, gold, predicted),
    }


def test_event_times_keep_their_accuracy_on_the_event_time_documents(dev_scores) -> None:
    scores = dev_scores["all"]
    assert scores["coverage"]["rate_matched"] >= COVERAGE_FLOOR
    overall = scores["all_events"]["prediction (unanswered = wrong)"]
    assert overall["strict"] >= ALL_STRICT_FLOOR
    assert overall["relaxed"] >= ALL_RELAXED_FLOOR
    baseline = scores["all_events"]["baseline DCT"]
    assert overall["strict"] > baseline["strict"] and overall["relaxed"] > baseline["relaxed"]


def test_event_times_keep_their_accuracy_on_the_dev_documents(dev_scores) -> None:
    overall = dev_scores["dev"]["all_events"]["prediction (unanswered = wrong)"]
    assert overall["strict"] >= DEV_STRICT_FLOOR
    assert overall["relaxed"] >= DEV_RELAXED_FLOOR


def test_aspectual_verb_shares_the_date_of_the_event_noun_it_governs() -> None:
    times = _times("Russia launched an attack on the grid last week.")
    last_week = (date(2024, 11, 18), date(2024, 11, 25))
    assert (times["attack"].earliest, times["attack"].latest) == last_week
    assert (times["launched"].earliest, times["launched"].latest) == last_week
    assert times["launched"].anchor is Anchor.TIMEX


def test_perception_verb_shares_the_date_of_what_was_seen() -> None:
    saw = _times("Witnesses saw the explosion on Monday.")["saw"]
    assert (saw.earliest, saw.latest) == (date(2024, 11, 25), date(2024, 11, 26))


def test_a_promise_keeps_its_own_day_while_what_it_promises_takes_the_later_date() -> None:
    times = _times("The minister promised a decision next week.")
    assert times["decision"].earliest == date(2024, 12, 2)
    assert times["promised"].latest is not None and times["promised"].latest <= NEXT_DAY


def _hand_mentions(text: str, marks: list[tuple[str, str, str]]) -> list[Mention]:
    """Mentions of `text` with the class and tense given by hand, so that a rule is tested
    apart from what the models say."""
    out = []
    for word, event_class, tense in marks:
        start = text.index(word)
        out.append(Mention(start, start + len(word), word, event_class, tense, "NONE", "POS", ""))
    return out


def test_a_participle_governs_no_finite_verb_after_it() -> None:
    from transforms.events.discourse import read_discourse

    text = "The ceasefire, agreed in October, is holding."
    mentions = _hand_mentions(
        text, [("agreed", "I_ACTION", "PASTPART"), ("holding", "STATE", "PRESENT")]
    )
    placed = read_discourse(text, mentions, tag(text, PUBLISHED)).placed
    assert placed[1].governor is None


def test_present_tense_under_a_past_governor_still_holds_at_publication() -> None:
    text = "The ceasefire, agreed in October, is holding."
    mentions = _hand_mentions(
        text, [("agreed", "I_ACTION", "PAST"), ("holding", "STATE", "PRESENT")]
    )
    holding = time_events(text, PUBLISHED, mentions, tag(text, PUBLISHED))[1]
    assert holding.begin_latest == NEXT_DAY and holding.end_earliest == PUBLISHED
    assert holding.when_relative(PUBLISHED) is WhenRelative.PRESENT


def test_a_verb_coordinated_with_a_dated_verb_shares_its_date() -> None:
    times = _times("Troops entered the city on Monday and seized the airport.")
    monday = (date(2024, 11, 25), date(2024, 11, 26))
    assert (times["seized"].earliest, times["seized"].latest) == monday


def test_a_coordinated_verb_in_another_tense_keeps_its_own_time() -> None:
    leave = _times("Troops entered the city on Monday and will leave soon.")["leave"]
    assert leave.earliest == PUBLISHED and leave.latest is None


def test_an_event_noun_in_apposition_renames_the_dated_event_before_it() -> None:
    times = _times("The bank cut rates on Monday, a move that surprised markets.")
    monday = (date(2024, 11, 25), date(2024, 11, 26))
    assert (times["move"].earliest, times["move"].latest) == monday
    assert times["move"].anchor is Anchor.TIMEX


def test_the_verb_a_relative_expression_names_happened_within_it() -> None:
    spoke = _times("The comments come less than a day after Sir Keir Starmer spoke to Zelenskyy.")[
        "spoke"
    ]
    assert (spoke.earliest, spoke.latest) == (PUBLISHED - timedelta(days=1), NEXT_DAY)
    assert (spoke.anchor, spoke.relation) == (Anchor.TIMEX, Relation.WITHIN)
    assert spoke.anchor_text == "less than a day"


def test_definite_event_noun_takes_the_date_of_the_verb_that_names_it_earlier() -> None:
    times = _times(
        "Iraq invaded Kuwait on Aug. 2. Iran condemned the invasion and warned of more trouble."
    )
    invasion = times["invasion"]
    assert (invasion.earliest, invasion.latest) == (date(2024, 8, 2), date(2024, 8, 3))
    assert invasion.anchor_text == "Aug. 2"


def test_simple_past_verb_takes_the_date_of_its_earlier_dated_mention() -> None:
    times = _times(
        "The expert was captured on March 26, 1996. Police believe he died soon after he was "
        "captured by the guerrillas."
    )
    later = times["captured"]  # the last of the two mentions
    assert (later.earliest, later.latest) == (date(1996, 3, 26), date(1996, 3, 27))
    assert later.anchor_text == "March 26, 1996"


def test_date_after_a_participle_clause_dates_the_participle_not_the_main_verb() -> None:
    times = _times("The ministers discussed the treaty signed in 1990.")
    assert (times["signed"].earliest, times["signed"].latest) == (
        date(1990, 1, 1),
        date(1991, 1, 1),
    )
    assert times["discussed"].anchor is not Anchor.TIMEX
    assert times["discussed"].latest == NEXT_DAY


def test_date_after_a_passive_verb_still_dates_that_verb() -> None:
    signed = _times("The treaty was signed in 1990.")["signed"]
    assert (signed.earliest, signed.latest) == (date(1990, 1, 1), date(1991, 1, 1))
    assert signed.anchor is Anchor.TIMEX
