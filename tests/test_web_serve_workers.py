"""``parley serve --workers N``: uvicorn's worker processes share one socket and one database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from web_support import free_port


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def test_two_workers_answer_and_stop_together(tmp_path):
    port = free_port()
    env = {**os.environ, "PARLEY_SECRET": "workers-test-secret"}
    proc = subprocess.Popen([sys.executable, "-m", "parley", "serve", "--db",
                             str(tmp_path / "hub.db"), "--port", str(port), "--quiet",
                             "--workers", "2"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        answered = False
        while time.monotonic() < deadline and not answered:
            assert proc.poll() is None, proc.stderr.read().decode()
            try:
                answered = httpx.get(base + "/issues.json", timeout=2).status_code == 200
            except httpx.HTTPError:
                time.sleep(0.3)
        assert answered
        workers = _children(proc.pid)
        assert len([w for w in workers if Path(f"/proc/{w}").exists()]) >= 2
        for _ in range(10):
            r = httpx.get(base + "/index.json", timeout=5)
            assert r.status_code == 200 and r.json()["kind"] == "latest"
        # links still point where the hub listens (the setting reached every worker)
        assert f'href="{base}/index.atom"' in httpx.get(base + "/index.atom", timeout=5).text
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    # every child (the workers, and multiprocessing's resource tracker when one was started)
    # is gone within a few seconds of the supervisor (a loaded machine may take that long)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.2)
    assert not [w for w in workers if _alive(w)]


def _alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (a zombie waiting for its parent does not)."""
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
