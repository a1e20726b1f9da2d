"""Reader for RSS and Atom feeds, by URL (conditional GET) or file, parsed with feedparser.

Each entry becomes an article: id = entry id or link, published from the entry's
published/updated date (in the entry's own offset when the raw string has one), text = the
entry content or summary with HTML stripped. With `fetch_pages=True` each entry's link is
fetched and the full article extracted with the page reader (the entry's date still wins).
A malformed feed yields the entries feedparser could recover plus one reject row for the feed;
one with nothing to recover (or no feed at all) fails the source.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from flows.sources.base import Batch, BatchBuilder, ReadContext
from flows.sources.dates import (
    DateError,
    UnparseableDateError,
    check_written_year,
    check_year,
    parse_published,
)
from flows.sources.documents import Document, read_document_source
from flows.sources.htmltext import html_to_text
from flows.sources.http import FetchError, HttpOptions, check_url, fetch
from flows.sources.pages import extract_page, host_of
from flows.sources.records import RecordError, to_article

ENTRY_PAYLOAD_KEYS: tuple[str, ...] = (
    "id", "link", "title", "published", "updated", "summary", "content",
)  # fmt: skip


def parse_feed_bytes(body: bytes, content_type: str = "") -> Any:
    """Parse feed bytes with feedparser, never letting it touch the network or the disk.

    feedparser is imported here, when a feed is first read, not when the readers load."""
    import feedparser

    headers = {"content-type": content_type} if content_type else {}
    return feedparser.parse(io.BytesIO(body), response_headers=headers)


def entry_published(entry: Mapping[str, Any]) -> date:
    """The entry's publication date, preferring `published` over `updated`; else `DateError`.

    feedparser's own parse of a date is used only when ours cannot read it at all (not when
    ours refused it as ambiguous or implausible) and feedparser kept the year as written (it
    widens `0001` to 2001)."""
    failure: DateError | None = None
    for raw_key, parsed_key in (("published", "published_parsed"), ("updated", "updated_parsed")):
        raw = dict.get(entry, raw_key)  # plain dict access: no feedparser key aliasing
        parsed = dict.get(entry, parsed_key)
        try:
            if raw:
                try:
                    return parse_published(raw)
                except UnparseableDateError:
                    if not parsed:
                        raise
                day = date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
                return check_written_year(raw, day)
            if parsed:
                return check_year(date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday))
        except DateError as exc:
            failure = failure or exc
    raise failure or DateError("entry has no published or updated date")


def entry_text(entry: Mapping[str, Any]) -> str:
    """Plain text of the entry's longest content block, falling back to its summary."""
    blocks = [block.get("value", "") for block in entry.get("content") or []]
    best = max(blocks, key=len, default="")
    return html_to_text(best or entry.get("summary", "") or "")


def feed_batches(
    document: Document,
    builder: BatchBuilder,
    ctx: ReadContext,
    http: HttpOptions,
    fetch_pages: bool = False,
) -> Iterator[Batch]:
    """Queue the articles and rejects of an already loaded feed document."""
    parsed = parse_feed_bytes(document.body, document.content_type)
    entries = list(parsed.get("entries") or [])
    problem = _malformed(parsed)
    if problem and not entries:
        reason = f"malformed feed: {problem}"
        yield from builder.fail(document.location, reason, document.body)
        return
    if problem:
        reason = f"malformed feed: {problem} ({len(entries)} entries recovered)"
        yield from builder.add_reject(document.location, reason, document.body)
    elif not entries and not parsed.get("version"):
        yield from builder.fail(document.location, "not an RSS or Atom feed", document.body)
        return
    source = _feed_source(document, parsed)
    language = (parsed.get("feed", {}).get("language") or "").split("-")[0].lower() or None
    for number, entry in enumerate(entries, start=1):
        location = f"{document.location}#entry-{number}"
        payload = {key: dict.get(entry, key) for key in ENTRY_PAYLOAD_KEYS if dict.get(entry, key)}
        try:
            article = _entry_article(
                entry, source, language, ctx, http, fetch_pages, document.url or document.location
            )
        except RecordError as exc:
            yield from builder.add_reject(location, str(exc), payload)
            continue
        yield from builder.add_article(article)


def _malformed(parsed: Any) -> str | None:
    if not parsed.get("bozo"):
        return None
    from feedparser import ThingsNobodyCaresAboutButMe

    exc = parsed.get("bozo_exception")
    if isinstance(exc, ThingsNobodyCaresAboutButMe):
        return None
    return str(exc) or type(exc).__name__


def _feed_source(document: Document, parsed: Any) -> str:
    if document.url is not None:
        return host_of(document.url)
    return (document.path or Path(document.location)).stem


def _entry_article(
    entry: Mapping[str, Any],
    source: str,
    language: str | None,
    ctx: ReadContext,
    http: HttpOptions,
    fetch_pages: bool,
    found_in: str,
) -> dict[str, Any]:
    try:
        published = entry_published(entry)
    except DateError as exc:
        raise RecordError(str(exc)) from None
    link = (entry.get("link") or "").strip() or None
    fields: dict[str, Any] = {
        "id": entry.get("id") or link,
        "published": published,
        "title": html_to_text(entry.get("title") or ""),
        "text": entry_text(entry),
        "url": link,
        "source": source,
        "language": language,
    }
    if fetch_pages:
        fields.update(_linked_page(link, http, found_in))
    return to_article(fields, default_source=source, latest_allowed=ctx.latest_allowed)


def _linked_page(link: str | None, http: HttpOptions, found_in: str) -> dict[str, Any]:
    """Title and full text of the page an entry links to; `RecordError` when unusable.

    The link was found in the feed, not given by the user: `fetch` checks where it leads."""
    if link is None:
        raise RecordError("entry has no link to fetch")
    try:
        url = check_url(link)
        fetched = fetch(url, http, found_in=found_in)
    except FetchError as exc:
        raise RecordError(f"linked page: {exc}") from None
    content = extract_page(fetched.body, fetched.url)
    if not content.text:
        raise RecordError(f"linked page: no article text found at {fetched.url}")
    fields: dict[str, Any] = {"text": content.text}
    if content.title:
        fields["title"] = content.title
    if content.language:
        fields["language"] = content.language
    return fields


def read_feed(
    target: str | Path,
    *,
    source_key: str,
    state: Mapping[str, Any],
    ctx: ReadContext,
    http: HttpOptions | None = None,
    fetch_pages: bool = False,
) -> Iterator[Batch]:
    """Read an RSS/Atom feed from an http(s) URL (conditional GET) or a file."""
    http = http or HttpOptions()

    def to_batches(document: Document, builder: BatchBuilder) -> Iterator[Batch]:
        return feed_batches(document, builder, ctx, http, fetch_pages)

    yield from read_document_source(
        target, source_key=source_key, state=state, ctx=ctx, http=http, to_batches=to_batches
    )
