"""Writes that store no revision reach every hub process (parley.store.memo.note_change).

An editor's ``parley issues rename|merge|promote|regroup`` changes what pages show without
storing an article revision. Each test serves pages (HTML and JSON, so the memo holds their
aggregates), runs the command in another process against the same database, then checks
that the pages show the change and that a conditional GET with the old ETag gets 200, not
304. Both backends; names and places are invented (tests/world_support.py).
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mail_support import mail_settings
from parley.store import memo
from parley.store.engine import run_write
from parley.web import pages
from parley.web.app import create_app
from parley.world import store as world
from world_support import ostria_1, varn_1, varn_2

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def hub(store, monkeypatch):
    """(client, store, slugs): the Varn and Ostria articles, emergent issues most stances
    first, a hub over them, and a spy on the memo's issue computations."""
    for analysis in (varn_1(), ostria_1(), varn_2()):
        store.save_analysis(analysis)
    memo.clear()  # the PostgreSQL schema is reused (emptied) by every test
    slugs = [i.slug for i in world.list_emergent(store)]
    calls: list[tuple] = []
    real = pages.issue_view

    def spy(*args, **kwargs):
        calls.append(("issue_view", args[1]))
        return real(*args, **kwargs)

    monkeypatch.setattr(pages, "issue_view", spy)
    app = create_app(mail_settings(2525, db=store.url, search_per_minute=0), store, hooks=False)
    with TestClient(app, base_url="http://hub.example.org") as client:
        yield client, store, slugs, calls


def cli(store, *args: str) -> str:
    """Run ``parley ARGS --db URL`` in another process; its standard output."""
    done = subprocess.run([sys.executable, "-m", "parley", *args, "--db", store.url],
                          check=True, cwd=ROOT, timeout=120, capture_output=True, text=True)
    return done.stdout


def served(client, *paths: str) -> dict[str, str]:
    """GET each path (200) and then again with its ETag (304): path -> ETag."""
    tags = {}
    for path in paths:
        first = client.get(path)
        assert first.status_code == 200, (path, first.text[:200])
        tags[path] = first.headers["etag"]
        assert client.get(path, headers={"if-none-match": tags[path]}).status_code == 304
    return tags


def revalidated(client, tags: dict[str, str]) -> dict:
    """GET each path with its old ETag: 200 with a new ETag; path -> the answer."""
    out = {}
    for path, etag in tags.items():
        again = client.get(path, headers={"if-none-match": etag})
        assert again.status_code == 200, (path, again.status_code)
        assert again.headers["etag"] != etag
        out[path] = again
    return out


def holder_id(client, slug: str, name: str) -> int:
    rows = client.get(f"/issues/{slug}.json").json()["matrix"]
    return next(r["actor_id"] for r in rows if r["actor"] == name)


def test_rename_in_another_process(hub):
    client, store, slugs, calls = hub
    top, other = slugs[0], slugs[1]
    lena = holder_id(client, top, "Lena Marsh")
    tags = served(client, f"/issues/{top}", f"/issues/{top}.json", f"/actors/{lena}",
                  f"/actors/{lena}.json", f"/issues/{other}.json")
    calls.clear()
    assert "renamed" in cli(store, "issues", "rename", top, "Disarming the Kessel militia")
    fresh = revalidated(client, tags)
    assert "Disarming the Kessel militia" in fresh[f"/issues/{top}"].text
    assert fresh[f"/issues/{top}.json"].json()["issue"]["label"] == "Disarming the Kessel militia"
    assert fresh[f"/issues/{top}.json"].json()["emergent"]["label"] \
        == "Disarming the Kessel militia"
    # the actor page lists its issues by label: its memo entry was dropped too
    assert "Disarming the Kessel militia" in fresh[f"/actors/{lena}"].text
    labels = {p["issue"]: p["issue_label"] for p in fresh[f"/actors/{lena}.json"].json()["positions"]}
    assert labels[top] == "Disarming the Kessel militia"
    # the other issue's aggregates stayed in the memo (only its ETag changed)
    assert ("issue_view", other) not in calls and ("issue_view", top) in calls


