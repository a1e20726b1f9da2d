"""Task runners the user can choose for the parallel normalisation step."""

from __future__ import annotations

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
