"""Actors (from a real wire report, invented text): "Foreign Minister X of Oman" in a
sentence about a US deal is Oman's, from his own title, not the nearby other country's."""

from __future__ import annotations

import pytest

from parley.model import Article
from parley.nlp.pipeline import analyze_articles


def _person(nlp, text: str, name: str):
    analysis = next(analyze_articles([Article("t", text, published="2025-05-07")], nlp))
    return next(a for a in analysis.actors if a.name == name)


@pytest.mark.parametrize("text, code", [
    ("DUBAI, May 6 (Reuters) - The U.S. deal with the rebels will hold, Foreign Minister "
     "Dorin Vell of Oman said on Tuesday.", "OM"),
    ("DUBAI, May 6 (Reuters) - The U.S. deal with the rebels will hold, Foreign Minister "
     "Dorin Vell of the United Arab Emirates said on Tuesday.", "AE"),
    ("Washington welcomed the truce, Defence Minister Dorin Vell of Kenya told reporters.", "KE"),
])
def test_a_country_after_the_name_is_the_title_s(nlp, text, code):
    person = _person(nlp, text, "Dorin Vell")
    assert person.country == code, (person.title, person.country)

