"""Event status (from a real report on peace-treaty talks, invented text): a signing put
forward ("a proposal to finalize and sign", "suggested that the sides ... sign") is planned,
not done."""

from __future__ import annotations

import pytest

from parley.model import Article
from parley.nlp.pipeline import analyze_articles


@pytest.mark.parametrize("sentence", [
    "Kerim Basho has since lamented the lack of a reply from Velmar to a Kessan proposal to "
    "finalize and sign the treaty within a month.",
    "Arin Dovlat suggested that Kessa and Velmar first work out the basic principles of the "
    "deal and sign the whole document at a later date.",
])
def test_a_signing_put_forward_is_planned(nlp, sentence):
    text = "Treaty talks\n\n" + sentence
    analysis = next(analyze_articles([Article("t", text, published="2024-07-11")], nlp))
    signings = [e for e in analysis.events if e.kind == "signing"]
    assert signings and all(e.status == "planned" for e in signings), \
        [(e.kind, e.status, e.evidence.text) for e in analysis.events]
