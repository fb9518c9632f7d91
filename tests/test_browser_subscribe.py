"""Subscribing end to end: Chromium, ``parley serve`` with its mail scheduler, a real SMTP server.

Subscribe through the hub's form -> the confirmation mail arrives -> open its link ->
ingest a new article (``parley ingest``, the real pipeline) -> the digest arrives with the
post and the position change -> its preferences link works -> one-click unsubscribe (the
RFC 8058 POST a mail provider sends) -> ingest again -> no more mail.
"""

from __future__ import annotations

import email
import email.policy
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from browser_support import browser, open_page, require_browser, served  # noqa: F401
from mail_support import SECRET, SmtpServer, link, text_part
from parley.store import Store
from parley.store.mail_schema import mail_outbox
from web_support import free_port

pytestmark = pytest.mark.browser

WORLD = Path(__file__).resolve().parent / "fixtures" / "world"
ARTICLES = WORLD / "articles"
PARLEY = Path(sys.executable).with_name("parley")
ADDRESS = "reader@example.org"


def _env(smtp_port: int, hub_port: int) -> dict[str, str]:
    return {**os.environ, "PARLEY_SECRET": SECRET, "PARLEY_SMTP_HOST": "127.0.0.1",
            "PARLEY_SMTP_PORT": str(smtp_port), "PARLEY_MAIL_FROM": "parley <news@hub.example.org>",
            "PARLEY_BASE_URL": f"http://127.0.0.1:{hub_port}", "PARLEY_MAIL_INTERVAL": "1",
            "PARLEY_ACTORS": str(WORLD / "actors.json"), "PARLEY_ISSUES": str(WORLD / "issues.json")}


def _ingest(db: str, env: dict, *names: str) -> None:
    done = subprocess.run([str(PARLEY), "ingest", "--db", db, "--quiet",
                           *(str(ARTICLES / n) for n in names)],
                          env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr


@pytest.fixture
def hub(tmp_path):
    """(hub URL, db path, env, SMTP server): the world's first two articles already in."""
    require_browser()
    smtp = SmtpServer().start()
    port = free_port()
    env = _env(smtp.port, port)
    db = str(tmp_path / "hub.db")
    _ingest(db, env, "2025-02-24-meridian-kelmora-rejects-truce.txt",
            "2025-02-28-halvik-post-kastanova-sanctions.txt")
    try:
        with served(db, port, env=env, probe="/subscribe", stop_timeout=15) as url:
            yield url, db, env, smtp
    finally:
        smtp.stop()


@pytest.fixture
def page(browser):  # noqa: F811
    with open_page(browser, 20_000) as pg:
        yield pg


def test_subscribe_confirm_digest_unsubscribe(hub, page):
    url, db, env, smtp = hub
    # 1. The form, in the browser.
    page.goto(f"{url}/subscribe")
    page.fill("#email", ADDRESS)
    page.check("input[name=kind][value=actor]")
    page.fill("#target", "Mirela Kastanova")
    page.select_option("#frequency", "immediately")
    page.click("button[type=submit] >> text=Subscribe")
    page.wait_for_url(f"{url}/subscribe/sent")
    assert "Check your inbox" in page.inner_text("main")

    # 2. The confirmation mail, from the hub's own scheduler; one click confirms.
    smtp.wait_for(1, timeout=20)
    confirmation = smtp.messages[0].message
    assert confirmation["To"] == ADDRESS
    assert confirmation["Subject"] == "Please confirm your parley subscription"
    page.goto(link(confirmation, "/subscribe/confirm"))
    assert "the subscription is confirmed" in page.inner_text("#confirmed")

    # 3. A new article arrives; the digest follows.
    _ingest(db, env, "2025-03-18-meridian-direct-talks.txt")
    smtp.wait_for(2, timeout=30)
    digest = smtp.messages[1].message
    body = text_part(digest)
    # The catalogued change below, plus any on an emergent issue grouped from open stances:
    # the subject counts what the body lists.
    changes = body.count("Mirela Kastanova on ")
    assert changes >= 1
    assert digest["Subject"] == (f"parley: 1 new post, {changes} position change"
                                 + ("s" if changes > 1 else ""))
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = digest["List-Unsubscribe"].strip("<>")
    assert unsubscribe_url.startswith(f"{url}/unsubscribe?token=unsubscribe.")
    assert "Mirela Kastanova on direct-talks: oppose -> support" in body
    assert f"{url}/articles/3" in body and "2025-03-18-meridian-direct-talks" in body
    assert "We said we would not sit down with Velistra" in body

    # 4. The preferences page, reached from the mail.
    page.goto(link(digest, "/preferences"))
    assert ADDRESS in page.inner_text("main")
    assert "posts about Mirela Kastanova" in page.inner_text("table")

    # 5. Following the unsubscribe link only asks; the one-click POST unsubscribes.
    page.goto(unsubscribe_url)
    assert page.is_visible("#unsubscribe-button")
    answer = httpx.post(unsubscribe_url, content="List-Unsubscribe=One-Click",
                        headers={"content-type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 200
    page.reload()
    assert "will get no more" in page.inner_text("#unsubscribed")

    # 6. More news: no more mail.
    _ingest(db, env, "2025-03-24-narrow-seas-monitor-hallenborg.txt")
    time.sleep(2.5)  # two scheduler rounds
    sent = subprocess.run([str(PARLEY), "digest", "send", "--db", db], env=env,
                          capture_output=True, text=True, timeout=60)
    assert sent.returncode == 0, sent.stderr
    assert sent.stdout.startswith("digests: 0 queued")
    assert len(smtp.messages) == 2
    assert page.problems == []


def test_a_fresh_hub_without_any_configuration_takes_subscriptions(tmp_path, page):
    """``parley serve`` as the README starts it (no secret, no settings): the form works, the
    confirmation waits in the outbox, and its link still works after a restart."""
    require_browser()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}
    db = str(tmp_path / "fresh.db")
    port = free_port()
    with served(db, port, env=env, probe="/subscribe") as url:
        page.goto(f"{url}/subscribe")
        page.fill("#email", ADDRESS)
        page.click("button[type=submit] >> text=Subscribe")
        page.wait_for_url(f"{url}/subscribe/sent")
        assert "Check your inbox" in page.inner_text("main")
    with Store.open(db) as store, store.engine.connect() as conn:
        rows = conn.execute(sa.select(mail_outbox.c.kind, mail_outbox.c.recipient,
                                      mail_outbox.c.message)).all()
    assert [(r.kind, r.recipient) for r in rows] == [("confirm", ADDRESS)]
    confirmation = email.message_from_string(rows[0].message, policy=email.policy.default)
    confirm_url = link(confirmation, "/subscribe/confirm")
    assert confirm_url.startswith(f"{url}/subscribe/confirm?token=")  # where it listens
    with served(db, port, env=env, probe="/subscribe"):  # restarted: the same stored secret
        page.goto(confirm_url)
        assert "the subscription is confirmed" in page.inner_text("#confirmed")
    assert page.problems == []
