"""Quotes (from a real report carried by state media, invented text): "A, X, the sister of
Y, said Monday, state media reported" is X's report of A, relayed, not the media's report of
"A, X said"."""

from __future__ import annotations

from parley.model import Article
from parley.nlp.pipeline import analyze_articles


def test_a_lead_relayed_by_media_is_the_teller_s(nlp):
    text = ("Talks rejected\n\nThe North is not interested in any proposal from the South and "
            "will not sit down for dialogue, Kim Sol Hwa, the powerful sister of leader Kim "
            "Song Il, said Monday, state-run media reported.")
    analysis = next(analyze_articles([Article("t", text, published="2025-07-28")], nlp))
    found = [(q.content.text, q.speaker.name) for q in analysis.quotes]
    assert ("The North is not interested in any proposal from the South and will not sit down "
            "for dialogue", "Kim Sol Hwa") in found, found
