"""Ad-hoc SQL (`timeline sql`, `timeline plot --where`): a sandboxed read-only connection whose
results stream out in batches, every value rendered by DuckDB itself.

Safety comes from DuckDB's own settings, not from reading the SQL: the connection is read-only,
external access is off (no files, URLs, ATTACH, COPY or EXPORT outside the warehouse, which
DuckDB still reads along with its WAL), extensions are neither installed nor loaded on demand,
and the configuration is locked so a statement cannot switch any of this back on.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from warehouse.connection import connect
from warehouse.errors import QueryError, QueryInterrupted, ReadOnlyError

SANDBOX_SETTINGS: dict[str, object] = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "allow_community_extensions": False,
    "allow_unsigned_extensions": False,
    "allow_persistent_secrets": False,
}
"""DuckDB settings every ad-hoc connection opens with; `lock_configuration` follows at once."""

_NESTED = {"list", "struct", "map", "array", "union"}
_PARQUET_AS_TEXT = {"interval", "union", "uhugeint", "bit", "time_tz", "varint", "bignum"}


@contextmanager
def sandbox(
    path: Path, *, lock_timeout: float, allow_files: list[Path] | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to `path` that reads the warehouse and nothing else (plus the
    folders in `allow_files`, which it may also write into with COPY), and whose settings are
    locked before it is handed out.

    DuckDB takes `allowed_directories` only while external access is still on, so with folders
    to allow the connection opens with it on, allows them, then turns it off; without, it opens
    with access off and DuckDB itself allows just the warehouse file, its WAL and temp folder.
    """
    config = dict(SANDBOX_SETTINGS)
    if allow_files:
        config.pop("enable_external_access")
    with connect(path, read_only=True, lock_timeout=lock_timeout, config=config) as con:
        if allow_files:
            folders = [f"{Path(d).resolve()}/" for d in allow_files] + [f"{path.resolve()}.tmp/"]
            listed = ", ".join("'" + folder.replace("'", "''") + "'" for folder in folders)
            con.execute(f"SET allowed_directories = [{listed}]")
            con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
        yield con


def _error(error: duckdb.Error) -> QueryError:
    """DuckDB's error as a one-line `QueryError` (or its read-only / interrupted kinds)."""
    first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    if isinstance(error, duckdb.InterruptException):
        return QueryInterrupted("query interrupted")
    if "read-only mode" in first:
        return ReadOnlyError(
            f"{first} (the warehouse is opened read-only here; loads go through the flow)"
        )
    if isinstance(error, duckdb.PermissionException):
        return QueryError(f"{first} (timeline sql reads only the warehouse; see --allow-files)")
    return QueryError(first)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass
class Result:
    """One statement's result, not yet fetched: names, DuckDB type names, and ways to stream it."""

    relation: duckdb.DuckDBPyRelation
    columns: list[str]
    types: list[str]

    def _project(self, expressions: list[str], suffix: str = "") -> duckdb.DuckDBPyRelation:
        select = ", ".join(expressions) if expressions else "*"
        return self.relation.query("adhoc_result", f"SELECT {select} FROM adhoc_result{suffix}")

    def _as_text(self, nested_as_json: bool) -> list[str]:
        expressions = []
        for position, (name, kind) in enumerate(zip(self.columns, self.types, strict=True), 1):
            base = kind.split("(")[0].split("[")[0].strip().lower()
            nested = base in _NESTED or kind.endswith("]")
            value = f"#{position}"
            if nested and nested_as_json:
                text = f"to_json({value})::VARCHAR"
            else:
                text = f"CAST({value} AS VARCHAR)"
            expressions.append(f"{text} AS {_quote(name)}")
        return expressions

    def text_rows(self, limit: int) -> list[tuple[str | None, ...]]:
        """At most `limit` rows, every value as DuckDB's text; only those rows are computed."""
        try:
            relation = self._project(self._as_text(nested_as_json=False), f" LIMIT {int(limit)}")
            return relation.fetchall()
        except duckdb.Error as error:
            raise _error(error) from None

    def text_batches(self, rows: int) -> Iterator[pa.RecordBatch]:
        """The rows as batches of text columns (lists, structs and maps as JSON), for CSV."""
        yield from self._stream(self._project(self._as_text(nested_as_json=True)), rows)

    def json_batches(self, rows: int) -> Iterator[pa.RecordBatch]:
        """The rows as batches of one text column, each value a row as a JSON object."""
        yield from self._stream(self._project(["to_json(adhoc_result)::VARCHAR AS row"]), rows)

    def arrow_batches(self, rows: int) -> Iterator[pa.RecordBatch]:
        """The rows in their own types, except those Parquet cannot hold, which become text."""
        expressions = []
        for position, (name, kind) in enumerate(zip(self.columns, self.types, strict=True), 1):
            base = kind.split("(")[0].strip().lower()
            value = f"#{position}"
            if base in _PARQUET_AS_TEXT:
                value = f"CAST({value} AS VARCHAR)"
            expressions.append(f"{value} AS {_quote(name)}")
        yield from self._stream(self._project(expressions), rows)

    @staticmethod
    def _stream(relation: duckdb.DuckDBPyRelation, rows: int) -> Iterator[pa.RecordBatch]:
        try:
            reader = relation.to_arrow_reader(rows)
            while True:
                try:
                    batch = reader.read_next_batch()
                except StopIteration:
                    return
                yield batch
        except duckdb.Error as error:
            raise _error(error) from None


class AdhocSession:
    """A sandboxed read-only connection running the analyst's statements one at a time."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con

    def statements(self, sql: str) -> list[str]:
        """`sql` split into statements by DuckDB's own parser (a syntax error is a QueryError)."""
        try:
            return [statement.query.strip() for statement in self._con.extract_statements(sql)]
        except duckdb.Error as error:
            raise _error(error) from None

    def run(self, statement: str, params: list | dict | None = None) -> Result | None:
        """Start one statement; its result (None when it has none) streams when read."""
        try:
            relation = self._con.sql(statement, params=params)
            if relation is None:
                return None
            return Result(relation, list(relation.columns), [str(t) for t in relation.types])
        except duckdb.Error as error:
            raise _error(error) from None

    def interrupt(self) -> None:
        """Stop the running query (safe from another thread); it raises `QueryInterrupted`."""
        self._con.interrupt()
