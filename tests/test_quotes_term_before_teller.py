"""Wire leads (from real reports, invented text): a lead paraphrase that ends on a quoted
term right before ", a spokesman said"."""

from __future__ import annotations

import pytest

from parley.model import Article
from parley.nlp.pipeline import analyze_articles


def _quotes(nlp, text: str) -> list[tuple[str, str]]:
    article = Article("t", text, published="2025-01-15")
    return [(q.content.text, q.speaker.name) for q in next(analyze_articles([article], nlp)).quotes]


@pytest.mark.parametrize("text", [
    "The Dorran rebels have held talks with “outside parties”, a spokesman said on Monday.",
    "The Dorran group will hold talks with ‘outside parties’, a spokesman for the group said.",
    'The Dorran group is ready for talks with "foreign parties", a spokesman said.',
])
def test_a_lead_ending_on_a_quoted_term_is_still_reported(nlp, text):
    found = _quotes(nlp, text)
    assert any(c.startswith("The Dorran") and "parties" in c for c, _ in found), found


def test_a_quoted_statement_closing_the_clause_is_no_paraphrase(nlp):
    text = 'The deal is “a betrayal of everything we fought for”, the minister said.'
    found = _quotes(nlp, text)
    assert not any(c.startswith("The deal is") for c, _ in found), found
