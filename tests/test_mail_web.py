"""The hub's subscription pages: form + CSRF, no enumeration, confirm link, RFC 8058
unsubscribe (GET shows, POST acts), preferences, digest preview, JSON API, rate limits."""

from __future__ import annotations

import email
import email.policy
import re
import time

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from mail_support import link, mail_settings
from parley.mail import subscriptions as subs
from parley.store import Store
from parley.store.mail_schema import mail_outbox
from parley.web.app import create_app
from parley.web.routes_subscriptions import MIN_ANSWER_SECONDS
from store_fixtures import save_ferry_talks

BASE = "http://hub.example.org"


@pytest.fixture
def hub(tmp_path):
    """(client, store) for a hub over a SQLite store with one article and its actors."""
    store = Store.open(str(tmp_path / "hub.db"))
    save_ferry_talks(store)
    settings = mail_settings(2525, db=str(tmp_path / "hub.db"), subscribe_per_ip=50)
    app = create_app(settings, store, hooks=False)
    with TestClient(app, base_url=BASE) as client:
        yield client, store
    store.close()


def csrf(client, path: str = "/subscribe") -> str:
    page = client.get(path)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


def post_subscribe(client, **fields):
    data = {"csrf_token": csrf(client), "kind": "all", "target": "", "frequency": "daily", **fields}
    return client.post("/subscribe", data=data, follow_redirects=False)


def mails(store, kind: str = "confirm") -> list[email.message.EmailMessage]:
    with store.engine.connect() as conn:
        raw = conn.execute(sa.select(mail_outbox.c.message).where(mail_outbox.c.kind == kind)
                           .order_by(mail_outbox.c.id)).scalars().all()
    return [email.message_from_string(r, policy=email.policy.default) for r in raw]


def local(url: str) -> str:
    assert url.startswith(BASE + "/")
    return url[len(BASE):]


def test_form_and_its_json_twin(hub):
    client, _ = hub
    page = client.get("/subscribe?kind=actor&target=Anna%20Volkova&frequency=weekly")
    assert page.status_code == 200
    assert 'value="Anna Volkova"' in page.text and 'value="weekly" selected' in page.text
    assert 'name="csrf_token"' in page.text
    twin = client.get("/subscribe.json").json()
    assert [k["value"] for k in twin["kinds"]] == ["all", "actor", "issue", "search"]
    assert twin["frequencies"] == ["immediately", "daily", "weekly"]


def test_post_needs_csrf(hub):
    client, store = hub
    r = client.post("/subscribe", data={"email": "reader@example.org", "kind": "all",
                                        "frequency": "daily"}, follow_redirects=False)
    assert r.status_code == 403
    assert mails(store) == []


def test_subscribe_redirects_to_check_your_inbox(hub):
    client, store = hub
    r = post_subscribe(client, email="reader@example.org", kind="actor", target="anna volkova")
    assert (r.status_code, r.headers["location"]) == (303, "/subscribe/sent")
    page = client.get("/subscribe/sent")
    assert "Check your inbox" in page.text
    (mail,) = mails(store)
    assert mail["To"] == "reader@example.org"
    (sub,) = subs.list_subscriptions(store)
    assert (sub.follow.target, sub.status) == ("Anna Volkova", "pending")


def _answer(client, address: str):
    started = time.monotonic()
    r = post_subscribe(client, email=address)
    # The answer's timing does not tell a new address from a confirmed one either.
    assert time.monotonic() - started >= MIN_ANSWER_SECONDS
    return r.status_code, r.headers.get("location"), client.get(r.headers["location"]).text


def test_same_answer_for_new_pending_and_confirmed_addresses(hub):
    client, store = hub
    new = _answer(client, "first@example.org")
    pending = _answer(client, "first@example.org")
    client.get(local(link(mails(store)[0], "/subscribe/confirm")))
    assert subs.list_subscriptions(store)[0].status == "confirmed"
    confirmed = _answer(client, "first@example.org")
    other = _answer(client, "second@example.org")
    assert new == pending == confirmed == other
    assert subs.list_subscriptions(store)[0].status == "confirmed"  # not reset


