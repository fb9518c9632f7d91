"""``parley eval`` from the command line: sources, --pred, --json, tables and errors."""

from __future__ import annotations

import json
import sys

import pytest

from conftest import FIXTURES
from parley.cli import main
from parley.eval.gold import read_brat, read_seed_gold

EVAL = FIXTURES / "eval"
BRAT_DEV = EVAL / "polnear" / "dev"
SEED_GOLD = EVAL / "seed" / "gold.json"


def run(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    """Run the real entry point; return (exit status, stdout, stderr)."""
    monkeypatch.setattr(sys, "argv", ["parley", "eval", *map(str, args)])
    with pytest.raises(SystemExit) as exc:
        main()
    out, err = capsys.readouterr()
    return exc.value.code or 0, out, err


@pytest.fixture()
def gold_jsonl(tmp_path):
    path = tmp_path / "gold.jsonl"
    docs = [*read_brat(BRAT_DEV), read_seed_gold(SEED_GOLD)]
    path.write_text("".join(json.dumps(d.to_json()) + "\n" for d in docs), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args, corpus, documents",
    [
        ([BRAT_DEV], "brat", 2),
        (["--polnear", BRAT_DEV], "brat", 2),
        ([BRAT_DEV, "--limit", "1"], "brat", 1),
        ([SEED_GOLD], "seed", 1),
        ([SEED_GOLD, EVAL / "seed" / "article.txt"], "seed", 1),
        (["--gold", SEED_GOLD, EVAL / "seed" / "article.txt"], "seed", 1),
    ],
)
def test_json_output(monkeypatch, capsys, gold_jsonl, args, corpus, documents):
    code, out, err = run(monkeypatch, capsys, *args, "--pred", gold_jsonl, "--json", "--quiet")
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert (report["corpus"], report["documents"]) == (corpus, documents)
    assert report["summary"]["quotes_e2e_f1"] == 1.0
    assert len(report["quotes"]["documents"]) == documents


def test_details_lists_the_missed_quotes(monkeypatch, capsys, tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    code, out, _ = run(monkeypatch, capsys, BRAT_DEV, "--pred", empty, "--json", "--details")
    docs = json.loads(out)["quotes"]["documents"]
    assert code == 0
    assert [m["content"] for m in docs[0]["missed"]] == ["the budget is balanced"]
    assert json.loads(out)["missing_predictions"] == ["council-budget", "harbour-talks"]


def test_table_output(monkeypatch, capsys, gold_jsonl):
    code, out, _ = run(monkeypatch, capsys, SEED_GOLD, "--pred", gold_jsonl)
    assert code == 0
    assert "1 document(s), 3 gold / 3 predicted quotes" in out
    rows = {line.split("│")[1].strip(): line for line in out.splitlines() if line.count("│") > 2}
    assert set(rows) >= {
        "quotes end-to-end",
        "events (kind, actor, date)",
        "stances (issue, actor, label)",
    }
    assert "1.000" in rows["quotes end-to-end"]
    assert "speaker accuracy on matched quotes: 1.000 (3/3)" in out


def test_help_documents_the_matching_rules(monkeypatch, capsys):
    code, out, _ = run(monkeypatch, capsys, "--help")
    assert code == 0
    flat = " ".join(out.split())
    assert "capitalised name token" in flat and "mention overlaps the gold source span" in flat


@pytest.mark.parametrize(
    "args, message",
    [
        (["/nonexistent/gold.json"], "/nonexistent/gold.json: no such file or folder"),
        ([], "give a gold .json file or a BRAT folder"),
        (["--gold", SEED_GOLD, "--polnear", BRAT_DEV], "one of --gold, --polnear or --news"),
        (["--polnear", BRAT_DEV, "extra"], "--polnear takes no further paths"),
        ([BRAT_DEV, SEED_GOLD], "an article file only goes with a gold .json file"),
        ([SEED_GOLD, "--pred", "/nonexistent/p.jsonl"], "/nonexistent/p.jsonl"),
        ([EVAL / "seed" / "article.txt"], "not valid JSON"),
    ],
)
def test_errors_are_one_line(monkeypatch, capsys, args, message):
    code, out, err = run(monkeypatch, capsys, *args, "--quiet")
    assert code == 1
    assert err.startswith("parley: error: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err
