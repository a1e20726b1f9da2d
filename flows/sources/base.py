"""Batch and reject records shared by every source reader.

A reader turns one source into an iterator of `Batch`es. Each batch carries the valid articles
as a Polars frame with exactly `ARTICLE_COLUMNS`, the records it could not use as reject rows,
and the incremental state that is safe to persist once this batch (and the ones before it)
is stored.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import polars as pl

from transforms.events.model import ARTICLE_COLUMNS

_POLARS_TYPES: dict[str, pl.DataType] = {"str": pl.String(), "date": pl.Date()}

ARTICLE_SCHEMA: dict[str, pl.DataType] = {
    name: _POLARS_TYPES[kind] for name, kind in ARTICLE_COLUMNS.items()
}
"""Polars schema of `Batch.articles`, derived from `ARTICLE_COLUMNS`."""

REJECT_COLUMNS: tuple[str, ...] = ("source", "location", "reason", "payload")
REJECT_SCHEMA: dict[str, pl.DataType] = {name: pl.String() for name in REJECT_COLUMNS}
"""Polars schema of `Batch.rejects`: all strings."""

DEFAULT_BATCH_SIZE = 500
MAX_PAYLOAD_BYTES = 10 * 1024
"""Reject payloads are cut to this many UTF-8 bytes so one huge bad record cannot bloat a batch."""

FUTURE_TOLERANCE = timedelta(days=1)
"""Articles dated more than this after the run started are rejected as 'published in the future'."""

DEFAULT_LANGUAGE = "en"

MAX_RECORD_BYTES = 10 * 1024 * 1024
"""A single JSONL line or CSV record larger than this is rejected instead of held in memory."""


@dataclass(frozen=True, slots=True)
class Batch:
    """A chunk of one source: articles, rejects and the state to persist after storing it.

    `state` is always safe to persist once this batch is stored: intermediate batches repeat the
    previous state and only the batch with `done=True` carries the advanced state, so a run that
    dies half-way through a source re-reads it next time instead of skipping it.
    `skipped` counts valid articles dropped by the `since` filter and files a reader does not
    take as articles at all (e.g. a `.json` file in a text folder); neither is an error, so
    neither is a reject. Readers log why they skipped a file (`log_note`).
    `failure`, on the `done` batch only, is the reason the source as a whole could not be read
    (missing, unreachable, unreadable): a failed source, as opposed to one with nothing new.
    """

    source_key: str
    articles: pl.DataFrame
    rejects: pl.DataFrame
    state: dict[str, Any]
    done: bool
    skipped: int = 0
    failure: str | None = None


@dataclass(frozen=True, slots=True)
class ReadContext:
    """Settings every reader needs: batch size, the `since` filter, the run clock, the record
    size cap, and the source's own `date_order` (`read_source` copies it in from the spec)."""

    batch_size: int = DEFAULT_BATCH_SIZE
    since: date | None = None
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    max_record_bytes: int = MAX_RECORD_BYTES
    date_order: str | None = None

    @property
    def latest_allowed(self) -> date:
        """The last publication date not considered 'in the future'."""
        return (self.started + FUTURE_TOLERANCE).date()

    @property
    def today(self) -> date:
        """The run's start date (UTC): the cap for watermarks."""
        return self.started.date()


_LOG = logging.getLogger("flows.sources")


def log_note(message: str, *args: Any) -> None:
    """Log a reader's note (e.g. which files it skipped and why) where the run's user sees it.

    Inside a Prefect flow or task run the note goes to that run's logger, so it shows in
    `timeline run`'s output and the UI; elsewhere to the `flows.sources` logger. The readers
    never import Prefect: it is used only when the caller has already loaded it.
    """
    prefect = sys.modules.get("prefect")
    if prefect is not None:
        try:
            prefect.get_run_logger().info(message, *args)
            return
        except prefect.exceptions.MissingContextError:
            pass
    _LOG.info(message, *args)


class SourceError(Exception):
    """A whole source (file, URL, feed) could not be read; the message is the reject reason."""


def payload_text(raw: Any) -> str:
    """Render a raw record as a reject payload: text as is, bytes as a repr, the rest as JSON.

    The result is valid UTF-8 (lone surrogates are escaped) and at most `MAX_PAYLOAD_BYTES`.
    """
    if isinstance(raw, str):
        text = raw
    elif isinstance(raw, bytes | bytearray):
        text = repr(bytes(raw[: MAX_PAYLOAD_BYTES + 1]))
    else:
        text = json.dumps(raw, ensure_ascii=False, default=str)
    encoded = text.encode("utf-8", "backslashreplace")
    if len(encoded) <= MAX_PAYLOAD_BYTES:
        return encoded.decode("utf-8")
    return encoded[:MAX_PAYLOAD_BYTES].decode("utf-8", "ignore") + " …[truncated]"


