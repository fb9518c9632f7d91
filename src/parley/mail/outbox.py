"""The outbox: every message is queued in the database, then sent, then marked sent.

Life of a message (``mail_outbox.status``)::

    queued --claim--> sending --250--> sent
      ^                  |--4xx / server down--> queued (next_attempt_at = back-off)
      |                  |--5xx--> failed (bounce recorded; address suppressed after N)
      +--lease expired---+        (and after mail_max_attempts tries: failed, "expired")

Queueing is idempotent: each row has a ``dedupe_key`` naming what it is for, and a
``Message-ID`` derived from it, stored with the serialised message, so every retry sends
the very same bytes.

**Sending nothing twice.** A sender claims *one* row at a time: in a write transaction it
sets ``status='sending'``, ``lease_until = now + mail_lease`` and its own worker id (on
PostgreSQL with ``FOR UPDATE SKIP LOCKED``, so parallel senders never claim the same row;
SQLite serialises writers). It then runs MAIL/RCPT/DATA and, as soon as the server answers
250 to DATA, commits ``status='sent'`` in its own short transaction, before touching the
next message. A sender killed at any point leaves at most one row in ``sending``; when its
lease expires the next run takes it again.

The remaining window, stated honestly: SMTP has no idempotency key. If a sender dies after
the server has accepted DATA but before the ``sent`` commit lands (a few milliseconds: one
small UPDATE), the message was delivered yet is still ``sending``, and it will be sent
again when the lease expires: at-least-once for that one message, never silently lost. We
chose that over at-most-once (treating an expired lease as "maybe sent, give up"), because
losing a confirmation or a digest is worse than a rare duplicate, and the duplicate carries
the same Message-ID, which many mail stores and clients collapse. A crash at any other
moment (before DATA ends, between messages, during back-off) sends nothing twice. The
lease must stay well above ``smtp_timeout`` so that a slow but live sender is never
overtaken by a second one.
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from parley.config import Settings
from parley.mail.compose import serialise
from parley.mail.smtp import PermanentFailure, SmtpConfig, SmtpSender, TemporaryFailure
from parley.model import stable_id
from parley.store import Store
from parley.store.bulk import insert_ignore
from parley.store.engine import reading, run_write
from parley.store.mail_schema import mail_attempts, mail_bounces, mail_outbox, mail_subscribers
from parley.store.schema import utcnow

QUEUED, SENDING, SENT, FAILED, SUPPRESSED, CANCELLED = (
    "queued", "sending", "sent", "failed", "suppressed", "cancelled")
STATUSES = (QUEUED, SENDING, SENT, FAILED, SUPPRESSED, CANCELLED)


@dataclass(frozen=True, slots=True)
class Claimed:
    """A message a sender has claimed (its lease runs until ``lease_until``)."""

    id: int
    message_id: str
    sender: str
    recipient: str
    message: str
    attempts: int
    subscriber_id: int | None
    dedupe_key: str
    lease_until: datetime
    reclaimed: bool = False  # taken over from a sender whose lease expired


@dataclass(slots=True)
class DeliveryReport:
    """What one delivery run did."""

    sent: int = 0
    retried: int = 0  # temporary failures, queued again with back-off
    bounced: int = 0  # permanent failures
    expired: int = 0  # given up after mail_max_attempts
    reclaimed: int = 0  # rows taken over from a sender whose lease expired
    suppressed: int = 0  # addresses that stopped getting mail in this run
    server_down: str | None = None  # why the run stopped early, when it did
    sent_ids: list[str] = field(default_factory=list)  # Message-IDs handed over

    def to_json(self) -> dict:
        return {"sent": self.sent, "retried": self.retried, "bounced": self.bounced,
                "expired": self.expired, "reclaimed": self.reclaimed,
                "suppressed": self.suppressed, "server_down": self.server_down}


def worker_name() -> str:
    """An id for this sender process, written into the leases it takes."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def enqueue(
    conn: Connection, *, kind: str, dedupe_key: str, msg: EmailMessage, sender: str,
    recipient: str, subscriber_id: int | None = None, subscription_id: int | None = None,
    now: datetime | None = None,
) -> tuple[int, bool]:
    """Queue ``msg`` inside the caller's transaction; returns (row id, newly queued).

    A row with the same ``dedupe_key`` already queued (or sent) is left as it is.
    """
    now = now or utcnow()
    values = dict(
        message_id=str(msg["Message-ID"]), dedupe_key=dedupe_key, kind=kind,
        subscriber_id=subscriber_id, subscription_id=subscription_id, sender=sender,
        recipient=recipient, message=serialise(msg), status=QUEUED, attempts=0,
        created_at=now, next_attempt_at=now,
    )
    inserted = conn.execute(insert_ignore(conn, mail_outbox).values(**values)
                            .returning(mail_outbox.c.id)).scalar()
    if inserted is not None:
        return int(inserted), True
    existing = conn.execute(
        sa.select(mail_outbox.c.id).where(mail_outbox.c.dedupe_key == dedupe_key)).scalar()
    return int(existing), False


