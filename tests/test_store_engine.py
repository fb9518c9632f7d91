"""Connections: URL handling, SQLite settings, database errors as one-line StoreErrors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from parley.errors import ConfigError, StoreError
from parley.store import Store, engine


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("parley.db", "sqlite:///" + str(Path("parley.db").resolve())),
        ("sqlite:///tmp/x.db", "sqlite:///tmp/x.db"),
        (":memory:", "sqlite://"),
        ("postgresql://u@h:5432/d", "postgresql+psycopg://u@h:5432/d"),
        ("postgres://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
    ],
)
def test_normalise_url(given, expected):
    assert engine.normalise_url(given) == expected


@pytest.mark.parametrize("given", ["mysql://u@h/d", "", "  "])
def test_unsupported_urls_are_config_errors(given):
    with pytest.raises(ConfigError):
        engine.normalise_url(given)


def test_describe_url_hides_the_password():
    assert "secret" not in engine.describe_url("postgresql+psycopg://u:secret@h/d")


def test_sqlite_connections_use_wal_and_foreign_keys(tmp_path):
    with Store.open(str(tmp_path / "p.db")) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == engine.BUSY_TIMEOUT_MS
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -engine.CACHE_KIB
        assert conn.exec_driver_sql("PRAGMA mmap_size").scalar() == engine.MMAP_BYTES


def test_open_without_argument_uses_the_db_setting(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PARLEY_DB", str(tmp_path / "from-env.db"))
    with Store.open() as store:
        store.add_feed("https://x.example/feed")
    assert (tmp_path / "from-env.db").exists()


def test_in_memory_database_works(monkeypatch):
    with Store.open(":memory:") as store:
        store.add_feed("https://x.example/feed")
        assert len(store.list_feeds()) == 1


def test_missing_folder_is_a_store_error(tmp_path):
    with pytest.raises(StoreError, match="cannot open the database file"):
        Store.open(str(tmp_path / "no" / "such" / "dir" / "p.db"))


def test_not_a_database_is_a_store_error(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a parley database"):
        Store.open(str(path))


def test_unreachable_postgres_is_a_store_error():
    with pytest.raises(StoreError, match="cannot connect to the PostgreSQL server"):
        Store.open("postgresql://postgres@127.0.0.1:1/none?connect_timeout=2")


def test_locked_database_is_a_store_error(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 200)
    path = tmp_path / "p.db"
    Store.open(str(path)).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with Store.open(str(path)) as store, pytest.raises(StoreError, match="busy"):
            store.add_feed("https://x.example/feed")
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (sqlite3.OperationalError("database or disk is full"), "disk holding the database is full"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "read-only"),
        (sqlite3.OperationalError("no such table: articles"), "schema is not what parley expects"),
        (sqlite3.OperationalError("something else broke"), "database error: something else broke"),
    ],
)
def test_human_messages(error, words):
    message = engine.human_message(sa.exc.OperationalError("SQL", {}, error), "saving x")
    assert message.startswith("saving x: ") and words in message and "\n" not in message
