"""A save stores exactly the rows it stored before the save path was made faster.

A fixed sequence of saves (real analyses of the world fixture articles, frozen as JSON in
``fixtures/store/saved_rows_analyses.json`` so that pipeline changes do not move them;
hand-made analyses with registry actors, titles, addressees and catalogue stances;
revisions, a revision without facts, a near-duplicate copy, an unchanged re-save, open
stances grouped into emergent issues, a person stored under a shorter name) goes into an
empty store, and every row of every table the save writes (timestamps left out) must equal
the golden dump ``fixtures/store/saved_rows.json``, ids included, on both backends. The
golden was written by the save path as it was before batching (``PARLEY_WRITE_GOLDEN=1``
rewrites it: only when a change of what is stored is intended). An ``INSERT .. ON CONFLICT``
that inserts nothing still advances a PostgreSQL sequence, so a save that tried to insert
rows that exist would show here as shifted ids.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import sqlalchemy as sa

from parley.model import Actor, Analysis
from parley.store import summaries
from parley.store.schema import UtcDateTime, metadata
from store_fixtures import build_analysis
from test_store_summaries import varied
from world_support import varn_1, varn_2

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "store"
ANALYSES = FIXTURES / "saved_rows_analyses.json"
#: The tables a save writes (the record, the registry, the dedupe index, the summaries).
WRITTEN = ("stories", "articles", "article_revisions", "actors", "article_actors",
           "actor_mentions", "issues", "issue_terms", "events", "event_participants",
           "quotes", "stances", "minhash_signatures", "minhash_bands")


def _world() -> list[Analysis]:
    return [Analysis.from_json(d) for d in json.loads(ANALYSES.read_text(encoding="utf-8"))]


def _fewer_facts(a: Analysis) -> Analysis:
    """A revision of ``a``: the text gains a sentence, the last quote and stance go."""
    a.article.text += " A later paragraph was added."
    dropped = {q.id for q in a.quotes[-1:]}
    a.quotes = a.quotes[:-1]
    a.stances = [s for s in a.stances[:-1] if s.quote_id not in dropped]
    return a


def _fuller_name(a: Analysis) -> Analysis:
    """``a`` with its first person renamed to a fuller form of a stored person's name."""
    for actor in a.actors:
        if actor.name == "Tomas Brandt":
            actor.in_registry = False
            actor.country = "Southmark"
            actor.kind = "person"
    a.actors.append(Actor(id="a-full", name="Tomas Erik Brandt", kind="person",
                          country="Southmark", title="chief envoy",
                          mentions=list(a.actors[0].mentions[:1])))
    return a


def saves() -> list[tuple[Analysis, str | None]]:
    """The sequence of (analysis, url) saved, in order."""
    world = _world()
    out: list[tuple[Analysis, str | None]] = [(a, None) for a in world]
    out += [(varied(seed), None) for seed in (3, 0, 5, 1)]
    out.append((varied(0, version=1), None))  # a revision
    out.append((_fewer_facts(_world()[2]), None))  # a revision with fewer facts
    out.append((varied(5, empty=True, version=1), None))  # a revision without facts
    copy = _world()[0]
    copy.article.source = "elsewhere/copy.txt"
    out.append((copy, "https://copies.example/wire"))  # a near-duplicate: joins the story
    out.append((varied(3), None))  # unchanged
    out += [(varn_1(), None), (varn_2(), None)]
    out.append((_fuller_name(build_analysis(41, url="https://news.example/41")), None))
    return out


def _plain(value):
    if isinstance(value, dict | list):
        return json.loads(json.dumps(value, sort_keys=True))
    if isinstance(value, bytes):
        return value.hex()
    return value


