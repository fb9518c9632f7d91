"""Convert PolNeAR (BRAT) into spaCy DocBin files for the attribution model.

Usage: python training/convert.py SPLIT_DIR OUT.spacy

Each text is parsed by parley's English model (tags and dependency labels become model
features), its first annotation file gives the SOURCE, CUE and CONTENT spans as entities
(a discontinuous span gives one entity per piece), and the doc is cut at line breaks that
no span crosses, so that a training batch holds paragraphs rather than whole articles.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span
from spacy.util import filter_spans

from parley.eval.gold import list_brat, parse_ann, read_text
from parley.nlp.pipeline import MODEL

LABELS = {"Source": "SOURCE", "Cue": "CUE", "Content": "CONTENT"}


def gold_spans(doc: Doc, ann_text: str) -> list[Span]:
    """The annotated spans of ``doc`` as labelled token spans (overlaps resolved, longest first)."""
    spans = []
    for att in parse_ann(ann_text):
        for role, label in LABELS.items():
            for start, end in att.roles.get(role, ()):
                span = doc.char_span(start, end, label=label, alignment_mode="expand")
                if span is None:
                    continue
                first, last = span.start, span.end
                while first < last and doc[first].is_space:
                    first += 1
                while last > first and doc[last - 1].is_space:
                    last -= 1
                if first < last:
                    spans.append(Span(doc, first, last, label=label))
    return filter_spans(spans)


def chunks(doc: Doc) -> Iterator[Doc]:
    """Cut ``doc`` after line-break tokens that no entity crosses."""
    inside = [False] * len(doc)
    for ent in doc.ents:
        for i in range(ent.start, ent.end):
            inside[i] = True
    start = 0
    for token in doc:
        if "\n" in token.text_with_ws and not inside[token.i] and token.i + 1 - start >= 8:
            yield doc[start : token.i + 1].as_doc()
            start = token.i + 1
    if start < len(doc):
        yield doc[start:].as_doc()


def convert(split: Path, out: Path) -> tuple[int, int]:
    """Write ``split`` as a DocBin at ``out``; returns (texts, chunks)."""
    nlp = spacy.load(MODEL, exclude=["ner", "lemmatizer"])
    docs = list_brat(split)
    texts = (read_text(d.text_path) for d in docs)
    db = DocBin()
    n = 0
    for bdoc, doc in zip(docs, nlp.pipe(texts, batch_size=16), strict=True):
        doc.ents = gold_spans(doc, read_text(bdoc.ann_path))
        for part in chunks(doc):
            db.add(part)
            n += 1
    out.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(out)
    return len(docs), n


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[2])
    texts, parts = convert(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"{sys.argv[2]}: {texts} texts, {parts} chunks")
