"""Round 8 of issue 16 (events): scorer pairing by type, and event rules."""

from __future__ import annotations

import json
from pathlib import Path

from parley.eval.news import read_news, score_news
from parley.model import Analysis, Event, Span

# An invented report (people and places are made up).
TEXT = (
    "Velmar envoy arrives for talks\n"
    "\n"
    "A Velmaran delegation arrived in Ostrava on Monday for talks with Karvian officials.\n"
)
SENTENCE = "A Velmaran delegation arrived in Ostrava on Monday for talks with Karvian officials"
GOLD = {
    "file": "001-velmar.txt",
    "published": "2025-03-05",
    "conflict": "Velmar",
    "stances": [],
    "speakers": [],
    "quotes": [],
    "events": [
        {
            "type": "visit",
            "parties": ["Velmar"],
            "counterparts": ["Karvia"],
            "mediators": [],
            "place": "Ostrava",
            "date": None,
            "status": "happened",
            "evidence": SENTENCE,
        },
        {
            "type": "talks",
            "parties": ["Velmar", "Karvia"],
            "counterparts": [],
            "mediators": [],
            "place": "Ostrava",
            "date": None,
            "status": "happened",
            "evidence": SENTENCE,
        },
    ],
}


def _span(needle: str) -> Span:
    start = TEXT.index(needle)
    return Span.of(TEXT, start, start + len(needle))


def _score(tmp_path: Path, events: list[Event]):
    (tmp_path / "gold").mkdir()
    (tmp_path / "001-velmar.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "gold" / "001-velmar.json").write_text(json.dumps(GOLD), encoding="utf-8")
    gold = next(read_news(tmp_path))
    pred = Analysis(gold.doc_id, gold.article, events=events)
    return score_news([(gold, pred)], "test").summary()


def test_a_visit_and_talks_in_one_sentence_pair_by_type(tmp_path: Path):
    # the talks come first and name both sides, so pairing by shared parties alone would
    # give the gold visit to the predicted talks and the gold talks to the visit
    talks = Event("e1", "talks", "CONSULT", _span("talks with"), ["Velmar", "Karvia"])
    visit = Event("e2", "visit", "CONSULT", _span("arrived in Ostrava"), ["Velmar", "Karvia"])
    s = _score(tmp_path, [talks, visit])
    assert s["events_type_accuracy"] == 1.0
    assert s["events_strict_f1"] == 1.0


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


def test_talks_at_whose_close_a_truce_was_extended_are_told(nlp):
    text = (
        "Mali's government and the Azawad Liberation Front (ALF) agreed on Tuesday to "
        "extend their truce by 60 days, at the close of a two-week round of talks in Algiers."
    )
    talks = _of_kind(nlp, text, "talks")
    assert [t["place"] for t in talks] == ["Algiers"]


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
