"""Actors (from a real report on talks in Washington, invented text): "held in the U.S.
capital, Blinken said" is a place before a comma, not a description of the speaker."""

from __future__ import annotations

from parley.model import Article
from parley.nlp.pipeline import analyze_articles


def test_a_described_place_before_a_name_is_no_mention_of_it(nlp):
    text = ("Ministers meet\n\nSpeaking at the start of the meeting held on the sidelines of a "
            "summit in the U.S. capital, Vellard said the two sides were close to a deal.\n\n"
            "Secretary of State Tom Vellard hosted the talks.")
    analysis = next(analyze_articles([Article("t", text, published="2024-07-11")], nlp))
    person = next(a for a in analysis.actors if a.name == "Tom Vellard")
    assert all("capital" not in m.text for m in person.mentions), person.mentions
