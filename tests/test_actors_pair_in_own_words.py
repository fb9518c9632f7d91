"""Actors (from a real report on trilateral talks, invented text): "the foreign ministries
of the two states said" after a quotation naming the two states is both of them, jointly."""

from __future__ import annotations

from parley.model import Article
from parley.nlp.pipeline import analyze_articles


def test_the_two_states_named_only_in_the_quote_speak(nlp):
    text = ("Ministers meet\n\n“The parties noted the progress Chad and Niger have achieved "
            "towards a historic agreement on peace, and agreed to continue the work,” the "
            "foreign ministries of the two Sahel states said in identical statements.")
    analysis = next(analyze_articles([Article("t", text, published="2024-07-11")], nlp))
    speakers = [q.speaker.name for q in analysis.quotes]
    assert speakers == ["Chad and Niger"], speakers
