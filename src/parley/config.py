"""Settings, read from the environment (``PARLEY_*``) and an optional ``parley.toml``.

Precedence: explicit arguments (CLI flags) > environment > ``parley.toml`` (in the current
directory, or the file named by ``PARLEY_CONFIG``) > defaults. Every engineer adding a
setting adds it to ``Settings`` with a default and a comment, and to the README table.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from parley.errors import ConfigError


@dataclass(slots=True)
class Settings:
    """All of parley's settings with their defaults."""

    #: Database: a SQLite path or URL, or a postgresql:// URL.
    db: str = "parley.db"
    #: Base URL the hub is reachable at (used in emailed links).
    base_url: str = "http://127.0.0.1:8000"
    #: Secret for signing tokens (unsubscribe links, CSRF). Must be set for a public hub.
    secret: str = ""
    #: Allow fetching URLs that resolve to loopback/private/link-local addresses (intranets).
    allow_private_urls: bool = False
    #: Largest body fetched over HTTP, in bytes; longer bodies are cut off.
    max_fetch_bytes: int = 5_000_000
    #: Largest article text analysed, in characters.
    max_chars: int = 1_000_000
    #: SMTP delivery.
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_security: str = "none"  # none, starttls or ssl
    smtp_user: str = ""
    smtp_password: str = ""
    mail_from: str = "parley <parley@localhost>"
    #: SMTP connection timeout, in seconds.
    smtp_timeout: int = 30
    #: Digests (UTC): daily ones go out from this hour on, weekly ones on this weekday
    #: (0 = Monday ... 6 = Sunday) from the same hour; "immediately" ones on every round.
    digest_hour: int = 7
    digest_weekday: int = 0
    #: Seconds between mail rounds (due digests, then the outbox) inside `parley serve`; 0: off.
    mail_interval: int = 60
    #: Delivery retries after a temporary failure: first wait and longest wait in seconds
    #: (doubling in between), and the attempts after which a message is given up.
    mail_retry_base: int = 60
    mail_retry_max: int = 3600
    mail_max_attempts: int = 40
    #: Seconds a sender owns a message it is sending; a crashed sender's messages are
    #: retried after that (keep it well above smtp_timeout).
    mail_lease: int = 300
    #: Permanent failures (5xx) in a row after which an address gets no more mail.
    mail_max_bounces: int = 3
    #: Subscribe form limits: requests per hour from one client address, and confirmation
    #: mails per hour to one email address (more are dropped silently).
    subscribe_per_ip: int = 20
    subscribe_per_address: int = 3
    #: Searches a minute from one client address (bursts up to as many); more get a 429
    #: with Retry-After. 0: no limit (e.g. when a reverse proxy limits instead).
    search_per_minute: int = 60
    #: Seconds a browser or reverse proxy may reuse a public page (pages, twins, feeds,
    #: exports) without asking again; 0: it may keep it but revalidates every time (a cheap
    #: 304 when nothing changed).
    cache_max_age: int = 0
    #: Run the trained attribution model beside the quote rules (false: rules only, the
    #: throughput baseline; the CLI's --no-model).
    attribution_model: bool = True


def _coerce(value: str, default: Any) -> Any:
    if isinstance(default, bool):
        return value.strip().lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        try:
            return int(value)
        except ValueError as exc:
            raise ConfigError(f"expected a whole number, got {value!r}") from exc
    return value


def load_settings(path: str | os.PathLike[str] | None = None, **overrides: Any) -> Settings:
    """Build ``Settings`` from defaults, the TOML file, the environment and ``overrides``."""
    settings = Settings()
    toml_path = Path(path or os.environ.get("PARLEY_CONFIG", "parley.toml"))
    if toml_path.is_file():
        try:
            data = tomllib.loads(toml_path.read_text("utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{toml_path}: {exc}") from exc
        for f in fields(Settings):
            if f.name in data:
                setattr(settings, f.name, data[f.name])
    for f in fields(Settings):
        env = os.environ.get("PARLEY_" + f.name.upper())
        if env is not None:
            setattr(settings, f.name, _coerce(env, getattr(settings, f.name)))
    for key, value in overrides.items():
        if value is not None:
            if not hasattr(settings, key):
                raise ConfigError(f"unknown setting {key!r}")
            setattr(settings, key, value)
    return settings
