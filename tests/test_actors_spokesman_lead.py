"""Actors (from real wire reports, invented text): "a Hamas spokesman said" in a lead is
the spokesman the article names further down, else the group."""

from __future__ import annotations

from parley.model import Article
from parley.nlp.pipeline import analyze_articles


def _quotes(nlp, text: str) -> list[tuple[str, str]]:
    article = Article("t", text, published="2025-01-15")
    return [(q.content.text, q.speaker.name) for q in next(analyze_articles([article], nlp)).quotes]


def test_the_lead_s_unnamed_spokesman_is_the_one_named_further_down(nlp):
    text = ("CAIRO (Wire) - Hamas has agreed to talks about the Amber Sea crossings, a Hamas "
            "spokesman said on Saturday.\n\n"
            "The group would not give up its weapons until the siege ends, said Karim Dessouk, "
            "the Hamas spokesman.\n\n"
            "\"We cannot stand idly by,\" Dessouk said.")
    found = _quotes(nlp, text)
    lead = [s for c, s in found if c.startswith("Hamas has agreed to talks")]
    assert lead == ["Karim Dessouk"], found


def test_an_unnamed_spokesman_with_no_one_named_speaks_for_the_group(nlp):
    text = ("CAIRO (Wire) - Hamas has agreed to talks about the Amber Sea crossings, a Hamas "
            "spokesman said on Saturday.\n\n"
            "Karim Dessouk, the group's political chief, said the talks would start soon.")
    found = _quotes(nlp, text)
    lead = [s for c, s in found if c.startswith("Hamas has agreed to talks")]
    assert lead == ["Hamas"], found
