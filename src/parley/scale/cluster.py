"""Connect to a Dask cluster, or start a local one, with parley's pipeline on every worker.

    with dask_client(workers=2) as client:            # a LocalCluster of 2 processes
        ...
    with dask_client("tcp://10.0.0.5:8786") as client:  # an existing scheduler
        ...

Either way the ``PipelinePlugin`` is registered before the client is handed out, so every
worker (and every worker that joins or is restarted later) has the pipeline loaded.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import Any

import psutil

from parley.errors import ConfigError, ParleyError
from parley.nlp.pipeline import MODEL, TASKS
from parley.scale.plugin import THREAD_ENV, PipelinePlugin

#: A local worker's memory ceiling: the pipeline needs well under 1 GiB; the nanny restarts a
#: worker that passes 95 % of it (its batch is then retried, which the store makes harmless).
MAX_LOCAL_MEMORY = 4 * 1024**3
#: How long to wait for a scheduler to answer and for a first worker to join.
CONNECT_TIMEOUT = 30.0
WORKER_TIMEOUT = 120.0


class ClusterError(ParleyError):
    """The Dask cluster could not be reached or could not run parley's tasks."""


def local_memory_limit(n_workers: int, total: int | None = None) -> int:
    """Memory per local worker: a fair share of the machine (client and database keep one
    share), at most ``MAX_LOCAL_MEMORY``."""
    total = total if total is not None else psutil.virtual_memory().total
    return int(min(MAX_LOCAL_MEMORY, total // (n_workers + 1)))


def check_choice(scheduler: str | None, workers: int | None) -> None:
    """Exactly one of a scheduler address and a local worker count; raise ConfigError."""
    if scheduler and workers:
        raise ConfigError("give either --dask SCHEDULER_ADDRESS or --workers N, not both")
    if not scheduler and not workers:
        raise ConfigError("give --dask SCHEDULER_ADDRESS or --workers N")
    if workers is not None and workers < 1:
        raise ConfigError(f"--workers must be at least 1, got {workers}")


def start_local_cluster(n_workers: int, *, memory_limit: int | str | None = None) -> Any:
    """A ``LocalCluster`` of ``n_workers`` single-threaded worker processes."""
    import dask
    from distributed import LocalCluster

    # One task per worker thread at a time: a batch takes seconds, so the scheduler's
    # hand-over latency costs nothing, and a worker that dies is blamed only for the batch
    # it was really running (not for one merely queued there).
    with dask.config.set({"distributed.scheduler.worker-saturation": 1.0}):
        return LocalCluster(
            n_workers=n_workers,
            threads_per_worker=1,
            processes=True,
            memory_limit=memory_limit or local_memory_limit(n_workers),
            dashboard_address=None,  # no web server (and no port clash) for a batch run
            silence_logs=logging.ERROR,
            env=dict(THREAD_ENV),  # before the worker imports numpy/thinc
        )


def _connect(address: Any) -> Any:
    from distributed import Client

    try:
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc


def prepare_client(
    client: Any, tasks: tuple[str, ...] = TASKS, model: str = MODEL,
    *, worker_timeout: float = WORKER_TIMEOUT,
) -> None:
    """Wait for a first worker and install the pipeline plugin on every worker."""
    try:
        client.wait_for_workers(1, timeout=worker_timeout)
    except TimeoutError as exc:
        raise ClusterError(
            f"no Dask worker joined the scheduler within {worker_timeout:.0f} s "
            "(start some with: dask worker SCHEDULER_ADDRESS --nthreads 1)"
        ) from exc
    try:
        client.register_plugin(PipelinePlugin(tasks, model))
    except ParleyError:
        raise
    except Exception as exc:  # e.g. parley or the model not installed on a worker
        raise ClusterError(
            f"the Dask workers could not load parley's pipeline ({type(exc).__name__}: {exc}); "
            "install parley and its model on every worker machine"
        ) from exc


@contextlib.contextmanager
def dask_client(
    scheduler: str | None = None,
    workers: int | None = None,
    *,
    tasks: tuple[str, ...] = TASKS,
    model: str = MODEL,
    memory_limit: int | str | None = None,
) -> Iterator[Any]:
    """A ``distributed.Client`` on ``scheduler``, or on a new local cluster of ``workers``.

    The local cluster (if any) is shut down on exit; an external cluster is left running.
    """
    check_choice(scheduler, workers)
    cluster = None
    try:
        if workers:
            cluster = start_local_cluster(workers, memory_limit=memory_limit)
        client = _connect(cluster if cluster is not None else scheduler)
        try:
            prepare_client(client, tasks, model)
            yield client
        finally:
            client.close()
    finally:
        if cluster is not None:
            cluster.close()


def worker_pids(client: Any) -> dict[str, int]:
    """``{worker address: process id}`` of the workers now connected."""
    import os

    return client.run(os.getpid)


def pipeline_loads(client: Any) -> dict[str, int]:
    """``{worker address: pipelines built in that worker process}``."""
    return client.run(_loads)


def _loads(dask_worker: Any) -> int:
    return getattr(dask_worker, "parley_pipeline_loads", 0)
