"""/docs: the API described from /openapi.json, served locally (no Swagger UI from a CDN)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from parley.config import Settings
from parley.web.app import create_app
from parley.web.routes_docs import docs_page


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("docs") / "hub.db"
    with TestClient(create_app(Settings(db=str(db), secret="x"), hooks=False)) as c:
        yield c


def test_docs_page_lists_every_endpoint_locally(client):
    spec = client.get("/openapi.json").json()
    html = client.get("/docs").text
    for path in spec["paths"]:
        assert f'<span class="path">{path}</span>' in html
    assert "swagger" not in html.lower() and "cdn" not in html.lower()
    assert "needs a token" in html
    assert client.get("/redoc").status_code == 404


def test_docs_data_groups_by_tag_with_parameters_and_body():
    spec = {
        "info": {"title": "t", "version": "1", "description": "d"},
        "paths": {
            "/b": {"get": {"tags": ["pages"], "summary": "B", "parameters": [
                {"name": "limit", "in": "query", "description": "Items"}]}},
            "/api/x": {"post": {"tags": ["write"], "requestBody": {"content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/In"}}}}}},
            "/a": {"get": {"summary": "A"}},
        },
        "components": {"schemas": {"In": {"properties": {"url": {}, "name": {}}}}},
    }
    data = docs_page(spec)
    assert [(g["tag"], [e["path"] for e in g["endpoints"]]) for g in data["groups"]] == [
        ("other", ["/a"]), ("write", ["/api/x"]), ("pages", ["/b"])]
    write = data["groups"][1]["endpoints"][0]
    assert write["auth"] and write["body"] == "JSON: name, url" and write["method"] == "POST"
    assert data["groups"][2]["endpoints"][0]["parameters"] == [
        {"name": "limit", "in": "query", "required": False, "description": "Items"}]
