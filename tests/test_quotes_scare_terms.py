"""Quote rules (from a real wire lead): a short scare-quoted term inside a reported clause
does not stop the clause from being reported (invented text)."""

from __future__ import annotations

import pytest

from parley.model import Article
from parley.nlp.pipeline import analyze_articles


def _quotes(nlp, text: str) -> list[tuple[str, str]]:
    article = Article("t", text, published="2025-01-15")
    return [(q.content.text, q.speaker.name) for q in next(analyze_articles([article], nlp)).quotes]


@pytest.mark.parametrize("text", [
    "Velaria’s Sunrise movement has engaged in Castel-mediated talks with “outside parties” "
    "about its operations in the Amber Sea and Grey Sea, a Sunrise spokesman said on Saturday, "
    "following a series of raids on boats by the militia group.",
    "Velaria’s Sunrise movement has engaged in talks with “outside parties” about the Amber "
    "Sea, a Sunrise spokesman said on Saturday.",
])
def test_a_trailing_attribution_reports_a_clause_holding_a_scare_quote(nlp, text):
    found = _quotes(nlp, text)
    assert any(c.startswith("Velaria’s Sunrise movement has engaged in") and "outside parties" in c
               for c, _ in found), found


def test_a_quoted_statement_inside_the_clause_still_stops_it(nlp):
    # a quoted passage with a verb of its own is a statement, quoted: no paraphrase around it
    text = ("The council has warned that “we will not wait for ever” before the vote, "
            "a council spokesman said on Friday.")
    found = _quotes(nlp, text)
    assert not any(c.startswith("The council has warned that") for c, _ in found), found


def test_a_report_inside_a_mixed_quote_is_the_outer_speaker_s(nlp):
    text = ("Aurek Dalno, the Front's chief negotiator, denied that the group had agreed to "
            "give up \"tolls\" for good.")
    found = _quotes(nlp, text)
    assert not any(s in ("", "the group") for _, s in found), found
