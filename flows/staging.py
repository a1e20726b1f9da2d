"""Run-scoped staging of batches as Parquet files, so tasks pass paths instead of frames."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import polars as pl


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


def new_staging_dir(warehouse_path: Path, root: str | Path | None = None) -> Path:
    """A fresh run folder under `root`, `$TIMELINE_STAGING_DIR` or beside the warehouse file.

    The default keeps staged files on the warehouse's disk; the folder is removed after the run.
    """
    chosen = root or os.environ.get(STAGING_ROOT_ENV) or warehouse_path.resolve().parent
    parent = Path(chosen).expanduser().resolve()
    parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=".timeline-staging-", dir=parent))


def write_frame(frame: pl.DataFrame, directory: Path, name: str) -> str:
    """Write one frame as Parquet and return its path."""
    path = directory / f"{name}.parquet"
    frame.write_parquet(path)
    return str(path)


def read_frame(path: str) -> pl.DataFrame:
    """Read a staged frame back."""
    return pl.read_parquet(path)


def remove_staging_dir(directory: Path) -> None:
    """Delete a run's staging folder."""
    shutil.rmtree(directory, ignore_errors=True)
