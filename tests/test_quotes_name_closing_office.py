"""From real wire copy (invented text): "Minister of State for Foreign Affairs X said" is X
speaking, not the office."""

from __future__ import annotations

import pytest

from parley.model import Article
from parley.nlp.pipeline import analyze_articles


def _analysis(nlp, text: str):
    return next(analyze_articles([Article("t", text, published="2025-07-19")], nlp))


@pytest.mark.parametrize("text, speaker", [
    ("Declaration signed\n\nQatari Minister of State for Foreign Affairs Ahmed bin Khalid Al-Vessar said the "
     "declaration opened a new chapter.", "Ahmed bin Khalid Al-Vessar"),
    ("Special Envoy for the Lakes Region Tomas Dorrell said the talks would resume.", "Tomas Dorrell"),
    ("The Minister of State for Foreign Affairs Karim Vell told reporters that the deal would hold.",
     "Karim Vell"),
])
def test_the_name_closing_an_office_speaks(nlp, text, speaker):
    speakers = [q.speaker.name for q in _analysis(nlp, text).quotes]
    assert speakers == [speaker], speakers


def test_a_name_after_a_preposition_is_not_the_speaker(nlp):
    text = "The lawyer for Ali Dorrell said the case was closed."
    speakers = [q.speaker.name for q in _analysis(nlp, text).quotes]
    assert "Ali Dorrell" not in speakers, speakers
