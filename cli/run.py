"""`timeline run SOURCE…`: run the ingest flow once (Prefect's local ephemeral API by default).

Sources are files (JSONL, CSV, Parquet, text), folders of dated text files, RSS/Atom feeds and
HTML pages, by path or URL (`feed:`/`page:`/`jsonl:`… prefixes force a reader; `dayfirst:` or
`csv+dayfirst:` (`monthfirst` likewise) says how to read the source's dates like 03/04/2024).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from cli.common import InputError, add_logging_arguments, one_line, parse_date, print_table

EXAMPLES = """\
  timeline run articles.jsonl                      one file into ./timeline.duckdb
  timeline run news/ https://example.org/rss.xml --warehouse news.duckdb
  timeline run feed:https://example.org/atom page:https://example.org/story.html
  timeline run big.parquet --runner processes --workers 2 --since 2024-11-01
  timeline run csv+dayfirst:export.csv             its 03/04/2024 is 3 April, not refused
  timeline run -q articles.jsonl > run.log         only errors and the final summary
  timeline run articles.jsonl --log-format json 2> run.jsonl
"""

if TYPE_CHECKING:
    from flows.runners import TemporaryApi


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `timeline run`."""
    from warehouse import add_warehouse_arguments

    parser.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="file (JSONL, CSV, Parquet, text), folder of dated texts, or feed/page URL; "
        "a prefix such as feed: or jsonl: forces the reader, +dayfirst or +monthfirst "
        "(csv+dayfirst:, or dayfirst: alone) reads dates like 03/04/2024",
    )
    add_warehouse_arguments(parser)
    parser.add_argument(
        "--runner",
        choices=("threads", "processes", "dask"),
        default="threads",
        help="where batches are normalised in parallel (default threads)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="parallel workers (default: one per core; dask 2); with threads, batches of "
        "100+ articles are tagged in that many worker processes",
    )
    parser.add_argument(
        "--dask-address", metavar="URL", help="use this Dask scheduler (tcp://host:8786)"
    )
    parser.add_argument(
        "--batch-size", type=int, default=500, help="articles per normalisation task (500)"
    )
    parser.add_argument(
        "--load-size",
        type=int,
        default=5_000,
        help="articles per warehouse transaction: finished batches are written together (5000)",
    )
    parser.add_argument("--since", help="only articles published on or after YYYY-MM-DD")
    parser.add_argument(
        "--full-refresh",
        action="store_true",
        help="ignore saved source state and stored hashes; re-process everything",
    )
    add_logging_arguments(parser)


def _progress_printer(stream):
    """A one-line bar redrawn in place (carriage return): for terminals only."""
    width = 30

    def show(progress) -> None:
        filled = int(width * progress.fraction)
        label = progress.source if len(progress.source) < 40 else "…" + progress.source[-39:]
        stream.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {progress.total} batches: "
            f"{progress.normalised} normalised, {progress.loaded} loaded  {label}\x1b[K"
        )
        stream.flush()

    return show


def _check_options(args: argparse.Namespace) -> str | None:
    """The first bad source argument or numeric option, as a one-line message, or None."""
    if any(not source.strip() for source in args.sources):
        return "a SOURCE is empty: give a file, folder or URL"
    for option, value in (
        ("--batch-size", args.batch_size),
        ("--load-size", args.load_size),
        ("--workers", args.workers),
    ):
        if value is not None and value < 1:
            return f"{option} must be at least 1"
    return None


STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}
_CHILD_GRACE = 1.0
"""Seconds children get to end on SIGTERM before SIGKILL, when a run is interrupted."""
_CANCEL_WAIT = 6.0
"""Seconds an interrupted run gives the Prefect API to record its flow run as cancelled (it
takes about 1.5 s here; a slower machine gets room, and a miss is said in the exit line)."""
_STATUS_WAIT = 2.0
"""Seconds an interrupted run waits for the warehouse to record its status."""


