"""Ingest on a LocalCluster of 2 workers into PostgreSQL: complete, once, even when workers die."""

from __future__ import annotations

import os
import signal
import threading
import types
from collections import Counter
from pathlib import Path

import psycopg
import pytest

from parley.ingest.files import iter_sources
from parley.nlp.pipeline import analyze_articles
from parley.scale import cluster as scale_cluster
from parley.scale import runner as scale_runner
from parley.scale.tasks import analyze_batch
from parley.store import Store

WORLD = Path(__file__).resolve().parent / "fixtures" / "world" / "articles"
N_ARTICLES = 60
BATCH = 6


@pytest.fixture(scope="module")
def client():
    """A LocalCluster of 2 single-threaded worker processes, pipeline plugin installed."""
    with scale_cluster.dask_client(workers=2) as prepared:
        yield prepared


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """60 article files: the 8 world articles cycled, each copy with a sentence of its own."""
    folder = tmp_path_factory.mktemp("scale-corpus")
    texts = sorted(WORLD.glob("*.txt"))
    for i in range(N_ARTICLES):
        base = texts[i % len(texts)].read_text(encoding="utf-8")
        note = f"\n\nCorrection {i}: an earlier version of this report misspelt a village name.\n"
        (folder / f"{i:03d}-{texts[i % len(texts)].name}").write_text(base + note, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def expected(corpus, nlp) -> dict[str, tuple[int, int, int]]:
    """(quotes, events, stances) per file name, from analysing each article in this process."""
    articles = [a for a in iter_sources([str(corpus)]) if not isinstance(a, Exception)]
    assert len(articles) == N_ARTICLES
    return {Path(a.article.source).name: (len(a.quotes), len(a.events), len(a.stances))
            for a in analyze_articles(articles, nlp)}


@pytest.fixture
def store(pg_url):
    """A fresh, migrated PostgreSQL schema (its own search path) opened as a Store."""
    with Store.open(pg_url) as opened:
        yield opened


def stored_counts(store: Store) -> dict[str, object]:
    """Rows per table and per article, read straight from PostgreSQL."""
    url = store.url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url) as conn:
        one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        per_article = {
            Path(source).name: (q, e, s)
            for source, q, e, s in conn.execute(
                "SELECT a.source,"
                " (SELECT count(*) FROM quotes q WHERE q.article_id = a.id),"
                " (SELECT count(*) FROM events e WHERE e.article_id = a.id),"
                " (SELECT count(*) FROM stances s WHERE s.article_id = a.id) FROM articles a")
        }
        return {
            "articles": one("SELECT count(*) FROM articles"),
            "identities": one("SELECT count(DISTINCT identity_key) FROM articles"),
            "sources": one("SELECT count(DISTINCT source) FROM articles"),
            "stories": one("SELECT count(DISTINCT story_id) FROM articles"),
            "revisions": one("SELECT count(*) FROM article_revisions"),
            "current": one("SELECT count(*) FROM articles a JOIN article_revisions r"
                           " ON r.id = a.current_revision_id"),
            "per_article": per_article,
        }


def assert_complete_once(store: Store, expected: dict[str, tuple[int, int, int]]) -> None:
    """Every article stored exactly once, with exactly the facts a local analysis finds."""
    counts = stored_counts(store)
    assert counts["articles"] == N_ARTICLES
    assert counts["identities"] == N_ARTICLES
    assert counts["sources"] == N_ARTICLES
    assert counts["revisions"] == N_ARTICLES
    assert counts["current"] == N_ARTICLES
    assert counts["per_article"] == expected


@pytest.mark.slow
@pytest.mark.postgres
def test_ingest_stores_each_article_once_and_rerun_is_unchanged(client, corpus, store, expected):
    pids = scale_cluster.worker_pids(client)
    batches = []
    first = scale_runner.ingest_on_cluster([str(corpus)], store, client, batch_size=BATCH,
                                           on_batch=batches.append)
    # The plugin loaded the pipeline once in each worker process, and no task loaded another.
    assert len(pids) == 2 and scale_cluster.worker_pids(client) == pids
    assert scale_cluster.pipeline_loads(client) == dict.fromkeys(pids, 1)
    assert {r.pid for r in batches} == set(pids.values())  # both workers analysed batches
    assert sum(r.analysed for r in batches) == N_ARTICLES
    assert first.failed == []
    # Copies of one world article saved at the same moment by two workers still make one
    # story (the store's advisory locks): 8 stories, every other copy "duplicate".
    assert (first.new, first.duplicate) == (8, N_ARTICLES - 8)
    assert stored_counts(store)["stories"] == 8
    assert_complete_once(store, expected)

    second = scale_runner.ingest_on_cluster([str(corpus)], store, client, batch_size=BATCH)
    assert (second.unchanged, second.new, second.duplicate, second.failed) == (N_ARTICLES, 0, 0, [])
    assert_complete_once(store, expected)


