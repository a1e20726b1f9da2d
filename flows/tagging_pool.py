"""Where the threads runner's normalisation does its CPU work: worker processes that import
only `transforms/` (no Prefect, no warehouse), so tagging uses every core.

With Prefect's thread pool every `normalise_batch` task shares one interpreter lock with the
flow's own thread (staging, loading) and with Prefect's API clients, so a run used one core and
took about twice as long as tagging its articles bare. The task stays a Prefect task (its state,
logs and name show in the UI); only the pure-Python analysis of its staged Parquet file moves
to a worker process, which reads the batch, tags it and writes the results beside it.

The pool is opt-in per process (`enable`, which `timeline run` and `timeline serve` call for the
threads runner) and starts lazily: a batch of fewer than `POOL_MIN_ARTICLES` articles is tagged
in the calling thread, since a worker costs about half a second of start-up. `prewarm` starts
one worker ahead (while the command imports Prefect) when the sources are large. Workers exit
with the process that started them (`flows.runners.worker_setup`); an interrupted run stops them
with its other children.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl

WORKERS_ENV = "TIMELINE_TAGGING_PROCESSES"
"""Environment variable that enables the pool in a process that did not call `enable` (the
flow-run processes `timeline serve` starts): the number of worker processes, or `auto` for one
per core; unset or 0 leaves it off."""

POOL_MIN_ARTICLES = 100
"""Batches smaller than this are tagged in the calling thread (no worker is started for them)."""

_WARM_TEXT = "Talks resumed on 11/29/2024 after a pause last Tuesday, officials said on Friday."


@dataclass(frozen=True, slots=True)
class AnalysedBatch:
    """What the analysis of one staged batch wrote, and what the task should log."""

    timexes: str
    events: str
    timex_count: int
    event_count: int
    too_long: int = 0
    """How many articles were longer than the tagging cap (tagged in their first `limit`)."""
    too_long_example: tuple[str, int] | None = None
    """The first over-long article's id and length."""
    limit: int = 0


def analyse_staged(articles_path: str, limit: int | None = None) -> AnalysedBatch:
    """Tag one staged batch of articles (each in its first `limit` characters, default
    `transforms.frames.max_tagged_chars()`) and write its timexes and events beside it.

    Runs in a worker process or in the caller; needs nothing but `transforms/` and Polars."""
    from flows.staging import read_frame, write_frame
    from transforms.frames import analyse, max_tagged_chars, over_long

    if limit is None:
        limit = max_tagged_chars()
    articles = read_frame(articles_path)
    too_long = over_long(articles, limit)
    timexes, events = analyse(articles, max_chars=limit)
    stem = Path(articles_path.removesuffix("-articles.parquet"))
    return AnalysedBatch(
        timexes=write_frame(timexes, stem.parent, f"{stem.name}-timexes"),
        events=write_frame(events, stem.parent, f"{stem.name}-events"),
        timex_count=timexes.height,
        event_count=events.height,
        too_long=too_long.height,
        too_long_example=(too_long.item(0, "id"), too_long.item(0, "chars"))
        if too_long.height
        else None,
        limit=limit,
    )


def _worker_start(parent: int) -> None:
    """Worker initializer: die with `parent`, then load the tagger (models, dateparser's data)
    before the first batch arrives."""
    from flows.runners import worker_setup

    worker_setup(parent)
    import polars as pl

    from transforms.frames import analyse

    analyse(
        pl.DataFrame({"id": ["warm-up"], "published": [date(2024, 11, 29)], "text": [_WARM_TEXT]})
    )


class _Pool:
    """The process's pool, created on first use; `workers` None means one per core."""

    def __init__(self) -> None:
        setting = os.environ.get(WORKERS_ENV, "").strip().lower()
        self.enabled = setting == "auto" or (setting.isdigit() and int(setting) > 0)
        self.workers: int | None = int(setting) if setting.isdigit() and self.enabled else None
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self.pending: set[Future] = set()
        """Submitted batches not yet finished: a failing run cancels the queued ones."""
        self.failing = threading.Event()
        """Set while a failing run unwinds: batches not yet started are not tagged."""
        self.abandoned = threading.Event()
        """Set when the process is being stopped: a batch whose worker is killed then waits
        for the process to end instead of failing its task (and the flow run) first."""

    def executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    max_workers=self.workers or os.cpu_count() or 1,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_worker_start,
                    initargs=(os.getpid(),),
                )
            return self._executor

    def submit(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Future:
        """`fn(*args, **kwargs)` in a worker. A worker is spawned from the submitting thread,
        with SIGINT blocked there: the new process inherits the mask, so a Ctrl-C to the
        process group never interrupts a worker that is still starting (the run stops its
        workers itself, with SIGTERM)."""
        executor = self.executor()
        if not hasattr(signal, "pthread_sigmask"):
            future = executor.submit(fn, *args, **kwargs)
            self.pending.add(future)
            future.add_done_callback(self.pending.discard)
            return future
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            future = executor.submit(fn, *args, **kwargs)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        self.pending.add(future)
        future.add_done_callback(self.pending.discard)
        return future

    def started(self) -> bool:
        """Whether this process has workers running (and the pool is still enabled)."""
        return self.enabled and self._executor is not None

    def shutdown(self) -> None:
        """Stop the workers without waiting: the callers have their results by now, so what a
        worker may still be doing is its warm-up (a run with nothing new ends before the worker
        it started ahead has loaded the tagger), which nobody needs."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is None:
            return
        # The executor's own record of its worker processes (a private attribute, stable since
        # Python 3.2): `shutdown` alone would wait for a warm-up to finish.
        workers = list((getattr(executor, "_processes", None) or {}).values())
        executor.shutdown(wait=False, cancel_futures=True)
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.join(timeout=5)


_POOL = _Pool()


def enable(workers: int | None = None) -> None:
    """Let this process's `normalise_batch` tasks tag in worker processes (`workers`, default
    one per core)."""
    _POOL.enabled = True
    _POOL.workers = workers


def disable() -> None:
    """Stop the workers and tag in-process again (and forget a failed run: `new_run`)."""
    _POOL.enabled = False
    _POOL.failing.clear()
    _POOL.shutdown()


def worker_pids() -> list[int]:
    """Pids of this process's tagging workers (none before the first big batch)."""
    executor = _POOL._executor
    return sorted((getattr(executor, "_processes", None) or {}).keys()) if executor else []


