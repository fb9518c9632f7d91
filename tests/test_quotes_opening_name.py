"""Quotes (from a real report on truce talks, invented text): "US Under Secretary of State X
earlier said ..." where the parse reads "Under" as a preposition and leaves "said" without
a subject: X speaks."""

from __future__ import annotations

from parley.model import Article
from parley.nlp.pipeline import analyze_articles


def test_a_name_closing_a_verbless_opening_speaks(nlp):
    text = ("Talks make progress\n\nUS Under Secretary of State Mara Vossberg earlier said US "
            "negotiators were \"cautiously optimistic\" about securing a truce but were also "
            "looking at targets for sanctions if the warring sides did not back it.")
    analysis = next(analyze_articles([Article("t", text, published="2023-05-17")], nlp))
    found = [(q.content.text[:16], q.speaker.name) for q in analysis.quotes]
    assert ("US negotiators w", "Mara Vossberg") in found, found
