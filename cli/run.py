"""`timeline run SOURCE…`: run the ingest flow once (Prefect's local ephemeral API by default).

Sources are files (JSONL, CSV, Parquet, text), folders of dated text files, RSS/Atom feeds and
HTML pages, by path or URL (`feed:`/`page:`/`jsonl:`… prefixes force a reader; `dayfirst:` or
`csv+dayfirst:` (`monthfirst` likewise) says how to read the source's dates like 03/04/2024).
"""

from __future__ import annotations

import argparse
import os
import sys
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
        help="parallel workers (default: threads and processes one per core, dask 2)",
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


def run(args: argparse.Namespace) -> int:
    """Run the flow with the chosen task runner and print the counts per source.

    Options are checked first (a bad one costs no server). Then Prefect's temporary API, when
    one is needed, starts so that it comes up while the flow's modules import (see
    `flows.runners.TemporaryApi`); it is always stopped on return."""
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
    warehouse = _checked_warehouse(args)
    if isinstance(warehouse, int):
        return warehouse
    early_api = start_temporary_api()
    try:
        return _run(args, since, warehouse, early_api)
    finally:
        if early_api is not None:
            early_api.stop()


def _checked_warehouse(args: argparse.Namespace) -> Path | int:
    """The warehouse path, created or migrated, or the exit status after a one-line error."""
    from warehouse import Warehouse, WarehouseError, WarehouseFileError, resolve_warehouse_path
    from warehouse.location import LOCK_TIMEOUT_ENV

    if args.lock_timeout is not None:
        os.environ[LOCK_TIMEOUT_ENV] = str(args.lock_timeout)
    warehouse = resolve_warehouse_path(args.warehouse)
    try:
        Warehouse(warehouse).migrate()
    except WarehouseError as exc:
        print(f"timeline run: {one_line(exc)}", file=sys.stderr)
        return 2 if isinstance(exc, WarehouseFileError) else 1
    return warehouse


def _run(
    args: argparse.Namespace, since: date | None, warehouse: Path, early_api: TemporaryApi | None
) -> int:
    from flows import progress
    from flows.ingest import SourcesFailed, ingest
    from flows.runners import make_task_runner, shared_api
    from warehouse import WarehouseError

    runner = make_task_runner(args.runner, args.workers, args.dask_address)
    show = _progress_printer(sys.stderr) if sys.stderr.isatty() and not args.quiet else None
    if show:
        progress.listen(show)
    failure = None
    try:
        with shared_api(args.runner if not args.dask_address else "dask", early_api, _preload):
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
    except WarehouseError as exc:
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
    import transforms.charts  # noqa: F401
    import transforms.frames  # noqa: F401


STAGE_HEADERS = ["read", "rejected", "skipped", "new", "changed", "unchanged", "timexes", "events"]


def _per_source(result: dict) -> dict[str, dict[str, int]]:
    table = {s: {k: c.get(k, 0) for k in STAGE_HEADERS} for s, c in result["per_source"].items()}
    table["TOTAL"] = {k: result["counts"].get(k, 0) for k in STAGE_HEADERS}
    return table
