"""Open-target stances, fourth round: targets the parse leaves implicit (invented text)."""

from __future__ import annotations

from stances_support import by_actor as of
from stances_support import open_stances


def test_bare_sign_acts_on_the_proposal_named_in_its_sentence(nlp):
    text = ("Varessan envoy Odile Marchetti told reporters Varessa would sign only if the "
            "border accord set a date for the return of refugees.")
    [s] = open_stances(nlp, text)
    assert s.stance == "conditional" and s.cue.text == "sign"
    assert s.proposition == "sign border accord"
    assert s.condition.startswith("the border accord set a date")


def test_bare_sign_acts_on_the_proposal_named_before(nlp):
    text = ("The mediators circulated a draft peace accord on Tuesday. "
            "Lorvanian negotiator Edvard Kasko said Lorvania would not sign.")
    [s] = of(open_stances(nlp, text), "Edvard Kasko")
    assert s.stance == "oppose"
    assert "peace accord" in s.proposition


def test_sign_with_its_object_keeps_it(nlp):
    text = "Edvard Kasko said Lorvania was ready to sign the grain protocol."
    [s] = of(open_stances(nlp, text), "Edvard Kasko")
    assert "grain protocol" in s.proposition


def test_infinitive_after_a_to_object_is_a_purpose(nlp):
    text = ("Karel Dvin said the movement had agreed to the truce extension "
            "\u201cto protect our families,\u201d but warned it could end.")
    [s] = [x for x in of(open_stances(nlp, text), "Karel Dvin") if x.stance == "support"]
    assert "extension" in s.proposition and "protect" not in s.proposition


def test_infinitive_after_an_addressee_is_still_the_target(nlp):
    text = "Mira Toldan appealed to the rebels to lay down their weapons."
    [s] = of(open_stances(nlp, text), "Mira Toldan")
    assert "lay down" in s.proposition or "weapons" in s.proposition


def test_refusal_in_a_relative_clause_is_on_what_the_noun_is_said_of(nlp):
    text = ('Minister Tomas Varga told reporters that control of the river port was '
            '"a right we will never negotiate away."')
    stances = [s for s in of(open_stances(nlp, text), "Tomas Varga") if s.stance == "oppose"]
    assert stances, "the refusal is read"
    assert "river port" in stances[0].proposition
    assert stances[0].proposition.startswith("negotiate away")


def test_going_back_without_a_destination_is_to_the_talks_named(nlp):
    text = ("Varessan negotiators stayed away from the border talks in Ostrava on Tuesday, "
            "and President Nenad Kovar said they would not go back until the rule was frozen.")
    [s] = of(open_stances(nlp, text), "Nenad Kovar")
    assert s.stance == "conditional"
    assert s.proposition.startswith("go back to") and "border talks" in s.proposition


def test_which_after_a_denial_stands_for_the_clause(nlp):
    text = "Two governments accuse Varessa of arming and training the rebels, which Varessa denies."
    [s] = of(open_stances(nlp, text), "Varessa")
    assert s.stance == "oppose"
    assert "accuse" in s.proposition and "arming" in s.proposition


def test_that_idea_is_what_the_sentence_before_reports(nlp):
    text = ("Edvard Kasko said Lorvania would never give up control of its ports. But he said "
            "Lorvania could accept a corridor open to Varessan trucks provided that it stayed "
            "under Lorvanian customs control. Varessan minister Odile Marchetti rejected that idea.")
    [s] = of(open_stances(nlp, text), "Odile Marchetti")
    assert s.stance == "oppose" and "corridor" in s.proposition


def test_an_intention_keeps_a_subject_that_is_a_thing(nlp):
    text = "Odile Marchetti said the talks would resume only when the captives were freed."
    [s] = of(open_stances(nlp, text), "Odile Marchetti")
    assert s.stance == "conditional" and s.proposition == "talks resume"
    text = "Karel Dvin said the group would free all the detainees only if Lorvania ended the shelling."
    [s] = of(open_stances(nlp, text), "Karel Dvin")
    assert s.proposition == "free all the detainees"


def test_a_clause_position_wins_over_a_participle_added_to_it(nlp):
    text = ("Rebel spokesman Karel Dvin said the rebels would never hand the dam back, "
            "rejecting the government's demand that they leave the valley.")
    [s] = of(open_stances(nlp, text), "Karel Dvin")
    assert s.stance == "oppose" and "dam" in s.proposition
