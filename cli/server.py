"""`timeline server`: start the Prefect API and UI on this machine with settings that work here.

The UI's browser code calls `PREFECT_SERVER_UI_API_URL`; it must name the same host and port as
the server, or the UI calls port 4200 and shows nothing. Analytics are off (no network here).
"""

from __future__ import annotations

import argparse
import os
import sys

EXAMPLES = """\
  timeline server                       UI at http://127.0.0.1:4200
  timeline server --port 4300           then: export PREFECT_API_URL=http://127.0.0.1:4300/api
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `timeline server`."""
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=4200, help="port to listen on")


def server_environment(host: str, port: int) -> dict[str, str]:
    """Environment for `prefect server start` serving the UI against its own API."""
    api = f"http://{host}:{port}/api"
    env = dict(os.environ)
    env.update(
        PREFECT_SERVER_API_HOST=host,
        PREFECT_SERVER_API_PORT=str(port),
        PREFECT_SERVER_UI_API_URL=api,
        PREFECT_UI_API_URL=api,
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_API_URL=api,
    )
    return env


def run(args: argparse.Namespace) -> int:
    """Become the Prefect server (exec, not a child process): stopping this process, by Ctrl-C
    or a signal from a supervisor or test, stops the server with it."""
    env = server_environment(args.host, args.port)
    print(f"Prefect UI:  http://{args.host}:{args.port}")
    print(f"Prefect API: {env['PREFECT_API_URL']}")
    print(f"In another shell: export PREFECT_API_URL={env['PREFECT_API_URL']}", flush=True)
    command = [sys.executable, "-m", "prefect", "server", "start",
               "--host", args.host, "--port", str(args.port)]  # fmt: skip
    os.execve(sys.executable, command, env)
