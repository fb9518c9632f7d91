"""Positions stated in relative clauses: the clause's own subject holds them, on the noun
the clause is said of (invented text)."""

from __future__ import annotations

import pytest

from stances_support import by_actor, open_stances


@pytest.mark.parametrize("text, holder, polarity, target", [
    ("Omar Dala said “talks can go further if the junta sends a senior delegation, which "
     "the Northern Front already agreed to.”", "Northern Front", "support", "senior delegation"),
    ("Mira Toldan welcomed the truce plan, which the Northern Front rejected on Monday.",
     "Northern Front", "oppose", "truce plan"),
    ("Lorvania says the rebels hide in the hills of Varessa, an accusation that both the "
     "Kelmar Alliance and the earlier rulers have rejected.", "Kelmar Alliance", "oppose",
     "accusation"),
])
def test_relative_clause_subject_holds_the_position(nlp, text, holder, polarity, target):
    [s] = by_actor(open_stances(nlp, text), holder)
    assert s.stance == polarity
    assert target in s.proposition


def test_relative_clause_position_is_not_the_reporters(nlp):
    text = ("Lorvania says the rebels hide in the hills of Varessa, an accusation that both "
            "the Kelmar Alliance and the earlier rulers have rejected.")
    stances = open_stances(nlp, text)
    assert not by_actor(stances, "Lorvania")
    assert all("rulers" not in s.actor for s in stances)  # no party a reader could follow


def test_complement_clause_of_a_report_is_no_relative(nlp):
    text = "The ministry cited reports that the rebels have agreed."
    assert not [s for s in open_stances(nlp, text) if s.stance != "neutral"]


@pytest.mark.parametrize("text, target", [
    ("Omar Dala said that if the envoy visits the islands, it would be a grave violation of "
     "the truce.", "envoy visit the islands"),
])
def test_verdict_on_this_judges_the_if_clause(nlp, text, target):
    [s] = by_actor(open_stances(nlp, text), "Omar Dala")
    assert s.stance == "oppose"
    assert s.proposition == target
