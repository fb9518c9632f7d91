"""The hub's SQL per page: one connection and transaction a GET, a bounded number of
statements whatever the record holds (no query per row), and the actor JSON twin bounded.

Both backends (``store`` fixture; PostgreSQL skipped when unreachable). Statements are
counted with SQLAlchemy's ``before_cursor_execute`` (SQLite's ``BEGIN`` is one), check-outs
with the pool's ``checkout`` event. The ceilings are the counts of this version plus a
little: a page that falls back to a query per row (N+1) or to a connection per read
fails them, and the counts must not grow when the record grows.
"""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from parley.config import Settings
from parley.errors import StoreError
from parley.store import memo
from parley.store.engine import reading, shared_reads
from store_fixtures import build_analysis, simple_analysis

#: Statements a cold page may run: this version's counts on SQLite, where the one ``BEGIN``
#: is a statement (PostgreSQL runs one fewer). Before: 5 check-outs and 9-30 statements.
CEILINGS = {
    "/": 4, "/index.json": 4,
    "/articles/{article}": 11, "/articles/{article}.json": 11,
    "/actors/{actor}": 17, "/actors/{actor}.json": 17,
    "/issues/water-sharing": 11, "/issues/water-sharing.json": 11,
    "/timeline": 8, "/timeline.json": 8, "/timeline?actor={actor}": 9,
    "/actors": 4, "/actors.json": 4, "/issues": 3, "/issues.json": 3,
}


class Counter:
    def __init__(self, engine) -> None:
        self.statements = self.checkouts = 0
        event.listen(engine, "before_cursor_execute", self._stmt)
        event.listen(engine.pool, "checkout", self._checkout)

    def _stmt(self, *_args) -> None:
        self.statements += 1

    def _checkout(self, *_args) -> None:
        self.checkouts += 1

    def reset(self) -> None:
        self.statements = self.checkouts = 0


def _save(store, first: int, count: int) -> None:
    for seed in range(first, first + count):
        store.save_analysis(build_analysis(seed, published=f"2025-04-{seed % 27 + 1:02}"))


def _ids(store) -> dict[str, int]:
    with store.engine.connect() as conn:
        article = conn.execute(sa.text("SELECT min(id) FROM articles")).scalar()
        actor = conn.execute(sa.text("SELECT id FROM actors WHERE name = 'Anna Volkova'")).scalar()
    return {"article": article, "actor": actor}


def _counts(client, counter, store) -> dict[str, tuple[int, int]]:
    ids = _ids(store)
    out = {}
    for url in CEILINGS:
        client.get(url.format(**ids))  # the memo reads what changed since the last page
        with memo._LOCK:  # a cold page (what the process has seen stays, as bench/hub_cpu.py)
            memo._ENTRIES.clear()
        counter.reset()
        r = client.get(url.format(**ids))
        assert r.status_code == 200, (url, r.text[:200])
        out[url] = (counter.statements, counter.checkouts)
    return out


@pytest.fixture
def hub(store):
    from fastapi.testclient import TestClient

    from parley.web.app import create_app

    app = create_app(Settings(db=store.url, secret="test-secret-0123456789",
                              search_per_minute=0), store, hooks=False)
    with TestClient(app) as client:
        yield client, Counter(store.engine)


def test_every_page_reads_through_one_connection_and_few_statements(store, hub):
    client, counter = hub
    _save(store, 0, 4)
    small = _counts(client, counter, store)
    for url, (statements, checkouts) in small.items():
        # one for the validators (the ``fresh`` dependency, its own thread), one shared by
        # every read of the page (``SharedReadsRoute``): a connection held across the wait
        # for a thread deadlocked the pool under load
        assert checkouts <= 2, f"{url}: {checkouts} pool check-outs (two a GET expected)"
        # + 1: the validators' transaction (SQLite counts its BEGIN as a statement)
        assert statements <= CEILINGS[url] + 1, f"{url}: {statements} statements > {CEILINGS[url] + 1}"
    _save(store, 4, 8)  # three times the articles, quotes, events, stances
    large = _counts(client, counter, store)
    grew = {url: (small[url][0], large[url][0]) for url in CEILINGS
            if large[url][0] > small[url][0]}
    assert not grew, f"statements grew with the record (a query per row?): {grew}"


