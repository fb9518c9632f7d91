"""What runs on a Dask worker: analyse one batch of articles and save it to the store.

``analyze_batch`` is the task the runner submits. It uses the worker's pipeline (loaded
once by ``PipelinePlugin``) and the worker's own ``Store`` (opened once per worker), writes
every analysis from the worker itself, and returns only a small ``BatchResult``: one status
per article and the reasons of those that failed, never the analyses.

Why a retried task is harmless: an article already stored with the same content hash is
skipped before analysis and counted ``unchanged``, and ``Store.save_analysis`` is itself
idempotent (unique identity key, row lock), so a batch re-run after its worker died
half-way adds nothing twice, even when the first attempt is still writing elsewhere.
"""

from __future__ import annotations

import os
import time
import types
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from parley.model import Analysis, Article
from parley.nlp.pipeline import MODEL, TASKS, analyze_articles
from parley.scale.plugin import worker_pipeline, worker_store

#: Stands in for the Dask worker when a batch runs in a plain process (tests, debugging).
_LOCAL = types.SimpleNamespace()


@dataclass(slots=True)
class BatchResult:
    """What a task sends back: a status per article (input order) and failure reasons."""

    statuses: list[str]  # new / revised / unchanged / duplicate / failed
    failures: list[tuple[int, str]] = field(default_factory=list)  # (index in batch, reason)
    analysed: int = 0  # articles run through the pipeline (the rest were already stored)
    seconds: float = 0.0  # wall time spent in the task
    cpu: float = 0.0  # CPU time of the task's thread (steady however busy the machine is)
    store_cpu: float = 0.0  # of which in store calls: lookups, hashing, saves
    worker: str = ""  # the worker's address (or "local")
    pid: int = 0


def current_worker() -> Any:
    """The Dask worker running this task, or a process-local stand-in outside Dask."""
    try:
        from distributed import get_worker

        return get_worker()
    except ValueError:  # not inside a worker
        return _LOCAL


def analyze_batch(
    articles: Sequence[Article],
    store_url: str,
    tasks: tuple[str, ...] = TASKS,
    model: str = MODEL,
) -> BatchResult:
    """Analyse ``articles`` with the worker's pipeline and save them to ``store_url``."""
    started, cpu = time.perf_counter(), time.thread_time()
    worker = current_worker()
    store = worker_store(worker, store_url)
    statuses = ["unchanged"] * len(articles)
    todo = [i for i, a in enumerate(articles) if not store.already_stored(a, url=a.url)]
    result = BatchResult(statuses, analysed=len(todo), pid=os.getpid(),
                         worker=getattr(worker, "address", "local"))
    result.store_cpu = time.thread_time() - cpu
    outcomes = analyse(worker, [articles[i] for i in todo], tasks, model)
    for i, outcome in zip(todo, outcomes, strict=True):
        if isinstance(outcome, str):
            statuses[i] = "failed"
            result.failures.append((i, outcome))
        else:
            saving = time.thread_time()
            statuses[i] = store.save_analysis(outcome, url=outcome.article.url).status
            result.store_cpu += time.thread_time() - saving
    result.seconds = time.perf_counter() - started
    result.cpu = time.thread_time() - cpu
    return result


def analyse(
    worker: Any, articles: list[Article], tasks: tuple[str, ...], model: str
) -> list[Analysis | str]:
    """The analysis of each article, or the reason it could not be analysed.

    The batch goes through ``nlp.pipe`` in one go; if that raises, the articles are run one
    by one so that one pathological text costs only itself.
    """
    if not articles:
        return []
    nlp = worker_pipeline(worker, tasks, model)
    lock = worker.parley_nlp_lock
    try:
        with lock:
            return list(analyze_articles(articles, nlp, batch_size=len(articles)))
    except Exception:  # noqa: BLE001 - isolate the culprit below
        pass
    out: list[Analysis | str] = []
    for article in articles:
        try:
            with lock:
                out.extend(analyze_articles([article], nlp, batch_size=1))
        except Exception as exc:  # noqa: BLE001 - reported as this article's failure
            out.append(f"analysis failed ({type(exc).__name__}: {exc})")
    return out
