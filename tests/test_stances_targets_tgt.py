"""Open-stance targets, round 9: pointing targets resolved to what the article named before,
with the target's offsets kept on the words as written (invented text)."""

from __future__ import annotations

from stances_support import held_by as of
from stances_support import open_stances


def test_a_demonstrative_inside_a_target_takes_the_fuller_earlier_mention(nlp):
    text = ("Envoys met in Ostrava on Monday to prepare the second phase of the Kelva truce. "
            "Varessan Defence Minister Ilse Marno said Varessa would not move to that phase.")
    [s] = of(open_stances(nlp, text), "Marno")
    assert "second phase of the Kelva truce" in s.proposition
    assert s.target is not None and s.target.text.endswith("that phase")
    assert text[s.target.start:s.target.end] == s.target.text


def test_a_bare_noun_keeps_the_relative_clause_that_says_which_one(nlp):
    text = "Lorvanian Prime Minister Edvard Kasko said Lorvania would never accept a truce that left the rebels in the capital."
    [s] = of(open_stances(nlp, text), "Kasko")
    assert s.stance == "oppose"
    assert "left the rebels in the capital" in s.proposition


def test_a_relative_clause_after_a_comma_stays_cut(nlp):
    text = "Lorvanian Prime Minister Edvard Kasko said Lorvania would never accept a truce, which the rebels had offered in May."
    [s] = of(open_stances(nlp, text), "Kasko")
    assert "offered" not in s.proposition


def test_the_accusation_is_what_the_accuser_said_the_accused_did(nlp):
    text = ("Prosecutors accused the rebels of taxing the tin trade in the mining town of Kelva. "
            "The rebel leader, Arno Vesk, rejected the accusation.")
    [s] = of(open_stances(nlp, text), "Vesk")
    assert s.proposition.startswith("taxing the tin trade")
    assert s.target.text == "the accusation"


def test_going_back_to_a_place_is_going_back_to_the_talks_held_there(nlp):
    text = ("Varessa called off a round of border talks with Lorvania that was due in Vienna. "
            "Karen Holloway, a spokeswoman for Varessa, said the sanctions would stay. "
            "She said Varessa was ready to return to Vienna at any time.")
    found = [s for s in open_stances(nlp, text) if s.proposition.startswith("return")]
    assert found and "talks" in found[0].proposition and "Vienna" in found[0].proposition


def test_a_passive_target_keeps_its_participle(nlp):
    text = "Varessan Foreign Minister Ilse Marno said Varessa will not accept being landlocked forever."
    [s] = of(open_stances(nlp, text), "Marno")
    assert "landlocked" in s.proposition


def test_a_decision_carries_what_was_decided(nlp):
    text = "Lorvanian Prime Minister Edvard Kasko welcomed the decision to reopen the Kelva border crossing."
    [s] = of(open_stances(nlp, text), "Kasko")
    assert s.proposition.startswith("reopen the Kelva border crossing")


def test_this_agreement_is_what_the_sides_agreed_on(nlp):
    text = ("Delegates from Varessa and Lorvania agreed on Thursday on the main rules for a "
            "border census after four days of talks in Ostrava. "
            "\"Now the council must protect this agreement from those who want it to fail,\" "
            "Lorvanian envoy Edvard Kasko told reporters.")
    [s] = of(open_stances(nlp, text), "Kasko")
    assert "main rules for a border census" in s.proposition
    assert "this agreement" in s.target.text


def test_a_conjoined_clause_with_its_own_subject_is_cut(nlp):
    text = ("Varessa's foreign ministry said that it would not recognise the tribunal's "
            "jurisdiction, and that the Kelva vote was a matter for Varessans alone.")
    found = [s for s in open_stances(nlp, text) if "jurisdiction" in s.proposition]
    assert found and "vote" not in found[0].proposition


def test_conjoined_verbs_of_one_target_keep_their_and(nlp):
    text = "Lorvanian Prime Minister Edvard Kasko urged both sides to show restraint and keep the border roads open."
    [s] = of(open_stances(nlp, text), "Kasko")
    assert "restraint and keep the border roads open" in s.proposition


def test_a_purpose_after_the_object_stays_in_the_target(nlp):
    text = ("Lorvanian Prime Minister Edvard Kasko called on the regional bloc to send monitors "
            "to verify the departure of Varessan units from the border.")
    [s] = of(open_stances(nlp, text), "Kasko")
    assert "to verify the departure of Varessan units" in s.proposition