@pytest.mark.slow
@pytest.mark.postgres
def test_worker_dying_after_saving_half_a_batch(client, corpus, store, expected, tmp_path,
                                                monkeypatch):
    """The first batch's worker saves half of it and dies: the retry completes it, no copy."""
    marker = str(tmp_path / "died")

    def dies_once(articles, url, tasks, model):
        try:
            os.close(os.open(marker, os.O_CREAT | os.O_EXCL))  # the first attempt anywhere
        except FileExistsError:
            return analyze_batch(articles, url, tasks, model)
        analyze_batch(articles[: len(articles) // 2], url, tasks, model)
        os._exit(1)  # the worker process dies without answering

    monkeypatch.setattr(scale_runner, "analyze_batch", dies_once)
    summary = scale_runner.ingest_on_cluster([str(corpus)], store, client, batch_size=BATCH)
    assert os.path.exists(marker)
    assert summary.failed == []
    # The half saved before the death is found unchanged by the retry (and so is any batch
    # whose result was lost with the worker's memory and computed again).
    assert summary.new + summary.duplicate + summary.unchanged == N_ARTICLES
    assert summary.unchanged >= BATCH // 2
    assert_complete_once(store, expected)


@pytest.mark.slow
@pytest.mark.postgres
def test_worker_killed_from_outside_mid_run(client, corpus, store, expected):
    """SIGKILL one worker once the first results are in: the run still ends complete."""
    killed: list[int] = []
    lock = threading.Lock()

    def kill_first_worker(event: str, label: str) -> None:
        with lock:
            if killed:
                return
            pid = sorted(scale_cluster.worker_pids(client).values())[0]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    summary = scale_runner.ingest_on_cluster([str(corpus)], store, client, batch_size=BATCH,
                                             progress=kill_first_worker)
    assert len(killed) == 1
    assert summary.failed == []
    assert summary.new + summary.duplicate + summary.unchanged == N_ARTICLES
    assert_complete_once(store, expected)
    assert killed[0] not in scale_cluster.worker_pids(client).values()  # really replaced
    client.wait_for_workers(2, timeout=120)


@pytest.mark.slow
@pytest.mark.postgres
def test_article_that_always_kills_its_worker_fails_alone(client, corpus, store, expected,
                                                          monkeypatch):
    """KilledWorker: the batch is retried one article per task; only the culprit fails."""

    def set_allowed_failures(value: int) -> int:
        def swap(dask_scheduler, value=value):
            old, dask_scheduler.allowed_failures = dask_scheduler.allowed_failures, value
            return old
        return client.run_on_scheduler(swap)

    def poisoned(articles, url, tasks, model):
        if any(Path(a.source).name.startswith("007-") for a in articles):
            os._exit(1)
        return analyze_batch(articles, url, tasks, model)

    client.wait_for_workers(2, timeout=120)
    old = set_allowed_failures(0)  # the first death of a task's worker ends that task
    try:
        monkeypatch.setattr(scale_runner, "analyze_batch", poisoned)
        summary = scale_runner.ingest_on_cluster([str(corpus)], store, client, batch_size=BATCH,
                                                 retries=0)
    finally:
        set_allowed_failures(old)
    assert [Path(f.source).name[:4] for f in summary.failed] == ["007-"]
    assert "died" in summary.failed[0].reason
    assert summary.new + summary.duplicate + summary.unchanged == N_ARTICLES - 1
    counts = stored_counts(store)
    assert counts["articles"] == counts["identities"] == counts["revisions"] == N_ARTICLES - 1
    assert counts["per_article"] == {k: v for k, v in expected.items() if not k.startswith("007-")}
    # the cluster keeps serving: the nannies bring workers back (one killed many times in a
    # row may take longer than the others on a loaded machine, so at least one is enough
    # for the tests after this one)
    client.wait_for_workers(1, timeout=240)


@pytest.mark.slow
@pytest.mark.postgres
def test_statuses_are_tallied_per_article(client, corpus, store):
    events: Counter[str] = Counter()
    summary = scale_runner.ingest_on_cluster(
        [str(corpus), str(corpus / "missing.txt")], store, client, batch_size=BATCH,
        progress=lambda event, label: events.update([event]),
    )
    assert len(summary.failed) == 1 and summary.failed[0].source.endswith("missing.txt")
    assert events["failed"] == 1
    assert events["new"] + events["duplicate"] == N_ARTICLES
    assert summary.articles == N_ARTICLES + 1


class _Threads:
    """A stand-in client that only answers ``nthreads`` (and counts the questions)."""

    def __init__(self, threads: dict[str, int]) -> None:
        self.threads, self.asked, self.loop = threads, 0, None

    def nthreads(self) -> dict[str, int]:
        self.asked += 1
        return self.threads


@pytest.mark.parametrize(
    ("threads", "fixed", "expected"),
    [({"a": 1, "b": 1}, None, 4), ({"a": 4}, None, 8), ({}, None, 2), ({"a": 1}, 7, 7)],
)
def test_window_is_two_batches_per_worker_thread(threads, fixed, expected, monkeypatch):
    import distributed

    monkeypatch.setattr(distributed, "as_completed", lambda **kwargs: None)
    client = _Threads(threads)
    submitter = scale_runner._Submitter(client, types.SimpleNamespace(url="sqlite://"), None, None,
                                        tasks=(), model="", retries=0, window=fixed,
                                        on_batch=None)
    assert [submitter.window() for _ in range(3)] == [expected] * 3
    assert client.asked == (0 if fixed else 1)  # asked once, not for every batch
