"""`timeline run SOURCE…`: run the ingest flow once (Prefect's local ephemeral API by default).

Sources are files (JSONL, CSV, Parquet, text), folders of dated text files, RSS/Atom feeds and
HTML pages, by path or URL (`feed:`/`page:`/`jsonl:`… prefixes force a reader).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from typing import TYPE_CHECKING

from cli.common import InputError, parse_date, print_table

if TYPE_CHECKING:
    from flows.runners import TemporaryApi


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `timeline run`."""
    from warehouse import add_warehouse_arguments

    parser.add_argument("sources", nargs="+", metavar="SOURCE", help="file, folder or URL")
    add_warehouse_arguments(parser)
    parser.add_argument(
        "--runner",
        choices=("threads", "processes", "dask"),
        default="threads",
        help="where batches are normalised in parallel (default threads)",
    )
    parser.add_argument("--workers", type=int, default=None, help="parallel workers")
    parser.add_argument("--dask-address", help="use this Dask scheduler (tcp://host:8786)")
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


def _progress_printer(stream) -> object:
    width = 30

    def show(done: int, total: int, source: str) -> None:
        filled = int(width * done / max(total, 1))
        label = source if len(source) < 40 else "…" + source[-39:]
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} batches  {label}")
        stream.flush()

    return show


def run(args: argparse.Namespace) -> int:
    """Run the flow with the chosen task runner and print the counts per source.

    Prefect's temporary API, when one is needed, starts first so that it comes up while the
    flow's modules import (see `flows.runners.TemporaryApi`); it is always stopped on return."""
    from flows.runners import start_temporary_api

    early_api = start_temporary_api()
    try:
        return _run(args, early_api)
    finally:
        if early_api is not None:
            early_api.stop()


def _run(args: argparse.Namespace, early_api: TemporaryApi | None) -> int:
    from flows import progress
    from flows.ingest import ingest
    from flows.runners import make_task_runner, shared_api
    from warehouse import WarehouseError, resolve_warehouse_path
    from warehouse.location import LOCK_TIMEOUT_ENV

    try:
        since: date | None = parse_date(args.since, "--since date") if args.since else None
    except InputError as exc:
        print(f"timeline run: {exc}", file=sys.stderr)
        return 2
    for option, value in (("--batch-size", args.batch_size), ("--load-size", args.load_size)):
        if value < 1:
            print(f"timeline run: {option} must be at least 1", file=sys.stderr)
            return 2
    if args.lock_timeout is not None:
        os.environ[LOCK_TIMEOUT_ENV] = str(args.lock_timeout)
    runner = make_task_runner(args.runner, args.workers, args.dask_address)
    show = _progress_printer(sys.stderr)
    progress.listen(show)
    try:
        with shared_api(args.runner if not args.dask_address else "dask", early_api, _preload):
            result = ingest.with_options(task_runner=runner)(
                sources=args.sources,
                warehouse=str(resolve_warehouse_path(args.warehouse)),
                batch_size=args.batch_size,
                load_size=args.load_size,
                since=since,
                full_refresh=args.full_refresh,
            )
    except WarehouseError as exc:
        print(f"\ntimeline run: {exc}", file=sys.stderr)
        return 1
    finally:
        progress.forget(show)
        sys.stderr.write("\n")
    rows = [[source, *counts.values()] for source, counts in _per_source(result).items()]
    print(f"run {result['run_id']} {result['status']} in {result['seconds']:.1f} s")
    print_table(["source", *STAGE_HEADERS], rows)
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
