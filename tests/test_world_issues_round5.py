"""Emergent issues, round 5: an article's parties weigh less inside a target; merging
profiles (invented places and people: Dovria against the Selk Front)."""

from __future__ import annotations

import numpy as np

from parley.world.issues import (
    IssueGrouper,
    Params,
    Profile,
    article_parties,
    group_issues,
    make_target,
    target_of,
)
from parley.world.vectors import load_vectors
from world_support import open_analysis, varn_1, varn_2

DOVRIA = ("Dovria and the Selk Front met again in Harrow on Tuesday. Dovria wants the Selk "
          "Front out of the hills; the Selk Front says Dovria broke the last truce. Harrow "
          "hosted both delegations.")


def dovria(doc_id: str, date: str, stances) -> object:
    """An analysis whose propositions keep their capitals, as the open-stance reader's do."""
    analysis = open_analysis(doc_id, date, DOVRIA, stances)
    for stance in analysis.stances:
        stance.proposition = stance.target.text
    return analysis


def test_article_parties_are_the_most_written_names_written_twice():
    text = ("Dovria and Selk. Dovria again, Dovria. Selk replied. Harrow, Harrow. Once Tamsin. "
            "The end. The")
    assert article_parties(text, 3) == {"dovria", "harrow", "selk"}
    assert article_parties(text, 1) == {"dovria"}
    assert "tamsin" not in article_parties(text, 10) and "the" not in article_parties(text, 10)
    assert article_parties("", 5) == frozenset()


def test_a_party_named_in_a_target_weighs_less_than_what_the_target_is_about():
    vectors = load_vectors()
    parties = frozenset({"dovria", "selk"})
    plain = target_of("s", "d", "Dovria's grain exports", "x", "support", None, frozenset(),
                      vectors, params=Params(party_names=1.0))
    down = target_of("s", "d", "Dovria's grain exports", "x", "support", None, frozenset(),
                     vectors, params=Params(), parties=parties)
    assert down.words["dovri"] < plain.words["dovri"]
    assert down.words["grain"] > plain.words["grain"]
    # written in lower case, the word is not the name: it keeps its weight
    lower = target_of("s", "d", "the selk harvest", "x", "support", None, frozenset(),
                      vectors, params=Params(), parties=parties)
    same = target_of("s", "d", "the selk harvest", "x", "support", None, frozenset(),
                     vectors, params=Params(party_names=1.0), parties=parties)
    assert lower.words == same.words
    assert np.allclose(lower.vector, same.vector)


def _two_issues_of_one_conflict():
    a = dovria("dovria-1", "2025-06-02", [
        ("Mara Quill demanded that the Selk Front free the Dovrian hostages held in the hills.",
         "Mara Quill", "support", "the Selk Front free the Dovrian hostages"),
        ("Ivo Brandt urged that the Selk Front reopen the Harrow grain road to Dovria.",
         "Ivo Brandt", "support", "the Selk Front reopen the Harrow grain road to Dovria"),
    ])
    b = dovria("dovria-2", "2025-06-09", [
        ("The Selk Front said it would release the captives from Dovria soon.",
         "Selk Front", "support", "release the captives from Dovria"),
    ])
    return a, b


def test_two_issues_of_one_conflict_stay_apart_when_their_targets_name_the_parties():
    a, b = _two_issues_of_one_conflict()
    found = group_issues([a, b])
    hostages, road = found[a.stances[0].id], found[a.stances[1].id]
    assert hostages != road
    assert found[b.stances[0].id] == hostages


def test_the_names_alone_no_longer_decide_a_join():
    a, b = _two_issues_of_one_conflict()
    vectors = load_vectors()
    scores = {}
    for weight in (1.0, 0.5):
        params = Params(party_names=weight)
        targets = [make_target(s, a.doc_id, None, frozenset(), vectors, a.article.text, params)
                   for s in a.stances]
        p = Profile("x", "x")
        p.add(targets[0])
        scores[weight] = p.similarity(targets[1], params)
    assert scores[0.5] < scores[1.0]


def test_absorb_makes_the_profile_that_adding_every_member_makes():
    grouper = IssueGrouper()
    grouper.add_analysis(varn_1())
    grouper.add_analysis(varn_2())
    members = [t for ts in grouper.members.values() for t in ts]
    one = Profile("a", "a")
    for t in members:
        one.add(t)
    left, right = Profile("l", "l"), Profile("r", "r")  # one article each
    for t in members:
        (left if t.doc_id == "varn-1" else right).add(t)
    left.absorb(right)
    assert left.size == one.size == len(members)
    assert set(left.docs) == set(one.docs)
    assert left.context == one.context
    assert all(abs(left.words[k] - one.words[k]) < 1e-9 for k in one.words)
    assert np.allclose(left.vector, one.vector)
