"""Capitals written without their apostrophe are still the capital ("Sanaa" for "Sana'a")."""

from __future__ import annotations

from parley.nlp.actors.countries import load_countries


def test_a_capital_without_its_apostrophe():
    countries = load_countries()
    assert countries.by_capital("Sana'a") == "YE"
    assert countries.by_capital("Sana\u2019a") == "YE"
    assert countries.by_capital("Sanaa") == "YE"


def test_other_capitals_are_unchanged():
    countries = load_countries()
    assert countries.by_capital("Doha") == "QA"
    assert countries.by_capital("Sana") is None
