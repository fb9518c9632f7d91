"""Saving analyses: round trip, idempotence, revisions, atomicity, readable SQLite tables."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import UTC, datetime

import pytest

from parley.model import Analysis
from parley.store import save as save_module
from parley.store.schema import article_revisions, articles, quotes, stances, stories
from store_fixtures import build_analysis, count_rows, simple_analysis


def _changed(analysis: Analysis, suffix: str) -> Analysis:
    """The same article (same identity) with text appended: a new revision."""
    article = dataclasses.replace(analysis.article, text=analysis.article.text + suffix)
    return dataclasses.replace(analysis, article=article)


@pytest.mark.parametrize("seed", [1, 2])
def test_round_trip_returns_equal_analysis(store, seed):
    analysis = build_analysis(seed)
    result = store.save_analysis(analysis)
    assert result.status == "new"
    assert store.get_analysis(result.article_id) == analysis


def test_round_trip_keeps_discontinuous_spans_and_unresolved_dates(store):
    analysis = build_analysis(4)
    assert any(q.content.segments for q in analysis.quotes)
    assert any(e.date and not e.date.resolved for e in analysis.events)
    back = store.get_analysis(store.save_analysis(analysis).article_id)
    assert [q.content.segments for q in back.quotes] == [q.content.segments for q in analysis.quotes]
    assert [e.date for e in back.events] == [e.date for e in analysis.events]


def test_round_trip_of_an_empty_analysis(store):
    analysis = simple_analysis("empty", "Nothing was said today.")
    assert store.get_analysis(store.save_analysis(analysis).article_id) == analysis


def test_unknown_article_is_none(store):
    assert store.get_analysis(12345) is None
    assert store.article(12345) is None


@pytest.mark.parametrize("url", [None, "https://www.lakeside.example/talks/1"])
def test_saving_twice_is_one_row(store, url):
    analysis = build_analysis(5)
    first = store.save_analysis(analysis, url=url)
    second = store.save_analysis(analysis, url=url)
    assert (first.status, second.status) == ("new", "unchanged")
    assert second.article_id == first.article_id and second.revision == 1
    assert count_rows(store, articles) == 1
    assert count_rows(store, article_revisions) == 1
    assert count_rows(store, quotes) == len(analysis.quotes)


def test_changed_text_is_revision_two_with_replaced_facts(store):
    analysis = build_analysis(6)
    first = store.save_analysis(analysis)
    changed = _changed(analysis, " A correction was appended.")
    changed.quotes = changed.quotes[:3]
    second = store.save_analysis(changed)
    assert (second.status, second.revision, second.article_id) == ("revised", 2, first.article_id)
    assert second.story_id == first.story_id
    assert count_rows(store, articles) == 1
    assert [r.revision for r in store.revisions(first.article_id)] == [1, 2]
    assert count_rows(store, quotes) == 3  # facts of revision 1 were replaced
    assert store.get_analysis(first.article_id) == changed
    assert store.save_analysis(changed).status == "unchanged"


def test_changed_title_alone_is_a_revision(store):
    analysis = build_analysis(7)
    store.save_analysis(analysis)
    retitled = dataclasses.replace(analysis, article=dataclasses.replace(analysis.article,
                                                                       title="Corrected title"))
    assert store.save_analysis(retitled).status == "revised"
    assert store.article(1).title == "Corrected title"


def test_identity_is_url_when_given(store):
    a = simple_analysis("one", "Text of the first fetch of this page, long enough to keep.")
    b = simple_analysis("two", "Text of the second fetch of this page, now edited by the desk.")
    url = "https://news.example/story"
    assert store.save_analysis(a, url=url).status == "new"
    assert store.save_analysis(b, url=url).status == "revised"
    assert store.save_analysis(b).status == "new"  # without the URL: another identity


def test_fetched_at_and_timestamps_are_utc(store):
    when = datetime(2025, 4, 21, 9, 30, tzinfo=UTC)
    result = store.save_analysis(build_analysis(8), fetched_at=when)
    [rev] = store.revisions(result.article_id)
    assert rev.fetched_at == when
    assert store.article(result.article_id).first_seen.tzinfo is not None


def test_crash_inside_the_transaction_leaves_nothing(store, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("simulated crash after the article rows were written")

    monkeypatch.setattr(save_module, "_insert_quotes", explode)
    with pytest.raises(RuntimeError):
        store.save_analysis(build_analysis(9))
    for table in (articles, article_revisions, stories, quotes, stances):
        assert count_rows(store, table) == 0, table.name
    monkeypatch.undo()
    assert store.save_analysis(build_analysis(9)).status == "new"


def test_crash_during_a_revision_keeps_the_old_revision(store, monkeypatch):
    analysis = build_analysis(10)
    store.save_analysis(analysis)
    monkeypatch.setattr(save_module, "_insert_quotes",
                        lambda *a, **k: (_ for _ in ()).throw(RuntimeError("crash")))
    with pytest.raises(RuntimeError):
        store.save_analysis(_changed(analysis, " Update."))
    monkeypatch.undo()
    assert store.get_analysis(1) == analysis
    assert [r.revision for r in store.revisions(1)] == [1]


def test_already_stored_tells_ingest_what_to_skip(store):
    analysis = build_analysis(11)
    assert not store.already_stored(analysis.article)
    store.save_analysis(analysis)
    assert store.already_stored(analysis.article)
    assert not store.already_stored(_changed(analysis, " x").article)


def test_find_article_by_url_or_identity(store):
    with_url = store.save_analysis(build_analysis(13), url="https://lakeside.example/b")
    without = store.save_analysis(build_analysis(14))
    assert store.find_article("https://lakeside.example/b").id == with_url.article_id
    assert store.find_article("/news/doc-14.txt#doc-14").id == without.article_id
    assert store.find_article("https://lakeside.example/missing") is None


def test_actor_registry_is_global_and_registry_data_wins(store):
    guessed = simple_analysis("g", "Mira Okafor spoke.", actor_names=["Mira Okafor"])
    store.save_analysis(guessed)
    assert store.actor("mira okafor").kind == "unknown"
    curated = simple_analysis("c", "Later, Mira Okafor spoke again.", actor_names=["Mira Okafor"])
    curated.actors[0] = dataclasses.replace(curated.actors[0], kind="person", country="Lakeland",
                                            in_registry=True)
    store.save_analysis(curated)
    record = store.actor("Mira Okafor")
    assert (record.kind, record.country, record.in_registry, record.article_count) == (
        "person", "Lakeland", True, 2)
    assert store.get_analysis(1) == guessed  # each article keeps what its analysis said


def test_tables_are_readable_with_plain_sql(tmp_path):
    from parley.store import Store

    path = tmp_path / "readable.db"
    with Store.open(str(path)) as store:
        store.save_analysis(build_analysis(12, url="https://lakeside.example/a"))
    conn = sqlite3.connect(path)
    rows = conn.execute(
        """SELECT actors.name, quotes.content_text, articles.title, articles.url
           FROM quotes JOIN articles ON articles.id = quotes.article_id
           JOIN actors ON actors.id = quotes.speaker_actor_id
           ORDER BY quotes.position"""
    ).fetchall()
    assert len(rows) == 10
    assert rows[0][0] == "Anna Volkova" and rows[0][1].startswith("We will not sign")
    assert rows[0][3] == "https://lakeside.example/a"
    stance_rows = conn.execute(
        "SELECT issues.slug, actors.name, stances.stance FROM stances "
        "JOIN issues ON issues.slug = stances.issue JOIN actors ON actors.id = stances.actor_id "
        "ORDER BY stances.position"
    ).fetchall()
    assert stance_rows[0] == ("water-sharing", "Anna Volkova", "oppose")
    met = conn.execute(
        "SELECT count(*) FROM events JOIN event_participants p ON p.event_id = events.id "
        "WHERE p.role = 'recipient'"
    ).fetchone()[0]
    assert met == 5
    conn.close()
