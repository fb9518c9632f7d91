"""One process, many mentions (parley.nlp.events.process) and places read back ("there").

Invented people and towns; the states are real, so that demonyms and capitals resolve.
"""

from __future__ import annotations

from events_support import occurrences


def test_a_later_round_between_the_same_sides_keeps_the_mediator(nlp):
    text = (
        "Chile and Bolivia held talks in Asuncion on Monday, with Paraguay as mediator. "
        "Officials said the sides were close to a deal on water rights. "
        "Chile and Bolivia will hold further talks in Lima on March 20."
    )
    first, later = [e for e in occurrences(nlp, text) if e["kind"] == "talks"]
    assert first["mediators"] == ["Paraguay"]
    assert later["mediators"] == ["Paraguay"] and later["status"] == "planned"


def test_a_go_between_named_in_a_sentence_of_its_own_mediates_the_talks(nlp):
    text = (
        "Chilean and Bolivian delegations held talks in Santiago on Monday. "
        "Paraguayan officials shuttled between the two delegations for six hours."
    )
    (talks,) = [e for e in occurrences(nlp, text) if e["kind"] == "talks"]
    assert talks["actors"] == ["Chile", "Bolivia"]
    assert talks["mediators"] == ["Paraguay"]


def test_people_meeting_people_take_no_process_mediator(nlp):
    text = (
        "Chile and Bolivia held talks in Lima on Monday, with Paraguay as mediator. "
        "Chilean minister Tomas Arriagada met Bolivian minister Raul Quispe on Tuesday."
    )
    (meeting,) = [e for e in occurrences(nlp, text) if e["kind"] == "meeting"]
    assert meeting["mediators"] == []


def test_delegations_meeting_hold_talks(nlp):
    text = "Chile and Bolivia held talks on Monday. The negotiators are due to meet again in May."
    kinds = [e["kind"] for e in occurrences(nlp, text)]
    assert kinds == ["talks", "talks"]


def test_there_is_the_place_named_before(nlp):
    text = (
        "A spokesman told reporters in Santiago that talks between Chile and Bolivia "
        "would begin there next week."
    )
    (talks,) = [e for e in occurrences(nlp, text) if e["kind"] == "talks"]
    assert talks["place"] == "Santiago" and talks["status"] == "planned"


def test_a_particle_read_as_a_preposition_still_makes_the_phrasal_verb(nlp):
    text = "Chile called in the Bolivian ambassador on Friday. Peru called in Lima for calm."
    kinds = [(e["kind"], e["actors"]) for e in occurrences(nlp, text) if e["kind"] != "demand"]
    assert kinds == [("meeting", ["Chile"])]


def test_meetings_held_with_sides_name_them_and_the_city_is_the_place(nlp):
    text = (
        "The Lima meetings held with senior representatives of Chile and Bolivia "
        "ended without a deal."
    )
    (ev,) = [e for e in occurrences(nlp, text) if e["kind"] == "meeting"]
    assert ev["actors"] == ["Chile", "Bolivia"] and ev["place"] == "Lima"


def test_talks_held_on_the_sidelines_are_an_occurrence(nlp):
    text = (
        "Tomas Arriagada said after talks with Bolivian President Raul Quispe held on the "
        "sidelines of the summit that he was hopeful."
    )
    (ev,) = [e for e in occurrences(nlp, text) if e["kind"] == "talks"]
    assert ev["actors"] == ["Tomas Arriagada"] and ev["recipients"] == ["Raul Quispe"]


def test_a_boycott_is_when_and_where_the_boycotted_talks_were(nlp):
    text = (
        "Bolivia boycotted talks with Chile convened by the Andean Community in Lima on Saturday."
    )
    (ev,) = [e for e in occurrences(nlp, text) if e["kind"] == "boycott"]
    assert (ev["date"], ev["place"]) == ("2025-03-08", "Lima")


def test_talks_put_off_are_dated_by_their_schedule_not_the_postponement(nlp):
    text = (
        "Peru's government on Friday postponed the next round of talks with the rebels, "
        "due to open in Quito on May 20, after the rebels seized two soldiers."
    )
    (ev,) = [e for e in occurrences(nlp, text, "2024-05-10") if e["kind"] == "talks"]
    assert (ev["status"], ev["date"], ev["place"]) == ("cancelled", "2024-05-20", "Quito")


def test_a_month_day_first_set_and_then_put_back_is_the_one_just_gone(nlp):
    text = (
        "The signing of the Chile-Peru agreement, first set for June 2 in Lima, has been "
        "pushed back to July, the presidency said on Friday. "
        "Chile and Peru had agreed to a peace deal in April."
    )
    (ev,) = [e for e in occurrences(nlp, text, "2026-06-19") if e["kind"] == "signing"]
    assert (ev["status"], ev["date"]) == ("cancelled", "2026-06-02")


def test_ministers_meeting_for_hosted_talks_are_one_occurrence_the_talks(nlp):
    text = (
        "The foreign ministers of Chile and Peru met in Lima on Wednesday for talks hosted "
        "by Ecuadorian Foreign Minister Rosa Andrade."
    )
    (ev,) = occurrences(nlp, text)
    assert ev["kind"] == "talks" and ev["actors"] == ["Chile", "Peru"]
    assert (ev["place"], ev["date"], ev["mediators"]) == ("Lima", "2025-03-12", ["Rosa Andrade"])
