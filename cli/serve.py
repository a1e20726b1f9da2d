"""`timeline serve SOURCE… --cron "*/30 * * * *"`: a scheduled deployment of the ingest flow.

Schedules need a running Prefect server (the ephemeral local API used by `timeline run` has no
scheduler): start one with `timeline server` and point `PREFECT_API_URL` at it. This process
registers the deployment `ingest/NAME` and runs its scheduled runs until stopped (Ctrl-C or
SIGTERM), which pauses the schedule; `prefect deployment delete ingest/NAME` removes it.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from typing import Any

from cli.common import InputError, parse_date

DEFAULT_NAME = "timeline-serve"
SERVE_TAG = "timeline-serve"
FLOW_NAME = "ingest"

EPILOG = """\
examples:
  timeline server                                   # in another shell: Prefect API and UI
  export PREFECT_API_URL=http://127.0.0.1:4200/api
  timeline serve ../shared/seeds news.jsonl --cron "*/30 * * * *" --warehouse news.duckdb
  timeline serve https://feeds.bbci.co.uk/news/world/rss.xml feed:https://example.org/rss \\
      --name world-feeds --cron "0 * * * *" --runner processes --workers 2

Stop with Ctrl-C or SIGTERM: the deployment's schedule is paused and runs no longer start.
Remove the deployment with: prefect deployment delete ingest/NAME
The name must be free, or belong to a `timeline serve` of the same sources and warehouse;
--replace takes over a deployment of that name (for example one made by `prefect deploy`).
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `timeline serve`."""
    from warehouse import add_warehouse_arguments

    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EPILOG
    parser.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="file, folder or URL (several allowed; local paths are stored as absolute paths)",
    )
    add_warehouse_arguments(parser)
    parser.add_argument(
        "--cron",
        metavar="CRON",
        default="*/30 * * * *",
        help="when runs start, a cron expression in UTC (default '*/30 * * * *', every 30 min)",
    )
    parser.add_argument(
        "--name",
        default=DEFAULT_NAME,
        help=f"deployment name, shown as ingest/NAME in the UI (default {DEFAULT_NAME})",
    )
    parser.add_argument(
        "--replace",
        action="store_true",
        help="delete an existing ingest/NAME deployment made elsewhere and serve this one instead",
    )
    parser.add_argument(
        "--runner",
        choices=("threads", "processes", "dask"),
        default="threads",
        help="where each run normalises its batches in parallel (default threads)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="parallel workers per run (default: the runner's own)",
    )
    parser.add_argument(
        "--dask-address",
        metavar="URL",
        help="send batches to this Dask scheduler (tcp://host:8786)",
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        default=500,
        metavar="N",
        help="articles per normalisation task (500)",
    )
    parser.add_argument(
        "--load-size",
        type=int,
        default=5_000,
        metavar="N",
        help="articles per warehouse transaction: finished batches are written together (5000)",
    )
    parser.add_argument(
        "--since",
        metavar="YYYY-MM-DD",
        help="every run keeps only articles published on or after this date",
    )
    parser.add_argument(
        "--full-refresh",
        action="store_true",
        help="every run ignores saved source state and stored hashes and re-processes everything",
    )


class ServeError(Exception):
    """A reason not to serve; printed as one line."""


def configured_api_url() -> str | None:
    """The Prefect API URL from the environment or the active profile, if any."""
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or None


def server_is_up(api_url: str) -> bool:
    """Whether the Prefect API answers its health check."""
    import httpx

    try:
        return httpx.get(f"{api_url.rstrip('/')}/health", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def check_cron(expression: str) -> str:
    """`expression` if Prefect accepts it as a cron schedule, else `ServeError`."""
    import pydantic
    from prefect.client.schemas.schedules import CronSchedule

    try:
        CronSchedule(cron=expression)
    except pydantic.ValidationError:
        raise ServeError(
            f"invalid --cron {expression!r}: expected five fields, minute hour day-of-month "
            "month day-of-week, e.g. '*/30 * * * *'"
        ) from None
    return expression


def absolute_source(spec: str) -> str:
    """`spec` with a local path made absolute (URLs and reader prefixes kept), so the
    deployment reads the same files whichever directory serves it; `ServeError` if the path
    does not exist."""
    from pathlib import Path

    from flows.sources.documents import is_url
    from flows.sources.specs import parse_spec

    parsed = parse_spec(spec)
    if not parsed.target or is_url(parsed.target):
        return spec
    path = Path(parsed.target).expanduser()
    if not path.exists():
        raise ServeError(f"source {spec!r} not found (expected a file, folder or URL)")
    resolved = str(path.resolve())
    return parsed.prefix + resolved


def deployment_parameters(args: argparse.Namespace) -> dict[str, Any]:
    """The flow parameters the deployment stores, checked as a run will check them."""
    from flows.deployments import DeploymentConfigError, check_deployment_parameters
    from flows.ingest import ingest
    from warehouse import resolve_warehouse_path

    for option, value in (("--batch-size", args.batch_size), ("--load-size", args.load_size)):
        if value < 1:
            raise ServeError(f"{option} must be at least 1")
    if args.workers is not None and args.workers < 1:
        raise ServeError("--workers must be at least 1")
    try:
        since = parse_date(args.since, "--since date").isoformat() if args.since else None
    except InputError as exc:
        raise ServeError(str(exc)) from None
    parameters: dict[str, Any] = {
        "sources": [absolute_source(s) for s in args.sources],
        "warehouse": str(resolve_warehouse_path(args.warehouse).expanduser().resolve()),
        "batch_size": args.batch_size,
        "load_size": args.load_size,
        "full_refresh": args.full_refresh,
    }
    if since:
        parameters["since"] = since
    try:
        check_deployment_parameters(ingest, parameters, f"{FLOW_NAME}/{args.name}")
    except DeploymentConfigError as exc:
        raise ServeError(str(exc)) from None
    return parameters


def owner_conflict(existing: Any, parameters: dict[str, Any]) -> str | None:
    """Why deployment `existing` is not this serve's to update (None: it is).

    It is ours when an earlier `timeline serve` made it (tag `timeline-serve`, no work pool) for
    the same sources and warehouse; cron and tuning options may change between restarts."""
    if existing.work_pool_name:
        return f"is a work-pool deployment (pool {existing.work_pool_name!r}, e.g. prefect deploy)"
    if SERVE_TAG not in (existing.tags or []):
        return "was not created by timeline serve"
    stored = existing.parameters or {}
    for key in ("sources", "warehouse"):
        if stored.get(key) != parameters[key]:
            return f"is served with other {key} ({stored.get(key)!r})"
    return None


def claim_name(name: str, parameters: dict[str, Any], replace: bool) -> str:
    """Make sure serving `ingest/name` overwrites nothing it should not; say what will happen.

    A deployment of that name made elsewhere stops the serve (`ServeError`), unless `replace`,
    which deletes it first so none of its settings (work pool, schedules) linger."""
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound

    full_name = f"{FLOW_NAME}/{name}"
    with get_client(sync_client=True) as client:
        try:
            existing = client.read_deployment_by_name(full_name)
        except ObjectNotFound:
            return f"new deployment {full_name}"
        conflict = owner_conflict(existing, parameters)
        if conflict is None:
            return f"deployment {full_name} (resumed)"
        if not replace:
            raise ServeError(
                f"deployment {full_name} already exists and {conflict}; choose another --name, "
                "or pass --replace to delete it and serve this one"
            )
        client.delete_deployment(existing.id)
        return f"deployment {full_name} (replaced one that {conflict})"


class _Stopped(KeyboardInterrupt):
    """Raised in the main thread by SIGTERM so serving stops as it does on Ctrl-C."""


def _stop_on_sigterm(signum: int, frame: Any) -> None:
    raise _Stopped()


def run(args: argparse.Namespace) -> int:
    """Register the deployment and serve it until interrupted."""
    from warehouse.location import LOCK_TIMEOUT_ENV

    try:
        check_cron(args.cron)
        parameters = deployment_parameters(args)
        api_url = configured_api_url()
        if not api_url:
            raise ServeError(
                "no Prefect server is configured; schedules need one (the ephemeral API of "
                "`timeline run` has no scheduler): run `timeline server` in another shell, then "
                "export PREFECT_API_URL=http://127.0.0.1:4200/api"
            )
        if not server_is_up(api_url):
            raise ServeError(
                f"the Prefect server at {api_url} does not answer; is `timeline server` running?"
            )
        what = claim_name(args.name, parameters, args.replace)
    except ServeError as exc:
        print(f"timeline serve: {exc}", file=sys.stderr)
        return 2
    if args.lock_timeout is not None:
        os.environ[LOCK_TIMEOUT_ENV] = str(args.lock_timeout)
    from flows import tagging_pool
    from flows.ingest import ingest
    from flows.runners import make_task_runner

    runner = make_task_runner(args.runner, args.workers, args.dask_address)
    if args.runner == "threads" and not args.dask_address:
        # Served runs execute in processes of their own; they read this and tag in workers.
        os.environ[tagging_pool.WORKERS_ENV] = str(args.workers or "auto")
    sources = ", ".join(parameters["sources"])
    print(
        f"serving {what} on {api_url}: cron {args.cron!r} (UTC), {sources} -> "
        f"{parameters['warehouse']}; stop with Ctrl-C",
        flush=True,
    )
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        ingest.with_options(task_runner=runner).serve(
            name=args.name,
            cron=args.cron,
            parameters=parameters,
            tags=[SERVE_TAG],
            description=f"timeline serve: {sources} into {parameters['warehouse']}",
            print_starting_message=False,
            pause_on_shutdown=True,
            # One run at a time: the warehouse has a single writer, so a run due while the
            # previous one still loads waits for it instead of failing on the file lock.
            limit=1,
        )
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
    print(
        f"timeline serve: stopped; the schedule of {FLOW_NAME}/{args.name} is paused "
        f"(remove it: prefect deployment delete {FLOW_NAME}/{args.name})",
        file=sys.stderr,
    )
    return 0
