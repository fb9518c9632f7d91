"""Speakers (from a real report on a ceasefire's extension, invented text): a minister with
two offices ("Deputy Prime Minister and Foreign Minister X"), then "the Deputy Prime
Minister stated" after an infinitive of purpose, "the deputy prime minister" and "the DPM"
are all X."""

from __future__ import annotations

from parley.model import Article
from parley.nlp.pipeline import analyze_articles

TEXT = (
    "Truce extended\n\n"
    "ISLAMABAD: Pakistan’s Deputy Prime Minister and Foreign Minister Kamal Darvesh on "
    "Thursday confirmed that the truce had been extended until May 18.\n\n"
    "To dispel confusion over the recent truce between Pakistan and India, the Deputy Prime "
    "Minister stated that Secretary of State Tom Vellard informed him on May 10 that New "
    "Delhi was ready.\n\n"
    "“At that time, our operation was nearing completion,” the DPM said.\n\n"
    "Asked about the talks, the deputy prime minister said the treaty would not be touched."
)


def _speakers(nlp) -> dict[str, str]:
    analysis = next(analyze_articles([Article("t", TEXT, published="2025-05-15")], nlp))
    return {q.content.text[:20]: q.speaker.name for q in analysis.quotes}


def test_every_office_of_the_minister_is_the_minister(nlp):
    found = _speakers(nlp)
    assert found.get("the truce had been e") == "Kamal Darvesh", found
    assert found.get("Secretary of State T") == "Kamal Darvesh", found
    assert found.get("At that time, our op") == "Kamal Darvesh", found
    assert found.get("the treaty would not") == "Kamal Darvesh", found


def test_an_infinitive_of_purpose_is_no_speaker(nlp):
    assert "dispel" not in _speakers(nlp).values()


def test_the_phrase_before_the_cue_speaks_when_the_parse_strands_it(nlp):
    # the parse hangs "the Deputy Prime Minister" on "India" and makes "To dispel" the subject
    text = ("Truce extended\n\nTo dispel confusion over the recent ceasefire between Pakistan and "
            "India, the Deputy Prime Minister stated that the envoy had called him on May 10.")
    analysis = next(analyze_articles([Article("t", text, published="2025-05-15")], nlp))
    mentions = [q.speaker.mention.text for q in analysis.quotes if q.speaker.mention]
    assert mentions == ["the Deputy Prime Minister"], mentions
