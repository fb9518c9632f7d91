"""Signed tokens for the links in parley's mails: confirm, unsubscribe, preferences.

A token is ``<purpose>.<subject>.<expires>.<signature>``: ``subject`` is a database id,
``expires`` a Unix time (``0``: never, for unsubscribe links in old mails), and
``signature`` the first 128 bits of HMAC-SHA256 over the other three fields *and a binding*
(the subscriber's random ``token_salt``, kept in the database and never sent). The binding
ties a token to one subscriber row: a database restored elsewhere, or a subscriber whose
salt was rotated, does not accept old links. Ids are not secret; the signature is what a
guesser cannot produce without ``Settings.secret``.

    token = sign(secret, "unsubscribe", subscription_id, binding=salt)
    claims = peek(token)                 # parse only, to find the row and its salt
    verify(secret, token, "unsubscribe", binding=salt)   # raises TokenError when wrong
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time
from dataclasses import dataclass

from parley.errors import ConfigError, ParleyError

#: What a token may be used for.
PURPOSES = ("confirm", "unsubscribe", "preferences")
#: Domain separation: a token of this scheme is never valid for another use of the secret.
_CONTEXT = b"parley-mail-token-v1"
_SIG_BYTES = 16
_SHAPE = re.compile(r"^([a-z]{1,16})\.([0-9]{1,18})\.([0-9]{1,12})\.([A-Za-z0-9_-]{22})$")
#: Shortest secret accepted for signing mail links.
MIN_SECRET = 16


class TokenError(ParleyError):
    """A link token that is malformed, forged, expired or meant for something else."""


class MalformedToken(TokenError):
    """A link token that is not even shaped like one (cut off, mangled)."""


#: The shape of a token, as a pattern for forms and the OpenAPI document.
TOKEN_PATTERN = (r"^[ \t\n\r\f\v]*(confirm|unsubscribe|preferences)\.[0-9]{1,18}\.[0-9]{1,12}"
                 r"\.[A-Za-z0-9_-]{22}[ \t\n\r\f\v]*$")


@dataclass(frozen=True, slots=True)
class Claims:
    """What a token says: its purpose, the id it is about, and when it expires (None: never)."""

    purpose: str
    subject: int
    expires: int | None


def check_secret(secret: str) -> str:
    """``secret`` when it is long enough to sign mail links, else ``ConfigError``."""
    if len(secret or "") < MIN_SECRET:
        raise ConfigError(
            f"mail needs a secret of at least {MIN_SECRET} characters to sign its links: "
            "set PARLEY_SECRET (or `secret` in parley.toml)"
        )
    return secret


def _signature(secret: str, purpose: str, subject: int, expires: int, binding: str) -> str:
    message = b"\x1f".join(
        [_CONTEXT, purpose.encode(), str(subject).encode(), str(expires).encode(), binding.encode()]
    )
    digest = hmac.new(secret.encode("utf-8"), message, hashlib.sha256).digest()[:_SIG_BYTES]
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def sign(secret: str, purpose: str, subject: int, *, binding: str = "",
         ttl: int | None = None, now: float | None = None) -> str:
    """A token for ``purpose`` about row ``subject``, valid ``ttl`` seconds (None: forever)."""
    check_secret(secret)
    if purpose not in PURPOSES:
        raise ValueError(f"unknown token purpose {purpose!r}")
    if subject < 0:
        raise ValueError("token subjects are database ids (not negative)")
    expires = 0 if ttl is None else int((time.time() if now is None else now) + ttl)
    return f"{purpose}.{subject}.{expires}.{_signature(secret, purpose, subject, expires, binding)}"


def peek(token: str) -> Claims:
    """Parse ``token`` without checking its signature (to look up its row); TokenError if malformed."""
    match = _SHAPE.match((token or "").strip())
    if not match or match.group(1) not in PURPOSES:
        raise MalformedToken("this link is incomplete or damaged; copy the whole link from the mail")
    expires = int(match.group(3))
    return Claims(match.group(1), int(match.group(2)), expires or None)


def verify(secret: str, token: str, purpose: str, *, binding: str = "",
           now: float | None = None) -> Claims:
    """The token's claims when it is genuine, unexpired and for ``purpose``; else TokenError."""
    check_secret(secret)
    claims = peek(token)
    expected = _signature(secret, claims.purpose, claims.subject, claims.expires or 0, binding)
    # Compare the signature before looking at anything else it vouches for.
    if not hmac.compare_digest(expected, token.strip().rsplit(".", 1)[1]):
        raise TokenError("this link is not valid (it may have been changed or replaced)")
    if claims.purpose != purpose:
        raise TokenError("this link is meant for something else")
    if claims.expires is not None and claims.expires < (time.time() if now is None else now):
        raise TokenError("this link has expired; subscribe again to get a new one")
    return claims
