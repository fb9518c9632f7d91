"""``parley serve``: serves the hub from the database given, fails with one line otherwise."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import httpx
import pytest

from web_support import free_port, served


def run_serve(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "parley", "serve", *args, "--quiet"],
                          capture_output=True, text=True, timeout=120)


def test_serve_answers_with_pages_and_twins(tmp_path):
    with served(str(tmp_path / "hub.db")) as base:
        assert httpx.get(base + "/issues").headers["content-type"].startswith("text/html")
        assert httpx.get(base + "/issues.json").json()["kind"] == "issues"
        assert "server" not in httpx.get(base + "/").headers  # no version banner
    assert (tmp_path / "hub.db").exists()


def test_links_point_where_the_hub_listens_unless_base_url_is_set(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}
    with served(str(tmp_path / "hub.db"), env=env) as base:
        feed = httpx.get(base + "/index.atom").text
        assert f'href="{base}/index.atom" rel="self"' in feed
    env["PARLEY_BASE_URL"] = "https://hub.example.org"
    with served(str(tmp_path / "hub.db"), env=env) as base:
        assert 'href="https://hub.example.org/index.atom"' in httpx.get(base + "/index.atom").text


def test_port_in_use_is_a_one_line_error(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = run_serve("--db", str(tmp_path / "x.db"), "--port", str(busy.getsockname()[1]))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("parley: error: cannot listen on")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [
    ["--db", "/nonexistent/folder/hub.db"],
    ["--host", "192.0.2.1"],  # a documentation address: not this machine's
])
def test_unusable_database_or_address(args, tmp_path):
    if "--db" not in args:
        args = [*args, "--db", str(tmp_path / "x.db")]
    result = run_serve(*args, "--port", str(free_port()))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("parley: error:")
    assert "Traceback" not in result.stderr
