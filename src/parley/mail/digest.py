"""Digests: what is new for a subscription, rendered as text + HTML, queued once.

A digest covers the articles stored since the subscription's ``watermark`` (an article id;
each post goes to a subscriber once) up to the newest article at build time, one article
per story (a syndicated copy of an older story is not a new post), and what the
subscription follows in them:

- ``all``: every new post; ``search``: new posts matching the saved search (words and
  filters, as on the hub's search page); ``actor``: new posts that name the actor, quote
  them or record their stance; ``issue``: new posts with a stance on the issue.
- each post with its top quotes (the followed actor's first, then direct quotes, in text
  order), the new stances, and every **position change**: a stance whose label differs from
  the same actor's previous known label on that issue (ordered by date, as in
  ``parley.positions``; "unclear" neither counts as a change nor hides one).

Every item links back to the hub (``/articles/<id>``, ``/actors/<id>``, ``/issues/<slug>``).

``queue_digest`` builds a digest, then queues it and moves the watermark in one transaction:
a crash leaves either both done or neither, so no post is skipped or sent twice.

Note on PostgreSQL: article ids come from a sequence, so an article whose transaction
commits after a later-numbered one could fall below a watermark already moved past it.
Ingest commits one article per short transaction, which makes this rare; on SQLite (one
writer at a time) it cannot happen.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from parley.config import Settings
from parley.errors import InputError
from parley.mail import compose, outbox
from parley.mail.subscriptions import (
    CONFIRMED,
    FREQUENCIES,
    Follow,
    Subscription,
    period_key,
    preferences_link,
    row_of,
    subscription_of,
    unsubscribe_link,
)
from parley.store import Store
from parley.store.engine import reading, run_write
from parley.store.mail_schema import mail_subscribers, mail_subscriptions
from parley.store.query import parse_query
from parley.store.reads import REF_COLUMNS, resolve_actor, stance_of
from parley.store.schema import (
    article_actors,
    article_revisions,
    articles,
    quotes,
    stances,
    stories,
    utcnow,
)
from parley.store.search import article_filters, excluded_clause, fts_match, ts_expression
from parley.world.changes import ChangeTracker

#: Most posts listed in one digest (the rest are counted and linked to the hub).
MAX_POSTS = 50
#: Quotes shown per post.
TOP_QUOTES = 3


@dataclass(frozen=True, slots=True)
class QuoteItem:
    """A quote as a digest shows it."""

    speaker: str
    text: str
    direct: bool
    speaker_link: str | None


@dataclass(frozen=True, slots=True)
class StanceItem:
    """A stance as a digest shows it; ``changed`` when it moves the actor's position."""

    id: int
    actor: str
    actor_link: str | None
    issue: str
    issue_link: str
    proposition: str
    stance: str
    evidence: str
    date: str | None
    article_id: int
    article_title: str
    article_link: str
    changed: bool = False
    previous: str | None = None


@dataclass(frozen=True, slots=True)
class PostItem:
    """A new article with its top quotes and stances."""

    id: int
    title: str
    site: str | None
    published: str | None
    source_url: str | None
    link: str
    quotes: list[QuoteItem] = field(default_factory=list)
    stances: list[StanceItem] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Digest:
    """What one digest contains: posts, stances, and the position changes among them."""

    follow: Follow
    frequency: str
    since: int  # article id watermark (exclusive)
    until: int  # newest article id covered (inclusive)
    posts: list[PostItem]
    more_posts: int  # new posts beyond MAX_POSTS (counted, not listed)
    stances: list[StanceItem]

    @property
    def changes(self) -> list[StanceItem]:
        """The stances that change a position."""
        return [s for s in self.stances if s.changed]

    @property
    def empty(self) -> bool:
        return not self.posts

    def to_json(self) -> dict[str, Any]:
        def plain(item: Any) -> Any:
            if isinstance(item, list):
                return [plain(i) for i in item]
            if hasattr(item, "__slots__") and not isinstance(item, Follow):
                return {k: plain(getattr(item, k)) for k in item.__slots__}
            return item

        return {"follow": self.follow.to_json(), "frequency": self.frequency,
                "since": self.since, "until": self.until, "posts": plain(self.posts),
                "more_posts": self.more_posts, "stances": plain(self.stances),
                "changes": plain(self.changes)}


# -- which articles are new for a follow ---------------------------------------------------


def newest_article_id(conn: Connection) -> int:
    """The highest article id stored (0 for an empty database)."""
    return conn.execute(sa.select(sa.func.max(articles.c.id))).scalar() or 0


