"""Actors (from real wire reports, invented text): a name ending in a word for a strait, gulf,
canal, pass or crossing is a place, and a dateline's city and agency are no actors, also in
the dateless form "CAIRO (Reuters) -"."""

from __future__ import annotations

import pytest

from parley.model import Article
from parley.nlp.pipeline import analyze_articles


def _analysis(nlp, text: str):
    return next(analyze_articles([Article("t", text, published="2025-05-07")], nlp))


@pytest.mark.parametrize("sentence, place", [
    ("Neither side will target the other, including merchant vessels, in the Amber Sea and "
     "Bab al-Tarun Strait, the rebels said.", "Bab al-Tarun Strait"),
    ("Ships using the Rafi Crossing and Abu Dorran Pass would be spared, the rebels said.",
     "Abu Dorran Pass"),
    ("The army reopened the Lachi Corridor and Bab al-Salem Crossing on Monday, the rebels said.",
     "Bab al-Salem Crossing"),
    ("Ships in Bab el-Kadir Strait would be spared, the rebels said.", "Bab el-Kadir Strait"),
])
def test_a_feature_name_is_no_actor(nlp, sentence, place):
    actors = _analysis(nlp, sentence).actors
    assert not any(place in a.name for a in actors), [(a.name, a.kind) for a in actors]


@pytest.mark.parametrize("dateline", ["DORANO (Reuters) - ", "DORANO, May 6 (Reuters) - "])
def test_a_dateline_s_city_and_agency_are_no_actors(nlp, dateline):
    text = ("Rebels agree truce\n\n" + dateline
            + "The Kessan army and the Velar Front agreed a truce on Tuesday, a senior army "
            "officer said.")
    analysis = _analysis(nlp, text)
    names = {a.name for a in analysis.actors}
    assert not names & {"DORANO", "Reuters"}, names
    parties = {p for e in analysis.events for p in e.actors + e.recipients}
    assert "Reuters" not in parties, parties
