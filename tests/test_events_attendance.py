"""A meeting named by who it is "of" (parley.nlp.events.attendance; invented text):
"a meeting of the two countries' army chiefs", "a meeting of those he sees as key,
namely A, B and C"."""

from __future__ import annotations

from events_support import occurrences


def _meetings(nlp, text: str) -> list[dict]:
    return [e for e in occurrences(nlp, text) if e["kind"] in ("meeting", "talks")]


def _sides(ev: dict) -> set[str]:
    return set(ev["actors"]) | set(ev["recipients"])


def test_a_meeting_of_the_two_countries_chiefs_is_held_by_the_pair_named_before(nlp):
    text = (
        "Brazil welcomed Chile and Peru's joint pledge to respect the border truce.\n\n"
        "Hours after a note was issued on a meeting of the two countries' army chiefs, "
        "the Brazilian foreign ministry praised the pledge."
    )
    (meeting,) = _meetings(nlp, text)
    assert _sides(meeting) == {"Chile", "Peru"}
    assert "army chiefs" in meeting["evidence"]["text"]


def test_a_meeting_of_the_foreign_ministers_of_two_states(nlp):
    text = "Officials said a meeting of the foreign ministers of Chile and Peru took place."
    (meeting,) = _meetings(nlp, text)
    assert {"Chile", "Peru"} <= _sides(meeting)


def test_a_meeting_called_for_among_a_named_list_is_planned_and_convened_by_the_caller(nlp):
    text = (
        "Envoy Marta Delvaux called for a three-way meeting of those she views as the key "
        "players, namely Premier Oskar Brandel, Senator Ilse Marrow and General Petr Vasko."
    )
    (meeting,) = _meetings(nlp, text)
    assert meeting["status"] == "planned"
    assert {"Oskar Brandel", "Ilse Marrow", "Petr Vasko"} <= _sides(meeting)
    assert meeting["mediators"] == ["Marta Delvaux"]


def test_a_meeting_of_one_body_names_no_sides(nlp):
    text = (
        "Chile and Peru traded accusations on Monday.\n\n"
        "The dispute was raised at a meeting of the Security Council."
    )
    assert not any({"Chile", "Peru"} <= _sides(e) for e in _meetings(nlp, text))


def test_a_meeting_of_uncounted_ministers_names_no_sides(nlp):
    text = (
        "Chile and Peru traded accusations on Monday.\n\n"
        "A meeting of ministers discussed the budget."
    )
    assert not any({"Chile", "Peru"} <= _sides(e) for e in _meetings(nlp, text))


def test_the_meeting_of_a_board_that_opens_on_monday_is_the_boards_and_ahead(nlp):
    text = (
        "Chile's envoy, Ramon Iturbe, warned against a resolution on Peru at the meeting of "
        "the Pacific Fisheries Board of Governors that opens on Monday."
    )
    (meeting,) = _meetings(nlp, text)
    assert any("Board" in n for n in meeting["actors"])
    assert meeting["status"] == "planned"
    assert meeting["date"] == "2025-03-17"  # the Monday after the Wednesday of publication


def test_a_meeting_of_one_person_is_no_body_meeting(nlp):
    text = "Chile's envoy spoke at the meeting of Ramon Iturbe's supporters on Monday."
    assert not any("Ramon Iturbe" in e["actors"] for e in _meetings(nlp, text))


def test_a_minister_meeting_two_states_makes_his_own_state_one_of_the_sides_after(nlp):
    text = (
        "Chile's Foreign Minister Ramona Iturra said on Wednesday that the Lima meetings "
        "held with senior officials of Peru and Bolivia had gone well.\n\n"
        "Two more meetings are to take place in Lima by invitation from the Andean "
        "Development Fund, she said."
    )
    later = [e for e in _meetings(nlp, text) if e["status"] == "planned"]
    assert later and {"Chile", "Peru", "Bolivia"} <= _sides(later[0])


def test_meetings_of_a_minister_with_two_states_in_a_third_capital_are_hosted_there(nlp):
    text = (
        "Chile's Foreign Minister Ramona Iturra said on Wednesday that the Quito meetings "
        "held with senior officials of Peru and Bolivia had gone well."
    )
    (meeting,) = _meetings(nlp, text)
    assert "Ecuador" in meeting["mediators"]


def test_two_people_meeting_in_a_third_capital_have_no_host(nlp):
    text = "Chile's Foreign Minister Ramona Iturra met Peru's Tomas Quilla in Quito on Monday."
    (meeting,) = _meetings(nlp, text)
    assert "Ecuador" not in meeting["mediators"]
