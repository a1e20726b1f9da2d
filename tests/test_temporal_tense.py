"""Tense cues choose the direction of weekdays and year-less months and days."""

from __future__ import annotations

from datetime import date

from transforms.temporal import tag
from transforms.temporal.tense import tense_at

FRIDAY = date(1989, 10, 27)


def only(text: str, published: date = FRIDAY, phrase: str | None = None):
    found = [t for t in tag(text, published) if phrase is None or t.text == phrase]
    assert len(found) == 1, found
    return found[0]


def test_said_on_tuesday_points_to_previous_tuesday() -> None:
    assert only("The company said on Tuesday that it would sell.").value == "1989-10-24"


def test_will_meet_on_tuesday_points_to_next_tuesday() -> None:
    assert only("The board will meet on Tuesday.").value == "1989-10-31"


def test_takes_office_in_january_in_november_is_next_january() -> None:
    assert only("She takes office in January.", date(2024, 11, 29)).value == "2025-01"


def test_plan_after_a_determiner_is_a_noun_not_a_future_cue() -> None:
    timex = only("The thrift announced the plan Aug. 21.", phrase="Aug. 21")
    assert timex.value == "1989-08-21"


def test_effective_points_forward() -> None:
    assert only("It named a new chairman, effective Feb. 1.").value == "1990-02-01"


def test_to_be_published_is_future_despite_the_participle() -> None:
    text = "He added that guidelines to be published in early November will decide."
    assert only(text, phrase="early November").value == "1989-11"


def test_is_to_resume_trading_tuesday_is_future() -> None:
    assert only("The stock is to resume trading in Paris Tuesday.").value == "1989-10-31"


def test_set_without_to_is_no_future_cue() -> None:
    text = "The index is within 70 points of its record high set on Aug. 6."
    start = text.index("Aug. 6")
    assert tense_at(text, start, start + 6) is None


def test_set_to_is_a_future_cue() -> None:
    text = "The panel is set to vote on Aug. 6."
    start = text.index("Aug. 6")
    assert tense_at(text, start, start + 6) == "future"


def test_present_perfect_points_back() -> None:
    text = "Oil prices have come down from the middle of October."
    assert only(text, date(1998, 2, 23)).value == "1997-10"


def test_has_to_is_no_perfect_tense() -> None:
    text = "The agency has to decide in March."
    start = text.index("March")
    assert tense_at(text, start, start + 5) is None


def test_will_far_back_in_the_sentence_still_points_forward() -> None:
    text = (
        "Colonel Eileen Collins will be named commander of the Space Shuttle Columbia "
        "for a mission in December."
    )
    assert only(text, date(1998, 3, 4)).value == "1998-12"


def test_said_far_from_a_nearer_future_cue_does_not_win() -> None:
    text = "The company said it expects to release results in mid-November."
    assert only(text).value == "1989-11"


def test_ahead_of_the_weekend_is_the_coming_weekend() -> None:
    timex = only("Traders had chosen to square positions ahead of the weekend.")
    assert timex.value == "1989-W43-WE"
    assert only("Traders squared positions ahead of the weekend.", date(1989, 10, 26)).value == (
        "1989-W43-WE"
    )


def test_a_future_auxiliary_far_back_in_a_sentence_without_full_stops_still_counts() -> None:
    items = ", ".join(f"item {n}" for n in range(2000))
    text = f"The shop will sell {items} and many more in December"
    assert tense_at(text, text.index("December"), len(text)) == "future"
    assert only(text, phrase="December").value == "1989-12"
