"""The common frame of every file reader: stat, skip-if-unchanged, read records, cut batches.

A file's incremental state is `{"mtime_ns": int, "size": int, "watermark": "YYYY-MM-DD"}`;
when mtime and size match the previous state the file is not opened at all.
"""

from __future__ import annotations

import gzip
import io
import os
import zlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from flows.sources.base import Batch, BatchBuilder, ReadContext, SourceError, id_namespace
from flows.sources.records import RawRecord, RecordError, to_article

GZIP_MAGIC = b"\x1f\x8b"


def file_state(path: Path) -> dict[str, int]:
    """The part of a file's state that says whether it changed."""
    info = path.stat()
    return {"mtime_ns": info.st_mtime_ns, "size": info.st_size}


def unchanged(path: Path, state: Mapping[str, Any]) -> bool:
    """True when the file has the mtime and size recorded in `state`."""
    current = file_state(path)
    return all(state.get(key) == value for key, value in current.items())


def open_binary(path: Path) -> IO[bytes]:
    """Open a file for streaming, transparently un-gzipping it when it starts with gzip magic."""
    raw = path.open("rb")
    if raw.read(2) == GZIP_MAGIC:
        raw.seek(0)
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    raw.seek(0)
    return raw


def open_text(path: Path) -> io.TextIOWrapper:
    """Open a (possibly gzipped) file as text; undecodable bytes become lone surrogates.

    Readers check fields for surrogates and reject those records as 'not UTF-8' instead of
    losing the rest of the file at the first bad byte.
    """
    return io.TextIOWrapper(
        open_binary(path), encoding="utf-8-sig", errors="surrogateescape", newline=""
    )


def read_records_file(
    path: Path,
    *,
    source_key: str,
    state: Mapping[str, Any],
    ctx: ReadContext,
    records: Callable[[Path], Iterator[RawRecord]],
    default_source: str,
) -> Iterator[Batch]:
    """Read one file of records into batches; any failure of the file as a whole is a reject.

    The file's own ids are namespaced by `default_source` (`id_namespace`): other files may use
    the same ones."""
    builder = BatchBuilder(source_key, state, ctx, id_namespace(default_source))
    try:
        if not path.is_file():
            raise SourceError(f"file not found: {path}")
        if unchanged(path, state):
            yield builder.finish(state)
            return
        new_state = file_state(path)
        for record in records(path):
            yield from emit(builder, record, default_source, ctx)
    except (SourceError, OSError, EOFError, zlib.error) as exc:
        yield from builder.fail(path.name, _whole_file_reason(exc), str(path))
        yield builder.finish(None)
        return
    yield builder.finish(new_state)


def emit(
    builder: BatchBuilder, record: RawRecord, default_source: str, ctx: ReadContext
) -> Iterator[Batch]:
    """Route one raw record to the builder as an article or as a reject."""
    if record.fault is not None or record.fields is None:
        yield from builder.add_reject(record.location, record.fault or "no fields", record.payload)
        return
    try:
        article = to_article(
            record.fields,
            default_source=default_source,
            latest_allowed=ctx.latest_allowed,
            date_order=ctx.date_order,
        )
    except RecordError as exc:
        yield from builder.add_reject(record.location, str(exc), record.payload)
        return
    yield from builder.add_article(article)


def _whole_file_reason(exc: BaseException) -> str:
    if isinstance(exc, SourceError):
        return str(exc)
    if isinstance(exc, gzip.BadGzipFile | EOFError | zlib.error):
        return f"corrupt gzip data: {exc}"
    if isinstance(exc, OSError):
        return f"cannot read file: {exc.strerror or exc}"
    return str(exc)


def file_stem(path: Path) -> str:
    """The default source name of a file: its name without (compression and format) suffixes."""
    name = path.name
    for suffix in (".gz", ".jsonl", ".ndjson", ".json", ".csv", ".parquet", ".pq"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return name or os.fspath(path)
