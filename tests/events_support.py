"""What the event tests share: the occurrences the pipeline finds in an invented text."""

from __future__ import annotations

from parley.model import Article
from parley.nlp.pipeline import make_doc

PUBLISHED = "2025-03-12"  # a Wednesday


def occurrences(nlp, text: str, published: str = PUBLISHED) -> list[dict]:
    """The events of ``text`` other than agreements (statements of what was agreed)."""
    doc = nlp(make_doc(nlp, Article("t", text, published=published)))
    return [e for e in doc._.parley_events if e["kind"] != "agreement"]
