"""The trained attribution model beside the quote rules: it loads offline from the package,
adds what the rules miss without touching what they find, and can be switched off."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc
from spacy.tokens import Span as TokenSpan
from typer.testing import CliRunner

from parley.cli import app
from parley.config import load_settings
from parley.model import Article
from parley.nlp.attribution.component import default_model_path, load_model, named
from parley.nlp.attribution.link import link
from parley.nlp.attribution.merge import merge
from parley.nlp.pipeline import RULE_TASKS, TASKS, analyze_articles, build_pipeline, default_tasks

ROOT = Path(__file__).resolve().parent.parent

#: Invented text: attributions the rules read ("said", "believes"), and two with an
#: adjectival cue ("are convinced", "are worried"), which is where the rules are thin.
TEXT = (
    "The harbour master of Velmora said on Tuesday that the new pier would open in April. "
    "Mayor Ilsa Brandt believes the council can find the money before the summer. "
    "Residents of Velmora are convinced the ferry fares will rise again. "
    "Fishermen are worried that the bay will silt up."
)


def _quote(start: int, end: int, cue: tuple[int, int] | None, mention=None) -> dict:
    return {
        "id": f"q{start}",
        "content": {"text": "x", "start": start, "end": end},
        "direct": False,
        "speaker": {"name": mention or "", "mention": mention and {"text": mention, "start": 0, "end": 3}},
        "cue": cue and {"text": "c", "start": cue[0], "end": cue[1]},
        "_speaker_i": 0 if mention else None,
    }


# -- the shipped model ---------------------------------------------------------------


def test_model_ships_in_the_package_and_loads_offline():
    path = default_model_path()
    assert path.is_dir() and (path / "meta.json").is_file()
    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    assert size <= 50 * 1024 * 1024
    model = load_model(str(path))
    assert model.pipe_names == ["tok2vec", "ner"]
    assert set(model.get_pipe("ner").labels) == {"SOURCE", "CUE", "CONTENT"}


def test_model_loads_without_network(tmp_path):
    """A fresh interpreter with sockets disabled still loads and runs the model."""
    code = (
        "import socket\n"
        "def no(*a, **k): raise OSError('network used')\n"
        "socket.socket.connect = no; socket.create_connection = no\n"
        "from parley.nlp.attribution.component import AttributionModel\n"
        "m = AttributionModel()\n"
        "print(m.model.get_pipe('ner').labels)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-500:]
    assert "CONTENT" in out.stdout


# -- linking and merging ---------------------------------------------------------------


def test_link_joins_a_split_quote_to_its_cue_and_source():
    words = ["“", "We", "wait", ",", "”", "Dara", "Voss", "said", ",", "“", "then", "we", "sail", ".", "”"]
    doc = Doc(spacy.blank("en").vocab, words=words)
    spans = [
        TokenSpan(doc, 0, 4, label="CONTENT"),
        TokenSpan(doc, 5, 7, label="SOURCE"),
        TokenSpan(doc, 7, 8, label="CUE"),
        TokenSpan(doc, 9, 15, label="CONTENT"),
    ]
    (found,) = link(doc, spans)
    assert found.cue.text == "said"
    assert found.source.text == "Dara Voss"
    assert [c.text for c in found.contents] == ["“ We wait ,", "“ then we sail . ”"]


def test_link_drops_content_without_a_cue():
    doc = Doc(spacy.blank("en").vocab, words=["the", "bay", "is", "calm"])
    assert link(doc, [TokenSpan(doc, 0, 4, label="CONTENT")]) == []


def _tree(words, heads, deps, pos):
    """A doc with a hand-made parse (heads are absolute token indices)."""
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos)


def test_link_keeps_two_far_pieces_after_one_cue_apart_and_a_split_quote_together():
    # two contents after one cue, far apart: the second is its own attribution
    words = "Nell Ardo said the ferry is late and the crew of the old boat has left".split()
    doc = Doc(spacy.blank("en").vocab, words=words)
    spans = [
        TokenSpan(doc, 0, 2, label="SOURCE"),
        TokenSpan(doc, 2, 3, label="CUE"),
        TokenSpan(doc, 3, 7, label="CONTENT"),
        TokenSpan(doc, 11, 16, label="CONTENT"),
    ]
    found = link(doc, spans)
    assert [[c.text for c in f.contents] for f in found] == [
        ["the ferry is late"], ["the old boat has left"]
    ]
    assert all(f.cue.text == "said" and f.source.text == "Nell Ardo" for f in found)


def test_link_takes_the_verb_a_cueless_content_hangs_on_as_its_cue():
    # Orla Penn rejected the toll plan
    doc = _tree(
        ["Orla", "Penn", "rejected", "the", "toll", "plan"],
        heads=[1, 2, 2, 5, 5, 2],
        deps=["compound", "nsubj", "ROOT", "det", "compound", "dobj"],
        pos=["PROPN", "PROPN", "VERB", "DET", "NOUN", "NOUN"],
    )
    (found,) = link(doc, [TokenSpan(doc, 3, 6, label="CONTENT")])
    assert found.cue.text == "rejected"
    assert found.source.text == "Orla Penn"


def test_link_gives_a_subjectless_cue_the_subject_of_the_verb_it_hangs_on():
    # Ilka Marr left , saying talks failed
    doc = _tree(
        ["Ilka", "Marr", "left", ",", "saying", "talks", "failed"],
        heads=[1, 2, 2, 2, 2, 6, 4],
        deps=["compound", "nsubj", "ROOT", "punct", "advcl", "nsubj", "ccomp"],
        pos=["PROPN", "PROPN", "VERB", "PUNCT", "VERB", "NOUN", "VERB"],
    )
    (found,) = link(doc, [TokenSpan(doc, 4, 5, label="CUE"), TokenSpan(doc, 5, 7, label="CONTENT")])
    assert found.source.text == "Ilka Marr"


def test_relative_pronoun_sources_count_but_generic_you_does_not():
    doc = Doc(spacy.blank("en").vocab, words=["who", "you", "it"])
    assert named(doc[0:1]) and named(doc[2:3])
    assert not named(doc[1:2]) and not named(None)


@pytest.mark.parametrize(
    "found, added",
    [
        (_quote(10, 30, (5, 9)), False),  # same content as the rule quote
        (_quote(40, 60, (2, 4)), True),  # the rule's own cue, other content: said too
        (_quote(40, 60, (35, 39)), True),  # elsewhere: the model's find is added
    ],
)
def test_merge_keeps_rule_quotes_and_adds_only_new_ones(found, added):
    rule = _quote(0, 20, (2, 4), mention="Voss")
    before = json.dumps(rule, sort_keys=True)
    out = merge([rule], [found])
    assert out[0] is rule and json.dumps(rule, sort_keys=True) == before
    assert (found in out) is added
    assert len(out) == 1 + added


def test_merge_lends_the_model_source_only_to_a_rule_quote_without_one():
    rule = _quote(0, 20, (2, 4))
    found = _quote(0, 20, (2, 4), mention="Voss")
    (out,) = merge([rule], [found])
    assert out["speaker"]["name"] == "Voss" and out["_speaker_i"] == 0


# -- the pipeline and the switch ---------------------------------------------------------


def _quotes(tasks):
    nlp = build_pipeline(tasks)
    (analysis,) = analyze_articles([Article(doc_id="velmora", text=TEXT)], nlp)
    return analysis.quotes


@pytest.fixture(scope="module")
def both():
    return _quotes(RULE_TASKS), _quotes(TASKS)


def test_model_keeps_every_rule_quote_and_adds_more(both):
    rules, full = both
    spans = {(q.content.start, q.content.end, q.speaker.name) for q in full}
    assert {(q.content.start, q.content.end, q.speaker.name) for q in rules} <= spans
    assert len(full) > len(rules)
    # the model's find the rules have no cue for; its source is the residents (the narrower
    # model of 2026-12-06 ends the span before "of Velmora")
    assert any(q.cue.text == "are convinced" and q.speaker.name.startswith("Residents")
               for q in full)
    added = [q for q in full if (q.content.start, q.content.end) not in
             {(r.content.start, r.content.end) for r in rules}]
    for q in added:  # every added quote has its evidence: a cue and content in the text
        assert q.cue is not None and TEXT[q.cue.start : q.cue.end] == q.cue.text
        assert TEXT[q.content.start : q.content.end] == q.content.text


def test_the_rule_only_switch():
    assert "attribution" in TASKS and "attribution" not in RULE_TASKS
    assert default_tasks(False) == RULE_TASKS and default_tasks(True) == TASKS


def test_the_setting_turns_the_model_off(monkeypatch):
    monkeypatch.setenv("PARLEY_ATTRIBUTION_MODEL", "false")
    assert load_settings().attribution_model is False
    assert default_tasks() == RULE_TASKS
    monkeypatch.delenv("PARLEY_ATTRIBUTION_MODEL")
    assert default_tasks() == TASKS


def test_cli_no_model_gives_the_rule_quotes(tmp_path, both):
    rules, full = both
    article = tmp_path / "velmora.txt"
    article.write_text(TEXT, "utf-8")
    runner = CliRunner()
    counts = []
    for extra in (["--no-model"], []):
        res = runner.invoke(app, ["analyze", str(article), "--format", "json", "-q", *extra])
        assert res.exit_code == 0, res.output[-500:]
        data = json.loads(res.stdout)
        data = data[0] if isinstance(data, list) else data
        counts.append(len(data["quotes"]))
    assert counts == [len(rules), len(full)]


# -- training ---------------------------------------------------------------------------


def test_make_train_target_rebuilds_the_model_from_polnear_train():
    out = subprocess.run(["make", "-n", "train"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "polnear/train" in out.stdout and "spacy train training/config.cfg" in out.stdout
    assert "src/parley/models/attribution" in out.stdout


def test_training_config_validates(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "spacy", "debug", "config", "training/config.cfg",
         "--code", "training/corpus.py",
         "--paths.train", str(tmp_path / "t.spacy"), "--paths.dev", str(tmp_path / "d.spacy")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert out.returncode == 0, out.stdout[-800:] + out.stderr[-800:]
    assert "Config is valid" in out.stdout


def _parsed(words, heads, deps):
    lemmas = [{"expected": "expect", "confirmed": "confirm"}.get(w, w.lower()) for w in words]
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, lemmas=lemmas)


def test_link_passive_cue_subject_is_not_the_source():
    # "The bridge is expected to reopen in May ." : nobody is said to expect it
    words = ["The", "bridge", "is", "expected", "to", "reopen", "in", "May", "."]
    heads = [1, 3, 3, 3, 5, 3, 5, 6, 3]
    deps = ["det", "nsubjpass", "auxpass", "ROOT", "aux", "xcomp", "prep", "pobj", "punct"]
    doc = _parsed(words, heads, deps)
    spans = [
        TokenSpan(doc, 0, 2, label="SOURCE"),
        TokenSpan(doc, 2, 4, label="CUE"),
        TokenSpan(doc, 4, 8, label="CONTENT"),
    ]
    (found,) = link(doc, spans)
    assert found.source is None


def test_link_passive_cue_with_an_agent_takes_the_agent():
    # "The delay was confirmed by the port authority ."
    words = ["The", "delay", "was", "confirmed", "by", "the", "port", "authority", "."]
    heads = [1, 3, 3, 3, 3, 7, 7, 4, 3]
    deps = ["det", "nsubjpass", "auxpass", "ROOT", "agent", "det", "compound", "pobj", "punct"]
    doc = _parsed(words, heads, deps)
    spans = [TokenSpan(doc, 0, 2, label="CONTENT"), TokenSpan(doc, 2, 4, label="CUE")]
    (found,) = link(doc, spans)
    assert found.source.text == "the port authority"


def test_model_reports_no_anonymity_formula():
    from parley.nlp.attribution.component import add_found
    from parley.nlp.attribution.link import Found

    nlp = build_pipeline(RULE_TASKS)
    text = "An aide to the mayor of Velmora, who asked not to be named, said the pier was safe."
    doc = nlp(text)
    start = text.index("not to be named")
    content = doc.char_span(start, start + len("not to be named"))
    cue = doc.char_span(text.index("asked"), text.index("asked") + 5)
    source = doc.char_span(text.index("who"), text.index("who") + 3)
    before = len(doc._.parley_quotes)
    add_found(doc, [Found(cue, [content], doc[1:2])])
    assert len(doc._.parley_quotes) == before
    assert source is not None
