"""The write API: tokens made with the CLI, ingest and feeds over a local HTTP server, 401s."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from parley.cli import app as cli
from parley.store import Store
from parley.web.app import create_app
from web_support import hub_settings

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "feeds"))
from canned_server import CannedServer, Reply  # noqa: E402

ARTICLE = """<!doctype html><html><head><title>Harbour talks resume in Velmora</title>
<meta property="og:site_name" content="Estuary Gazette">
<meta name="date" content="2025-04-02"></head><body><article>
<h1>Harbour talks resume in Velmora</h1>
<p>VELMORA, April 2 - Negotiators from Ostrand and Pellmark met again on Tuesday to discuss
the reopening of the harbour, officials said.</p>
<p>"We are closer than we have ever been," Ostrand's chief negotiator Maren Tolvik told
reporters after the meeting. "The harbour must reopen before the summer."</p>
<p>Pellmark's delegation said it would answer the proposal within a week.</p>
</article></body></html>"""

FEED = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>
<title>Estuary Gazette</title><link>{base}/</link><description>News</description>
<item><title>Harbour talks resume in Velmora</title><link>{base}/harbour-talks</link>
<pubDate>Wed, 02 Apr 2025 09:00:00 GMT</pubDate></item></channel></rss>"""

HOME = """<!doctype html><html><head><title>Estuary Gazette</title>
<link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body>Home</body></html>"""


def _page(kind: str, body: str) -> Reply:
    return Reply(200, body.encode(), {"Content-Type": f"{kind}; charset=utf-8"})


@pytest.fixture(scope="module")
def site():
    with CannedServer() as server:
        base = server.url("").rstrip("/")
        server.routes.update({
            "/harbour-talks": _page("text/html", ARTICLE),
            "/feed.xml": _page("application/rss+xml", FEED.format(base=base)),
            "/": _page("text/html", HOME),
        })
        yield base


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "api.db")


@pytest.fixture
def client(db):
    with TestClient(create_app(hub_settings(db, allow_private_urls=True), hooks=False)) as c:
        yield c


def cli_token(db: str, name: str) -> str:
    result = CliRunner().invoke(cli, ["tokens", "create", name, "--db", db])
    assert result.exit_code == 0, result.output
    return result.stdout.strip().splitlines()[-1]


def bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


@pytest.mark.parametrize("headers", [
    {}, {"authorization": "Bearer"}, {"authorization": "Basic dXNlcjpwYXNz"},
    {"authorization": "Bearer parley_not-a-real-token"}, {"authorization": "Bearer x"},
])
@pytest.mark.parametrize("path", ["/api/ingest", "/api/feeds"])
def test_writes_need_a_valid_token(client, path, headers):
    r = client.post(path, json={"url": "https://news.example/a"}, headers=headers)
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    assert "token" in r.json()["error"]


def test_ingest_with_a_token_then_revoked(client, db, site):
    token = cli_token(db, "newsroom-bot")
    url = f"{site}/harbour-talks"
    r = client.post("/api/ingest", json={"url": url}, headers=bearer(token))
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["ok"] and data["summary"]["new"] == 1
    article = client.get(data["article"]["url"] + ".json").json()
    assert article["article"]["title"] == "Harbour talks resume in Velmora"
    assert any(q["content"]["text"].startswith("We are closer") for q in article["quotes"])
    again = client.post("/api/ingest", json={"url": url}, headers=bearer(token)).json()
    assert again["summary"]["unchanged"] == 1 and again["article"]["id"] == data["article"]["id"]

    listed = CliRunner().invoke(cli, ["tokens", "list", "--db", db])
    assert "newsroom-bot" in listed.stdout and token not in listed.stdout
    revoked = CliRunner().invoke(cli, ["tokens", "revoke", "newsroom-bot", "--db", db])
    assert revoked.exit_code == 0
    r = client.post("/api/ingest", json={"url": url}, headers=bearer(token))
    assert r.status_code == 401


def test_ingest_failure_is_a_422_with_the_reason(client, db, site):
    token = cli_token(db, "bot")
    r = client.post("/api/ingest", json={"url": f"{site}/missing"}, headers=bearer(token))
    assert r.status_code == 422
    assert "404" in r.json()["error"] and not r.json()["ok"]


@pytest.mark.parametrize("url", ["ftp://news.example/a", "javascript:alert(1)", "/relative",
                                 "https://"])
def test_ingest_refuses_non_http_urls(client, db, url):
    token = cli_token(db, "bot")
    r = client.post("/api/ingest", json={"url": url}, headers=bearer(token))
    assert r.status_code == 400 and "http" in r.json()["error"]


def test_ingest_refuses_private_addresses_by_default(db, site):
    token = cli_token(db, "bot")
    with TestClient(create_app(hub_settings(db), hooks=False)) as client:
        r = client.post("/api/ingest", json={"url": f"{site}/harbour-talks"}, headers=bearer(token))
    assert r.status_code == 422
    with Store.open(db) as store:
        assert store.latest().items == []


@pytest.mark.parametrize("path", ["/feed.xml", "/"])
def test_add_feed_from_feed_or_home_page(client, db, site, path):
    token = cli_token(db, "bot")
    r = client.post("/api/feeds", json={"url": site + path}, headers=bearer(token))
    assert r.status_code == 201, r.text
    assert r.json()["url"] == f"{site}/feed.xml" and r.json()["title"] == "Estuary Gazette"
    with Store.open(db) as store:
        assert [f.url for f in store.list_feeds()] == [f"{site}/feed.xml"]


def test_add_feed_where_there_is_none_is_a_422(client, db, site):
    token = cli_token(db, "bot")
    r = client.post("/api/feeds", json={"url": f"{site}/harbour-talks"}, headers=bearer(token))
    assert r.status_code == 422 and r.json()["error"]


def test_token_cli_errors(db):
    cli_token(db, "dup")
    again = CliRunner().invoke(cli, ["tokens", "create", "dup", "--db", db])
    assert again.exit_code == 1 and "already exists" in again.output
    missing = CliRunner().invoke(cli, ["tokens", "revoke", "nobody", "--db", db])
    assert missing.exit_code == 1 and "no active token" in missing.output


def test_write_api_is_in_the_openapi_document(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/ingest", "/api/feeds"} <= set(spec["paths"])
    assert "url" in spec["components"]["schemas"]["UrlIn"]["properties"]
