"""Smoke tests for bench/throughput.py and bench/_common.py: tiny runs, no speed asserted."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, require_corpus
from parley.errors import InputError
from parley.model import Article

BENCH = ROOT / "bench"
sys.path.insert(0, str(BENCH))

import _common  # noqa: E402

# Invented articles (people and places made up for these tests).
ARTICLES = {
    "a-harbour.txt": (
        "Velmora's trade minister Ansel Dorrick said on Tuesday that the harbour talks "
        "would resume next week. \u201cWe are closer than we have been in a year,\u201d he told "
        "reporters in Port Quillan.\n\nOstrand's envoy, Mirela Tavosh, rejected the draft. "
        '"Nothing is agreed until the fishing quotas are," she said.\n'
    ),
    "b-border.txt": (
        "The Ostrand government accused Velmora of stalling the border commission. Foreign "
        "minister Joss Elbury told the state broadcaster that the commission should meet in "
        "Kestrin before the end of the month.\n"
    ),
    "c-summit.txt": (
        "Leaders of both countries met in Port Quillan on Friday. Dorrick said the summit had "
        "been \u201cfrank and useful\u201d, while Tavosh warned that Ostrand would walk away if the "
        "quotas were not settled.\n\nSubscribe to our newsletter for daily updates.\n"
    ),
}
RATIO = r"\d+\.\d\d"


@pytest.fixture(scope="module")
def texts(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bench-texts")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def bench(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run bench/throughput.py as a user would, from the project root."""
    cmd = [sys.executable, str(BENCH / "throughput.py"), *map(str, args)]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)


def section_rows(stdout: str, title: str) -> list[list[str]]:
    """The table rows (split on runs of 2+ spaces) of the section whose heading starts so."""
    block = stdout.split(f"== {title}", 1)[1].split("\n== ", 1)[0]
    lines = block.splitlines()
    rule = next(i for i, line in enumerate(lines) if line.startswith("---"))
    rows = []
    for line in lines[rule + 1 :]:
        if not line.strip() or line.startswith(("ratio", "RSS", "parley's", "done")):
            break
        rows.append(re.split(r"\s{2,}", line.strip()))
    return rows


@pytest.fixture(scope="module")
def quick_run(texts) -> subprocess.CompletedProcess[str]:
    return bench("--quick", "--corpus", texts, "--articles", 8)


def test_quick_run_prints_every_ratio_line(quick_run):
    assert quick_run.returncode == 0, quick_run.stderr
    out = quick_run.stdout
    assert "3 texts" in out.splitlines()[0]
    for line in (
        rf"ratio parley\[boilerplate,quotes,actors\] / bare spaCy: {RATIO} \(by CPU time {RATIO}\)",
        rf"ratio parley\[all\] / bare spaCy: {RATIO} \(by CPU time {RATIO}\)",
        rf"ratio parley\[boilerplate,quotes,actors\] / bare spaCy implied by step times: {RATIO}",
        rf"ratio parley\[all\] / bare spaCy implied by step times: {RATIO}",
        rf"ratio 2 processes / 1 process: {RATIO} \(per repetition: {RATIO}\)",
        r"ratio RSS last/first \(peak since last sample\): \d+\.\d{3}",
        r"RSS before streaming: [\d,.]+ MiB; peak RSS while streaming: [\d,.]+ MiB; "
        r"peak RSS of the whole run: [\d,.]+ MiB",
    ):
        assert re.search(f"^{line}$", out, re.M), line


