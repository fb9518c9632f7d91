"""Subscriptions: subscribe with double opt-in, confirm in one click, unsubscribe, preferences.

A subscription is an email address, what it follows (``Follow``: all latest posts, an
actor, an issue or a saved search) and how often (immediately, daily, weekly). States:

- ``pending``: asked for on the form; a confirmation mail with a signed link went out.
- ``confirmed``: the link was clicked (one GET, no second form). Digests start from the
  newest article at that moment (``watermark``).
- ``unsubscribed``: one click (RFC 8058 POST) or the preferences page. Subscribing again
  makes it pending again and sends a new confirmation.

Rules the form relies on: ``subscribe`` answers the same way whether the address is new,
pending, confirmed or suppressed (the web page shows one "check your inbox" page), and a
confirmed subscription is never reset by subscribing again. Confirmation mails to one
address are limited (``Settings.subscribe_per_address`` per hour), counted in the outbox
so the limit holds across processes.

Links carry signed tokens (``parley.mail.tokens``) bound to the subscriber's random salt.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from parley.config import Settings
from parley.errors import InputError, NotFoundError
from parley.mail import compose, outbox
from parley.mail.tokens import TokenError, check_secret, peek, sign, verify
from parley.model import stable_id
from parley.store import Store
from parley.store.bulk import insert_ignore
from parley.store.engine import reading, run_write
from parley.store.mail_schema import mail_outbox, mail_subscribers, mail_subscriptions
from parley.store.schema import articles, utcnow

KINDS = ("all", "actor", "issue", "search")
FREQUENCIES = ("immediately", "daily", "weekly")
PENDING, CONFIRMED, UNSUBSCRIBED = "pending", "confirmed", "unsubscribed"
#: How long a confirmation link works.
CONFIRM_TTL = 7 * 24 * 3600

# A dot-atom local part and a host name of letters, digits and hyphens: nothing that could
# end a header, start a comment or hide a second address survives this.
_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
_TLD = re.compile(r"[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59}")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def normalise_email(text: str) -> str:
    """A strictly checked address (``local@domain``, domain lowercased); InputError if not one."""
    value = (text or "").strip()
    bad = InputError("email", "please enter one email address, like name@example.org")
    if not value or len(value) > 254 or not value.isascii() or value.count("@") != 1:
        raise bad
    local, domain = value.split("@")
    labels = domain.split(".")
    if (len(local) > 64 or not _LOCAL.fullmatch(local) or len(labels) < 2
            or not all(_LABEL.fullmatch(label) for label in labels)
            or not _TLD.fullmatch(labels[-1])):
        raise bad
    return f"{local}@{domain.lower()}"


@dataclass(frozen=True, slots=True)
class Follow:
    """What a subscription follows: ``kind`` and its ``target`` ('' for all posts)."""

    kind: str
    target: str = ""

    @property
    def key(self) -> str:
        """A short stable key (the unique column), whatever the target's length."""
        return stable_id(self.kind, self.target, length=32)

    def describe(self) -> str:
        """Words for the mails and pages ("posts about Anna Volkova")."""
        if self.kind == "all":
            return "all the latest posts"
        if self.kind == "actor":
            return f"posts about {self.target}"
        if self.kind == "issue":
            return f"positions on the issue {self.target}"
        return f"posts matching the search \u201c{self.target}\u201d"

    def to_json(self) -> dict:
        return {"kind": self.kind, "target": self.target, "description": self.describe()}


def make_follow(store: Store, kind: str, target: str | None = "") -> Follow:
    """A checked ``Follow``: the actor or issue must be known, the search must parse."""
    kind = (kind or "").strip().lower()
    target = _CONTROL.sub(" ", target or "").strip()
    if kind not in KINDS:
        raise InputError("follow", f"choose what to follow: {', '.join(KINDS)}")
    if kind == "all":
        return Follow("all", "")
    if not target or len(target) > 300:
        raise InputError("follow", f"say which {kind} to follow (up to 300 characters)")
    if kind == "actor":
        record = store.actor(target)
        if record is None:
            raise NotFoundError("follow", f"no actor called {target!r} in the record yet")
        return Follow("actor", record.name)
    if kind == "issue":
        slug = target.lower()
        if not _SLUG.fullmatch(slug) or not _known_issue(store, slug):
            raise NotFoundError("follow", f"no issue called {target!r}")
        return Follow("issue", slug)
    from parley.store.query import parse_query

    query = parse_query(target)  # InputError with the parser's explanation
    if query.is_empty():
        raise InputError("follow", "the search has nothing to look for")
    return Follow("search", " ".join(target.split()))


