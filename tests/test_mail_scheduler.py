"""Mail rounds: one round queues due digests and sends them; the background scheduler runs
rounds, survives a failing one, wakes on demand, and starts and stops with the hub."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from mail_support import mail_settings, smtp  # noqa: F401
from parley.errors import StoreError
from parley.mail import scheduler
from parley.mail import subscriptions as subs
from parley.mail.tokens import sign
from parley.store import Store
from parley.store.mail_schema import mail_subscribers
from parley.web.app import create_app
from store_fixtures import simple_analysis


@pytest.fixture
def store(tmp_path):
    with Store.open(str(tmp_path / "mail.db")) as opened:
        yield opened


def _confirmed(store, settings, frequency="immediately"):
    subs.subscribe(store, settings, "reader@example.org", subs.Follow("all"), frequency)
    (sub,) = subs.list_subscriptions(store)
    with store.engine.connect() as conn:
        salt = conn.execute(sa.select(mail_subscribers.c.token_salt)).scalar()
    subs.confirm(store, settings, sign(settings.secret, "confirm", sub.id, binding=salt, ttl=60))
    return sub


def _article(store, n: int) -> None:
    text = f"Report {n}: Lina Sorvik said the harbour talks would resume."
    store.save_analysis(simple_analysis(f"r{n}", text, title=f"Report {n}",
                                        quotes=[("Lina Sorvik", "the harbour talks would resume")],
                                        actor_names=["Lina Sorvik"]))


def test_run_round_queues_and_sends(store, smtp):  # noqa: F811
    settings = mail_settings(smtp.port)
    _confirmed(store, settings)
    _article(store, 1)
    report = scheduler.run_round(store, settings)
    assert report.digests.queued == 1
    assert report.delivery.sent == 2  # the confirmation mail and the digest
    assert [m.message["Subject"] for m in smtp.messages] == [
        "Please confirm your parley subscription", "parley: 1 new post"]
    again = scheduler.run_round(store, settings)
    assert (again.digests.queued, again.delivery.sent) == (0, 0)
    assert report.to_json()["delivery"]["sent"] == 2


def test_run_round_parts(store, smtp):  # noqa: F811
    settings = mail_settings(smtp.port)
    _confirmed(store, settings)
    _article(store, 1)
    only_queue = scheduler.run_round(store, settings, deliver=False)
    assert only_queue.digests.queued == 1 and smtp.messages == []
    only_send = scheduler.run_round(store, settings, digests=False, limit=1)
    assert only_send.delivery.sent == 1 and len(smtp.messages) == 1


def test_scheduler_thread_runs_rounds_and_wakes(store, smtp):  # noqa: F811
    settings = mail_settings(smtp.port)
    _confirmed(store, settings)
    mail = scheduler.MailScheduler(store, settings, interval=60)
    mail.start()
    try:
        smtp.wait_for(1)  # the first round runs at once: the confirmation
        _article(store, 1)
        mail.wake()  # instead of waiting a minute
        smtp.wait_for(2)
        deadline = time.monotonic() + 10
        while mail.rounds < 2:  # the round ends a moment after the server's 250
            assert time.monotonic() < deadline
            time.sleep(0.01)
        assert mail.last_error is None
        assert smtp.messages[1].message["Subject"] == "parley: 1 new post"
    finally:
        mail.stop()
    assert mail._thread is None


def test_scheduler_survives_a_failing_round(store, smtp, monkeypatch):  # noqa: F811
    settings = mail_settings(smtp.port)
    calls = []
    real = scheduler.run_round

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise StoreError("the database is busy")
        return real(*args, **kwargs)

    monkeypatch.setattr(scheduler, "run_round", flaky)
    mail = scheduler.MailScheduler(store, settings, interval=0.05)
    mail.start()
    deadline = time.monotonic() + 10
    while len(calls) < 3:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    mail.stop()
    assert mail.last_error is None and mail.rounds >= 3


@pytest.mark.parametrize("overrides, running", [
    ({}, True), ({"mail_interval": 0}, False),
    ({"secret": ""}, True),  # the hub's stored secret signs the links then
])
def test_hub_lifespan_starts_and_stops_the_scheduler(store, overrides, running):
    settings = mail_settings(2525, **{"mail_interval": 3600, **overrides})
    app = create_app(settings, store)
    with TestClient(app):
        mail = app.state.mail
        assert (mail is not None) is running
        if running:
            assert mail._thread.is_alive()
    if running:
        assert mail._thread is None
