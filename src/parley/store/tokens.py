"""The ``api_tokens`` table: API tokens stored as sha256 hashes, never in plain text.

A token is ``parley_`` followed by 43 random URL-safe characters (256 bits), shown once
by ``create_token``. Since tokens are random and long, a plain sha256 is enough (no salt
or slow hash needed: there is no dictionary to guess from).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from parley.errors import InputError
from parley.store.records import TokenInfo
from parley.store.schema import api_tokens, utcnow

PREFIX = "parley_"
#: ``last_used_at`` is refreshed at most this often (a write per API call would contend).
TOUCH_INTERVAL = timedelta(minutes=1)


def hash_token(plaintext: str) -> str:
    """The sha256 hex digest a token is stored as."""
    return hashlib.sha256(plaintext.encode("utf-8")).hexdigest()


def _info(row: Row) -> TokenInfo:
    m = row._mapping
    return TokenInfo(m["id"], m["name"], m["prefix"], m["created_at"], m["revoked_at"],
                     m["last_used_at"])


def create_token(conn: Connection, name: str) -> str:
    """Create a token called ``name``; return its plain text (the only time it is seen)."""
    name = name.strip()
    if not name:
        raise InputError("token", "a token needs a name")
    exists = conn.execute(sa.select(api_tokens.c.id).where(api_tokens.c.name == name)).first()
    if exists:
        raise InputError(f"token {name!r}", "a token with this name already exists")
    plaintext = PREFIX + secrets.token_urlsafe(32)
    conn.execute(sa.insert(api_tokens), {
        "name": name, "token_hash": hash_token(plaintext), "prefix": plaintext[:12],
        "created_at": utcnow(),
    })
    return plaintext


def find_token(conn: Connection, plaintext: str) -> TokenInfo | None:
    """The active token with this plain text, or None."""
    row = conn.execute(
        sa.select(api_tokens).where(api_tokens.c.token_hash == hash_token(plaintext),
                                    api_tokens.c.revoked_at.is_(None))
    ).first()
    return _info(row) if row else None


def touch_token(conn: Connection, token_id: int) -> None:
    """Record a use of the token, unless one was recorded within ``TOUCH_INTERVAL``."""
    now = utcnow()
    conn.execute(
        sa.update(api_tokens).where(
            api_tokens.c.id == token_id,
            sa.or_(api_tokens.c.last_used_at.is_(None),
                   api_tokens.c.last_used_at < now - TOUCH_INTERVAL),
        ).values(last_used_at=now)
    )


def revoke_token(conn: Connection, name: str) -> bool:
    """Revoke the token called ``name``; True when an active token was revoked."""
    result = conn.execute(
        sa.update(api_tokens)
        .where(api_tokens.c.name == name, api_tokens.c.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return result.rowcount > 0


def list_tokens(conn: Connection, include_revoked: bool) -> list[TokenInfo]:
    """Tokens by name (plain text is never available)."""
    query = sa.select(api_tokens).order_by(api_tokens.c.name)
    if not include_revoked:
        query = query.where(api_tokens.c.revoked_at.is_(None))
    return [_info(r) for r in conn.execute(query)]