def _known_issue(store: Store, slug: str) -> bool:
    if store.issue(slug) is not None:
        return True
    from parley.nlp.stances.catalogue import load_catalogue  # only when the store has none yet

    return load_catalogue().get(slug) is not None


def check_frequency(value: str) -> str:
    """``value`` when it is one of FREQUENCIES, else InputError."""
    value = (value or "").strip().lower()
    if value not in FREQUENCIES:
        raise InputError("frequency", f"choose how often: {', '.join(FREQUENCIES)}")
    return value


@dataclass(frozen=True, slots=True)
class Subscription:
    """One subscription with its address and state."""

    id: int
    subscriber_id: int
    email: str
    follow: Follow
    frequency: str
    status: str
    created_at: datetime
    confirmed_at: datetime | None
    unsubscribed_at: datetime | None
    watermark: int
    last_period: str | None
    last_digest_at: datetime | None
    suppressed: bool = False

    def to_json(self) -> dict:
        return {"id": self.id, "email": self.email, "follow": self.follow.to_json(),
                "frequency": self.frequency, "status": self.status,
                "created_at": self.created_at.isoformat(),
                "confirmed_at": self.confirmed_at.isoformat() if self.confirmed_at else None,
                "last_digest_at": self.last_digest_at.isoformat() if self.last_digest_at else None,
                "suppressed": self.suppressed}


_COLUMNS = (mail_subscriptions, mail_subscribers.c.email, mail_subscribers.c.token_salt,
            mail_subscribers.c.suppressed_at)
_FROM = mail_subscriptions.join(mail_subscribers,
                                mail_subscribers.c.id == mail_subscriptions.c.subscriber_id)


def subscription_of(row) -> Subscription:
    """A ``Subscription`` from a row selected by ``row_of``."""
    m = row._mapping
    return Subscription(
        m["id"], m["subscriber_id"], m["email"], Follow(m["kind"], m["target"]), m["frequency"],
        m["status"], m["created_at"], m["confirmed_at"], m["unsubscribed_at"], m["watermark"],
        m["last_period"], m["last_digest_at"], m["suppressed_at"] is not None)


def row_of(conn: Connection, subscription_id: int, *, lock: bool = False):
    """The subscription row joined with its subscriber (locked FOR UPDATE on PostgreSQL)."""
    query = sa.select(*_COLUMNS).select_from(_FROM).where(mail_subscriptions.c.id == subscription_id)
    if lock and conn.dialect.name == "postgresql":
        query = query.with_for_update(of=mail_subscriptions)
    return conn.execute(query).first()


def get_subscription(store: Store, subscription_id: int) -> Subscription | None:
    """One subscription by id, or None."""
    with reading(store.engine, where=f"reading subscription {subscription_id}") as conn:
        row = row_of(conn, subscription_id)
    return subscription_of(row) if row else None


def list_subscriptions(store: Store, *, status: str | None = None,
                       email: str | None = None) -> list[Subscription]:
    """Subscriptions (optionally in one status, or of one address), by id."""
    query = sa.select(*_COLUMNS).select_from(_FROM).order_by(mail_subscriptions.c.id)
    if status is not None:
        query = query.where(mail_subscriptions.c.status == status)
    if email is not None:
        query = query.where(mail_subscribers.c.email_key == normalise_email(email).lower())
    with reading(store.engine, where="listing subscriptions") as conn:
        return [subscription_of(r) for r in conn.execute(query)]


# -- periods: when a daily or weekly digest is due -----------------------------------------


def period_key(frequency: str, now: datetime, settings: Settings) -> str:
    """The digest period ``now`` falls in: a daily/weekly boundary date, or '' (immediately).

    Periods start at ``digest_hour`` UTC (weekly: on ``digest_weekday``); a subscription is
    due when its ``last_period`` differs from the current one.
    """
    if frequency == "immediately":
        return ""
    start = now.replace(hour=settings.digest_hour % 24, minute=0, second=0, microsecond=0)
    if start > now:
        start -= timedelta(days=1)
    if frequency == "weekly":
        start -= timedelta(days=(start.weekday() - settings.digest_weekday % 7) % 7)
    return start.date().isoformat()


