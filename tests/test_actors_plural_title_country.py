"""Actors (from a real report on talks hosted by a third state, invented text): "Foreign
Ministers X and Y" are counterparts, so the host country named nearby is neither's."""

from __future__ import annotations

from parley.model import Article
from parley.nlp.pipeline import analyze_articles


def test_counterparts_under_a_plural_title_take_no_nearby_country(nlp):
    text = ("Ministers meet\n\nSpeaking at the start of the meeting in the U.S. capital, "
            "Secretary of State Tom Vellard said he and Foreign Ministers Arin Dovlat and Kerim "
            "Basho will “take stock of where we are”.")
    analysis = next(analyze_articles([Article("t", text, published="2024-07-11")], nlp))
    countries = {a.name: a.country for a in analysis.actors if a.kind == "person"}
    assert countries.get("Arin Dovlat") != "US" and countries.get("Kerim Basho") != "US", countries
