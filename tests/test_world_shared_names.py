"""Emergent issues: stances of one article that name the same thing (a treaty, a river, a
crossing; not a party) lean to one issue (``Params.shared_name``, ``key_names``,
``distinctive``). Invented places and people: Velmora and Drast over the Korrin river."""

from __future__ import annotations

from parley.world.issues import (
    Params,
    Profile,
    Target,
    acronyms,
    distinctive,
    group_issues,
    key_names,
)
from world_support import open_analysis

KORRIN = ("Velmora and Drast have quarrelled over the Korrin river since Drast suspended "
          "the Korrin Dam Accord (KDA) in March. Velmora calls the KDA binding; Drast says "
          "the Korrin Dam Accord lapsed when Velmora shelled the Tessa bridge.")

STANCES = [
    ("Velmora demanded a fair share of the Korrin river for its farms.",
     "Velmora", "support", "a fair share of the Korrin river for its farms"),
    ("Drast refused to restore the KDA with Velmora.", "Drast", "oppose",
     "restore the KDA with Velmora"),
    ("Velmora rejected the accusations about the shelling.", "Velmora", "oppose",
     "the accusations about the shelling"),
    ("Drast welcomed the prisoner swap.", "Drast", "support", "the prisoner swap"),
    ("Ilsa Brand praised the patience of the mediators.", "Ilsa Brand", "support",
     "the patience of the mediators"),
]


def test_an_acronym_stands_for_the_words_of_its_name():
    assert acronyms(KORRIN)["KDA"] == ("Korrin", "Dam", "Accord")


def test_key_names_leave_out_countries_titles_the_holder_and_a_first_word():
    known = frozenset({"Korrin", "Drast", "KDA", "Dam", "Accord", "Minister", "Tessa"})
    names = key_names("restore the KDA", "Drast refused to restore the KDA, Minister Tessa said.",
                      known, "Tessa", KORRIN)
    assert names == {"kda", "korrin", "dam", "accord"}
    # a country (here by its demonym) is a party, not a thing disputed
    assert key_names("the French plan", "", frozenset({"French"})) == frozenset()


def _target(actor: str, names: set[str]) -> Target:
    return Target("s", "d", "p", actor, "support", None, {}, None, frozenset(), 1, None,
                  frozenset(names))


def test_a_holder_or_a_name_most_stances_give_does_not_tell_the_question():
    targets = distinctive([_target("Velmora", {"korrin", "drast"}),
                           _target("Drast", {"velmora", "tessa"}),
                           _target("Ilsa Brand", {"korrin", "tessa"}),
                           _target("Ilsa Brand", {"korrin"})])
    assert [set(t.names) for t in targets] == [set(), {"tessa"}, {"tessa"}, set()]


def test_stances_naming_one_accord_join_one_issue():
    """"a fair share of the Korrin river" and "restore the KDA": few words in common, one
    question (the KDA is the Korrin Dam Accord)."""
    one = open_analysis("korrin-1", "2025-04-02", KORRIN, STANCES)
    river, accord, accusations, swap, patience = (s.id for s in one.stances)
    found = group_issues([one])
    assert found[river] == found[accord]
    assert len({found[river], found[accusations], found[swap], found[patience]}) == 4
    # without the shared name they stay apart
    plain = group_issues([one], params=Params(shared_name=0.0))
    assert plain[river] != plain[accord]


def test_a_profile_keeps_the_names_of_each_article():
    profile = Profile("e-x", "x", names={"korrin-1": {"kda"}}, docs={"korrin-1": None})
    again = Profile.from_json("e-x", "x", profile.to_json())
    assert again.names == {"korrin-1": {"kda"}}
