"""Helpers for the browser tests: Debian's Chromium through Playwright, and ``parley serve``.

Test modules import what they use: ``from browser_support import browser, served  # noqa: F401``.
Without ``/usr/bin/chromium`` the browser tests are skipped, unless
``PARLEY_REQUIRE_BROWSER=1`` (CI), which makes them fail instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from web_support import served  # noqa: F401 - re-exported for the browser test modules

CHROMIUM = "/usr/bin/chromium"
#: No sandbox (containers), and nothing that would reach the network on its own.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]


def require_browser() -> None:
    """Skip the test when Chromium is missing (fail instead under PARLEY_REQUIRE_BROWSER=1)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("PARLEY_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing and PARLEY_REQUIRE_BROWSER=1")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")


@pytest.fixture(scope="module")
def browser():
    """Chromium, launched once per test module."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def watch(page) -> list[str]:
    """Record on ``page`` console errors, page errors and requests to other hosts; the list."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("request", lambda r: problems.append(f"request to {r.url}")
            if urlsplit(r.url).hostname not in ("127.0.0.1", None) else None)
    return problems


@contextmanager
def open_page(browser, timeout_ms: float = 15_000) -> Iterator[Any]:
    """A page in a fresh browser context, its problems watched (``page.problems``, see
    ``watch``); the context is closed after the block."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_default_timeout(timeout_ms)
        page.problems = watch(page)
        yield page
    finally:
        context.close()
