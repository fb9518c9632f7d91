"""Actors (from a real report on mediated talks, invented text): "a meeting in Lome between
Verell and Osei, at which they demanded …" is the two people together, not the armed group
named in an earlier sentence."""

from __future__ import annotations

from parley.model import Article
from parley.nlp.pipeline import analyze_articles


def test_they_after_two_people_joined_in_the_sentence(nlp):
    text = ("Truce talks advance\n\nThe Vell Front fighters seized the border town in March.\n\n"
            "The breakthrough follows a surprise meeting in Lome between Tomas Verell and Kwame "
            "Osei, at which they demanded an “immediate, unconditional” ceasefire.")
    analysis = next(analyze_articles([Article("t", text, published="2024-03-02")], nlp))
    speakers = [q.speaker.name for q in analysis.quotes if "unconditional" in q.content.text]
    assert speakers == ["Tomas Verell and Kwame Osei"], [
        (q.speaker.name, q.content.text) for q in analysis.quotes
    ]
