"""create_app: the router list, startup hooks, error pages and the store's lifetime."""

from __future__ import annotations

import contextlib
import sys
import types

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

from parley.config import Settings
from parley.errors import StoreError
from parley.store import Store
from parley.web import app as app_module
from parley.web.app import ROUTER_MODULES, create_app


@pytest.fixture
def settings(tmp_path):
    return Settings(db=str(tmp_path / "hub.db"), secret="x")


@pytest.fixture
def extra_module(monkeypatch):
    """A router module with a lifespan hook, registered the documented way."""
    events: list[str] = []
    module = types.ModuleType("parley_test_extra_routes")
    module.router = APIRouter()

    @module.router.get("/extra")
    def extra():
        return {"events": list(events)}

    @contextlib.asynccontextmanager
    async def lifespan(app):
        events.append("start")
        yield
        events.append("stop")

    module.lifespan = lifespan
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(app_module, "ROUTER_MODULES", [*ROUTER_MODULES, module.__name__])
    return events


def test_router_module_and_its_lifespan_hook_are_used(settings, extra_module):
    with TestClient(create_app(settings)) as client:
        assert client.get("/extra").json() == {"events": ["start"]}
    assert extra_module == ["start", "stop"]


def test_hooks_false_skips_every_hook(settings, extra_module):
    with TestClient(create_app(settings, hooks=False)) as client:
        assert client.get("/extra").json() == {"events": []}
    assert extra_module == []


def test_string_lifespan_hooks_run(settings, monkeypatch):
    module = types.ModuleType("parley_test_hook")
    seen = []

    @contextlib.asynccontextmanager
    async def hook(app):
        seen.append(app.state.settings.db)
        yield

    module.hook = hook
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(app_module, "LIFESPAN_HOOKS", [f"{module.__name__}:hook"])
    with TestClient(create_app(settings)):
        pass
    assert seen == [settings.db]


def test_a_given_store_is_left_open(settings):
    store = Store.open(settings.db)
    with TestClient(create_app(settings, store)) as client:
        assert client.get("/").status_code == 200
    assert store.latest().items == []  # still usable
    store.close()


def test_database_failure_is_a_503_without_traceback(settings, monkeypatch):
    app = create_app(settings, hooks=False)

    def broken(*args, **kwargs):
        raise StoreError("database is locked (listing the latest articles)")

    monkeypatch.setattr(app.state.store, "latest", broken)
    with TestClient(app) as client:
        r = client.get("/")
        assert r.status_code == 503
        assert "unavailable" in r.text and "Traceback" not in r.text
        assert client.get("/index.json").json()["status"] == 503


@pytest.mark.parametrize(("path", "status", "message"), [
    ("/no/such/page", 404, "There is no page at /no/such/page"),
    ("/articles/abc", 400, "article_id"),
    ("/actors/0", 400, "actor_id"),
    ("/articles/99999999999999999999999", 400, "article_id"),
    ("/timeline?actor=99999999999999999999999", 400, "actor"),
    ("/?limit=1000", 400, "limit"),
    ("/?before=yesterday", 400, "not a page cursor"),
    ("/issues/bad%20slug", 400, "slug"),
    ("/timeline?actor=999", 404, "actor 999"),
])
def test_bad_requests_get_a_helpful_message(settings, path, status, message):
    with TestClient(create_app(settings, hooks=False)) as client:
        r = client.get(path)
        assert r.status_code == status
        assert message in r.text
        assert "<h1>Error" in r.text


def test_method_not_allowed_is_reported(settings):
    with TestClient(create_app(settings, hooks=False)) as client:
        r = client.post("/issues")
        assert r.status_code == 405
