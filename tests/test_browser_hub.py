"""The hub in a real browser: Chromium (Debian's) driven by Playwright, against ``parley serve``.

Home -> an article -> click a highlighted quote -> the speaker's page -> search -> an issue.
Every page must load without console errors and without a request to another host.
"""

from __future__ import annotations

import re

import pytest

from browser_support import browser, open_page, served  # noqa: F401
from web_support import world_db  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(world_db):  # noqa: F811
    with served(world_db.url) as base:
        yield base


@pytest.fixture
def page(browser, server):  # noqa: F811
    with open_page(browser, 15_000) as pg:
        yield pg


def test_reader_journey(page, server):
    page.goto(server + "/")
    assert page.locator("h1").inner_text() == "Latest articles"
    page.get_by_role("link", name="Kelmora accepts strait ceasefire from Monday").click()
    page.wait_for_url(re.compile(r"/articles/\d+$"))
    assert "ceasefire" in page.locator("h1").inner_text()
    marks = page.locator("div.article-text mark.quote a")
    assert marks.count() >= 5

    speaker = page.locator("div.article-text mark.quote[title^='Teodora Malvic'] a").first
    speaker.click()
    page.wait_for_url(re.compile(r"/actors/\d+$"))
    assert page.locator("h1").inner_text() == "Teodora Malvic"
    assert page.locator("table.positions tbody tr").count() >= 1
    assert page.locator("ol.statements li").count() >= 1

    box = page.get_by_role("searchbox", name="Search")
    box.fill('"security guarantees" -corridor')
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q="))
    results = page.locator("ol.posts li.post")
    assert results.count() >= 1
    assert page.locator("p.snippet b").count() >= 1

    page.get_by_role("link", name="Issues", exact=True).click()
    page.wait_for_url(re.compile(r"/issues$"))
    page.get_by_role("link", name="ceasefire", exact=True).click()
    page.wait_for_url(re.compile(r"/issues/ceasefire$"))
    assert page.locator("table.matrix tbody tr").count() >= 3
    assert page.locator("table.changes tbody tr").count() >= 1
    assert page.problems == []


def test_timeline_chart_and_bad_search_in_the_browser(page, server):
    page.goto(server + "/timeline")
    assert page.locator("figure.chart svg rect.bar").count() >= 1
    page.goto(server + "/search?q=%22unclosed")
    assert "unbalanced quote" in page.locator("p.error").inner_text()
    page.goto(server + "/articles/999999")
    assert page.locator("h1").inner_text() == "Error 404"
    # the 400 and 404 answers are logged by Chromium as failed loads; nothing else may be
    assert [p for p in page.problems if "status of 4" not in p] == []
