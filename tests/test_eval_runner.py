"""Evaluation runs: predictions from a mapping, a JSONL file or parley's own pipeline."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from conftest import FIXTURES, require_corpus
from parley.errors import InputError
from parley.eval.gold import read_brat, read_seed_gold
from parley.eval.metrics import score_quotes
from parley.eval.runner import (
    PredictionFile,
    count_documents,
    evaluate,
    evaluate_brat,
    evaluate_seed,
    predict,
)
from parley.model import Analysis, Speaker

EVAL = FIXTURES / "eval"
BRAT_DEV = EVAL / "polnear" / "dev"
SEED_GOLD = EVAL / "seed" / "gold.json"


def write_jsonl(path: Path, analyses) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        for analysis in analyses:
            handle.write(json.dumps(analysis.to_json(), ensure_ascii=False) + "\n")
    return path


def assert_perfect(summary: dict[str, float]) -> None:
    assert summary and all(value == 1.0 for value in summary.values()), summary


def test_gold_scored_against_itself_is_perfect():
    gold = {d.doc_id: d for d in read_brat(BRAT_DEV)}
    assert_perfect(evaluate_brat(BRAT_DEV, pred=gold).summary())
    seed = read_seed_gold(SEED_GOLD)
    report = evaluate_seed(SEED_GOLD, pred={seed.doc_id: seed})
    assert_perfect(report.summary())
    assert {"events_f1", "stances_f1", "quotes_e2e_f1"} <= set(report.summary())


def test_gold_through_jsonl_is_perfect(tmp_path):
    """The JSON form of an analysis carries everything the scorer reads."""
    pred = write_jsonl(tmp_path / "p.jsonl", [*read_brat(BRAT_DEV), read_seed_gold(SEED_GOLD)])
    assert_perfect(evaluate_brat(BRAT_DEV, pred=pred).summary())
    assert_perfect(evaluate_seed(SEED_GOLD, pred=pred).summary())


def test_partly_right_predictions():
    gold = {d.doc_id: d for d in read_brat(BRAT_DEV)}
    harbour = gold["harbour-talks"]
    q = harbour.quotes
    she = q[1].speaker.mention
    pred = dataclasses.replace(
        harbour,
        quotes=[
            # q[0] missed; the pronoun gold speaker is right through the mention
            dataclasses.replace(q[1], speaker=Speaker("Ilse Varnholt", she)),
            # a description gold speaker ("its leaflet") with no mention to compare
            dataclasses.replace(q[2], speaker=Speaker("Dock Union")),
            q[3],  # no source in gold and none predicted
        ],
    )
    report = evaluate_brat(BRAT_DEV, pred={**gold, "harbour-talks": pred})
    s = report.summary()
    assert (report.quotes.gold, report.quotes.predicted) == (5, 4)
    assert (s["quotes_content_overlap_p"], s["quotes_content_overlap_r"]) == (1.0, 0.8)
    assert (s["quotes_e2e_p"], s["quotes_e2e_r"]) == (0.75, 0.6)
    assert s["quotes_speaker_accuracy"] == 0.75


def test_documents_without_prediction_are_listed_and_count_as_misses(tmp_path):
    council = next(read_brat(BRAT_DEV, limit=1))
    report = evaluate_brat(BRAT_DEV, pred=write_jsonl(tmp_path / "p.jsonl", [council]))
    assert report.missing == ["harbour-talks"]
    assert report.quotes.content_overlap.recall == pytest.approx(1 / 5)
    assert report.to_json()["missing_predictions"] == ["harbour-talks"]


def test_prediction_file_finds_a_renamed_document_by_its_text(tmp_path):
    seed = read_seed_gold(SEED_GOLD)
    renamed = dataclasses.replace(seed, doc_id="article")
    pred = PredictionFile(write_jsonl(tmp_path / "p.jsonl", [renamed]))
    assert list(pred) == ["article"] and len(pred) == 1
    assert pred.find(seed).doc_id == "article"
    assert_perfect(evaluate_seed(SEED_GOLD, pred=tmp_path / "p.jsonl").summary())


def test_prediction_for_another_text_is_refused(tmp_path):
    seed = read_seed_gold(SEED_GOLD)
    other = dataclasses.replace(seed, article=dataclasses.replace(seed.article, text="Other."))
    with pytest.raises(InputError, match="differs from the gold text"):
        evaluate_seed(SEED_GOLD, pred={seed.doc_id: other})


@pytest.mark.parametrize(
    "lines, message",
    [
        (['{"doc_id": "a", "article": {"text": "x"}}', "{oops"], "line 2: not a JSON analysis"),
        (['{"doc_id": "a"}'], "line 1: not an analysis"),
        (['{"doc_id": "velde", "article": {"text": "x"}, "quotes": [{"id": 1}]}'], "malformed"),
    ],
)
def test_malformed_prediction_files(tmp_path, lines, message):
    path = tmp_path / "p.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message):
        evaluate_seed(SEED_GOLD, pred=path)


def test_evaluate_dispatches_on_the_source(tmp_path):
    gold = {d.doc_id: d for d in read_brat(BRAT_DEV)}
    assert evaluate(BRAT_DEV, pred=gold, limit=1).documents == 1
    assert evaluate(SEED_GOLD, pred={}, limit=1).corpus == "seed"
    assert (
        count_documents(BRAT_DEV),
        count_documents(BRAT_DEV, 1),
        count_documents(SEED_GOLD),
    ) == (2, 1, 1)
    with pytest.raises(InputError, match="only goes with a gold .json"):
        evaluate(BRAT_DEV, SEED_GOLD)
    with pytest.raises(InputError, match="no such file or folder"):
        evaluate(tmp_path / "absent")


def test_report_json_has_summary_and_per_document_scores():
    gold = {d.doc_id: d for d in read_brat(BRAT_DEV)}
    out = evaluate_brat(BRAT_DEV, pred=gold).to_json(details=True)
    assert out["corpus"] == "brat" and out["documents"] == 2
    assert [d["doc_id"] for d in out["quotes"]["documents"]] == ["council-budget", "harbour-talks"]
    assert out["quotes"]["documents"][1]["missed"] == []
    assert out["summary"]["quotes_e2e_f1"] == 1.0
    json.dumps(out)  # serialisable as is


def test_predict_runs_the_pipeline_in_gold_order_without_touching_gold(nlp):
    gold = list(read_brat(BRAT_DEV))
    pairs = list(predict(iter(gold), nlp))
    assert [(g.doc_id, p.doc_id) for g, p in pairs] == [(d.doc_id, d.doc_id) for d in gold]
    assert all(g is d for (g, _), d in zip(pairs, gold, strict=True))
    assert all(p.article.text == g.article.text for g, p in pairs)
    assert all(p.article.published == g.article.published for g, p in pairs)
    assert all(isinstance(p, Analysis) for _, p in pairs)


# -- the real corpora ---------------------------------------------------------------------


def test_seed_gold_is_perfect_against_itself(tmp_path):
    seed_gold = require_corpus("seed", "gold.json")
    seed = read_seed_gold(seed_gold)
    assert_perfect(evaluate_seed(seed_gold, pred={seed.doc_id: seed}).summary())
    assert_perfect(
        evaluate_seed(seed_gold, pred=write_jsonl(tmp_path / "p.jsonl", [seed])).summary()
    )


def test_polnear_dev_subset_is_perfect_against_itself(tmp_path):
    dev = require_corpus("polnear", "dev")
    pred = write_jsonl(tmp_path / "p.jsonl", read_brat(dev, limit=12))
    report = evaluate_brat(dev, pred=pred, limit=12)
    assert report.documents == 12 and report.quotes.gold > 100
    assert_perfect(report.summary())


def test_library_scorers_accept_a_prediction_file_and_report_progress(tmp_path):
    pred = PredictionFile(write_jsonl(tmp_path / "p.jsonl", read_brat(BRAT_DEV)))
    assert score_quotes(read_brat(BRAT_DEV), pred).e2e.f1 == 1.0
    seen: list[str] = []
    evaluate_brat(BRAT_DEV, pred=pred, progress=seen.append)
    assert seen == ["council-budget", "harbour-talks"]
