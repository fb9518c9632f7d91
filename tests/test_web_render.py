"""JSON twins (``.json`` URLs and Accept headers), query strings and rendering."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from parley.config import Settings
from parley.web.app import create_app
from parley.web.render import TwinMiddleware, query_string


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("render") / "hub.db"
    with TestClient(create_app(Settings(db=str(db), secret="x"),
                               hooks=False)) as c:
        yield c


@pytest.mark.parametrize(("accept", "json_wanted"), [
    ("application/json", True),
    ("application/json, text/html;q=0.5", True),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", False),
    ("text/html, application/json", False),
    ("*/*", False),
    ("", False),
])
def test_accept_header_chooses_json_or_html(client, accept, json_wanted):
    r = client.get("/issues", headers={"accept": accept})
    assert r.status_code == 200
    if json_wanted:
        assert r.headers["content-type"].startswith("application/json")
        assert r.json()["kind"] == "issues"
    else:
        assert r.headers["content-type"].startswith("text/html")
        assert "<h1>Issues</h1>" in r.text


@pytest.mark.parametrize(("url", "kind"), [
    ("/index.json", "latest"), ("/issues.json", "issues"), ("/actors.json", "actors"),
    ("/timeline.json?limit=5", "timeline"), ("/search.json?q=x", "search"),
    ("/export.json", "exports"),
])
def test_dot_json_twin_routes_to_the_page(client, url, kind):
    r = client.get(url)
    assert r.status_code == 200 and r.json()["kind"] == kind


def test_openapi_json_is_not_a_twin(client):
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.") and "/search" in spec["paths"]


def test_errors_answer_in_json_for_a_twin(client):
    r = client.get("/articles/12345.json")
    assert r.status_code == 404
    assert r.json() == {"error": r.json()["error"], "status": 404}
    assert "article 12345" in r.json()["error"]


async def _run(middleware, path, method="GET"):
    seen = {}

    async def app(scope, receive, send):
        seen.update(path=scope["path"], twin=scope.get("parley.twin"))

    await middleware(app)({"type": "http", "method": method, "path": path,
                           "raw_path": path.encode(), "headers": []}, None, None)
    return seen


@pytest.mark.parametrize(("method", "path", "routed", "twin"), [
    ("GET", "/actors/3.json", "/actors/3", "json"),
    ("GET", "/index.json", "/", "json"),
    ("HEAD", "/issues.json", "/issues", "json"),
    ("GET", "/actors/3.atom", "/actors/3", "atom"),
    ("GET", "/index.atom", "/", "atom"),
    ("GET", "/openapi.json", "/openapi.json", None),
    ("GET", "/static/data.json", "/static/data.json", None),
    ("GET", "/export/quotes.jsonl", "/export/quotes.jsonl", None),
    ("GET", "/export/quotes.csv", "/export/quotes.csv", None),
    ("POST", "/api/ingest.json", "/api/ingest.json", None),
    ("POST", "/search.atom", "/search.atom", None),
])
def test_twin_middleware_rewrites_only_get_pages(method, path, routed, twin):
    import asyncio

    seen = asyncio.run(_run(TwinMiddleware, path, method))
    assert seen == {"path": routed, "twin": twin}


@pytest.mark.parametrize(("base", "changes", "expected"), [
    ({}, {}, ""),
    ({"q": "a b"}, {}, "?q=a+b"),
    ({"q": "x", "offset": 20}, {"offset": 40}, "?q=x&offset=40"),
    ({"q": "x", "offset": 20}, {"offset": None}, "?q=x"),
    ({"q": "", "limit": None}, {"before": "2025-03-01~4"}, "?before=2025-03-01~4"),
    (None, {"q": '"a&b"'}, "?q=%22a%26b%22"),
])
def test_query_string(base, changes, expected):
    assert query_string(base, **changes) == expected
