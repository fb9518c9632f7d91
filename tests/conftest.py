"""Shared fixtures: the evaluation corpora beside the checkout, and the spaCy pipeline."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PARLEY_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def require_corpus(*parts: str) -> Path:
    """Path inside ../shared/corpus, or skip the test with the reason when it is absent."""
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        reason = f"evaluation corpus not found at {path} (expected ../shared beside the checkout)"
        if os.environ.get("PARLEY_REQUIRE_CORPUS"):
            pytest.fail(reason + "; PARLEY_REQUIRE_CORPUS is set (CI)")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def nlp():
    """The full parley pipeline, loaded once per test session."""
    from parley.nlp.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    return require_corpus("seed")

# Storage fixtures (store, store_url, pg_database) for every test module.
pytest_plugins = ["store_fixtures"]
