"""The hub's memo drops only what a stored article touches (parley.store.memo).

An issue page stays in the memo when a new article has no stance on that issue; an
actor's page when the article does not name the actor; the pages the article touches are
recomputed and show it. A revision of a stored article, an entry without dependencies and
an article stored by another process are handled too. Names and issues are invented.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from parley.model import Actor, Analysis, Article, Quote, Span, Speaker, Stance
from parley.store import memo
from parley.web import pages

ROOT = Path(__file__).resolve().parents[1]


def analysis(doc: str, stances: list[tuple[str, str, str]], published: str = "2025-01-10",
             addressee: str | None = None, extra: str = "") -> Analysis:
    """An article with one quote by the first stance holder and ``stances``
    (holder, issue, label); everyone named is a person actor."""
    said = f"talks on {doc} {extra}".strip()
    body = f'{stances[0][0]} said "{said}". Filler about the ferry talks.'
    start = body.index(said)
    names = sorted({s[0] for s in stances})
    quote = Quote("q0", Span.of(body, start, start + len(said)), True, Speaker(stances[0][0]),
                  addressee=addressee)
    built = [Stance(f"s{i}", issue, f"prop {issue}", who, label, Span.of(body, 0, 10), None, None)
             for i, (who, issue, label) in enumerate(stances)]
    article = Article(doc, body, title=f"Dispatch {doc}", published=published, source=f"/{doc}")
    return Analysis(doc, article, [Actor(f"a{n}", n, "person") for n in names], [quote], [],
                    built)


DOCS = [
    analysis("m1", [("Orla Penwick", "ferry-dues", "oppose"), ("Tam Brisk", "ferry-dues", "support")]),
    analysis("m2", [("Tam Brisk", "salt-quota", "support"), ("Ivo Marrow", "salt-quota", "oppose")],
             published="2025-02-01"),
]


@pytest.fixture
def filled(store, monkeypatch):
    for a in DOCS:
        store.save_analysis(a)
    memo.clear()  # the PostgreSQL schema is reused (emptied) by every test
    calls: list[tuple] = []
    for name in ("issue_view", "_actor_positions", "actor_titles"):
        real = getattr(pages, name)

        def spy(*args, _real=real, _name=name, **kwargs):
            calls.append((_name, args[1]))
            return _real(*args, **kwargs)

        monkeypatch.setattr(pages, name, spy)
    return store, calls


def matrix(page) -> dict[str, str]:
    return {row["actor"]: row["current"]["stance"] for row in page["matrix"]}


def test_an_article_on_issue_a_leaves_issue_b_in_the_memo(filled):
    store, calls = filled
    assert matrix(pages.issue_page(store, "ferry-dues")) == {"Orla Penwick": "oppose",
                                                            "Tam Brisk": "support"}
    assert matrix(pages.issue_page(store, "salt-quota")) == {"Tam Brisk": "support",
                                                            "Ivo Marrow": "oppose"}
    assert calls == [("issue_view", "ferry-dues"), ("issue_view", "salt-quota")]
    calls.clear()
    pages.issue_page(store, "ferry-dues")
    pages.issue_page(store, "salt-quota")
    assert calls == []  # both from the memo

    store.save_analysis(analysis("m3", [("Orla Penwick", "ferry-dues", "support")],
                                 published="2025-03-01"))
    salt = pages.issue_page(store, "salt-quota")
    assert calls == []  # issue B: still served from the memo
    ferry = pages.issue_page(store, "ferry-dues")
    assert calls == [("issue_view", "ferry-dues")]  # issue A: recomputed ...
    assert matrix(ferry) == {"Orla Penwick": "support", "Tam Brisk": "support"}  # ... new stance
    assert matrix(salt) == {"Tam Brisk": "support", "Ivo Marrow": "oppose"}


def test_an_article_naming_an_actor_drops_only_that_actors_entries(filled):
    store, calls = filled
    ids = {n: store.actor(n).id for n in ("Orla Penwick", "Tam Brisk", "Ivo Marrow")}
    for actor_id in ids.values():
        pages.actor_page(store, actor_id)
    calls.clear()
    store.save_analysis(analysis("m3", [("Ivo Marrow", "salt-quota", "support")],
                                 published="2025-03-01"))
    orla = pages.actor_page(store, ids["Orla Penwick"])
    tam = pages.actor_page(store, ids["Tam Brisk"])
    assert calls == []  # neither is named by the new article
    ivo = pages.actor_page(store, ids["Ivo Marrow"])
    assert {c[0] for c in calls} == {"_actor_positions", "actor_titles"}
    assert {c[1] for c in calls} == {ids["Ivo Marrow"]}
    assert [p["current"]["stance"] for p in ivo["positions"]] == ["support"]
    assert ivo["actor"]["quote_count"] == 1 and ivo["actor"]["article_count"] == 2
    assert orla["actor"]["quote_count"] == 1
    assert [p["issue"] for p in tam["positions"]] == ["ferry-dues", "salt-quota"]


def test_a_revision_an_entry_on_everything_and_a_new_name(filled):
    store, calls = filled
    seen = []

    def count(tag):
        def compute():
            seen.append(tag)
            return tag
        return compute

    memo.cached(store, ("everything",), count("everything"))  # on=None: any new article
    memo.cached(store, ("name",), count("name"), on=[("name", "Wren Holloway")])
    pages.issue_page(store, "salt-quota")
    calls.clear()
    # an addressee who is no actor yet: an entry that looked the name up stays ...
    store.save_analysis(analysis("m3", [("Ivo Marrow", "salt-quota", "support")],
                                 addressee="Wren Holloway", published="2025-03-01"))
    memo.cached(store, ("everything",), count("everything"))
    memo.cached(store, ("name",), count("name"), on=[("name", "Wren Holloway")])
    assert seen == ["everything", "name", "everything"]
    # ... until an article names that person
    store.save_analysis(analysis("m4", [("Wren Holloway", "ferry-dues", "oppose")],
                                 published="2025-03-02"))
    memo.cached(store, ("name",), count("name"), on=[("name", "Wren Holloway")])
    assert seen[-1] == "name" and len(seen) == 4
    pages.issue_page(store, "salt-quota")
    assert calls == [("issue_view", "salt-quota")]  # m3 had a stance on it
    calls.clear()
    pages.issue_page(store, "salt-quota")
    assert calls == []
    # a new revision of a stored article: its old facts are gone, so everything is dropped
    store.save_analysis(analysis("m1", [("Orla Penwick", "ferry-dues", "support"),
                                        ("Tam Brisk", "ferry-dues", "support")], extra="again"))
    pages.issue_page(store, "salt-quota")
    assert calls == [("issue_view", "salt-quota")]


def test_a_revision_committed_out_of_id_order_is_found(filled):
    """A revision whose id is below the highest one seen (its transaction committed later)
    is still read: the watch keeps the ids of the last ``WINDOW`` revisions."""
    store, _ = filled
    store.save_analysis(analysis("m3", [("Ivo Marrow", "harbour-fees", "support")],
                                 published="2025-03-01"))
    with store.engine.connect() as conn:
        everything = memo.changes_since(conn, None).watch
        late = max(everything.recent)
        # as if the m3 revision had not been visible yet when the next one was
        watch = memo.Watch(everything.version, everything.recent - {late})
        found = memo.changes_since(conn, watch)
    assert found.new_revisions == 1 and found.watch == everything
    assert ("issue", "harbour-fees") in found.touched
    assert ("actor", store.actor("Ivo Marrow").id) in found.touched
    assert ("issue", "ferry-dues") not in found.touched


WRITER = """
import sys
sys.path.insert(0, {tests!r})
from test_web_memo_entities import analysis
from parley.store import Store
with Store.open({url!r}) as store:
    store.save_analysis(analysis("p1", [("Tam Brisk", "salt-quota", "oppose")],
                                 published="2025-04-01"))
"""


def test_an_article_stored_by_another_process_is_seen(filled):
    """Each worker process learns of a change from the database itself (the revision ids),
    so an ingest in another process needs no message to the hub's workers."""
    store, calls = filled
    assert matrix(pages.issue_page(store, "salt-quota"))["Tam Brisk"] == "support"
    pages.issue_page(store, "ferry-dues")
    calls.clear()
    subprocess.run([sys.executable, "-c", WRITER.format(tests=str(ROOT / "tests"),
                                                        url=store.url)],
                   check=True, cwd=ROOT, timeout=120)
    assert matrix(pages.issue_page(store, "salt-quota"))["Tam Brisk"] == "oppose"
    pages.issue_page(store, "ferry-dues")
    assert calls == [("issue_view", "salt-quota")]
