"""Load one feed or page document from an http(s) URL or a local file, with its fresh state.

URL state is `{"etag": str|None, "last_modified": str|None, "watermark": ...}` and is used for a
conditional GET; local files use `{"mtime_ns", "size", "watermark"}`. An unchanged document
(HTTP 304, or same mtime and size) comes back with `not_modified=True` and no body.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flows.sources.base import Batch, BatchBuilder, ReadContext, SourceError
from flows.sources.files import file_state, unchanged
from flows.sources.http import FetchError, HttpOptions, fetch

FEED_MEDIA_TYPES: frozenset[str] = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/feed+json",
    }
)
HTML_MEDIA_TYPES: frozenset[str] = frozenset({"text/html", "application/xhtml+xml"})
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_FEED_START = re.compile(
    rb"\s*(?:<\?[^>]*>\s*|<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE | re.DOTALL
)
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_HTML_ROOT = re.compile(rb"<(!doctype\s+html|html)[\s>]", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Document:
    """A loaded document: where it came from, its bytes, and the state to keep if it is stored."""

    location: str
    url: str | None
    path: Path | None
    body: bytes
    content_type: str
    state: dict[str, Any]
    not_modified: bool = False
    headers: Mapping[str, str] = field(default_factory=dict)


def is_url(target: str) -> bool:
    """True when `target` looks like a URL with a scheme (any scheme, fetchable or not).

    Only the scheme is looked at, so a malformed URL (`http://[::1`) is still a URL, to be
    refused with a reason when it is fetched, and never mistaken for a file name."""
    match = _SCHEME.match(target.lstrip())
    scheme = match.group(1).lower() if match else ""
    return len(scheme) > 1 and "://" in target or scheme in ("javascript", "data", "mailto")


def load_document(
    target: str | Path, state: Mapping[str, Any], http: HttpOptions, max_bytes: int
) -> Document:
    """Fetch a URL (conditionally) or read a file (unless unchanged); raise `SourceError`."""
    if isinstance(target, str) and is_url(target):
        return _load_url(target, state, http)
    return _load_file(Path(target), state, max_bytes)


def _load_url(url: str, state: Mapping[str, Any], http: HttpOptions) -> Document:
    try:
        fetched = fetch(url, http, etag=state.get("etag"), last_modified=state.get("last_modified"))
    except FetchError as exc:
        raise SourceError(str(exc)) from None
    if fetched.status == 304:
        return Document(url, url, None, b"", "", dict(state), not_modified=True)
    new_state = {
        "etag": fetched.headers.get("etag"),
        "last_modified": fetched.headers.get("last-modified"),
    }
    return Document(
        url, fetched.url, None, fetched.body, fetched.content_type, new_state,
        headers=fetched.headers,
    )  # fmt: skip


def _load_file(path: Path, state: Mapping[str, Any], max_bytes: int) -> Document:
    try:
        if not path.is_file():
            raise SourceError(f"file not found: {path}")
        if unchanged(path, state):
            return Document(path.name, None, path, b"", "", dict(state), not_modified=True)
        new_state: dict[str, Any] = dict(file_state(path))
        if new_state["size"] > max_bytes:
            raise SourceError(f"larger than cap ({new_state['size']} > {max_bytes} bytes)")
        body = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read file: {exc.strerror or exc}") from None
    return Document(path.name, None, path, body, "", new_state)


def looks_like_feed(body: bytes) -> bool:
    """True when the document starts (after an XML declaration, processing instructions and
    comments) with an RSS, Atom or RDF root element: a feed, whatever its media type says."""
    return _FEED_START.match(body[:4096].removeprefix(b"\xef\xbb\xbf")) is not None


def sniff_kind(body: bytes, content_type: str) -> str | None:
    """'feed' or 'page' from the media type, else from the document's first kilobytes.

    A body that starts as a feed is a feed even when served as `text/html` (a common server
    misconfiguration)."""
    if looks_like_feed(body):
        return "feed"
    if content_type in HTML_MEDIA_TYPES:
        return "page"
    head = body[:4096]
    if _FEED_ROOT.search(head):
        return "feed"
    if content_type in FEED_MEDIA_TYPES:
        return "feed"
    if _HTML_ROOT.search(head):
        return "page"
    return None


def read_document_source(
    target: str | Path,
    *,
    source_key: str,
    state: Mapping[str, Any],
    ctx: ReadContext,
    http: HttpOptions,
    to_batches: Callable[[Document, BatchBuilder], Iterator[Batch]],
) -> Iterator[Batch]:
    """Load one feed or page document and turn it into batches with `to_batches`.

    A document that cannot be loaded becomes one reject; an unchanged one yields no articles;
    either way the source ends with its `done` batch carrying the new state.
    """
    builder = BatchBuilder(source_key, state, ctx)
    try:
        document = load_document(target, state, http, http.max_bytes)
    except SourceError as exc:
        yield from builder.fail(str(target), str(exc), str(target))
        yield builder.finish(None)
        return
    if not document.not_modified:
        yield from to_batches(document, builder)
    yield builder.finish(document.state)
