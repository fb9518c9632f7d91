"""Actors (from a real report on a leader's sister rejecting talks, invented text): "Verell,
who serves as deputy director of the party's press department, accused …" gives Verell that
title, as an apposition would."""

from __future__ import annotations

from parley.model import Article
from parley.nlp.pipeline import analyze_articles


def test_who_serves_as_gives_a_title(nlp):
    text = ("Talks refused\n\nVell will not sit down for talks, Mira Verell said on Monday.\n\n"
            "Verell, who serves as deputy director of the Press Department of the ruling Unity "
            "Party, accused the government in Lome of hostility.")
    analysis = next(analyze_articles([Article("t", text, published="2024-03-02")], nlp))
    verell = next(a for a in analysis.actors if a.name == "Mira Verell")
    assert verell.title is not None and verell.title.startswith("deputy director"), verell.title
