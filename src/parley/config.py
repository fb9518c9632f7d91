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
