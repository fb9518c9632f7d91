"""``parley ingest --workers N`` and ``--dask ADDRESS`` through the real ``parley`` executable."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

PARLEY = str(Path(sys.executable).with_name("parley"))
WORLD = Path(__file__).resolve().parent / "fixtures" / "world" / "articles"


def parley(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([PARLEY, *args], capture_output=True, text=True, timeout=600,
                          env=os.environ | {"PARLEY_DB": ""}, stdin=subprocess.DEVNULL)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--workers", "2", "--dask", "tcp://127.0.0.1:8786"], "not both"),
        (["--workers", "2", "--n-process", "2"], "--n-process does not combine"),
        (["--dask", "tcp://127.0.0.1:8786"], "cannot write to a SQLite file"),
        (["--workers", "2", "--db", ":memory:"], "in-memory database"),
    ],
)
def test_refusals_are_one_line(tmp_path, options, message):
    db = ["--db", str(tmp_path / "p.db")] if "--db" not in options else []
    result = parley("ingest", str(WORLD), *db, *options)
    assert result.returncode == 1
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("parley: error: ")


def test_workers_option_is_validated():
    result = parley("ingest", str(WORLD), "--workers", "0")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def stored(url: str) -> tuple[int, int]:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT count(*), count(DISTINCT identity_key) FROM articles").fetchone()


@pytest.fixture
def dask_commands(tmp_path):
    """A scheduler and one worker started with the plain ``dask`` commands (as in the docs)."""
    dask = str(Path(sys.executable).with_name("dask"))
    info = tmp_path / "scheduler.json"
    logs = open(tmp_path / "dask.log", "w")  # noqa: SIM115 - closed below
    common = {"stdout": logs, "stderr": subprocess.STDOUT, "stdin": subprocess.DEVNULL}
    scheduler = subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", "0",
                                  "--no-dashboard", "--scheduler-file", str(info)], **common)
    worker = None
    try:
        for _ in range(600):
            if info.exists() and info.stat().st_size:
                break
            assert scheduler.poll() is None, (tmp_path / "dask.log").read_text()
            time.sleep(0.1)
        address = json.loads(info.read_text())["address"]
        worker = subprocess.Popen([dask, "worker", address, "--nworkers", "1", "--nthreads", "1",
                                   "--memory-limit", "2GiB", "--no-dashboard"], **common)
        yield address
    finally:
        for process in (worker, scheduler):
            if process is not None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
        logs.close()


@pytest.mark.slow
@pytest.mark.postgres
def test_workers_then_dask_scheduler(pg_url, tmp_path, dask_commands):
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(WORLD.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    first = parley("ingest", str(folder), "--db", pg_url, "--workers", "2", "--batch-size", "3")
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("8 new, 0 updated, 0 unchanged, 0 duplicate, 0 failed")
    assert stored(pg_url) == (8, 8)

    (folder / "extra.txt").write_text("Nothing was said.\n", encoding="utf-8")
    again = parley("ingest", str(folder), "--db", pg_url, "--dask", dask_commands, "--quiet")
    assert again.returncode == 0, again.stderr
    assert (again.stdout, again.stderr) == ("", "")
    assert stored(pg_url) == (9, 9)
    summary = parley("ingest", str(folder), "--db", pg_url, "--dask", dask_commands)
    assert summary.stdout.startswith("0 new, 0 updated, 9 unchanged, 0 duplicate, 0 failed")
