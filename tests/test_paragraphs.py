"""A line break and a dateline end a sentence before the parser runs (parley.nlp.paragraphs)."""

from __future__ import annotations

from parley.model import Article
from parley.nlp.pipeline import load_pipeline, make_doc


def sentences(text: str) -> list[str]:
    nlp = load_pipeline(("boilerplate",))
    doc = nlp(make_doc(nlp, Article("t", text, published="2025-03-12")))
    return [s.text.strip() for s in doc.sents if s.text.strip()]


def test_a_headline_is_a_sentence_of_its_own():
    text = (
        "Chile and Bolivia weigh steps to end border standoff\n\n"
        "Chilean Foreign Minister Tomas Arriagada on Friday met his Bolivian counterpart."
    )
    assert sentences(text) == [
        "Chile and Bolivia weigh steps to end border standoff",
        "Chilean Foreign Minister Tomas Arriagada on Friday met his Bolivian counterpart.",
    ]


def test_a_dateline_is_cut_off_the_first_sentence():
    text = "Talks resume\n\nLIMA, March 12 (Wire) - Peru and Chile held talks in Lima."
    assert sentences(text)[-1] == "Peru and Chile held talks in Lima."


def test_a_capitalised_first_word_without_a_dash_is_no_dateline():
    text = "Talks resume\n\nUN envoys met in Lima on Monday - and again on Tuesday. They left."
    assert "UN envoys met in Lima on Monday - and again on Tuesday." in sentences(text)