def backoff(attempts: int, settings: Settings, key: str = "") -> timedelta:
    """The wait before attempt ``attempts + 1``: doubling from mail_retry_base, capped.

    A deterministic 0-25 % spread per message keeps a queue that failed together from
    hammering the server together when it comes back.
    """
    base = max(1, settings.mail_retry_base)
    seconds = min(max(base, settings.mail_retry_max), base * 2 ** max(0, attempts - 1))
    spread = int(stable_id(key, attempts, length=4), 16) / 0xFFFF * 0.25
    return timedelta(seconds=seconds * (1 + spread))


def _due(now: datetime) -> sa.ColumnElement:
    return sa.or_(
        sa.and_(mail_outbox.c.status == QUEUED, mail_outbox.c.next_attempt_at <= now),
        sa.and_(mail_outbox.c.status == SENDING, mail_outbox.c.lease_until < now),
    )


def _claim(conn: Connection, worker: str, now: datetime, lease: int) -> Claimed | None:
    """Claim the next due message (oldest due first) for ``worker``."""
    query = (sa.select(mail_outbox).where(_due(now))
             .order_by(mail_outbox.c.next_attempt_at, mail_outbox.c.id).limit(1))
    if conn.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    row = conn.execute(query).first()
    if row is None:
        return None
    until = now + timedelta(seconds=max(1, lease))
    conn.execute(mail_outbox.update().where(mail_outbox.c.id == row.id).values(
        status=SENDING, lease_until=until, lease_owner=worker, attempts=row.attempts + 1))
    if row.status == SENDING:
        # The previous sender stopped without recording a result: see the module docstring.
        _attempt(conn, row.id, now, row.lease_owner, "reclaimed", None,
                 "lease expired before the result was recorded; sending again")
    return Claimed(row.id, row.message_id, row.sender, row.recipient, row.message,
                   row.attempts + 1, row.subscriber_id, row.dedupe_key, until,
                   reclaimed=row.status == SENDING)


def _attempt(conn: Connection, outbox_id: int, now: datetime, worker: str | None,
             outcome: str, code: int | None, detail: str | None) -> None:
    conn.execute(mail_attempts.insert().values(
        outbox_id=outbox_id, attempted_at=now, worker=worker, outcome=outcome, code=code,
        detail=detail))


def _mine(claimed: Claimed, worker: str) -> sa.ColumnElement:
    """Only the lease holder may record a result (a reclaimed row belongs to the new owner)."""
    return sa.and_(mail_outbox.c.id == claimed.id, mail_outbox.c.status == SENDING,
                   mail_outbox.c.lease_owner == worker)


def _mark_sent(conn: Connection, claimed: Claimed, worker: str, reply: str, now: datetime) -> None:
    conn.execute(mail_outbox.update().where(_mine(claimed, worker)).values(
        status=SENT, sent_at=now, lease_until=None, server_reply=reply, last_code=250,
        last_error=None))
    _attempt(conn, claimed.id, now, worker, "sent", 250, reply)
    if claimed.subscriber_id is not None:  # bounces count in a row: a delivery resets them
        conn.execute(mail_subscribers.update()
                     .where(mail_subscribers.c.id == claimed.subscriber_id,
                            mail_subscribers.c.bounce_count > 0)
                     .values(bounce_count=0))


def _mark_retry(conn: Connection, claimed: Claimed, worker: str, failure: TemporaryFailure,
                now: datetime, settings: Settings) -> bool:
    """Queue again with back-off; False when the message is given up instead."""
    if claimed.attempts >= settings.mail_max_attempts:
        conn.execute(mail_outbox.update().where(_mine(claimed, worker)).values(
            status=FAILED, lease_until=None, last_code=failure.code,
            last_error=f"gave up after {claimed.attempts} attempts: {failure.detail}"))
        _attempt(conn, claimed.id, now, worker, "expired", failure.code, failure.detail)
        return False
    conn.execute(mail_outbox.update().where(_mine(claimed, worker)).values(
        status=QUEUED, lease_until=None, last_code=failure.code, last_error=failure.detail,
        next_attempt_at=now + backoff(claimed.attempts, settings, claimed.dedupe_key)))
    _attempt(conn, claimed.id, now, worker, "retry", failure.code, failure.detail)
    return True