def enabled() -> bool:
    """Whether `normalise_batch` hands its batches to worker processes."""
    return _POOL.enabled


def _warm_charts() -> None:
    """Import the chart code (Matplotlib) in a worker, for the run's chart at the end."""
    import transforms.charts.render  # noqa: F401


def prewarm() -> None:
    """Start one worker now: it loads the tagger and the chart code while the caller does
    other work (imports Prefect, stages the first batch)."""
    if _POOL.enabled and (_POOL.workers or os.cpu_count() or 1) > 1:
        _POOL.submit(_warm_charts)


def chart_png(events: pl.DataFrame, title: str, dpi: int) -> bytes:
    """`transforms.charts.timeline_png` of a run's chart: in a worker when the pool is running
    (the chart code is loaded there, and this process is spared Matplotlib), else here."""
    from transforms.charts import timeline_png

    if not _POOL.started():
        return timeline_png(events, title, dpi=dpi)
    return _POOL.submit(timeline_png, events, title, dpi=dpi).result()


def analyse(articles_path: str, articles: int, limit: int | None = None) -> AnalysedBatch:
    """Analyse a staged batch of `articles` articles: in a worker when the pool is enabled and
    the batch is big enough, else here."""
    if _POOL.failing.is_set():
        raise CancelledError("the run is failing: batch left untagged")
    if not _POOL.enabled or articles < POOL_MIN_ARTICLES:
        return analyse_staged(articles_path, limit)
    future: Future[AnalysedBatch] = _POOL.submit(analyse_staged, articles_path, limit)
    try:
        return future.result()
    except BrokenProcessPool:
        if _POOL.abandoned.is_set():
            threading.Event().wait()
        raise


def cancel_queued() -> int:
    """A run is failing and will load nothing more: batches not yet started are left untagged
    (those waiting for a worker are cancelled, later ones refuse to start) until `new_run`;
    the ones being tagged finish. Returns how many queued batches were cancelled."""
    _POOL.failing.set()
    return sum(future.cancel() for future in list(_POOL.pending))


def new_run() -> None:
    """A run starts: batches are tagged again (see `cancel_queued`)."""
    _POOL.failing.clear()


def abandoned(grace: float = 0.0) -> bool:
    """Whether this process is being stopped (`abandon`), waiting up to `grace` seconds for it:
    a signal reaches the flow (as KeyboardInterrupt or Prefect's TerminationSignal) and the
    stopper thread at the same moment, and the flow may get there first."""
    return _POOL.abandoned.wait(grace) if grace > 0 else _POOL.abandoned.is_set()


def abandon() -> None:
    """The process is being stopped and will kill the workers: from now on a batch whose worker
    dies waits for the end instead of failing, so the run's flow run stays as the stopper
    records it (Cancelled)."""
    _POOL.abandoned.set()


def worth_prewarming(
    sources: list[str],
    stored_state: Callable[[str], Mapping[str, Any] | None],
    full_refresh: bool = False,
    threshold: int = 1 << 20,
) -> bool:
    """Whether the local sources hold `threshold` bytes or more that the run will read: files
    the warehouse's reader state (`stored_state(source_key)`) does not record as unchanged,
    and folders. A rerun with nothing new then starts no worker at all."""
    from flows.sources.files import unchanged
    from flows.sources.specs import parse_spec, source_key

    total = 0
    for spec in sources:
        try:
            parsed = parse_spec(spec)
            path = Path(parsed.target)
            if path.is_file():
                state = None if full_refresh else stored_state(source_key(parsed))
                reader = (state or {}).get("reader_state") or {}
                if not reader or not unchanged(path, reader):
                    total += path.stat().st_size
            elif path.is_dir():
                total += sum(p.stat().st_size for p in itertools.islice(path.iterdir(), 2000))
        except (OSError, ValueError):
            continue
    return total >= threshold
