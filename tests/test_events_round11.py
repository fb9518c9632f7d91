"""Round 11 of issue 16 (events): phrasings of real news reports (pipeline, invented text)."""

from __future__ import annotations

from events_support import occurrences


def _kinds(found: list[dict], *kinds: str) -> list[dict]:
    return [e for e in found if e["kind"] in kinds]


# -- a commitment schedules the act it names, not what a phrase inside it refers to --------


def test_undertaking_to_free_captives_is_a_planned_release(nlp):
    text = (
        "The Northern Front's negotiators, headed by Arno Delvik, further undertook to free "
        "three soldiers held by them in the south, the mediators said."
    )
    (release,) = _kinds(occurrences(nlp, text), "exchange")
    assert release["status"] == "planned"


def test_a_pledge_after_a_meeting_leaves_the_meeting_held(nlp):
    text = (
        "The foreign ministers of Venezuela and Guyana pledged on Wednesday to keep their "
        "dispute free of violence after a meeting at the Itamaraty Palace hosted by Brazil."
    )
    meetings = _kinds(occurrences(nlp, text), "meeting")
    assert meetings and all(m["status"] == "happened" for m in meetings)


# -- a time clause in the past tells what happened ---------------------------------------


def test_a_trip_in_a_past_once_clause_is_a_visit(nlp):
    text = (
        "Beijing held massive war games around the island once Senator Mara Kellin had "
        "made a trip to Taiwan last August."
    )
    (visit,) = _kinds(occurrences(nlp, text), "visit")
    assert visit["status"] == "happened"
    assert visit["actors"] == ["Mara Kellin"]


def test_a_release_awaited_by_once_is_still_no_release(nlp):
    text = "Velora said it would resume the talks once Kenya freed the eleven sailors."
    assert _kinds(occurrences(nlp, text), "exchange") == []


# -- captives known by what was done to them; "set free" ---------------------------------


def test_freeing_abducted_passengers_is_a_release(nlp):
    text = "The Northern Front set free 11 abducted train passengers on Saturday."
    (release,) = _kinds(occurrences(nlp, text), "exchange")
    assert release["actors"] == ["Northern Front"]
    assert release["date"] == "2025-03-08"


def test_releasing_kidnapped_workers_is_a_release_but_a_statement_is_not(nlp):
    text = (
        "The Northern Front released three kidnapped aid workers on Monday. The ministry "
        "released a detailed statement on Tuesday."
    )
    assert len(_kinds(occurrences(nlp, text), "exchange")) == 1


# -- an interview told as a passive participle --------------------------------------------


def test_said_while_being_interviewed_for_an_outlet_is_an_interview(nlp):
    text = (
        '"We were very close to a deal," Senator Mara Kellin said while being interviewed '
        "for Channel Nine News on Sunday."
    )
    (interview,) = _kinds(occurrences(nlp, text), "interview")
    assert interview["actors"] == ["Mara Kellin"]
    assert any("Channel Nine" in r for r in interview["recipients"])


# -- "received" someone, not something; a show hosted is no meeting ----------------------


def test_receiving_a_thing_is_no_meeting(nlp):
    text = (
        "Arno Delvik said the war would receive an “Official END” at the 24-hour point. "
        "President Ilvo Marsten received a delegation from Armenia on Monday."
    )
    meetings = _kinds(occurrences(nlp, text), "meeting")
    assert len(meetings) == 1 and meetings[0]["actors"] == ["Ilvo Marsten"]


def test_a_panel_hosted_by_a_think_tank_is_no_meeting(nlp):
    text = (
        "The incursions, Foreign Minister Arno Delvik said at a panel on Monday hosted in "
        "Washington by the Atlantic Council think tank, were a breach of sovereignty."
    )
    assert _kinds(occurrences(nlp, text), "meeting") == []


# -- a meeting told by who it is held with -----------------------------------------------


