"""The hub's signing secret: the configured one wins, else one made once and kept in the database."""

from __future__ import annotations

import logging
import threading

import pytest

from parley.store import Store
from parley.store.hub_secret import hub_secret, hub_secrets, rotate_secret
from store_fixtures import count_rows, pg_database, pg_store_url, store  # noqa: F401


def test_without_a_setting_one_secret_is_made_once_and_kept(store, caplog):  # noqa: F811
    with caplog.at_level(logging.WARNING, logger="parley.store"):
        first = hub_secret(store)
        again = hub_secret(store, "")
    assert first == again and len(first) >= 40
    assert count_rows(store, hub_secrets) == 1
    # Logged once, when it was made, and never the secret itself.
    made = [r for r in caplog.records if "created one" in r.getMessage()]
    assert len(made) == 1 and first not in caplog.text
    # Another process opening the same database reads the same secret.
    with Store.open(store.url) as other:
        assert hub_secret(other) == first


def test_a_configured_secret_wins_and_stores_nothing(store):  # noqa: F811
    assert hub_secret(store, "configured-secret-0123") == "configured-secret-0123"
    assert count_rows(store, hub_secrets) == 0


def test_rotation_replaces_the_stored_secret(store):  # noqa: F811
    old = hub_secret(store)
    rotate_secret(store)
    new = hub_secret(store)
    assert new != old and len(new) >= 40
    assert count_rows(store, hub_secrets) == 1


@pytest.mark.parametrize("workers", [4])
def test_processes_starting_together_agree_on_one_secret(store, workers):  # noqa: F811
    stores = [Store.open(store.url) for _ in range(workers)]
    found: list[str] = []
    barrier = threading.Barrier(workers)

    def start(s: Store) -> None:
        barrier.wait()
        found.append(hub_secret(s))

    threads = [threading.Thread(target=start, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    for s in stores:
        s.close()
    assert len(found) == workers and len(set(found)) == 1
    assert count_rows(store, hub_secrets) == 1


def test_parley_secret_rotate(tmp_path):
    from typer.testing import CliRunner

    from parley.cli import app

    db = str(tmp_path / "hub.db")
    with Store.open(db) as opened:
        old = hub_secret(opened)
    result = CliRunner().invoke(app, ["secret", "rotate", "--db", db], env={"PARLEY_SECRET": ""})
    assert result.exit_code == 0, result.output
    assert "restart" in result.stderr and old not in result.output
    with Store.open(db) as opened:
        assert hub_secret(opened) not in (old, "")
    noted = CliRunner().invoke(app, ["secret", "rotate", "--db", db],
                               env={"PARLEY_SECRET": "set-in-the-environment-0123"})
    assert noted.exit_code == 0 and "PARLEY_SECRET" in noted.stderr
