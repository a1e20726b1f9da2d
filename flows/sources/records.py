"""Turn one raw record (a mapping of named fields) into a valid article row or a reject reason.

Column names are resolved in this order: the caller's explicit mapping
(`{"id": "doc_id", "published": "dct"}`), the canonical name, then `COLUMN_ALIASES`
(case-insensitive). A record without an id gets a stable id derived from its content.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from datetime import date
from typing import Any

from flows.sources.base import DEFAULT_LANGUAGE
from flows.sources.dates import DateError, check_not_future, parse_published

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "doc_id", "docid", "document_id", "article_id", "guid", "uid"),
    "published": (
        "published",
        "dct",
        "date",
        "pubdate",
        "pub_date",
        "published_at",
        "publication_date",
        "datetime",
        "created_at",
    ),
    "title": ("title", "headline", "heading", "head"),
    "text": ("text", "body", "content", "article", "story", "full_text"),
    "url": ("url", "link", "href", "permalink"),
    "source": ("source", "publisher", "outlet", "site", "sitename"),
    "language": ("language", "lang", "locale"),
}
"""Accepted field names per article column, tried after an explicit mapping. Data, not code."""


class RecordError(ValueError):
    """The record cannot become an article; the message is the reject reason."""


def stable_id(source: str, url: str | None, title: str, text: str) -> str:
    """An id derived from the content, for records that bring none.

    The same (source, url, title, text) always gives the same id, so re-reading a file does not
    create duplicates; any edit to the article gives a new id.
    """
    digest = hashlib.sha256("\x1f".join([source, url or "", title, text]).encode("utf-8"))
    return "sha256:" + digest.hexdigest()[:32]


def resolve_fields(record: Mapping[str, Any], mapping: Mapping[str, str]) -> dict[str, Any]:
    """Pick each article column's raw value out of `record` (missing columns are absent)."""
    lowered: dict[str, str] = {}
    for key in record:
        if isinstance(key, str):
            lowered.setdefault(key.lower(), key)
    fields: dict[str, Any] = {}
    for column, aliases in COLUMN_ALIASES.items():
        explicit = mapping.get(column)
        candidates = (explicit,) if explicit else (column, *aliases)
        for name in candidates:
            key = name if name in record else lowered.get(name.lower())
            if key is not None and record[key] is not None:
                fields[column] = record[key]
                break
    return fields


def to_article(
    fields: Mapping[str, Any],
    *,
    default_source: str,
    latest_allowed: date,
    date_order: str | None = None,
) -> dict[str, Any]:
    """Validate resolved fields and return an article row, or raise `RecordError`.

    `date_order` resolves all-numeric dates whose day and month could be swapped."""
    text = _text_field(fields, "text")
    if not text.strip():
        raise RecordError("empty text")
    try:
        published = parse_published(fields.get("published"), date_order)
        check_not_future(published, latest_allowed)
    except DateError as exc:
        raise RecordError(str(exc)) from None
    title = _text_field(fields, "title").strip()
    source = _text_field(fields, "source").strip() or default_source
    url = _text_field(fields, "url").strip() or None
    language = _text_field(fields, "language").strip() or DEFAULT_LANGUAGE
    raw_id = fields.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int | type(None)):
        raise RecordError(f"id must be a string or an integer, not {type(raw_id).__name__}")
    article_id = str(raw_id).strip() if raw_id is not None else ""
    _check_unicode("id", article_id)
    if not article_id:
        article_id = stable_id(source, url, title, text)
    return {
        "id": article_id,
        "published": published,
        "source": source,
        "url": url,
        "title": title,
        "text": text,
        "language": language,
    }


def _text_field(fields: Mapping[str, Any], column: str) -> str:
    """The column's value as text. The article text must be a string (a JSON `42` or `NaN` is
    not an article); other columns may be numbers, but not NaN or infinity."""
    value = fields.get(column)
    if value is None:
        return ""
    if column == "text" and not isinstance(value, str):
        raise RecordError(f"text must be a string, not {_describe(value)}")
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise RecordError(f"{column} must be a string, not {type(value).__name__}")
    if isinstance(value, float) and not math.isfinite(value):
        raise RecordError(f"{column} must be a string, not {_describe(value)}")
    text = str(value)
    _check_unicode(column, text)
    return text


def _describe(value: Any) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return f"the number {value!r}"
    if isinstance(value, bool | int | float):
        return f"a number ({value!r})"
    return type(value).__name__


def _check_unicode(column: str, text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise RecordError(f"{column} is not valid UTF-8 (lone surrogate)") from None


class RawRecord:
    """One input record as a reader found it: where, the raw payload, and its fields or a fault.

    `fields` are already resolved to article columns; `fault` is set instead when the record
    could not even be parsed (malformed JSON line, wrong number of CSV cells, ...).
    """

    __slots__ = ("location", "payload", "fields", "fault")

    def __init__(
        self,
        location: str,
        payload: Any,
        fields: Mapping[str, Any] | None = None,
        fault: str | None = None,
    ):
        self.location = location
        self.payload = payload
        self.fields = fields
        self.fault = fault
