"""Smoke test of bench/hub.py: a tiny build and latency run (no speed asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "hub.py"
PAGES = ["home", "article", "actor", "issue", "emergent issue", "search"]


def test_tiny_build_and_latency_run(tmp_path):
    db = tmp_path / "bench.db"
    args = [sys.executable, str(BENCH), "--articles", "40", "--requests", "3",
            "--sections", "build,latency", "--db", str(db), "--json"]
    run = subprocess.run(args, capture_output=True, text=True, timeout=600)
    assert run.returncode in (0, 1), run.stderr  # 1: a page slower than the target
    out = json.loads(run.stdout[run.stdout.index("\n{") + 1:])
    assert out["build"]["articles"] == 40 and out["build"]["statuses"] == {"new": 40}
    assert sorted(out["latency"]) == sorted(f"{p} {v}" for p in PAGES for v in ("html", "json"))
    assert all(r["errors"] == 0 and r["n"] == 3 for r in out["latency"].values())
    again = subprocess.run(args[:-1], capture_output=True, text=True, timeout=600)
    assert "40 articles (0 generated" in again.stdout  # the database is reused


def test_generated_articles_are_consistent():
    sys.path.insert(0, str(BENCH.parent))
    import hub

    factory = hub.ArticleFactory()
    first = [factory.analysis(i) for i in range(30)]
    assert [a.to_json() for a in first[:3]] == [hub.ArticleFactory().analysis(i).to_json()
                                              for i in range(3)]
    for a in first:
        text = a.article.text
        for q in a.quotes:
            assert text[q.content.start:q.content.end] == q.content.text
            assert text[q.speaker.mention.start:q.speaker.mention.end] in q.speaker.name
        for e in a.events:
            assert text[e.evidence.start:e.evidence.end] == e.evidence.text
            assert e.date.value <= a.article.published
        for s in a.stances:
            assert s.quote_id in {q.id for q in a.quotes}
            if s.origin == "open":  # a question no catalogue knows, in one of its wordings
                assert s.issue == f"open:{s.id}"
                assert any(s.proposition in w for w in hub.OPEN_QUESTIONS.values())
            else:
                assert s.issue in hub.ISSUES
    assert any(s.origin == "open" for a in first for s in a.stances)
    assert len({a.article.title for a in first}) == 30


def test_bad_arguments_are_one_line_errors():
    run = subprocess.run([sys.executable, str(BENCH), "--sections", "nope"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and run.stderr.startswith("error: unknown section")
