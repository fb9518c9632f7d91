"""Schema migrations: from an empty database, re-open, a newer step, a failing step."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from parley.errors import StoreError
from parley.store import Store, migrations
from parley.store.engine import create_engine, normalise_url
from parley.store.schema import metadata

EXTRA = sa.Table("extra_things", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True),
                 sa.Column("name", sa.Text))


def _second_step(conn):
    migrations.create_tables(conn, EXTRA)
    note = sa.Column("note", sa.Text)
    feeds = sa.Table("feeds", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True), note)
    migrations.add_column(conn, feeds, note)


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
    steps = [*migrations.MIGRATIONS, migrations.Migration(2, "extra things", _second_step)]
    monkeypatch.setattr(migrations, "MIGRATIONS", steps)
    with Store.open(store_url) as store:
        assert store.schema_version == 2
        with store.engine.begin() as conn:
            conn.execute(sa.text("UPDATE feeds SET note = 'kept'"))
            conn.execute(EXTRA.insert().values(name="x"))
        assert store.get_feed("https://lakeside.example/feed") is not None
    assert _recorded(store_url) == [1, 2]
    with Store.open(store_url) as store:  # again: nothing to do
        assert store.schema_version == 2


def test_a_new_step_on_a_fresh_database(store_url, monkeypatch):
    steps = [*migrations.MIGRATIONS, migrations.Migration(2, "extra things", _second_step)]
    monkeypatch.setattr(migrations, "MIGRATIONS", steps)
    with Store.open(store_url):
        pass
    assert _recorded(store_url) == [1, 2]


def test_a_failing_step_is_not_recorded_and_leaves_no_trace(store_url, monkeypatch):
    def broken(conn):
        migrations.create_tables(conn, EXTRA)
        raise sa.exc.OperationalError("CREATE ...", {}, Exception("simulated failure"))

    with Store.open(store_url):
        pass
    monkeypatch.setattr(migrations, "MIGRATIONS",
                        [*migrations.MIGRATIONS, migrations.Migration(2, "broken", broken)])
    with pytest.raises(StoreError, match="version 2"):
        Store.open(store_url)
    assert _recorded(store_url) == [1]
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
        migrations.Migration(2, "by path", "test_store_migrations:_second_step")])
    with Store.open(url):
        pass
    assert _recorded(url) == [1, 2]


def test_a_gap_in_versions_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(migrations, "MIGRATIONS", [
        *migrations.MIGRATIONS, migrations.Migration(3, "gap", _second_step)])
    with pytest.raises(StoreError, match="expected version 2"):
        Store.open(str(tmp_path / "g.db"))
