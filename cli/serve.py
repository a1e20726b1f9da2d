"""`timeline serve SOURCE… --cron "*/30 * * * *"`: a scheduled deployment of the ingest flow.

Schedules need a running Prefect server (the ephemeral local API used by `timeline run` has no
scheduler): start one with `timeline server` and point `PREFECT_API_URL` at it.
"""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `timeline serve`."""
    from warehouse import add_warehouse_arguments

    parser.add_argument("sources", nargs="+", metavar="SOURCE", help="file, folder or URL")
    add_warehouse_arguments(parser)
    parser.add_argument(
        "--cron", default="*/30 * * * *", help="cron schedule (default every 30 min)"
    )
    parser.add_argument("--name", default="timeline-ingest", help="deployment name")
    parser.add_argument("--runner", choices=("threads", "processes", "dask"), default="threads")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--dask-address")
    parser.add_argument("--batch-size", type=int, default=500)


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


def run(args: argparse.Namespace) -> int:
    """Register the deployment and serve it until interrupted."""
    from warehouse import resolve_warehouse_path

    api_url = configured_api_url()
    if not api_url:
        print(
            "timeline serve: no Prefect server is configured. Schedules need one (the ephemeral "
            "API of `timeline run` has no scheduler).\n  1. timeline server            "
            "# in another shell\n  2. export PREFECT_API_URL=http://127.0.0.1:4200/api\n"
            "  3. timeline serve SOURCE… --cron '*/30 * * * *'",
            file=sys.stderr,
        )
        return 2
    if not server_is_up(api_url):
        print(f"timeline serve: the Prefect server at {api_url} does not answer; is "
              "`timeline server` running?", file=sys.stderr)  # fmt: skip
        return 2
    from flows.ingest import ingest
    from flows.runners import make_task_runner

    runner = make_task_runner(args.runner, args.workers, args.dask_address)
    print(f"serving deployment ingest/{args.name} on {api_url} with schedule {args.cron!r}")
    ingest.with_options(task_runner=runner).serve(
        name=args.name,
        cron=args.cron,
        parameters={
            "sources": args.sources,
            "warehouse": str(resolve_warehouse_path(args.warehouse).resolve()),
            "batch_size": args.batch_size,
        },
    )
    return 0
