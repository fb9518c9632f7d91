"""The hub's forms and API under attack: CSRF, tokens, rate limits, headers, redirects, mail.

Complements test_web_security.py (the CSRF primitives and header values on a few paths)
and test_mail_web.py (the subscription pages): here every state-changing route of the
real app is enumerated and must be protected one way or another, every kind of page
(HTML, JSON twin, error, 429, static, POST answers) carries the headers, search and
subscribe are rate limited with Retry-After, no parameter turns the hub into an open
redirect, and no subscription field can add a header or a recipient to the mail sent.
"""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from mail_support import mail_settings
from parley.store import Store
from parley.store.mail_schema import mail_outbox
from parley.web.app import create_app
from parley.web.ratelimit import TokenBucket
from parley.web.security import CSRF_COOKIE, make_csrf_token
from store_fixtures import save_ferry_talks

BASE = "http://hub.example.org"
TEMPLATES = Path(__file__).resolve().parents[1] / "src" / "parley" / "web" / "templates"

#: Every route that changes state, and what protects it. A new POST route must be added
#: here with its protection, or this test fails: nothing unsafe slips in unreviewed.
PROTECTION = {
    ("POST", "/subscribe"): "csrf",
    ("POST", "/preferences"): "csrf",
    ("POST", "/api/ingest"): "token",
    ("POST", "/api/feeds"): "token",
    # Signed, per-subscriber token in the URL is the authority (RFC 8058 one-click POSTs
    # come from mail providers without cookies); without it nothing happens.
    ("POST", "/unsubscribe"): "signed-link",
    # Public by design (double opt-in: only a confirmation mail is sent, rate limited);
    # JSON only, which a cross-site form cannot send without a CORS preflight.
    ("POST", "/api/subscribe"): "json-only",
}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture
def hub(tmp_path):
    """(app, store) over a SQLite store with one article, an actor and a stance."""
    store = Store.open(str(tmp_path / "hub.db"))
    save_ferry_talks(store)
    app = create_app(mail_settings(2525, db=str(tmp_path / "hub.db"), subscribe_per_ip=1000,
                                   search_per_minute=1000), store, hooks=False)
    yield app, store
    store.close()


@pytest.fixture
def client(hub):
    with TestClient(hub[0], base_url=BASE) as c:
        yield c


def outbox(store) -> list[email.message.EmailMessage]:
    with store.engine.connect() as conn:
        raw = conn.execute(sa.select(mail_outbox.c.message).order_by(mail_outbox.c.id)).scalars().all()
    return [email.message_from_string(r, policy=email.policy.default) for r in raw]


def form_token(client, path: str = "/subscribe") -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert found
    return found.group(1)


# --------------------------------------------------------------------------- CSRF, tokens


