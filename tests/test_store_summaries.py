"""The per-actor summaries (parley.store.summaries) equal a fresh recomputation from the
record after saves, revisions, fact-less revisions, issue merges, the migration's backfill
and concurrent writers, on SQLite and PostgreSQL; and the hub reads the same from them as
it computed before."""

from __future__ import annotations

import multiprocessing
import random

import pytest
import sqlalchemy as sa

from parley.store import Store, dedupe, migrations, summaries
from parley.store.hub_queries import (
    actor_positions,
    actor_steps,
    actor_ties,
    actor_titles,
    events_per_month,
    events_per_month_counted,
    issue_steps,
)
from parley.store.schema import actors, article_actors, event_participants, quotes, stances
from parley.web import pages
from parley.world import hub as world_hub
from parley.world import store as world_store
from parley.world.charts import Point, positions_chart
from store_fixtures import build_analysis

LABELS = ("support", "oppose", "conditional", "unclear")


def varied(seed: int, *, version: int = 0, empty: bool = False):
    """An analysis at its own URL with labels, dates, titles and addressees that vary by
    ``seed`` (``version``: another content for the same URL, i.e. a revision)."""
    rng = random.Random(seed * 1000 + version)
    day = f"2025-{1 + rng.randrange(9):02d}-{10 + rng.randrange(18):02d}"
    if empty:
        a = build_analysis(seed + 500 + version, n_quotes=0, n_events=0, n_stances=0,
                           published=day, url=f"https://news.example/{seed}")
        a.actors = []
        return a
    a = build_analysis(seed * 7 + version, n_quotes=4 + rng.randrange(4),
                       n_events=2 + rng.randrange(3), n_stances=3 + rng.randrange(5),
                       published=day, url=f"https://news.example/{seed}")
    for s in a.stances:
        s.stance = rng.choice(LABELS)
        s.date = rng.choice([None, day, f"2024-12-{10 + rng.randrange(18)}"])
    for actor in a.actors:
        actor.title = rng.choice([None, "foreign minister", "envoy"])
        actor.affiliation = rng.choice([None, "Council of Lakes"])
    for q in a.quotes:
        q.addressee = rng.choice([None, "", "Southmark", "the Harbour Board"])
    for e in a.events:
        e.kind = rng.choice(["meeting", "call", "criticism"])
    return a


def assert_exact(store: Store) -> None:
    with store.engine.connect() as conn:
        diffs = summaries.check(conn)
    assert all(not d for d in diffs.values()), {k: v[:3] for k, v in diffs.items() if v}


def summary_rows(store: Store, table) -> int:
    with store.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def test_summaries_follow_saves_revisions_and_merges(store):
    for seed in (3, 0, 5, 1, 4, 2):  # out of date order: changes land mid-history
        store.save_analysis(varied(seed))
    assert_exact(store)
    for table in summaries.TABLES:
        assert summary_rows(store, table) > 0, table.name
    for seed in (0, 4):
        assert store.save_analysis(varied(seed, version=1)).status == "revised"
    assert_exact(store)
    # A revision without facts takes the article's whole share out again.
    assert store.save_analysis(varied(5, empty=True)).status == "revised"
    assert_exact(store)
    # Saving the same content again changes nothing.
    assert store.save_analysis(varied(3)).status == "unchanged"
    assert_exact(store)
    moved = world_store.merge(store, "water-sharing", "border-crossings")
    assert moved > 0
    assert_exact(store)
    with store.engine.connect() as conn:
        left = conn.execute(sa.select(sa.func.count()).select_from(summaries.actor_positions)
                            .where(summaries.actor_positions.c.issue == "water-sharing")).scalar()
    assert left == 0


def test_a_revision_with_no_facts_zeroes_the_counts(store):
    first = store.save_analysis(varied(9))
    volkova = store.actor("Anna Volkova")
    assert volkova.quote_count > 0 and volkova.article_count == 1
    assert store.save_analysis(varied(9, empty=True)).article_id == first.article_id
    volkova = store.actor("Anna Volkova")
    assert (volkova.article_count, volkova.quote_count, volkova.event_count,
            volkova.stance_count) == (0, 0, 0, 0)
    assert events_per_month(store, volkova.id) == []
    assert actor_positions(store, volkova.id) == []
    assert actor_titles(store, volkova.id) == []
    assert_exact(store)