# -- subscribing ---------------------------------------------------------------------------


def _subscriber(conn: Connection, address: str, now: datetime):
    """The subscriber row of ``address``, created (with a fresh token salt) if new."""
    key = address.lower()
    conn.execute(insert_ignore(conn, mail_subscribers).values(
        email=address, email_key=key, token_salt=secrets.token_hex(16), created_at=now,
        bounce_count=0))
    return conn.execute(sa.select(mail_subscribers).where(mail_subscribers.c.email_key == key)).one()


def subscribe(store: Store, settings: Settings, email: str, follow: Follow, frequency: str,
              *, now: datetime | None = None) -> str:
    """Ask for a subscription; returns what happened (for logs and tests, not for visitors).

    ``queued`` (a confirmation mail is in the outbox), ``unchanged`` (already confirmed:
    nothing changes, no mail), ``rate_limited`` (too many confirmation mails to this address
    this hour: none queued), ``suppressed`` (the address bounced: no mail).
    """
    address = normalise_email(email)
    frequency = check_frequency(frequency)
    check_secret(settings.secret)
    compose.sender_address(settings)  # a bad mail_from is a ConfigError now, not at send time
    now = now or utcnow()

    def work(conn: Connection) -> str:
        person = _subscriber(conn, address, now)
        if person.suppressed_at is not None:
            return "suppressed"
        where = sa.and_(mail_subscriptions.c.subscriber_id == person.id,
                        mail_subscriptions.c.kind == follow.kind,
                        mail_subscriptions.c.target_key == follow.key)
        conn.execute(insert_ignore(conn, mail_subscriptions).values(
            subscriber_id=person.id, kind=follow.kind, target=follow.target,
            target_key=follow.key, frequency=frequency, status=PENDING, created_at=now,
            updated_at=now, confirm_count=0, watermark=0))
        row = conn.execute(sa.select(mail_subscriptions).where(where)).one()
        if row.status == CONFIRMED:
            return "unchanged"  # never reset a confirmed subscription from the public form
        conn.execute(mail_subscriptions.update().where(mail_subscriptions.c.id == row.id).values(
            status=PENDING, frequency=frequency, updated_at=now))
        if _recent_confirmations(conn, person.id, now) >= settings.subscribe_per_address:
            return "rate_limited"
        _queue_confirmation(conn, settings, person, row.id, row.confirm_count + 1, follow,
                            frequency, now)
        return "queued"

    return run_write(store.engine, work, where="saving a subscription")


def _recent_confirmations(conn: Connection, subscriber_id: int, now: datetime) -> int:
    return conn.execute(sa.select(sa.func.count()).select_from(mail_outbox).where(
        mail_outbox.c.subscriber_id == subscriber_id, mail_outbox.c.kind == "confirm",
        mail_outbox.c.created_at > now - timedelta(hours=1))).scalar() or 0


def _queue_confirmation(conn: Connection, settings: Settings, person, subscription_id: int,
                        count: int, follow: Follow, frequency: str, now: datetime) -> None:
    stamp = now.timestamp()
    token = sign(settings.secret, "confirm", subscription_id, binding=person.token_salt,
                 ttl=CONFIRM_TTL, now=stamp)
    context = dict(
        follow=follow.describe(), frequency=frequency,
        confirm_url=compose.hub_link(settings, "/subscribe/confirm", token=token),
        preferences_url=preferences_link(settings, person.id, person.token_salt),
        hub_url=compose.hub_link(settings, "/"), days=CONFIRM_TTL // 86400,
    )
    text, html = compose.render_parts("confirm", **context)
    key = f"confirm:{subscription_id}:{count}"
    msg = compose.build_message(
        settings, to=person.email, subject="Please confirm your parley subscription",
        text=text, html=html, msg_id=compose.message_id(settings, key), now=now)
    outbox.enqueue(conn, kind="confirm", dedupe_key=key, msg=msg,
                   sender=compose.sender_address(settings).addr_spec, recipient=person.email,
                   subscriber_id=person.id, subscription_id=subscription_id, now=now)
    conn.execute(mail_subscriptions.update().where(mail_subscriptions.c.id == subscription_id)
                 .values(confirm_count=count, confirm_sent_at=now))


