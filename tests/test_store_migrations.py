"""Schema migrations: from an empty database, re-open, a newer step, a failing step."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from parley.errors import StoreError
from parley.store import Store, migrations
from parley.store.engine import create_engine, normalise_url
from parley.store.schema import metadata
from store_fixtures import build_analysis

EXTRA = sa.Table("extra_things", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True),
                 sa.Column("name", sa.Text))


def _second_step(conn):
    migrations.create_tables(conn, EXTRA)
    note = sa.Column("note", sa.Text)
    feeds = sa.Table("feeds", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True), note)
    migrations.add_column(conn, feeds, note)


#: The version a test step appended after the real ones gets.
NEXT = len(migrations.MIGRATIONS) + 1
ALL = list(range(1, NEXT))


def _recorded(url) -> list[int]:
    engine = create_engine(normalise_url(url))
    with engine.connect() as conn:
        rows = conn.execute(sa.select(migrations.migrations_table.c.version)).scalars().all()
    engine.dispose()
    return sorted(rows)


def test_empty_database_is_migrated_and_matches_the_schema(store_url):
    engine = create_engine(normalise_url(store_url))
    assert migrations.current_version(engine) == 0
    with Store.open(store_url) as store:
        assert store.schema_version == len(migrations.MIGRATIONS)
    inspector = sa.inspect(engine)
    for table in metadata.sorted_tables:
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        assert set(table.columns.keys()) <= columns, table.name
    engine.dispose()


def test_reopen_is_idempotent_and_keeps_data(store_url):
    with Store.open(store_url) as store:
        store.add_feed("https://lakeside.example/feed")
    with Store.open(store_url) as store:
        assert [f.url for f in store.list_feeds()] == ["https://lakeside.example/feed"]
    assert _recorded(store_url) == [m.version for m in migrations.MIGRATIONS]


def test_a_new_step_upgrades_an_old_database(store_url, monkeypatch):
    with Store.open(store_url) as store:
        store.add_feed("https://lakeside.example/feed")
    steps = [*migrations.MIGRATIONS, migrations.Migration(NEXT, "extra things", _second_step)]
    monkeypatch.setattr(migrations, "MIGRATIONS", steps)
    with Store.open(store_url) as store:
        assert store.schema_version == NEXT
        with store.engine.begin() as conn:
            conn.execute(sa.text("UPDATE feeds SET note = 'kept'"))
            conn.execute(EXTRA.insert().values(name="x"))
        assert store.get_feed("https://lakeside.example/feed") is not None
    assert _recorded(store_url) == [*ALL, NEXT]
    with Store.open(store_url) as store:  # again: nothing to do
        assert store.schema_version == NEXT


def test_a_new_step_on_a_fresh_database(store_url, monkeypatch):
    steps = [*migrations.MIGRATIONS, migrations.Migration(NEXT, "extra things", _second_step)]
    monkeypatch.setattr(migrations, "MIGRATIONS", steps)
    with Store.open(store_url):
        pass
    assert _recorded(store_url) == [*ALL, NEXT]


def test_a_failing_step_is_not_recorded_and_leaves_no_trace(store_url, monkeypatch):
    def broken(conn):
        migrations.create_tables(conn, EXTRA)
        raise sa.exc.OperationalError("CREATE ...", {}, Exception("simulated failure"))

    with Store.open(store_url):
        pass
    monkeypatch.setattr(migrations, "MIGRATIONS",
                        [*migrations.MIGRATIONS, migrations.Migration(NEXT, "broken", broken)])
    with pytest.raises(StoreError, match=f"version {NEXT}"):
        Store.open(store_url)
    assert _recorded(store_url) == ALL
    engine = create_engine(normalise_url(store_url))
    assert not sa.inspect(engine).has_table("extra_things")
    engine.dispose()


def test_a_database_from_a_newer_parley_is_refused(store_url):
    with Store.open(store_url) as store:
        with store.engine.begin() as conn:
            conn.execute(migrations.migrations_table.insert().values(
                version=99, name="from the future", applied_at=sa.func.now()))
    with pytest.raises(StoreError, match="upgrade parley"):
        Store.open(store_url)


def test_a_step_by_import_path_is_loaded_when_it_runs(tmp_path, monkeypatch):
    url = str(tmp_path / "p.db")
    monkeypatch.setattr(migrations, "MIGRATIONS", [
        *migrations.MIGRATIONS,
        migrations.Migration(NEXT, "by path", "test_store_migrations:_second_step")])
    with Store.open(url):
        pass
    assert _recorded(url) == [*ALL, NEXT]


def test_a_gap_in_versions_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(migrations, "MIGRATIONS", [
        *migrations.MIGRATIONS, migrations.Migration(NEXT + 1, "gap", _second_step)])
    with pytest.raises(StoreError, match=f"expected version {NEXT}"):
        Store.open(str(tmp_path / "g.db"))


V2_COLUMNS = [("quotes", "sort_date"), ("events", "listing_date"),
              ("event_participants", "listing_date"), ("stances", "listing_date")]
V2_INDEXES = ["ix_quotes_speaker_sort", "ix_events_listing", "ix_event_participants_listing",
              "ix_stances_issue_listing", "ix_stances_actor_listing", "ix_stances_issue_actor"]


def _make_version_1(store) -> None:
    """Reshape a current database into what version 1 created (with its data kept)."""
    with store.engine.begin() as conn:
        for index in V2_INDEXES:
            conn.exec_driver_sql(f"DROP INDEX {index}")
        for table, column in V2_COLUMNS:
            conn.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN {column}")
        conn.exec_driver_sql("CREATE INDEX ix_stances_issue ON stances (issue, date)")
        conn.execute(migrations.migrations_table.delete().where(
            migrations.migrations_table.c.version > 1))


def test_version_2_upgrades_and_backfills_a_version_1_database(store_url):
    analysis = build_analysis(21, published="2025-03-09")
    with Store.open(store_url) as store:
        article_id = store.save_analysis(analysis).article_id
        _make_version_1(store)
    assert _recorded(store_url) == [1]
    with Store.open(store_url) as store:
        assert store.schema_version == len(migrations.MIGRATIONS)
        assert store.get_analysis(article_id) == analysis
        with store.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT DISTINCT sort_date FROM quotes")).scalars().all() \
                == ["2025-03-09"]
            listed = conn.execute(sa.text("SELECT date, listing_date FROM events")).all()
            assert {(d or "") for d, _ in listed if d} == {ld for _, ld in listed if ld}
            assert conn.execute(sa.text(
                "SELECT count(*) FROM stances WHERE listing_date IS NULL")).scalar() == 0
        names = {i["name"] for i in sa.inspect(store.engine).get_indexes("stances")}
        assert "ix_stances_issue" not in names and "ix_stances_issue_listing" in names
        volkova = store.quotes_by_speaker("Anna Volkova", limit=50)
        assert [r.quote for r in volkova.items] == [
            q for q in analysis.quotes if q.speaker.name == "Anna Volkova"]


def test_version_4_backfills_story_leads(store_url):
    from store_fixtures import simple_analysis
    from test_store_dedupe import WIRE

    with Store.open(store_url) as store:
        first = store.save_analysis(simple_analysis("a", WIRE, url="https://a.example/1"))
        copy = store.save_analysis(simple_analysis("b", WIRE + " Copy.", url="https://b.example/1"))
        other = store.save_analysis(build_analysis(22))
        assert copy.status == "duplicate"
        with store.engine.begin() as conn:  # back to what version 3 had
            conn.exec_driver_sql("DROP INDEX ix_articles_lead_sort")
            conn.exec_driver_sql("ALTER TABLE articles DROP COLUMN story_lead")
            conn.execute(migrations.migrations_table.delete().where(
                migrations.migrations_table.c.version >= 4))
    with Store.open(store_url) as store:
        listed = {a.id for a in store.latest(10).items}
        assert listed == {first.article_id, other.article_id}
        assert len(store.latest(10, one_per_story=False).items) == 3
