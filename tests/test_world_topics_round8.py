"""Emergent issues, round 8: the lexical families of diplomatic acts in the topic backbone
(a visit, a trip, contacts are talks; an embargo is economy; a pullout is a withdrawal;
escalation and tensions are the ceasefire's question), and the bonus of a target whose topic
is its issue's main topic. Invented places and people: Dravenia against the Ostmark
League."""

from __future__ import annotations

import pytest

from parley.world.issues import Params, Profile, group_issues, make_target
from parley.world.topics import modifiers, topic_of
from parley.world.vectors import content_words, load_vectors
from world_support import open_analysis

DRAVENIA = ("Dravenia and the Ostmark League have quarrelled over Saltmere since winter. "
            "Dravenia says the Ostmark League courts foreign capitals; the Ostmark League "
            "says Dravenia massed boats off Saltmere.")


def _topic(phrase: str) -> str | None:
    vectors = load_vectors()
    mods = modifiers(phrase)
    return topic_of(content_words(phrase), (), 0.0,
                    lambda w: vectors.weight(w) * (0.2 if w in mods else 1.0))


@pytest.mark.parametrize(("phrase", "topic"), [
    ("her visit to the Ostmark capital", "talks"),
    ("any official contacts with Ostmark leaders", "talks"),
    ("his trip abroad", "talks"),
    ("the journey of Councillor Ada Brenn", "talks"),
    ("the embargo on Saltmere", "economy"),
    ("grain shipments out of Saltmere", "economy"),
    ("a pullout from the Vask valley", "withdrawal"),
    ("any further escalation near Saltmere", "ceasefire"),
    ("easing tensions along the coast", "ceasefire"),
])
def test_diplomatic_acts_and_their_kin_name_a_topic(phrase, topic):
    assert _topic(phrase) == topic


def test_de_is_no_seed_word():
    """"de-escalation" is written without its prefix: "de" would catch "Luis de Mora"."""
    assert _topic("Luis de Mora") is None


def _one_article(*stances):
    return open_analysis("dravenia-1", "2025-08-04", DRAVENIA, list(stances))


def test_a_meeting_and_a_journey_of_one_article_are_one_issue():
    a = _one_article(
        ("Dravenia condemned the meeting between Councillor Ada Brenn and Regent Ilo Marr.",
         "Dravenia", "oppose", "the meeting between Councillor Ada Brenn and Regent Ilo Marr"),
        ("Dravenia also condemned her journey to the southern isles.",
         "Dravenia", "oppose", "her journey to the southern isles"))
    found = group_issues([a])
    assert found[a.stances[0].id] == found[a.stances[1].id]


def test_a_visit_and_a_ceasefire_of_one_article_stay_apart():
    a = _one_article(
        ("Dravenia condemned the visit of Councillor Ada Brenn to the Ostmark capital.",
         "Dravenia", "oppose", "the visit of Councillor Ada Brenn to the Ostmark capital"),
        ("The Ostmark League backed a ceasefire off Saltmere.",
         "Ostmark League", "support", "a ceasefire off Saltmere"))
    found = group_issues([a])
    assert found[a.stances[0].id] != found[a.stances[1].id]


def test_the_main_topic_survives_the_stored_profile():
    a = _one_article(("Dravenia rejected the embargo on Saltmere.",
                      "Dravenia", "oppose", "the embargo on Saltmere"))
    t = make_target(a.stances[0], a.doc_id, None, frozenset({"Dravenia"}), load_vectors(),
                    a.article.text)
    p = Profile("e-x", "x")
    assert p.main_topic() is None
    p.add(t)
    back = Profile.from_json("e-x", "x", p.to_json())
    assert p.main_topic() == back.main_topic() == "economy"
    assert back.similarity(t, Params()) == pytest.approx(p.similarity(t, Params()), abs=1e-4)
    # the bonus is what the same topic adds
    plain = Params(topic_bonus=0.0)
    assert p.similarity(t, Params()) == pytest.approx(p.similarity(t, plain) + 0.1, abs=1e-6)


def test_without_the_bonus_the_meeting_and_the_journey_stay_apart():
    a = _one_article(
        ("Dravenia condemned the meeting between Councillor Ada Brenn and Regent Ilo Marr.",
         "Dravenia", "oppose", "the meeting between Councillor Ada Brenn and Regent Ilo Marr"),
        ("Dravenia also condemned her journey to the southern isles.",
         "Dravenia", "oppose", "her journey to the southern isles"))
    found = group_issues([a], params=Params(topic_bonus=0.0))
    assert found[a.stances[0].id] != found[a.stances[1].id]


def test_a_plural_vague_target_with_nothing_in_common_starts_its_own_issue():
    """"the accusations" shares nothing with the river quarrel of its article: it is not
    forced into it (``Params.vague_plural_min``); "the demand" still is (test_world_issues)."""
    a = _one_article(
        ("Dravenia vowed to take the water from all four rivers of Saltmere.",
         "Dravenia", "support", "take the water from all four rivers of Saltmere"),
        ("The Ostmark League rejected the accusations.",
         "Ostmark League", "oppose", "the accusations"))
    found = group_issues([a])
    assert found[a.stances[0].id] != found[a.stances[1].id]
    forced = group_issues([a], params=Params(vague_plural_min=0.0))
    assert forced[a.stances[0].id] == forced[a.stances[1].id]
