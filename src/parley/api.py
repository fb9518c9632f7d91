"""The library entry points: analyse text or articles without going through the CLI."""

from __future__ import annotations

from spacy.language import Language

from parley.model import Analysis, Article
from parley.nlp.pipeline import TASKS, analyze_articles, load_pipeline

__all__ = ["analyze", "analyze_article", "analyze_articles", "load_pipeline", "TASKS"]


def analyze(
    text: str,
    *,
    published: str | None = None,
    title: str | None = None,
    doc_id: str = "doc",
    source: str = "",
    nlp: Language | None = None,
) -> Analysis:
    """Analyse one text: quotes with speakers, actors, events with dates, stances."""
    article = Article(doc_id=doc_id, text=text, title=title, published=published, source=source)
    return analyze_article(article, nlp)


def analyze_article(article: Article, nlp: Language | None = None) -> Analysis:
    """Analyse one ``Article``."""
    return next(analyze_articles([article], nlp))


