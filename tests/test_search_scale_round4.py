"""Search plans added for the hub at scale (issue 15, fourth round): every plan finds what
the plain plans find, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from store_fixtures import simple_analysis

#: Invented reports in which "grain convoy" is sometimes a phrase and sometimes two words
#: apart, so a phrase search that forgot positions would find too much.
REPORTS = [
    ("g1", "2025-01-05", "The grain convoy reached Port Ossel on Monday after a long delay.",
     [("Lidia Varga", "reached Port Ossel on Monday")]),
    ("g2", "2025-01-12", "A convoy of trucks left; grain prices rose in Port Ossel.",
     [("Piet Homsma", "grain prices rose")]),
    ("g3", "2025-02-02", "Officials said the grain convoy was searched twice at the border.",
     [("Piet Homsma", "searched twice at the border")]),
    ("g4", "2025-02-20", "No grain arrived. The convoy turned back before the bridge at Delmar.",
     [("Lidia Varga", "The convoy turned back")]),
    ("g5", "2025-03-03", "A second grain convoy left Delmar under escort, the ministry said.",
     [("Orsi Talvik", "left Delmar under escort")]),
    ("g6", "2025-03-30", "The grain convoy and the fuel convoy met at the Delmar bridge.",
     [("Lidia Varga", "met at the Delmar bridge")]),
]

QUERIES = {
    '"grain convoy"': {"g1", "g3", "g5", "g6"},
    "grain convoy": {"g1", "g2", "g3", "g4", "g5", "g6"},
    '"grain convoy" speaker:varga': {"g1", "g6"},
    '"grain convoy" -bridge': {"g1", "g3", "g5"},
    '"grain convoy" from:2025-02-01 to:2025-03-10': {"g3", "g5"},
    '"grain convoy" delmar': {"g5", "g6"},
    '"convoy grain"': set(),
    '"delmar bridge" "fuel convoy"': {"g6"},
}


@pytest.fixture
def convoy_store(store):
    for doc_id, published, text, quotes in REPORTS:
        speakers = sorted({s for s, _ in quotes})
        store.save_analysis(simple_analysis(doc_id, text, published=published, quotes=quotes,
                                            actor_names=speakers))
    return store


def _found(store, query: str) -> set[str]:
    return {hit.article.doc_id for hit in store.search(query).items}


def test_phrases_find_only_adjacent_words(convoy_store):
    for query, expected in QUERIES.items():
        assert _found(convoy_store, query) == expected, query


def test_the_positional_index_plan_finds_what_the_walk_finds(convoy_store, monkeypatch):
    """PostgreSQL with RUM reads a phrase's matches from the positional index (migration 10);
    without it the id-ordered walk rechecks each candidate: the same hits either way, and
    the same ranking."""
    if convoy_store.engine.dialect.name != "postgresql":
        pytest.skip("the positional index is PostgreSQL's")
    from parley.store import search

    with convoy_store.engine.connect() as conn:
        if not search.has_rum(conn):
            pytest.skip("RUM is not installed on this server")
        assert search.has_rum_phrases(conn)
        engine = conn.engine
    seen: list[str] = []

    def grab(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", grab)
    try:
        with_index = {q: [(h.article.doc_id, round(h.rank, 6))
                          for h in convoy_store.search(q).items] for q in QUERIES}
    finally:
        event.remove(engine, "before_cursor_execute", grab)
    assert sum("found AS MATERIALIZED" in s for s in seen) == sum('"' in q for q in QUERIES)
    monkeypatch.setattr(engine, "_parley_has_rum_phrases", False, raising=False)
    for query, expected in with_index.items():
        assert [(h.article.doc_id, round(h.rank, 6))
                for h in convoy_store.search(query).items] == expected, query
        assert {d for d, _ in expected} == QUERIES[query], query


def test_a_phrase_of_one_word_and_stop_words_is_a_word(convoy_store):
    """"the convoy" is the word convoy on PostgreSQL (stop words dropped): not a phrase plan,
    and it finds what convoy finds there."""
    if convoy_store.engine.dialect.name == "postgresql":
        assert _found(convoy_store, '"the convoy"') == _found(convoy_store, "convoy")
    else:
        assert _found(convoy_store, '"the convoy"') == {"g4"}


def test_the_migration_adds_the_positional_index_where_rum_is(convoy_store):
    with convoy_store.engine.connect() as conn:
        if conn.dialect.name != "postgresql":
            assert not conn.execute(sa.text(
                "SELECT 1 FROM sqlite_master WHERE name = 'ix_article_revisions_phrase_rum'")).first()
            return
        rum = conn.execute(sa.text("SELECT 1 FROM pg_extension WHERE extname = 'rum'")).first()
        index = conn.execute(sa.text(
            "SELECT 1 FROM pg_indexes WHERE indexname = 'ix_article_revisions_phrase_rum'"
            " AND schemaname = current_schema()")).first()
        assert (index is not None) == (rum is not None)
