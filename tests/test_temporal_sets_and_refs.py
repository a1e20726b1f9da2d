"""SETs (recurring times) and vague references, and words that only look like them."""

from __future__ import annotations

from datetime import date

from transforms.temporal import tag

PUBLISHED = date(1998, 2, 13)


def values(text: str) -> list[tuple[str, str, str]]:
    return [(t.text, t.type, t.value) for t in tag(text, PUBLISHED)]


def test_tuesday_nights_is_a_weekly_set_at_night() -> None:
    assert values("Flights leave on Tuesday nights.") == [
        ("Tuesday nights", "SET", "XXXX-WXX-2TNI")
    ]


def test_monday_and_tuesday_nights_are_two_sets() -> None:
    assert values("Flights leave on Monday and Tuesday nights.") == [
        ("Monday", "SET", "XXXX-WXX-1TNI"),
        ("Tuesday nights", "SET", "XXXX-WXX-2TNI"),
    ]


def test_every_tuesday_is_a_weekly_set() -> None:
    assert values("They meet every Tuesday.") == [("every Tuesday", "SET", "XXXX-WXX-2")]


def test_as_soon_as_is_a_conjunction_not_a_timex() -> None:
    assert values("Buyers came as soon as trading opened.") == []


def test_as_soon_as_possible_is_future_ref() -> None:
    assert values("We will leave as soon as possible.") == [
        ("as soon as possible", "DATE", "FUTURE_REF")
    ]


def test_soon_after_is_no_timex() -> None:
    assert values("He was killed soon after being captured.") == []


def test_soon_alone_is_future_ref() -> None:
    assert values("The budget will soon be in surplus.") == [("soon", "DATE", "FUTURE_REF")]


def test_the_future_of_a_thing_is_no_timex() -> None:
    assert values("That is important to the future of our peoples.") == []


def test_title_this_week_is_a_show_not_a_week() -> None:
    assert values('Baker, speaking on ABC News\' "This Week," said so.') == []


def test_this_week_in_prose_is_a_week() -> None:
    assert values("Talks resume this week.") == [("this week", "DATE", "1998-W07")]


def test_more_recently_is_one_past_reference() -> None:
    assert values("More recently it has followed the militias.") == [
        ("More recently", "DATE", "PAST_REF")
    ]


def test_recent_weeks_and_months_is_one_past_reference() -> None:
    assert values("Many funds in recent weeks and months have been selling.") == [
        ("recent weeks and months", "DATE", "PAST_REF")
    ]


def test_then_current_is_a_past_reference() -> None:
    assert values("Holders may buy shares at 50% of the then current market price.") == [
        ("then current", "DATE", "PAST_REF")
    ]


def test_the_people_of_tomorrow_is_no_day() -> None:
    assert values("If I were choosing the people of tomorrow, I would choose them.") == []
    assert values("The board meets tomorrow.") == [("tomorrow", "DATE", "1998-02-14")]
