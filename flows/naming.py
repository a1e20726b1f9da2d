"""Short names for what the Prefect UI shows: source labels, run names, tags and artifact keys.

Source specs are full paths and URLs, too long for a run name, a tag or a table column; the UI
shows their last path component (files, folders) or host and path tail (URLs) instead, and the
run summary maps each label back to its full spec. Artifact keys carry the warehouse so two
warehouses on one Prefect server never share (and overwrite) each other's artifacts.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

MAX_RUN_NAME = 80
"""Characters of a run name before further sources are summed up as '+N more'."""


def source_label(spec: str) -> str:
    """A short label for a source spec: a file or folder's name, a URL's host and last path
    component (`host/…/feed.xml`), without any `kind:` prefix."""
    from flows.sources.documents import is_url

    target = _target(spec)
    if is_url(target):
        try:
            parts = urlsplit(target)
        except ValueError:  # a malformed URL (`http://[::1`): the source fails with a reason
            return target[:MAX_RUN_NAME]
        host = parts.netloc or parts.scheme
        steps = [p for p in PurePosixPath(parts.path).parts if p != "/"]
        if not steps:
            return host
        return f"{host}/{steps[0]}" if len(steps) == 1 else f"{host}/…/{steps[-1]}"
    path = Path(target.rstrip("/\\") or target)
    return path.name or str(path)


def _target(spec: str) -> str:
    from flows.sources.specs import parse_spec

    return parse_spec(spec).target


def source_labels(specs: Sequence[str]) -> dict[str, str]:
    """`source_label` of each spec, made unique: labels that collide get their parent folder
    (`a/news.jsonl`, `b/news.jsonl`), and a number if they still collide."""
    labels = {spec: source_label(spec) for spec in specs}
    taken: dict[str, int] = {}
    for label in labels.values():
        taken[label] = taken.get(label, 0) + 1
    unique: dict[str, str] = {}
    used: set[str] = set()
    for spec, label in labels.items():
        if taken[label] > 1:
            parent = Path(_target(spec).rstrip("/\\")).parent.name
            label = f"{parent}/{label}" if parent else label
        candidate, number = label, 2
        while candidate in used:
            candidate, number = f"{label}#{number}", number + 1
        used.add(candidate)
        unique[spec] = candidate
    return unique


def warehouse_stem(warehouse: str | Path) -> str:
    """The warehouse file's name without its suffix (`timeline` for `timeline.duckdb`)."""
    return Path(warehouse).stem or str(warehouse)


def artifact_key(kind: str, warehouse: str | Path) -> str:
    """A Prefect artifact key for `kind` (e.g. `summary`) of one warehouse:
    `ingest-<kind>-<stem>-<hash6>` in lowercase letters, digits and dashes, the hash of the
    warehouse's absolute path telling apart warehouses with the same file name."""
    resolved = str(Path(warehouse).expanduser().resolve())
    digest = hashlib.sha1(resolved.encode("utf-8")).hexdigest()[:6]
    stem = re.sub(r"[^a-z0-9]+", "-", warehouse_stem(warehouse).lower()).strip("-")
    return f"ingest-{kind}-{stem or 'warehouse'}-{digest}"


def run_name(sources: Sequence[str], warehouse: str | Path | None) -> str:
    """What a run does, for its name in the UI: `ingest 2 sources: seeds, news.jsonl → wh`."""
    labels = list(source_labels(list(sources)).values())
    count = f"{len(labels)} source{'' if len(labels) == 1 else 's'}"
    into = f" → {warehouse_stem(warehouse)}" if warehouse else ""
    shown: list[str] = []
    for index, label in enumerate(labels):
        if shown and len(", ".join([*shown, label])) > MAX_RUN_NAME:
            return f"ingest {count}: {', '.join(shown)} +{len(labels) - index} more{into}"
        shown.append(label)
    return f"ingest {count}: {', '.join(shown)}{into}"


def run_tags(sources: Sequence[str], warehouse: str | Path | None) -> list[str]:
    """Tags of a run: `source:<label>` per source and `warehouse:<file stem>`."""
    tags = [f"source:{label}" for label in source_labels(list(sources)).values()]
    if warehouse:
        tags.append(f"warehouse:{warehouse_stem(warehouse)}")
    return tags
