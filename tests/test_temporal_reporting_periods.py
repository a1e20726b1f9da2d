"""Earnings-report periods: the reporting quarter and the comparisons made against it."""

from __future__ import annotations

from datetime import date

from transforms.temporal import tag

PUBLISHED = date(1989, 11, 1)


def values(text: str, published: date = PUBLISHED) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in tag(text, published)]


def test_year_ago_period_compares_with_the_leads_quarter_not_a_later_aside() -> None:
    text = (
        "The company posted a 20% gain in third-quarter net income. After a flat second "
        "quarter, results improved. Charges were taken in the year-earlier period."
    )
    assert values(text)[-1] == ("the year-earlier period", "1988-Q3")


def test_an_outlook_quarter_is_not_the_reporting_quarter() -> None:
    text = (
        "The company expects losses through the third quarter of 1990. "
        "In the year-ago period, it earned $101.4 million."
    )
    assert values(text, date(1989, 10, 26))[-1] == ("the year-ago period", "1988-Q3")


def test_a_year_earlier_after_nine_months_compares_whole_years() -> None:
    text = (
        "Third-quarter net rose 5%. For the nine months, losses totaled $212 million, "
        "compared with net income of $48.7 million a year earlier."
    )
    assert values(text)[-1] == ("a year earlier", "1988")


def test_a_named_period_after_nine_months_is_that_year() -> None:
    text = (
        "In the first nine months, net was $306 million, up from $195 million in the 1988 period."
    )
    assert values(text)[-1] == ("the 1988 period", "1988")


def test_a_year_ago_after_a_quarter_stays_a_quarter() -> None:
    text = "Third-quarter net rose to $87 million from $58 million a year ago."
    assert values(text)[-1] == ("a year ago", "1988-Q3")


def test_last_years_quarter_is_the_reporting_quarter_a_year_back() -> None:
    text = "Third-quarter sales fell. U.K. sales for last year's quarter were about $3 million."
    assert values(text)[-1] == ("last year's quarter", "1988-Q3")
