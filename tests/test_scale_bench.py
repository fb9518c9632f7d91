"""Smoke test for bench/scale.py: a tiny run on the world articles, no speed asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

BENCH = ROOT / "bench"
WORLD = Path(__file__).resolve().parent / "fixtures" / "world" / "articles"
sys.path.insert(0, str(BENCH))

import scale as scale_bench  # noqa: E402


@pytest.mark.parametrize(
    ("argv", "workers", "articles", "batch"),
    [
        ([], [1, 2], 2000, 32),
        (["--quick"], [1, 2], 24, 4),
        (["--workers", "2,4", "--articles", "10", "--batch-size", "5"], [2, 4], 10, 5),
    ],
)
def test_arguments(argv, workers, articles, batch):
    args = scale_bench.parse_args(argv)
    assert (args.worker_counts, args.articles, args.batch_size) == (workers, articles, batch)


@pytest.mark.parametrize("workers", ["0", "two", ""])
def test_bad_worker_counts_are_refused(workers, capsys):
    with pytest.raises(SystemExit) as exit_info:
        scale_bench.parse_args(["--workers", workers])
    assert exit_info.value.code == 2
    assert "--workers" in capsys.readouterr().err


@pytest.mark.parametrize("limit", [3, 8, 20])
def test_load_texts_takes_at_most_limit(limit):
    texts = scale_bench.load_texts([WORLD, WORLD], limit)
    assert len(texts) == min(limit, 16)
    assert [t.doc_id for t in texts[:2]] == sorted(p.stem for p in WORLD.glob("*.txt"))[:2]


@pytest.mark.slow
@pytest.mark.postgres
def test_tiny_run_reports_complete_storage(pg_database):
    admin = pg_database.rsplit("/", 1)[0] + "/postgres"
    result = subprocess.run(
        [sys.executable, str(BENCH / "scale.py"), "--corpus", str(WORLD), "--articles", "6",
         "--batch-size", "3", "--workers", "1", "--pg", admin, "--json"],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    (run,) = json.loads(result.stdout)["runs"]
    assert (run["workers"], run["articles"], run["stored"], run["distinct"]) == (1, 6, 6, 6)
    assert run["failed"] == 0
    assert run["bytes_per_article"] > 1000  # text, facts and indexes: kilobytes, not bytes
    assert run["per_worker_articles"] == [6]
