"""Open-target stances, seventh round: reluctance wrappers, manner phrases, appositive
antecedents, and purpose infinitives that are no report (invented text)."""

from __future__ import annotations

from parley.model import Article
from parley.nlp.pipeline import analyze_articles


def analysed(nlp, text: str):
    return next(analyze_articles([Article("t", text, published="2025-05-02")], nlp))


def open_stances(nlp, text: str) -> list:
    return [s for s in analysed(nlp, text).stances if s.origin == "open"]


def of(stances: list, word: str) -> list:
    return [s for s in stances if word in s.actor]


def test_not_in_a_rush_is_one_position_against_the_inner_act(nlp):
    text = ("Varessan President Mira Toldan said last week that Varessa will not be in a rush "
            "to sign the river accord.")
    [s] = of(open_stances(nlp, text), "Toldan")
    assert s.stance == "oppose"
    assert "river accord" in s.proposition and "rush" not in s.proposition


def test_in_no_hurry_is_against_the_inner_act(nlp):
    text = "Varessan President Mira Toldan said Varessa is in no hurry to sign the river accord."
    [s] = of(open_stances(nlp, text), "Toldan")
    assert s.stance == "oppose"


def test_in_a_hurry_stays_support(nlp):
    text = "Varessan President Mira Toldan said Varessa is in a hurry to sign the river accord."
    [s] = of(open_stances(nlp, text), "Toldan")
    assert s.stance == "support"


def test_refusal_of_haste_targets_the_inner_act_and_even_if_is_no_condition(nlp):
    text = ("Varessan President Mira Toldan said that even if Lorvania meets her demands, "
            "Varessa will not be in a rush to hold the vote.")
    [s] = of(open_stances(nlp, text), "Toldan")
    assert s.stance == "oppose"
    assert s.proposition.startswith("hold the vote")
