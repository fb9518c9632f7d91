"""Occurrences (issue 16): talks, swaps, truces, strikes... with every side by role, status,
date and place (parley.nlp.events.occurrence, parties, status, when, merge).

Invented people and towns; the states are real, so that demonyms and capitals resolve.
"""

from __future__ import annotations

import pytest

from events_support import occurrences


def only(nlp, text: str, kind: str) -> dict:
    found = [e for e in occurrences(nlp, text) if e["kind"] == kind]
    assert len(found) == 1, occurrences(nlp, text)
    return found[0]


# (text, kind, actors, recipients, mediators, status, place, date)
# fmt: off
CASES = [
    ("Iranian and Omani negotiators held indirect talks in Muscat on Saturday.",
     "talks", ["Iran", "Oman"], [], [], "happened", "Muscat", "2025-03-08"),
    ("Talks between the chief negotiators of Chile and Peru ended in Lima late on Monday.",
     "talks", ["Chile", "Peru"], [], [], "happened", "Lima", "2025-03-10"),
    ("Peru has called off a third round of talks with Chile that was due in Santiago on Thursday.",
     "talks", ["Peru"], ["Chile"], [], "cancelled", "Santiago", "2025-03-13"),
    ("Peru has called off a third round of talks with Chile that was due in Santiago on Thursday.",
     "boycott", ["Peru"], [], [], "happened", "Santiago", None),
    ("A Ghanaian delegation arrived in Accra on Monday for talks with Nigerian and Beninese mediators.",
     "talks", ["Ghana"], [], ["Nigeria", "Benin"], "happened", "Accra", "2025-03-10"),
    ("Chile and Bolivia each freed 40 prisoners on Monday in an exchange mediated by Brazil.",
     "exchange", ["Chile", "Bolivia"], [], ["Brazil"], "happened", None, "2025-03-10"),
    ("Chile and Bolivia agreed on Thursday to extend their ceasefire until April 30.",
     "extension", ["Chile", "Bolivia"], [], [], "happened", None, "2025-03-06"),  # agreed: last Thursday
    ("The army chiefs of Chile and Peru spoke over their hotline on Tuesday.",
     "call", ["Chile", "Peru"], [], [], "happened", None, "2025-03-11"),
    ("Bolivian warplanes struck Peruvian positions near the town of Ollagua on Sunday.",
     "strike", ["Bolivia"], ["Peru"], [], "happened", "Ollagua", "2025-03-09"),
    ("Veronika Strand told state television on Monday that the talks had been useful.",
     "interview", ["Veronika Strand"], ["state television"], [], "happened", None, "2025-03-10"),
    ("Peru boycotted talks with Chile convened by Ecuador in Quito on Saturday.",
     "talks", ["Peru"], ["Chile"], ["Ecuador"], "happened", "Quito", "2025-03-08"),
    ("Bolivia said it had withdrawn its troops from the town of Ollagua on Monday.",
     "withdrawal", ["Bolivia"], [], [], "happened", "Ollagua", "2025-03-10"),
    ("Ecuador will send its special envoy, Marta Quillen, to Lima next week.",
     "envoy", ["Ecuador"], ["Peru"], [], "planned", "Lima", "2025-03-17"),
    ("Peruvian Foreign Minister Ana Velarde is due to visit Santiago on Friday.",
     "visit", ["Ana Velarde"], ["Chile"], [], "planned", "Santiago", "2025-03-14"),
    ("Chile and Peru signed a fisheries protocol at the presidential palace in Lima on Tuesday.",
     "signing", ["Chile", "Peru"], [], [], "happened", "Lima", "2025-03-11"),
    ("Foreign Minister Ana Velarde discussed the border by telephone with Luis Quispe on Monday.",
     "call", ["Ana Velarde"], ["Luis Quispe"], [], "happened", None, "2025-03-10"),
    ("Chilean and Peruvian delegations held two days of talks at a Quito hotel last week.",
     "talks", ["Chile", "Peru"], [], ["Ecuador"], "happened", "Quito", "2025-03-03"),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "kind", "actors", "recipients", "mediators", "status", "place", "date"), CASES
)
def test_occurrence_sides_status_place_and_date(
    nlp, text, kind, actors, recipients, mediators, status, place, date
):
    ev = only(nlp, text, kind)
    assert (ev["actors"], ev["recipients"], ev["mediators"]) == (actors, recipients, mediators)
    assert (ev["status"], ev["place"], ev["date"]) == (status, place, date)
    assert text[ev["evidence"]["start"] : ev["evidence"]["end"]] == ev["evidence"]["text"]