def _counted(store: Store, actor_id: int) -> tuple[int, int, int, int]:
    with store.engine.connect() as conn:
        def n(q):
            return conn.execute(q).scalar()
        return (
            n(sa.select(sa.func.count()).where(article_actors.c.actor_id == actor_id)),
            n(sa.select(sa.func.count()).where(quotes.c.speaker_actor_id == actor_id)),
            n(sa.select(sa.func.count(sa.distinct(event_participants.c.event_id)))
              .where(event_participants.c.actor_id == actor_id)),
            n(sa.select(sa.func.count()).where(stances.c.actor_id == actor_id)),
        )


def test_the_hub_reads_what_it_used_to_compute(store):
    for seed in range(6):
        store.save_analysis(varied(seed))
    store.save_analysis(varied(2, version=1))
    with store.engine.connect() as conn:
        ids = conn.execute(sa.select(actors.c.id).order_by(actors.c.id)).scalars().all()
    assert len(ids) >= 4
    assert events_per_month(store) == events_per_month_counted(store)
    assert events_per_month(store)
    seen_ties = seen_titles = seen_positions = 0
    for actor_id in ids:
        record = store.actor(actor_id)
        assert (record.article_count, record.quote_count, record.event_count,
                record.stance_count) == _counted(store, actor_id)
        ties = actor_ties(store, actor_id)
        assert ties == world_hub.counterparts(store, actor_id)
        dated = actor_titles(store, actor_id)
        # (the same titles; the summary also orders titles seen on the same days)
        assert sorted(dated, key=repr) == sorted(world_hub.titles(store, actor_id), key=repr)
        assert dated == sorted(dated, key=lambda t: (t.last, t.first), reverse=True)
        assert events_per_month(store, actor_id) == events_per_month_counted(store, actor_id)
        fresh = sorted(pages._positions(store, actor_steps(store, actor_id), lambda s: s.issue),
                       key=lambda p: p["issue"])
        kept = sorted(pages._positions_json(store, actor_positions(store, actor_id)),
                      key=lambda p: p["issue"])
        assert kept == fresh
        seen_ties += bool(ties)
        seen_titles += bool(dated)
        seen_positions += sum(p["change_count"] for p in kept)
    assert seen_ties and seen_titles and seen_positions  # the comparisons compared something


def test_the_migration_backfills_an_existing_record(store_url):
    with Store.open(store_url) as store:
        for seed in range(4):
            store.save_analysis(varied(seed))
        with store.engine.begin() as conn:  # back to schema 7: no summaries
            for table in summaries.TABLES:
                table.drop(conn)
            conn.execute(sa.delete(migrations.migrations_table)
                         .where(migrations.migrations_table.c.version >= 8))
    with Store.open(store_url) as store:
        assert store.schema_version == migrations.MIGRATIONS[-1].version
        assert summary_rows(store, summaries.actor_positions) > 0
        assert summary_rows(store, summaries.actor_stats) > 0
        assert_exact(store)


def test_step_9_adds_the_issue_summaries_to_a_schema_8_record(store_url):
    with Store.open(store_url) as store:
        for seed in range(4):
            store.save_analysis(varied(seed))
        with store.engine.begin() as conn:  # back to schema 8: no issue summaries
            summaries.issue_changes.drop(conn)
            conn.exec_driver_sql("DROP INDEX ix_actor_positions_issue")
            for column in ("actor_name", "stance"):
                conn.exec_driver_sql(f"ALTER TABLE actor_positions DROP COLUMN {column}")
            conn.execute(sa.delete(migrations.migrations_table)
                         .where(migrations.migrations_table.c.version >= 9))
    with Store.open(store_url) as store:
        assert store.schema_version == migrations.MIGRATIONS[-1].version
        assert summary_rows(store, summaries.issue_changes) > 0
        assert_exact(store)


