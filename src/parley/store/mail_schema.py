"""The mail tables: subscribers, their subscriptions, the outbox, delivery attempts, bounces.

- ``mail_subscribers``: one row per email address (``email_key`` is the address lowercased,
  unique); ``token_salt`` binds signed links to this row (see ``parley.mail.tokens``);
  ``bounce_count`` counts permanent failures in a row, ``suppressed_at`` is set when it
  reaches ``Settings.mail_max_bounces`` (no more mail to the address).
- ``mail_subscriptions``: what an address follows (``kind`` all / actor / issue / search,
  ``target``), how often, and its state (pending / confirmed / unsubscribed). ``watermark``
  is the highest article id already covered by a digest (each post is sent once);
  ``last_period`` the daily/weekly period last handled.
- ``mail_outbox``: every message, fully serialised when queued (so a retry sends the same
  bytes with the same ``Message-ID``), with its delivery state (queued / sending / sent /
  failed / suppressed / cancelled), the sender's lease while sending, and the back-off.
- ``mail_attempts``: one row per delivery attempt (outcome, SMTP code, server reply).
- ``mail_bounces``: permanent failures, per address.

Created by migration step ``create_mail_tables`` (registered in ``parley.store.migrations``).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from parley.store.migrations import create_tables
from parley.store.schema import UtcDateTime

#: The mail tables live on their own MetaData: they refer to nothing outside themselves.
mail_metadata = sa.MetaData()


def _fk(target: str) -> sa.ForeignKey:
    return sa.ForeignKey(target, ondelete="CASCADE")


mail_subscribers = sa.Table(
    "mail_subscribers",
    mail_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("email", sa.String(254), nullable=False),
    sa.Column("email_key", sa.String(254), nullable=False, unique=True),
    sa.Column("token_salt", sa.String(32), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("confirmed_at", UtcDateTime),  # first time the address proved it reads its mail
    sa.Column("bounce_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_bounce_at", UtcDateTime),
    sa.Column("suppressed_at", UtcDateTime),
)

mail_subscriptions = sa.Table(
    "mail_subscriptions",
    mail_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("subscriber_id", sa.Integer, _fk("mail_subscribers.id"), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("target", sa.Text, nullable=False),  # '' for "all latest posts"
    # Hash of (kind, target): unique per subscriber whatever the target's length.
    sa.Column("target_key", sa.String(32), nullable=False),
    sa.Column("frequency", sa.String(16), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.Column("confirmed_at", UtcDateTime),
    sa.Column("unsubscribed_at", UtcDateTime),
    sa.Column("confirm_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("confirm_sent_at", UtcDateTime),
    sa.Column("watermark", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_period", sa.String(16)),
    sa.Column("last_digest_at", UtcDateTime),
    sa.UniqueConstraint("subscriber_id", "kind", "target_key", name="uq_mail_subscriptions_follow"),
    sa.Index("ix_mail_subscriptions_due", "status", "frequency"),
)

mail_outbox = sa.Table(
    "mail_outbox",
    mail_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("message_id", sa.String(250), nullable=False, unique=True),
    # What the message is for ("confirm:<subscription>:<n>", "digest:<subscription>:<a>-<b>"):
    # queueing the same thing twice finds the first row instead of adding a second.
    sa.Column("dedupe_key", sa.String(200), nullable=False, unique=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("subscriber_id", sa.Integer, _fk("mail_subscribers.id")),
    sa.Column("subscription_id", sa.Integer, _fk("mail_subscriptions.id")),
    sa.Column("sender", sa.String(254), nullable=False),  # envelope MAIL FROM
    sa.Column("recipient", sa.String(254), nullable=False),  # envelope RCPT TO
    sa.Column("message", sa.Text, nullable=False),  # the whole message, CRLF line ends, ASCII
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("next_attempt_at", UtcDateTime, nullable=False),
    sa.Column("lease_until", UtcDateTime),
    sa.Column("lease_owner", sa.String(120)),
    sa.Column("sent_at", UtcDateTime),
    sa.Column("last_code", sa.Integer),
    sa.Column("last_error", sa.Text),
    sa.Column("server_reply", sa.Text),  # the 250 reply to DATA (often the server's queue id)
    sa.Index("ix_mail_outbox_due", "status", "next_attempt_at"),
    sa.Index("ix_mail_outbox_subscriber", "subscriber_id", "kind", "created_at"),
)

mail_attempts = sa.Table(
    "mail_attempts",
    mail_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("outbox_id", sa.Integer, _fk("mail_outbox.id"), nullable=False),
    sa.Column("attempted_at", UtcDateTime, nullable=False),
    sa.Column("worker", sa.String(120)),
    # sent, retry (temporary failure), bounce (permanent), expired (gave up), reclaimed
    sa.Column("outcome", sa.String(16), nullable=False),
    sa.Column("code", sa.Integer),
    sa.Column("detail", sa.Text),
    sa.Index("ix_mail_attempts_outbox", "outbox_id", "id"),
)

mail_bounces = sa.Table(
    "mail_bounces",
    mail_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("subscriber_id", sa.Integer, _fk("mail_subscribers.id"), nullable=False),
    sa.Column("outbox_id", sa.Integer, sa.ForeignKey("mail_outbox.id", ondelete="SET NULL")),
    sa.Column("email", sa.String(254), nullable=False),
    sa.Column("code", sa.Integer),
    sa.Column("detail", sa.Text),
    sa.Column("bounced_at", UtcDateTime, nullable=False),
    sa.Index("ix_mail_bounces_subscriber", "subscriber_id", "bounced_at"),
)

#: In dependency order.
MAIL_TABLES = (mail_subscribers, mail_subscriptions, mail_outbox, mail_attempts, mail_bounces)


def create_mail_tables(conn: Connection) -> None:
    """Migration step: create the mail tables (with their indexes) unless they exist."""
    create_tables(conn, *MAIL_TABLES)
