"""An outlet a speaker told something ("told the Meridian Post that …") is the counterpart
of an interview, never a side of talks between others (DocContext.outlets); an addressee
the text also names as a side ("talks between Iran and the IAEA") stays one.

Every person, outlet and place here is invented (the states and the IAEA are real)."""

from __future__ import annotations

from events_support import occurrences


def _sides(event: dict) -> list[str]:
    return event["actors"] + event["recipients"] + event.get("mediators", [])


def _talks(found: list[dict]) -> list[dict]:
    return [e for e in found if e["kind"] in ("talks", "meeting")]


def test_an_outlet_told_is_no_side_of_the_talks(nlp):
    text = (
        "A Chadian official said on Sunday that the government had invited the Velmar "
        "Liberation Front to a new round. "
        "The official told the Meridian Post that negotiations would resume in Velmora on "
        "Tuesday.\n\n"
        "A second Chadian official told the Meridian Post that the talks were going well."
    )
    found = occurrences(nlp, text)
    talks = _talks(found)
    assert talks, found
    assert all("Meridian Post" not in _sides(e) for e in talks), talks
    assert any("Velmar Liberation Front" in _sides(e) for e in talks), talks
    interviews = [e for e in found if e["kind"] == "interview"]
    assert any("Meridian Post" in e["recipients"] for e in interviews), interviews


def test_an_addressee_named_as_a_side_stays_a_side(nlp):
    text = (
        "Iran told the IAEA that it would allow more inspections. Talks between Iran and "
        "the IAEA will resume in Vienna on Friday."
    )
    talks = _talks(occurrences(nlp, text))
    assert talks
    assert any(
        "International Atomic Energy Agency" in _sides(e) and "Iran" in _sides(e) for e in talks
    ), talks


def test_talks_with_an_addressee_keep_it_a_side(nlp):
    text = (
        "Iran told the IAEA that it would allow more inspections. Iran will hold talks with "
        "the IAEA in Vienna on Friday."
    )
    talks = _talks(occurrences(nlp, text))
    assert talks
    assert any("International Atomic Energy Agency" in _sides(e) for e in talks), talks
