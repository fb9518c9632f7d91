"""False quotes of round 10 (helper neg): verbs of letting with a thing as subject, and the
model's cues on narration of armed force. Invented sentences only."""

from __future__ import annotations

import pytest
import spacy

from parley.nlp.attribution.merge import reports
from parley.nlp.pipeline import MODEL
from quotes_support import contents, quote_rules


@pytest.fixture(scope="module")
def nlp():
    return quote_rules(paragraphs=True)


@pytest.fixture(scope="module")
def parse():
    return spacy.load(MODEL)


def _refused(nlp, text: str) -> list[str]:
    doc = nlp(text)
    return [doc.text[s:e] for s, e in doc._.parley_refused_cues]


def _span(doc, words: str):
    start = doc.text.index(words)
    return doc.char_span(start, start + len(words), alignment_mode="expand")


# -- verbs of letting -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, cue",
    [
        ("The agreement allows food and medicine to reach the besieged town of Mirvale.", "allows"),
        ("Critics of the Velsk plan point to a loophole that allows shipowners to avoid the port levy.",
         "allows"),
        ("The new law would allow foreign reporters to travel to the northern provinces.", "allow"),
        ("The truce took hold on Monday, allowing farmers to return to their fields near Orsk.",
         "allowing"),
    ],
)
def test_a_thing_that_lets_something_happen_reports_no_words(nlp, text, cue):
    assert contents(nlp, text) == []
    assert cue in _refused(nlp, text)  # and the model may not report on that cue either


@pytest.mark.parametrize(
    "text, content",
    [
        # a party's stand (PolNeAR annotates it; the stances read it)
        ("Senator Ilse Marrow said she would never allow the port to be sold.",
         "she would never allow the port to be sold"),
        # a concession: "allowed that" reports words
        ("Minister Dace Torvin allowed that the plan had flaws.", "the plan had flaws"),
    ],
)
def test_letting_by_a_speaker_or_a_concession_is_still_reported(nlp, text, content):
    assert content in contents(nlp, text)


@pytest.mark.parametrize(
    "text, cue, content, source, expected",
    [
        ("The accord permits aid convoys to enter Mirvale twice a week.", "permits",
         "aid convoys to enter Mirvale twice a week", "The accord", False),
        ("Minister Dace Torvin allowed that the plan had flaws.", "allowed",
         "that the plan had flaws", "Minister Dace Torvin", True),
    ],
)
def test_model_cues_of_letting(parse, text, cue, content, source, expected):
    doc = parse(text)
    assert reports(_span(doc, cue), [_span(doc, content)], False, _span(doc, source)) is expected


# -- narration of armed force ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, cue, content, source, direct, expected",
    [
        ("The Velorian rebels have launched attacks against ships in the Strait of Karn.",
         "have launched", "attacks against ships in the Strait of Karn", "The Velorian rebels",
         False, False),
        ("Government forces shelled villages that the militia had used as bases.", "shelled",
         "villages that the militia had used as bases", "Government forces", False, False),
        # a phrasal verb is no act of war: "shelled out" money for what was said
        ("The Dunmere campaign shelled out to broadcast a film that says the mayor lied.",
         "shelled out", "a film that says the mayor lied", "The Dunmere campaign", False, True),
        # quoted words stay a report whatever the cue
        ('Colonel Ansel Brask fired back: "We will hold the bridge."', "fired back",
         '"We will hold the bridge."', "Colonel Ansel Brask", True, True),
    ],
)
def test_model_cues_of_armed_force(parse, text, cue, content, source, direct, expected):
    doc = parse(text)
    src = _span(doc, source)
    assert reports(_span(doc, cue), [_span(doc, content)], direct, src) is expected
