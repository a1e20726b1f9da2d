"""Run-scoped staging of batches as Parquet files, so tasks pass paths instead of frames.

Each run's folder (`.timeline-staging-<warehouse>-*` beside the warehouse, where `<warehouse>`
is a digest of the warehouse file's resolved path, so runs of two warehouses in one folder never
take each other's folders for their own) holds an exclusive `flock` on its
`.lock` file for as long as the run's process lives, and names its run in `run_id`. A folder
whose lock can be taken belongs to a run whose process died (`kill -9`, power loss): the next
run removes it and reports that run id, so the warehouse can mark the run abandoned.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

try:
    import fcntl
except ImportError:  # Windows: no flock; stale folders are then left for the user to delete
    fcntl = None  # type: ignore[assignment]

STAGING_PREFIX = ".timeline-staging-"
_LOCK_NAME = ".lock"
_RUN_ID_NAME = "run_id"
_held: dict[Path, int] = {}
"""Open lock file descriptors of this process's live staging folders."""


@dataclass(frozen=True, slots=True)
class StagedBatch:
    """One batch on disk: its articles (new or changed only) and reader rejects."""

    source_key: str
    number: int
    articles: str
    rejects: str
    read: int
    rejected: int
    unchanged: int
    skipped: int
    staged: int = 0
    """Articles in the `articles` file (read, less unchanged and superseded copies)."""
    reasons: dict[str, int] = field(default_factory=dict)
    """Reader reject rows of the batch per reason class (`flows.report.reason_class`)."""
    examples: dict[str, str] = field(default_factory=dict)
    """One full reason of each class in `reasons`."""
    state: dict[str, Any] | None = None
    """The reader state to save after loading, on the batch that ends its source."""
    label: str = ""
    """The source's short label (task run names, tables)."""
    failure: str | None = None
    """Why the source as a whole could not be read, on the batch that ends a failed source."""


@dataclass(frozen=True, slots=True)
class StagedResult:
    """A normalised batch on disk: timexes and events beside its articles."""

    batch: StagedBatch
    timexes: str
    events: str
    timex_count: int
    event_count: int


STAGING_ROOT_ENV = "TIMELINE_STAGING_DIR"
"""Environment variable naming the folder runs stage their batches in (default: beside the
warehouse). Workers on other machines read and write the staged files by path, so for a
multi-machine Dask cluster it must be shared storage mounted at the same path everywhere."""


def staging_root(warehouse_path: Path, root: str | Path | None = None) -> Path:
    """Where runs stage batches: `root`, else `$TIMELINE_STAGING_DIR`, else beside the warehouse."""
    chosen = root or os.environ.get(STAGING_ROOT_ENV) or warehouse_path.resolve().parent
    return Path(chosen).expanduser().resolve()


def warehouse_tag(warehouse_path: Path) -> str:
    """The part of a staging folder's name that says which warehouse its run writes to."""
    return hashlib.sha1(str(warehouse_path.resolve()).encode()).hexdigest()[:10]


def new_staging_dir(warehouse_path: Path, run_id: str = "", root: str | Path | None = None) -> Path:
    """A fresh folder under `staging_root` (cleaned after the run), locked by this process and
    labelled with `run_id`.

    It is built under a temporary name and renamed once locked, so a concurrent
    `sweep_stale_staging` never sees it unlocked.
    """
    parent = staging_root(warehouse_path, root)
    parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=".timeline-building-", dir=parent))
    descriptor = os.open(building / _LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    if fcntl is not None:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    (building / _RUN_ID_NAME).write_text(run_id, encoding="utf-8")
    suffix = building.name.removeprefix(".timeline-building-")
    directory = parent / f"{STAGING_PREFIX}{warehouse_tag(warehouse_path)}-{suffix}"
    building.rename(directory)
    _held[directory] = descriptor
    return directory


def sweep_stale_staging(warehouse_path: Path) -> list[str]:
    """Remove the staging folders of this warehouse's runs whose process is gone; return those
    runs' ids.

    Folders of live runs (this process's or another's) are locked and left alone, and so are
    the folders of other warehouses' runs.
    """
    if fcntl is None:
        return []
    stale = []
    pattern = f"{STAGING_PREFIX}{warehouse_tag(warehouse_path)}-*"
    for directory in sorted(staging_root(warehouse_path).glob(pattern)):
        try:
            descriptor = os.open(directory / _LOCK_NAME, os.O_RDWR)
        except OSError:
            continue
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(descriptor)
            continue
        try:
            run_id = (directory / _RUN_ID_NAME).read_text(encoding="utf-8").strip()
        except OSError:
            run_id = ""
        shutil.rmtree(directory, ignore_errors=True)
        os.close(descriptor)
        if run_id:
            stale.append(run_id)
    return stale


def write_frame(frame: pl.DataFrame, directory: Path, name: str) -> str:
    """Write one frame as Parquet and return its path."""
    path = directory / f"{name}.parquet"
    frame.write_parquet(path)
    return str(path)


def read_frame(path: str) -> pl.DataFrame:
    """Read a staged frame back."""
    return pl.read_parquet(path)


def release_all() -> None:
    """Delete every staging folder this process holds (a run being interrupted)."""
    for directory in list(_held):
        remove_staging_dir(directory)


def remove_staging_dir(directory: Path) -> None:
    """Delete a run's staging folder (its run label first) and release its lock."""
    (directory / _RUN_ID_NAME).unlink(missing_ok=True)
    shutil.rmtree(directory, ignore_errors=True)
    descriptor = _held.pop(directory, None)
    if descriptor is not None:
        os.close(descriptor)
