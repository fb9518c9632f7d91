"""A stance's holder points at the whole name, not at the name's last word."""

from __future__ import annotations

from parley.model import Article
from parley.nlp.pipeline import make_doc


def test_the_holder_span_covers_a_name_of_several_words(nlp):
    text = "Saudi Arabia and Iran agreed to re-establish ties in a deal brokered by China."
    doc = nlp(make_doc(nlp, Article("t", text, published="2025-06-05")))
    holders = {s["holder"]["text"] for s in doc._.parley_stances if s.get("holder")}
    assert "Saudi Arabia" in holders
    assert "Arabia" not in holders
    for s in doc._.parley_stances:
        h = s["holder"]
        assert text[h["start"] : h["end"]] == h["text"]
