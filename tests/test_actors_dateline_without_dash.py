"""Actors (from a real reprinted wire report, invented text): a dateline that ends at the
agency's brackets with no dash ("LOME, March 2, 2024 (Reuters/GNA) Ghana …") names no actor;
the agency there is the reporter, not a party to the story."""

from __future__ import annotations

from parley.model import Article
from parley.nlp.pipeline import analyze_articles


def test_agency_of_a_dashless_dateline_is_no_actor(nlp):
    text = ("Truce agreed\n\nLOME, March 2, 2024 (Reuters/GNA) Ghana said on Saturday that the "
            "rival factions had agreed to a three-day truce.")
    analysis = next(analyze_articles([Article("t", text, published="2024-03-02")], nlp))
    names = [a.name for a in analysis.actors]
    assert not any("Reuters" in n for n in names), names
    assert [q.speaker.name for q in analysis.quotes] == ["Ghana"]
