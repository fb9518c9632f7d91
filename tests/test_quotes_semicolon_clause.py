"""Quotes (from a real report on a rebel movement, invented text): a clause before a
semicolon is its own sentence, not what the verb after the semicolon reports."""

from __future__ import annotations

from parley.model import Article
from parley.nlp.pipeline import analyze_articles


def test_a_clause_before_a_semicolon_is_not_the_next_verb_s_report(nlp):
    text = ("Rebels advance\n\nThe Dorran fighters control more land than ever. Velmar denies "
            "backing the group; Kessa brands it a terrorist outfit.")
    analysis = next(analyze_articles([Article("t", text, published="2025-07-19")], nlp))
    found = [(q.content.text, q.speaker.name) for q in analysis.quotes]
    assert not any(s == "Kessa" and "denies" in c for c, s in found), found
