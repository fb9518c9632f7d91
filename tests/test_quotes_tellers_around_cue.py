"""Quotes (from a real report on a truce brokered by a regional body, invented text): the
teller of a wire lead set off by a long apposition, and '"…," warned X, flanked by …: Y and
Z' where X, not Y, speaks."""

from __future__ import annotations

from parley.model import Article
from parley.nlp.pipeline import analyze_articles


def _quotes(nlp, text: str) -> list[tuple[str, str]]:
    analysis = next(analyze_articles([Article("t", text, published="2022-11-02")], nlp))
    return [(q.content.text, q.speaker.name) for q in analysis.quotes]


def test_a_lead_told_by_a_long_apposition_is_reported(nlp):
    text = ("Truce agreed\n\n"
            "The Kessan government and rebels in Kessa's northern Dorra region, at war since 2020, "
            "have agreed to end hostilities, the Lakes Union (LU) High Representative for the Dorra "
            "Valley, former Velarian President Tomas Okonde, said today.")
    found = _quotes(nlp, text)
    assert ("The Kessan government and rebels in Kessa's northern Dorra region, at war since "
            "2020, have agreed to end hostilities", "Tomas Okonde") in found, found


def test_the_name_right_after_an_inverted_cue_speaks(nlp):
    text = ("Truce agreed\n\nFormer Velarian President Tomas Okonde spoke in Dorra.\n\n"
            "\"This is not the end of the talks, it is the beginning,\" warned Obasanjo, flanked "
            "by the other two members of the mediation team: former Vice-President Amara "
            "Lindqvist and former President Juma Kesto.")
    speakers = [s for _, s in _quotes(nlp, text)]
    assert speakers and "Amara Lindqvist" not in speakers, speakers
