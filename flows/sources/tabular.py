"""Readers for JSONL (optionally gzipped), CSV and Parquet files of articles.

All three stream: JSONL and CSV line by line, Parquet by record batches; nothing loads the
whole file. Field names are resolved per record (see `records.resolve_fields`), so an explicit
`columns` mapping and the alias table work the same for every format.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from flows.sources.base import Batch, ReadContext, SourceError
from flows.sources.files import file_stem, open_binary, open_text, read_records_file
from flows.sources.records import RawRecord, resolve_fields

MAX_RECORD_BYTES = 10 * 1024 * 1024
"""A single JSONL line or CSV cell larger than this is rejected instead of being held in memory."""

_NO_MAPPING: Mapping[str, str] = {}


def read_tabular(
    path: Path,
    *,
    kind: str,
    source_key: str,
    state: Mapping[str, Any],
    ctx: ReadContext,
    columns: Mapping[str, str] | None = None,
    source_name: str | None = None,
) -> Iterator[Batch]:
    """Read a file of articles in one of `TABULAR_KINDS`: JSONL (one object per line, .gz too),
    CSV (header row first, .gz too) or Parquet (one record batch at a time)."""
    mapping = columns or _NO_MAPPING
    yield from read_records_file(
        path,
        source_key=source_key,
        state=state,
        ctx=ctx,
        records=lambda p: TABULAR_KINDS[kind](p, mapping, ctx.batch_size),
        default_source=source_name or file_stem(path),
    )


def jsonl_records(path: Path, mapping: Mapping[str, str]) -> Iterator[RawRecord]:
    """Yield one raw record per non-blank line; blank lines are not records."""
    with open_binary(path) as stream:
        number = 0
        while True:
            line = stream.readline(MAX_RECORD_BYTES + 1)
            if not line:
                return
            number += 1
            location = f"{path.name}:{number}"
            if len(line) > MAX_RECORD_BYTES and not line.endswith(b"\n"):
                _skip_rest_of_line(stream)
                yield RawRecord(location, line, fault="record larger than cap")
                continue
            if not line.strip():
                continue
            yield _json_record(location, line.rstrip(b"\r\n"), mapping, first=number == 1)


def _skip_rest_of_line(stream: Any) -> None:
    while True:
        chunk = stream.readline(MAX_RECORD_BYTES)
        if not chunk or chunk.endswith(b"\n"):
            return


def _json_record(location: str, line: bytes, mapping: Mapping[str, str], first: bool) -> RawRecord:
    try:
        text = line.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError as exc:
        return RawRecord(location, line, fault=f"not UTF-8 ({exc.reason} at byte {exc.start})")
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as exc:
        return RawRecord(location, text, fault=f"malformed JSON: {_short(exc)}")
    if not isinstance(value, dict):
        return RawRecord(location, text, fault=f"not a JSON object but {type(value).__name__}")
    return RawRecord(location, text, fields=resolve_fields(value, mapping))


def csv_records(path: Path, mapping: Mapping[str, str]) -> Iterator[RawRecord]:
    """Yield one raw record per CSV data row; the location is the row's first physical line."""
    csv.field_size_limit(max(csv.field_size_limit(), MAX_RECORD_BYTES))
    with open_text(path) as stream:
        reader = csv.reader(stream)
        header: list[str] | None = None
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield RawRecord(f"{path.name}:{start}", "", fault=f"malformed CSV: {exc}")
                continue
            if header is None:
                if any(_has_surrogate(cell) for cell in row):
                    raise SourceError("CSV header is not UTF-8")
                wrong = [mark for mark in (";", "\t", "|") if len(row) == 1 and mark in row[0]]
                if wrong:
                    raise SourceError(
                        f"header has one column {row[0][:80]!r}: the delimiter looks like "
                        f"{wrong[0]!r} not ','"
                    )
                header = row
                continue
            if not row:
                continue
            yield _csv_record(f"{path.name}:{start}", header, row, mapping)


def _csv_record(
    location: str, header: list[str], row: list[str], mapping: Mapping[str, str]
) -> RawRecord:
    payload = _csv_line(row)
    if any(_has_surrogate(cell) for cell in row):
        return RawRecord(location, payload, fault="not UTF-8")
    if len(row) != len(header):
        return RawRecord(
            location, payload, fault=f"row has {len(row)} cells, header has {len(header)}"
        )
    record = {name: (cell if cell != "" else None) for name, cell in zip(header, row, strict=True)}
    return RawRecord(location, payload, fields=resolve_fields(record, mapping))


def _csv_line(row: list[str]) -> str:
    return ",".join(json.dumps(cell, ensure_ascii=False) for cell in row)


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def parquet_records(path: Path, mapping: Mapping[str, str], batch_size: int) -> Iterator[RawRecord]:
    """Yield one raw record per Parquet row, reading one record batch at a time."""
    try:
        parquet = pq.ParquetFile(path)
        row = 0
        for record_batch in parquet.iter_batches(batch_size=batch_size):
            for record in _python_rows(record_batch):
                row += 1
                location = f"{path.name}#row-{row}"
                yield RawRecord(location, record, fields=resolve_fields(record, mapping))
    except pa.ArrowException as exc:
        raise SourceError(f"unreadable Parquet file: {_short(exc)}") from None


def _python_rows(record_batch: pa.RecordBatch) -> list[dict[str, Any]]:
    """The batch's rows as dicts; a value Python cannot represent (a zoned timestamp that lands
    outside years 1-9999) becomes a descriptive string, so only its row is rejected."""
    try:
        return record_batch.to_pylist()
    except (OverflowError, ValueError):
        columns = record_batch.schema.names
        return [
            {name: _python_value(record_batch.column(j)[i]) for j, name in enumerate(columns)}
            for i in range(record_batch.num_rows)
        ]


def _python_value(scalar: pa.Scalar) -> Any:
    try:
        return scalar.as_py()
    except (OverflowError, ValueError):
        return f"<{scalar.type} value outside the representable date range>"


def _short(exc: BaseException, limit: int = 200) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= limit else text[:limit] + "…"


TABULAR_KINDS = {
    "jsonl": lambda path, mapping, batch_size: jsonl_records(path, mapping),
    "csv": lambda path, mapping, batch_size: csv_records(path, mapping),
    "parquet": parquet_records,
}
"""Reader kind -> the function yielding that format's raw records."""
