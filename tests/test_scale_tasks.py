"""The Dask task, run in this process: analyse a batch, save it, report per-article statuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.model import Article
from parley.nlp.pipeline import MODEL, TASKS
from parley.scale import tasks as scale_tasks
from parley.scale.plugin import worker_state
from parley.scale.tasks import analyze_batch, current_worker
from parley.store import Store

WORLD = Path(__file__).resolve().parent / "fixtures" / "world" / "articles"


@pytest.fixture
def local_worker(nlp, monkeypatch):
    """The process-local stand-in worker, holding the session's pipeline (no second load)."""
    import types

    stand_in = types.SimpleNamespace()
    monkeypatch.setattr(scale_tasks, "_LOCAL", stand_in)
    worker_state(stand_in)
    stand_in.parley_pipelines[(TASKS, MODEL)] = nlp
    yield stand_in
    for store in stand_in.parley_stores.values():
        store.close()


def world_articles(n: int) -> list[Article]:
    paths = sorted(WORLD.glob("*.txt"))[:n]
    return [Article(doc_id=p.stem, text=p.read_text(encoding="utf-8"), source=str(p),
                    published=p.name[:10]) for p in paths]


def test_outside_dask_the_stand_in_is_used(local_worker):
    assert current_worker() is local_worker


@pytest.mark.parametrize("n", [1, 3])
def test_batch_is_saved_then_unchanged(local_worker, store_url, n):
    articles = world_articles(n)
    first = analyze_batch(articles, store_url)
    assert first.statuses.count("new") + first.statuses.count("duplicate") == n
    assert (first.analysed, first.failures, first.worker) == (n, [], "local")
    again = analyze_batch(world_articles(n), store_url)
    assert again.statuses == ["unchanged"] * n
    assert again.analysed == 0  # found stored: not analysed a second time
    with Store.open(store_url) as store:
        stored = [store.find_article(f"{a.source}#{a.doc_id}") for a in articles]
        assert all(s is not None for s in stored)
        analysis = store.get_analysis(stored[0].id)
    assert analysis is not None and analysis.quotes  # the facts went in, not just the text


def test_only_changed_articles_are_analysed(local_worker, store_url):
    articles = world_articles(2)
    analyze_batch(articles, store_url)
    edited = world_articles(2)
    edited[1].text += "\n\nThis report was updated."
    result = analyze_batch(edited, store_url)
    assert result.statuses == ["unchanged", "revised"]
    assert result.analysed == 1


def test_empty_batch(local_worker, store_url):
    result = analyze_batch([], store_url)
    assert (result.statuses, result.failures, result.analysed) == ([], [], 0)


def test_article_breaking_the_pipeline_fails_alone(local_worker, store_url, monkeypatch):
    real = scale_tasks.analyze_articles

    def fragile(articles, nlp, **kwargs):
        articles = list(articles)
        if any("BREAKS" in a.text for a in articles):
            raise RuntimeError("component crashed")
        return real(articles, nlp, **kwargs)

    monkeypatch.setattr(scale_tasks, "analyze_articles", fragile)
    articles = world_articles(3)
    articles[1].text += " BREAKS"
    result = analyze_batch(articles, store_url)
    assert result.statuses[1] == "failed"
    assert [s in ("new", "duplicate") for s in result.statuses] == [True, False, True]
    assert result.failures == [(1, "analysis failed (RuntimeError: component crashed)")]


def test_store_error_is_raised_for_dask_to_retry(local_worker, tmp_path):
    from parley.errors import StoreError

    with pytest.raises(StoreError):
        analyze_batch(world_articles(1), str(tmp_path / "no" / "such" / "dir" / "p.db"))
