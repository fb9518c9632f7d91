"""Link quotes to each other: interrupted quotes, quotes running on, replies."""

from __future__ import annotations

from spacy.tokens import Doc

from parley.nlp.quotes.cues import Cues
from parley.nlp.quotes.rules import RawQuote


def link_quotes(quotes: list[RawQuote], doc: Doc, cues: Cues) -> list[RawQuote]:
    """Drop unattributable quotes, carry speakers over to continuations (work in progress)."""
    return [q for q in quotes if q.speaker is not None]
