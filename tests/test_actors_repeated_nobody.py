"""Actors (from a real report on inter-Korean talks, invented text): "the official added"
after "a senior presidential official was quoted as saying" is that same unnamed official,
who stands for nobody named; not the president whose administration the text names."""

from __future__ import annotations

from parley.model import Article
from parley.nlp.pipeline import analyze_articles


def test_the_official_repeats_an_unnamed_source(nlp):
    text = ("Talks offer stands\n\nVell accused the administration of Borduran President "
            "Tomas Verell of hostility, the Vell news agency said.\n\n\"We have seen the high wall of distrust between the two "
            "sides,\" a senior presidential official was quoted by the Lome Daily as saying "
            "Monday.\n\n\"The government will keep working for peace on the border,\" the "
            "official added, in line with the Tomas Verell administration's firm principle of "
            "peace.\n\nSince taking office, the Verell administration has sought talks.")
    analysis = next(analyze_articles([Article("t", text, published="2024-03-02")], nlp))
    by_content = {q.content.text[:10]: q.speaker.name for q in analysis.quotes}
    assert by_content.get("The govern") == "", by_content
    assert "Verell" not in [a.name for a in analysis.actors]
