"""Emergent issues, round 7: the topic backbone (``parley.world.topics``; docs/world.md, "A
topic backbone"). Invented places and people: Corvania against the Sable Front, with a
prisoner swap, a withdrawal and a truce under negotiation."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from parley.store.schema import stances
from parley.world.issues import Params, Profile, group_issues, make_target
from parley.world.topics import TOPICS, modifiers, topic_of
from parley.world.vectors import content_words, load_vectors
from world_support import open_analysis

CORVANIA = ("Corvania and the Sable Front have talked in Lisk since spring. Corvania says "
            "the Sable Front still holds the Marro pass; the Sable Front says Corvania "
            "shelled Marro last week.")


def _topic(phrase: str) -> str | None:
    vectors = load_vectors()
    mods = modifiers(phrase)
    return topic_of(content_words(phrase), (), 0.0,
                    lambda w: vectors.weight(w) * (0.2 if w in mods else 1.0))


def test_targets_get_the_topic_their_words_name():
    assert _topic("freeing the captives held in Marro") == "prisoners"
    assert _topic("a swap of detainees") == "prisoners"
    assert _topic("pulling Sable Front units out of the pass") == "withdrawal"
    assert _topic("a longer truce") == "ceasefire"
    assert _topic("the offer") is None
    # seed words are matched as words, not five-letter stems: "constructive" is not
    # "constitution", "investigation" is not "investment"
    assert _topic("a constructive attitude") is None
    assert _topic("an impartial investigation") == "monitoring"


def test_the_head_of_a_noun_compound_names_the_topic():
    assert modifiers("attending the ceasefire talks in Lisk") == {"ceasefire"}
    assert _topic("attending the ceasefire talks in Lisk") == "talks"
    assert _topic("reopening the border crossings") == "humanitarian"
    assert modifiers("prisoner exchange") == frozenset()  # one topic: nothing to choose


def test_the_taxonomy_is_small_and_general():
    assert 10 <= len(TOPICS) <= 16
    assert all(3 <= len(seeds) <= 20 for seeds in TOPICS.values())


def _one_article(*stances):
    return open_analysis("corvania-1", "2025-07-01", CORVANIA, list(stances))


def test_two_targets_of_one_topic_in_an_article_join_without_a_shared_word():
    a = _one_article(
        ("Ilse Varga demanded freeing the captives held in Marro.",
         "Ilse Varga", "support", "freeing the captives held in Marro"),
        ("The Sable Front rejected any ransom for Corvanian families.",
         "Sable Front", "oppose", "any ransom for Corvanian families"),
        ("Ilse Varga rejected pulling Corvanian units out of the pass.",
         "Ilse Varga", "oppose", "pulling Corvanian units out of the pass"))
    found = group_issues([a])
    assert found[a.stances[0].id] == found[a.stances[1].id]
    assert found[a.stances[2].id] != found[a.stances[0].id]
    # without the topic term the two prisoner targets stay apart
    plain = group_issues([a], params=Params(topic=0.0))
    assert plain[a.stances[0].id] != plain[a.stances[1].id]


def test_a_vague_target_that_names_a_topic_is_compared_like_any_other():
    """"the truce" is not forced into the article's only issue (a withdrawal); "the demand",
    which names nothing, still is (tests/test_world_issues.py)."""
    a = _one_article(
        ("Ilse Varga rejected pulling Corvanian units out of the pass.",
         "Ilse Varga", "oppose", "pulling Corvanian units out of the pass"),
        ("The Sable Front welcomed the truce.", "Sable Front", "support", "the truce"),
        ("The Sable Front rejected the demand.", "Sable Front", "oppose", "the demand"))
    found = group_issues([a])
    assert found[a.stances[1].id] != found[a.stances[0].id]
    assert found[a.stances[2].id] in {found[a.stances[0].id], found[a.stances[1].id]}


def test_a_ceasefire_and_a_disarmament_still_stay_apart():
    a = _one_article(
        ("Ilse Varga demanded the disarmament of the Sable Front.",
         "Ilse Varga", "support", "the disarmament of the Sable Front"),
        ("Ilse Varga backed a ceasefire in the Marro pass.",
         "Ilse Varga", "support", "a ceasefire in the Marro pass"))
    found = group_issues([a])
    assert found[a.stances[0].id] != found[a.stances[1].id]


def test_the_topic_term_survives_the_stored_profile():
    a = _one_article(("The Sable Front offered a swap of detainees.",
                      "Sable Front", "support", "a swap of detainees"))
    t = make_target(a.stances[0], a.doc_id, None, frozenset({"Corvania"}), load_vectors(),
                    a.article.text)
    assert t.topic == "prisoners" and "#prisoners" in t.words
    p = Profile("e-x", "x")
    p.add(t)
    back = Profile.from_json("e-x", "x", p.to_json())
    assert back.words["#prisoners"] > 0
    assert back.similarity(t, Params()) == pytest.approx(p.similarity(t, Params()), abs=1e-4)


def test_the_store_groups_by_topic_as_the_library_does(store):
    first = _one_article(
        ("Ilse Varga demanded freeing the captives held in Marro.",
         "Ilse Varga", "support", "freeing the captives held in Marro"),
        ("The Sable Front offered a swap of detainees.",
         "Sable Front", "support", "a swap of detainees"))
    second = open_analysis("corvania-2", "2025-07-03", CORVANIA, [
        ("Ilse Varga rejected pulling Corvanian units out of the pass.",
         "Ilse Varga", "oppose", "pulling Corvanian units out of the pass")])
    for a in (first, second):
        store.save_analysis(a)
    with store.engine.connect() as conn:
        saved = dict(conn.execute(sa.select(stances.c.local_id, stances.c.issue)).all())
    found = group_issues([first, second])
    ids = [s.id for a in (first, second) for s in a.stances]
    assert [saved[i] == saved[ids[0]] for i in ids] == [found[i] == found[ids[0]] for i in ids]
    assert saved[ids[0]] == saved[ids[1]] != saved[ids[2]]
