"""Reader for HTML article pages, by URL or file.

trafilatura extracts the main text and title, htmldate the publication date (the original
publication date is preferred over 'last updated'). A page without a date or without text is
a reject. id = the page URL (or the file name), source = the URL's host (or the folder name).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flows.sources.base import Batch, BatchBuilder, ReadContext
from flows.sources.documents import Document, looks_like_feed, read_document_source
from flows.sources.http import HttpOptions
from flows.sources.records import RecordError, to_article

_FAR_FUTURE = "9999-12-31"
_HTML_LANG = re.compile(rb"<html[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PageContent:
    """What could be extracted from one HTML page; missing parts are empty / None."""

    title: str
    text: str
    published: date | None
    language: str | None


def extract_page(html: bytes, url: str | None = None) -> PageContent:
    """Main text, title, publication date and declared language of an HTML page.

    htmldate ignores dates after today; when it finds none, the page's metadata is searched
    again without that limit so a future-dated page is rejected as such (`page_article`), not
    as undated.

    trafilatura and htmldate (with justext and lxml's HTML cleaner beneath them) are imported
    here, when a page is first read, so that runs without pages never load them."""
    import trafilatura
    from htmldate import find_date

    try:
        found = find_date(html, original_date=True, url=url)
        if found is None:
            found = find_date(
                html, original_date=True, url=url, extensive_search=False, max_date=_FAR_FUTURE
            )
    except Exception:  # htmldate fails on some broken markup; no date is then the outcome
        found = None
    published = date.fromisoformat(found) if found else None
    try:
        document = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False
        )
    except Exception:  # trafilatura raises assorted errors on hostile markup
        document = None
    title = (getattr(document, "title", None) or "").strip()
    text = (getattr(document, "text", None) or "").strip()
    lang = _HTML_LANG.search(html[:65536])
    language = lang.group(1).decode("ascii").lower() if lang else None
    return PageContent(title=title, text=text, published=published, language=language)


def page_article(
    content: PageContent, *, article_id: str, url: str | None, source: str, ctx: ReadContext
) -> dict[str, Any]:
    """Turn extracted page content into an article row, or raise `RecordError`."""
    if not content.text:
        raise RecordError("no article text found on page")
    if content.published is None:
        raise RecordError("no publication date found on page")
    if content.published > ctx.latest_allowed:
        raise RecordError(f"publication date {content.published.isoformat()} is in the future")
    fields = {
        "id": article_id,
        "published": content.published,
        "title": content.title,
        "text": content.text,
        "url": url,
        "source": source,
        "language": content.language,
    }
    return to_article(fields, default_source=source, latest_allowed=ctx.latest_allowed)


def host_of(url: str) -> str:
    """The host name of a URL, the default `source` of pages and feeds fetched from it."""
    return urlsplit(url).hostname or url


def page_batches(document: Document, builder: BatchBuilder, ctx: ReadContext) -> Iterator[Batch]:
    """Queue the one article (or reject) of an already loaded page document."""
    if document.url is not None:
        article_id, source = document.url, host_of(document.url)
    else:
        path = document.path or Path(document.location)
        article_id, source = path.name, path.resolve().parent.name
    if looks_like_feed(document.body):
        served = f" served as {document.content_type}" if document.content_type else ""
        reason = f"this looks like an RSS/Atom feed{served}; use feed:{document.location}"
        yield from builder.fail(document.location, reason, document.body)
        return
    content = extract_page(document.body, document.url)
    try:
        article = page_article(
            content, article_id=article_id, url=document.url, source=source, ctx=ctx
        )
    except RecordError as exc:
        yield from builder.add_reject(document.location, str(exc), document.body)
        return
    yield from builder.add_article(article)


def read_page(
    target: str | Path,
    *,
    source_key: str,
    state: Mapping[str, Any],
    ctx: ReadContext,
    http: HttpOptions | None = None,
) -> Iterator[Batch]:
    """Read one HTML article page from an http(s) URL or a file."""
    http = http or HttpOptions()
    yield from read_document_source(
        target, source_key=source_key, state=state, ctx=ctx, http=http,
        to_batches=lambda document, builder: page_batches(document, builder, ctx),
    )  # fmt: skip
