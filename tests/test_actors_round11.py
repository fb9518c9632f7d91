"""The actor layer, round 11: a description ("the former foreign minister") is not the last
person whose title has the same head but another office ("the home minister")."""

from __future__ import annotations

from parley.nlp.actors.mention_words import _other_office
from parley.nlp.actors.resolve import Cluster


def _minister(*titles: str) -> Cluster:
    return Cluster("Pell Ostra", "person", titles=[frozenset(t.split()) for t in titles])


def test_another_office_of_the_same_head_is_not_the_one_described():
    assert _other_office(frozenset({"foreign", "minister"}), "minister", _minister("home minister"))


def test_the_same_office_a_bare_head_or_an_unknown_title_are_no_clash():
    assert not _other_office(frozenset({"foreign", "minister"}), "minister",
                             _minister("foreign minister"))
    assert not _other_office(frozenset({"minister"}), "minister", _minister("home minister"))
    assert not _other_office(frozenset({"foreign", "minister"}), "minister", _minister())
