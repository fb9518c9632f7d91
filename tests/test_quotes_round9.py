"""Quote rules (coordinator's fix from a real report): two parties who "discussed" a
matter together, or one who discussed it with another, held a conversation, which the
events layer reads; nobody reported anything. A single speaker's "discussed" still reports."""

from __future__ import annotations

import pytest

from parley.model import Article
from parley.nlp.pipeline import analyze_articles


def _quotes(nlp, text: str) -> list[str]:
    article = Article("t", text, published="2025-01-15")
    return [q.content.text for q in next(analyze_articles([article], nlp)).quotes]


@pytest.mark.parametrize("text", [
    "Dravenian President Ilan Marant and Kostaran President Ona Veld discussed progress "
    "in the border negotiations on Tuesday.",
    "The two ministers discussed the prisoner exchange by telephone on Monday.",
    "Foreign Minister Ilse Marrow discussed the river accord with her Kostaran counterpart "
    "on Sunday.",
])
def test_a_conversation_between_parties_is_no_quote(nlp, text):
    assert not [q for q in _quotes(nlp, text) if "progress" in q or "exchange" in q or "accord" in q]


def test_one_speakers_discussion_of_a_matter_is_still_reported(nlp):
    text = ("In a speech to parliament on Monday, Foreign Minister Ilse Marrow discussed "
            "the risks of a new offensive in the north.")
    assert any("risks of a new offensive" in q for q in _quotes(nlp, text))