def _mark_bounced(conn: Connection, claimed: Claimed, worker: str, failure: PermanentFailure,
                  now: datetime, settings: Settings) -> bool:
    """Record a permanent failure; True when the address is now suppressed."""
    conn.execute(mail_outbox.update().where(_mine(claimed, worker)).values(
        status=FAILED, lease_until=None, last_code=failure.code, last_error=failure.detail))
    _attempt(conn, claimed.id, now, worker, "bounce", failure.code, failure.detail)
    if claimed.subscriber_id is None:
        return False
    conn.execute(mail_bounces.insert().values(
        subscriber_id=claimed.subscriber_id, outbox_id=claimed.id, email=claimed.recipient,
        code=failure.code, detail=failure.detail, bounced_at=now))
    subscriber = mail_subscribers.c
    conn.execute(mail_subscribers.update().where(subscriber.id == claimed.subscriber_id).values(
        bounce_count=subscriber.bounce_count + 1, last_bounce_at=now))
    count, suppressed = conn.execute(
        sa.select(subscriber.bounce_count, subscriber.suppressed_at)
        .where(subscriber.id == claimed.subscriber_id)).one()
    if suppressed is not None or count < settings.mail_max_bounces:
        return False
    suppress(conn, claimed.subscriber_id, now)
    return True


def suppress(conn: Connection, subscriber_id: int, now: datetime) -> None:
    """Stop all mail to a subscriber: mark it suppressed and drop its queued messages."""
    conn.execute(mail_subscribers.update().where(mail_subscribers.c.id == subscriber_id)
                 .values(suppressed_at=now))
    conn.execute(mail_outbox.update().where(mail_outbox.c.subscriber_id == subscriber_id,
                                            mail_outbox.c.status == QUEUED)
                 .values(status=SUPPRESSED, last_error="address suppressed after bounces"))


def cancel_queued(conn: Connection, subscription_id: int, kinds: tuple[str, ...]) -> int:
    """Cancel the not-yet-sent messages of a subscription (e.g. digests after unsubscribing)."""
    result = conn.execute(mail_outbox.update().where(
        mail_outbox.c.subscription_id == subscription_id, mail_outbox.c.kind.in_(kinds),
        mail_outbox.c.status == QUEUED).values(status=CANCELLED))
    return result.rowcount or 0


def deliver(
    store: Store, settings: Settings, *, limit: int | None = None, worker: str | None = None,
    clock: Callable[[], datetime] = utcnow, sender: SmtpSender | None = None,
) -> DeliveryReport:
    """Send every due message (at most ``limit``), one at a time; see the module docstring.

    Stops early when the server is unreachable (``report.server_down`` says why); the
    message being sent then waits for its back-off like any temporary failure.
    """
    worker = worker or worker_name()
    report = DeliveryReport()
    smtp = sender or SmtpSender(SmtpConfig.from_settings(settings))
    engine = store.engine
    try:
        while limit is None or report.sent + report.retried + report.bounced < limit:
            claimed = run_write(engine, lambda c: _claim(c, worker, clock(), settings.mail_lease),
                                where="claiming a message from the outbox")
            if claimed is None:
                break
            report.reclaimed += int(claimed.reclaimed)
            if not _send_one(store, settings, smtp, claimed, worker, clock, report):
                break
    finally:
        if sender is None:
            smtp.close()
    return report


def _send_one(store: Store, settings: Settings, smtp: SmtpSender, claimed: Claimed,
              worker: str, clock: Callable[[], datetime], report: DeliveryReport) -> bool:
    """Send one claimed message and record the outcome; False to stop the run."""
    where = f"recording the delivery of outbox message {claimed.id}"
    try:
        reply = smtp.send(claimed.sender, claimed.recipient, claimed.message)
    except PermanentFailure as failure:
        suppressed = run_write(store.engine, lambda c, f=failure: _mark_bounced(
            c, claimed, worker, f, clock(), settings), where=where)
        report.bounced += 1
        report.suppressed += int(suppressed)
        return True
    except TemporaryFailure as failure:
        kept = run_write(store.engine, lambda c, f=failure: _mark_retry(
            c, claimed, worker, f, clock(), settings), where=where)
        report.retried += int(kept)
        report.expired += int(not kept)
        if failure.connection:
            report.server_down = failure.detail
            return False
        return True
    # Right after the 250: the shortest possible window (see the module docstring).
    run_write(store.engine, lambda c: _mark_sent(c, claimed, worker, reply, clock()), where=where)
    report.sent += 1
    report.sent_ids.append(claimed.message_id)
    return True


def counts(store: Store) -> dict[str, int]:
    """How many outbox messages are in each status."""
    with reading(store.engine, where="counting the outbox") as conn:
        rows = conn.execute(sa.select(mail_outbox.c.status, sa.func.count())
                            .group_by(mail_outbox.c.status)).all()
    out = dict.fromkeys(STATUSES, 0)
    out.update({status: n for status, n in rows})
    return out
