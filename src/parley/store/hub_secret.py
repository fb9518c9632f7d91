"""The hub's signing secret, kept in the database when none is configured.

The secret signs CSRF form tokens and the links in mails (confirm, unsubscribe,
preferences), so it must outlive a restart and be the same for every process serving one
database. An explicit ``secret`` setting (``PARLEY_SECRET``) always wins; without one, the
first process that needs it creates a random one and stores it in ``hub_secrets``; every
later process (another worker, ``parley digest send`` from cron) reads the same row.

    secret = hub_secret(store, settings.secret)
    rotate_secret(store)     # a new stored secret: old mail links and open forms stop working
"""

from __future__ import annotations

import logging
import secrets

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from parley.store.engine import reading, run_write
from parley.store.schema import UtcDateTime, utcnow

log = logging.getLogger("parley.store")

#: The row's name: one table for whatever secrets the hub keeps (only this one so far).
SIGNING = "signing"
#: Random bytes of a generated secret (256 bits, ~43 URL-safe characters).
SECRET_BYTES = 32

hub_secrets = sa.Table(
    "hub_secrets",
    sa.MetaData(),
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
)


def create_hub_secrets(conn: Connection) -> None:
    """Migration step: the ``hub_secrets`` table."""
    hub_secrets.create(conn, checkfirst=True)


def _read(conn: Connection) -> str | None:
    return conn.execute(sa.select(hub_secrets.c.value)
                        .where(hub_secrets.c.name == SIGNING)).scalar()


def _create(conn: Connection) -> tuple[str, bool]:
    """The stored secret, inserting a new one if there is none: (secret, created)."""
    if conn.dialect.name == "postgresql":
        # Two hubs starting at once on one database: the second waits and reads the first's.
        conn.execute(sa.text("LOCK TABLE hub_secrets IN SHARE ROW EXCLUSIVE MODE"))
    existing = _read(conn)  # SQLite writes run under BEGIN IMMEDIATE: already serialised
    if existing:
        return existing, False
    value = secrets.token_urlsafe(SECRET_BYTES)
    conn.execute(sa.insert(hub_secrets), {"name": SIGNING, "value": value,
                                          "created_at": utcnow()})
    return value, True


def hub_secret(store, configured: str = "") -> str:
    """``configured`` when set, else the secret stored in the database (made on first use)."""
    if configured:
        return configured
    with reading(store.engine, where="reading the hub's secret") as conn:
        stored = _read(conn)
    if stored:
        return stored
    value, created = run_write(store.engine, _create, where="storing the hub's secret")
    if created:
        log.warning("no secret configured (PARLEY_SECRET): created one and stored it in the "
                    "database; forms and mail links stay valid across restarts "
                    "(rotate it with `parley secret rotate`)")
    return value


def rotate_secret(store) -> None:
    """Replace the stored secret with a new random one (signed links and forms expire)."""
    def work(conn: Connection) -> None:
        conn.execute(sa.delete(hub_secrets).where(hub_secrets.c.name == SIGNING))
        conn.execute(sa.insert(hub_secrets), {"name": SIGNING,
                                              "value": secrets.token_urlsafe(SECRET_BYTES),
                                              "created_at": utcnow()})
    run_write(store.engine, work, where="rotating the hub's secret")
