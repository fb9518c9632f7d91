"""API tokens: stored hashed, verified, revocable."""

from __future__ import annotations

import sqlite3

import pytest

from parley.errors import InputError
from parley.store import Store
from parley.store.tokens import hash_token


def test_create_verify_revoke(store):
    token = store.create_token("newsroom")
    assert token.startswith("parley_") and len(token) > 40
    info = store.verify_token(token)
    assert info is not None and info.name == "newsroom" and info.active
    assert store.verify_token(token + "x") is None
    assert store.verify_token("") is None
    assert store.revoke_token("newsroom") is True
    assert store.revoke_token("newsroom") is False
    assert store.verify_token(token) is None
    [listed] = store.list_tokens()
    assert not listed.active and listed.revoked_at is not None
    assert store.list_tokens(include_revoked=False) == []


def test_last_used_is_recorded(store):
    token = store.create_token("bot")
    assert store.list_tokens()[0].last_used_at is None
    store.verify_token(token)
    assert store.list_tokens()[0].last_used_at is not None


@pytest.mark.parametrize("name", ["", "   "])
def test_token_needs_a_name(store, name):
    with pytest.raises(InputError):
        store.create_token(name)


def test_token_names_are_unique(store):
    store.create_token("desk")
    with pytest.raises(InputError):
        store.create_token("desk")


def test_plaintext_is_never_in_the_database(tmp_path):
    path = tmp_path / "tokens.db"
    with Store.open(str(path)) as store:
        token = store.create_token("desk")
    raw = path.read_bytes() + (tmp_path / "tokens.db-wal").read_bytes() if (
        tmp_path / "tokens.db-wal").exists() else path.read_bytes()
    assert token.encode() not in raw
    conn = sqlite3.connect(path)
    [(stored,)] = conn.execute("SELECT token_hash FROM api_tokens").fetchall()
    conn.close()
    assert stored == hash_token(token) and token not in stored
