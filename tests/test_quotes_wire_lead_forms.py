"""Wire leads (from a real report on truce talks, invented text): the short dateline
"CAIRO - " is no part of the report, and a lead of two clauses joined by "and" before ", a
source told X" is reported whole."""

from __future__ import annotations

from parley.model import Article
from parley.nlp.pipeline import analyze_articles

LEAD = ("Talks between the Kessan army and the paramilitary Velar Front in Lisk, Dorra, have "
        "made progress and an agreement on a truce is expected soon, a mediation source told "
        "Reuters.")


def _contents(nlp, text: str) -> list[str]:
    analysis = next(analyze_articles([Article("t", text, published="2023-05-17")], nlp))
    return [q.content.text for q in analysis.quotes]


def test_a_short_dateline_is_no_part_of_the_report(nlp):
    found = _contents(nlp, "Lisk talks advance\n\nDORANO - " + LEAD)
    assert found and all(not c.startswith("DORANO") for c in found), found


def test_two_clauses_joined_by_and_are_one_report(nlp):
    found = _contents(nlp, "Lisk talks advance\n\n" + LEAD)
    assert any(c.startswith("Talks between") and c.endswith("is expected soon") for c in found), found
