"""Occurrences, fifth round: lists the parse broke under "from", a bare surname joined to
a named person, "himself" told by "the <nationality> diplomat", and a mention whose
"between" names a new side (parley.nlp.events.parties, context, merge, occurrence).

Invented people; the states are real, so that names resolve.
"""

from __future__ import annotations

from events_support import occurrences


def of_kind(nlp, text: str, kind: str) -> list[dict]:
    return [e for e in occurrences(nlp, text) if e["kind"] == kind]


def sides(ev: dict) -> set[str]:
    return {*ev["actors"], *ev["recipients"], *ev["mediators"]}


def test_delegations_from_a_list_the_parse_broke_keep_its_last_member(nlp):
    text = "Delegations from Georgia, Armenia, Iran, and the UN are due to gather again next week."
    (ev,) = of_kind(nlp, text, "talks")
    assert {"Georgia", "Armenia", "Iran", "United Nations"} <= sides(ev)


def test_a_bare_surname_joined_to_a_president_is_a_counterpart(nlp):
    for place, nation, surname in (
        ("Tbilisi", "Georgian", "Kvaratskhelia"),
        ("Tashkent", "Uzbek", "Rakhimov"),
    ):
        text = (
            f"Envoy Paul Hendry held talks in {place} last week with {nation} President "
            f"Ivo Velasquez as well as {surname}."
        )
        (ev,) = of_kind(nlp, text, "talks")
        assert {"Ivo Velasquez", surname} <= set(ev["recipients"])


def test_a_country_joined_to_a_person_is_not_taken_for_a_surname(nlp):
    text = "Envoy Paul Hendry held talks with President Ivo Velasquez and Quito."
    (ev,) = of_kind(nlp, text, "talks")
    assert "Quito" not in sides(ev)


def test_himself_told_by_the_nationality_diplomat_is_the_minister_named_before(nlp):
    text = (
        "Chilean Foreign Minister Ivo Tamm met Perez on Monday. The Chilean diplomat stated "
        "that the talks between himself and Peruvian Foreign Minister Ana Lund-Pell ran for "
        "more than three hours."
    )
    talks = of_kind(nlp, text, "talks")
    assert talks, "the talks between himself and the minister are their own occurrence"
    assert {"Ivo Tamm", "Ana Lund-Pell"} <= sides(talks[-1])
    assert "Chile" not in talks[-1]["actors"]


def test_the_diplomat_stays_the_state_when_two_people_could_be_meant(nlp):
    text = (
        "Chilean Foreign Minister Ivo Tamm and Chilean Ambassador Rosa Vidal met Perez on "
        "Monday. The Chilean diplomat stated that the talks between himself and Peruvian "
        "Foreign Minister Ana Lund-Pell ran for more than three hours."
    )
    talks = of_kind(nlp, text, "talks")
    assert talks and "Ivo Tamm" not in talks[-1]["actors"]
    assert "Rosa Vidal" not in talks[-1]["actors"]


def test_a_call_about_something_with_someone_has_them_as_counterpart(nlp):
    text = (
        "Chile's envoy, Marta Ruiz, said the talks went well. Peru's commissioner, Ostap "
        "Kravets, said the prisoners were freed. Ruiz said she had discussed a new exchange "
        "with Kravets by telephone on Sunday."
    )
    (ev,) = of_kind(nlp, text, "call")
    assert ev["actors"] == ["Marta Ruiz"] and "Ostap Kravets" in ev["recipients"]


def test_talks_ruled_out_with_someone_do_not_make_them_a_counterpart(nlp):
    text = "Marta Ruiz ruled out direct talks with President Ivo Velasquez."
    (ev,) = of_kind(nlp, text, "rejection")
    assert ev["actors"] == ["Marta Ruiz"] and "Ivo Velasquez" not in ev["recipients"]


def test_a_sides_negotiators_count_for_that_side_among_the_principal_ones(nlp):
    text = (
        "The Tupac Front's negotiators said they would attend. They asked for guarantees "
        "from Peru, and they want a monitor. Peru said it was ready. A bilateral ten-month "
        "ceasefire will go alongside the talks."
    )
    (ev,) = of_kind(nlp, text, "ceasefire")
    assert set(ev["actors"]) == {"Tupac Front", "Peru"}
