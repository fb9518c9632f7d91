"""Search plans added for the hub at scale (issue 15, fourth round): every plan finds what
the plain plans find, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses

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
    with convoy_store.engine.connect() as conn:  # only the positional index serves it
        from parley.store.migrations import PHRASE_VECTOR

        conn.exec_driver_sql("SET enable_seqscan = off")
        plan = "\n".join(conn.exec_driver_sql(
            f"EXPLAIN SELECT id FROM article_revisions WHERE {PHRASE_VECTOR}"
            " @@ phraseto_tsquery('english', 'grain convoy')").scalars())
        assert "ix_article_revisions_phrase_rum" in plan
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


# -- the actor page at scale: ties from the summaries' top rows only ---------------------------


def test_ties_from_the_top_rows_rank_as_ties_from_every_row(store):
    """``actor_ties`` reads only the others that can rank (the most met, ties at the cut
    included, and those the actor addressed): the same ties as ranking every row."""
    from datetime import UTC, datetime

    from parley.store import summaries
    from parley.store.hub_queries import actor_ties
    from parley.store.schema import actors
    from parley.world.hub import rank_ties

    now = datetime(2025, 1, 1, tzinfo=UTC)
    names = [f"Vessa Orlin {i}" for i in range(40)]
    with store.engine.begin() as conn:
        conn.execute(actors.insert(), [{"id": i + 1, "name": n, "kind": "person", "first_seen": now}
                                       for i, n in enumerate(names)])
        # others 2..40 met 1..13 times (many equal counts at any cut), one of them under
        # two spellings, and a few addressed (by name: some known actors, one unknown)
        conn.execute(summaries.actor_met.insert(), [
            {"actor_id": 1, "other_id": i + 1, "other_name": names[i], "n": 1 + (i * 7) % 13}
            for i in range(1, 40)] + [
            {"actor_id": 1, "other_id": 5, "other_name": "V. Orlin", "n": 2}])
        conn.execute(summaries.actor_addressed.insert(), [
            {"actor_id": 1, "addressee": names[3], "n": 9},   # met 3 times: 12 in all
            {"actor_id": 1, "addressee": names[0], "n": 50},  # the actor itself: not a tie
            {"actor_id": 1, "addressee": "Harbour Board", "n": 6}])
    with store.engine.connect() as conn:
        every = summaries.met(conn, 1)
        addressed = summaries.addressed(conn, 1)
        ids = dict(conn.execute(sa.select(actors.c.name, actors.c.id)).all())
    assert len(every) == 40
    for limit in (1, 3, 5, 12, 39, 60):
        expected = rank_ties(1, every, addressed, ids, limit)
        assert actor_ties(store, 1, limit) == expected, limit
    assert actor_ties(store, 1, 3)[0].name == names[3]  # lifted by what it was addressed


def test_the_actor_page_reads_evidence_for_what_it_shows(store):
    """HTML shows each position's current evidence only; the JSON twin keeps every step's."""
    from parley.web import pages

    text = ("Lidia Varga opposed the toll. Later Lidia Varga backed the toll. "
            "Then Lidia Varga opposed the toll again.")
    for k, (doc, published) in enumerate((("t1", "2025-01-01"), ("t2", "2025-02-01"),
                                          ("t3", "2025-03-01"))):
        analysis = simple_analysis(
            doc, text, published=published, actor_names=["Lidia Varga"],
            stances=[("Lidia Varga", "river-toll", "backed the toll" if k != 1 else "opposed the toll")])
        if k != 1:  # in favour, against, in favour again: two changes
            analysis.stances[0] = dataclasses.replace(analysis.stances[0], stance="support")
        store.save_analysis(analysis)
    with store.engine.connect() as conn:
        actor_id = conn.execute(sa.text("SELECT id FROM actors WHERE name = 'Lidia Varga'")).scalar()
    full = pages.actor_page(store, actor_id)
    shown = pages.actor_page(store, actor_id, evidence="current")
    [p_full], [p_shown] = full["positions"], shown["positions"]
    assert p_full["current"] == p_shown["current"] and "evidence" in p_shown["current"]
    assert p_full["change_count"] == p_shown["change_count"] == 2
    assert all("evidence" in c for c in p_full["recent_changes"])
    current = p_shown["current"]["stance_id"]
    assert [("evidence" in c) for c in p_shown["recent_changes"]] == [
        c["stance_id"] == current for c in p_shown["recent_changes"]] == [True, False]
    assert [c["stance"] for c in p_full["recent_changes"]] == [c["stance"] for c in p_shown["recent_changes"]]


def test_home_pages_far_back_list_every_lead_once(store):
    """The keyset page starts from the cursor's day through the date index (a bound the
    cursor implies): every article once, in order, days with several articles included."""
    days = ["2025-01-03", "2025-01-03", "2025-01-05", "2025-01-05", "2025-01-05", "2025-02-01",
            "2025-02-09"]
    for k, day in enumerate(days):
        store.save_analysis(simple_analysis(f"h{k}", f"Harbour notice number {k} of Port Ossel.",
                                            published=day, url=f"https://ossel.example/{k}"))
    everything = [a.doc_id for a in store.latest(limit=50).items]
    assert len(everything) == len(days)
    walked, cursor = [], None
    while True:
        page = store.latest(limit=2, before=cursor)
        walked += [a.doc_id for a in page.items]
        if page.next is None:
            break
        cursor = page.next
    assert walked == everything


def test_the_latency_plot_is_an_svg_with_a_line_per_page_and_backend():
    import importlib.util
    import xml.etree.ElementTree as ET
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "hub_scale_plot", Path(__file__).resolve().parents[1] / "bench" / "hub_scale_plot.py")
    plot = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(plot)

    def run(db, n, home, phrase):
        return {"db": db, "articles": n, "latency": {
            "home | html | cold": {"p95_ms": home}, "home | json | cold": {"p95_ms": home / 2},
            "search phrase | html | cold": {"p95_ms": phrase},
            "search phrase | json | warm": {"p95_ms": 999.0}}}

    svg = plot.draw([run("postgresql://x/y", 200_000, 90.0, 60.0),
                     run("postgresql://x/y", 400_000, 110.0, 80.0),
                     run("/tmp/a.db", 200_000, 40.0, 30.0)])
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    lines = [p for p in root.iter(f"{ns}polyline") if p.get("stroke") != "black"]
    assert len(lines) == 2  # PostgreSQL's two sizes make a line per page kind
    titles = [t.text for t in root.iter(f"{ns}title")]
    assert "PostgreSQL home: 400,000 articles, p95 110 ms" in titles
    assert "SQLite search phrase: 200,000 articles, p95 30 ms" in titles
    assert not any("999" in t for t in titles)  # warm figures are not in the cold plot


def test_the_actor_html_lists_the_most_held_issues_and_links_to_all(store, monkeypatch):
    """HTML: the positions on the issues with most stances (``POSITIONS_SHOWN``) and a link
    to all; ``?positions=all`` and the JSON twin: every position."""
    from fastapi.testclient import TestClient

    from parley.config import Settings
    from parley.web import pages
    from parley.web.app import create_app

    text = "Lidia Varga spoke on the toll, the ferry and the quay at Port Ossel."
    held = {"river-toll": 3, "ferry-levy": 2, "quay-lease": 1}  # stances per issue
    k = 0
    for issue, n in held.items():
        for _ in range(n):
            store.save_analysis(simple_analysis(
                f"p{k}", text, published=f"2025-03-{k + 1:02}", actor_names=["Lidia Varga"],
                stances=[("Lidia Varga", issue, "spoke on the toll")]))
            k += 1
    with store.engine.connect() as conn:
        actor_id = conn.execute(sa.text("SELECT id FROM actors WHERE name = 'Lidia Varga'")).scalar()
    monkeypatch.setattr(pages, "POSITIONS_SHOWN", 2)
    app = create_app(Settings(db=store.url, secret="test-secret-0123456789"), store, hooks=False)
    with TestClient(app) as client:
        html = client.get(f"/actors/{actor_id}").text
        every = client.get(f"/actors/{actor_id}?positions=all").text
        data = client.get(f"/actors/{actor_id}.json").json()
    assert "/issues/river-toll" in html and "/issues/ferry-levy" in html
    assert "/issues/quay-lease" not in html
    assert f'href="/actors/{actor_id}?positions=all"' in html and "all 3 positions" in html
    assert all(f"/issues/{i}" in every for i in held) and "?positions=all" not in every
    assert sorted(p["issue"] for p in data["positions"]) == sorted(held)
