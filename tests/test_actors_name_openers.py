"""A sentence's opening adverb or conjunction that NER took into a name is cut off."""

from __future__ import annotations

from spacy.tokens import Span

from parley.nlp.actors.component import trim_name_openers


def test_opening_adverb_is_cut_from_the_person(nlp):
    doc = nlp.make_doc("However Ulla Brenn also said the talks would resume.")
    for name, proc in nlp.pipeline:
        if name in ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"):
            doc = proc(doc)
    doc.ents = [Span(doc, 0, 3, label="PERSON")]  # what NER gave in a real report
    trim_name_openers(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Ulla Brenn", "PERSON")]


def test_a_name_is_left_whole(nlp):
    doc = nlp("Foreign Minister Ulla Brenn said on Monday the talks would resume.")
    before = [(e.start, e.end, e.label_) for e in doc.ents]
    trim_name_openers(doc)
    assert [(e.start, e.end, e.label_) for e in doc.ents] == before


def test_the_speaker_of_a_report_is_the_name_without_the_adverb(nlp):
    doc = nlp.make_doc('However Ulla Brenn also said that "any real step" would help.')
    for name, proc in nlp.pipeline:
        if name == "ner":
            doc = proc(doc)
            doc.ents = [Span(doc, 0, 3, label="PERSON")]
        else:
            doc = proc(doc)
    speakers = [q["speaker"]["name"] for q in doc._.parley_quotes if q.get("speaker")]
    assert speakers and all(not s.startswith("However") for s in speakers)