@pytest.mark.parametrize("fields, message, status", [
    ({"email": "not-an-address"}, "one email address", 400),
    ({"email": 'x@example.org"><script>alert(1)</script>'}, "one email address", 400),
    ({"email": "r@example.org", "kind": "actor", "target": "<img src=x onerror=alert(1)>"},
     "no actor", 404),
    ({"email": "r@example.org", "frequency": "hourly"}, "how often", 400),
    ({"email": "r@example.org", "kind": "search", "target": "from:yesterday-ish"}, "", 400),
    ({"email": "r@example.org", "kind": "search", "target": "x" * 301}, "at most 300", 400),
])
def test_bad_input_shows_the_form_again_escaped(hub, fields, message, status):
    client, store = hub
    r = post_subscribe(client, **fields)
    assert r.status_code == status
    assert 'id="subscribe-error"' in r.text and message in r.text
    assert "<script>alert(1)" not in r.text and "<img src=x" not in r.text
    assert mails(store) == []


def test_no_open_redirect(hub):
    client, _ = hub
    r = post_subscribe(client, email="r@example.org", next="https://evil.example/",
                       redirect="//evil.example")
    assert r.headers["location"] == "/subscribe/sent"


def test_rate_limit_per_client(tmp_path):
    store = Store.open(str(tmp_path / "hub.db"))
    app = create_app(mail_settings(2525, subscribe_per_ip=2), store, hooks=False)
    with TestClient(app, base_url=BASE) as client:
        codes = [post_subscribe(client, email=f"r{i}@example.org").status_code for i in range(3)]
        assert codes == [303, 303, 429]
        api = client.post("/api/subscribe", json={"email": "x@example.org"})
        assert api.status_code == 429
    store.close()


def test_confirm_link(hub):
    client, store = hub
    post_subscribe(client, email="reader@example.org")
    url = local(link(mails(store)[0], "/subscribe/confirm"))
    first = client.get(url)
    assert first.status_code == 200 and "the subscription is confirmed" in first.text
    assert first.headers["cache-control"] == "no-store"
    assert "already confirmed" in client.get(url).text
    bad = client.get(url[:-3] + ("AAA" if not url.endswith("AAA") else "BBB"))
    assert bad.status_code == 403 and "not valid" in bad.text  # well formed, not genuine
    cut = client.get(url[:-3])
    assert cut.status_code == 400 and "incomplete or damaged" in cut.text


def _confirmed(client, store, address="reader@example.org", **fields):
    post_subscribe(client, email=address, **fields)
    client.get(local(link(mails(store)[-1], "/subscribe/confirm")))
    return [s for s in subs.list_subscriptions(store) if s.email == address][-1]


def _unsubscribe_url(store, sub) -> str:
    prefs = subs.preferences(store, mail_settings(25), _prefs_token(store, sub))
    return local(prefs.links[sub.id])


def _prefs_token(store, sub) -> str:
    return local(subs.preferences_for_subscription(store, mail_settings(25), sub.id)).split("token=")[1]


def test_unsubscribe_get_only_shows_post_unsubscribes(hub):
    client, store = hub
    sub = _confirmed(client, store)
    url = _unsubscribe_url(store, sub)
    page = client.get(url)
    assert page.status_code == 200 and 'id="unsubscribe-button"' in page.text
    assert subs.get_subscription(store, sub.id).status == "confirmed"  # a GET changes nothing
    # The RFC 8058 POST, as a mail provider sends it: no cookie, no CSRF token.
    fresh = TestClient(client.app, base_url=BASE)
    done = fresh.post(url, content="List-Unsubscribe=One-Click",
                      headers={"content-type": "application/x-www-form-urlencoded"})
    assert done.status_code == 200 and 'id="unsubscribed"' in done.text
    assert subs.get_subscription(store, sub.id).status == "unsubscribed"
    assert fresh.post(url).status_code == 200  # idempotent
    forged = url.replace(f"unsubscribe.{sub.id}.", f"unsubscribe.{sub.id + 1}.")
    assert client.post(forged).status_code == 403


