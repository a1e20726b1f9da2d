"""Readers for JSONL (optionally gzipped), CSV and Parquet files of articles.

All three stream: JSONL and CSV line by line, Parquet by record batches; nothing loads the
whole file, and no JSONL line or CSV record longer than `ReadContext.max_record_bytes` is held
in memory: it is skipped and rejected with its line number. Field names are resolved per
record (see `records.resolve_fields`), so an explicit `columns` mapping and the alias table
work the same for every format.
"""

from __future__ import annotations

import csv
import json
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from flows.sources.base import MAX_RECORD_BYTES, Batch, ReadContext, SourceError
from flows.sources.files import file_stem, open_binary, open_text, read_records_file
from flows.sources.records import RawRecord, resolve_fields

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
        records=lambda p: TABULAR_KINDS[kind](p, mapping, ctx),
        default_source=source_name or file_stem(path),
    )


def jsonl_records(
    path: Path, mapping: Mapping[str, str], max_bytes: int = MAX_RECORD_BYTES
) -> Iterator[RawRecord]:
    """Yield one raw record per non-blank line; blank lines are not records."""
    with open_binary(path) as stream:
        number = 0
        while True:
            line = stream.readline(max_bytes + 1)
            if not line:
                return
            number += 1
            location = f"{path.name}:{number}"
            if len(line) > max_bytes and not line.endswith(b"\n"):
                _skip_rest_of_line(stream, max_bytes)
                yield RawRecord(location, line[:1024], fault=_too_long(max_bytes, "bytes"))
                continue
            if not line.strip():
                continue
            yield _json_record(location, line.rstrip(b"\r\n"), mapping, first=number == 1)


def _skip_rest_of_line(stream: Any, chunk_size: int) -> None:
    """Read (and drop) the rest of the current line, `chunk_size` at a time."""
    while True:
        chunk = stream.readline(chunk_size)
        if not chunk or chunk.endswith(b"\n" if isinstance(chunk, bytes) else ("\n", "\r")):
            return


def _too_long(cap: int, unit: str) -> str:
    return f"record larger than cap ({cap} {unit}); skipped without reading it whole"


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


def csv_records(
    path: Path, mapping: Mapping[str, str], max_chars: int = MAX_RECORD_BYTES
) -> Iterator[RawRecord]:
    """Yield one raw record per CSV data row; the location is the row's first physical line.

    Records are read through `_csv_rows`, so a record over `max_chars` characters or a broken
    quote is one reject and the lines after it are read as rows again."""
    csv.field_size_limit(max(csv.field_size_limit(), max_chars))
    with open_text(path) as stream:
        header: list[str] | None = None
        for start, row, fault, payload in _csv_rows(stream, max_chars, lambda: open_text(path)):
            location = f"{path.name}:{start}"
            if header is None:
                header = _csv_header(row, fault)
                continue
            if fault is not None or row is None:
                yield RawRecord(location, payload, fault=fault)
                continue
            if not row:
                continue
            yield _csv_record(location, header, row, mapping)


def _csv_header(row: list[str] | None, fault: str | None) -> list[str]:
    """The header row, or `SourceError` when the file cannot be read by column names: an
    unreadable first record, bytes that are not UTF-8, one column whose name holds another
    delimiter (a `;`, tab or `|` file), or a column name given twice."""
    if fault is not None or row is None:
        raise SourceError(f"unreadable CSV header: {fault}")
    if any(_has_surrogate(cell) for cell in row):
        raise SourceError("CSV header is not UTF-8")
    wrong = [mark for mark in (";", "\t", "|") if len(row) == 1 and mark in row[0]]
    if wrong:
        raise SourceError(
            f"header has one column {row[0][:80]!r}: the delimiter looks like {wrong[0]!r} not ','"
        )
    seen: dict[str, int] = {}
    for number, name in enumerate(row, start=1):
        folded = name.strip().lower()
        if not folded:
            continue
        if folded in seen:
            raise SourceError(
                f"CSV header names column {name!r} twice (columns {seen[folded]} and {number}): "
                "rename one"
            )
        seen[folded] = number
    return row


class _RecordTooLong(Exception):
    """A CSV record (one line or a quoted field over several) passed the cap."""


