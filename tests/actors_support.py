"""Helpers shared by the actor test modules: analyse one invented text with the full
pipeline, and read back a quote's speaker or the actors' names."""

from __future__ import annotations

from parley.model import Analysis, Article
from parley.nlp.pipeline import analyze_articles


def analyse(nlp, text: str) -> Analysis:
    """The analysis of ``text`` as one article published on 2025-03-04."""
    article = Article(doc_id="t", text=text, title=None, published="2025-03-04")
    return next(iter(analyze_articles([article], nlp=nlp)))


def speaker(analysis: Analysis, words: str) -> str:
    """The speaker's name of the first quote whose content holds ``words``."""
    found = [q.speaker.name for q in analysis.quotes if words in q.content.text]
    assert found, f"no quote with {words!r}: {[q.content.text for q in analysis.quotes]}"
    return found[0]


def names(analysis: Analysis) -> list[str]:
    """The names of the article's actors."""
    return [a.name for a in analysis.actors]
