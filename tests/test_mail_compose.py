"""Composing mail: header safety, the sender address, Message-IDs, hub links, templates, and
the stored (serialised) form."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime

import pytest

from mail_support import mail_settings
from parley.errors import ConfigError
from parley.mail import compose

SETTINGS = mail_settings(25)
NOW = datetime(2025, 4, 21, 9, 0, tzinfo=UTC)


def build(**changes):
    values = dict(to="reader@example.org", subject="Hello", text="plain body\n",
                  html="<p>html body</p>", msg_id=compose.message_id(SETTINGS, "k"), now=NOW)
    values.update(changes)
    return compose.build_message(SETTINGS, **values)


@pytest.mark.parametrize("field, value", [
    ("to", "reader@example.org\r\nBcc: victim@example.org"),
    ("to", "reader@example.org\nBcc: victim@example.org"),
    ("subject", "Hello\r\nBcc: victim@example.org"),
    ("subject", "Hello\nX-Injected: 1"),
])
def test_no_header_injection(field, value):
    with pytest.raises((ValueError, IndexError)):
        compose.serialise(build(**{field: value}))


def test_message_shape():
    msg = build(text="Ünïcode — “quotes” " + "long " * 40 + "\n")
    raw = compose.serialise(msg)
    assert raw.isascii() and "\r\n" in raw and "\n" not in raw.replace("\r\n", "")
    assert all(len(line) <= 998 for line in raw.split("\r\n"))
    parsed = email.message_from_string(raw, policy=email.policy.default)
    assert parsed["From"] == "parley <news@hub.example.org>"
    assert parsed["To"] == "reader@example.org"
    assert parsed["Date"] == "Mon, 21 Apr 2025 09:00:00 +0000"
    assert parsed["Auto-Submitted"] == "auto-generated"
    assert parsed.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in parsed.iter_parts()] == ["text/plain", "text/html"]
    body = parsed.get_body(preferencelist=("plain",)).get_content()
    assert body.startswith("Ünïcode — “quotes” long")


@pytest.mark.parametrize("mail_from, display, address", [
    ("parley <news@hub.example.org>", "parley", "news@hub.example.org"),
    ("news@hub.example.org", "", "news@hub.example.org"),
    ('"The Hub, Inc." <hub@example.org>', "The Hub, Inc.", "hub@example.org"),
])
def test_sender_address(mail_from, display, address):
    parsed = compose.sender_address(mail_settings(25, mail_from=mail_from))
    assert (parsed.display_name, parsed.addr_spec) == (display, address)


@pytest.mark.parametrize("mail_from", ["", "news", "a@b.org, c@d.org", "x <news@hub.org>\r\nBcc: y@z.org",
                                       "<@>"])
def test_bad_sender_address(mail_from):
    with pytest.raises(ConfigError, match="mail_from"):
        compose.sender_address(mail_settings(25, mail_from=mail_from))


def test_message_ids_are_stable_per_key():
    first = compose.message_id(SETTINGS, "digest:1:0-5")
    assert first == compose.message_id(SETTINGS, "digest:1:0-5")
    assert first != compose.message_id(SETTINGS, "digest:1:5-9")
    assert first.startswith("<parley.") and first.endswith("@hub.example.org>")


@pytest.mark.parametrize("base, path, params, expected", [
    ("http://hub.example.org", "/articles/3", {}, "http://hub.example.org/articles/3"),
    ("https://hub.example.org/", "/unsubscribe", {"token": "a.b c"},
     "https://hub.example.org/unsubscribe?token=a.b+c"),
    ("https://example.org/parley", "/preferences", {"token": "t", "x": None},
     "https://example.org/parley/preferences?token=t"),
])
def test_hub_links(base, path, params, expected):
    assert compose.hub_link(mail_settings(25, base_url=base), path, **params) == expected


@pytest.mark.parametrize("path", ["articles/3", "//evil.example/x", "https://evil.example/"])
def test_hub_links_take_local_paths_only(path):
    with pytest.raises(ValueError):
        compose.hub_link(SETTINGS, path)


@pytest.mark.parametrize("base", ["", "hub.example.org", "javascript:alert(1)", "ftp://hub"])
def test_hub_links_need_an_http_base_url(base):
    with pytest.raises(ConfigError, match="base_url"):
        compose.hub_link(mail_settings(25, base_url=base), "/")


def test_templates_escape_html_only():
    text, html = compose.render_parts(
        "confirm", follow="posts matching the search “<script>x</script>”", frequency="daily",
        confirm_url="http://hub.example.org/subscribe/confirm?token=a&b=1",
        preferences_url="http://hub.example.org/preferences?token=p",
        hub_url="http://hub.example.org/", days=7)
    assert "“<script>x</script>”" in text
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>" not in html
    assert 'href="http://hub.example.org/subscribe/confirm?token=a&amp;b=1"' in html
    assert "http://hub.example.org/subscribe/confirm?token=a&b=1" in text
    assert "7 days" in text and "7 days" in html
