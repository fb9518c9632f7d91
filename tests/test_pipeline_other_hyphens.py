"""From real wire copy (invented text): a name written with the non-breaking hyphen U+2011
("Al‑Vessar") is read as with "-"."""

from __future__ import annotations

import pytest

from parley.model import Article
from parley.nlp.pipeline import analyze_articles


def _analysis(nlp, text: str):
    return next(analyze_articles([Article("t", text, published="2025-07-19")], nlp))


@pytest.mark.parametrize("hyphen", ["-", "\u2011", "\u2010"])
def test_a_name_with_any_hyphen_is_one_speaker(nlp, hyphen):
    text = (f"Kessan Minister of State for Foreign Affairs Dorin bin Salem Al{hyphen}Vessar said "
            "the declaration opened a new chapter.")
    speakers = [q.speaker.name for q in _analysis(nlp, text).quotes]
    assert speakers == [f"Dorin bin Salem Al{hyphen}Vessar"], speakers


def test_a_word_joined_by_u2011_is_no_place_or_body(nlp):
    text = ("The mineral\u2011rich province held final\u2011status talks on Monday, "
            "Dorin Vessar said.")
    names = {a.name for a in _analysis(nlp, text).actors}
    assert not any("rich" in n or "status" in n for n in names), names