class _Lines:
    """The physical lines of a text stream for `csv.reader`, each read with a length cap.

    It remembers the lines of the record being parsed (`taken`, at most the cap in total) so
    that, when the record turns out broken, the lines after its first can be handed out again
    (`replay_after_first`), and counts the record's quote characters so that an over-long
    record can be skipped to its end without holding it (`skip_record`)."""

    def __init__(self, stream: Any, cap: int, reopen: Callable[[], Any]) -> None:
        self.stream = stream
        self.cap = cap
        self.reopen = reopen
        self.number = 0
        self.pending: deque[tuple[int, str]] = deque()
        self.taken: list[tuple[int, str]] = []
        self.taken_chars = 0
        self.quotes = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.pending:
            number, line = self.pending.popleft()
        else:
            line = self.stream.readline(self.cap + 1)
            if not line:
                raise StopIteration
            self.number += 1
            number = self.number
            if len(line) > self.cap and not line.endswith(("\n", "\r")):
                self.taken.append((number, line[:1024]))
                self.quotes += line.count('"') + self._skip_line()
                raise _RecordTooLong
        self.taken.append((number, line))
        self.taken_chars += len(line)
        self.quotes += line.count('"')
        if self.taken_chars > self.cap:
            raise _RecordTooLong
        return line

    def start_record(self) -> None:
        self.taken, self.taken_chars, self.quotes = [], 0, 0

    def replay_after_first(self) -> None:
        """Hand out again the lines the failed record took after its first one."""
        self.pending.extendleft(reversed(self.taken[1:]))

    def skip_record(self) -> bool:
        """Skip, without keeping them, the lines up to where the over-long record's quotes
        balance. True if they do; False if a quote stays open to the end of the file (then
        reading starts again on the line after the record's first)."""
        while self.quotes % 2:
            if self.pending:
                self.quotes += self.pending.popleft()[1].count('"')
                continue
            chunk = self.stream.readline(self.cap)
            if not chunk:
                self._restart_after(self.taken[0][0])
                return False
            self.quotes += chunk.count('"')
            if chunk.endswith(("\n", "\r")):
                self.number += 1
        return True

    def _skip_line(self) -> int:
        """Drop the rest of the current physical line; return the quotes it held."""
        quotes = 0
        while True:
            chunk = self.stream.readline(self.cap)
            quotes += chunk.count('"')
            if not chunk or chunk.endswith(("\n", "\r")):
                return quotes

    def _restart_after(self, number: int) -> None:
        """Reopen the file and skip its first `number` physical lines."""
        self.stream.close()
        self.stream = self.reopen()
        self.pending.clear()
        self.number = 0
        while self.number < number:
            line = self.stream.readline(self.cap + 1)
            if not line:
                return
            if len(line) > self.cap and not line.endswith(("\n", "\r")):
                self._skip_line()
            self.number += 1


def _csv_rows(
    stream: Any, cap: int, reopen: Callable[[], Any]
) -> Iterator[tuple[int, list[str] | None, str | None, str]]:
    """Yield `(first line, row, fault, payload)` per CSV record; `row` is None on a fault.

    The parser is strict, so an unterminated quote ends as an error at the end of the file
    (or at the next stray quote) instead of swallowing every later row into one cell. A broken
    record is rejected at its first line and the lines after that are parsed again, so one bad
    quote costs one row; an over-long one is skipped to its end (or, if its quote never
    closes, reading starts again after its first line)."""
    lines = _Lines(stream, cap, reopen)
    try:
        yield from _parse_lines(lines, cap)
    finally:
        lines.stream.close()


def _parse_lines(
    lines: _Lines, cap: int
) -> Iterator[tuple[int, list[str] | None, str | None, str]]:
    while True:
        reader = csv.reader(lines, strict=True)
        while True:
            lines.start_record()
            try:
                row = next(reader)
            except StopIteration:
                return
            except _RecordTooLong:
                first, payload = lines.taken[0]
                if lines.skip_record():
                    fault = _too_long(cap, "characters")
                else:
                    fault = f"unterminated quote: the record starting on line {first} never ends"
                yield first, None, fault, payload
                break
            except csv.Error as exc:
                fault = _malformed(exc, lines.taken)
            else:
                yield lines.taken[0][0] if lines.taken else lines.number, row, None, ""
                continue
            first, payload = lines.taken[0] if lines.taken else (lines.number, "")
            yield first, None, fault, payload
            lines.replay_after_first()
            break


def _malformed(exc: csv.Error, taken: list[tuple[int, str]]) -> str:
    reason = f"malformed CSV: {exc}"
    if len(taken) > 1:
        reason += (
            f" (a quote opened on line {taken[0][0]} runs to line {taken[-1][0]}; "
            "unterminated quote? the lines after it are read again)"
        )
    return reason


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
    "jsonl": lambda path, mapping, ctx: jsonl_records(path, mapping, ctx.max_record_bytes),
    "csv": lambda path, mapping, ctx: csv_records(path, mapping, ctx.max_record_bytes),
    "parquet": lambda path, mapping, ctx: parquet_records(path, mapping, ctx.batch_size),
}
"""Reader kind -> the function yielding that format's raw records."""
