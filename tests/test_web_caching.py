"""Conditional GET and caching headers: ETag, Last-Modified, 304, Cache-Control, per kind of page."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from mail_support import mail_settings
from parley.config import Settings
from parley.mail import subscriptions as subs
from parley.store import Store
from parley.web import pages
from parley.web.app import create_app
from parley.web.caching import RecordClock, http_date, matches, not_modified_since
from store_fixtures import save_ferry_talks, simple_analysis

#: Pages, twins, feeds and exports: functions of the record and the URL.
RECORD_PAGES = ["/", "/index.json", "/index.atom", "/articles/1", "/articles/1.json",
                "/actors", "/actors/1", "/actors/1.atom", "/issues", "/issues/water-sharing",
                "/issues/water-sharing.atom", "/timeline", "/timeline.atom", "/search?q=ferry",
                "/search.json?q=ferry&in=quotes", "/search.atom?q=speaker:Volkova&in=quotes",
                "/export", "/export.json", "/export/quotes.csv", "/export/stances.jsonl?issue=water-sharing"]


@pytest.fixture
def hub(tmp_path):
    """(client, store) over a small database, with mail settings (a fixed secret)."""
    store = Store.open(str(tmp_path / "hub.db"))
    save_ferry_talks(store)
    app = create_app(mail_settings(2525, db=store.url, search_per_minute=0), store, hooks=False)
    with TestClient(app, base_url="http://hub.example.org") as client:
        yield client, store
    store.close()


def _add_article(store, doc_id: str = "d2") -> None:
    text = "Anna Volkova said the harbour will reopen. Tomas Brandt agreed."
    store.save_analysis(simple_analysis(doc_id, text, title="Harbour", published="2025-04-22",
                                        quotes=[("Anna Volkova", "the harbour will reopen")],
                                        actor_names=["Anna Volkova", "Tomas Brandt"]))


@pytest.mark.parametrize("path", RECORD_PAGES)
def test_record_pages_revalidate_with_304_until_the_record_changes(hub, path):
    client, store = hub
    first = client.get(path)
    assert first.status_code == 200, first.text[:200]
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert first.headers["cache-control"] == "public, no-cache"
    assert "set-cookie" not in first.headers and "Accept" in first.headers["vary"]
    again = client.get(path, headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag and again.headers["last-modified"] == modified
    assert again.headers["cache-control"] == "public, no-cache"
    assert client.get(path, headers={"if-modified-since": modified}).status_code == 304
    _add_article(store)
    changed = client.get(path, headers={"if-none-match": etag, "if-modified-since": modified})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert client.get(path, headers={"if-modified-since": modified}).status_code == 200


def test_a_304_is_answered_without_building_the_page(hub, monkeypatch):
    client, _ = hub
    etag = client.get("/").headers["etag"]

    def boom(*args, **kwargs):
        raise AssertionError("the page was built")

    monkeypatch.setattr(pages, "home_page", boom)
    assert client.get("/", headers={"if-none-match": f'"x", {etag}'}).status_code == 304
    assert client.get("/", headers={"if-none-match": "*"}).status_code == 304


def test_each_representation_has_its_own_etag(hub):
    client, _ = hub
    tags = {client.get("/actors/1").headers["etag"],
            client.get("/actors/1.json").headers["etag"],
            client.get("/actors/1.atom").headers["etag"],
            client.get("/actors/1?limit=5").headers["etag"]}
    assert len(tags) == 4
    # An Accept header and a twin suffix that ask for the same thing share one.
    assert (client.get("/actors/1", headers={"accept": "application/json"}).headers["etag"]
            == client.get("/actors/1.json").headers["etag"])


def test_errors_carry_no_validators(hub):
    client, _ = hub
    for path in ("/actors/999", "/nope", "/export/quotes.csv?from=soon", "/?limit=0"):
        answer = client.get(path)
        assert answer.status_code in (400, 404)
        assert "etag" not in answer.headers and "last-modified" not in answer.headers


def test_other_pages_get_a_body_hash_etag(hub):
    client, _ = hub
    for path in ("/openapi.json", "/digest/preview?kind=actor&target=Anna%20Volkova"):
        first = client.get(path)
        assert first.headers["etag"].startswith('"') and first.headers["cache-control"] == "no-cache"
        again = client.get(path, headers={"if-none-match": first.headers["etag"]})
        assert again.status_code == 304 and again.content == b""


def test_form_pages_are_private_and_token_pages_are_not_stored(hub):
    client, store = hub
    form = client.get("/subscribe")
    assert form.headers["cache-control"] == "private, no-cache"
    token = _preferences_token(client, store)
    private = client.get(f"/preferences?token={token}")
    assert private.status_code == 200
    assert private.headers["cache-control"] == "no-store" and "etag" not in private.headers


def _preferences_token(client, store) -> str:
    settings = client.app.state.settings
    subs.subscribe(store, settings, "reader@example.org", subs.Follow("all"), "daily")
    (sub,) = subs.list_subscriptions(store)
    link = subs.preferences_for_subscription(store, settings, sub.id)
    return re.search(r"token=([^&]+)", link).group(1)


def test_cache_max_age_setting(tmp_path):
    app = create_app(Settings(db=str(tmp_path / "hub.db"), secret="s" * 20, cache_max_age=120),
                     hooks=False)
    with TestClient(app) as client:
        assert client.get("/timeline").headers["cache-control"] == "public, max-age=120"


@pytest.mark.parametrize(("header", "etag", "expected"), [
    (None, 'W/"a"', False),
    ('"a"', 'W/"a"', True),
    ('W/"a"', '"a"', True),
    ('"b", W/"a"', '"a"', True),
    ('"b"', '"a"', False),
    ("*", '"a"', True),
    ("", '"a"', False),
])
def test_if_none_match_uses_weak_comparison(header, etag, expected):
    assert matches(header, etag) is expected


@pytest.mark.parametrize(("header", "expected"), [
    (http_date(1_750_000_000), True),
    (http_date(1_750_000_001), True),
    (http_date(1_749_999_999), False),
    ("yesterday", False),
    ("Mon, 99 Foo 2025 99:99:99 GMT", False),
    (None, False),
])
def test_if_modified_since(header, expected):
    assert not_modified_since(header, 1_750_000_000) is expected


def test_last_modified_moves_forward_with_every_new_version():
    clock = RecordClock()
    first = clock.modified(1)
    assert clock.modified(1) == first
    second = clock.modified(2)
    third = clock.modified(3)  # within the same second: still later
    assert first < second < third and clock.modified(3) == third