def test_quick_run_tables(quick_run):
    speed = section_rows(quick_run.stdout, "speed")
    assert [r[0] for r in speed] == [
        "bare spaCy",
        "parley[boilerplate,quotes,actors]",
        "parley[all]",
    ]
    assert speed[0][2] == "1.00x (baseline)"
    steps = [r[0] for r in section_rows(quick_run.stdout, "components")]
    assert steps[0] == "make_doc (tokenizer)" and steps[-1] == "to_analysis"
    assert {"parser", "ner", "parley_quotes", "parley_actors"} <= set(steps)
    procs = section_rows(quick_run.stdout, "processes")
    assert [r[0] for r in procs] == ["n_process=1", "n_process=2"]
    # One process does all the work itself; with two, worker processes do the analysis.
    assert procs[0][4] == "0.0" and float(procs[1][4]) > 0
    memory = section_rows(quick_run.stdout, "memory")
    # --articles 8 samples every article (a tenth of 8 rounds to 1).
    assert [r[0] for r in memory] == [str(n) for n in range(1, 9)]
    assert memory[0][3] == "+0.0"


def test_json_output_is_consistent(texts):
    run = bench(
        "--quick",
        "--corpus",
        texts,
        "--json",
        "--sections",
        "speed,memory",
        "--tasks",
        "quotes",
        "--repeat",
        2,
        "--articles",
        25,
    )
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert (data["texts"], data["chars"]) == (3, sum(len(t) for t in ARTICLES.values()))
    assert "processes" not in data and "components" not in data
    bare, ours = data["speed"]["bare spaCy"], data["speed"]["parley[quotes]"]
    assert ours["tasks"] == ["quotes"] and ours["target"] == 0.8
    assert ours["cpu_ratio"] == pytest.approx(
        _common.median(bare["cpu_seconds"]) / _common.median(ours["cpu_seconds"])
    )
    assert len(bare["chars_per_s"]) == len(ours["ratios"]) == 2
    assert ours["ratio"] == pytest.approx(ours["median"] / bare["median"])
    for rate, secs in zip(ours["chars_per_s"], ours["seconds"], strict=True):
        assert rate == pytest.approx(data["chars"] / secs)
    samples = data["memory"]["samples"]
    assert [s["articles"] for s in samples] == [2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 25]
    peaks = [s["window_peak"] for s in samples]
    assert data["memory"]["ratio"] == pytest.approx(peaks[-1] / peaks[0])
    assert all(s["window_peak"] >= s["rss"] for s in samples)
    assert data["memory"]["peak_rss"] >= max(peaks)


def test_default_corpus_quick_speed():
    require_corpus("polnear", "dev")
    run = bench("--quick", "--sections", "speed", "--tasks", "all")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("throughput: 6 texts,")
    line = rf"^ratio parley\[all\] / bare spaCy: {RATIO} \(by CPU time {RATIO}\)$"
    assert re.search(line, run.stdout, re.M)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--corpus", "/nonexistent/bench-corpus"),
            "error: /nonexistent/bench-corpus: not a folder",
        ),
        (("--tasks", "quotes,weather"), "error: unknown task 'weather' in --tasks"),
        (("--sections", "speed,latency"), "unknown section 'latency'"),
        (("--repeat", "0"), "--repeat must be at least 1"),
    ],
)
def test_bad_input_gives_one_line_error(texts, args, message):
    run = bench("--quick", "--corpus", texts, *args)
    assert run.returncode == 2
    assert message in run.stderr
    assert "Traceback" not in run.stderr and run.stdout == ""


def test_empty_folder_is_refused(tmp_path):
    run = bench("--quick", "--corpus", tmp_path)
    assert run.returncode == 2
    assert run.stderr.strip() == f"error: {tmp_path}: no .txt files found"


# -- _common ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "rows", "expected"),
    [
        (["a", "bb"], [["x", 1], ["long", 22]], "a     bb\n----  --\nx      1\nlong  22"),
        (["name", "n"], [], "name  n\n----  -"),
        (["k", "v", "w"], [["r", "", "3"]], "k  v  w\n-  -  -\nr     3"),
    ],
)
def test_table(headers, rows, expected):
    assert _common.table(headers, rows) == expected


