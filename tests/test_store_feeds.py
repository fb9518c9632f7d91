"""The feeds table: subscribe, list, poll state, due feeds, unsubscribe."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

NOW = datetime(2025, 4, 21, 12, 0, tzinfo=UTC)


def test_add_is_idempotent_and_fills_missing_title(store):
    first = store.add_feed("https://lakeside.example/feed.xml")
    again = store.add_feed("https://lakeside.example/feed.xml", title="Lakeside Post",
                           site_url="https://lakeside.example/")
    assert again.id == first.id and again.title == "Lakeside Post"
    assert store.add_feed("https://lakeside.example/feed.xml", title="Other").title == "Lakeside Post"
    assert len(store.list_feeds()) == 1
    assert first.error_count == 0 and first.added_at.tzinfo is not None


def test_list_get_remove(store):
    for url in ["https://b.example/rss", "https://a.example/atom", "https://c.example/feed.json"]:
        store.add_feed(url)
    assert [f.url for f in store.list_feeds()] == [
        "https://a.example/atom", "https://b.example/rss", "https://c.example/feed.json"]
    assert [f.url for f in store.list_feeds(limit=1, offset=1)] == ["https://b.example/rss"]
    assert store.get_feed("https://a.example/atom").url == "https://a.example/atom"
    assert store.remove_feed("https://a.example/atom") is True
    assert store.remove_feed("https://a.example/atom") is False
    assert store.get_feed("https://a.example/atom") is None


def test_update_state_round_trips(store):
    store.add_feed("https://lakeside.example/feed.xml")
    feed = store.update_feed_state(
        "https://lakeside.example/feed.xml", etag='W/"abc"', last_modified="Mon, 21 Apr 2025 10:00:00 GMT",
        last_polled_at=NOW, next_poll_at=NOW + timedelta(hours=1), error_count=2,
        last_error="HTTP 503", last_status=503)
    assert (feed.etag, feed.last_status, feed.error_count, feed.last_error) == ('W/"abc"', 503, 2, "HTTP 503")
    assert feed.last_polled_at == NOW and feed.next_poll_at == NOW + timedelta(hours=1)
    naive = store.update_feed_state("https://lakeside.example/feed.xml",
                                    last_polled_at=datetime(2025, 4, 21, 13, 0))
    assert naive.last_polled_at == datetime(2025, 4, 21, 13, 0, tzinfo=UTC)
    assert store.update_feed_state("https://missing.example/", etag="x") is None
    with pytest.raises(TypeError):
        store.update_feed_state("https://lakeside.example/feed.xml", url="https://elsewhere/")


def test_due_feeds(store):
    store.add_feed("https://never.example/")  # never polled: due
    store.add_feed("https://past.example/")
    store.add_feed("https://future.example/")
    store.update_feed_state("https://past.example/", next_poll_at=NOW - timedelta(minutes=5))
    store.update_feed_state("https://future.example/", next_poll_at=NOW + timedelta(minutes=5))
    assert [f.url for f in store.due_feeds(NOW)] == ["https://never.example/", "https://past.example/"]
    assert len(store.due_feeds(NOW + timedelta(hours=1))) == 3
    assert len(store.due_feeds(NOW, limit=1)) == 1