def _text_match(conn: Connection, text: str) -> list[sa.ColumnElement]:
    """WHERE clauses on ``articles`` for a saved search (its words and its filters)."""
    q = parse_query(text)
    where = article_filters(q)
    if not q.terms:
        return where
    if not q.include:
        where.append(excluded_clause(conn, q))
        return where
    rev = articles.c.current_revision_id
    if conn.dialect.name == "sqlite":
        fts = sa.table("revisions_fts", sa.column("rowid"))
        where.append(rev.in_(sa.select(fts.c.rowid).where(fts_match(q))))
        return where
    search = sa.literal_column("article_revisions.search")
    tsq = ts_expression(q.include, q.exclude)
    where.append(rev.in_(sa.select(article_revisions.c.id).where(search.op("@@")(tsq))))
    return where


def _follow_clauses(conn: Connection, follow: Follow, actor_id: int | None) -> list:
    if follow.kind == "actor":
        if actor_id is None:
            return [sa.false()]
        return [sa.or_(
            sa.exists().where(article_actors.c.article_id == articles.c.id,
                              article_actors.c.actor_id == actor_id),
            sa.exists().where(quotes.c.article_id == articles.c.id,
                              quotes.c.speaker_actor_id == actor_id),
            sa.exists().where(stances.c.article_id == articles.c.id, stances.c.actor_id == actor_id),
        )]
    if follow.kind == "issue":
        return [sa.exists().where(stances.c.article_id == articles.c.id,
                                  stances.c.issue == follow.target)]
    if follow.kind == "search":
        return _text_match(conn, follow.target)
    return []


def _new_articles(conn: Connection, follow: Follow, actor_id: int | None, since: int,
                  until: int) -> tuple[list, int]:
    """The new posts (newest first, at most MAX_POSTS) and how many there are in all."""
    where = [articles.c.id > since, articles.c.id <= until,
             articles.c.current_revision_id.is_not(None),
             sa.or_(articles.c.story_id.is_(None), stories.c.first_article_id == articles.c.id),
             *_follow_clauses(conn, follow, actor_id)]
    base = articles.outerjoin(stories, stories.c.id == articles.c.story_id)
    total = conn.execute(sa.select(sa.func.count()).select_from(base).where(*where)).scalar() or 0
    rows = conn.execute(
        sa.select(articles.c.id, articles.c.title, articles.c.site, articles.c.published,
                  articles.c.url, articles.c.doc_id).select_from(base).where(*where)
        .order_by(articles.c.sort_date.desc(), articles.c.id.desc()).limit(MAX_POSTS)
    ).all()
    return rows, total


# -- building ------------------------------------------------------------------------------


def _top_quotes(conn: Connection, settings: Settings, ids: list[int],
                actor_id: int | None) -> dict[int, list[QuoteItem]]:
    first = sa.case((quotes.c.speaker_actor_id == actor_id, 0), else_=1) if actor_id else sa.literal(1)
    rows = conn.execute(
        sa.select(quotes.c.article_id, quotes.c.speaker_name, quotes.c.speaker_actor_id,
                  quotes.c.content_text, quotes.c.direct)
        .where(quotes.c.article_id.in_(ids))
        .order_by(quotes.c.article_id, first, quotes.c.direct.desc(), quotes.c.position)
    ).all()
    out: dict[int, list[QuoteItem]] = defaultdict(list)
    for r in rows:
        if len(out[r.article_id]) < TOP_QUOTES:
            link = (compose.hub_link(settings, f"/actors/{r.speaker_actor_id}")
                    if r.speaker_actor_id else None)
            out[r.article_id].append(QuoteItem(r.speaker_name, r.content_text, bool(r.direct), link))
    return out


def _stances(conn: Connection, settings: Settings, follow: Follow, ids: list[int],
             actor_id: int | None) -> list[StanceItem]:
    query = (sa.select(stances, *REF_COLUMNS).join(articles, articles.c.id == stances.c.article_id)
             .where(stances.c.article_id.in_(ids))
             .order_by(sa.func.coalesce(stances.c.date, articles.c.sort_date), articles.c.id,
                       stances.c.position))
    if follow.kind == "actor":
        query = query.where(stances.c.actor_id == actor_id)
    elif follow.kind == "issue":
        query = query.where(stances.c.issue == follow.target)
    rows = conn.execute(query).all()
    changes = _changes(conn, rows)
    items = []
    for r in rows:
        s = stance_of(r._mapping)
        changed, previous = changes.get(r.id, (False, None))
        items.append(StanceItem(
            id=r.id, actor=s.actor,
            actor_link=compose.hub_link(settings, f"/actors/{r.actor_id}") if r.actor_id else None,
            issue=r.issue, issue_link=compose.hub_link(settings, f"/issues/{r.issue}"),
            proposition=s.proposition, stance=s.stance, evidence=s.evidence.text,
            date=s.date, article_id=r.a_id, article_title=r.a_title or f"Article {r.a_id}",
            article_link=compose.hub_link(settings, f"/articles/{r.a_id}"),
            changed=changed, previous=previous))
    return items


