"""The `ingest` flow: sources -> batches -> engine (parallel) -> warehouse (one writer) -> report.

Stages, per source: `stage_source` reads the source in batches, drops articles the warehouse
already holds unchanged and writes each batch to Parquet; `normalise_batch` (submitted to the
task runner, so batches run in parallel) tags timexes and derives events; `load_batches` writes
them to the warehouse, several batches per transaction, in the flow's own thread — the single
writer.
Frames never cross task boundaries: tasks pass staged file paths and counts.

A source that fails outright (missing, unreachable or HTTP errors after every retry, unreadable)
is logged at ERROR with its full reason; the other sources still load in full, the artifacts
are published, and then the run ends in a `Failed` state whose message names each failed source
(calling the flow then raises `SourcesFailed`, which carries the run's counts). A source with
nothing new is not a failure.
"""

# Annotations stay real objects (no `from __future__ import annotations`): a served run validates
# parameters against a copy of `ingest` pickled by value, where string annotations such as
# "date | None" no longer resolve (Prefect issue 19288). tests/test_flows_deployments.py checks.
import hashlib
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any

import polars as pl
from prefect import flow, get_run_logger, tags, task
from prefect.artifacts import (
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.exceptions import TerminationSignal
from prefect.runtime import flow_run
from prefect.states import Failed, State
from pydantic import Field

from flows import naming
from flows import progress as terminal_progress
from flows.report import RunReport, reason_class
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

SIGNAL_GRACE = 2.0
"""Seconds a flow interrupted by a signal waits for `timeline run`'s stopper to take over
(it then records the run and its Cancelled flow run and ends the process); without one, as
under `timeline serve` or a worker, the flow unwinds after that."""


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


class SourcesFailed(Exception):
    """Some sources could not be read (the others loaded): what calling `ingest` raises then.

    `result` is the run's result as a successful run returns it; the message names each failed
    source with its reason, on one line."""

    def __init__(self, message: str, result: dict[str, Any]) -> None:
        super().__init__(message, result)
        self.message = message
        self.result = result

    def __str__(self) -> str:
        return self.message


def failure_message(failed: dict[str, str], labels: dict[str, str], total: int) -> str:
    """One line naming each failed source (by label) with its full reason."""
    named = "; ".join(f"{labels.get(spec, spec)} ({reason})" for spec, reason in failed.items())
    return f"{len(failed)} of {total} source(s) failed: {named}"


def _flow_run_name() -> str:
    """The run's name in the UI: what it ingests and where (see `naming.run_name`)."""
    from warehouse import resolve_warehouse_path

    parameters = flow_run.get_parameters() or {}
    sources = list(parameters.get("sources") or [])
    return naming.run_name(sources, resolve_warehouse_path(parameters.get("warehouse")))


def _stage_run_name(parameters: dict[str, Any]) -> str:
    label = parameters.get("label") or naming.source_label(str(parameters.get("spec", "")))
    return f"stage {label}"


def _load_run_name(parameters: dict[str, Any]) -> str:
    batches = [r.batch for r in parameters.get("results") or []]
    if not batches:
        return "load nothing"
    first, last = batches[0].number, batches[-1].number
    numbers = f"batch {first}" if first == last else f"batches {first}-{last}"
    return f"load {batches[0].label} {numbers}"


def _save_run_name(parameters: dict[str, Any]) -> str:
    return f"save state of {naming.source_label(str(parameters.get('source_key', '')))}"


def _tag_flow_run(run_tags: list[str]) -> None:
    """Add `run_tags` to this flow run (tags otherwise have to be set before it starts, which
    `timeline serve` and deployments cannot do per source)."""
    context = FlowRunContext.get()
    if context is None or context.flow_run is None or not run_tags:
        return
    merged = sorted(set(context.flow_run.tags or []) | set(run_tags))
    context.client.update_flow_run(context.flow_run.id, tags=merged)
    context.flow_run.tags = merged


@task(name="stage-source", task_run_name=_stage_run_name, cache_policy=NO_CACHE)
def stage_source(
    spec: str,
    warehouse_path: str,
    staging_dir: str,
    batch_size: int,
    since: date | None,
    full_refresh: bool,
    network: NetworkLimits,
    label: str | None = None,
) -> Iterator[StagedBatch]:
    """Read one source in batches; stage new and changed articles and all rejects as Parquet.

    A generator: each batch is handed on as soon as it is on disk, so the flow can have it
    normalised while the rest of the source is still being read. The batch that ends the source
    carries the reader state to save once everything is loaded (none when it is the stored one:
    a rerun with nothing new writes nothing). `label` names the source in task run names
    (default: `naming.source_label(spec)`)."""
    from flows.sources import read_sources
    from flows.sources.http import HttpOptions
    from flows.sources.specs import parse_spec, source_key
    from warehouse import Warehouse

    logger = get_run_logger()
    wh = Warehouse(warehouse_path)
    key = source_key(parse_spec(spec))
    label = label or naming.source_label(spec)
    stored = None if full_refresh else wh.get_source_state(key)
    previous = (stored or {}).get("reader_state") or {}
    directory = Path(staging_dir)
    http = HttpOptions(
        read_timeout=network.timeout,
        total_timeout=network.timeout * 3,
        connect_timeout=min(10.0, network.timeout),
        retries=network.retries,
        max_bytes=network.max_bytes,
        logger=logger,
    )
    batches = read_sources([spec], {key: previous}, batch_size, since, http=http)
    for number, batch in enumerate(batches):
        latest = batch.articles.unique("id", keep="last", maintain_order=True)
        superseded = batch.articles.height - latest.height
        unchanged = set() if full_refresh else wh.unchanged_ids(latest)
        fresh = latest.filter(~latest["id"].is_in(list(unchanged)))
        reasons: Counter[str] = Counter()
        examples: dict[str, str] = {}
        for reason in batch.rejects.get_column("reason"):
            kind = reason_class(reason)
            reasons[kind] += 1
            examples.setdefault(kind, reason)
        name = f"{hashlib.sha1(key.encode()).hexdigest()[:10]}-b{number:05d}"
        staged = StagedBatch(
            source_key=key,
            number=number,
            articles=write_frame(fresh, directory, f"{name}-articles"),
            rejects=write_frame(batch.rejects, directory, f"{name}-rejects"),
            read=batch.articles.height,
            rejected=batch.rejects.height,
            unchanged=len(unchanged),
            skipped=batch.skipped + superseded,
            staged=fresh.height,
            reasons=dict(reasons),
            examples=examples,
            state=dict(batch.state) if batch.done and dict(batch.state) != previous else None,
            label=label,
            failure=batch.failure,
        )
        logger.info(
            "source %s batch %d: %d read, %d unchanged, %d rejected, %d skipped, "
            "%d superseded by a later copy in the batch",
            spec, number, batch.articles.height, len(unchanged), batch.rejects.height,
            batch.skipped, superseded,
        )  # fmt: skip
        if batch.failure is not None:
            logger.error("source %s failed: %s", spec, batch.failure)
        yield staged


@task(
    name="normalise-batch",
    task_run_name="normalise {batch.label} batch {batch.number}",
    cache_policy=NO_CACHE,
)
def normalise_batch(batch: StagedBatch) -> StagedResult:
    """Tag temporal expressions and derive events for one staged batch (runs in parallel; with
    the threads runner the tagging itself runs in `flows.tagging_pool`'s worker processes)."""
    from flows import tagging_pool

    done = tagging_pool.analyse(batch.articles, batch.staged)
    if done.too_long_example is not None:
        get_run_logger().warning(
            "%d article(s) longer than %d characters are tagged in their first %d only "
            "(TIMELINE_MAX_TAGGED_CHARS), e.g. %s (%d characters)",
            done.too_long, done.limit, done.limit, *done.too_long_example,
        )  # fmt: skip
    return StagedResult(
        batch=batch,
        timexes=done.timexes,
        events=done.events,
        timex_count=done.timex_count,
        event_count=done.event_count,
    )


@task(name="load-batches", task_run_name=_load_run_name, cache_policy=NO_CACHE)
def load_batches(warehouse_path: str, run_id: str, results: list[StagedResult]) -> dict[str, Any]:
    """Write normalised batches to the warehouse in one transaction; return their counts.

    Batches share a transaction because each one checkpoints the DuckDB file, which costs about
    as much for 2,000 articles as for 20,000 (see `ingest`'s `load_size`). `days` counts the
    day-level events (an interval of one day) per day: year- or month-level events would pile up
    on the first day of their period, and mentions placed only by their tense, a reporting verb
    or the publication day on the days the articles came out, so neither is counted.
    """
    from warehouse import Warehouse

    articles, timexes, events, superseded = _latest_versions(results)
    loaded = Warehouse(warehouse_path).load_batch(
        run_id,
        articles,
        timexes,
        events,
        pl.concat([read_frame(r.batch.rejects) for r in results], how="diagonal_relaxed"),
    )
    from transforms.charts.pick import WEAK_ANCHORS

    day_level = events.filter(
        (pl.col("latest") - pl.col("earliest") == timedelta(days=1))
        & ~pl.col("anchor").is_in(WEAK_ANCHORS).fill_null(False)
    )
    days = Counter(d.isoformat() for d in day_level.get_column("earliest").to_list() if d)
    return {
        "new": loaded.articles_new,
        "changed": loaded.articles_changed,
        "unchanged_in_load": loaded.articles_unchanged,
        "timexes": loaded.timexes,
        "events": loaded.events,
        "rejects_stored": loaded.rejects,
        "superseded": superseded,
        "days": dict(days),
    }


_LOAD_COUNTS = (
    "new", "changed", "unchanged_in_load", "timexes", "events", "rejects_stored", "superseded",
)  # fmt: skip
"""The counts `load_batches` returns besides `days` (all 0 for a group with nothing to load)."""


def _latest_versions(
    results: list[StagedResult],
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, int]:
    """Articles, timexes and events of `results` in one frame each, and how many articles were
    superseded. An article that a later batch of the group carries again is taken from that
    batch only, with its own timexes and events: the outcome of loading the batches one after
    the other. (Within a batch `stage_source` already kept the last copy.)"""
    parts: list[tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]] = []
    later = pl.Series("id", [], pl.String())
    superseded = 0
    for result in reversed(results):
        if not result.timexes:  # a batch with nothing staged: never normalised, adds nothing
            continue
        articles = read_frame(result.batch.articles)
        timexes = read_frame(result.timexes)
        events = read_frame(result.events)
        if later.len():
            taken = later.implode()
            height = articles.height
            articles = articles.filter(~pl.col("id").is_in(taken))
            superseded += height - articles.height
            timexes = timexes.filter(~pl.col("article_id").is_in(taken))
            events = events.filter(~pl.col("article_id").is_in(taken))
        parts.append((articles, timexes, events))
        later = pl.concat([later, articles.get_column("id").cast(pl.String())])
    parts.reverse()
    articles, timexes, events = (
        pl.concat(list(frames), how="diagonal_relaxed") for frames in zip(*parts, strict=True)
    )
    return articles, timexes, events, superseded