def test_preferences_page(hub):
    client, store = hub
    first = _confirmed(client, store)
    second = _confirmed(client, store, kind="issue", target="water-sharing")
    token = _prefs_token(store, first)
    page = client.get(f"/preferences?token={token}")
    assert page.status_code == 200 and "reader@example.org" in page.text
    assert page.headers["cache-control"] == "no-store"
    assert "positions on the issue water-sharing" in page.text
    form = {"csrf_token": csrf(client, f"/preferences?token={token}"), "token": token,
            f"frequency_{first.id}": "weekly", f"frequency_{second.id}": "daily",
            f"unsubscribe_{second.id}": "1"}
    saved = client.post("/preferences", data=form)
    assert saved.status_code == 200 and 'id="saved"' in saved.text
    assert subs.get_subscription(store, first.id).frequency == "weekly"
    assert subs.get_subscription(store, second.id).status == "unsubscribed"
    assert client.post("/preferences", data={**form, "csrf_token": "1.x"}).status_code == 403
    twin = client.get(f"/preferences.json?token={token}").json()
    assert [s["status"] for s in twin["subscriptions"]] == ["confirmed", "unsubscribed"]
    assert client.get("/preferences?token=preferences.1.0.AAAAAAAAAAAAAAAAAAAAAA").status_code == 403


def test_digest_preview_pages(hub):
    client, store = hub
    page = client.get("/digest/preview?kind=actor&target=Anna%20Volkova")
    assert page.status_code == 200 and "Ferry talks" in page.text
    assert 'href="/articles/1"' in page.text and BASE not in page.text  # local links
    twin = client.get("/digest/preview.json?kind=issue&target=water-sharing").json()
    assert twin["digest"]["posts"][0]["title"] == "Ferry talks"
    assert twin["subject"] == "Your daily parley digest: 1 new post"
    assert client.get("/digest/preview?kind=actor&target=Nobody").status_code == 404

    mine = _confirmed(client, store)
    theirs = _confirmed(client, store, address="other@example.org")
    token = _prefs_token(store, mine)
    own = client.get(f"/digest/preview?token={token}&subscription={mine.id}")
    assert own.status_code == 200 and "Nothing new" in own.text  # nothing since confirming
    assert client.get(f"/digest/preview?token={token}&subscription={theirs.id}").status_code == 404


def test_json_api_same_answer_and_json_only(hub):
    client, store = hub
    body = {"email": "api@example.org", "kind": "issue", "target": "water-sharing"}
    first = client.post("/api/subscribe", json=body)
    second = client.post("/api/subscribe", json=body)
    assert first.status_code == second.status_code == 202
    assert first.json() == second.json() and first.json()["status"] == "check your inbox"
    assert len(mails(store)) == 2
    # A cross-site form cannot post JSON without a CORS preflight: form bodies are refused.
    form = client.post("/api/subscribe", data=body)
    assert form.status_code == 400
    assert client.post("/api/subscribe", json={**body, "email": "bad"}).status_code == 400


def test_without_a_configured_secret_subscribing_works_across_restarts(tmp_path):
    store = Store.open(str(tmp_path / "hub.db"))
    settings = mail_settings(2525, secret="")
    with TestClient(create_app(settings, store, hooks=False), base_url=BASE) as client:
        r = post_subscribe(client, email="r@example.org")
        assert r.status_code == 303 and r.headers["location"] == "/subscribe/sent"
    [confirmation] = mails(store)
    # A restarted hub (a new app over the same database) accepts the link in that mail.
    with TestClient(create_app(settings, store, hooks=False), base_url=BASE) as client:
        confirmed = client.get(local(link(confirmation, "/subscribe/confirm")))
        assert confirmed.status_code == 200 and "confirmed" in confirmed.text.lower()
    store.close()


def test_preview_keeps_the_actor_name_as_written(hub):
    client, _ = hub
    page = client.get("/digest/preview?kind=actor&target=anna%20volkova")
    assert "Posts about Anna Volkova, daily" in page.text
