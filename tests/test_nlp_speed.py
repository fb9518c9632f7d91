"""The speed-ups that skip work must not change what is found: the stance cue prefilter
admits every token ``read_cue`` reads a stance from, and the merge's extent test keeps
every pair ``same_attribution`` joins (wire fixtures and invented quotes)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from parley.nlp.attribution import merge as merge_mod
from parley.nlp.extensions import text_of
from parley.nlp.pipeline import load_pipeline
from parley.nlp.ranges import RangeSet
from parley.nlp.stances import open as open_mod
from parley.nlp.stances.cues import load_lexicon
from parley.nlp.stances.units import Mentions

WIRE = Path(__file__).parent / "fixtures" / "wire"


@pytest.fixture(scope="module")
def wire_docs():
    nlp = load_pipeline()
    texts = [p.read_text(encoding="utf-8") for p in sorted(WIRE.glob("*.txt"))]
    return list(nlp.pipe(texts))


def _context(doc):
    mentions = Mentions(doc._.parley_actors or [])
    quotes = doc._.parley_quotes or []
    speech = open_mod.Speech(quotes, mentions, 0, text_of(doc))
    return open_mod.Context(doc, load_lexicon(), open_mod.Holders(mentions), speech, mentions,
                            open_mod._segments(doc))


def test_stance_prefilter_admits_every_cue_read_cue_finds(wire_docs) -> None:
    lex = load_lexicon()
    found = 0
    for doc in wire_docs:
        ctx = _context(doc)
        admitted = set(open_mod.cue_positions(doc, lex))
        for tok in doc:
            if open_mod.read_cue(ctx, tok) is not None:
                found += 1
                assert tok.i in admitted, (tok.text, tok.lemma_, tok.sent.text)
    assert found > 50  # the wire fixtures hold many stances: the check is not vacuous


def test_stance_prefilter_skips_most_tokens(wire_docs) -> None:
    lex = load_lexicon()
    tokens = sum(len(doc) for doc in wire_docs)
    admitted = sum(len(open_mod.cue_positions(doc, lex)) for doc in wire_docs)
    assert 0 < admitted < tokens / 3


def test_find_open_unchanged_without_the_prefilter(wire_docs, monkeypatch) -> None:
    def run():
        out = []
        for doc in wire_docs:
            mentions = Mentions(doc._.parley_actors or [])
            skip = RangeSet(doc._.parley_boilerplate or [])
            for f in open_mod.find_open(doc, doc._.parley_quotes or [], mentions, skip):
                out.append((f.holders, f.cue, f.sign, f.kind, f.sent, [t.i for t in f.target],
                            f.proposition, f.condition, f.quote_id))
        return out

    filtered = run()
    monkeypatch.setattr(open_mod, "cue_positions", lambda doc, lex: list(range(len(doc))))
    assert run() == filtered
    assert len(filtered) > 50


def _quote(rng: random.Random, rule: str) -> dict:
    start = rng.randrange(0, 400)
    end = start + rng.randrange(1, 60)
    content = {"start": start, "end": end, "text": ""}
    if rng.random() < 0.3:  # interrupted by its attribution
        mid = rng.randrange(start, end)
        content["segments"] = [[start, mid], [min(mid + 8, end), end]]
    cue_at = rng.randrange(0, 460)
    cue = {"start": cue_at, "end": cue_at + rng.randrange(1, 8)} if rng.random() < 0.9 else None
    mention = {"start": 0, "end": 3} if rng.random() < 0.5 else None
    return {"content": content, "cue": cue, "speaker": {"name": "x", "mention": mention},
            "_speaker_i": rng.randrange(100), "_rule": rule}


def _merge_every_pair(rules: list[dict], found: list[dict]) -> list[dict]:
    """``merge`` as it was, testing ``same_attribution`` on every pair."""
    out = list(rules)
    for q in found:
        twins = [r for r in rules if merge_mod.same_attribution(r, q)]
        if not twins:
            out.append(q)
            continue
        for r in twins:
            if r["speaker"]["mention"] is None and q["speaker"]["mention"] is not None:
                if merge_mod._overlap(merge_mod._cue(r), merge_mod._cue(q)):
                    r["speaker"] = dict(q["speaker"])
                    r["_speaker_i"] = q["_speaker_i"]
    out.sort(key=lambda q: (q["content"]["start"], q["content"]["end"]))
    return out


@pytest.mark.parametrize("seed", range(40))
def test_merge_equals_testing_every_pair(seed: int) -> None:
    rng = random.Random(seed)
    rules = [_quote(rng, "rule") for _ in range(rng.randrange(0, 15))]
    found = [_quote(rng, "model") for _ in range(rng.randrange(0, 15))]
    expected = _merge_every_pair([dict(r) for r in rules], [dict(q) for q in found])
    got = merge_mod.merge([dict(r) for r in rules], [dict(q) for q in found])
    assert got == expected
