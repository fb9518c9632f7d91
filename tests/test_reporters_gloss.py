"""A text the reporter describes ("the statement didn't say ..., but may indicate ...") is
nobody's words and holds no position (invented text)."""

from __future__ import annotations

from parley.model import Article
from parley.nlp.pipeline import analyze_articles

TEXT = ("The Sunrise movement has held talks with outside parties about the Amber Sea, a "
        "Sunrise spokesman said on Saturday.\n\n"
        "The statement didn’t identify the outside parties involved in the talks and didn’t say "
        "where they took place or when, but may indicate the Sunrise movement could be willing "
        "to pull back its boats.")


def _analysis(nlp):
    return next(analyze_articles([Article("t", TEXT, published="2025-01-15")], nlp))


def test_a_negated_or_hedged_cue_of_a_statement_reports_nothing(nlp):
    start = TEXT.index("The statement")
    found = [q for q in _analysis(nlp).quotes if q.content.start >= start]
    assert not found, [q.content.text for q in found]


def test_what_a_statement_may_indicate_is_no_stance(nlp):
    start = TEXT.index("The statement")
    found = [s for s in _analysis(nlp).stances if s.evidence.start >= start]
    assert not found, [(s.actor, s.proposition) for s in found]


def test_a_statement_that_says_something_still_reports_it(nlp):
    text = ("The Kelvan foreign ministry issued a statement on Monday. The statement said the "
            "ministry would send a delegation to Lemburg.")
    quotes = next(analyze_articles([Article("t", text, published="2025-01-15")], nlp)).quotes
    assert any("send a delegation" in q.content.text for q in quotes)
