"""Round 12 of issue 16 (events): one occurrence told twice, in the lede and again in the
body with other words or fuller names (pipeline, invented text)."""

from __future__ import annotations

from events_support import occurrences


def _kinds(found: list[dict], *kinds: str) -> list[dict]:
    return [e for e in found if e["kind"] in kinds]


LEDE_AND_BODY = (
    "Chile called in the Peruvian ambassador over remarks by the new premier on the border, "
    "Santiago said Friday.\n\n"
    "The premier, Dario Velasquez, had told parliament that troops might be sent north.\n\n"
    "Deputy Foreign Minister Ramona Iturra called in the Peruvian ambassador Tomas Quilla "
    "on Thursday, according to a readout the ministry posted on Friday."
)


def test_a_summons_told_in_the_lede_and_the_body_is_one(nlp):
    found = _kinds(occurrences(nlp, LEDE_AND_BODY, published="2026-03-06"), "meeting", "summons")
    assert len(found) == 1
    (summons,) = found
    # the body's account, dated by its own clause, stands for the lede's summary
    assert summons["date"] == "2026-03-05"
    assert "Thursday" in summons["evidence"]["text"]


def test_a_meeting_told_again_on_the_same_day_is_one(nlp):
    text = (
        "Chilean Foreign Minister Ramona Iturra on Friday met the Peruvian defence minister "
        "to speed up the pullback of troops, an official said.\n\n"
        "The two sides had held 12 rounds of negotiations among army commanders.\n\n"
        "The Friday talks with Iturra centred on the pace of the pullback, he said."
    )
    found = _kinds(occurrences(nlp, text, published="2026-03-06"), "meeting", "talks")
    dated = [e for e in found if e.get("date") == "2026-03-06"]
    assert len(dated) == 1
    assert "met" in dated[0]["evidence"]["text"]


def test_a_meeting_held_again_stays_two(nlp):
    text = (
        "Chilean Foreign Minister Ramona Iturra met the Peruvian defence minister on Friday.\n\n"
        "Iturra met the Peruvian defence minister again on Friday evening, officials said."
    )
    found = _kinds(occurrences(nlp, text, published="2026-03-06"), "meeting")
    assert len(found) == 2


def test_meetings_on_different_days_stay_two(nlp):
    text = (
        "Chilean Foreign Minister Ramona Iturra met the Peruvian defence minister on Monday.\n\n"
        "Iturra met the Peruvian defence minister on Thursday, officials said."
    )
    found = _kinds(occurrences(nlp, text, published="2026-03-06"), "meeting")
    assert len(found) == 2


# -- a definite re-mention: who also attended, what the occurrence is to end with ----------


ATTENDED = (
    "Chile's foreign minister Ramona Iturra took part in the Lima meetings held with senior "
    "officials of Peru and Bolivia on the shared aquifer.\n\n"
    "Norway sponsored the meetings, which the President of the Andean Development Fund also "
    "attended.\n\n"
    "The meetings are to end with an accord on how the aquifer is drawn."
)


def test_who_also_attended_the_meetings_joins_them(nlp):
    found = _kinds(occurrences(nlp, ATTENDED), "meeting", "talks")
    assert len(found) == 1
    assert found[0]["status"] == "happened"


def test_the_documents_signing_scheduled_later_is_the_same_signing(nlp):
    text = (
        "Chilean President Dario Velasquez and Peruvian President Tomas Quilla intend to sign, "
        "on July 22, a deal covering the shared aquifer.\n\n"
        "This was relayed from the office of the President of Chile.\n\n"
        "According to the daily El Austral, the document's signing is scheduled for 16:30 "
        "local time in the Palacio de la Moneda."
    )
    found = _kinds(occurrences(nlp, text, published="2026-07-18"), "signing")
    assert len(found) == 1
    assert found[0]["status"] == "planned"


def test_a_meeting_with_another_state_on_the_same_day_stays_two(nlp):
    text = (
        "Chilean Foreign Minister Ramona Iturra met Peruvian Defence Minister Tomas Quilla "
        "on Monday.\n\n"
        "Iturra also met Bolivian Foreign Minister Elena Mamani on Monday, officials said."
    )
    found = _kinds(occurrences(nlp, text, published="2026-03-10"), "meeting")
    assert len(found) == 2
