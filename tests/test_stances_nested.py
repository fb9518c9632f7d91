"""Stances in nested reported speech: the inner speaker's undertaking is theirs (invented text)."""

from __future__ import annotations

from stances_support import held_by as of
from stances_support import open_stances


def test_an_undertaking_the_speaker_was_told_of_is_the_teller_s(nlp):
    text = ("Earlier, at a dinner with Prime Minister Hollis Verne in Castelmar, President Arlo "
            "Denk said the Velari informed them they will not be carrying out further "
            "raids on fishing boats, according to a local paper.")
    found = open_stances(nlp, text)
    assert not of(found, "Denk"), [(s.actor, s.stance) for s in found]
    [s] = of(found, "Velari")
    assert s.stance == "oppose"
    assert "raids on fishing boats" in s.proposition


def test_the_speaker_keeps_what_they_report_of_their_own_side(nlp):
    # "X said Israel would not agree" stays X's position: no inner verb of telling
    text = "Foreign Minister Halvard Tennoe said Norway would never accept a tariff on salmon."
    assert of(open_stances(nlp, text), "Tennoe")


def test_to_reciprocate_by_doing_something_is_a_commitment_to_it(nlp):
    text = ("Foreign Minister Halvard Tennoe said the rebels had stopped their raids and Norway "
            "will reciprocate by halting patrols near the border.")
    found = [s for s in open_stances(nlp, text) if "halting patrols" in s.proposition]
    assert found and found[0].stance == "support", [(s.actor, s.proposition) for s in found]


def test_the_group_another_speaker_reports_on_holds_its_own_undertaking(nlp):
    text = ("Malta announced a truce between Cyprus and Hezbollah, after President Arlo Denk "
            "said the group will not be carrying out raids on fishing boats.")
    found = [s for s in open_stances(nlp, text) if "raids" in s.proposition]
    assert found and all(s.actor == "Hezbollah" for s in found), [(s.actor, s.proposition) for s in found]


def test_the_group_of_the_speaker_s_own_description_stays_the_speaker_s(nlp):
    text = ("Brel Askon, a senior Hezbollah official, said the group would free the captives "
            "only if Cyprus ended its raids.")
    found = open_stances(nlp, text)
    assert not any(s.actor == "Hezbollah" for s in found), [(s.actor, s.proposition) for s in found]
