"""``parley digest send|preview``: summaries, exit statuses and one-line errors."""

from __future__ import annotations

import email
import email.policy
import json
import re

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from mail_support import SECRET, SmtpServer, text_part
from parley.cli import app
from parley.mail import subscriptions as subs
from parley.mail.tokens import sign, verify
from parley.store import Store
from parley.store.hub_secret import hub_secret
from parley.store.mail_schema import mail_outbox, mail_subscribers
from store_fixtures import simple_analysis
from web_support import free_port


@pytest.fixture
def db(tmp_path):
    """A database with one article by Lina Sorvik."""
    path = str(tmp_path / "mail.db")
    with Store.open(path) as store:
        text = "Lina Sorvik said the harbour talks would resume. She opposed the toll."
        store.save_analysis(simple_analysis(
            "r1", text, title="Harbour talks", quotes=[("Lina Sorvik", "the harbour talks would resume")],
            stances=[("Lina Sorvik", "harbour-toll", "She opposed the toll")], actor_names=["Lina Sorvik"]))
    return path


def env(port: int, **extra) -> dict[str, str]:
    return {"PARLEY_SECRET": SECRET, "PARLEY_MAIL_FROM": "parley <news@hub.example.org>",
            "PARLEY_SMTP_HOST": "127.0.0.1", "PARLEY_SMTP_PORT": str(port),
            "PARLEY_BASE_URL": "http://hub.example.org", "PARLEY_SMTP_TIMEOUT": "3", **extra}


def run(*args, port: int = 25, **extra):
    return CliRunner().invoke(app, ["digest", *args], env=env(port, **extra))


def _subscribe(db: str, port: int) -> None:
    from mail_support import mail_settings

    settings = mail_settings(port)
    with Store.open(db) as store:
        subs.subscribe(store, settings, "reader@example.org", subs.Follow("all"), "immediately")
        (sub,) = subs.list_subscriptions(store)
        with store.engine.connect() as conn:
            salt = conn.execute(sa.select(mail_subscribers.c.token_salt)).scalar()
        subs.confirm(store, settings, sign(SECRET, "confirm", sub.id, binding=salt, ttl=60))
        store.save_analysis(simple_analysis("r2", "Lina Sorvik left the talks early today.",
                                            title="Sorvik leaves", actor_names=["Lina Sorvik"]))


def _statuses(db: str) -> list[str]:
    with Store.open(db) as store, store.engine.connect() as conn:
        return conn.execute(sa.select(mail_outbox.c.status).order_by(mail_outbox.c.id)).scalars().all()


def test_send(db):
    smtp = SmtpServer().start()
    try:
        _subscribe(db, smtp.port)
        result = run("send", "--db", db, port=smtp.port)
        assert result.exit_code == 0, result.output
        assert result.stdout.strip() == ("digests: 1 queued, 0 with nothing new, 0 not due; "
                                         "mail: 2 sent, 0 to retry, 0 bounced, 0 given up")
        assert len(smtp.messages) == 2
        quiet = run("send", "--db", db, "--quiet", port=smtp.port)
        assert quiet.exit_code == 0 and quiet.stdout == ""
    finally:
        smtp.stop()


def test_send_with_the_server_down_keeps_the_mail(db):
    port = free_port()
    _subscribe(db, port)
    queued = run("send", "--db", db, "--no-deliver", port=port)
    assert queued.exit_code == 0 and queued.stdout.startswith("digests: 1 queued")
    result = run("send", "--db", db, "--no-digests", port=port)
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("parley: error: SMTP server unavailable")
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert _statuses(db) == ["queued", "queued"]


def test_send_without_a_secret_signs_with_the_hubs_stored_secret(db):
    _subscribe(db, 2525)
    result = run("send", "--db", db, "--no-deliver", port=2525, PARLEY_SECRET="")
    assert result.exit_code == 0, result.output
    with Store.open(db) as store, store.engine.connect() as conn:
        message = conn.execute(sa.select(mail_outbox.c.message)
                               .where(mail_outbox.c.kind == "digest")).scalar_one()
        stored = hub_secret(store)
        salt = conn.execute(sa.select(mail_subscribers.c.token_salt)).scalar()
    # The digest's unsubscribe link verifies with the secret the hub itself would use.
    body = text_part(email.message_from_string(message, policy=email.policy.default))
    token = re.search(r"/unsubscribe\?token=([A-Za-z0-9._-]+)", body).group(1)
    assert verify(stored, token, "unsubscribe", binding=salt).purpose == "unsubscribe"


@pytest.mark.parametrize("args, wanted", [
    (["--actor", "lina sorvik"], ["Subject: Your daily parley digest", "posts about Lina Sorvik", "Harbour talks",
                                  "Lina Sorvik: \"the harbour talks would resume\""]),
    (["--issue", "harbour-toll", "--frequency", "weekly"],
     ["Subject: Your weekly parley digest: 1 new post", "Lina Sorvik oppose: harbour-toll"]),
    (["--search", "harbour", "--format", "html"], ["<!DOCTYPE html>", "Harbour talks"]),
    ([], ["Subject: Your daily parley digest: 1 new post", "all the latest posts"]),
])
def test_preview(db, args, wanted):
    result = run("preview", "--db", db, *args)
    assert result.exit_code == 0, result.output
    for text in wanted:
        assert text in result.stdout


def test_preview_json(db):
    result = run("preview", "--db", db, "--actor", "Lina Sorvik", "--format", "json")
    data = json.loads(result.stdout)
    assert data["follow"]["target"] == "Lina Sorvik"
    assert [p["title"] for p in data["posts"]] == ["Harbour talks"]


def test_preview_of_a_subscription(db):
    _subscribe(db, 2525)
    result = run("preview", "--db", db, "--subscription", "1")
    assert result.exit_code == 0 and "Sorvik leaves" in result.stdout
    assert "Harbour talks" not in result.stdout  # stored before the subscription


@pytest.mark.parametrize("args, code, message", [
    (["--actor", "Nobody"], 1, "no actor called"),
    (["--subscription", "9"], 1, "no subscription 9"),
    (["--actor", "Lina Sorvik", "--issue", "harbour-toll"], 2, "give one of"),
    (["--format", "pdf"], 2, "text, html or json"),
    (["--frequency", "hourly"], 1, "choose how often"),
])
def test_preview_errors(db, args, code, message):
    result = run("preview", "--db", db, *args)
    assert result.exit_code == code
    assert message in result.output and "Traceback" not in result.output
