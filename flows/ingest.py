"""The `ingest` flow: sources -> batches -> engine (parallel) -> warehouse (one writer) -> report.

Stages, per source: `stage_source` reads the source in batches, drops articles the warehouse
already holds unchanged and writes each batch to Parquet; `normalise_batch` (submitted to the
task runner, so batches run in parallel) tags timexes and derives events; `load_batch` writes
them to the warehouse, one batch per transaction, in the flow's own thread — the single writer.
Frames never cross task boundaries: tasks pass staged file paths and counts.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import (
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from flows import progress as terminal_progress
from flows.report import RunReport
from flows.staging import (
    StagedBatch,
    StagedResult,
    new_staging_dir,
    read_frame,
    remove_staging_dir,
    sweep_stale_staging,
    write_frame,
)
from flows.timeline_artifact import publish_timeline


@dataclass
class StagedSource:
    """A source read and staged: its batches on disk and the state to save once loaded."""

    spec: str
    source_key: str
    batches: list[StagedBatch] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)
    reasons: Counter = field(default_factory=Counter)


@dataclass(frozen=True)
class NetworkLimits:
    """Per-fetch limits for feeds and pages: read timeout (s), retries, size cap (bytes)."""

    timeout: float = 20.0
    retries: int = 3
    max_bytes: int = 10 * 1024 * 1024


def _state_to_store(state: dict[str, Any]) -> dict[str, Any]:
    """Warehouse columns for a reader state; the whole state rides along as JSON."""
    return {
        "watermark": state.get("watermark"),
        "etag": state.get("etag"),
        "last_modified": state.get("last_modified"),
        "reader_state": state,
    }


@task(name="stage-source", cache_policy=NO_CACHE)
def stage_source(
    spec: str,
    warehouse_path: str,
    staging_dir: str,
    batch_size: int,
    since: date | None,
    full_refresh: bool,
    network: NetworkLimits,
) -> StagedSource:
    """Read one source in batches; stage new and changed articles and all rejects as Parquet."""
    from flows.sources import read_sources
    from flows.sources.http import HttpOptions
    from flows.sources.specs import parse_spec, source_key
    from warehouse import Warehouse

    logger = get_run_logger()
    wh = Warehouse(warehouse_path)
    key = source_key(parse_spec(spec))
    stored = None if full_refresh else wh.get_source_state(key)
    previous = (stored or {}).get("reader_state") or {}
    staged = StagedSource(spec, key, state=dict(previous))
    directory = Path(staging_dir)
    http = HttpOptions(
        read_timeout=network.timeout,
        total_timeout=network.timeout * 3,
        connect_timeout=min(10.0, network.timeout),
        retries=network.retries,
        max_bytes=network.max_bytes,
    )
    batches = read_sources([spec], {key: previous}, batch_size, since, http=http)
    for number, batch in enumerate(batches):
        unchanged = set() if full_refresh else wh.unchanged_ids(batch.articles)
        fresh = batch.articles.filter(~batch.articles["id"].is_in(list(unchanged)))
        for reason in batch.rejects.get_column("reason").to_list():
            staged.reasons[reason.split(":")[0][:80]] += 1
        name = f"{hashlib.sha1(key.encode()).hexdigest()[:10]}-b{number:05d}"
        staged.batches.append(
            StagedBatch(
                source_key=key,
                number=number,
                articles=write_frame(fresh, directory, f"{name}-articles"),
                rejects=write_frame(batch.rejects, directory, f"{name}-rejects"),
                read=batch.articles.height,
                rejected=batch.rejects.height,
                unchanged=len(unchanged),
                skipped=batch.skipped,
            )
        )
        logger.info(
            "source %s batch %d: %d read, %d unchanged, %d rejected, %d skipped",
            spec, number, batch.articles.height, len(unchanged), batch.rejects.height,
            batch.skipped,
        )  # fmt: skip
        if batch.done:
            staged.state = dict(batch.state)
    return staged


@task(name="normalise-batch", cache_policy=NO_CACHE)
def normalise_batch(batch: StagedBatch) -> StagedResult:
    """Tag temporal expressions and derive events for one staged batch (runs in parallel)."""
    from transforms.frames import analyse

    articles = read_frame(batch.articles)
    timexes, events = analyse(articles)
    stem = batch.articles.removesuffix("-articles.parquet")
    return StagedResult(
        batch=batch,
        timexes=write_frame(timexes, Path(stem).parent, f"{Path(stem).name}-timexes"),
        events=write_frame(events, Path(stem).parent, f"{Path(stem).name}-events"),
        timex_count=timexes.height,
        event_count=events.height,
    )


@task(name="load-batch", cache_policy=NO_CACHE)
def load_batch(warehouse_path: str, run_id: str, result: StagedResult) -> dict[str, Any]:
    """Write one normalised batch to the warehouse in one transaction; return its counts."""
    from warehouse import Warehouse

    events = read_frame(result.events)
    loaded = Warehouse(warehouse_path).load_batch(
        run_id,
        read_frame(result.batch.articles),
        read_frame(result.timexes),
        events,
        read_frame(result.batch.rejects),
    )
    days = Counter(d.isoformat() for d in events.get_column("earliest").to_list() if d)
    return {
        "new": loaded.articles_new,
        "changed": loaded.articles_changed,
        "unchanged_in_load": loaded.articles_unchanged,
        "timexes": loaded.timexes,
        "events": loaded.events,
        "rejects_stored": loaded.rejects,
        "days": dict(days),
    }


@task(name="save-source-state", cache_policy=NO_CACHE)
def save_source_state(warehouse_path: str, source_key: str, state: dict[str, Any]) -> None:
    """Persist a source's reader state once all its batches are loaded."""
    from warehouse import Warehouse

    if state:
        Warehouse(warehouse_path).set_source_state(source_key, **_state_to_store(state))


