"""The worker plugin: each Dask worker loads parley's spaCy pipeline once and keeps it.

Registered with ``client.register_plugin(PipelinePlugin(...))``, the scheduler runs
``setup`` on every worker that joins, including a worker the nanny restarts after a crash,
so a task never pays for loading the model (a few seconds) and never loads it twice.

What a worker keeps, on the ``distributed.Worker`` object itself:

* ``parley_pipelines``: ``{(tasks, model): Language}``;
* ``parley_pipeline_loads``: how many pipelines this worker process has built (1 normally);
* ``parley_stores``: ``{url: Store}``, one connection pool per database, opened lazily by
  the first task that writes there (``worker_store``);
* ``parley_lock``: guards building those; ``parley_nlp_lock``: serialises analysis when a
  worker runs several threads (spaCy components are not written to share one ``Language``
  between threads; the database writes still overlap).
"""

from __future__ import annotations

import os
import threading
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

from parley.nlp.pipeline import MODEL, TASKS

#: Thread pools of the numeric libraries spaCy may use: one thread each, because Dask runs
#: one worker process per core and extra threads would only fight over the same cores.
THREAD_ENV = {
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "BLIS_NUM_THREADS": "1",
    "VECLIB_MAXIMUM_THREADS": "1",
    "NUMEXPR_NUM_THREADS": "1",
}
PLUGIN_NAME = "parley-pipeline"
_ATTRS_LOCK = threading.Lock()  # guards creating the per-worker attributes below


def limit_threads() -> None:
    """Set the one-thread environment (effective for libraries not loaded yet)."""
    for key, value in THREAD_ENV.items():
        os.environ.setdefault(key, value)


def worker_state(worker: Any) -> None:
    """Create the parley attributes on ``worker`` if they are missing."""
    with _ATTRS_LOCK:
        if not hasattr(worker, "parley_pipelines"):
            worker.parley_pipelines = {}
            worker.parley_pipeline_loads = 0
            worker.parley_stores = {}
            worker.parley_lock = threading.Lock()
            worker.parley_nlp_lock = threading.Lock()


def worker_pipeline(worker: Any, tasks: tuple[str, ...] = TASKS, model: str = MODEL) -> Any:
    """The worker's pipeline for ``tasks``; built (and counted) on first use only."""
    from parley.nlp.pipeline import build_pipeline

    worker_state(worker)
    key = (tuple(tasks), model)
    with worker.parley_lock:
        nlp = worker.parley_pipelines.get(key)
        if nlp is None:
            nlp = build_pipeline(key[0], model)
            worker.parley_pipelines[key] = nlp
            worker.parley_pipeline_loads += 1
    return nlp


def worker_store(worker: Any, url: str) -> Any:
    """The worker's ``Store`` for ``url``, opened on first use and kept for later tasks."""
    from parley.store import Store

    worker_state(worker)
    with worker.parley_lock:
        store = worker.parley_stores.get(url)
        if store is None:
            store = Store.open(url)
            worker.parley_stores[url] = store
    return store


class PipelinePlugin(WorkerPlugin):
    """Load parley's pipeline once per worker process, before any task runs there."""

    name = PLUGIN_NAME

    def __init__(self, tasks: tuple[str, ...] = TASKS, model: str = MODEL):
        self.tasks = tuple(tasks)
        self.model = model

    def setup(self, worker: Any) -> None:
        """Limit numeric threads and build the pipeline on ``worker``."""
        limit_threads()
        worker_pipeline(worker, self.tasks, self.model)

    def teardown(self, worker: Any) -> None:
        """Release the worker's database connections."""
        for store in getattr(worker, "parley_stores", {}).values():
            store.close()
        if hasattr(worker, "parley_stores"):
            worker.parley_stores.clear()