def _load_groups(futures: list, load_size: int) -> Iterator[list[StagedResult]]:
    """Finished batches in order, grouped until a group holds `load_size` articles to load."""
    group: list[StagedResult] = []
    articles = 0
    for future in futures:
        group.append(future if isinstance(future, StagedResult) else future.result())
        articles += group[-1].batch.staged
        if articles >= load_size:
            yield group
            group, articles = [], 0
    if group:
        yield group


@task(name="save-source-state", task_run_name=_save_run_name, cache_policy=NO_CACHE)
def save_source_state(warehouse_path: str, source_key: str, state: dict[str, Any]) -> None:
    """Persist a source's reader state once all its batches are loaded."""
    from warehouse import Warehouse

    if state:
        Warehouse(warehouse_path).set_source_state(source_key, **_state_to_store(state))


FLOW_RUNS_STARTED: list[str] = []
"""Prefect flow run ids of the `ingest` runs this process started: an interrupted
`timeline run` cancels them even when the warehouse is too busy to say which they were."""


@flow(name="ingest", flow_run_name=_flow_run_name, log_prints=False)
def ingest(
    sources: Annotated[list[Annotated[str, Field(min_length=1)]], Field(min_length=1)],
    warehouse: str | None = None,
    batch_size: int = 500,
    since: date | None = None,
    load_size: int = 5_000,
    full_refresh: bool = False,
    timeout: float = 20.0,
    retries: int = 3,
    max_bytes: int = 10 * 1024 * 1024,
) -> dict[str, Any] | State:
    """Ingest articles from `sources` into the warehouse and publish the run's report.

    `batch_size` articles are normalised per task; finished batches are written to the warehouse
    together, one transaction per `load_size` articles or more (fewer at the end of a source):
    every transaction checkpoints the DuckDB file, and 2,000-article transactions loaded the
    synthetic corpus at about 2,800 articles/s against 7,500 for 10,000-article ones. Bigger
    groups cost memory in this process (about 200 MiB for 10,000 articles) and leave a longer
    load after the last batch is normalised; 5,000 was the fastest on 10,000 articles.
    `timeout`, `retries` and `max_bytes` bound every network read (feeds, pages); a source that
    fails ends in `rejects`, the others still load, and the run then ends `Failed` (see the
    module's docstring). The run is tagged `source:<label>` per source and `warehouse:<stem>`,
    and its artifacts are keyed per warehouse (`naming.artifact_key`).
    """
    from warehouse import Warehouse, resolve_warehouse_path

    logger = get_run_logger()
    started = time.perf_counter()
    path = Path(resolve_warehouse_path(warehouse))
    wh = Warehouse(path)
    flow_run_id = str(flow_run.get_id() or "") or None
    if flow_run_id:
        FLOW_RUNS_STARTED.append(flow_run_id)
    run_id = wh.start_run(flow_run_id=flow_run_id, sources=sources)
    from flows import tagging_pool

    tagging_pool.new_run()
    logger.info("run %s into %s: %d source(s)", run_id, path, len(sources))
    run_tags = naming.run_tags(sources, path)
    _tag_flow_run(run_tags)
    network = NetworkLimits(timeout, retries, max_bytes)
    report = RunReport(labels=naming.source_labels(sources))
    status, staging, failure = "failed", None, None
    try:
        staging = new_staging_dir(path, run_id)
        for stale in sweep_stale_staging(path):
            if wh.close_run_if_running(stale, "abandoned"):
                logger.warning("run %s ended without finishing (process died): abandoned", stale)
        for dead in wh.abandon_dead_runs():
            logger.warning("run %s ended without finishing (its process is gone): abandoned", dead)
        progress = create_progress_artifact(0.0, description=f"batches loaded, run {run_id}")
        with tags(*run_tags):
            _ingest_sources(
                sources, path, run_id, staging, report, progress,
                batch_size=batch_size, load_size=load_size, since=since,
                full_refresh=full_refresh, network=network,
            )  # fmt: skip
        update_progress_artifact(progress, 100.0)
        status = "failed" if report.failed else "completed"
    except BaseException as error:
        failure = error
        signalled = caused_by_signal(error)
        if signalled:
            status = "interrupted"
        if tagging_pool.abandoned(SIGNAL_GRACE if signalled else 0.0):
            # `timeline run` is being stopped: it records this run and its flow run
            # (Cancelled) and ends the process; unwinding would only write Failed over that.
            threading.Event().wait()
        tagging_pool.cancel_queued()
        logger.warning("run %s failing: batches not yet tagged are left untagged", run_id)
        raise
    finally:
        if staging is not None:
            remove_staging_dir(staging)
        seconds = time.perf_counter() - started
        totals = dict(report.totals())
        if report.failed:
            totals["sources_failed"] = len(report.failed)
        _finish_run(wh, run_id, status, totals, failure)
    create_table_artifact(
        report.table(), key=naming.artifact_key("counts", path),
        description=f"counts per source, run {run_id}",
    )  # fmt: skip
    timeline = publish_timeline(
        path, run_id, naming.artifact_key("timeline", path), totals.get("events", 0)
    )
    create_markdown_artifact(
        report.markdown(run_id, str(path), seconds, timeline),
        key=naming.artifact_key("summary", path), description=f"summary of run {run_id}",
    )  # fmt: skip
    logger.info("run %s %s in %.1f s: %s", run_id, status, seconds, totals)
    result = {
        "run_id": run_id,
        "flow_run_id": flow_run.get_id(),
        "status": status,
        "seconds": seconds,
        "counts": totals,
        "per_source": {s: dict(c) for s, c in report.counts.items()},
        "failed": dict(report.failed),
    }
    if report.failed:
        message = failure_message(report.failed, report.labels, len(sources))
        logger.error("run %s failed: %s", run_id, message)
        return Failed(message=message, data=SourcesFailed(message, result))
    return result


