"""Several processes saving the same analyses at the same time: no duplicates, no losses."""

from __future__ import annotations

import multiprocessing
import random

import pytest

from parley.model import Article
from parley.store import Store, dedupe, migrations
from parley.store.schema import article_revisions, articles, quotes, stories
from store_fixtures import WIRE, build_analysis, count_rows, simple_analysis

WORKERS = 3
SEEDS = list(range(8))


def _analyses():
    out = [build_analysis(seed) for seed in SEEDS]
    # Two syndicated copies of one story from different sites.
    out += [simple_analysis(f"wire-{i}", WIRE + f" Copy {i}.", url=f"https://site{i}.example/varn")
            for i in range(2)]
    return out


def _worker(url: str, order_seed: int, barrier, results) -> None:
    """Open the (possibly unmigrated) store and save every analysis, in a shuffled order."""
    analyses = _analyses()
    random.Random(order_seed).shuffle(analyses)
    barrier.wait()  # all processes start at once: migration and saves really race
    statuses = []
    with Store.open(url) as store:
        for analysis in analyses:
            statuses.append(store.save_analysis(analysis).status)
    results.put(statuses)


@pytest.mark.timeout(120)
def test_concurrent_writers_create_no_duplicates(store_url):
    # fork: each child opens its own Store (its own connections); nothing inherited is used.
    # Load datasketch first so that the children do not each import it (and scipy) again.
    dedupe.signature(Article("warm-up", WIRE))
    ctx = multiprocessing.get_context("fork")
    barrier, results = ctx.Barrier(WORKERS), ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(store_url, i, barrier, results))
             for i in range(WORKERS)]
    for proc in procs:
        proc.start()
    statuses = [results.get(timeout=100) for _ in procs]
    for proc in procs:
        proc.join(timeout=30)
        assert proc.exitcode == 0
    flat = [s for run in statuses for s in run]
    n = len(SEEDS) + 2
    assert flat.count("unchanged") == (WORKERS - 1) * n  # every article saved exactly once
    assert flat.count("new") == len(SEEDS) + 1 and flat.count("duplicate") == 1
    with Store.open(store_url) as store:
        assert count_rows(store, articles) == n
        assert count_rows(store, article_revisions) == n
        assert count_rows(store, quotes) == 10 * len(SEEDS)
        assert count_rows(store, stories) == len(SEEDS) + 1
        assert store.schema_version == len(migrations.MIGRATIONS)
