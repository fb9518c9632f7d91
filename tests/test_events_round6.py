"""Occurrences, sixth round: weekdays of clauses told in the past, particles parsed as
adverbs, shots fired at a target, extended truces, hosts and facilitators, places cut from
a group's name (parley.nlp.events).

Invented people and places; the states are real, so that names resolve.
"""

from __future__ import annotations

from events_support import occurrences

# PUBLISHED is Wednesday 2025-03-12: the past Friday is 03-07, the coming one 03-14.


def of_kind(nlp, text: str, kind: str) -> list[dict]:
    return [e for e in occurrences(nlp, text) if e["kind"] == kind]


def sides(ev: dict) -> set[str]:
    return {*ev["actors"], *ev["recipients"], *ev["mediators"]}


def test_a_weekday_on_the_announcement_is_the_past_one(nlp):
    text = (
        "The Sudanese army announced on Friday evening that it would send negotiators "
        "to Jeddah for talks with the Rapid Support Forces."
    )
    (ev,) = of_kind(nlp, text, "envoy")
    assert ev["status"] == "planned"
    assert ev["date"] == "2025-03-07"


def test_a_weekday_of_a_plan_is_still_the_coming_one(nlp):
    text = "The Sudanese army said it would send negotiators to Jeddah on Friday."
    (ev,) = of_kind(nlp, text, "envoy")
    assert ev["date"] == "2025-03-14"


def test_talks_suspended_on_a_weekday_are_dated_by_the_past_weekday(nlp):
    text = "Talks between Armenia and Azerbaijan in Almaty were suspended on Tuesday."
    (ev,) = of_kind(nlp, text, "talks")
    assert ev["date"] == "2025-03-11"


def test_missiles_fired_at_a_target_far_from_the_verb_are_a_strike(nlp):
    text = "Iran fired two missiles on Thursday at a tanker sailing south of the strait."
    kinds = {e["kind"] for e in occurrences(nlp, text)}
    assert "strike" in kinds and "drill" not in kinds


def test_missiles_fired_into_the_sea_stay_a_drill(nlp):
    text = "North Korea fired two missiles into the sea on Thursday."
    (ev,) = occurrences(nlp, text)
    assert ev["kind"] == "drill"
