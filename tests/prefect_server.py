"""A real Prefect server for end-to-end tests: its own PREFECT_HOME, 127.0.0.1, a free port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

BIN = Path(sys.executable).parent


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def client_env(home: Path, api_url: str, **extra: str) -> dict[str, str]:
    """Environment for a Prefect client process (CLI, serve, worker) talking to `api_url`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_API_URL=api_url,
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
    )
    env.update(extra)
    return env


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_healthy(
    process: subprocess.Popen, api_url: str, log: Path, startup_timeout: float
) -> None:
    """Return once the API at `api_url` answers its health check; raise with the server's log
    if `process` exits first, or after `startup_timeout` s."""
    deadline = time.monotonic() + startup_timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"prefect server exited: {log.read_text()}")
        try:
            if httpx.get(f"{api_url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"prefect server not healthy after {startup_timeout:.0f} s")
        time.sleep(0.2)


@contextmanager
def prefect_server(home: Path, startup_timeout: float = 180.0) -> Iterator[str]:
    """Run `prefect server start` until the block ends; yield its API URL once healthy.

    The scheduler looks for new deployments every 2 s instead of 60 s, so a schedule's first
    runs exist seconds after the deployment does. The UI is off: the tests only use the API."""
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = client_env(
        home,
        api_url,
        PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS="2",
        PREFECT_SERVER_UI_ENABLED="false",
    )
    env.pop("PREFECT_API_URL")
    log = (home / "server.log").open("wb")
    process = subprocess.Popen(
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_healthy(process, api_url, home / "server.log", startup_timeout)
        yield api_url
    finally:
        _stop(process)
        log.close()


_WATCH = """
import os, subprocess, sys, time
owner, command = int(sys.argv[1]), sys.argv[2:]
server = subprocess.Popen(command)
def owner_alive():
    try:
        os.kill(owner, 0)
    except ProcessLookupError:
        return False
    return True
while server.poll() is None and owner_alive():
    time.sleep(0.5)
if server.poll() is None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
"""
"""Runs the server of `shared_api` until it exits or the process `owner` is gone."""


def shared_api(directory: Path, owner: int, startup_timeout: float = 180.0) -> str:
    """The URL of one Prefect API shared by every process that calls this with `directory`,
    started by the first of them and stopped once the process `owner` has exited.

    The xdist workers of one pytest run share the API their controller (`owner`) outlives: one
    server start instead of one per worker (about 8 s of CPU each). Its database and home are
    in `directory`; it runs as Prefect's temporary server does (`prefect_test_harness`): the
    services of an ephemeral server, no UI."""
    import fcntl

    directory.mkdir(parents=True, exist_ok=True)
    with (directory / "api.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        known = directory / "api.url"
        if known.exists():
            return known.read_text()
        port = free_port()
        api_url = f"http://127.0.0.1:{port}/api"
        home = directory / "home"
        home.mkdir(exist_ok=True)
        env = client_env(
            home,
            api_url,
            PREFECT_SERVER_DATABASE_CONNECTION_URL=f"sqlite+aiosqlite:///{directory / 'api.db'}",
            PREFECT_UI_ENABLED="0",
            PREFECT__SERVER_EPHEMERAL="1",
            PREFECT__SERVER_FINAL="1",
        )
        env.pop("PREFECT_API_URL")
        command = [
            sys.executable, "-m", "uvicorn", "--factory", "prefect.server.api.server:create_app",
            "--host", "127.0.0.1", "--port", str(port), "--log-level", "error",
            "--lifespan", "on",
        ]  # fmt: skip
        log = (directory / "server.log").open("wb")
        watcher = subprocess.Popen(
            [sys.executable, "-c", _WATCH, str(owner), *command],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        _wait_healthy(watcher, api_url, directory / "server.log", startup_timeout)
        known.write_text(api_url)
        return api_url
