"""Coverage-guided fuzzing (atheris) of every reader for a few seconds each, when installed.

atheris is not in parley's requirements (see tests/fuzz/readers.py); without it these
tests are skipped and tests/test_fuzz_readers.py (hypothesis) still fuzzes every reader.
Each target runs in its own process; a crash fails the test with libFuzzer's report and
leaves the input in pytest's temporary folder. ``PARLEY_ATHERIS_SECONDS`` sets the time
per target (default 4).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("atheris", reason="atheris not installed (optional: pip install atheris)")

HARNESS = Path(__file__).resolve().parent / "fuzz" / "readers.py"
SECONDS = int(os.environ.get("PARLEY_ATHERIS_SECONDS", "4"))
TARGETS = ["text", "html", "page", "feed", "json_feed", "opml", "query"]


@pytest.mark.timeout(SECONDS + 120)
@pytest.mark.parametrize("target", TARGETS)
def test_reader_survives_coverage_guided_fuzzing(target, tmp_path):
    done = subprocess.run(
        [sys.executable, str(HARNESS), target, f"-max_total_time={SECONDS}", "-rss_limit_mb=4096",
         f"-artifact_prefix={tmp_path}/", "-print_final_stats=0"],
        capture_output=True, text=True, timeout=SECONDS + 110)
    crashes = sorted(p.name for p in tmp_path.glob("crash-*"))
    start = done.stderr.find("=== Uncaught Python exception")
    report = done.stderr[start:start + 3000] if start >= 0 else done.stderr[-3000:]
    assert done.returncode == 0 and not crashes, f"{target}: {crashes}\n{report}"
    assert "Done " in done.stderr  # libFuzzer really ran
