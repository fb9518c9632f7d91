"""Attribution model merge (from a real report on a rebel war, invented text): narration of
killing and displacement is nobody's words, whatever cue the model tags."""

from __future__ import annotations

from parley.model import Article
from parley.nlp.pipeline import analyze_articles


def test_killing_and_displacing_report_no_words(nlp):
    text = ("Rebels advance\n\nVelar fighters control more territory than ever before. Velmar "
            "denies backing the group. Clashes this year have killed thousands and displaced "
            "hundreds of thousands, prompting neighbouring armies to reinforce their "
            "contingents in eastern Dorra.")
    analysis = next(analyze_articles([Article("t", text, published="2025-07-19")], nlp))
    cues = [q.cue.text for q in analysis.quotes if q.cue is not None]
    assert not {"killed", "displaced"} & set(cues), cues