def test_a_write_inside_a_get_ends_the_shared_transaction(store):
    """Reads after a write see it, even on SQLite where a read transaction is a snapshot."""
    with shared_reads(store.engine):
        with reading(store.engine, where="t") as conn:
            first = conn
            before = conn.execute(sa.text("SELECT count(*) FROM articles")).scalar()
        store.save_analysis(simple_analysis("w1", "Rena Holt spoke at Dunmere."))
        with reading(store.engine, where="t") as conn:
            assert conn is not first
            assert conn.execute(sa.text("SELECT count(*) FROM articles")).scalar() == before + 1
        with reading(store.engine, where="t") as again:
            assert again is conn  # shared again until the scope ends


def test_shared_reads_one_connection_per_scope_and_not_across_threads(store):
    counter = Counter(store.engine)
    with shared_reads(store.engine):
        for _ in range(5):
            with reading(store.engine, where="t") as conn:
                conn.execute(sa.text("SELECT 1"))
        assert counter.checkouts == 1
        seen = {}
        with reading(store.engine, where="t") as mine:
            # another thread while this one is reading gets a connection of its own
            t = threading.Thread(target=lambda: seen.setdefault("conn", _conn_in(store)))
            t.start()
            t.join()
            assert seen["conn"] is not mine
        with reading(store.engine, where="t", own=True) as own:
            assert own is not mine
    with reading(store.engine, where="t") as after:
        assert after is not mine  # the scope has ended: a read of its own


def _conn_in(store):
    with reading(store.engine, where="t") as conn:
        conn.execute(sa.text("SELECT 1"))
        return conn


def test_a_database_error_drops_the_shared_transaction(store):
    with shared_reads(store.engine):
        with pytest.raises(StoreError):
            with reading(store.engine, where="reading a missing table") as conn:
                conn.execute(sa.text("SELECT * FROM no_such_table"))
        with reading(store.engine, where="t") as conn:  # PostgreSQL: not an aborted transaction
            assert conn.execute(sa.text("SELECT 1")).scalar() == 1


def test_the_actor_json_lists_the_most_held_issues_and_links_to_all(store, hub, monkeypatch):
    from parley.web import pages

    client, _ = hub
    text = "Lidia Varga spoke on the toll, the ferry and the quay at Port Ossel."
    held = {"river-toll": 3, "ferry-levy": 2, "quay-lease": 1}
    k = 0
    for issue, n in held.items():
        for _ in range(n):
            store.save_analysis(simple_analysis(
                f"p{k}", text, published=f"2025-03-{k + 1:02}", actor_names=["Lidia Varga"],
                stances=[("Lidia Varga", issue, "spoke on the toll")]))
            k += 1
    with store.engine.connect() as conn:
        actor_id = conn.execute(sa.text("SELECT id FROM actors WHERE name = 'Lidia Varga'")).scalar()
    every = client.get(f"/actors/{actor_id}.json").json()  # under the cap: as before
    assert sorted(p["issue"] for p in every["positions"]) == sorted(held)
    assert "positions_total" not in every and "all_positions_url" not in every
    monkeypatch.setattr(pages, "POSITIONS_JSON", 2)
    memo.clear()
    data = client.get(f"/actors/{actor_id}.json").json()
    assert [p["issue"] for p in data["positions"]] == ["ferry-levy", "river-toll"]
    assert data["positions_total"] == 3
    assert data["all_positions_url"] == f"/actors/{actor_id}.json?positions=all"
    assert all("evidence" in p["current"] for p in data["positions"])
    full = client.get(data["all_positions_url"]).json()
    assert full["positions"] == every["positions"]
    assert "positions_total" not in full
