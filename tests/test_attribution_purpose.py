"""Attribution model output (parley.nlp.attribution.component.is_statement): the object of
a verb and a purpose clause after it ("called his counterpart in order to secure X") are
why someone acted, not words anyone said; a said clause that ends in a purpose clause
stays a report.

Every person and place here is invented."""

from __future__ import annotations

import pytest

from actors_support import analyse

PURPOSES = (
    "Foreign Minister Tomas Velder called his Orvan counterpart in order to secure the release "
    "of the detained sailors.\n\n"
    "The mediators urged both sides on Monday in order to secure a ceasefire before the "
    "holiday.\n\n"
    "Velder lobbied the council so as to secure its backing for the truce.\n\n"
    "Velder said he had spoken with the envoy in order to secure the release of the sailors."
)


@pytest.mark.parametrize(
    "words", ["the detained sailors", "ceasefire before the holiday", "its backing"]
)
def test_a_purpose_clause_is_no_report(nlp, words):
    quotes = analyse(nlp, PURPOSES).quotes
    assert not [q for q in quotes if words in q.content.text], [q.content.text for q in quotes]


def test_a_said_clause_ending_in_a_purpose_clause_is_still_reported(nlp):
    quotes = analyse(nlp, PURPOSES).quotes
    assert [q for q in quotes if "he had spoken with the envoy" in q.content.text]
