"""Security headers, CSRF tokens and redirect targets of the hub."""

from __future__ import annotations

import pytest
from fastapi import APIRouter, Depends, Form
from fastapi.testclient import TestClient

from parley.config import Settings
from parley.web.app import create_app
from parley.web.security import (
    CSRF_COOKIE,
    CSRF_MAX_AGE,
    check_csrf_token,
    make_csrf_token,
    require_csrf,
    safe_redirect_target,
)

SECRET = "s3cret-for-tests"
NONCE = "n" * 32


@pytest.fixture
def client(tmp_path):
    app = create_app(Settings(db=str(tmp_path / "hub.db"), secret=SECRET), hooks=False)
    router = APIRouter()

    @router.post("/form", dependencies=[Depends(require_csrf)])
    def submit(name: str = Form("")):
        return {"name": name}

    app.include_router(router)
    with TestClient(app) as c:
        yield c


@pytest.mark.parametrize("path", ["/", "/index.json", "/nope", "/static/style.css", "/docs",
                                  "/openapi.json", "/?limit=0"])
def test_security_headers_on_every_response(client, path):
    r = client.get(path)
    csp = r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "same-origin"
    assert r.headers["x-frame-options"] == "DENY"


def test_csrf_cookie_is_set_once_httponly_strict_and_only_with_a_form(client):
    # Pages without a form set no cookie (shared caches may keep them)...
    assert "set-cookie" not in client.get("/").headers
    # ...a page with a form does, once, and is private to this browser.
    r = client.get("/subscribe")
    cookie = r.headers["set-cookie"]
    assert cookie.startswith(CSRF_COOKIE + "=") and "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    assert r.headers["cache-control"].startswith("private")
    again = client.get("/subscribe")
    assert "set-cookie" not in again.headers  # the client sends it back now
    assert again.headers["cache-control"].startswith("private")


@pytest.mark.parametrize(("nonce", "token_nonce", "age", "tamper", "ok"), [
    (NONCE, NONCE, 0, False, True),
    (NONCE, NONCE, CSRF_MAX_AGE - 5, False, True),
    (NONCE, NONCE, CSRF_MAX_AGE + 5, False, False),   # expired
    (NONCE, NONCE, -3600, False, False),              # issued in the future
    (NONCE, "m" * 32, 0, False, False),               # made for another browser
    (NONCE, NONCE, 0, True, False),                   # signature changed
    (None, NONCE, 0, False, False),                   # no cookie
])
def test_check_csrf_token(nonce, token_nonce, age, tamper, ok):
    now = 1_750_000_000
    token = make_csrf_token(SECRET, token_nonce, now - age)
    if tamper:
        token = token[:-1] + ("0" if token[-1] != "0" else "1")
    assert check_csrf_token(SECRET, nonce, token, now) is ok


@pytest.mark.parametrize("token", ["", "abc", "x.y", "123.", ".abc"])
def test_malformed_csrf_tokens_are_refused(token):
    assert not check_csrf_token(SECRET, NONCE, token)


def test_form_post_needs_the_token_of_this_browser(client):
    client.get("/subscribe")  # a page with a form: receive the nonce cookie
    nonce = client.cookies[CSRF_COOKIE]
    good = make_csrf_token(SECRET, nonce)
    assert client.post("/form", data={"name": "Ann", "csrf_token": good}).json() == {"name": "Ann"}
    refused = client.post("/form", data={"name": "Ann"})
    assert refused.status_code == 403 and "reload the page" in refused.text
    other = make_csrf_token(SECRET, "z" * 32)
    assert client.post("/form", data={"name": "Ann", "csrf_token": other}).status_code == 403
    forged = make_csrf_token("another-secret", nonce)
    assert client.post("/form", data={"csrf_token": forged}).status_code == 403
    # a script on this origin may send it as a header instead
    assert client.post("/form", headers={"x-csrf-token": good}).status_code == 200


@pytest.mark.parametrize(("target", "expected"), [
    ("/actors/3", "/actors/3"),
    ("/search?q=a", "/search?q=a"),
    ("https://evil.example/", "/"),
    ("//evil.example/x", "/"),
    ("/\\evil.example", "/"),
    ("javascript:alert(1)", "/"),
    ("/ok\r\nSet-Cookie: x=1", "/"),
    (None, "/"),
    ("", "/"),
])
def test_safe_redirect_target(target, expected):
    assert safe_redirect_target(target) == expected
