"""The SMTP sender against aiosmtpd on loopback: replies, failure classes, STARTTLS, implicit
TLS and login (with a certificate made for the test by openssl)."""

from __future__ import annotations

import shutil
import ssl
import subprocess

import pytest
from aiosmtpd.smtp import AuthResult

from mail_support import SmtpServer, mail_settings, smtp  # noqa: F401
from parley.errors import ConfigError
from parley.mail.smtp import PermanentFailure, SmtpConfig, SmtpSender, TemporaryFailure
from web_support import free_port

MESSAGE = "From: a@example.org\r\nTo: b@example.org\r\nSubject: hi\r\n\r\nhello\r\n"


def config(port: int, **changes) -> SmtpConfig:
    return SmtpConfig.from_settings(mail_settings(port, **changes))


def test_sends_and_returns_the_reply(smtp):  # noqa: F811
    with SmtpSender(config(smtp.port)) as sender:
        first = sender.send("news@hub.example.org", "b@example.org", MESSAGE)
        second = sender.send("news@hub.example.org", "c@example.org", MESSAGE)
    assert (first, second) == ("250 2.0.0 Ok: queued as T1", "250 2.0.0 Ok: queued as T2")
    assert [m.recipients for m in smtp.messages] == [["b@example.org"], ["c@example.org"]]
    assert smtp.messages[0].message["Subject"] == "hi"


@pytest.mark.parametrize("reply, failure, code, connection", [
    ("550 5.1.1 no such user", PermanentFailure, 550, None),
    ("553 5.1.3 bad address", PermanentFailure, 553, None),
    ("450 4.2.1 mailbox busy", TemporaryFailure, 450, False),
    ("452 4.3.1 out of storage", TemporaryFailure, 452, False),
    ("421 4.3.2 shutting down", TemporaryFailure, 421, True),
])
def test_recipient_refusals(smtp, reply, failure, code, connection):  # noqa: F811
    smtp.refuse["x@example.org"] = reply
    with SmtpSender(config(smtp.port)) as sender:
        with pytest.raises(failure) as caught:
            sender.send("news@hub.example.org", "x@example.org", MESSAGE)
        assert caught.value.code == code and reply[4:] in caught.value.detail
        if connection is not None:
            assert caught.value.connection is connection
        if code != 421:  # the connection is still good for the next message
            assert sender.send("news@hub.example.org", "ok@example.org", MESSAGE).startswith("250")
    assert type(caught.value) is failure


def test_unreachable_server_is_a_temporary_connection_failure():
    with SmtpSender(config(free_port(), smtp_timeout=2)) as sender:
        with pytest.raises(TemporaryFailure) as caught:
            sender.send("news@hub.example.org", "b@example.org", MESSAGE)
    assert caught.value.connection and "cannot reach" in caught.value.detail


def test_server_gone_between_messages(smtp):  # noqa: F811
    with SmtpSender(config(smtp.port)) as sender:
        sender.send("news@hub.example.org", "b@example.org", MESSAGE)
        smtp.stop()
        with pytest.raises(TemporaryFailure) as caught:
            sender.send("news@hub.example.org", "b@example.org", MESSAGE)
        assert caught.value.connection
        smtp.start()
        # The sender reconnects on the next message.
        assert sender.send("news@hub.example.org", "c@example.org", MESSAGE).startswith("250")
    assert len(smtp.messages) == 2


@pytest.mark.parametrize("changes, message", [
    ({"smtp_security": "tls13"}, "smtp_security"),
    ({"smtp_host": ""}, "smtp_host"),
    ({"smtp_port": 70000}, "smtp_port"),
])
def test_bad_settings(changes, message):
    with pytest.raises(ConfigError, match=message):
        config(25, **changes)


# -- TLS and login -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1: (server context, client context)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed (needed to make a test certificate)")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert, key)
    client = ssl.create_default_context(cafile=str(cert))
    return server, client


def _authenticator(server, session, envelope, mechanism, auth_data):
    ok = (auth_data.login, auth_data.password) == (b"parley", b"letmein")
    return AuthResult(success=ok, handled=False)  # not handled: aiosmtpd answers 535 itself


def test_starttls_and_login(certificate):
    server_ctx, client_ctx = certificate
    server = SmtpServer(tls_context=server_ctx, require_starttls=True,
                        authenticator=_authenticator, auth_required=True).start()
    try:
        good = config(server.port, smtp_security="starttls", smtp_user="parley",
                      smtp_password="letmein")
        with SmtpSender(good, ssl_context=client_ctx) as sender:
            assert sender.send("news@hub.example.org", "b@example.org", MESSAGE).startswith("250")
        wrong = config(server.port, smtp_security="starttls", smtp_user="parley",
                       smtp_password="guess")
        with SmtpSender(wrong, ssl_context=client_ctx) as sender:
            with pytest.raises(TemporaryFailure, match="login refused") as caught:
                sender.send("news@hub.example.org", "b@example.org", MESSAGE)
        assert caught.value.connection
        # Plain text to a server that requires STARTTLS is refused before any mail moves.
        with SmtpSender(config(server.port), ssl_context=client_ctx) as sender:
            with pytest.raises(TemporaryFailure):
                sender.send("news@hub.example.org", "b@example.org", MESSAGE)
        # A certificate the client does not trust stops the connection.
        with SmtpSender(good) as sender:
            with pytest.raises(TemporaryFailure, match="certificate") as caught:
                sender.send("news@hub.example.org", "b@example.org", MESSAGE)
        assert caught.value.connection
    finally:
        server.stop()
    assert len(server.messages) == 1


def test_implicit_tls(certificate):
    server_ctx, client_ctx = certificate
    server = SmtpServer(ssl_context=server_ctx).start()
    try:
        with SmtpSender(config(server.port, smtp_security="ssl"), ssl_context=client_ctx) as sender:
            assert sender.send("news@hub.example.org", "b@example.org", MESSAGE).startswith("250")
    finally:
        server.stop()
    assert len(server.messages) == 1


def test_starttls_missing_on_the_server(smtp):  # noqa: F811
    with SmtpSender(config(smtp.port, smtp_security="starttls")) as sender:
        with pytest.raises(TemporaryFailure, match="STARTTLS") as caught:
            sender.send("news@hub.example.org", "b@example.org", MESSAGE)
    assert caught.value.connection and smtp.messages == []