def dump(store) -> dict:
    """Every row of the written tables and of the summaries, without timestamps (JSON
    columns as their stored text)."""
    tables = [metadata.tables[name] for name in WRITTEN] + list(summaries.TABLES)
    out = {}
    with store.engine.connect() as conn:
        for table in tables:
            cols = [c for c in table.columns if not isinstance(c.type, UtcDateTime)]
            order = list(table.primary_key.columns) or cols
            # JSON as stored: a JSON null and an SQL NULL both read back as None
            shown = [sa.cast(c, sa.Text) if isinstance(c.type, sa.JSON) else c for c in cols]
            rows = conn.execute(sa.select(*shown).order_by(*order)).all()
            out[table.name] = [[_plain(v) for v in r] for r in rows]
    return out


def run_saves(store) -> dict:
    results = []
    for analysis, url in saves():
        r = store.save_analysis(analysis, url=url)
        results.append([r.status, r.article_id, r.revision, r.story_id, r.duplicate_of])
    return {"results": results, "tables": dump(store)}


def test_saves_store_the_golden_rows(store):
    got = run_saves(store)
    golden = FIXTURES / "saved_rows.json"
    if os.environ.get("PARLEY_WRITE_GOLDEN"):
        golden.write_text(json.dumps(got, ensure_ascii=False, separators=(",", ":")) + "\n",
                          encoding="utf-8")
    want = json.loads(golden.read_text(encoding="utf-8"))
    assert got["results"] == want["results"]
    for name, rows in want["tables"].items():
        assert got["tables"][name] == rows, name
    assert set(got["tables"]) == set(want["tables"])
    with store.engine.connect() as conn:
        assert all(not d for d in summaries.check(conn).values())


def _comparable(c: summaries.Contribution) -> tuple:
    counts = {t.name: {k: list(v) for k, v in rows.items() if any(v)}
              for t, rows in c.counts.items()}
    titles = sorted(tuple(sorted(r.items())) for r in c.title_rows)
    return counts, titles, sorted(c.pairs)


def test_a_save_computes_the_contribution_the_record_gives(store, monkeypatch):
    """``contribution_of`` (from the rows a save inserts) equals ``contribution`` (the
    aggregate queries over the stored rows) for every save of the sequence."""
    seen = []
    saved = summaries.saved

    def checking(conn, written, old):
        fresh = summaries.contribution(conn, [written.article_id])
        assert _comparable(summaries.contribution_of(written)) == _comparable(fresh)
        seen.append(written.article_id)
        saved(conn, written, old)

    monkeypatch.setattr(summaries, "saved", checking)
    run_saves(store)
    assert len(seen) == len(saves()) - 1  # all but the unchanged one


def test_saves_from_fresh_stores_find_the_stored_actors(store):
    """A Store knows nothing of the rows other processes stored: saving each analysis of
    the sequence from a new Store (names already stored come back from the INSERT .. ON
    CONFLICT DO NOTHING .. RETURNING as nothing and are read) links every article's actors
    to the same actors as the golden record, with no actor stored twice.

    Not compared: actors' aliases (a new Store resolves a stored person's own name through
    ``_same_people``, which adds the name as an alias of itself: so before this branch
    too) and, on PostgreSQL, ids (an insert that skips a name still advances the sequence).
    """
    from parley.store import Store

    for analysis, url in saves():
        with Store(store.url) as fresh:
            fresh.save_analysis(analysis, url=url)
    got = dump(store)
    want = json.loads((FIXTURES / "saved_rows.json").read_text(encoding="utf-8"))["tables"]
    names = {row[0]: row[1] for row in got["actors"]}  # id -> name
    want_names = {row[0]: row[1] for row in want["actors"]}
    # (the actor linked, the name the analysis gave) of every article actor
    linked = sorted((names[r[3]], r[9]) for r in got["article_actors"])
    assert linked == sorted((want_names[r[3]], r[9]) for r in want["article_actors"])
    assert sorted(names.values()) == sorted(want_names.values())
    with store.engine.connect() as conn:
        assert all(not d for d in summaries.check(conn).values())
