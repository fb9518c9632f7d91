"""Captors named by what they are ("the kidnappers freed 11 passengers") and the
negotiator who tells of the release (parley.nlp.events; invented text)."""

from __future__ import annotations

from events_support import occurrences


def _releases(nlp, text: str) -> list[dict]:
    return [e for e in occurrences(nlp, text, "2025-03-12") if e["kind"] == "exchange"]


def test_the_kidnappers_who_freed_captives_are_the_side_that_freed_them(nlp):
    (release,) = _releases(nlp, "The kidnappers freed nine abducted bus passengers on Monday.")
    assert release["actors"] == ["kidnappers"]
    assert release["date"] == "2025-03-10"


def test_the_negotiator_who_tells_of_a_release_obtained_it(nlp):
    text = (
        "Dario Velasco, the chief hostage negotiator, confirmed that the gunmen set free "
        "nine abducted passengers on Monday."
    )
    (release,) = _releases(nlp, text)
    assert release["actors"] == ["gunmen"]
    assert release["mediators"] == ["Dario Velasco"]


def test_captors_without_the_are_no_side_and_no_release_is_told(nlp):
    assert _releases(nlp, "Gunmen freed the hostages on Monday.") == []