# -- links ---------------------------------------------------------------------------------


def preferences_link(settings: Settings, subscriber_id: int, salt: str) -> str:
    """The preferences page of a subscriber (the link never expires)."""
    token = sign(settings.secret, "preferences", subscriber_id, binding=salt)
    return compose.hub_link(settings, "/preferences", token=token)


def preferences_for_subscription(store: Store, settings: Settings, subscription_id: int) -> str:
    """The preferences link of the subscriber who owns a subscription."""
    with reading(store.engine, where=f"reading subscription {subscription_id}") as conn:
        row = row_of(conn, subscription_id)
    if row is None:
        raise InputError("subscription", f"no subscription {subscription_id}")
    return preferences_link(settings, row.subscriber_id, row.token_salt)


def unsubscribe_link(settings: Settings, subscription_id: int, salt: str) -> str:
    """The one-click unsubscribe link of a subscription (RFC 8058; never expires)."""
    token = sign(settings.secret, "unsubscribe", subscription_id, binding=salt)
    return compose.hub_link(settings, "/unsubscribe", token=token)


# -- acting on signed links ----------------------------------------------------------------


def _verified_subscription(conn: Connection, settings: Settings, token: str, purpose: str,
                           now: datetime, *, lock: bool = False):
    claims = peek(token)
    row = row_of(conn, claims.subject, lock=lock)
    if row is None:
        raise TokenError("this link is not valid (the subscription no longer exists)")
    verify(settings.secret, token, purpose, binding=row.token_salt, now=now.timestamp())
    return row


def subscription_for(store: Store, settings: Settings, token: str, purpose: str,
                     *, now: datetime | None = None) -> Subscription:
    """The subscription a genuine token is about, changing nothing (for GET pages)."""
    now = now or utcnow()
    with reading(store.engine, where="checking a link") as conn:
        return subscription_of(_verified_subscription(conn, settings, token, purpose, now))


def confirm(store: Store, settings: Settings, token: str,
            *, now: datetime | None = None) -> tuple[Subscription, bool]:
    """Confirm a pending subscription from its link; returns it and whether this click did it.

    Digests start after the newest article stored now. A link for a subscription that was
    unsubscribed since is refused (an old confirmation mail must not subscribe anyone).
    """
    now = now or utcnow()

    def work(conn: Connection) -> tuple[Subscription, bool]:
        row = _verified_subscription(conn, settings, token, "confirm", now, lock=True)
        if row.status == UNSUBSCRIBED:
            raise TokenError("this subscription was cancelled; subscribe again to restart it")
        if row.status == CONFIRMED:
            return subscription_of(row), False
        newest = conn.execute(sa.select(sa.func.max(articles.c.id))).scalar() or 0
        conn.execute(mail_subscriptions.update().where(mail_subscriptions.c.id == row.id).values(
            status=CONFIRMED, confirmed_at=now, updated_at=now, unsubscribed_at=None,
            watermark=newest, last_period=period_key(row.frequency, now, settings)))
        conn.execute(mail_subscribers.update().where(
            mail_subscribers.c.id == row.subscriber_id,
            mail_subscribers.c.confirmed_at.is_(None)).values(confirmed_at=now))
        return subscription_of(row_of(conn, row.id)), True

    return run_write(store.engine, work, where="confirming a subscription")


def _unsubscribe_row(conn: Connection, subscription_id: int, now: datetime) -> bool:
    """Unsubscribe one subscription and cancel its queued digests; True when it changed."""
    result = conn.execute(mail_subscriptions.update().where(
        mail_subscriptions.c.id == subscription_id,
        mail_subscriptions.c.status != UNSUBSCRIBED,
    ).values(status=UNSUBSCRIBED, unsubscribed_at=now, updated_at=now))
    outbox.cancel_queued(conn, subscription_id, ("digest", "confirm"))
    return bool(result.rowcount)


def unsubscribe(store: Store, settings: Settings, token: str,
                *, now: datetime | None = None) -> tuple[Subscription, bool]:
    """Unsubscribe from a one-click link (idempotent); returns it and whether this did it."""
    now = now or utcnow()

    def work(conn: Connection) -> tuple[Subscription, bool]:
        row = _verified_subscription(conn, settings, token, "unsubscribe", now, lock=True)
        changed = _unsubscribe_row(conn, row.id, now)
        return subscription_of(row_of(conn, row.id)), changed

    return run_write(store.engine, work, where="unsubscribing")