def _issue_from_the_record(store: Store, slug: str) -> dict:
    """What the issue page showed when it read every stance of the issue per request."""
    steps = issue_steps(store, slug)
    latest = {}
    for s in steps:
        if s.stance != "unclear":
            latest[s.actor_id or s.actor] = s
    sides: dict[str, list[str]] = {}
    for s in sorted(latest.values(), key=lambda s: s.actor.lower()):
        sides.setdefault(s.stance, []).append(s.actor)
    groups: dict = {}
    for s in steps:
        groups.setdefault(s.actor_id or s.actor, []).append(s)
    matrix = sorted(pages._positions_json(store, [summaries.position_of(v)
                                                  for v in groups.values()]),
                    key=pages.matrix_order)
    changes = [s.stance_id for s in reversed(steps) if s.changed]
    chart = positions_chart([Point(s.actor, s.actor_id, s.date, s.stance, s.changed)
                             for s in steps], f"Positions on {slug} over time")
    return {"sides": sides, "matrix": matrix, "matrix_total": len(groups),
            "change_count": len(changes), "changes": changes, "chart_svg": chart}


def test_the_issue_page_reads_what_it_used_to_compute(store):
    for seed in (3, 0, 5, 1, 4, 2, 6, 7):
        store.save_analysis(varied(seed))
    store.save_analysis(varied(2, version=1))
    with store.engine.begin() as conn:  # some holders without an actor id
        conn.execute(sa.update(stances).where(stances.c.id % 3 == 0).values(actor_id=None))
        summaries.rebuild(conn)
    assert_exact(store)
    with store.engine.connect() as conn:
        slugs = conn.execute(sa.select(stances.c.issue).distinct()).scalars().all()
    seen_changes = seen_nameless = 0
    for slug in slugs:
        want = _issue_from_the_record(store, slug)
        page = pages.issue_page(store, slug, limit=500)
        got = {k: page[k] for k in ("sides", "matrix", "matrix_total", "change_count",
                                    "chart_svg")}
        got["changes"] = [c["stance_id"] for c in page["changes"]]
        assert got == want, slug
        paged = pages.issue_page(store, slug, limit=2, offset=1)
        assert [c["stance_id"] for c in paged["changes"]] == want["changes"][1:3]
        seen_changes += want["change_count"]
        seen_nameless += any(p["actor_id"] is None for p in want["matrix"])
    assert seen_changes and seen_nameless  # the comparisons compared something


def test_check_notices_a_wrong_summary(store):
    store.save_analysis(varied(1))
    with store.engine.begin() as conn:
        conn.execute(sa.update(summaries.actor_stats).values(quotes=summaries.actor_stats.c.quotes + 1))
        conn.execute(sa.delete(summaries.actor_positions))
        conn.execute(sa.insert(summaries.issue_changes).values(
            stance_id=1, issue="water-sharing", actor_id=1, day="2025-01-01", article_id=1,
            position=0, body="[]"))
    with store.engine.connect() as conn:
        diffs = summaries.check(conn)
    assert diffs["actor_stats"] and diffs["actor_positions"] and diffs["issue_changes"]
    assert not diffs["actor_titles"]


def test_meeting_kinds_agree_with_the_world_layer():
    assert summaries.MEETINGS == world_hub.MEETINGS


def _writer(url: str, seeds: list[int], barrier) -> None:
    barrier.wait()
    with Store.open(url) as store:
        for seed in seeds:
            store.save_analysis(varied(seed))
            if seed % 3 == 0:
                store.save_analysis(varied(seed, version=1))


@pytest.mark.timeout(180)
def test_concurrent_writers_keep_the_summaries_exact(store):
    """Three processes save articles that share every actor and issue at once."""
    dedupe.signature(build_analysis(0).article)  # load datasketch before forking
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(3)
    procs = [ctx.Process(target=_writer, args=(store.url, list(range(i, 24, 3)), barrier))
             for i in range(3)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=150)
        assert proc.exitcode == 0
    assert_exact(store)
