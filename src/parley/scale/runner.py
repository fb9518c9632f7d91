"""Ingest on a Dask cluster: the client reads sources, workers analyse and store batches.

    with Store.open("postgresql://parley@db/parley") as store:
        summary = ingest_with_dask(["archive/"], store, workers=2)

How the work is laid out:

* The client reads and fetches sources exactly as ``parley ingest`` does (the same reader,
  in a background thread), groups articles into batches of ``batch_size`` and submits each
  batch as one ``analyze_batch`` task.
* At most ``window`` batches are in flight (about two per worker thread): the client
  waits for one to finish before submitting the next, so memory on the client and the
  scheduler stays flat however many millions of articles the sources hold.
* Workers write to the database themselves and send back one status per article. A task
  that raises is retried (``retries``); a task whose worker died is re-run by the scheduler
  on another worker; when workers keep dying on one batch (``KilledWorker``) its articles
  are re-submitted one per task, and an article whose single task still dies is run once
  more alone, so a single pathological article ends as one failure
  instead of taking its batch with it. All of this is safe because saving is idempotent.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from parley.config import Settings
from parley.errors import ConfigError, ParleyError
from parley.ingest.fetch import Fetcher
from parley.ingest.runner import (
    Failure,
    IngestSummary,
    Item,
    Progress,
    reading_sources,
    tally,
)
from parley.model import Article
from parley.nlp.pipeline import MODEL, TASKS
from parley.scale.cluster import ClusterError, check_choice, dask_client
from parley.scale.tasks import BatchResult, analyze_batch

#: Articles per task: enough to amortise scheduling (a few ms) over seconds of analysis.
BATCH_SIZE = 32
#: Seconds between two looks at how many worker threads the cluster has.
WINDOW_REFRESH = 10.0
#: Task retries after an exception (a database restart, for instance). Worker deaths are
#: counted separately by the scheduler (``distributed.scheduler.allowed-failures``, 3).
RETRIES = 1


def check_store(store: Any, scheduler: str | None) -> None:
    """Refuse databases the workers cannot share; raise ConfigError."""
    url = store.url
    if url in ("sqlite://", "sqlite:///:memory:"):
        raise ConfigError("an in-memory database cannot be shared with Dask workers")
    if scheduler and url.startswith("sqlite"):
        raise ConfigError(
            "workers on other machines cannot write to a SQLite file: "
            "use --db postgresql://... with --dask"
        )


def ingest_with_dask(
    sources: Iterable[str],
    store: Any,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    settings: Settings | None = None,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
    published: str | None = None,
    fetcher: Fetcher | None = None,
    n_process: int = 1,
) -> IngestSummary:
    """Ingest ``sources`` into ``store`` on the scheduler at ``scheduler`` or ``workers`` local
    worker processes (exactly one of the two)."""
    check_choice(scheduler, workers)
    if n_process != 1:
        raise ConfigError("--n-process does not combine with --dask/--workers (add workers instead)")
    check_store(store, scheduler)
    with dask_client(scheduler, workers) as client:
        return ingest_on_cluster(sources, store, client, settings=settings, progress=progress,
                                 batch_size=batch_size, published=published, fetcher=fetcher)


def ingest_on_cluster(
    sources: Iterable[str],
    store: Any,
    client: Any,
    *,
    settings: Settings | None = None,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
    published: str | None = None,
    fetcher: Fetcher | None = None,
    tasks: tuple[str, ...] = TASKS,
    model: str = MODEL,
    retries: int = RETRIES,
    window: int | None = None,
    on_batch: Callable[[BatchResult], None] | None = None,
) -> IngestSummary:
    """Ingest ``sources`` into ``store`` with the analysis on ``client``'s workers."""
    settings = settings or Settings()
    with reading_sources(sources, settings, published, fetcher) as (items, summary):
        submitter = _Submitter(client, store, summary, progress, tasks=tasks, model=model,
                               retries=retries, window=window, on_batch=on_batch)
        submitter.run(items, batch_size)
    return summary


def analyze_on_cluster(
    articles: Iterable[Article],
    store: Any,
    client: Any,
    *,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
    tasks: tuple[str, ...] = TASKS,
    model: str = MODEL,
    retries: int = RETRIES,
    window: int | None = None,
    on_batch: Callable[[BatchResult], None] | None = None,
) -> IngestSummary:
    """Analyse and store a stream of ``Article`` records on ``client``'s workers."""
    started = time.monotonic()
    summary = IngestSummary()
    submitter = _Submitter(client, store, summary, progress, tasks=tasks, model=model,
                           retries=retries, window=window, on_batch=on_batch)
    submitter.run(iter(articles), batch_size)
    summary.seconds = time.monotonic() - started
    return summary