def api_routes(routes, prefix: str = ""):
    """Every APIRoute of the app, including those of included routers (any nesting)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield prefix, route
        inner = getattr(route, "original_router", None)  # FastAPI's included-router wrapper
        if inner is not None:
            context = getattr(route, "include_context", None)
            yield from api_routes(inner.routes, prefix + (getattr(context, "prefix", "") or ""))


def unsafe_routes(app) -> set[tuple[str, str]]:
    found = {(method, prefix + route.path) for prefix, route in api_routes(app.routes)
             for method in route.methods & UNSAFE}
    # The app as served: the same POST routes must be in its OpenAPI document too.
    documented = {(m.upper(), path) for path, ops in app.openapi()["paths"].items()
                  for m in ops if m.upper() in UNSAFE}
    return found | documented


def test_every_state_changing_route_is_accounted_for(hub):
    assert unsafe_routes(hub[0]) == set(PROTECTION)


@pytest.mark.parametrize("method, path", sorted(k for k, v in PROTECTION.items() if v == "csrf"))
def test_csrf_routes_refuse_posts_without_a_token(client, method, path):
    client.get("/subscribe")  # the browser has its nonce cookie: only the token is missing
    bare = client.request(method, path, data={"email": "a@example.org", "kind": "all"})
    assert bare.status_code == 403
    nonce = client.cookies[CSRF_COOKIE]
    forged = make_csrf_token("not-the-hub-secret", nonce)
    assert client.request(method, path, data={"csrf_token": forged}).status_code == 403
    # a token lifted from another browser's page does not fit this browser's cookie
    other = TestClient(client.app, base_url=BASE)
    assert other.request(method, path, data={"csrf_token": form_token(client)}).status_code == 403


def test_csrf_token_accepted_from_the_right_page(client, hub):
    answer = client.post("/subscribe", data={"csrf_token": form_token(client), "email": "a@example.org",
                                             "kind": "all", "frequency": "daily"},
                         follow_redirects=False)
    assert answer.status_code == 303
    assert len(outbox(hub[1])) == 1


@pytest.mark.parametrize("path", sorted(p for (_, p), v in PROTECTION.items() if v == "token"))
@pytest.mark.parametrize("auth", [None, "Bearer", "Bearer ", "Bearer wrong-token", "Basic dXNlcjpwdw==",
                                  "bearer " + "x" * 5000])
def test_write_api_needs_a_valid_token(client, path, auth):
    headers = {"Authorization": auth} if auth is not None else {}
    answer = client.post(path, json={"url": "https://news.example/a"}, headers=headers)
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == "Bearer"
    assert answer.json()["status"] == 401


@pytest.mark.parametrize("content_type, body", [
    ("text/plain", '{"email": "a@example.org"}'),  # what <form enctype="text/plain"> sends
    ("application/x-www-form-urlencoded", "email=a%40example.org"),
    ("multipart/form-data; boundary=x", '--x\r\nContent-Disposition: form-data; name="email"\r\n\r\n'
                                        'a@example.org\r\n--x--\r\n'),
])
def test_public_json_api_refuses_what_a_cross_site_form_can_send(client, hub, content_type, body):
    answer = client.post("/api/subscribe", content=body, headers={"content-type": content_type})
    assert answer.status_code == 400
    assert outbox(hub[1]) == []


@pytest.mark.parametrize("query", ["", "?token=", "?token=forged.token.value"])
def test_unsubscribe_post_without_a_signed_token_changes_nothing(client, query):
    answer = client.post("/unsubscribe" + query)
    assert answer.status_code in (400, 422)


def test_every_post_form_in_the_templates_carries_a_csrf_token():
    forms = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        for form in re.findall(r"<form\b.*?</form>", template.read_text("utf-8"), re.S):
            if re.search(r'method="post"', form, re.I):
                forms.append((template.name, form))
    assert forms, "no POST forms found: has the template folder moved?"
    for name, form in forms:
        action = re.search(r'action="([^"?]*)', form).group(1)
        if PROTECTION.get(("POST", action)) == "signed-link":
            continue
        assert 'name="csrf_token" value="{{ csrf_token() }}"' in form, name


# --------------------------------------------------------------------------- rate limits


@pytest.mark.parametrize("rate, capacity, steps", [
    # (time, expected wait): a burst of 3 passes, the 4th waits a whole token (1 s at 1/s),
    # half a second later half a token has refilled, a second later a whole one.
    (1.0, 3, [(0.0, 0.0), (0.0, 0.0), (0.0, 0.0), (0.0, 1.0), (0.5, 0.5), (1.0, 0.0), (1.0, 1.0)]),
    # 60 a minute: one token a second; after an idle hour the bucket holds only `capacity`.
    (1.0, 2, [(0.0, 0.0), (3600.0, 0.0), (3600.0, 0.0), (3600.0, 1.0)]),
    (0.5, 1, [(10.0, 0.0), (10.0, 2.0), (11.0, 1.0), (12.0, 0.0)]),
])
def test_token_bucket_sequence(rate, capacity, steps):
    bucket = TokenBucket(rate, capacity)
    assert [bucket.take("10.0.0.1", now) for now, _ in steps] == pytest.approx([w for _, w in steps])


def test_token_bucket_keys_are_separate_and_bounded():
    bucket = TokenBucket(1.0, 1, max_keys=10)
    assert bucket.take("a", 0.0) == 0.0 and bucket.take("a", 0.0) > 0
    assert bucket.take("b", 0.0) == 0.0
    for i in range(50):  # a flood of addresses never grows the table past its bound
        bucket.take(f"flood-{i}", 100.0 + i)
    assert len(bucket._buckets) <= 10


def limited_app(tmp_path, **overrides):
    settings = mail_settings(2525, db=str(tmp_path / "lim.db"), **overrides)
    return create_app(settings, hooks=False)


@pytest.mark.parametrize("path", ["/search?q=ferry", "/search.json?q=ferry", "/search?q=x&in=quotes",
                                  '/search?q=%22unclosed'])
def test_search_is_rate_limited_per_client(tmp_path, path):
    app = limited_app(tmp_path, search_per_minute=3)
    with TestClient(app, client=("203.0.113.7", 5000)) as one, \
            TestClient(app, client=("203.0.113.8", 5000)) as two:
        assert [one.get(path).status_code in (200, 400) for _ in range(3)] == [True] * 3
        limited = one.get(path)
        assert limited.status_code == 429
        assert 1 <= int(limited.headers["retry-after"]) <= 20
        assert "Too many searches" in limited.text
        assert "content-security-policy" in limited.headers
        assert two.get(path).status_code in (200, 400)  # another address is not affected
        assert one.get("/").status_code == 200  # only search is limited


def test_search_limit_can_be_switched_off(tmp_path):
    app = limited_app(tmp_path, search_per_minute=0)
    with TestClient(app) as c:
        assert {c.get("/search?q=ferry").status_code for _ in range(30)} == {200}


def test_subscribe_is_rate_limited_with_retry_after(tmp_path):
    app = limited_app(tmp_path, subscribe_per_ip=2)
    with TestClient(app, client=("198.51.100.4", 1)) as c:
        body = {"email": "reader@example.org", "kind": "all", "frequency": "daily"}
        assert [c.post("/api/subscribe", json=body).status_code for _ in range(2)] == [202, 202]
        limited = c.post("/api/subscribe", json=body)
        assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
        form = c.post("/subscribe", data={"csrf_token": form_token(c), **body})
        assert form.status_code == 429 and "retry-after" in form.headers


# --------------------------------------------------------------------------- headers


def page_paths(store) -> list[str]:
    """One URL of every GET page of the hub, twins included, filled from the store."""
    article = store.latest(limit=1).items[0]
    actor = store.actors(limit=1).items[0]
    paths = ["/", f"/articles/{article.id}", "/actors", f"/actors/{actor.id}", "/issues",
             "/issues/water-sharing", "/timeline", "/search?q=ferry", "/subscribe",
             "/subscribe/sent", "/digest/preview", "/docs", "/openapi.json", "/favicon.ico",
             "/static/style.css", "/unsubscribe?token=bad", "/preferences?token=bad",
             "/articles/999999", "/nope", "/search?q=%22open", "/actors/0",
             "/export", "/export/quotes.csv", "/export/stances.jsonl"]
    return paths + [re.sub(r"^(/[^?]*?)(\?|$)", r"\1.json\2", p) for p in paths[:9] if p != "/"]


def check_headers(response) -> None:
    csp = response.headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval', no hosts
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'" and directives["base-uri"] == "'none'"
    assert "'unsafe-inline'" not in csp and "*" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


def test_headers_on_every_page_and_answer(client, hub):
    for path in page_paths(hub[1]):
        check_headers(client.get(path))
    check_headers(client.post("/subscribe", data={}))  # 403
    check_headers(client.post("/api/ingest", json={}))  # 401
    check_headers(client.request("DELETE", "/"))  # 405
    check_headers(client.get("/search?limit=999"))  # 400


def test_no_page_has_inline_script_or_event_handlers(client, hub):
    for path in page_paths(hub[1]):
        answer = client.get(path)
        if "text/html" not in answer.headers.get("content-type", ""):
            continue
        body = answer.text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body, re.I), path
        assert not re.search(r"\son[a-z]+\s*=", body, re.I), path
        assert "javascript:" not in body.lower(), path


# --------------------------------------------------------------------------- redirects

EVIL = ["https://evil.example/", "//evil.example/", "/\\evil.example", "\\\\evil.example",
        "https:evil.example", "/%2F%2Fevil.example", "%2F%2Fevil.example", "javascript:alert(1)",
        "/\t/evil.example", "http://hub.example.org@evil.example/"]
PARAMS = ["next", "return_to", "redirect", "url", "target", "continue", "back"]


def _offsite(location: str | None) -> bool:
    if location is None:
        return False
    if location.startswith(("//", "\\", "/\\")) or "evil.example" in location.split("/")[2:3]:
        return True
    return bool(re.match(r"^[a-z][a-z0-9+.-]*:", location, re.I)) and not location.startswith(BASE + "/")


@pytest.mark.parametrize("evil", EVIL)
def test_no_open_redirect(client, hub, evil):
    answers = []
    for path in ["/", "/subscribe", "/subscribe/sent", "/search", "/actors"]:
        answers.append(client.get(path, params={p: evil for p in PARAMS}, follow_redirects=False))
    answers.append(client.post("/subscribe", follow_redirects=False, data={
        "csrf_token": form_token(client), "email": "a@example.org", "kind": "all",
        "frequency": "daily", **{p: evil for p in PARAMS}}))
    # Paths that a slash-redirect could turn into another host ("//evil.example/").
    for raw in ["//evil.example/", "//evil.example/%2e%2e", "/actors/", "/\\evil.example/"]:
        answers.append(client.get(raw, follow_redirects=False))
    for answer in answers:
        assert not _offsite(answer.headers.get("location")), answer.headers.get("location")


# --------------------------------------------------------------------------- mail headers

INJECTIONS = ["\r\nBcc: victim@example.org", "\nBcc: victim@example.org", "\rCc: victim@example.org",
              "%0d%0aBcc: victim@example.org", "\u2028Bcc: victim@example.org",
              "\x85Bcc: victim@example.org", ">\r\nSubject: pwned", ", victim@example.org"]


@pytest.mark.parametrize("where", ["email", "target", "kind", "frequency"])
@pytest.mark.parametrize("payload", INJECTIONS)
@pytest.mark.parametrize("channel", ["form", "json"])
def test_no_header_or_recipient_injection_through_subscribe(client, hub, where, payload, channel):
    values = {"email": "reader@example.org", "kind": "search", "target": "ferry talks",
              "frequency": "daily"}
    values[where] += payload
    if channel == "form":
        answer = client.post("/subscribe", data={"csrf_token": form_token(client), **values},
                             follow_redirects=False)
        assert answer.status_code in (303, 400)
    else:
        answer = client.post("/api/subscribe", json=values)
        assert answer.status_code in (202, 400)
    for message in outbox(hub[1]):
        raw = message.as_string()
        assert "victim@example.org" not in raw.split("\n\n", 1)[0]  # not in any header
        assert message.get_all("Bcc") is None and message.get_all("Cc") is None
        assert message["To"].addresses[0].addr_spec == "reader@example.org"
        assert len(message["To"].addresses) == 1
        assert "pwned" not in str(message["Subject"])
        for name, value in message.items():
            assert "\r" not in value and "\n" not in value.replace("\n ", "").replace("\n\t", ""), name


# --------------------------------------------------------------------------- odd requests

ODD = [
    "/search?q=%00", "/search?q=ferry%00talks", "/search?q=%22", "/search?q=" + "a" * 600,
    "/search?q=speaker:%00", "/search?q=from:9999-99-99", "/search?in=nowhere&q=x",
    "/search?limit=-1", "/search?offset=99999999999999999999", "/?before=%00%ff",
    "/?before=" + "9" * 60, "/actors/99999999999999999999", "/actors/-1", "/articles/1e3",
    "/issues/..%2f..%2fetc%2fpasswd", "/issues/%00", "/static/../../../etc/passwd",
    "/static/%2e%2e/%2e%2e/etc/passwd", "/actors?q=%25%5f%00", "/timeline?actor=0",
    "/digest/preview?kind=actor&target=%00", "/digest/preview?days=100000",
    "/subscribe/confirm?token=" + "x" * 300, "/unsubscribe?token=a.b.c.d",
    "/export/quotes.csv?from=2025-13-01", "/export/../../etc/passwd", "/%ff%fe",
]


@pytest.mark.parametrize("path", ODD)
def test_odd_requests_get_a_clear_answer_never_a_500(client, path):
    answer = client.get(path)
    assert answer.status_code in (200, 400, 404, 422), (path, answer.status_code, answer.text[:300])
    assert "Traceback" not in answer.text and "root:" not in answer.text
    check_headers(answer)
