"""Task runners the user can choose for the parallel normalisation step."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def shared_api(name: str = "threads") -> Iterator[str | None]:
    """Give worker processes the parent's Prefect API while a flow runs; yield its URL.

    With no `PREFECT_API_URL` set, Prefect starts a temporary ("ephemeral") API server in every
    process that needs one. For threads that is the flow's own process; for the processes and
    Dask runners it would be one more server (and SQLite migration check) per worker process,
    which costs seconds each and can time out on a busy machine. Here the parent starts the one
    temporary server and points the workers at it through the settings tasks inherit.
    """
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_SERVER_EPHEMERAL_ENABLED,
        temporary_settings,
    )

    if name == "threads" or PREFECT_API_URL.value() or not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        yield PREFECT_API_URL.value()
        return
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    server.start()
    with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
        yield server.api_url
