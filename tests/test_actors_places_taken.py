"""Actors (from a real report on a rebel offensive, invented text): a one-word name that
fighters seized or captured is a town, not a person."""

from __future__ import annotations

from parley.model import Article
from parley.nlp.pipeline import analyze_articles


def test_a_name_seized_is_no_person(nlp):
    text = ("Rebels advance\n\nVelar fighters, who seized Kalembe in January and have since "
            "advanced across the north, control more territory than ever before, Tomas Okonde said.")
    analysis = next(analyze_articles([Article("t", text, published="2025-07-19")], nlp))
    kinds = {a.name: a.kind for a in analysis.actors}
    assert kinds.get("Kalembe") != "person", kinds
