"""`read_sources`: dispatch source specs to their readers and keep one source's failure local."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from flows.sources.base import (
    DEFAULT_BATCH_SIZE,
    MAX_RECORD_BYTES,
    Batch,
    BatchBuilder,
    ReadContext,
    SourceError,
)
from flows.sources.documents import is_url, load_document, sniff_kind
from flows.sources.feeds import feed_batches, read_feed
from flows.sources.http import HttpOptions
from flows.sources.pages import page_batches, read_page
from flows.sources.specs import SourceSpec, file_kind, parse_spec, source_key
from flows.sources.tabular import TABULAR_KINDS, read_tabular
from flows.sources.textfolder import read_text_file, read_text_folder


def read_sources(
    specs: Sequence[str | SourceSpec],
    state: Mapping[str, Mapping[str, Any]],
    batch_size: int = DEFAULT_BATCH_SIZE,
    since: date | None = None,
    *,
    http: HttpOptions | None = None,
    max_record_bytes: int = MAX_RECORD_BYTES,
) -> Iterator[Batch]:
    """Read every source in turn, yielding its batches; a failing source becomes reject rows.

    `state` maps `source_key` -> that source's previous state (missing = first run). Every
    source ends with exactly one batch with `done=True` whose `state` is the new state.
    A JSONL line or CSV record over `max_record_bytes` is a reject, never held in memory.
    """
    ctx = ReadContext(batch_size=batch_size, since=since, max_record_bytes=max_record_bytes)
    http = http or HttpOptions()
    for item in specs:
        spec = parse_spec(item) if isinstance(item, str) else item
        key = source_key(spec)
        previous = dict(state.get(key) or {})
        yield from _guarded(spec, key, previous, ctx, http)


def read_source(
    spec: SourceSpec, key: str, state: Mapping[str, Any], ctx: ReadContext, http: HttpOptions
) -> Iterator[Batch]:
    """Dispatch one spec to its reader (no safety net; see `read_sources`).

    The state remembers which reader read the source (`reader`, see `reader_kind`): a state
    left by another reader (a file first read with the wrong prefix) is ignored, so the source
    is read afresh. A state from before `reader` was recorded is taken as this reader's."""
    ctx = replace(ctx, date_order=spec.date_order)
    reader = reader_kind(spec)
    if state.get("reader", reader) != reader:
        state = {}
    for batch in _dispatch(spec, key, state, ctx, http):
        if batch.done and batch.failure is None and batch.state:
            batch = replace(batch, state={**batch.state, "reader": reader})
        yield batch


def reader_kind(spec: SourceSpec) -> str:
    """The reader a spec goes to and how: its kind, else what the file looks like ('auto' for
    URLs), plus its date order (`csv+dayfirst`), so changing either re-reads the source."""
    if spec.kind is not None:
        kind = spec.kind
    elif is_url(spec.target):
        kind = "auto"
    else:
        kind = file_kind(Path(spec.target).expanduser()) or "unknown"
    return f"{kind}+{spec.date_order}" if spec.date_order else kind


def _dispatch(
    spec: SourceSpec, key: str, state: Mapping[str, Any], ctx: ReadContext, http: HttpOptions
) -> Iterator[Batch]:
    if is_url(spec.target):
        yield from _read_url(spec, key, state, ctx, http)
        return
    path = Path(spec.target).expanduser()
    kind = spec.kind or file_kind(path)
    if kind in TABULAR_KINDS:
        yield from read_tabular(
            path, kind=kind, source_key=key, state=state, ctx=ctx, columns=spec.columns,
            source_name=spec.source_name,
        )  # fmt: skip
    elif kind == "folder":
        yield from read_text_folder(
            path, source_key=key, state=state, ctx=ctx, source_name=spec.source_name
        )
    elif kind == "text":
        yield from read_text_file(
            path, source_key=key, state=state, ctx=ctx, source_name=spec.source_name
        )
    elif kind == "feed":
        yield from read_feed(
            path, source_key=key, state=state, ctx=ctx, http=http, fetch_pages=spec.fetch_pages
        )
    elif kind == "page":
        yield from read_page(path, source_key=key, state=state, ctx=ctx, http=http)
    elif not path.exists():
        raise SourceError(f"file not found: {path}")
    else:
        raise SourceError(
            "cannot tell what kind of source this is; prefix it with one of "
            "feed:, page:, jsonl:, csv:, parquet:, folder:, text:"
        )


def _read_url(
    spec: SourceSpec, key: str, state: Mapping[str, Any], ctx: ReadContext, http: HttpOptions
) -> Iterator[Batch]:
    if spec.kind == "feed":
        yield from read_feed(
            spec.target, source_key=key, state=state, ctx=ctx, http=http,
            fetch_pages=spec.fetch_pages,
        )  # fmt: skip
        return
    if spec.kind == "page":
        yield from read_page(spec.target, source_key=key, state=state, ctx=ctx, http=http)
        return
    if spec.kind is not None:
        raise SourceError(f"a URL cannot be read as {spec.kind}; use feed: or page:")
    builder = BatchBuilder(key, state, ctx)
    document = load_document(spec.target, state, http, http.max_bytes)
    if not document.not_modified:
        kind = sniff_kind(document.body, document.content_type)
        if kind == "feed":
            yield from feed_batches(document, builder, ctx, http, spec.fetch_pages)
        elif kind == "page":
            yield from page_batches(document, builder, ctx)
        else:
            raise SourceError(
                f"neither a feed nor an HTML page (Content-Type {document.content_type!r}); "
                "prefix it with feed: or page:"
            )
    yield builder.finish(document.state)


def _guarded(
    spec: SourceSpec, key: str, state: Mapping[str, Any], ctx: ReadContext, http: HttpOptions
) -> Iterator[Batch]:
    """Run one reader; whatever escapes it ends this source with a reject, not the run."""
    finished = False
    try:
        for batch in read_source(spec, key, state, ctx, http):
            finished = batch.done
            yield batch
    except SourceError as exc:
        reason = str(exc)
    except Exception as exc:  # a reader bug must not stop the other sources
        reason = f"reader failed: {type(exc).__name__}: {exc}"
    else:
        if finished:
            return
        reason = "reader ended without a final batch"
    builder = BatchBuilder(key, state, ctx)
    yield from builder.fail(spec.target, reason, spec.target)
    yield builder.finish(None)
