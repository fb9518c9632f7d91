"""PostgreSQL restarted under a running ``parley serve``: the hub recovers by itself.

The only test that restarts the database server (it briefly breaks every other
connection to it, so it is kept short and can be left out with ``-k "not pg_restart"``;
it is also marked ``slow`` and ``postgres``). The hub serves pages from PostgreSQL, the server is restarted with
``pg_ctlcluster``, and then, without touching parley: while the database is down, answers
are 503 with a one-line message (never a 500 or a hang); once it is back, pages, JSON
twins and searches succeed again within a few seconds and keep succeeding. The mail
scheduler inside the hub runs every second meanwhile and must not take the process down.
Whatever happens, PostgreSQL is running again when the test ends.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from store_fixtures import _drop_pg_schema, fresh_pg_url, simple_analysis
from web_support import free_port, start_serve, stop_serve

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.timeout(300)]

RECOVERY_SECONDS = 10
PAGES = ["/", "/articles/1", "/actors", "/issues", "/search?q=ferry", "/index.json",
         "/actors.json", "/timeline"]


def cluster() -> tuple[str, str]:
    """(version, name) of the local PostgreSQL cluster, or skip."""
    if not shutil.which("pg_ctlcluster"):
        pytest.skip("pg_ctlcluster not available (not a Debian PostgreSQL install)")
    versions = sorted(os.listdir("/etc/postgresql")) if Path("/etc/postgresql").is_dir() else []
    if not versions:
        pytest.skip("no PostgreSQL cluster configured in /etc/postgresql")
    return versions[0], "main"


def pg_ready(timeout: float = 1.0) -> bool:
    done = subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-t", str(int(timeout) or 1)],
                          capture_output=True)
    return done.returncode == 0


def pg_ctl(action: str) -> None:
    version, name = cluster()
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, name, action],
                   check=True, capture_output=True, timeout=60)


@pytest.fixture
def pg_hub(pg_database):
    """``parley serve`` over a PostgreSQL schema with two articles; yields (base, process)."""
    from parley.store import Store

    url = fresh_pg_url(pg_database)
    with Store.open(url) as store:
        for i, town in enumerate(["Brackwater", "Saltmere"]):
            text = f"Anna Volkova said the ferry deal for {town} is dead. Tomas Brandt disagreed."
            store.save_analysis(simple_analysis(
                f"d{i}", text, title=f"Ferry talks in {town}", published=f"2025-04-2{i}",
                quotes=[("Anna Volkova", f"the ferry deal for {town} is dead")],
                actor_names=["Anna Volkova", "Tomas Brandt"]))
    port = free_port()
    env = {**os.environ, "PARLEY_SECRET": "restart-test-secret", "PARLEY_MAIL_INTERVAL": "1",
           "PARLEY_SEARCH_PER_MINUTE": "0"}
    proc = start_serve(url, port, env=env)
    try:
        yield f"http://127.0.0.1:{port}", proc
    finally:
        stop_serve(proc)
        if pg_ready():
            _drop_pg_schema(url)


def test_hub_recovers_after_postgresql_restart(pg_hub):
    base, proc = pg_hub
    cluster()
    statuses: list[tuple[float, str, int | str]] = []
    with httpx.Client(base_url=base, timeout=10) as client:
        assert all(client.get(p).status_code == 200 for p in PAGES)  # every pool slot warm
        try:
            pg_ctl("stop")
            down = client.get("/articles/1")
            assert down.status_code == 503, down.text
            assert "database is unavailable" in down.text
            assert client.get("/index.json").json()["status"] == 503
        finally:
            pg_ctl("start")  # PostgreSQL back whatever happened above
        restarted = time.monotonic()
        deadline = restarted + RECOVERY_SECONDS
        recovered_at = None
        while time.monotonic() < deadline:
            for path in PAGES:
                try:
                    status: int | str = client.get(path).status_code
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                statuses.append((round(time.monotonic() - restarted, 2), path, status))
            if all(s == 200 for _, _, s in statuses[-len(PAGES):]):
                recovered_at = time.monotonic() - restarted
                break
            time.sleep(0.2)
        assert recovered_at is not None, f"not recovered within {RECOVERY_SECONDS} s: {statuses[-10:]}"
        print(f"hub answered every page {recovered_at:.2f} s after PostgreSQL was started again")
        # ... and stays recovered: a burst over every page, twins included.
        burst = [client.get(p).status_code for p in PAGES * 5]
        assert burst == [200] * len(burst)
    assert all(s in (200, 503) for _, _, s in statuses), statuses  # never a 500 or a dropped line
    assert proc.poll() is None, "parley serve died"


@pytest.fixture(autouse=True)
def postgresql_running_afterwards():
    """Restart PostgreSQL if a failure left it stopped: other tests need it."""
    yield
    if shutil.which("pg_ctlcluster") and not pg_ready():
        pg_ctl("start")
        for _ in range(30):
            if pg_ready():
                break
            time.sleep(1)
