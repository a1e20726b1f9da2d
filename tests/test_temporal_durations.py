"""Durations: lengths, anchored spans, and look-alikes that are not durations."""

from __future__ import annotations

from datetime import date

from transforms.temporal import tag

PUBLISHED = date(2024, 11, 29)


def values(text: str, published: date = PUBLISHED) -> list[tuple[str, str, str | None]]:
    return [(t.text, t.value, t.mod) for t in tag(text, published)]


def test_less_than_two_weeks_becomes_P2W_less_than() -> None:
    assert values("the second attack in less than two weeks") == [
        ("less than two weeks", "P2W", "LESS_THAN")
    ]


def test_the_past_three_months_is_anchored_at_the_publication_date() -> None:
    (timex,) = tag("Sales rose in the past three months.", PUBLISHED)
    assert (timex.value, timex.type) == ("P3M", "DURATION")
    assert (timex.earliest, timex.latest) == (date(2024, 8, 29), date(2024, 11, 30))


def test_fraction_three_quarters_of_is_no_duration() -> None:
    assert values("Iraq imports about three-quarters of its food.") == []


def test_more_than_a_quarter_of_the_market_is_no_duration() -> None:
    assert values("Funds account for more than a quarter of the market.") == []


def test_quarters_of_a_named_year_are_still_read() -> None:
    assert values("The slump will last through the first two quarters of 1990.") == [
        ("the first two quarters of 1990", "1990-H1", None)
    ]


def test_the_first_nine_months_of_a_year_stays_a_duration() -> None:
    assert values("Profit rose in the first nine months of 1997.")[0][:2] == (
        "the first nine months",
        "P9M",
    )


def test_a_second_before_a_noun_is_an_ordinal() -> None:
    assert values("A second group of directors sold shares.") == []


def test_a_second_as_a_length_is_kept() -> None:
    assert values("It lasted a second or so.")[0][1] == "PT1S"


def test_ages_are_not_durations() -> None:
    assert values("U.S. Trust, a 136-year-old institution, agreed.") == []
    assert values("Mr. Reupke, 52 years old, resigned.") == []


def test_within_weeks_is_a_vague_duration() -> None:
    assert values("Troops will arrive within weeks.") == [("weeks", "PXW", None)]


def test_first_time_in_years() -> None:
    assert values("It grew for the first time in years.") == [("years", "PXY", None)]


def test_several_quarters_is_a_vague_number_of_quarters() -> None:
    assert values("It recently turned a profit after several quarters of losses.") == [
        ("recently", "PAST_REF", None),
        ("several quarters", "PXQ", None),
    ]
