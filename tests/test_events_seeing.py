"""Seeing a named person is meeting them ("is expected to see X during her Quito stop"),
and a trip's leg names where (parley.nlp.events; invented text)."""

from __future__ import annotations

from events_support import occurrences


def _meetings(nlp, text: str) -> list[dict]:
    return [e for e in occurrences(nlp, text) if e["kind"] == "meeting"]


def test_expected_to_see_a_named_person_is_a_planned_meeting_where_the_stop_is(nlp):
    text = (
        "Premier Ilsa Korven will fly through Lima on her way to a tour of Chile, and she "
        "is widely expected to see Senator Tomas Reddick during her Quito stop."
    )
    (meeting,) = _meetings(nlp, text)
    assert meeting["status"] == "planned"
    assert {"Ilsa Korven", "Tomas Reddick"} <= set(meeting["actors"] + meeting["recipients"])
    assert meeting["place"] == "Quito"


def test_seeing_someone_as_something_or_on_a_screen_is_no_meeting(nlp):
    for text in (
        "Premier Ilsa Korven saw Senator Tomas Reddick as a rival.",
        "Premier Ilsa Korven saw Senator Tomas Reddick on television.",
        "Premier Ilsa Korven has seen Senator Tomas Reddick break such promises.",
        "Premier Ilsa Korven will see what Senator Tomas Reddick proposes.",
    ):
        assert _meetings(nlp, text) == [], text


def _visits(nlp, text: str) -> list[dict]:
    return [e for e in occurrences(nlp, text) if e["kind"] == "visit"]


def test_a_stop_on_the_way_to_a_country_is_two_visits(nlp):
    text = (
        "Premier Ilsa Korven is expected to stop over in Miami next week on her way to "
        "Paraguay, an aide said."
    )
    visits = _visits(nlp, text)
    assert len(visits) == 2
    onward = next(v for v in visits if v["place"] == "Paraguay")
    assert "Ilsa Korven" in onward["actors"]
    assert "Paraguay" in onward["recipients"]
    assert onward["status"] == "planned"


def test_the_way_to_peace_is_no_trip(nlp):
    text = "Premier Ilsa Korven said the accord paved the way to peace with Paraguay."
    assert _visits(nlp, text) == []


def test_the_stop_told_again_later_stays_one_visit(nlp):
    text = (
        "Premier Ilsa Korven stopped over in Miami on Monday on her way to Paraguay, an "
        "aide said.\n\n"
        "Korven's stopover in Miami on Monday drew protests."
    )
    miami = [v for v in _visits(nlp, text) if v["place"] == "Miami"]
    assert len(miami) == 1