_SIGNAL_EXCEPTIONS = (KeyboardInterrupt, TerminationSignal)


def caused_by_signal(error: BaseException) -> bool:
    """Whether `error` is a stop signal (Ctrl-C's KeyboardInterrupt, Prefect's TerminationSignal)
    or came from one: raised inside other code, the signal may reach the flow wrapped, as its
    `__cause__`/`__context__`, or only as text, as in pydantic's "PydanticSerializationError:
    Error calling function `_ser_model`: TerminationSignal" when it lands while Prefect
    serialises a request. Such a run must wait for `timeline run`'s stopper like any other
    interrupted run, or it ends Failed instead of Cancelled."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, _SIGNAL_EXCEPTIONS):
            return True
        if any(kind.__name__ in str(current) for kind in _SIGNAL_EXCEPTIONS):
            return True
        current = current.__cause__ or current.__context__
    return False


def _finish_run(
    wh: Any, run_id: str, status: str, totals: dict[str, Any], failure: BaseException | None
) -> None:
    """Record the run's final status; when the run is already failing, a failure to record it
    is logged rather than raised, so the user sees why the run failed (a full disk, say) and
    not the status write that failed after it. The next run marks it abandoned then."""
    from warehouse import WarehouseError

    try:
        wh.finish_run(run_id, status, totals)
    except WarehouseError as error:
        if failure is None:
            raise
        get_run_logger().error("run %s: its status could not be recorded: %s", run_id, error)


def _ingest_sources(
    sources: list[str],
    path: Path,
    run_id: str,
    staging: Path,
    report: RunReport,
    progress: Any,
    *,
    batch_size: int,
    load_size: int,
    since: date | None,
    full_refresh: bool,
    network: NetworkLimits,
) -> None:
    """Stage, normalise and load each source in turn, counting into `report` (failed sources
    into `report.failed`)."""
    logger = get_run_logger()
    staged_batches = loaded_batches = 0
    for spec in sources:
        futures, state, key = [], None, None
        label = report.label(spec)
        for batch in stage_source(
            spec, str(path), str(staging), batch_size, since, full_refresh, network, label
        ):
            if batch.staged or batch.rejected:
                futures.append(terminal_progress.track(normalise_batch.submit(batch), spec))
            else:  # nothing new, changed or rejected: no task run for it
                empty = StagedResult(batch, timexes="", events="", timex_count=0, event_count=0)
                futures.append(terminal_progress.track(empty, spec))
                terminal_progress.normalised(spec)
            report.add_reasons(batch.reasons, batch.examples)
            state = batch.state if batch.state is not None else state
            key = batch.source_key
            if batch.failure is not None:
                report.failed[spec] = batch.failure
            staged_batches += 1
        for group in _load_groups(futures, load_size):
            if any(r.timexes for r in group):
                counts = load_batches(str(path), run_id, group)
            else:  # nothing new, changed or rejected: no task run, no warehouse write
                counts = dict.fromkeys(_LOAD_COUNTS, 0) | {"days": {}}
            for b in (r.batch for r in group):
                report.add(
                    spec, read=b.read, rejected=b.rejected, skipped=b.skipped,
                    unchanged=b.unchanged,
                )  # fmt: skip
            report.add(
                spec, unchanged=counts["unchanged_in_load"], new=counts["new"],
                changed=counts["changed"], timexes=counts["timexes"], events=counts["events"],
                skipped=counts["superseded"],
            )  # fmt: skip
            report.events_per_day.update(counts["days"])
            loaded_batches += len(group)
            update_progress_artifact(progress, 100.0 * loaded_batches / max(staged_batches, 1))
            terminal_progress.notify(loaded_batches, staged_batches, spec)
            first, last = group[0].batch.number, group[-1].batch.number
            logger.info(
                "source %s %s loaded: %d new, %d changed, %d timexes, %d events",
                spec, f"batch {first}" if first == last else f"batches {first}-{last}",
                counts["new"], counts["changed"], counts["timexes"], counts["events"],
            )  # fmt: skip
        if key is not None and state is not None:
            save_source_state(str(path), key, state)