def test_a_dinner_held_with_named_guests_in_attendance(nlp):
    text = (
        "The government is awaiting word on when the planned informal dinner will be held "
        "with President Nikos Varela, United Nations Secretary-General Antonio Ferris, as "
        "well as Turkish Cypriot leader Ersin Kaplan in attendance, a spokesman said."
    )
    (dinner,) = _kinds(occurrences(nlp, text), "meeting")
    assert dinner["status"] == "planned"
    named = dinner["actors"] + dinner["recipients"] + dinner["mediators"]
    assert {"Nikos Varela", "Antonio Ferris", "Ersin Kaplan"} <= set(named)


# -- signing idioms; "in this city" is the dateline's -------------------------------------


def test_putting_names_to_a_declaration_in_this_city_is_a_signing_there(nlp):
    text = (
        "DOHA, July 19 (Wire) -- On Saturday in this city, the Congolese government and the "
        "rebels of the M23 put their names to a declaration of principles."
    )
    (signing,) = _kinds(occurrences(nlp, text), "signing")
    assert signing["place"] == "Doha"
    assert "M23" in signing["actors"]


def test_inking_a_deal_is_a_signing(nlp):
    found = occurrences(nlp, "Armenia and Azerbaijan inked a peace deal on Monday.")
    assert len(_kinds(found, "signing")) == 1


# -- "played host to"; a plan told as the first one ---------------------------------------


def test_playing_host_to_talks_makes_the_host_a_go_between(nlp):
    text = "Norway played host to talks between Armenia and Azerbaijan on Monday."
    (talks,) = _kinds(occurrences(nlp, text), "talks")
    assert talks["mediators"] == ["Norway"]
    assert set(talks["actors"]) == {"Armenia", "Azerbaijan"}


def test_talks_originally_set_for_a_day_were_called_off_that_day(nlp):
    text = (
        "Secretary of State Ilvo Marsten was originally set to play host to the talks "
        "between Armenia and Azerbaijan on November 20."
    )
    (talks,) = _kinds(occurrences(nlp, text), "talks")
    assert talks["status"] == "cancelled"
    assert talks["date"] == "2024-11-20"
    assert talks["mediators"] == ["Ilvo Marsten"]


def test_guessed_sides_of_hosted_talks_are_not_the_hosts_state(nlp):
    text = (
        "U.S. Secretary of State Ilvo Marsten was originally set to play host to the talks "
        "on November 20. Eritrea called them off over remarks by a U.S. official. The "
        "United States said it would keep working with Ethiopia and Eritrea, and the "
        "United States remained hopeful, a U.S. spokesman said. The Ethiopian government "
        "said it was ready."
    )
    talks = [e for e in _kinds(occurrences(nlp, text), "talks") if e["status"] == "cancelled"]
    assert len(talks) == 1
    assert "United States" not in talks[0]["actors"]
    assert "Eritrea" in talks[0]["actors"] and any("Ethiopia" in a for a in talks[0]["actors"])
    assert talks[0]["mediators"] == ["Ilvo Marsten"]


# -- counted rounds were held ------------------------------------------------------------


def test_counted_rounds_alluded_to_are_talks(nlp):
    text = (
        "Bhutan and Nepal have pulled troops back from the ridge. The foreign minister "
        "said he was alluding to 15 rounds of negotiations among military commanders."
    )
    (talks,) = _kinds(occurrences(nlp, text), "talks")
    assert talks["status"] == "happened"


def test_days_of_meetings_a_trip_is_for_are_no_meetings(nlp):
    text = (
        "Washington's special representative, Daniel Whitcombe, arrived in Seoul on Monday "
        "for three days of meetings with South Korean officials."
    )
    assert _kinds(occurrences(nlp, text), "meeting") == []


def test_talks_with_a_state_as_mediator_have_it_as_go_between(nlp):
    text = "Armenia and Azerbaijan held talks in Doha on Monday with Qatar as mediator."
    (talks,) = _kinds(occurrences(nlp, text), "talks")
    assert talks["mediators"] == ["Qatar"]
    assert "Qatar" not in talks["actors"] + talks["recipients"]
