"""Building messages: templates (plain text + HTML), hub links, headers, Message-IDs.

Header safety: only parley's own fixed wording, numbers, the configured ``mail_from`` and
the strictly validated recipient address ever reach a header (never a search query, an
actor name or anything else a visitor typed); the message is an ``email.message.
EmailMessage`` under the SMTP policy, which refuses CR/LF in any header value, and
``Address(addr_spec=...)`` re-parses the recipient.

Bodies are rendered from ``templates/<name>.txt`` and ``<name>.html``; the HTML templates
autoescape everything, the text ones do not escape (there is nothing to escape in text).
"""

from __future__ import annotations

import email.policy
import email.utils
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import jinja2

from parley.config import Settings
from parley.errors import ConfigError
from parley.model import stable_id

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: SMTP line ends, and 7-bit bodies (quoted-printable/base64) so no server needs 8BITMIME.
MAIL_POLICY = email.policy.SMTP.clone(cte_type="7bit")


@lru_cache(maxsize=2)
def _environment(html: bool) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_parts(name: str, **context: object) -> tuple[str, str]:
    """The plain-text and HTML bodies of template ``name`` rendered with ``context``."""
    text = _environment(False).get_template(f"{name}.txt").render(**context)
    html = _environment(True).get_template(f"{name}.html").render(**context)
    return text, html


def sender_address(settings: Settings) -> Address:
    """The configured ``mail_from`` as one ``Address``; ConfigError when it is not one."""
    value = settings.mail_from or ""
    problem = f"mail_from must be one email address, e.g. 'parley <news@example.org>': {value!r}"
    if any(c in value for c in "\r\n"):
        raise ConfigError(problem)
    try:
        header = MAIL_POLICY.header_factory("from", value)
    except (ValueError, IndexError) as exc:
        raise ConfigError(problem) from exc
    if header.defects or len(header.addresses) != 1 or not header.addresses[0].domain:
        raise ConfigError(problem)
    return header.addresses[0]


def message_id(settings: Settings, key: str) -> str:
    """A Message-ID that depends only on ``key`` (the outbox row's dedupe key) and the domain.

    The same message always carries the same id, so a retry is recognisably the same
    message to the receiving server and to the tests that count deliveries.
    """
    domain = sender_address(settings).domain or "localhost"
    return f"<parley.{stable_id(key, length=32)}@{domain}>"


def hub_link(settings: Settings, path: str, **params: object) -> str:
    """An absolute link into the hub (``base_url`` + a local ``path`` + query parameters)."""
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError(f"hub links take a local path, got {path!r}")
    base = settings.base_url.rstrip("/")
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"base_url must be an http(s) URL, got {settings.base_url!r}")
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return base + path + ("?" + query if query else "")


def build_message(
    settings: Settings, *, to: str, subject: str, text: str, html: str, msg_id: str,
    headers: dict[str, str] | None = None, now: datetime | None = None,
) -> EmailMessage:
    """A multipart/alternative message (text, then HTML) with parley's headers."""
    msg = EmailMessage(policy=MAIL_POLICY)
    msg["From"] = sender_address(settings)
    msg["To"] = Address(addr_spec=to)
    msg["Subject"] = subject
    msg["Date"] = email.utils.format_datetime((now or datetime.now(UTC)).astimezone(UTC))
    msg["Message-ID"] = msg_id
    msg["Auto-Submitted"] = "auto-generated"
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    return msg


def serialise(msg: EmailMessage) -> str:
    """The message as stored in the outbox and sent: ASCII, CRLF line ends."""
    return msg.as_bytes(policy=MAIL_POLICY).decode("ascii")
