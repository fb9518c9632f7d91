"""One hyphenated word is one node of the parse, so clauses are not cut inside it."""

from __future__ import annotations

from parley.nlp.hyphens import join_hyphenated


def test_a_reported_clause_keeps_its_hyphenated_verb(nlp):
    doc = nlp("Velmaria and Ostrand said they would re-establish diplomatic ties soon.")
    contents = [q["content"]["text"] for q in doc._.parley_quotes]
    assert contents == ["they would re-establish diplomatic ties soon"]


def test_pieces_side_by_side_are_joined_under_the_last(nlp):
    doc = nlp.make_doc("The envoy said they would re-establish ties.")
    for name, proc in nlp.pipeline:
        doc = proc(doc)
        if name == "parser":
            break
    said, re_, hyphen, establish = doc[2], doc[5], doc[6], doc[7]
    for piece in (re_, hyphen, establish):  # how the parser left them (seen in a real report)
        piece.head, piece.dep_ = said, "ccomp"
    doc[3].head = re_  # "they" under the first piece
    join_hyphenated(doc)
    assert re_.head.i == establish.i and hyphen.head.i == establish.i
    assert doc[3].head.i == establish.i and establish.head.i == said.i
    assert [t.text for t in establish.subtree][0] == "they"


def test_a_well_parsed_compound_is_left_alone(nlp):
    doc = nlp.make_doc("The pro-government militia withdrew.")
    for name, proc in nlp.pipeline:
        doc = proc(doc)
        if name == "parser":
            break
    pro, hyphen, government, militia = doc[1], doc[2], doc[3], doc[4]
    pro.head, pro.dep_ = government, "amod"
    hyphen.head, hyphen.dep_ = government, "punct"
    government.head, government.dep_ = militia, "amod"
    heads = [(t.head.i, t.dep_) for t in doc]
    join_hyphenated(doc)
    assert [(t.head.i, t.dep_) for t in doc] == heads
