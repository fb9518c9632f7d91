"""Attribution linking (coordinator's fix from a real report): nobody inside the words an
attribution reports is its source, even when the parser hangs the cue on a quoted verb."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc
from spacy.tokens import Span as TokenSpan

from parley.nlp.attribution.link import link

WORDS = ['"', "Both", "sides", "reiterated", "their", "pledges", ",", '"', "read", "the",
         "statement", "by", "the", "Dravenian", "ministry", "."]
# the parse seen on real copy: "read" a conjunct of the quoted "reiterated", whose subject
# "Both sides" lies inside the quotation
HEADS = [3, 2, 3, 3, 5, 3, 3, 3, 3, 10, 8, 8, 14, 14, 11, 8]
DEPS = ["punct", "det", "nsubj", "ROOT", "poss", "dobj", "punct", "punct", "conj", "det",
        "dobj", "prep", "det", "compound", "pobj", "punct"]
POS = ["PUNCT", "DET", "NOUN", "VERB", "PRON", "NOUN", "PUNCT", "PUNCT", "VERB", "DET",
       "NOUN", "ADP", "DET", "PROPN", "NOUN", "PUNCT"]


def _doc() -> Doc:
    return Doc(spacy.blank("en").vocab, words=WORDS, heads=HEADS, deps=DEPS, pos=POS,
               sent_starts=[True] + [False] * (len(WORDS) - 1))


def test_the_subject_of_a_quoted_verb_is_not_the_source_of_the_quote():
    doc = _doc()
    content = TokenSpan(doc, 1, 6, label="CONTENT")
    cue = TokenSpan(doc, 8, 9, label="CUE")
    [found] = link(doc, [content, cue])
    assert found.source is None or found.source.start >= 8, found.source


def test_a_tagged_source_outside_the_quote_still_speaks():
    doc = _doc()
    content = TokenSpan(doc, 1, 6, label="CONTENT")
    cue = TokenSpan(doc, 8, 9, label="CUE")
    source = TokenSpan(doc, 12, 15, label="SOURCE")
    [found] = link(doc, [content, cue, source])
    assert found.source is not None and found.source.text == "the Dravenian ministry"


def test_a_tagged_source_inside_the_quote_is_never_taken():
    doc = _doc()
    content = TokenSpan(doc, 1, 6, label="CONTENT")
    cue = TokenSpan(doc, 8, 9, label="CUE")
    inner = TokenSpan(doc, 1, 3, label="SOURCE")
    [found] = link(doc, [content, cue, inner])
    assert found.source is None or found.source.start >= 8, found.source
