"""Round 8 of issue 16 (events): guarantors, hosted venues, phases, the one expected to travel."""

from __future__ import annotations

# -- guarantor states (pipeline) -----------------------------------------------------------

GUARANTORS = (
    "Mali's government and the Azawad Liberation Front (ALF) agreed on Tuesday to extend "
    "their truce by 60 days at the close of a round of talks in Algiers. "
    "The extension was announced by diplomats from Algeria and Qatar, two of the "
    "guarantor countries of the process. "
    "The next round is due to open in Rome on April 2."
)


def _of_kind(nlp, text: str, kind: str) -> list[dict]:
    from events_support import occurrences

    return [e for e in occurrences(nlp, text) if e["kind"] == kind]


def test_a_guarantor_host_brings_the_other_guarantors(nlp):
    (ev,) = _of_kind(nlp, GUARANTORS, "extension")
    assert {"Algeria", "Qatar"} <= set(ev["mediators"])


def test_talks_a_third_country_hosts_keep_their_host_alone(nlp):
    rome = [e for e in _of_kind(nlp, GUARANTORS, "talks") if e.get("place") == "Rome"]
    assert rome and all("Qatar" not in e["mediators"] for e in rome)


# -- a meeting at a venue hosted by a go-between (pipeline) ---------------------------------


def test_a_meeting_at_a_venue_hosted_by_x_together_with_y_is_mediated_by_both(nlp):
    text = (
        "The foreign ministers of Chad and Niger pledged on Tuesday to keep their border "
        "calm after a meeting at the Lakeside Palace hosted by Nigeria together with the "
        "African Union."
    )
    meetings = _of_kind(nlp, text, "meeting")
    assert len(meetings) == 1
    (ev,) = meetings
    assert {"Chad", "Niger"} <= {*ev["actors"], *ev["recipients"]}
    assert {"Nigeria", "African Union"} <= set(ev["mediators"])


# -- the close of talks tells the talks (pipeline) ------------------------------------------


def test_the_prospect_of_talks_is_still_no_talks(nlp):
    text = "Mali's government raised the prospect of talks in Algiers with the ALF next year."
    assert _of_kind(nlp, text, "talks") == [] or all(
        t["status"] != "happened" for t in _of_kind(nlp, text, "talks")
    )


# -- a traveller named before reported words (pipeline) -------------------------------------


def test_the_one_expected_to_travel_is_the_traveller_not_the_source(nlp):
    text = (
        "Paraguayan President Tomas Villaverde is expected to stop over in Honolulu next "
        "week on his way to Taipei, a senior Paraguayan official told Wire."
    )
    visits = _of_kind(nlp, text, "visit")
    assert visits and all("Tomas Villaverde" in v["actors"] for v in visits)
