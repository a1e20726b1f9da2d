"""Source specs: the strings a flow or CLI passes to name a source, and their stable keys.

Syntax: `[kind][+option]:target`, where target is a path (file or folder) or an http(s) URL,
the optional kind is one of `KINDS` and the optional options are `DATE_ORDERS` (`dayfirst`,
`monthfirst`: how to read this source's all-numeric dates such as `03/04/2024`), e.g.
`csv+dayfirst:export.csv` or `dayfirst:export.csv`. Without a kind, folders are text folders,
files are told apart by suffix (`SUFFIX_KINDS`, then by sniffing their first bytes) and URLs
by the response's media type and first bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from flows.sources.dates import DATE_ORDERS
from flows.sources.documents import is_url, sniff_kind
from flows.sources.http import FetchError, check_url

KINDS: tuple[str, ...] = ("feed", "page", "jsonl", "csv", "parquet", "folder", "text")

SUFFIX_KINDS: dict[str, str] = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".html": "page",
    ".htm": "page",
    ".xhtml": "page",
    ".txt": "text",
    ".md": "text",
    ".text": "text",
}
"""File suffix (after dropping a trailing `.gz`) -> reader kind. Data, not code."""

MAGIC_KINDS: tuple[tuple[bytes, str], ...] = (
    (b"PAR1", "parquet"),
    (b"{", "jsonl"),
    (b"date ", "text"),
    (b"---", "text"),
)
"""Leading bytes (after whitespace) -> reader kind, for files with an unknown suffix."""


@dataclass(frozen=True, slots=True)
class SourceSpec:
    """One source: what to read, how (kind), and per-source options.

    `columns` maps article columns to this source's field names (tabular files only);
    `source_name` overrides the default `source` value; `fetch_pages` follows feed entry links;
    `date_order` (one of `DATE_ORDERS`) resolves dates whose day and month could be swapped.
    """

    target: str
    kind: str | None = None
    columns: Mapping[str, str] = field(default_factory=dict)
    source_name: str | None = None
    fetch_pages: bool = False
    date_order: str | None = None

    @property
    def prefix(self) -> str:
        """The `kind+option:` prefix `parse_spec` reads back into this spec ('' for none)."""
        words = [word for word in (self.kind, self.date_order) if word]
        return "+".join(words) + ":" if words else ""


def parse_spec(spec: str) -> SourceSpec:
    """Split `kind+option:target` (kind and options optional) into a `SourceSpec`."""
    prefix, sep, rest = spec.partition(":")
    words = prefix.lower().split("+")
    kinds = [word for word in words if word in KINDS]
    orders = [word for word in words if word in DATE_ORDERS]
    if not sep or len(kinds) > 1 or len(orders) > 1 or len(kinds) + len(orders) != len(words):
        return SourceSpec(target=spec.strip())
    return SourceSpec(
        target=rest.strip(),
        kind=kinds[0] if kinds else None,
        date_order=orders[0] if orders else None,
    )


def source_key(spec: SourceSpec) -> str:
    """A stable key for the source's incremental state: its URL (no fragment) or absolute path."""
    if is_url(spec.target):
        try:
            return check_url(spec.target)
        except FetchError:
            return spec.target
    return str(Path(spec.target).expanduser().resolve())


def file_kind(path: Path) -> str | None:
    """The reader kind of a local file or folder, from its suffix or first bytes."""
    if path.is_dir():
        return "folder"
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    suffix = Path(name).suffix
    kind = SUFFIX_KINDS.get(suffix)
    if kind is not None and kind != "feed":
        return kind
    try:
        with path.open("rb") as stream:
            head = stream.read(4096)
    except OSError:
        return kind
    sniffed = sniff_kind(head, "")
    if sniffed is not None:
        return sniffed
    if kind is not None:
        return kind
    stripped = head.lstrip()
    for magic, magic_kind in MAGIC_KINDS:
        if stripped.startswith(magic):
            return magic_kind
    return None