def _changes(conn: Connection, rows: list) -> dict[int, tuple[bool, str | None]]:
    """For each stance row: whether it changes its holder's known position, and from what.

    A holder's track on an issue is keyed (actor_id, actor_name if there is no actor_id,
    issue); every track is read in one query, in timeline order, and walked per key (the
    query may return tracks nobody asked about; they only feed their own ``known``)."""
    if not rows:
        return {}
    wanted = {r.id for r in rows}
    issues = {r.issue for r in rows}
    ids = {r.actor_id for r in rows if r.actor_id is not None}
    names = {r.actor_name for r in rows if r.actor_id is None}
    holders = []
    if ids:
        holders.append(stances.c.actor_id.in_(sorted(ids)))
    if names:
        holders.append(sa.and_(stances.c.actor_id.is_(None), stances.c.actor_name.in_(sorted(names))))
    track = conn.execute(
        sa.select(stances.c.id, stances.c.actor_id, stances.c.actor_name, stances.c.issue,
                  stances.c.stance)
        .join(articles, articles.c.id == stances.c.article_id)
        .where(stances.c.issue.in_(sorted(issues)), sa.or_(*holders))
        .order_by(sa.func.coalesce(stances.c.date, articles.c.sort_date), articles.c.id,
                  stances.c.position)
    ).all()
    tracker = ChangeTracker()  # the one rule, parley.world.changes
    out: dict[int, tuple[bool, str | None]] = {}
    for sid, actor_id, actor_name, issue, label in track:
        step = tracker.step((actor_id, actor_name if actor_id is None else None, issue), label)
        if sid in wanted:
            out[sid] = step
    return out


def build_digest(conn: Connection, settings: Settings, follow: Follow, frequency: str,
                 since: int, until: int | None = None) -> Digest:
    """The digest of ``follow`` for articles with ``since < id <= until`` (until: newest)."""
    until = newest_article_id(conn) if until is None else until
    actor_id = resolve_actor(conn, follow.target) if follow.kind == "actor" else None
    rows, total = _new_articles(conn, follow, actor_id, since, until)
    ids = [r.id for r in rows]
    top = _top_quotes(conn, settings, ids, actor_id) if ids else {}
    stance_items = _stances(conn, settings, follow, ids, actor_id) if ids else []
    by_article: dict[int, list[StanceItem]] = defaultdict(list)
    for item in stance_items:
        by_article[item.article_id].append(item)
    posts = [PostItem(r.id, r.title or r.doc_id, r.site, r.published, r.url,
                      compose.hub_link(settings, f"/articles/{r.id}"), top.get(r.id, []),
                      by_article.get(r.id, [])) for r in rows]
    return Digest(follow, frequency, since, until, posts, max(0, total - len(posts)), stance_items)


def preview(store: Store, settings: Settings, follow: Follow, frequency: str = "daily", *,
            since: int | None = None, days: int = 7, now: datetime | None = None) -> Digest:
    """What a digest of ``follow`` would hold: after article ``since``, or the last ``days``."""
    now = now or utcnow()
    with reading(store.engine, where="previewing a digest") as conn:
        if since is None:
            first = conn.execute(sa.select(sa.func.min(articles.c.id)).where(
                articles.c.first_seen >= now - timedelta(days=days))).scalar()
            since = (first - 1) if first is not None else newest_article_id(conn)
        return build_digest(conn, settings, follow, frequency, since)


# -- rendering and queueing ----------------------------------------------------------------


def subject_line(digest: Digest) -> str:
    """The Subject: parley's own words and numbers only (never anything a visitor typed)."""
    n = len(digest.posts) + digest.more_posts
    words = f"{n} new post{'s' if n != 1 else ''}"
    changes = len(digest.changes)
    if changes:
        words += f", {changes} position change{'s' if changes != 1 else ''}"
    label = {"immediately": "parley", "daily": "Your daily parley digest",
             "weekly": "Your weekly parley digest"}.get(digest.frequency, "parley")
    return f"{label}: {words}"


def render_digest(settings: Settings, digest: Digest, *, preferences_url: str,
                  unsubscribe_url: str) -> tuple[str, str]:
    """The plain-text and HTML bodies of a digest."""
    return compose.render_parts(
        "digest", digest=digest, follow=digest.follow.describe(), changes=digest.changes,
        preferences_url=preferences_url, unsubscribe_url=unsubscribe_url,
        hub_url=compose.hub_link(settings, "/"))