class _Submitter:
    """Batches articles, keeps a bounded number of tasks in flight, tallies their results."""

    def __init__(self, client: Any, store: Any, summary: IngestSummary, progress: Progress | None,
                 *, tasks: tuple[str, ...], model: str, retries: int, window: int | None,
                 on_batch: Callable[[BatchResult], None] | None) -> None:
        from distributed import as_completed

        self.client, self.url, self.summary = client, store.url, summary
        self.note = progress or (lambda event, label: None)
        self.tasks, self.model, self.retries = tasks, model, retries
        self.fixed_window, self.on_batch = window, on_batch
        self.pending: dict[Any, list[Article]] = {}
        self.done = as_completed(loop=client.loop)
        self.run_id = uuid.uuid4().hex[:8]
        self.submitted = 0
        self.window_checked, self.cached_window = float("-inf"), 2
        #: single articles whose worker died while other work ran beside them, to be run alone
        self.suspects: list[Article] = []
        self.alone = False

    def window(self) -> int:
        """Batches allowed in flight: two per worker thread, so none waits for work.

        The thread count is asked of the scheduler at most every ``WINDOW_REFRESH`` seconds
        (workers come and go on an elastic cluster; asking at every batch would cost a
        round trip each).
        """
        if self.fixed_window:
            return self.fixed_window
        now = time.monotonic()
        if now - self.window_checked >= WINDOW_REFRESH:
            self.window_checked = now
            self.cached_window = max(2, 2 * sum(self.client.nthreads().values()))
        return self.cached_window

    def run(self, items: Iterator[Item], batch_size: int) -> None:
        """Submit every article among ``items`` in batches; tally everything else."""
        batch: list[Article] = []
        try:
            for item in items:
                if isinstance(item, Article):
                    batch.append(item)
                    if len(batch) >= batch_size:
                        self.submit(batch)
                        batch = []
                else:  # ingest readers yield no FeedState: that is polling's, not run here
                    tally(self.summary, item, self.note)
            if batch:
                self.submit(batch)
            while self.pending:
                self.collect()
            self.isolate()
        finally:
            if self.pending:  # interrupted or failed: do not leave work behind on the cluster
                self.client.cancel(list(self.pending))

    def submit(self, batch: list[Article]) -> None:
        """Submit one batch, first waiting for room in the window."""
        while len(self.pending) >= self.window():
            self.collect()
        self.submitted += 1
        future = self.client.submit(
            analyze_batch, batch, self.url, self.tasks, self.model,
            key=f"parley-batch-{self.run_id}-{self.submitted}", pure=False, retries=self.retries,
        )
        self.pending[future] = batch
        self.done.add(future)

    def collect(self) -> None:
        """Wait for the next finished batch and account for it."""
        from distributed import KilledWorker

        future = next(self.done)
        batch = self.pending.pop(future)
        try:
            result: BatchResult = future.result()
        except KilledWorker as exc:
            self.killed(batch, exc)
            return
        except ParleyError:
            raise
        except Exception as exc:
            raise ClusterError(f"a batch failed on the Dask cluster ({type(exc).__name__}: {exc})") from exc
        finally:
            future.release()
        self.tally_batch(batch, result)

    def isolate(self) -> None:
        """Run each suspect alone, one at a time: a worker that dies then takes no one
        else's article with it, so only the article that kills it ends as a failure."""
        suspects, self.suspects = self.suspects, []
        self.alone = True
        try:
            for article in suspects:
                self.submit([article])
                while self.pending:
                    self.collect()
        finally:
            self.alone = False

    def killed(self, batch: list[Article], exc: Exception) -> None:
        """Workers kept dying on ``batch``: retry its articles one by one, then each such
        article alone (another article on the same worker may have killed it), then give up."""
        if len(batch) > 1:
            for article in batch:
                self.submit([article])
            return
        article = batch[0]
        if not self.alone:
            self.suspects.append(article)
            return
        self.summary.failed.append(Failure(
            article.url or article.source,
            "the Dask worker analysing it died repeatedly (out of memory?); see the worker logs",
        ))
        self.note("failed", article.url or article.source)

    def tally_batch(self, batch: list[Article], result: BatchResult) -> None:
        """Count each article's status and record failures with their reasons."""
        reasons = dict(result.failures)
        for i, (article, status) in enumerate(zip(batch, result.statuses, strict=True)):
            label = article.url or article.source
            if status == "failed":
                self.summary.failed.append(Failure(label, reasons.get(i, "analysis failed")))
            else:
                self.summary.count(status)
            self.note(status, label)
        if self.on_batch is not None:
            self.on_batch(result)

