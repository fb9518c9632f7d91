"""Helpers for the mail tests: a real SMTP server (aiosmtpd) on loopback, settings, links.

``SmtpServer`` runs aiosmtpd's ``Controller`` on 127.0.0.1 and keeps what it accepted in
``messages`` (one parsed message per accepted DATA, with its envelope recipients). It can
refuse recipients (``refuse[address] = "550 ..."``), slow DATA down (``delay``: a message
counts only once the delay is over and the server answers 250, so a client that dies or a
server that stops meanwhile delivers nothing), and be stopped and started again on the
same port. ``hold = n`` keeps the n-th DATA waiting without an answer, so a test can kill
the client or stop the server exactly while a message is in flight.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import re
import threading
import time
from dataclasses import dataclass

import pytest
from aiosmtpd.controller import Controller

from parley.config import Settings
from web_support import free_port

SECRET = "test-secret-for-parley-mail-0123456789"


def mail_settings(port: int, **overrides) -> Settings:
    """Settings for sending to the test server on ``port``."""
    values = dict(secret=SECRET, mail_from="parley <news@hub.example.org>",
                  base_url="http://hub.example.org", smtp_host="127.0.0.1", smtp_port=port,
                  smtp_timeout=5, mail_retry_base=60, mail_retry_max=3600, mail_lease=60,
                  mail_max_bounces=3, mail_max_attempts=10, subscribe_per_address=3)
    values.update(overrides)
    return Settings(**values)


@dataclass
class Received:
    """A message the server accepted."""

    recipients: list[str]
    message: email.message.EmailMessage

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])


class _Handler:
    def __init__(self, server: SmtpServer):
        self.server = server

    async def handle_RCPT(self, smtp, session, envelope, address, rcpt_options):
        reply = self.server.refuse.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, smtp, session, envelope):
        self.server.data_started += 1
        self.server.started.set()
        if self.server.hold == self.server.data_started:
            await asyncio.sleep(60)  # held until the test kills the client or stops the server
        elif self.server.delay:
            await asyncio.sleep(self.server.delay)  # cancelled if the client goes away
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.server.lock:
            self.server.messages.append(Received(list(envelope.rcpt_tos), parsed))
            number = len(self.server.messages)
        return f"250 2.0.0 Ok: queued as T{number}"


class SmtpServer:
    """aiosmtpd on 127.0.0.1:``port``, recording accepted messages."""

    def __init__(self, port: int | None = None, **controller_options):
        self.port = port or free_port()
        self.options = controller_options  # e.g. tls_context, ssl_context, authenticator
        self.messages: list[Received] = []
        self.refuse: dict[str, str] = {}
        self.delay = 0.0
        self.hold: int | None = None  # the DATA (1, 2, ...) to hold without answering
        self.data_started = 0
        self.started = threading.Event()
        self.lock = threading.Lock()
        self._controller: Controller | None = None

    def start(self) -> SmtpServer:
        self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port,
                                      ready_timeout=10, **self.options)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def running(self) -> bool:
        return self._controller is not None

    def message_ids(self) -> list[str]:
        with self.lock:
            return [m.message_id for m in self.messages]

    def to(self, address: str) -> list[Received]:
        with self.lock:
            return [m for m in self.messages if address in m.recipients]

    def wait_for(self, count: int, timeout: float = 10.0) -> None:
        """Wait until ``count`` messages have been accepted (AssertionError on timeout)."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} messages, got {len(self.messages)}")
            time.sleep(0.02)


def text_part(message: email.message.EmailMessage) -> str:
    """The decoded plain-text part."""
    return message.get_body(preferencelist=("plain",)).get_content()


def html_part(message: email.message.EmailMessage) -> str:
    """The decoded HTML part."""
    return message.get_body(preferencelist=("html",)).get_content()


def link(message: email.message.EmailMessage, path: str) -> str:
    """The first link in the text part whose path is ``path`` (e.g. ``/subscribe/confirm``)."""
    found = re.search(r"https?://[^\s\"<>]+" + re.escape(path) + r"\?[^\s\"<>]+", text_part(message))
    if not found:
        raise AssertionError(f"no {path} link in:\n{text_part(message)}")
    return found.group(0)


@pytest.fixture
def smtp():
    """A started ``SmtpServer``, stopped after the test."""
    server = SmtpServer().start()
    yield server
    server.stop()
