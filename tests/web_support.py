"""Shared fixtures for the web hub tests: a store filled by the real pipeline, cached per session.

``world_db`` runs parley's pipeline (with the Torvane Strait world's actor registry and
issue catalogue) over the world articles, saves the analyses into a SQLite file, and adds
one hand-made hostile article whose title and text carry markup. ``world_nlp`` (that
pipeline) and ``world_analyses`` (its analyses of the world articles) serve the NLP tests
on the world. Test modules import the fixtures they use:
``from web_support import world_db, hub  # noqa: F401``.
"""

from __future__ import annotations

import functools
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from parley.config import Settings
from parley.model import Actor, Analysis, Article, Quote, Span, Speaker

WORLD = Path(__file__).resolve().parent / "fixtures" / "world"
HOSTILE_TITLE = 'Talks <script>alert(1)</script> resume'
HOSTILE_QUOTE = '<img src=x onerror="alert(2)"> we will not yield'
HOSTILE_URL = "javascript:alert(3)"


@dataclass(frozen=True)
class WorldDb:
    """The test database and what was put in it."""

    path: Path
    analyses: list[Analysis]
    hostile_id: int

    @property
    def url(self) -> str:
        return str(self.path)


def world_pipeline():
    """parley's full pipeline with the world's registry and catalogue (a fresh object)."""
    from parley.nlp.pipeline import build_pipeline

    return build_pipeline(configs={"actors": {"registries": [str(WORLD / "actors.json")]},
                                   "stances": {"issues": [str(WORLD / "issues.json")]}})


def world_articles() -> list[Article]:
    """The world articles with a headline, date, site and URL taken from their file names."""
    out = []
    for path in sorted((WORLD / "articles").glob("*.txt")):
        text = path.read_text("utf-8")
        day = path.stem[:10]
        site = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", path.stem).split("-")[0]
        out.append(Article(doc_id=path.stem, text=text, title=text.split("\n", 1)[0].strip(),
                           published=day, source=str(path), site=site.capitalize(),
                           url=f"https://{site}.example/{path.stem}"))
    return out


def hostile_analysis() -> Analysis:
    """An article whose title, text, quote and URL try to inject markup and script."""
    text = (f"VELISTRA (Test Wire) - {HOSTILE_TITLE}. The minister said: "
            f"\"{HOSTILE_QUOTE}\". Nothing else happened.")
    start = text.index(HOSTILE_QUOTE)
    quote = Quote(id="hq1", content=Span.of(text, start, start + len(HOSTILE_QUOTE)),
                  direct=True, speaker=Speaker("Henrik Aasgaard", None, "a1"))
    actor = Actor(id="a1", name="Henrik Aasgaard", kind="person", country="Kelmora")
    article = Article(doc_id="hostile", text=text, title=HOSTILE_TITLE, published="2025-03-29",
                      source="hostile.txt", url=HOSTILE_URL, site="Test <b>Wire</b>")
    return Analysis("hostile", article, actors=[actor], quotes=[quote])


# A session fixture imported into several modules is set up once per module (each import
# is a fixture of its own), so the pipeline and its analyses are cached here, once a process.
@functools.cache
def _world_nlp():
    return world_pipeline()


@functools.cache
def _world_analyses() -> tuple[Analysis, ...]:
    from parley.nlp.pipeline import analyze_articles

    return tuple(analyze_articles(world_articles(), _world_nlp()))


@pytest.fixture(scope="session")
def world_nlp():
    """``world_pipeline()``, shared by every test of the session: do not add or change pipes."""
    return _world_nlp()


@pytest.fixture(scope="session")
def world_analyses() -> list[Analysis]:
    """The world articles analysed by ``world_nlp`` (the same objects for every test)."""
    return list(_world_analyses())


@pytest.fixture(scope="session")
def world_db(tmp_path_factory) -> WorldDb:
    """A SQLite store with the world articles analysed by the real pipeline."""
    from parley.store import Store

    path = tmp_path_factory.mktemp("hub") / "world.db"
    analyses = list(_world_analyses())
    with Store.open(str(path)) as store:
        for analysis in analyses:
            store.save_analysis(analysis, url=analysis.article.url)
        hostile = store.save_analysis(hostile_analysis())
    return WorldDb(path, analyses, hostile.article_id)


def hub_settings(db: WorldDb | str, **overrides) -> Settings:
    """Settings for a hub over ``db`` with a fixed secret."""
    url = db.url if isinstance(db, WorldDb) else db
    return Settings(db=url, secret="test-secret-0123456789", **overrides)


@pytest.fixture(scope="session")
def hub(world_db):
    """A TestClient on the hub over the world database (shared, read-only use)."""
    from fastapi.testclient import TestClient

    from parley.web.app import create_app

    with TestClient(create_app(hub_settings(world_db), hooks=False)) as client:
        yield client


def free_port() -> int:
    """A TCP port on loopback that nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_serve(db: str, port: int, *, env: dict[str, str] | None = None,
                probe: str = "/") -> subprocess.Popen:
    """``parley serve`` in a subprocess, once ``probe`` answers 200 (``env``: its environment)."""
    if env is None:
        env = {**os.environ, "PARLEY_SECRET": "browser-test-secret"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "parley", "serve", "--db", db, "--port", str(port), "--quiet"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"parley serve exited: {proc.stderr.read().decode()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}{probe}", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("parley serve did not answer within 60 s")


def stop_serve(proc: subprocess.Popen, timeout: float = 10) -> None:
    """Stop a ``start_serve`` process; kill it when it has not ended within ``timeout`` s."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()


@contextmanager
def served(db: str, port: int | None = None, *, env: dict[str, str] | None = None,
           probe: str = "/", stop_timeout: float = 10) -> Iterator[str]:
    """``parley serve`` over ``db`` on ``port`` (a free one by default); yields its base URL."""
    port = port or free_port()
    proc = start_serve(db, port, env=env, probe=probe)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_serve(proc, stop_timeout)