def reject_row(source: str, location: str, reason: str, payload: Any = "") -> dict[str, str]:
    """One reject row; every field is a clean UTF-8 string."""
    return {
        "source": _clean(source),
        "location": _clean(location),
        "reason": _clean(reason),
        "payload": payload_text(payload),
    }


def _clean(text: str) -> str:
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def articles_frame(rows: list[Mapping[str, Any]]) -> pl.DataFrame:
    """Build an articles frame with exactly `ARTICLE_SCHEMA` (empty frames keep the dtypes)."""
    return pl.DataFrame(
        {name: [row[name] for row in rows] for name in ARTICLE_SCHEMA}, schema=ARTICLE_SCHEMA
    )


def rejects_frame(rows: list[Mapping[str, str]]) -> pl.DataFrame:
    """Build a rejects frame with exactly `REJECT_SCHEMA`."""
    return pl.DataFrame(
        {name: [row[name] for row in rows] for name in REJECT_COLUMNS}, schema=REJECT_SCHEMA
    )


def id_namespace(source_name: str) -> str:
    """The prefix that makes a file's or folder's own ids unique across sources.

    It is the source's name (its `source` default: the file's stem, the folder's name, or the
    name the spec gives), so the stored id is `news:17` for row 17 of `news.csv`, and
    `export-a.csv` and `export-b.csv` both numbering their rows 1..N no longer overwrite each
    other. The name, not the path, keeps ids stable when the file moves or is compressed, and
    the same file name in two places is one source on purpose (a re-export, a chunk of a
    corpus). The own id is everything after the first `:`.
    """
    return source_name.replace(":", "_")


class BatchBuilder:
    """Collects one source's articles and rejects and cuts them into batches.

    It applies the `since` filter, tracks the watermark (max publication date kept, capped at
    the run's start date) and makes sure a source always ends with one `done` batch. With an
    `id_namespace` every article id becomes `namespace:id` (see `id_namespace`).
    """

    def __init__(
        self,
        source_key: str,
        previous_state: Mapping[str, Any],
        ctx: ReadContext,
        id_namespace: str | None = None,
    ):
        self.source_key = source_key
        self.ctx = ctx
        self.id_namespace = id_namespace
        self.previous_state = dict(previous_state)
        self._articles: list[dict[str, Any]] = []
        self._rejects: list[dict[str, str]] = []
        self._skipped = 0
        self._failure: str | None = None
        self._watermark: date | None = _parse_watermark(previous_state.get("watermark"))

    def add_article(self, row: dict[str, Any]) -> Iterator[Batch]:
        """Queue a valid article; yields a batch when the batch size is reached."""
        published: date = row["published"]
        if self.id_namespace is not None:
            row = {**row, "id": f"{self.id_namespace}:{row['id']}"}
        if self.ctx.since is not None and published < self.ctx.since:
            self._skipped += 1
        else:
            self._articles.append(row)
            capped = min(published, self.ctx.today)
            if self._watermark is None or capped > self._watermark:
                self._watermark = capped
        yield from self._maybe_flush()

    def add_reject(self, location: str, reason: str, payload: Any = "") -> Iterator[Batch]:
        """Queue a reject row; yields a batch when the batch size is reached."""
        self._rejects.append(reject_row(self.source_key, location, reason, payload))
        yield from self._maybe_flush()

    def add_skipped(self, count: int = 1) -> None:
        """Count records or files passed over on purpose (neither articles nor rejects)."""
        self._skipped += count

    def fail(self, location: str, reason: str, payload: Any = "") -> Iterator[Batch]:
        """Record that the source as a whole failed: a reject row with the full `reason`, and
        the `done` batch will carry `reason` as its `failure` and keep the previous state."""
        self._failure = reason
        yield from self.add_reject(location, reason, payload)

    def _maybe_flush(self) -> Iterator[Batch]:
        size = self.ctx.batch_size
        if len(self._articles) >= size or len(self._rejects) >= size:
            yield self._cut(self.previous_state, done=False)

    def finish(self, new_state: Mapping[str, Any] | None) -> Batch:
        """The last batch; `new_state=None` or a recorded `fail` keeps the previous state."""
        if new_state is None or self._failure is not None:
            return self._cut(self.previous_state, done=True)
        state = dict(new_state)
        if self._watermark is not None:
            state["watermark"] = self._watermark.isoformat()
        return self._cut(state, done=True)

    def _cut(self, state: dict[str, Any], done: bool) -> Batch:
        batch = Batch(
            source_key=self.source_key,
            articles=articles_frame(self._articles),
            rejects=rejects_frame(self._rejects),
            state=dict(state),
            done=done,
            skipped=self._skipped,
            failure=self._failure if done else None,
        )
        self._articles, self._rejects, self._skipped = [], [], 0
        return batch


def _parse_watermark(value: Any) -> date | None:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None
