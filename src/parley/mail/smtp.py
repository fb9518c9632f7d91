"""Sending one message over SMTP, and telling temporary failures from permanent ones.

``SmtpSender`` keeps one connection open across messages (plain, STARTTLS or implicit TLS,
with an optional login, all from ``Settings``) and speaks MAIL / RCPT / DATA itself so it
can return the server's reply to DATA (often the server's queue id, kept in the outbox).

Every failure becomes one of two exceptions:

- ``PermanentFailure``: the server refused *this message or this recipient* with a 5xx
  reply (unknown mailbox, rejected content). The address gets a bounce recorded.
- ``TemporaryFailure``: a 4xx reply, or anything wrong with the connection, TLS, login or
  our own sender address. ``connection=True`` says the server itself is unusable right now
  (down, refusing, dropping us): the caller stops its run and retries later, instead of
  trying every queued message against a dead server.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass

from parley.config import Settings
from parley.errors import ConfigError, ParleyError

SECURITY_MODES = ("none", "starttls", "ssl")


class DeliveryError(ParleyError):
    """A message could not be handed to the SMTP server."""

    def __init__(self, code: int | None, detail: str):
        super().__init__(f"{code} {detail}" if code else detail)
        self.code = code
        self.detail = detail


class TemporaryFailure(DeliveryError):
    """Try again later (4xx, or the server/connection is unusable: ``connection``)."""

    def __init__(self, code: int | None, detail: str, *, connection: bool = False):
        super().__init__(code, detail)
        self.connection = connection


class PermanentFailure(DeliveryError):
    """The server refused this recipient or message for good (5xx)."""


@dataclass(frozen=True, slots=True)
class SmtpConfig:
    """Where and how to hand mail over."""

    host: str
    port: int
    security: str = "none"
    user: str = ""
    password: str = ""
    timeout: float = 30.0

    @classmethod
    def from_settings(cls, settings: Settings) -> SmtpConfig:
        """The SMTP settings (``smtp_*``), checked."""
        security = (settings.smtp_security or "none").strip().lower()
        if security not in SECURITY_MODES:
            raise ConfigError(f"smtp_security must be one of {', '.join(SECURITY_MODES)}, "
                              f"got {settings.smtp_security!r}")
        if not settings.smtp_host:
            raise ConfigError("smtp_host is empty: set PARLEY_SMTP_HOST")
        if not 0 < int(settings.smtp_port) < 65536:
            raise ConfigError(f"smtp_port out of range: {settings.smtp_port}")
        return cls(settings.smtp_host, int(settings.smtp_port), security, settings.smtp_user,
                   settings.smtp_password, float(settings.smtp_timeout))


def _text(reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return " ".join(text.split())[:500]


def _reply_failure(code: int, reply: bytes | str, stage: str) -> DeliveryError:
    detail = f"{stage}: {_text(reply)}"
    if 500 <= code < 600:
        return PermanentFailure(code, detail)
    # 421: the server is closing the connection (shutting down, overloaded): stop the run.
    return TemporaryFailure(code, detail, connection=code == 421)


class SmtpSender:
    """One SMTP connection, opened on the first message and reused for the next ones."""

    def __init__(self, config: SmtpConfig, *, ssl_context: ssl.SSLContext | None = None):
        self.config = config
        self.ssl_context = ssl_context
        self._conn: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpSender:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _context(self) -> ssl.SSLContext:
        return self.ssl_context or ssl.create_default_context()

    def _connect(self) -> smtplib.SMTP:
        cfg = self.config
        try:
            if cfg.security == "ssl":
                conn: smtplib.SMTP = smtplib.SMTP_SSL(cfg.host, cfg.port, timeout=cfg.timeout,
                                                      context=self._context())
            else:
                conn = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout)
            conn.ehlo()
            if cfg.security == "starttls":
                conn.starttls(context=self._context())
                conn.ehlo()
            if cfg.user:
                conn.login(cfg.user, cfg.password)
        except smtplib.SMTPAuthenticationError as exc:
            raise TemporaryFailure(exc.smtp_code, f"login refused: {_text(exc.smtp_error)}",
                                   connection=True) from exc
        except smtplib.SMTPResponseException as exc:
            raise TemporaryFailure(exc.smtp_code, f"connecting: {_text(exc.smtp_error)}",
                                   connection=True) from exc
        except (smtplib.SMTPException, OSError, ssl.SSLError) as exc:
            raise TemporaryFailure(None, f"cannot reach the SMTP server {cfg.host}:{cfg.port}: "
                                         f"{exc or type(exc).__name__}", connection=True) from exc
        return conn

    def send(self, sender: str, recipient: str, message: str) -> str:
        """Hand one message to the server; returns its reply to DATA, or raises a failure."""
        if self._conn is None:
            self._conn = self._connect()
        conn = self._conn
        try:
            code, reply = conn.mail(sender)
            if code != 250:
                self._reset()
                # Our own envelope sender refused: a configuration problem, not the address's.
                raise TemporaryFailure(code, f"sender refused: {_text(reply)}")
            code, reply = conn.rcpt(recipient)
            if code not in (250, 251):
                self._reset()
                raise _reply_failure(code, reply, "recipient refused")
            code, reply = conn.data(message.encode("ascii"))
            if code != 250:
                self._reset()
                raise _reply_failure(code, reply, "message refused")
            return f"{code} {_text(reply)}"
        except DeliveryError:
            raise
        except smtplib.SMTPResponseException as exc:  # e.g. DATA answered without 354
            self._reset()
            raise _reply_failure(exc.smtp_code, exc.smtp_error, "refused") from exc
        except (smtplib.SMTPException, OSError) as exc:
            # The connection broke mid-transaction: the server did not say 250 to DATA.
            self.close()
            raise TemporaryFailure(None, f"connection lost: {exc or type(exc).__name__}",
                                   connection=True) from exc

    def _reset(self) -> None:
        """RSET after a refused transaction; a connection that cannot even do that is dropped."""
        if self._conn is None:
            return
        try:
            self._conn.rset()
        except (smtplib.SMTPException, OSError):
            self._conn.close()
            self._conn = None

    def close(self) -> None:
        """Say QUIT (when the connection still works) and drop it."""
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            conn.quit()
        except (smtplib.SMTPException, OSError):
            conn.close()
