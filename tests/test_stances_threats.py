"""Threats of retaliation state opposition to their condition (invented text)."""

from __future__ import annotations

import pytest

from stances_support import by_actor, open_stances


@pytest.mark.parametrize("text, holder, target", [
    ("Lorvania warned that it would retaliate if Varessa deployed troops on the border.",
     "Lorvania", "Varessa deploy troops on the border"),
    ("Edvard Kasko said Lorvania would respond firmly should the envoy visit the disputed "
     "islands.", "Edvard Kasko", "envoy visit the disputed islands"),
    ('"Should anyone dare to interfere in Lorvania\'s affairs, Lorvania will strike back '
     'hard," the ministry said.', "Lorvania", "anyone dare to interfere in Lorvania's affairs"),
    ("Edvard Kasko warned of serious consequences if the parliament approved the treaty.",
     "Edvard Kasko", "parliament approve the treaty"),
    ("Lorvania cautioned on Tuesday that “firm countermeasures” would follow should a meeting "
     "take place between Speaker Anton Bry and Varessan President Mira Toldan.", "Lorvania",
     "meeting between Speaker Anton Bry and Varessan President Mira Toldan"),
])
def test_threat_opposes_its_condition(nlp, text, holder, target):
    [s] = by_actor(open_stances(nlp, text), holder)
    assert s.stance == "oppose" and s.condition is None
    assert s.proposition == target


def test_response_to_a_proposal_is_no_threat(nlp):
    text = "Edvard Kasko said Lorvania would respond to the proposal if it were sent in writing."
    assert all(s.stance != "oppose" for s in open_stances(nlp, text))


@pytest.mark.parametrize("text, holder, target", [
    ("Omar Dala said that publishing the list would put at risk the ongoing talks to free the "
     "rest of the hostages.", "Omar Dala", "publish the list"),
    ("Edvard Kasko warned that sending more troops would undermine the peace process.",
     "Edvard Kasko", "send more troops"),
])
def test_act_said_to_harm_is_opposed(nlp, text, holder, target):
    [s] = by_actor(open_stances(nlp, text), holder)
    assert s.stance == "oppose"
    assert s.proposition == target


def test_noun_said_to_harm_is_no_position(nlp):
    text = "Edvard Kasko said the sanctions would jeopardise the talks."
    assert not by_actor(open_stances(nlp, text), "Edvard Kasko")