class Stopper:
    """Ends an interrupted run within seconds: marks its runs row `interrupted`, removes its
    staging folder, stops its child processes (temporary API server, worker processes) and
    exits 130 (SIGINT) or 143 (SIGTERM) with one line, without waiting for the batches being
    tagged (hours on hostile input) and without a traceback.

    A thread of its own does that, woken through `signal.set_wakeup_fd` by whichever thread
    the signal lands on: a Python handler runs in the main thread only, which may be waiting on
    a worker for a long time, and Prefect replaces the SIGTERM handler while a flow runs (the
    flow then unwinds too and records the same `interrupted` status). Children block SIGINT
    and take SIGTERM (`flows.runners.die_with_parent`).
    """

    def __init__(self, tty: bool) -> None:
        self.warehouse: Path | None = None
        """The run's warehouse, once known: where the interruption is recorded."""
        self.api_url: str | None = None
        self.api_pid: int | None = None
        """The temporary API server's pid, when this process started one: stopped last."""
        """The Prefect API the run reports to, once known: its flow run is cancelled there."""
        self.tty = tty
        self.stopping = False
        """Set once a signal arrived: the process ends in `stop`, whatever the flow does."""
        self._closing = False
        self._read_end, self._write_end = os.pipe()
        os.set_blocking(self._write_end, False)
        self._previous_fd = signal.set_wakeup_fd(self._write_end, warn_on_full_buffer=False)
        self._previous = {signum: signal.signal(signum, _noted) for signum in STOP_SIGNALS}
        self._thread = threading.Thread(target=self._wait, name="timeline-stop", daemon=True)
        self._thread.start()

    def _wait(self) -> None:
        while True:
            received = os.read(self._read_end, 1)
            if self._closing or not received:
                return
            if received[0] in STOP_SIGNALS:
                self.stop(received[0])

    def stop(self, signum: int) -> None:
        """Record the interruption, clean up and leave the process (never returns, even when
        a clean-up step fails)."""
        self.stopping = True
        name = signal.Signals(signum).name
        stderr = os.dup(2)
        _silence_stderr()
        where = "the clean-up failed"
        try:
            where = self._clean_up(name)
        finally:
            line = f"{chr(10) if self.tty else ''}timeline run: interrupted ({name}); {where}\n"
            os.write(stderr, line.encode())
            os._exit(128 + signum)

    def _clean_up(self, signal_name: str) -> str:
        """Mark the run, remove its staging, cancel its flow run, stop the children; say what
        became of the run."""
        from flows import tagging_pool
        from flows.staging import release_all
        from warehouse import Warehouse

        tagging_pool.abandon()
        runs: dict[str, str | None] | None = {}
        if self.warehouse is not None:
            warehouse = Warehouse(self.warehouse)
            deadline = time.monotonic() + _STATUS_WAIT
            replaced = ("running", "failed")
            runs = warehouse.close_runs_of_this_process("interrupted", _STATUS_WAIT, replaced)
            while runs is None and time.monotonic() < deadline - 0.1:
                time.sleep(0.1)
                left = deadline - time.monotonic()
                runs = warehouse.close_runs_of_this_process("interrupted", left, replaced)
        release_all()
        spare = {self.api_pid} if self.api_pid else set()
        stop_descendants(os.getpid(), _CHILD_GRACE, spare)
        late = ""
        if self.api_url:
            started = getattr(sys.modules.get("flows.ingest"), "FLOW_RUNS_STARTED", [])
            flows = list(dict.fromkeys([*(f for f in (runs or {}).values() if f), *started]))
            if not _cancel_flow_runs(self.api_url, flows, signal_name):
                late = f"; Prefect could not mark flow run {', '.join(flows)} Cancelled in time"
        stop_descendants(os.getpid(), 0.0)
        if runs:
            return f"run {', '.join(runs)} marked interrupted{late}"
        if runs is None:
            return f"the warehouse was busy: the next run marks this one abandoned{late}"
        return f"no run was recorded{late}"

    def wait_for_stop(self) -> None:
        """Block while `stop` finishes (it ends the process), so the main thread neither prints
        the flow's unwinding nor exits with another code first."""
        self._thread.join()

    def close(self) -> None:
        """Stop listening (the run ended): the previous handlers and wakeup fd come back."""
        self._closing = True
        os.write(self._write_end, b"\0")
        self._thread.join(timeout=5)
        signal.set_wakeup_fd(self._previous_fd)
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        os.close(self._read_end)
        os.close(self._write_end)


def _cancel_flow_runs(api_url: str, flow_run_ids: list[str], signal_name: str) -> bool:
    """Set the Prefect flow runs of the interrupted run Cancelled, giving the API `_CANCEL_WAIT`
    seconds at most: otherwise a Ctrl-C'd run (Prefect sees no crash) stays Running in the UI.
    False when that did not happen in time (or failed), so the user is told."""
    done: list[bool] = []

    def cancel() -> None:
        from prefect.client.orchestration import get_client
        from prefect.settings import PREFECT_API_URL, temporary_settings
        from prefect.states import Cancelled

        try:
            with (
                temporary_settings(updates={PREFECT_API_URL: api_url}),
                get_client(sync_client=True) as client,
            ):
                for flow_run_id in flow_run_ids:
                    state = Cancelled(message=f"timeline run interrupted ({signal_name})")
                    client.set_flow_run_state(flow_run_id, state, force=True)
        except Exception:  # the API is gone or refused: the exit line says so
            return
        done.append(True)

    if not flow_run_ids:
        return True
    worker = threading.Thread(target=cancel, name="timeline-cancel", daemon=True)
    worker.start()
    worker.join(timeout=_CANCEL_WAIT)
    return bool(done)


