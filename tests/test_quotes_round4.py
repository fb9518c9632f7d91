"""Quote rules on wire copy: leanings and acts aimed at something are not reported words."""

from __future__ import annotations

import pytest

from quotes_support import contents, quote_rules


@pytest.fixture(scope="module")
def nlp():
    return quote_rules()


def test_a_leaning_is_not_a_quote(nlp):
    text = "Varro, whose Harbour Party favours closer ties with Ostrel, arrived in Dunmere on Monday."
    assert not any("closer ties" in c for c in contents(nlp, text))


def test_protest_against_an_order_is_not_a_quote(nlp):
    text = "Farmers in Keldor blocked two bridges on Friday, protesting against a decree that they sell grain to the state."
    assert not any("decree" in c for c in contents(nlp, text))


def test_a_court_ruling_on_a_case_is_not_a_quote(nlp):
    text = "The tribunal in Vessen has yet to rule on the merits of the claim Ostrel lodged in 2019."
    assert not any("merits" in c for c in contents(nlp, text))


def test_said_clauses_are_still_quotes(nlp):
    text = "Ostrel's foreign minister, Ilse Marrow, said the talks in Dunmere would resume next week."
    assert any("talks in Dunmere would resume" in c for c in contents(nlp, text))
