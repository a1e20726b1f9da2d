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