@pytest.mark.parametrize(
    ("count", "ids"),
    [
        (0, []),
        (2, ["a#0", "b#1"]),
        (5, ["a#0", "b#1", "a#2", "b#3", "a#4"]),
    ],
)
def test_cycle_articles_gives_distinct_copies(count, ids):
    base = [Article("a", "Alpha text.", boilerplate=[(0, 5)]), Article("b", "Beta.")]
    out = list(_common.cycle_articles(base, count))
    assert [a.doc_id for a in out] == ids
    for i, art in enumerate(out):
        assert art.text == base[i % 2].text and art is not base[i % 2]
        art.boilerplate.append((1, 2))  # a copy's list is its own
    assert base[0].boilerplate == [(0, 5)] and base[1].boilerplate == []


def test_load_articles_reads_txt_in_name_order(texts):
    arts = _common.load_articles(texts, limit=2)
    assert [a.doc_id for a in arts] == ["a-harbour", "b-border"]
    assert arts[0].text == ARTICLES["a-harbour.txt"]
    with pytest.raises(InputError, match="not a folder"):
        _common.load_articles(texts / "a-harbour.txt")


def test_load_articles_polnear_has_dates():
    folder = require_corpus("polnear", "dev")
    arts = _common.load_articles(folder, limit=3)
    assert len(arts) == 3 and all(re.fullmatch(r"\d{4}-\d\d-\d\d", a.published or "") for a in arts)


@pytest.mark.parametrize(("repeat", "order"), [(1, ["a", "b"]), (3, ["a", "b"] * 3)])
def test_alternate_interleaves(repeat, order):
    calls: list[str] = []
    seconds = _common.alternate(
        {"a": lambda: calls.append("a"), "b": lambda: calls.append("b")}, repeat
    )
    assert calls == order
    assert [len(v) for v in seconds.values()] == [repeat, repeat]
    assert all(t.wall >= 0 and t.cpu >= 0 for v in seconds.values() for t in v)


def test_alternate_chunks_rotates_order_and_sums_per_repetition():
    calls: list[tuple[str, int]] = []
    runs = {name: (lambda chunk, name=name: calls.append((name, chunk))) for name in "abc"}
    timings = _common.alternate_chunks(runs, [0, 1, 2, 3], repeat=2)
    one = [("a", 0), ("b", 0), ("c", 0), ("b", 1), ("c", 1), ("a", 1)]
    one += [("c", 2), ("a", 2), ("b", 2), ("a", 3), ("b", 3), ("c", 3)]
    assert calls == one * 2
    assert {name: len(t) for name, t in timings.items()} == {"a": 2, "b": 2, "c": 2}


def test_timing_adds_and_measures_cpu():
    assert _common.Timing(1.5, 0.5) + _common.Timing(2.0, 1.0) == _common.Timing(3.5, 1.5)
    busy = _common.timed(lambda: sum(i * i for i in range(300_000)))
    slept = _common.timed(lambda: time.sleep(0.2))
    assert busy.cpu > 0 and slept.wall >= 0.2 and slept.cpu < 0.1


@pytest.mark.parametrize(
    ("items", "size", "expected"),
    [("abcde", 2, ["ab", "cd", "e"]), ("abc", 3, ["abc"]), ("", 4, []), ("ab", 5, ["ab"])],
)
def test_chunked(items, size, expected):
    assert _common.chunked(items, size) == expected


def test_rss_sampler_sees_an_allocation():
    mib = _common.MIB
    with _common.RssSampler(interval=0.01) as sampler:
        sampler.window()  # start a fresh window
        block = bytearray(64 * mib)  # zero-filled, so resident at once
        held = _common.rss()
        time.sleep(0.1)  # several samples while the block is held
        del block
        freed = _common.rss()
        second = sampler.window()
        third = sampler.window()
    # Slack: the kernel may drop a few file-backed pages (shared libraries) meanwhile.
    assert held - freed >= 48 * mib
    assert second >= held - 8 * mib
    assert third <= second - 32 * mib  # a new window: the freed block is no longer counted
    assert sampler.peak >= second
    assert _common.peak_rss() >= sampler.peak - mib
