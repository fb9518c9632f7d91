"""Helpers shared by the open-stance test modules: analyse one invented text with the full
pipeline and pick its open stances, all of one actor or of actors whose name holds a word."""

from __future__ import annotations

from parley.model import Analysis, Article
from parley.nlp.pipeline import analyze_articles


def analysed(nlp, text: str, title: str | None = None) -> Analysis:
    """The analysis of ``text`` as one article published on 2025-05-02."""
    article = Article("t", text, published="2025-05-02", title=title)
    return next(analyze_articles([article], nlp))


def open_stances(nlp, text: str, title: str | None = None) -> list:
    """The open-target stances (no catalogue issue) of ``text``."""
    return [s for s in analysed(nlp, text, title).stances if s.origin == "open"]


def by_actor(stances: list, actor: str) -> list:
    """The stances whose actor is ``actor``."""
    return [s for s in stances if s.actor == actor]


def held_by(stances: list, word: str) -> list:
    """The stances whose actor's name holds ``word``."""
    return [s for s in stances if word in s.actor]
