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
