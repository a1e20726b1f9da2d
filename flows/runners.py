"""Task runners the user can choose for the parallel normalisation step."""

from __future__ import annotations

import importlib.util
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

RUNNERS = ("threads", "processes", "dask")


def make_task_runner(
    name: str = "threads", workers: int | None = None, dask_address: str | None = None
) -> Any:
    """A Prefect task runner: threads (default), processes, or Dask.

    `dask` starts a local cluster of `workers` worker processes, or connects to the existing
    scheduler at `dask_address` (e.g. tcp://10.0.0.5:8786) when given.
    """
    if dask_address and name != "dask":
        name = "dask"
    if name == "threads":
        from prefect.task_runners import ThreadPoolTaskRunner

        return ThreadPoolTaskRunner(max_workers=workers)
    if name == "processes":
        from prefect.task_runners import ProcessPoolTaskRunner

        return ProcessPoolTaskRunner(max_workers=workers)
    if name == "dask":
        from prefect_dask import DaskTaskRunner

        if dask_address:
            return DaskTaskRunner(address=dask_address)
        return DaskTaskRunner(
            cluster_kwargs={"n_workers": workers or 2, "threads_per_worker": 1, "processes": True}
        )
    raise ValueError(f"unknown runner {name!r}; choose one of {', '.join(RUNNERS)}")


class TemporaryApi:
    """Prefect's temporary ("ephemeral") API server in a subprocess, started by the command
    before it imports the flow, so that the server's start-up (about 5 s, nearly all of it
    imports) overlaps the command's own imports instead of following them.

    Left to itself Prefect starts the same server (same command, same settings) only when the
    flow is called, after importing its server code in the flow's process as well (about 3 s
    more). Started speculatively: `shared_api` stops it unused when Prefect's settings name an
    API after all (a profile's `PREFECT_API_URL`) or disable the temporary server.
    """

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""
        self._start()

    def _start(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}/api"
        package = importlib.util.find_spec("prefect")
        app_dir = str(Path(package.origin).parent.parent) if package and package.origin else "."
        command = [
            sys.executable, "-m", "uvicorn", "--app-dir", app_dir,
            "--factory", "prefect.server.api.server:create_app",
            "--host", "127.0.0.1", "--port", str(port),
            "--log-level", "error", "--lifespan", "on",
        ]  # fmt: skip
        env = {
            **os.environ,
            "PREFECT_UI_ENABLED": "0",
            "PREFECT__SERVER_EPHEMERAL": "1",
            "PREFECT__SERVER_FINAL": "1",
        }
        self.process = subprocess.Popen(command, env=env)

    def wait(self, timeout: float) -> None:
        """Block until the server answers its health check; raise RuntimeError after `timeout`
        seconds or when it exits (exit code 3, its port taken meanwhile: start again)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            code = self.process.poll()
            if code == 3:
                self._start()
            elif code is not None:
                raise RuntimeError(f"temporary Prefect API server exited with code {code}")
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"temporary Prefect API server did not start in {timeout:g} s")

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after 5 s) and reap it."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


def start_temporary_api() -> TemporaryApi | None:
    """Start the temporary API early when nothing in the environment names an API; else None.

    When Prefect is imported already (a caller in-process, such as a test) its settings are
    read as well, at no cost; otherwise `shared_api` checks them once Prefect is imported."""
    if os.environ.get("PREFECT_API_URL"):
        return None
    if "prefect.settings" in sys.modules:
        from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_ENABLED

        if PREFECT_API_URL.value() or not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
            return None
    return TemporaryApi()


@contextmanager
def shared_api(
    name: str = "threads",
    early: TemporaryApi | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> Iterator[str | None]:
    """Run a flow against one temporary Prefect API shared by all its processes; yield its URL.

    With no `PREFECT_API_URL` set, Prefect starts a temporary ("ephemeral") API server in every
    process that needs one: the flow's own process, and for the processes and Dask runners one
    more server (and SQLite migration check) per worker process, which costs seconds each and
    can time out on a busy machine. Here one temporary server, `early` when the caller started
    it already (`start_temporary_api`), serves the flow and the workers, which reach it through
    the settings tasks inherit; it stops when the block ends. `meanwhile` runs while that
    server starts (only then), e.g. imports the flow will need later. `name` (the runner) no
    longer changes anything: the threads runner now gets the early server too.
    """
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_SERVER_EPHEMERAL_ENABLED,
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS,
        temporary_settings,
    )

    if PREFECT_API_URL.value() or not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        if early is not None:
            early.stop()
        yield PREFECT_API_URL.value()
        return
    server = early or TemporaryApi()
    log = logging.getLogger("prefect")
    try:
        if meanwhile is not None:
            meanwhile()
        server.wait(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value())
        log.info("Started temporary Prefect API on %s", server.url)
        with temporary_settings(updates={PREFECT_API_URL: server.url}):
            yield server.url
    finally:
        _drain_prefect_workers()
        log.info("Stopping temporary Prefect API on %s", server.url)
        server.stop()


def _drain_prefect_workers() -> None:
    """Send the logs and events still queued in this process to the API while it is up.

    Prefect drains these workers at interpreter exit, which is after the server has stopped
    here: the queued logs would then be retried against a closed port for a minute and lost."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=10)
    EventsWorker.drain_all(timeout=10)