@pytest.mark.parametrize(
    "text",
    [
        "Talks on the border have not resumed.",  # negated
        "The possibility of talks between Chile and Peru remains remote.",  # a topic
        "The talks are expected to cover fishing rights.",  # what they are about, not held
        "Peru said any truce would need monitors.",  # hypothetical
        "Peru said it would sign the protocol if Chile lifted the blockade.",  # terms offered
    ],
)
def test_what_does_not_take_place_is_no_occurrence(nlp, text):
    assert occurrences(nlp, text) == []


def test_the_two_sides_are_the_last_two_sided_occurrence(nlp):
    text = (
        "Peru and Chile held talks in Lima on Monday. The two sides agreed to meet again on Friday."
    )
    # sides meeting through their delegations hold talks: both are talks
    talks, meeting = [e for e in occurrences(nlp, text) if e["kind"] == "talks"]
    assert talks["actors"] == ["Peru", "Chile"] and talks["date"] == "2025-03-10"
    assert (meeting["actors"], meeting["status"], meeting["date"]) == (
        ["Peru", "Chile"],
        "planned",
        "2025-03-14",
    )


def test_mediators_of_a_process_carry_over_to_the_two_sides(nlp):
    text = (
        "Chile and Bolivia held talks in Asuncion on Monday, with Paraguay as mediator. "
        "The two delegations will meet again next week."
    )
    _first, meeting = [e for e in occurrences(nlp, text) if e["kind"] == "talks"]
    assert meeting["actors"] == ["Chile", "Bolivia"]
    assert meeting["mediators"] == ["Paraguay"] and meeting["status"] == "planned"


def test_a_second_mention_is_the_same_occurrence(nlp):
    text = (
        "Chile and Bolivia exchanged 40 prisoners on Monday. "
        "The exchange was organised by the Red Cross."
    )
    assert len([e for e in occurrences(nlp, text) if e["kind"] == "exchange"]) == 1


def test_the_dateline_does_not_date_an_event(nlp):
    text = "LIMA, March 12 (Wire) - Peru and Chile held talks in Lima.\n"
    (ev,) = [e for e in occurrences(nlp, text) if e["kind"] == "talks"]
    assert ev["date"] is None


def test_a_weekday_of_a_postponed_round_is_the_coming_one(nlp):
    text = "Peru postponed the talks with Chile that were due in Lima on Friday."
    (ev,) = [e for e in occurrences(nlp, text) if e["kind"] == "talks"]
    assert (ev["status"], ev["date"]) == ("cancelled", "2025-03-14")


@pytest.mark.parametrize(
    ("text", "actors", "recipients", "status", "place", "date"),
    [
        (
            "A Togolese delegation arrived in Accra on Monday. "
            "Foreign Minister Kofi Asante met the delegation at the presidential palace.",
            ["Kofi Asante"],
            ["Togo"],
            "happened",
            None,
            None,
        ),
        (
            "Chilean Foreign Minister Ana Velarde met her Peruvian counterpart Luis Quispe in "
            "Lima on Monday. The two foreign ministers will meet again in Santiago on Friday.",
            ["Ana Velarde", "Luis Quispe"],
            [],
            "planned",
            "Santiago",
            "2025-03-14",
        ),
    ],
)
def test_a_side_named_before_is_found_again(nlp, text, actors, recipients, status, place, date):
    """ "the delegation" is the one named before; "the two foreign ministers" the two who met."""
    ev = [e for e in occurrences(nlp, text) if e["kind"] == "meeting"][-1]
    assert (ev["actors"], ev["recipients"]) == (actors, recipients)
    assert (ev["status"], ev["place"], ev["date"]) == (status, place, date)


def test_the_next_round_is_talks_ahead_between_the_same_sides(nlp):
    text = "Peru and Chile held talks in Lima on Monday. The next round is due to open in Quito on March 20."
    first, nxt = [e for e in occurrences(nlp, text) if e["kind"] == "talks"]
    assert (first["status"], first["date"]) == ("happened", "2025-03-10")
    assert (nxt["actors"], nxt["status"], nxt["place"], nxt["date"]) == (
        ["Peru", "Chile"],
        "planned",
        "Quito",
        "2025-03-20",
    )


def test_talks_suspended_before_and_resuming_are_planned_on_the_new_date(nlp):
    text = (
        "Peru and Chile held talks in Lima. "
        "The talks, which were suspended on February 3, will resume on March 19."
    )
    resumed = [e for e in occurrences(nlp, text) if e["kind"] == "talks"][-1]
    assert (resumed["status"], resumed["date"]) == ("planned", "2025-03-19")
