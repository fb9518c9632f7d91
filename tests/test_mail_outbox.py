"""The outbox against a real SMTP server (aiosmtpd on loopback): delivery, retries with
back-off while the server is down, a server stopped mid-send, a sender killed mid-run and
restarted (in a subprocess), permanent failures and suppression, leases."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from mail_support import SmtpServer, mail_settings, smtp  # noqa: F401
from parley.mail import compose, outbox
from parley.mail import subscriptions as subs
from parley.store import Store
from parley.store.engine import run_write
from parley.store.mail_schema import mail_attempts, mail_bounces, mail_outbox, mail_subscribers
from parley.store.schema import utcnow
from web_support import free_port

PARLEY = Path(sys.executable).with_name("parley")


class Clock:
    """A settable clock for the outbox (starts at the real time)."""

    def __init__(self):
        self.now = utcnow()

    def __call__(self):
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def queue(store, settings, n: int, *, to: str = "reader@example.org", prefix: str = "m",
          subscriber_id: int | None = None, now=None) -> list[str]:
    """Queue ``n`` small messages; returns their Message-IDs."""
    sender = compose.sender_address(settings).addr_spec
    ids = []

    def work(conn):
        for i in range(n):
            key = f"test:{prefix}{i}"
            msg = compose.build_message(settings, to=to, subject=f"Test {i}", text=f"body {i}\n",
                                        html=f"<p>body {i}</p>", msg_id=compose.message_id(settings, key),
                                        now=now)
            outbox.enqueue(conn, kind="test", dedupe_key=key, msg=msg, sender=sender,
                           recipient=to, subscriber_id=subscriber_id, now=now)
            ids.append(str(msg["Message-ID"]))

    run_write(store.engine, work, where="queueing test mail")
    return ids


def rows(store) -> list:
    with store.engine.connect() as conn:
        return conn.execute(sa.select(mail_outbox).order_by(mail_outbox.c.id)).all()


def outcomes(store) -> list[str]:
    with store.engine.connect() as conn:
        return conn.execute(sa.select(mail_attempts.c.outcome).order_by(mail_attempts.c.id)).scalars().all()


def test_delivery_marks_sent_once(store, smtp):  # noqa: F811
    settings = mail_settings(smtp.port)
    ids = queue(store, settings, 4)
    report = outbox.deliver(store, settings)
    assert (report.sent, report.retried, report.bounced) == (4, 0, 0)
    assert smtp.message_ids() == ids == report.sent_ids
    assert [m.recipients for m in smtp.messages] == [["reader@example.org"]] * 4
    assert [r.status for r in rows(store)] == ["sent"] * 4
    assert rows(store)[0].server_reply == "250 2.0.0 Ok: queued as T1"
    assert outbox.deliver(store, settings).sent == 0  # nothing left to send
    assert len(smtp.messages) == 4
    assert outbox.counts(store)["sent"] == 4
    assert outcomes(store) == ["sent"] * 4


def test_enqueue_is_idempotent(store):
    settings = mail_settings(25)
    first = queue(store, settings, 2)
    again = queue(store, settings, 2)
    assert first == again and len(rows(store)) == 2


@pytest.mark.parametrize("attempts, base_seconds", [(1, 60), (2, 120), (3, 240), (6, 1920), (7, 3600), (30, 3600)])
def test_backoff_doubles_and_is_capped(attempts, base_seconds):
    settings = mail_settings(25, mail_retry_base=60, mail_retry_max=3600)
    waits = {outbox.backoff(attempts, settings, key).total_seconds() for key in ("a", "b", "c")}
    assert all(base_seconds <= w <= base_seconds * 1.25 for w in waits)


def test_server_down_then_up_backoff_exactly_once(store):
    port = free_port()
    settings = mail_settings(port, mail_retry_base=60)
    clock = Clock()
    ids = queue(store, settings, 3, now=clock.now)

    down = outbox.deliver(store, settings, clock=clock)
    assert down.sent == 0 and down.retried == 1 and "cannot reach" in down.server_down
    first = rows(store)[0]
    assert (first.status, first.attempts) == ("queued", 1)
    wait = (first.next_attempt_at - clock.now).total_seconds()
    assert 60 <= wait <= 75
    # Still down a little later: the next message due is tried, the run stops again.
    clock.advance(1)
    assert outbox.deliver(store, settings, clock=clock).retried == 1
    assert [r.attempts for r in rows(store)] == [1, 1, 0]

    server = SmtpServer(port).start()
    try:
        up = outbox.deliver(store, settings, clock=clock)  # only what is due now
        assert up.sent == 1 and server.message_ids() == [ids[2]]
        clock.advance(80)  # past every back-off
        assert outbox.deliver(store, settings, clock=clock).sent == 2
        assert sorted(server.message_ids()) == sorted(ids)
        assert Counter(server.message_ids()).most_common(1)[0][1] == 1
    finally:
        server.stop()
    assert outcomes(store).count("retry") == 2 and outcomes(store).count("sent") == 3


def test_server_stopped_during_a_send(store):
    server = SmtpServer().start()
    settings = mail_settings(server.port, mail_retry_base=30)
    clock = Clock()
    ids = queue(store, settings, 6, now=clock.now)
    server.hold = 3
    result = {}
    sender = threading.Thread(target=lambda: result.update(
        report=outbox.deliver(store, settings, clock=clock)))
    sender.start()
    deadline = time.monotonic() + 10
    while server.data_started < 3:  # the third message is being transmitted
        assert time.monotonic() < deadline
        time.sleep(0.005)
    server.stop()
    sender.join(10)
    report = result["report"]
    assert report.sent == 2 and report.server_down
    assert [r.status for r in rows(store)] == ["sent", "sent", "queued", "queued", "queued", "queued"]

    server.hold = None
    server.start()
    try:
        clock.advance(60)
        assert outbox.deliver(store, settings, clock=clock).sent == 4
        assert sorted(server.message_ids()) == sorted(ids)
        assert len(server.messages) == 6  # every message exactly once
    finally:
        server.stop()


def _sender(db: str, port: int) -> subprocess.Popen:
    env = dict(os.environ, PARLEY_SECRET="test-secret-for-parley-mail-0123456789",
               PARLEY_MAIL_FROM="parley <news@hub.example.org>", PARLEY_SMTP_HOST="127.0.0.1",
               PARLEY_SMTP_PORT=str(port), PARLEY_MAIL_LEASE="1", PARLEY_SMTP_TIMEOUT="5")
    return subprocess.Popen([str(PARLEY), "digest", "send", "--db", db, "--no-digests"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("kill_at", [1, 4])
def test_sender_killed_mid_run_then_restarted(store_url, kill_at):
    """SIGKILL the sender while message ``kill_at`` is being transmitted; restart it."""
    server = SmtpServer().start()
    settings = mail_settings(server.port)
    with Store.open(store_url) as store:
        ids = queue(store, settings, 8)
    server.hold = kill_at
    try:
        first = _sender(store_url, server.port)
        deadline = time.monotonic() + 30
        while server.data_started < kill_at:
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.005)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        time.sleep(0.3)
        assert len(server.messages) == kill_at - 1  # the held message was never accepted
        with Store.open(store_url) as store:
            statuses = Counter(r.status for r in rows(store))
        assert statuses == Counter({"sent": kill_at - 1, "sending": 1, "queued": 8 - kill_at})

        server.hold = None
        time.sleep(1.1)  # the killed sender's lease runs out
        second = _sender(store_url, server.port)
        out, err = second.communicate(timeout=60)
        assert second.returncode == 0, err
        assert sorted(server.message_ids()) == sorted(ids)  # none missing
        assert len(server.messages) == 8  # none twice
        with Store.open(store_url) as store:
            assert [r.status for r in rows(store)] == ["sent"] * 8
            assert outcomes(store).count("reclaimed") == 1
    finally:
        server.stop()


def _subscriber_state(store, address: str):
    with store.engine.connect() as conn:
        return conn.execute(sa.select(mail_subscribers)
                            .where(mail_subscribers.c.email == address)).one()


def test_permanent_failures_suppress_the_address(store, smtp):  # noqa: F811
    settings = mail_settings(smtp.port, mail_max_bounces=3)
    smtp.refuse["bad@example.org"] = "550 5.1.1 <bad@example.org>: no such user"
    for target in ("all", "actor", "issue"):
        follow = subs.Follow(target, "" if target == "all" else "x")
        subs.subscribe(store, settings, "bad@example.org", follow, "daily")
    subs.subscribe(store, settings, "good@example.org", subs.Follow("all"), "daily")

    report = outbox.deliver(store, settings)
    assert (report.sent, report.bounced, report.suppressed) == (1, 3, 1)
    assert [m.recipients for m in smtp.messages] == [["good@example.org"]]
    bad = _subscriber_state(store, "bad@example.org")
    assert bad.bounce_count == 3 and bad.suppressed_at is not None
    with store.engine.connect() as conn:
        bounces = conn.execute(sa.select(mail_bounces.c.code, mail_bounces.c.email)).all()
    assert bounces == [(550, "bad@example.org")] * 3
    assert [r.status for r in rows(store)] == ["failed"] * 3 + ["sent"]
    assert "no such user" in rows(store)[0].last_error
    # No more mail to that address, whatever is asked.
    assert subs.subscribe(store, settings, "bad@example.org", subs.Follow("search", "y"),
                          "daily") == "suppressed"
    assert len(rows(store)) == 4


def test_bounces_count_in_a_row(store, smtp):  # noqa: F811
    settings = mail_settings(smtp.port, mail_max_bounces=3)
    subs.subscribe(store, settings, "flaky@example.org", subs.Follow("all"), "daily")
    (sub,) = subs.list_subscriptions(store)
    smtp.refuse["flaky@example.org"] = "550 5.2.1 mailbox disabled"
    queue(store, settings, 1, to="flaky@example.org", prefix="a", subscriber_id=sub.subscriber_id)
    assert outbox.deliver(store, settings).bounced == 2
    assert _subscriber_state(store, "flaky@example.org").bounce_count == 2
    del smtp.refuse["flaky@example.org"]
    queue(store, settings, 1, to="flaky@example.org", prefix="b", subscriber_id=sub.subscriber_id)
    assert outbox.deliver(store, settings).sent == 1
    state = _subscriber_state(store, "flaky@example.org")
    assert state.bounce_count == 0 and state.suppressed_at is None


def test_temporary_recipient_failure_is_retried(store, smtp):  # noqa: F811
    settings = mail_settings(smtp.port, mail_retry_base=10)
    clock = Clock()
    smtp.refuse["busy@example.org"] = "450 4.2.1 mailbox busy, try later"
    ids = queue(store, settings, 1, to="busy@example.org", now=clock.now)
    queue(store, settings, 1, prefix="other", now=clock.now)
    report = outbox.deliver(store, settings, clock=clock)
    # A 4xx for one recipient does not stop the run (the server itself is fine).
    assert (report.sent, report.retried, report.bounced, report.server_down) == (1, 1, 0, None)
    assert rows(store)[0].last_code == 450
    del smtp.refuse["busy@example.org"]
    clock.advance(13)
    assert outbox.deliver(store, settings, clock=clock).sent == 1
    assert ids[0] in smtp.message_ids()


def test_give_up_after_max_attempts(store):
    settings = mail_settings(free_port(), mail_max_attempts=2, mail_retry_base=5)
    clock = Clock()
    queue(store, settings, 1, now=clock.now)
    assert outbox.deliver(store, settings, clock=clock).retried == 1
    clock.advance(10)
    report = outbox.deliver(store, settings, clock=clock)
    assert (report.retried, report.expired) == (0, 1)
    (row,) = rows(store)
    assert row.status == "failed" and row.last_error.startswith("gave up after 2 attempts")
    clock.advance(3600)
    assert outbox.deliver(store, settings, clock=clock).retried == 0


def test_lease_keeps_other_senders_off_until_it_expires(store, smtp):  # noqa: F811
    settings = mail_settings(smtp.port, mail_lease=60)
    clock = Clock()
    ids = queue(store, settings, 1, now=clock.now)
    claimed = run_write(store.engine, lambda c: outbox._claim(c, "worker-a", clock.now, 60),
                        where="claiming")
    assert claimed.message_id == ids[0]
    clock.advance(30)
    assert outbox.deliver(store, settings, clock=clock, worker="worker-b").sent == 0
    clock.advance(31)
    report = outbox.deliver(store, settings, clock=clock, worker="worker-b")
    assert (report.sent, report.reclaimed) == (1, 1)
    # The first worker's late answer cannot overwrite what the second one recorded.
    run_write(store.engine, lambda c: outbox._mark_sent(c, claimed, "worker-a", "250 late", clock.now),
              where="late")
    (row,) = rows(store)
    assert (row.lease_owner, row.server_reply, row.attempts) == ("worker-b", "250 2.0.0 Ok: queued as T1", 2)
    assert smtp.message_ids() == ids


def test_suppress_drops_queued_mail(store, smtp):  # noqa: F811
    settings = mail_settings(smtp.port)
    subs.subscribe(store, settings, "reader@example.org", subs.Follow("all"), "daily")
    (sub,) = subs.list_subscriptions(store)
    run_write(store.engine, lambda c: outbox.suppress(c, sub.subscriber_id, utcnow()), where="x")
    assert outbox.deliver(store, settings).sent == 0
    assert [r.status for r in rows(store)] == ["suppressed"]
    assert smtp.messages == []