def queue_digest(store: Store, settings: Settings, subscription_id: int,
                 *, now: datetime | None = None) -> str:
    """Build and queue the due digest of one subscription, moving its watermark atomically.

    The digest is built in a read transaction (no write lock held meanwhile); the write
    transaction then queues it only if the subscription is still as it was read (same
    state, period and watermark), so two senders racing for one digest queue it once.
    Returns ``queued``, ``empty`` (nothing new for it), ``not_due`` or ``inactive``.
    """
    now = now or utcnow()
    where = f"queueing the digest of subscription {subscription_id}"
    with reading(store.engine, where=where) as conn:
        row = row_of(conn, subscription_id)
        if row is None or row.status != CONFIRMED or row.suppressed_at is not None:
            return "inactive"
        sub = subscription_of(row)
        period = period_key(sub.frequency, now, settings)
        if sub.frequency != "immediately" and sub.last_period == period:
            return "not_due"
        digest = build_digest(conn, settings, sub.follow, sub.frequency, sub.watermark)
    return run_write(store.engine, lambda c: _record(c, settings, sub, row.token_salt, digest,
                                                      period, now), where=where)


def _record(conn: Connection, settings: Settings, sub: Subscription, salt: str, digest: Digest,
            period: str, now: datetime) -> str:
    """Queue ``digest`` and move the watermark, unless another sender got there first."""
    current = row_of(conn, sub.id, lock=True)
    if (current is None or current.status != CONFIRMED or current.suppressed_at is not None
            or current.watermark != sub.watermark or current.last_period != sub.last_period
            or current.frequency != sub.frequency):
        return "not_due"
    moved = dict(watermark=max(digest.until, sub.watermark),
                 last_period=period or sub.last_period, updated_at=now)
    if digest.empty:
        conn.execute(mail_subscriptions.update().where(mail_subscriptions.c.id == sub.id)
                     .values(**moved))
        return "empty"
    key = f"digest:{sub.id}:{sub.watermark}-{digest.until}"
    _enqueue_digest(conn, settings, sub, salt, digest, key, now)
    conn.execute(mail_subscriptions.update().where(mail_subscriptions.c.id == sub.id)
                 .values(**moved, last_digest_at=now))
    return "queued"


def _enqueue_digest(conn: Connection, settings: Settings, sub: Subscription, salt: str,
                    digest: Digest, key: str, now: datetime) -> None:
    unsubscribe_url = unsubscribe_link(settings, sub.id, salt)
    text, html = render_digest(settings, digest,
                               preferences_url=preferences_link(settings, sub.subscriber_id, salt),
                               unsubscribe_url=unsubscribe_url)
    sender = compose.sender_address(settings)
    headers = {
        # RFC 8058 one-click unsubscribe (and RFC 2369's List-Unsubscribe it builds on).
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"parley digests <digests.{sender.domain}>",
    }
    msg = compose.build_message(settings, to=sub.email, subject=subject_line(digest), text=text,
                                html=html, msg_id=compose.message_id(settings, key),
                                headers=headers, now=now)
    outbox.enqueue(conn, kind="digest", dedupe_key=key, msg=msg, sender=sender.addr_spec,
                   recipient=sub.email, subscriber_id=sub.subscriber_id,
                   subscription_id=sub.id, now=now)


@dataclass(slots=True)
class DigestRun:
    """What one pass over the subscriptions did."""

    queued: int = 0
    empty: int = 0
    not_due: int = 0

    def to_json(self) -> dict:
        return {"queued": self.queued, "empty": self.empty, "not_due": self.not_due}


def queue_due_digests(store: Store, settings: Settings, *, now: datetime | None = None,
                      frequencies: tuple[str, ...] | None = None) -> DigestRun:
    """Queue the digest of every confirmed subscription that is due at ``now``."""
    now = now or utcnow()
    for value in frequencies or ():
        if value not in FREQUENCIES:
            raise InputError("frequency", f"unknown frequency {value!r}")
    query = (sa.select(mail_subscriptions.c.id, mail_subscriptions.c.frequency,
                       mail_subscriptions.c.last_period)
             .join(mail_subscribers, mail_subscribers.c.id == mail_subscriptions.c.subscriber_id)
             .where(mail_subscriptions.c.status == CONFIRMED,
                    mail_subscribers.c.suppressed_at.is_(None))
             .order_by(mail_subscriptions.c.id))
    if frequencies:
        query = query.where(mail_subscriptions.c.frequency.in_(frequencies))
    with reading(store.engine, where="listing subscriptions due a digest") as conn:
        candidates = conn.execute(query).all()
    run = DigestRun()
    for sid, frequency, last_period in candidates:
        if frequency != "immediately" and last_period == period_key(frequency, now, settings):
            run.not_due += 1
            continue
        outcome = queue_digest(store, settings, sid, now=now)
        if outcome == "queued":
            run.queued += 1
        elif outcome == "empty":
            run.empty += 1
        else:
            run.not_due += 1
    return run
