"""Errors the warehouse raises, so callers (CLI, flows) can report them without DuckDB types."""

from __future__ import annotations


class WarehouseError(RuntimeError):
    """Base class of every error the warehouse raises on purpose."""


class WarehouseMissingError(WarehouseError):
    """A read was asked of a warehouse file that does not exist yet."""


class WarehouseFileError(WarehouseError):
    """The warehouse path cannot hold a warehouse: not a DuckDB file, a directory, a missing
    parent directory, or a file this process may not write."""


class WarehouseSettingError(WarehouseError):
    """A warehouse setting (such as the lock timeout) has a value that is not of its form."""


class WarehouseBusyError(WarehouseError):
    """Another process kept the warehouse file locked for longer than the retry bound."""


class QueryError(WarehouseError):
    """DuckDB refused or failed a query; the message is DuckDB's own."""


class ReadOnlyError(QueryError):
    """A statement tried to write through a read-only connection."""


class QueryInterrupted(QueryError):
    """A query was stopped before its end (Ctrl-C or a timeout)."""