def _silence_stderr() -> None:
    """Point this process's stderr at /dev/null: what the flow, Prefect and the children print
    while the run is torn down (crash reports, tracebacks of tasks whose files vanished) would
    bury the one line that says what happened."""
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)
    os.close(null)


def _noted(signum: int, frame: object) -> None:
    """Python-level handler of SIGINT/SIGTERM during a run: the signal already woke the
    `Stopper` thread through the wakeup fd; raising here would only print a traceback."""


def _children() -> dict[int, list[int]]:
    """Child pids per parent pid, from /proc (Linux)."""
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir() if Path("/proc/self/stat").exists() else []:
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text(errors="replace")
        except OSError:
            continue
        parent = int(stat[stat.rfind(")") + 2 :].split()[1])
        tree.setdefault(parent, []).append(int(entry.name))
    return tree


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (children, their children…), from /proc; empty elsewhere."""
    tree, found, todo = _children(), [], [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def stop_descendants(
    pid: int, grace: float, spare: set[int] | frozenset[int] = frozenset()
) -> None:
    """SIGTERM every descendant of `pid` but `spare` (and theirs), then SIGKILL those still
    there after `grace` s.

    An interrupted run stops its workers first, sparing the temporary API server, so that the
    Cancelled state it then records is the flow run's last word (a worker's death makes the
    flow write Failed); the server goes last."""
    spared = {p for s in spare for p in (s, *descendants(s))}
    pending = [child for child in descendants(pid) if child not in spared]
    for child in pending:
        _signal(child, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while pending and time.monotonic() < deadline:
        time.sleep(0.05)
        pending = [child for child in pending if _alive_child(child)]
    for child in pending + [c for c in descendants(pid) if c not in spared]:
        _signal(child, signal.SIGKILL)
    for child in pending:
        _alive_child(child)


def _signal(pid: int, signum: int) -> None:
    try:
        os.kill(pid, signum)
    except OSError:
        pass


def _alive_child(pid: int) -> bool:
    """Reap `pid` if it is our ended child; whether it still runs (a zombie does not)."""
    try:
        if os.waitpid(pid, os.WNOHANG)[0]:
            return False
    except ChildProcessError:
        pass
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(errors="replace")
    except OSError:
        return False
    return not stat[stat.rfind(")") + 2 :].startswith("Z")


class _Untraced(logging.Filter):
    """Drops the traceback from Prefect's log line of a warehouse or file-system error: its
    message already says what is wrong in one line, which `timeline run` prints too."""

    def filter(self, record: logging.LogRecord) -> bool:
        from warehouse import WarehouseError

        if record.exc_info and isinstance(record.exc_info[1], WarehouseError | OSError):
            record.exc_info = None
            record.exc_text = None
        return True


def run(args: argparse.Namespace) -> int:
    """Run the flow with the chosen task runner and print the counts per source.

    Options are checked first (a bad one costs no server), then the warehouse. Then Prefect's
    temporary API, when one is needed, starts so that it comes up while the flow's modules
    import (see `flows.runners.TemporaryApi`); it is always stopped on return. SIGINT/SIGTERM
    end the run through `Stopper`."""
    from flows import tagging_pool
    from flows.runners import start_temporary_api

    try:
        since: date | None = parse_date(args.since, "--since date") if args.since else None
    except InputError as exc:
        print(f"timeline run: {exc}", file=sys.stderr)
        return 2
    problem = _check_options(args)
    if problem:
        print(f"timeline run: {problem}", file=sys.stderr)
        return 2
    in_main = threading.current_thread() is threading.main_thread()
    stopper = Stopper(sys.stderr.isatty()) if in_main else None
    untraced = _Untraced()
    loggers = [logging.getLogger(n) for n in ("prefect.task_runs", "prefect.flow_runs")]
    for logger in loggers:
        logger.addFilter(untraced)
    try:
        if stopper is not None:
            stopper.warehouse = resolve_warehouse(args)
        warehouse = _checked_warehouse(args)
        if isinstance(warehouse, int):
            return warehouse
        early_api = start_temporary_api()
        pooled = args.runner == "threads" and not args.dask_address
        if pooled:
            tagging_pool.enable(args.workers)
            if early_api is None and _prewarm_worthwhile(args, warehouse):
                tagging_pool.prewarm()  # not beside a starting API: it would slow that down
        try:
            return _run(args, since, warehouse, early_api, stopper)
        finally:
            if stopper is not None and stopper.stopping:
                stopper.wait_for_stop()  # the stopper still needs the API to cancel the flow run
            if pooled:
                tagging_pool.disable()
            if early_api is not None:
                early_api.stop()
    except BaseException:
        if stopper is not None and stopper.stopping:
            stopper.wait_for_stop()
        raise
    finally:
        if stopper is not None and stopper.stopping:
            stopper.wait_for_stop()
        for logger in loggers:
            logger.removeFilter(untraced)
        if stopper is not None:
            stopper.close()


def _prewarm_worthwhile(args: argparse.Namespace, warehouse: Path) -> bool:
    """Whether a tagging worker should start now: large local sources that changed since the
    warehouse last read them (`tagging_pool.worth_prewarming`)."""
    from flows import tagging_pool
    from warehouse import Warehouse

    return tagging_pool.worth_prewarming(
        args.sources, Warehouse(warehouse).get_source_state, args.full_refresh
    )


def resolve_warehouse(args: argparse.Namespace) -> Path:
    """The warehouse path the run writes to (`--warehouse`, env, default)."""
    from warehouse import resolve_warehouse_path

    return Path(resolve_warehouse_path(args.warehouse))


def _checked_warehouse(args: argparse.Namespace) -> Path | int:
    """The warehouse path, created or migrated, or the exit status after a one-line error."""
    from warehouse import (
        Warehouse,
        WarehouseError,
        WarehouseFileError,
        WarehouseSettingError,
        resolve_warehouse_path,
    )
    from warehouse.location import LOCK_TIMEOUT_ENV

    if args.lock_timeout is not None:
        os.environ[LOCK_TIMEOUT_ENV] = str(args.lock_timeout)
    warehouse = resolve_warehouse_path(args.warehouse)
    try:
        Warehouse(warehouse).migrate()
    except WarehouseError as exc:
        print(f"timeline run: {one_line(exc)}", file=sys.stderr)
        return 2 if isinstance(exc, WarehouseFileError | WarehouseSettingError) else 1
    return warehouse


def _run(
    args: argparse.Namespace,
    since: date | None,
    warehouse: Path,
    early_api: TemporaryApi | None,
    stopper: Stopper | None,
) -> int:
    from flows import progress
    from flows.ingest import SourcesFailed, ingest
    from flows.runners import TemporaryApiError, make_task_runner, shared_api
    from warehouse import WarehouseError

    runner = make_task_runner(args.runner, args.workers, args.dask_address)
    show = _progress_printer(sys.stderr) if sys.stderr.isatty() and not args.quiet else None
    if show:
        progress.listen(show)
    failure = None
    try:
        runner_name = args.runner if not args.dask_address else "dask"
        with shared_api(runner_name, early_api, _preload) as api_url:
            if stopper is not None:
                stopper.api_url = api_url
                if early_api is not None and early_api.process is not None:
                    stopper.api_pid = early_api.process.pid
            result = ingest.with_options(task_runner=runner)(
                sources=args.sources,
                warehouse=str(warehouse),
                batch_size=args.batch_size,
                load_size=args.load_size,
                since=since,
                full_refresh=args.full_refresh,
            )
    except SourcesFailed as exc:
        result, failure = exc.result, exc
    except (WarehouseError, TemporaryApiError) as exc:
        print(f"timeline run: {one_line(exc)}", file=sys.stderr)
        return 1
    finally:
        if show:
            progress.forget(show)
            sys.stderr.write("\n")
    rows = [[source, *counts.values()] for source, counts in _per_source(result).items()]
    print(f"run {result['run_id']} {result['status']} in {result['seconds']:.1f} s")
    print_table(["source", *STAGE_HEADERS], rows)
    if failure is not None:
        print(f"timeline run: {failure}", file=sys.stderr)
    return 0 if result["status"] == "completed" else 1


def _preload() -> None:
    """Import the tagger and Matplotlib (the run's chart) while Prefect's temporary API starts:
    this process would only wait meanwhile, and would import them later during the run."""
    import transforms.charts.render  # noqa: F401
    import transforms.frames  # noqa: F401


STAGE_HEADERS = ["read", "rejected", "skipped", "new", "changed", "unchanged", "timexes", "events"]


def _per_source(result: dict) -> dict[str, dict[str, int]]:
    table = {s: {k: c.get(k, 0) for k in STAGE_HEADERS} for s, c in result["per_source"].items()}
    table["TOTAL"] = {k: result["counts"].get(k, 0) for k in STAGE_HEADERS}
    return table
