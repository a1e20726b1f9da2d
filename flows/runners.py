"""Task runners the user can choose for the parallel normalisation step."""

from __future__ import annotations

import ctypes
import functools
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
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


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def shared_api(name: str = "threads") -> Iterator[str | None]:
    """Start the run's temporary Prefect API (unless one is configured); yield its URL.

    With no `PREFECT_API_URL` set, Prefect starts a temporary ("ephemeral") API server in every
    process that needs one. For threads that is the flow's own process; for the processes and
    Dask runners it would be one more server (and SQLite migration check) per worker process,
    which costs seconds each and can time out on a busy machine. Here the parent starts the one
    temporary server, for every runner, points the workers at it through the settings tasks
    inherit, and stops it on exit. The server process is tied to this one (`die_with_parent`):
    Prefect's own would outlive a `kill -9` of `timeline run`, holding about 230 MB.
    """
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_SERVER_EPHEMERAL_ENABLED,
        temporary_settings,
    )

    if PREFECT_API_URL.value() or not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        yield PREFECT_API_URL.value()
        return
    server = _tied_server_class()(_free_port())
    try:
        server.start()
        with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
            try:
                yield server.api_url
            finally:
                _drain_to_api()
    finally:
        server.stop()


def _drain_to_api() -> None:
    """Send the logs and events still queued for the API before its server stops (they would
    end as "Error logging to API" lines otherwise)."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        worker.drain_all(timeout=5, at_exit=False)


def _tied_server_class() -> type:
    """Prefect's `SubprocessASGIServer`, with its uvicorn process started by `die_with_parent`."""
    import prefect
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import get_current_settings

    class TiedServer(SubprocessASGIServer):
        """The temporary API server in a child that dies with this process."""

        def _run_uvicorn_command(self) -> subprocess.Popen:
            command = [sys.executable, "-m", "uvicorn", "--app-dir"]
            command += [str(prefect.__module_path__.parent), "--factory"]
            command += ["prefect.server.api.server:create_app", "--host", "127.0.0.1"]
            command += ["--port", str(self.port), "--log-level", "error", "--lifespan", "on"]
            environment = {
                **os.environ,
                "PREFECT_UI_ENABLED": "0",
                "PREFECT__SERVER_EPHEMERAL": "1",
                "PREFECT__SERVER_FINAL": "1",
                **get_current_settings().to_environment_variables(exclude_unset=True),
            }
            _prctl()
            return subprocess.Popen(command, env=environment, preexec_fn=die_with_parent)

    return TiedServer
