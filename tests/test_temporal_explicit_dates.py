"""Explicit and year-less calendar dates: values and half-open intervals."""

from __future__ import annotations

from datetime import date

from transforms.temporal import tag

PUBLISHED = date(1998, 3, 5)


def only(text: str, published: date = PUBLISHED):
    found = tag(text, published)
    assert len(found) == 1, found
    return found[0]


def test_month_with_ordinal_word_day_is_a_date() -> None:
    sunday, timex = tag("The rally is this coming Sunday, March eighth.", PUBLISHED)
    assert (sunday.text, sunday.value) == ("this coming Sunday", "1998-03-08")
    assert (timex.text, timex.value) == ("March eighth", "1998-03-08")
    assert (timex.earliest, timex.latest) == (date(1998, 3, 8), date(1998, 3, 9))


def test_month_with_hyphenated_ordinal_day() -> None:
    assert only("It ends on April twenty-first.").value == "1998-04-21"


def test_last_february_written_in_february_is_the_year_before() -> None:
    timex = only("Two helicopters crashed last February.", date(1998, 2, 20))
    assert timex.value == "1997-02"
    assert (timex.earliest, timex.latest) == (date(1997, 2, 1), date(1997, 3, 1))


def test_next_march_written_in_march_is_the_year_after() -> None:
    assert only("The vote is due next March.").value == "1999-03"


def test_by_year_end_is_the_end_of_this_year() -> None:
    timex = only("The deal should close by year-end.", date(1989, 10, 27))
    assert (timex.text, timex.value, timex.mod) == ("year-end", "1989", "END")


def test_since_year_end_is_the_end_of_last_year() -> None:
    timex = only("The change is measured since year-end.", date(1989, 10, 27))
    assert (timex.value, timex.mod) == ("1988", "END")


def test_years_end_with_possessive() -> None:
    assert only("Rules should be in place by year's end.", date(1989, 10, 27)).value == "1989"


def test_later_in_the_day_is_the_publication_day() -> None:
    timex = only("He arrived in Philadelphia later in the day.")
    assert (timex.text, timex.value) == ("the day", "1998-03-05")


def test_in_the_morning_is_on_the_last_day_mentioned() -> None:
    found = tag("Hopes were dashed Friday. Dealers placed orders in the morning.", PUBLISHED)
    assert [(t.text, t.value) for t in found] == [
        ("Friday", "1998-02-27"),
        ("the morning", "1998-02-27TMO"),
    ]


def test_last_february_written_in_march_is_the_year_before() -> None:
    assert only("Two helicopters crashed last February.", date(1998, 3, 1)).value == "1997-02"


def test_a_tenseless_day_half_a_year_away_leans_to_the_past() -> None:
    text = "The index is within 70 points of its record high set on Aug. 6."
    assert only(text, date(1998, 2, 6)).value == "1997-08-06"


def test_a_number_ending_a_name_is_no_year() -> None:
    assert tag("They set up a joint venture called Orion 1980, making rockets.", PUBLISHED) == []
    assert only("The venture was set up in 1980.").value == "1980"


def test_years_before_christ_are_not_tagged_as_common_era_years() -> None:
    texts = [
        t.text
        for t in tag("Ramses governed Egypt to 1345 B.C. and again in 1340 BC.", date(2006, 1, 1))
    ]
    assert "1345" not in texts and "1340" not in texts