@flow(name="ingest", log_prints=False)
def ingest(
    sources: list[str],
    warehouse: str | None = None,
    batch_size: int = 500,
    since: date | None = None,
    full_refresh: bool = False,
    timeout: float = 20.0,
    retries: int = 3,
    max_bytes: int = 10 * 1024 * 1024,
) -> dict[str, Any]:
    """Ingest articles from `sources` into the warehouse and publish the run's report.

    `timeout`, `retries` and `max_bytes` bound every network read (feeds, pages); a source that
    fails ends in `rejects` and the others still load.
    """
    from warehouse import Warehouse, resolve_warehouse_path

    logger = get_run_logger()
    started = time.perf_counter()
    path = Path(resolve_warehouse_path(warehouse))
    wh = Warehouse(path)
    run_id = wh.start_run(flow_run_id=str(flow_run.get_id() or "") or None, sources=sources)
    logger.info("run %s into %s: %d source(s)", run_id, path, len(sources))
    staging = new_staging_dir(path, run_id)
    for stale in sweep_stale_staging(path):
        logger.warning("run %s ended without finishing (its process died): marked abandoned", stale)
        wh.finish_run(stale, "abandoned")
    network = NetworkLimits(timeout, retries, max_bytes)
    report = RunReport()
    progress = create_progress_artifact(0.0, description=f"batches loaded, run {run_id}")
    status = "failed"
    try:
        staged_batches = loaded_batches = 0
        for spec in sources:
            staged = stage_source(
                spec, str(path), str(staging), batch_size, since, full_refresh, network
            )
            staged_batches += len(staged.batches)
            report.reasons.update(staged.reasons)
            futures = [normalise_batch.submit(b) for b in staged.batches]
            for future in futures:
                result = future.result()
                counts = load_batch(str(path), run_id, result)
                b = result.batch
                report.add(
                    spec, read=b.read, rejected=b.rejected, skipped=b.skipped,
                    unchanged=b.unchanged + counts["unchanged_in_load"], new=counts["new"],
                    changed=counts["changed"], timexes=counts["timexes"], events=counts["events"],
                )  # fmt: skip
                report.events_per_day.update(counts["days"])
                loaded_batches += 1
                update_progress_artifact(progress, 100.0 * loaded_batches / max(staged_batches, 1))
                terminal_progress.notify(loaded_batches, staged_batches, spec)
                logger.info(
                    "source %s batch %d loaded: %d new, %d changed, %d timexes, %d events",
                    spec, b.number, counts["new"], counts["changed"], counts["timexes"],
                    counts["events"],
                )  # fmt: skip
            save_source_state(str(path), staged.source_key, staged.state)
        update_progress_artifact(progress, 100.0)
        status = "completed"
    finally:
        remove_staging_dir(staging)
        seconds = time.perf_counter() - started
        totals = dict(report.totals())
        wh.finish_run(run_id, status, totals)
    create_table_artifact(
        report.table(), key="ingest-counts", description=f"counts per source, run {run_id}"
    )
    create_markdown_artifact(
        report.markdown(run_id, str(path), seconds), key="ingest-summary",
        description=f"summary of run {run_id}",
    )  # fmt: skip
    publish_timeline(path, run_id)
    logger.info("run %s %s in %.1f s: %s", run_id, status, seconds, totals)
    return {
        "run_id": run_id,
        "flow_run_id": flow_run.get_id(),
        "status": status,
        "seconds": seconds,
        "counts": totals,
        "per_source": {s: dict(c) for s, c in report.counts.items()},
    }
