"""Publication dates: turn what a source wrote into a calendar date, or a reason why not.

Only the article's own publication date is handled here (not dates mentioned in the text;
those belong to transforms/temporal). A timestamp with an offset keeps the date in that offset:
`2024-11-29T23:30:00-05:00` was published on 2024-11-29 where it was written.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import dateparser

_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?=$|[T ])")
_MAX_FREE_TEXT = 64
_DATEPARSER_SETTINGS = {
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["absolute-time", "custom-formats"],
}


class DateError(ValueError):
    """The value is not a usable publication date; the message is the reject reason."""


def parse_published(value: Any) -> date:
    """Return the publication date of `value` (date, datetime or string) or raise `DateError`."""
    if value is None:
        raise DateError("missing published date")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool | int | float):
        raise DateError(f"published must be a date string, not a number: {value!r}")
    if not isinstance(value, str):
        raise DateError(f"published must be a date string, not {type(value).__name__}")
    text = value.strip()
    if not text:
        raise DateError("missing published date")
    return _parse_text(text)


def _parse_text(text: str) -> date:
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
            raise DateError(f"unparseable published date {text!r}") from None
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    if len(text) <= _MAX_FREE_TEXT and any(ch.isdigit() for ch in text):
        try:
            parsed = dateparser.parse(text, settings=_DATEPARSER_SETTINGS)
        except Exception:  # dateparser raises assorted errors on odd input
            parsed = None
        if parsed is not None:
            return parsed.date()
    raise DateError(f"unparseable published date {text!r}")


def check_not_future(published: date, latest_allowed: date) -> None:
    """Raise `DateError` when `published` lies after `latest_allowed`."""
    if published > latest_allowed:
        raise DateError(f"published in the future ({published.isoformat()})")
