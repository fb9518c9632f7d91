"""The quote rules alone, shared by the quote test modules: a spaCy pipeline with
``parley_quotes`` (and optionally paragraphs) and the texts of what it reports."""

from __future__ import annotations

import spacy
from spacy.language import Language

from parley.nlp.pipeline import MODEL


def quote_rules(paragraphs: bool = False) -> Language:
    """The model with the quote component only (paragraph marks first when asked)."""
    nlp = spacy.load(MODEL)
    if paragraphs:
        nlp.add_pipe("parley_paragraphs", before="parser")
    nlp.add_pipe("parley_quotes")
    return nlp


def contents(nlp: Language, text: str) -> list[str]:
    """The content text of every quote found in ``text``."""
    return [q["content"]["text"] for q in nlp(text)._.parley_quotes]
