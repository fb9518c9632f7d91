"""Stances, round 10: holders found on real-style reports (invented text)."""

from __future__ import annotations

from stances_support import held_by as of
from stances_support import open_stances


def test_a_reporting_verb_misjoined_to_the_reported_clause_keeps_its_speaker(nlp):
    # the parser joins "added" to "signalled" (whose subject is "the ceremony"); the
    # demand is the spokesman's, not nobody's
    text = ("Arno Vesk, the spokesman for the Kelvan ruling Unity and Progress Party (UPP), said "
            "the ceremony signalled the start of a complete disarmament process, and added that "
            "more steps ought to come quickly \u201cin order to achieve a future without war.\u201d")
    [s] = of(open_stances(nlp, text), "Vesk")
    assert s.stance == "support"
    assert "come quickly" in s.proposition


def test_a_thing_subject_of_a_reported_clause_is_still_no_holder(nlp):
    text = "Ilse Marno said the report showed that the talks must resume in Ostrava."
    assert all("report" not in s.actor.lower() for s in open_stances(nlp, text))
