"""Task runners the user can choose for the parallel normalisation step."""

from __future__ import annotations

import ctypes
import functools
import importlib.util
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

RUNNERS = ("threads", "processes", "dask")

_PR_SET_PDEATHSIG = 1
"""prctl(2) option: the signal the kernel sends this process when its parent thread dies."""
_WATCH_SECONDS = 0.5


def die_with_parent() -> None:
    """In the temporary API server's process (before it starts): be killed (SIGKILL) when the
    parent dies, even by `kill -9`, so it does not outlive `timeline run`. Linux only (prctl);
    elsewhere a no-op. The kernel sends it when the thread that started the child ends, which
    for the server is the main thread. Signals as `_child_signals` says."""
    prctl = _prctl()
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    _child_signals()


def _child_signals() -> None:
    """Keep SIGINT blocked in a child (a Ctrl-C reaches the whole process group; the parent
    stops its children itself, and their own KeyboardInterrupt tracebacks would only be noise)
    and let SIGTERM through."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


@functools.cache
def _prctl() -> Any:
    """libc's prctl on Linux, else None. Looked up before forking (`shared_api`), so the child
    between fork and exec only calls it."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_WATCH_SECONDS)
    os._exit(1)


def worker_setup(parent: int) -> None:
    """Initializer of `--runner processes` workers: exit when the `timeline run` process that
    started them is gone. A watchdog thread polls the parent pid, which works whichever of
    the parent's threads spawned the worker (the kernel's parent-death signal would follow
    the spawning thread, which may end before the pool). Signals as `_child_signals` says."""
    _child_signals()
    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


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

        return ProcessPoolTaskRunner(
            max_workers=workers, initializer=worker_setup, initargs=(os.getpid(),)
        )
    if name == "dask":
        from prefect_dask import DaskTaskRunner

        if dask_address:
            return DaskTaskRunner(address=dask_address)
        return DaskTaskRunner(
            cluster_kwargs={"n_workers": workers or 2, "threads_per_worker": 1, "processes": True}
        )
    raise ValueError(f"unknown runner {name!r}; choose one of {', '.join(RUNNERS)}")


class TemporaryApiError(RuntimeError):
    """The temporary Prefect API could not be started (one line for the user)."""


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
        _prctl()
        self.process = subprocess.Popen(command, env=env, preexec_fn=die_with_parent)

    def wait(self, timeout: float) -> None:
        """Block until the server answers its health check; raise TemporaryApiError after `timeout`
        seconds or when it exits (exit code 3, its port taken meanwhile: start again)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            code = self.process.poll()
            if code == 3:
                self._start()
            elif code is not None:
                raise TemporaryApiError(
                    f"the temporary Prefect API server exited with code {code} while starting"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise TemporaryApiError(
            f"the temporary Prefect API did not answer within {timeout:g} s (a busy machine? "
            "raise PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS, or run `timeline server` "
            "and set PREFECT_API_URL)"
        )

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
    longer changes anything: the threads runner now gets the early server too. The server's
    process dies with this one (`die_with_parent`): Prefect's own would outlive a `kill -9` of
    `timeline run`, holding about 230 MB.
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
        server.wait(_startup_timeout(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value()))
        log.info("Started temporary Prefect API on %s", server.url)
        with temporary_settings(updates={PREFECT_API_URL: server.url}):
            yield server.url
    finally:
        _drain_to_api()
        log.info("Stopping temporary Prefect API on %s", server.url)
        server.stop()


STARTUP_TIMEOUT_FLOOR = 90.0
"""Seconds the temporary API may take to answer unless the user set Prefect's own timeout:
Prefect's default (20 s) is too short on a busy 2-core machine, where the server's imports
alone took over 20 s while other runs tagged."""


def _startup_timeout(configured: float) -> float:
    """Prefect's `PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS` when the user set it, else
    `STARTUP_TIMEOUT_FLOOR` at least (the server's process is watched all along: one that dies
    ends the wait at once)."""
    if os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"):
        return configured
    return max(configured, STARTUP_TIMEOUT_FLOOR)


def _drain_to_api() -> None:
    """Send the logs and events still queued in this process to the API while it is up.

    Prefect drains these workers at interpreter exit, which is after the server has stopped
    here: the queued logs would then be retried against a closed port for a minute and lost
    (or end as "Error logging to API" lines)."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        worker.drain_all(timeout=10, at_exit=False)
