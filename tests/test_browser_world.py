"""The world pictures in Chromium: an emergent issue's positions chart, an actor's graph.

Both are server-side SVG: they must show, link to the actors, and raise no console error and
no request to another host, with JavaScript turned off as well as on.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from browser_support import browser, open_page, served  # noqa: F401
from parley.store import Store
from parley.store.schema import stances
from world_support import meeting, ostria_1, varn_1, varn_2

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("world") / "parley.db")
    with Store.open(path) as store:
        for analysis in (varn_1(), ostria_1(), varn_2(), meeting()):
            store.save_analysis(analysis)
        with store.engine.connect() as conn:
            slug = conn.execute(sa.select(stances.c.issue)
                                .where(stances.c.local_id == varn_1().stances[0].id)).scalar_one()
    with served(path) as base:
        yield base, slug


@pytest.mark.parametrize("javascript", [True, False])
def test_issue_chart_and_actor_graph(browser, world, javascript):  # noqa: F811
    base, slug = world
    context = browser.new_context(java_script_enabled=javascript)
    try:
        page = context.new_page()
        from browser_support import watch

        problems = watch(page)
        page.goto(f"{base}/issues/{slug}")
        chart = page.locator("svg.positions-chart")
        assert chart.is_visible()
        box = chart.bounding_box()
        assert box["width"] > 300 and box["height"] > 60
        assert chart.locator("circle[stroke='#000']").count() == 1  # the one change
        assert page.locator("h2", has_text="Changes (1)").count() == 1
        page.screenshot(path=f"/tmp/parley-world-issue-{javascript}.png", full_page=True)
        chart.locator("a", has_text="Lena Marsh").click()
        page.wait_for_url(re.compile(r"/actors/\d+$"))
        graph = page.locator("svg.contacts-graph")
        assert graph.is_visible()
        assert graph.locator("a", has_text="Oskar Vey").count() == 1
        assert graph.locator("text", has_text="Pia Lund").count() == 1
        page.screenshot(path=f"/tmp/parley-world-actor-{javascript}.png", full_page=True)
        assert problems == []
    finally:
        context.close()
