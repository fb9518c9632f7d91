"""Actors (from a real report on peace talks, invented text): "the Regional Union's Special
Representative for the Lakes, former Borduran President Tomas Verell, said" gives Verell
both titles, so a later "the special representative noted" is Verell."""

from __future__ import annotations

from parley.model import Article
from parley.nlp.pipeline import analyze_articles


def test_title_apposed_before_a_titled_name_resolves_its_description(nlp):
    text = ("Truce agreed\n\nThe Ruritanian government and the rebels have stopped the "
            "fighting, the Regional Union (RU) Special Representative for the Lakes, former "
            "Borduran President Tomas Verell, said today.\n\nAt an event held in Lome, the "
            "special representative noted that the two sides had reached a peace agreement "
            "that also involves \"orderly and coordinated disarmament\".")
    analysis = next(analyze_articles([Article("t", text, published="2024-03-02")], nlp))
    speakers = [q.speaker.name for q in analysis.quotes]
    assert speakers == ["Tomas Verell", "Tomas Verell"], speakers