# -- preferences ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Preferences:
    """A subscriber's address and subscriptions, as the preferences page shows them."""

    subscriber_id: int
    email: str
    suppressed: bool
    subscriptions: list[Subscription]
    links: dict[int, str]  # subscription id -> its one-click unsubscribe link

    def to_json(self) -> dict:
        return {"email": self.email, "suppressed": self.suppressed,
                "subscriptions": [s.to_json() for s in self.subscriptions]}


def _verified_subscriber(conn: Connection, settings: Settings, token: str, now: datetime):
    claims = peek(token)
    row = conn.execute(sa.select(mail_subscribers)
                       .where(mail_subscribers.c.id == claims.subject)).first()
    if row is None:
        raise TokenError("this link is not valid (the address is no longer subscribed)")
    verify(settings.secret, token, "preferences", binding=row.token_salt, now=now.timestamp())
    return row


def _preferences(conn: Connection, settings: Settings, person) -> Preferences:
    rows = conn.execute(sa.select(*_COLUMNS).select_from(_FROM)
                        .where(mail_subscriptions.c.subscriber_id == person.id)
                        .order_by(mail_subscriptions.c.id)).all()
    subs = [subscription_of(r) for r in rows]
    links = {s.id: unsubscribe_link(settings, s.id, person.token_salt) for s in subs}
    return Preferences(person.id, person.email, person.suppressed_at is not None, subs, links)


def preferences(store: Store, settings: Settings, token: str,
                *, now: datetime | None = None) -> Preferences:
    """The subscriber a genuine preferences token is about, with its subscriptions."""
    now = now or utcnow()
    with reading(store.engine, where="reading preferences") as conn:
        return _preferences(conn, settings, _verified_subscriber(conn, settings, token, now))


def update_preferences(store: Store, settings: Settings, token: str, changes: dict[int, str],
                       *, now: datetime | None = None) -> Preferences:
    """Apply ``{subscription id: frequency or "unsubscribe"}`` for the token's subscriber.

    Only that subscriber's own subscriptions can change; a frequency change never
    re-activates an unsubscribed or pending one (that takes a confirmation).
    """
    now = now or utcnow()
    for value in changes.values():
        if value != "unsubscribe":
            check_frequency(value)

    def work(conn: Connection) -> Preferences:
        person = _verified_subscriber(conn, settings, token, now)
        own = set(conn.execute(sa.select(mail_subscriptions.c.id).where(
            mail_subscriptions.c.subscriber_id == person.id)).scalars())
        for sid, value in sorted(changes.items()):
            if sid not in own:
                raise InputError("preferences", "that subscription is not yours to change")
            if value == "unsubscribe":
                _unsubscribe_row(conn, sid, now)
            else:
                conn.execute(mail_subscriptions.update().where(
                    mail_subscriptions.c.id == sid, mail_subscriptions.c.frequency != value,
                ).values(frequency=value, updated_at=now,
                         last_period=period_key(value, now, settings)))
        return _preferences(conn, settings, person)

    return run_write(store.engine, work, where="saving preferences")


# -- rate limits ---------------------------------------------------------------------------


class RateLimiter:
    """At most ``limit`` events per ``window`` seconds per key, in memory (thread-safe)."""

    def __init__(self, limit: int, window: float = 3600.0, *, max_keys: int = 100_000):
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str, now: float | None = None) -> bool:
        """Record an event for ``key``; False (and not recorded) when over the limit."""
        now = time.monotonic() if now is None else now
        with self._lock:
            if len(self._events) >= self.max_keys:
                self._prune(now)
            events = self._events.setdefault(key, deque())
            while events and events[0] <= now - self.window:
                events.popleft()
            if len(events) >= self.limit:
                return False
            events.append(now)
            return True

    def _prune(self, now: float) -> None:
        for key in [k for k, v in self._events.items() if not v or v[-1] <= now - self.window]:
            del self._events[key]
        if len(self._events) >= self.max_keys:  # a flood of distinct keys: start afresh
            self._events.clear()
