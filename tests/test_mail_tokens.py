"""Signed link tokens: round trip, tampering, wrong secret/binding/purpose, expiry, shape."""

from __future__ import annotations

import pytest

from parley.errors import ConfigError
from parley.mail.tokens import Claims, TokenError, peek, sign, verify

SECRET = "a-long-enough-secret-for-tests"
NOW = 1_750_000_000.0


@pytest.mark.parametrize("purpose, subject, ttl", [
    ("confirm", 1, 3600),
    ("unsubscribe", 42, None),
    ("preferences", 987654321, None),
    ("confirm", 0, 60),
])
def test_round_trip(purpose, subject, ttl):
    token = sign(SECRET, purpose, subject, binding="salt-1", ttl=ttl, now=NOW)
    claims = verify(SECRET, token, purpose, binding="salt-1", now=NOW + 1)
    assert claims == Claims(purpose, subject, None if ttl is None else int(NOW + ttl))
    assert peek(token) == claims


def _flip(text: str, index: int) -> str:
    ch = text[index]
    return text[:index] + ("B" if ch != "B" else "C") + text[index + 1:]


@pytest.mark.parametrize("change", [
    lambda t: t.replace("unsubscribe.7.", "unsubscribe.8.", 1),  # another subscription
    lambda t: t.replace("unsubscribe.7.0.", "unsubscribe.7.9999999999.", 1),  # add an expiry
    lambda t: t.replace("unsubscribe.", "preferences.", 1),  # another purpose, same MAC
    lambda t: _flip(t, len(t) - 1),  # last signature character
    lambda t: _flip(t, len(t) - 22),  # first signature character
])
def test_tampered_tokens_are_refused(change):
    token = sign(SECRET, "unsubscribe", 7, binding="salt", now=NOW)
    forged = change(token)
    assert forged != token
    with pytest.raises(TokenError):
        verify(SECRET, forged, "unsubscribe", binding="salt", now=NOW)
    with pytest.raises(TokenError):
        verify(SECRET, forged, "preferences", binding="salt", now=NOW)


@pytest.mark.parametrize("secret, binding, purpose", [
    ("another-secret-of-enough-length", "salt", "unsubscribe"),
    (SECRET, "other-salt", "unsubscribe"),
    (SECRET, "", "unsubscribe"),
    (SECRET, "salt", "confirm"),
])
def test_wrong_secret_binding_or_purpose(secret, binding, purpose):
    token = sign(SECRET, "unsubscribe", 7, binding="salt", now=NOW)
    with pytest.raises(TokenError):
        verify(secret, token, purpose, binding=binding, now=NOW)


def test_expiry():
    token = sign(SECRET, "confirm", 3, ttl=100, now=NOW)
    assert verify(SECRET, token, "confirm", now=NOW + 100).subject == 3
    with pytest.raises(TokenError, match="expired"):
        verify(SECRET, token, "confirm", now=NOW + 101)


@pytest.mark.parametrize("token", [
    "", "   ", "confirm", "confirm.1.0", "confirm.1.0.short", "nosuch.1.0.AAAAAAAAAAAAAAAAAAAAAA",
    "confirm.-1.0.AAAAAAAAAAAAAAAAAAAAAA", "confirm.1.0.AAAAAAAAAAAAAAAAAAAAAA.extra",
    "confirm.1.0.AAAAAAAAAAAAAAAAAAAAA=", "confirm.x.0.AAAAAAAAAAAAAAAAAAAAAA",
    "confirm.1.0.AAAAAAAAAAAAAAAAAAAAAA\r\nBcc: x@example.org",
])
def test_malformed_tokens(token):
    with pytest.raises(TokenError):
        peek(token)
    with pytest.raises(TokenError):
        verify(SECRET, token, "confirm", now=NOW)


def test_tokens_differ_per_subject_and_binding():
    tokens = {sign(SECRET, "unsubscribe", s, binding=b, now=NOW)
              for s in (1, 2) for b in ("x", "y")}
    assert len(tokens) == 4


@pytest.mark.parametrize("secret", ["", "short", "x" * 15])
def test_short_secret_is_a_config_error(secret):
    with pytest.raises(ConfigError, match="PARLEY_SECRET"):
        sign(secret, "confirm", 1)
    with pytest.raises(ConfigError):
        verify(secret, "confirm.1.0.AAAAAAAAAAAAAAAAAAAAAA", "confirm")


def test_unknown_purpose_cannot_be_signed():
    with pytest.raises(ValueError):
        sign(SECRET, "admin", 1)
