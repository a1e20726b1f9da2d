"""Small helpers shared by the subcommands: dates, JSON lines, readable tables."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import IO, Any


class InputError(ValueError):
    """A bad input record; the message names what is wrong."""


def parse_date(value: Any, what: str = "date") -> date:
    """A date from 'YYYY-MM-DD' or an ISO timestamp (its own calendar date is kept)."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"missing {what}")
    text = value.strip()
    try:
        return date.fromisoformat(text[:10]) if len(text) >= 10 else date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        raise InputError(f"unparseable {what} {value!r} (expected YYYY-MM-DD)") from None


def read_json_lines(stream: IO[bytes], name: str) -> Iterator[tuple[int, dict | None, str | None]]:
    """Yield `(line number, object, None)` or `(line number, None, error message)` per line.

    Lines are decoded one by one, so one line that is not UTF-8 loses only itself.
    """
    for number, raw in enumerate(stream, 1):
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield number, None, f"{name}:{number}: not UTF-8 ({exc.reason} at byte {exc.start})"
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, None, f"{name}:{number}: malformed JSON ({exc.msg} at column {exc.colno})"
            continue
        if not isinstance(obj, dict):
            yield number, None, f"{name}:{number}: expected a JSON object, got {type(obj).__name__}"
            continue
        yield number, obj, None


def json_default(value: Any) -> Any:
    """JSON encoding for dates."""
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def print_table(headers: list[str], rows: Iterable[list[Any]], out: IO[str] = sys.stdout) -> None:
    """Print rows as an aligned plain-text table."""
    cells = [["" if v is None else str(v) for v in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    out.write("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in cells:
        out.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n")