def test_merge_in_another_process(hub):
    client, store, slugs, calls = hub
    top, other = slugs[0], slugs[1]
    before = {r["actor"] for r in client.get(f"/issues/{top}.json").json()["matrix"]}
    moved = {r["actor"] for r in client.get(f"/issues/{other}.json").json()["matrix"]}
    someone = next(r["actor_id"] for r in client.get(f"/issues/{other}.json").json()["matrix"]
                   if r["actor_id"] is not None)
    tags = served(client, f"/issues/{top}", f"/issues/{top}.json", f"/issues/{other}",
                  f"/issues/{other}.json", f"/actors/{someone}.json")
    assert "stances moved" in cli(store, "issues", "merge", other, top)
    fresh = revalidated(client, tags)
    after = {r["actor"] for r in fresh[f"/issues/{top}.json"].json()["matrix"]}
    assert after == before | moved and after != before
    gone = fresh[f"/issues/{other}.json"].json()
    assert gone["issue"]["merged_into"] == top and gone["matrix"] == []
    assert f"Merged into <a href=\"/issues/{top}\">" in fresh[f"/issues/{other}"].text
    issues_of = {p["issue"] for p in fresh[f"/actors/{someone}.json"].json()["positions"]}
    assert top in issues_of and other not in issues_of


def test_promote_in_another_process(hub, tmp_path):
    client, store, slugs, _ = hub
    top = slugs[0]
    tags = served(client, "/issues", f"/issues/{top}", f"/issues/{top}.json")
    catalogue = tmp_path / "mine.json"
    out = cli(store, "issues", "promote", top, "--to", str(catalogue), "--slug", "kessel-arms")
    assert "promoted" in out
    fresh = revalidated(client, tags)
    page = fresh[f"/issues/{top}.json"].json()
    assert page["issue"]["origin"] == "promoted" and page["emergent"]["origin"] == "promoted"
    assert '<span class="hint">promoted</span>' in fresh["/issues"].text


def test_regroup_in_another_process(hub):
    """A merge made through the library here, the pages served, then a regroup elsewhere
    (which undoes merges): the merged-away issue comes back."""
    client, store, slugs, _ = hub
    top, other = slugs[0], slugs[1]
    world.merge(store, other, top)
    tags = served(client, f"/issues/{top}", f"/issues/{top}.json", f"/issues/{other}.json")
    merged = len(client.get(f"/issues/{top}.json").json()["matrix"])
    assert client.get(f"/issues/{other}.json").json()["issue"]["merged_into"] == top
    assert cli(store, "issues", "regroup").strip().endswith("emergent issues")
    fresh = revalidated(client, tags)
    assert fresh[f"/issues/{other}.json"].json()["issue"]["merged_into"] is None
    assert fresh[f"/issues/{other}.json"].json()["matrix"]
    assert len(fresh[f"/issues/{top}.json"].json()["matrix"]) < merged
    assert "Merged into" not in fresh[f"/issues/{top}"].text


def test_the_journal_names_what_changed_and_numbers_rows_in_order(store):
    """``note_change`` rows: what they name, ``None`` for too many, ids one after another."""
    memo.clear()
    with store.engine.begin() as conn:
        watch = memo.changes_since(conn, None).watch
        assert memo.note_change(conn, "test", [("issue", "x-y"), ("actor", 7)]) == 1
        assert memo.note_change(conn, "test", [("actor", n) for n in range(memo.MAX_DEPS + 1)]) == 2
    with store.engine.connect() as conn:
        assert memo.journal_since(conn, 0) == (2, 2, None)  # the big one names everything
        assert memo.journal_since(conn, 1) == (2, 1, None)
        assert memo.journal_since(conn, 2) == (2, 0, frozenset())
        found = memo.changes_since(conn, watch)
    assert found.watch.changes == 2 and found.new_changes == 2 and found.touched is None
    with store.engine.begin() as conn:
        memo.note_change(conn, "test", [("issue", "x-y"), ("actor", 7)])
    with store.engine.connect() as conn:
        assert memo.journal_since(conn, 2) == (3, 1, frozenset({("issue", "x-y"), ("actor", 7)}))
    assert memo.data_version(store) == memo.Version(0, 3)


def test_concurrent_journal_writers_get_consecutive_ids(store):
    """Writers racing to journal (each in its own transaction, after a write of its own)
    all commit, and the ids come out 1..n without a gap: numbered under the table's lock."""
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            run_write(store.engine, lambda conn: memo.note_change(
                conn, "test", [("issue", f"i-{n}")]), where="journalling")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    with store.engine.connect() as conn:
        top, count, named = memo.journal_since(conn, 0)
    assert (top, count) == (6, 6) and named == frozenset(("issue", f"i-{n}") for n in range(6))
