"""bench/hub_gen.py: bulk-generated rows read back like rows saved by save_analysis."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import hub_gen  # noqa: E402
from parley.config import Settings  # noqa: E402
from parley.store import Store  # noqa: E402
from parley.web.app import create_app  # noqa: E402


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("gen") / "gen.db")
    out = hub_gen.generate(db, 300, batch=120, progress=False)
    assert out["articles"] == 300 and out["generated"] == 300 and out["bytes_per_article"] > 0
    return db


def test_spans_point_at_the_text_they_name(generated):
    with Store.open(generated) as store:
        for article_id in (1, 150, 300):
            analysis = store.get_analysis(article_id)
            text = analysis.article.text
            assert analysis.actors and text
            for a in analysis.actors:
                assert a.mentions and all(text[m.start:m.end] == m.text for m in a.mentions)
            for q in analysis.quotes:
                assert text[q.content.start:q.content.end] == q.content.text
                assert text[q.speaker.mention.start:q.speaker.mention.end] in q.speaker.name
            for e in analysis.events:
                assert text[e.evidence.start:e.evidence.end] == e.evidence.text
                assert set(e.actors) | set(e.recipients) <= {a.name for a in analysis.actors}
            for s in analysis.stances:
                assert s.quote_id in {q.id for q in analysis.quotes}


def test_counts_dates_and_extension(generated):
    import sqlalchemy as sa

    with Store.open(generated) as store, store.engine.connect() as conn:
        def one(sql):
            return conn.execute(sa.text(sql)).scalar()

        per = {t: one(f"SELECT count(*) FROM {t}") / 300
               for t in ("article_actors", "quotes", "events", "stances")}
        assert 3 <= per["article_actors"] <= 7 and 2 <= per["quotes"] <= 5
        assert 1 <= per["events"] <= 3 and 0.7 <= per["stances"] <= 2.5
        assert one("SELECT min(sort_date) FROM articles") < "2021"
        assert one("SELECT max(sort_date) FROM articles") > "2025"
        assert one("SELECT count(*) FROM quotes q JOIN articles a ON a.id = q.article_id "
                   "WHERE q.sort_date != a.sort_date") == 0
        assert one("SELECT count(*) FROM stances s LEFT JOIN issues i ON i.slug = s.issue "
                   "WHERE i.slug IS NULL") == 0
        assert one("SELECT count(*) FROM stances WHERE origin = 'open'") > 0
        # every story's count matches its articles, and each has one lead
        assert one("SELECT count(*) FROM stories s WHERE article_count != (SELECT count(*) "
                   "FROM articles a WHERE a.story_id = s.id)") == 0
        assert one("SELECT count(*) FROM articles WHERE story_lead") == one(
            "SELECT count(*) FROM stories")
    # the generator continues a database (ids go on), and ingest still works after it
    more = hub_gen.generate(generated, 320, batch=50, progress=False)
    assert more["generated"] == 20


def test_the_summaries_are_filled_as_save_would_have(generated):
    from parley.store import summaries

    with Store.open(generated) as store, store.engine.connect() as conn:
        diffs = summaries.check(conn)
        kept = {t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar()
                for t in summaries.TABLES}
    assert all(kept[t] for t in ("actor_stats", "actor_months", "actor_met", "actor_titles",
                                 "actor_positions", "issue_changes")), kept
    assert all(not d for d in diffs.values()), {k: v[:2] for k, v in diffs.items() if v}


def test_pages_and_searches_answer(generated):
    settings = Settings(db=generated, secret="s" * 32, search_per_minute=0)
    with TestClient(create_app(settings)) as client:
        urls = ["/", "/index.json", "/articles/7", "/articles/7.json", "/actors/1",
                "/actors/1.json", "/timeline", "/timeline.json?actor=1", "/issues",
                "/search?q=the", "/search.json?q=speaker:x", "/search?in=quotes&q=said"]
        with Store.open(generated) as store, store.engine.connect() as conn:
            import sqlalchemy as sa

            slug = conn.execute(sa.text("SELECT issue FROM stances WHERE origin = 'open'")).scalar()
            cat = conn.execute(sa.text("SELECT issue FROM stances WHERE origin = 'catalogue'")).scalar()
        urls += [f"/issues/{slug}", f"/issues/{cat}.json"]
        for url in urls:
            r = client.get(url)
            assert r.status_code == 200, (url, r.text[:200])
        home = client.get("/index.json").json()
        assert len(home["articles"]) == 20 and home["articles"][0]["top_quote"]


def test_a_build_towards_a_final_size_stops_part_way_and_extends(tmp_path):
    db = str(tmp_path / "part.db")
    first = hub_gen.generate(db, 60, batch=30, final=600, progress=False)
    assert first["generated"] == 60
    with Store.open(db) as store, store.engine.connect() as conn:
        top = conn.execute(sa.text("SELECT max(sort_date) FROM articles")).scalar()
        actors = conn.execute(sa.text("SELECT count(*) FROM actors")).scalar()
    assert top < "2021-01-01"  # a tenth of the final archive: its first ~0.6 of six years
    assert actors == hub_gen.actor_count(600)  # the final world, written once
    more = hub_gen.generate(db, 120, batch=30, final=600, progress=False)
    assert more["generated"] == 60
    with Store.open(db) as store, store.engine.connect() as conn:
        dates = conn.execute(sa.text("SELECT max(sort_date), count(*) FROM articles")).one()
        orphans = conn.execute(sa.text(
            "SELECT count(*) FROM article_actors x LEFT JOIN actors a ON a.id = x.actor_id"
            " WHERE a.id IS NULL")).scalar()
    assert "2021-01-01" < dates[0] < "2021-06-01" and dates[1] == 120 and orphans == 0


def test_the_rum_index_is_rebuilt_after_a_bulk_load(store_url):
    """On PostgreSQL with RUM, the generator drops the index during the load and builds it
    once at the end: it is there afterwards, and search finds through it."""
    hub_gen.generate(store_url, 40, batch=20, progress=False)
    with Store.open(store_url) as store, store.engine.connect() as conn:
        from parley.store import search

        if conn.dialect.name == "postgresql":
            rum = conn.execute(sa.text(
                "SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")).first()
            there = conn.execute(sa.text(
                "SELECT 1 FROM pg_indexes WHERE indexname = 'ix_article_revisions_search_rum'"
                " AND schemaname = current_schema()")).first()
            assert (there is not None) == (rum is not None)
            # every search index the load dropped is back (GIN, and the positional RUM index)
            back = set(conn.execute(sa.text(
                "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")).scalars())
            assert {"ix_article_revisions_search", "ix_quotes_search"} <= back
            assert ("ix_article_revisions_phrase_rum" in back) == (rum is not None)
            # the hub uses it where the extension's operator is visible (the extension may
            # live in another schema of a shared test database)
            visible = conn.execute(sa.text(
                "SELECT to_regoperator('<=|(integer,integer)') IS NOT NULL")).scalar()
            conn.engine._parley_has_rum = None
            assert search.has_rum(conn) == bool(there is not None and visible)
        word = conn.execute(sa.text("SELECT speaker_name FROM quotes LIMIT 1")).scalar().split()[-1]
    with Store.open(store_url) as store:
        assert store.search(f"speaker:{word}").items


def test_a_load_stopped_part_way_still_builds_its_indexes_when_run_again(pg_url):
    """The search indexes are dropped at the start of a load and built at its end; a load
    stopped in between (here: its writer made and nothing finished) leaves a note of what it
    dropped, and the next run, even one with nothing left to write, builds them."""
    hub_gen.generate(pg_url, 30, batch=10, progress=False)

    def search_indexes() -> set[str]:
        with Store.open(pg_url) as store, store.engine.connect() as conn:
            return set(conn.execute(sa.text(
                "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
                " AND indexname IN ('ix_article_revisions_search', 'ix_quotes_search')")).scalars())

    assert search_indexes() == {"ix_article_revisions_search", "ix_quotes_search"}
    writer = hub_gen.PgWriter(pg_url)  # drops them, as a load does first; then "killed"
    writer.conn.close()
    assert search_indexes() == set()
    again = hub_gen.generate(pg_url, 30, batch=10, progress=False)
    assert again["generated"] == 0
    assert search_indexes() == {"ix_article_revisions_search", "ix_quotes_search"}
    with Store.open(pg_url) as store:
        with store.engine.connect() as conn:
            word = conn.execute(sa.text("SELECT speaker_name FROM quotes LIMIT 1")).scalar()
        assert store.search(f"speaker:{word.split()[-1]}").items
