"""The prefilters of parley.nlp.scan and the cached text: they only skip what cannot match."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.attrs import DEP, LEMMA, LOWER

from parley.nlp.extensions import text_of
from parley.nlp.pipeline import load_pipeline
from parley.nlp.scan import positions, tokens

WIRE = Path(__file__).parent / "fixtures" / "wire"


@pytest.fixture(scope="module")
def docs():
    nlp = load_pipeline()
    texts = [p.read_text(encoding="utf-8") for p in sorted(WIRE.glob("*.txt"))[:6]]
    return list(nlp.pipe(texts))


@pytest.mark.parametrize(
    ("attr", "name", "keep"),
    [
        (LEMMA, "lemma_", lambda s: s.lower() in {"say", "town", "reject", "talk"}),
        (LOWER, "lower_", lambda s: s in {"in", "according", "near"}),
        (DEP, "dep_", lambda s: s in {"nsubj", "dobj", "pobj"}),
    ],
    ids=["lemma", "lower", "dep"],
)
def test_positions_match_a_full_walk(docs, attr, name, keep) -> None:
    for doc in docs:
        walked = [t.i for t in doc if keep(getattr(t, name))]
        assert positions(doc, attr, keep) == walked
        assert [t.i for t in tokens(doc, attr, keep)] == walked
    assert any(positions(doc, attr, keep) for doc in docs)  # the test sees real matches


def test_positions_of_an_empty_doc() -> None:
    nlp = load_pipeline()
    assert positions(nlp.make_doc(""), LEMMA, lambda s: True) == []


def test_text_of_is_the_doc_text_and_computed_once(docs) -> None:
    for doc in docs:
        first = text_of(doc)
        assert first == doc.text
        assert text_of(doc) is first
