"""Mail rounds: queue the due digests, then work through the outbox.

``run_round`` is one round; ``parley digest send`` runs one (for cron), and
``MailScheduler`` runs one every ``Settings.mail_interval`` seconds in a background thread
inside ``parley serve`` (started and stopped by ``lifespan``, the hub's startup hook). Both
can run at once, against the same database, from several processes: digests are queued
under a row lock with their watermark, and messages are claimed with a lease (see
``parley.mail.outbox``), so nothing is queued or sent twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import datetime

from parley.config import Settings
from parley.errors import ParleyError
from parley.mail import outbox
from parley.mail.digest import DigestRun, queue_due_digests
from parley.mail.outbox import DeliveryReport
from parley.store import Store
from parley.store.schema import utcnow

log = logging.getLogger("parley.mail")


@dataclass(slots=True)
class RoundReport:
    """What one mail round did."""

    digests: DigestRun = field(default_factory=DigestRun)
    delivery: DeliveryReport = field(default_factory=DeliveryReport)

    def to_json(self) -> dict:
        return {"digests": self.digests.to_json(), "delivery": self.delivery.to_json()}


def run_round(store: Store, settings: Settings, *, digests: bool = True, deliver: bool = True,
              now: datetime | None = None, clock: Callable[[], datetime] = utcnow,
              limit: int | None = None) -> RoundReport:
    """Queue due digests (at ``now``), then send due messages (at most ``limit``)."""
    report = RoundReport()
    if digests:
        report.digests = queue_due_digests(store, settings, now=now or clock())
    if deliver:
        report.delivery = outbox.deliver(store, settings, limit=limit, clock=clock)
    return report


class MailScheduler:
    """A daemon thread running ``run_round`` every ``interval`` seconds until stopped."""

    def __init__(self, store: Store, settings: Settings, *, interval: float | None = None):
        self.store = store
        self.settings = settings
        self.interval = float(settings.mail_interval if interval is None else interval)
        self.rounds = 0
        self.last_error: str | None = None
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the thread (the first round runs at once)."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._loop, name="parley-mail", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Run the next round now instead of at the end of the interval."""
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        """Ask the thread to stop after its current round and wait for it."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                report = run_round(self.store, self.settings)
                self.last_error = None
                if report.delivery.server_down:
                    log.warning("mail: SMTP server unavailable, will retry: %s",
                                report.delivery.server_down)
            except ParleyError as exc:  # a database or configuration problem: say so, go on
                self.last_error = str(exc)
                log.error("mail round failed: %s", exc)
            except Exception:  # never let the hub's mail thread die silently
                self.last_error = "unexpected error (see the log)"
                log.exception("mail round failed")
            self.rounds += 1
            self._wake.wait(self.interval)
            self._wake.clear()


@contextlib.asynccontextmanager
async def lifespan(app) -> AsyncIterator[None]:
    """Hub startup hook: run a ``MailScheduler`` while the server runs (``app.state.mail``).

    Off when ``mail_interval`` is 0. ``create_app`` always passes a secret (the configured
    one, else the one kept in the database), so links in mails stay valid across restarts.
    """
    settings: Settings = app.state.settings
    scheduler = None
    if settings.mail_interval > 0 and settings.secret:
        scheduler = MailScheduler(app.state.store, settings)
        scheduler.start()
    elif settings.mail_interval > 0:
        log.warning("mail: no secret configured (PARLEY_SECRET): digests are not sent")
    app.state.mail = scheduler
    try:
        yield
    finally:
        if scheduler is not None:
            await asyncio.to_thread(scheduler.stop)
