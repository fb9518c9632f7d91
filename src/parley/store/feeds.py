"""The ``feeds`` table: subscribed feeds and their polling state.

The polling logic lives in ``parley.ingest``; this module only stores what it decides
(ETag, Last-Modified, status, error count, next poll time). Timestamps are UTC; naive
datetimes passed in are taken as UTC.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from parley.store.bulk import insert_ignore
from parley.store.records import Feed
from parley.store.schema import feeds, utcnow

#: Columns ``update_feed_state`` may change.
FEED_STATE_FIELDS = (
    "title", "site_url", "etag", "last_modified", "last_polled_at", "next_poll_at",
    "error_count", "last_error", "last_status",
)


def feed_of(row: Row) -> Feed:
    """A ``Feed`` from a ``feeds`` row."""
    return Feed(**row._mapping)


def get_feed(conn: Connection, url: str) -> Feed | None:
    """The feed with this URL, or None."""
    row = conn.execute(sa.select(feeds).where(feeds.c.url == url)).first()
    return feed_of(row) if row else None


def add_feed(conn: Connection, url: str, title: str | None, site_url: str | None) -> Feed:
    """Subscribe to ``url`` (idempotent; fills in a missing title or site URL)."""
    conn.execute(insert_ignore(conn, feeds),
                 {"url": url, "title": title, "site_url": site_url, "error_count": 0,
                  "added_at": utcnow()})
    fill = {}
    if title:
        fill["title"] = sa.func.coalesce(feeds.c.title, title)
    if site_url:
        fill["site_url"] = sa.func.coalesce(feeds.c.site_url, site_url)
    if fill:
        conn.execute(sa.update(feeds).where(feeds.c.url == url).values(**fill))
    return get_feed(conn, url)  # type: ignore[return-value]


def list_feeds(conn: Connection, limit: int | None, offset: int) -> list[Feed]:
    """Feeds ordered by URL."""
    query = sa.select(feeds).order_by(feeds.c.url).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return [feed_of(r) for r in conn.execute(query)]


def remove_feed(conn: Connection, url: str) -> bool:
    """Unsubscribe; True when the feed existed."""
    return conn.execute(sa.delete(feeds).where(feeds.c.url == url)).rowcount > 0


def update_feed_state(conn: Connection, url: str, changes: dict) -> Feed | None:
    """Set polling state columns of a feed; None when the feed does not exist."""
    unknown = set(changes) - set(FEED_STATE_FIELDS)
    if unknown:
        raise TypeError(f"update_feed_state: unknown field(s) {sorted(unknown)}; "
                        f"allowed: {', '.join(FEED_STATE_FIELDS)}")
    if changes:
        conn.execute(sa.update(feeds).where(feeds.c.url == url).values(**changes))
    return get_feed(conn, url)


def due_feeds(conn: Connection, now: datetime | None, limit: int | None) -> list[Feed]:
    """Feeds to poll at ``now``: never polled, or ``next_poll_at`` reached; soonest first."""
    now = now or utcnow()
    query = (
        sa.select(feeds)
        .where(sa.or_(feeds.c.next_poll_at.is_(None), feeds.c.next_poll_at <= now))
        .order_by(feeds.c.next_poll_at.asc().nulls_first(), feeds.c.id)
    )
    if limit is not None:
        query = query.limit(limit)
    return [feed_of(r) for r in conn.execute(query)]
