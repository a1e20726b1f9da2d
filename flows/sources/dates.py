"""Publication dates: turn what a source wrote into a calendar date, or a reason why not.

Only the article's own publication date is handled here (not dates mentioned in the text;
those belong to transforms/temporal). A timestamp with an offset keeps the date in that offset:
`2024-11-29T23:30:00-05:00` was published on 2024-11-29 where it was written.

Nothing is guessed: a date whose reading depends on a convention the value does not state is a
reject with its reason, never a silent pick.

- The year must be written with four digits and must be the year the parser found (RSS's
  placeholder `Mon, 01 Jan 0001 00:00:00 GMT` is not read as 2001; `01/02/03` is refused).
- Signed years (`-2024-01-01`) and years before `MIN_YEAR` are refused.
- All-numeric `A/B/YYYY` dates (also with `.` or `-`): when A > 12 it is day-first, when
  B > 12 month-first; when both could be the month (`03/04/2024`) the date is ambiguous and
  refused unless the source says its order (`DATE_ORDERS`, see `SourceSpec.date_order`).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import dateparser

MIN_YEAR = 1600
"""Earlier years are refused: no news article is that old, and `0001-01-01` is a placeholder."""

DATE_ORDERS: tuple[str, ...] = ("dayfirst", "monthfirst")
"""How a source may say to read its ambiguous all-numeric dates (`03/04/2024`)."""

_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?=$|[T ])")
_NUMERIC_DAY = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d+)(?=$|[T ,]\s*\d)")
_YEAR_TOKEN = re.compile(r"(?<!\d)\d{4}(?!\d)")
_MAX_FREE_TEXT = 64
_DATEPARSER_SETTINGS = {
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["absolute-time", "custom-formats"],
}


class DateError(ValueError):
    """The value is not a usable publication date; the message is the reject reason."""


class UnparseableDateError(DateError):
    """No parser here understood the value (as opposed to a date read and then refused)."""


def parse_published(value: Any, date_order: str | None = None) -> date:
    """Return the publication date of `value` (date, datetime or string) or raise `DateError`.

    `date_order` (one of `DATE_ORDERS` or None) resolves all-numeric dates whose day and month
    could be swapped; without it such dates are refused."""
    if value is None:
        raise DateError("missing published date")
    if isinstance(value, datetime):
        return check_year(value.date())
    if isinstance(value, date):
        return check_year(value)
    if isinstance(value, bool | int | float):
        raise DateError(f"published must be a date string, not a number: {value!r}")
    if not isinstance(value, str):
        raise DateError(f"published must be a date string, not {type(value).__name__}")
    text = value.strip()
    if not text:
        raise DateError("missing published date")
    if text[0] in "+-−":
        raise DateError(f"signed year in published date {text!r}: only years {MIN_YEAR}+ are read")
    return check_year(_parse_text(text, date_order))


def check_year(published: date) -> date:
    """Return `published` unless its year is before `MIN_YEAR` (then raise `DateError`)."""
    if published.year < MIN_YEAR:
        raise DateError(
            f"implausible published date {published.isoformat()} (before {MIN_YEAR}; "
            "a placeholder such as 0001-01-01?)"
        )
    return published


def check_written_year(text: str, published: date) -> date:
    """Return `published` if `text` writes its year with four digits, else raise `DateError`.

    Parsers widen two-digit years (`01/02/03` -> 2003) and `0001` (-> 2001) on their own;
    this catches both."""
    years = _YEAR_TOKEN.findall(text)
    if f"{published.year:04d}" in years:
        return check_year(published)
    if years:
        raise DateError(f"implausible published date {text!r} (year {years[0]})")
    raise DateError(f"ambiguous published date {text!r}: write the year with four digits")


def _parse_text(text: str, date_order: str | None) -> date:
    iso = _ISO_DAY.match(text)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
        try:
            day_only = date(year, month, day)
        except ValueError as exc:
            raise DateError(f"impossible published date {text!r} ({exc})") from None
        if iso.end() == len(text):
            return day_only
        try:
            return datetime.fromisoformat(text).date()
        except ValueError:
            raise UnparseableDateError(f"unparseable published date {text!r}") from None
    numeric = _NUMERIC_DAY.match(text)
    if numeric:
        first, _, second, year = numeric.groups()
        return _numeric_date(text, int(first), int(second), year, date_order)
    try:
        parsed = parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    else:
        return check_written_year(text, parsed)
    if len(text) <= _MAX_FREE_TEXT and any(ch.isdigit() for ch in text):
        try:
            found = dateparser.parse(text, settings=_DATEPARSER_SETTINGS)
        except Exception:  # dateparser raises assorted errors on odd input
            found = None
        if found is not None:
            return check_written_year(text, found.date())
    raise UnparseableDateError(f"unparseable published date {text!r}")


def _numeric_date(text: str, first: int, second: int, year: str, date_order: str | None) -> date:
    """`first/second/year`: day and month told apart by their values or by `date_order`."""
    if len(year) != 4:
        raise DateError(f"ambiguous published date {text!r}: write the year with four digits")
    if first > 12 and second > 12:
        raise DateError(f"impossible published date {text!r} (no day/month order fits)")
    if date_order == "dayfirst" or (date_order is None and first > 12 >= second):
        day, month = first, second
    elif date_order == "monthfirst" or (date_order is None and second > 12 >= first):
        day, month = second, first
    elif date_order is None and first == second:
        day, month = first, second
    else:
        raise DateError(
            f"ambiguous published date {text!r}: day and month could be swapped "
            "(prefix the source with dayfirst: or monthfirst:, or write YYYY-MM-DD)"
        )
    try:
        return date(int(year), month, day)
    except ValueError as exc:
        order = f" read {date_order}" if date_order else ""
        raise DateError(f"impossible published date {text!r}{order} ({exc})") from None


def check_not_future(published: date, latest_allowed: date) -> None:
    """Raise `DateError` when `published` lies after `latest_allowed`."""
    if published > latest_allowed:
        raise DateError(f"published in the future ({published.isoformat()})")
