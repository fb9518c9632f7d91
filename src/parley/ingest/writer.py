"""Saving analyses on a thread of their own, so that the database's work overlaps analysis.

A save is one transaction of some thirty statements. On a large PostgreSQL archive most of
its time is spent in the server (index maintenance: the RUM and GIN indexes of the revision's
text) and the client only waits on the socket, with the GIL released. Done in line, that
wait adds to the analysis; done here, the server works on one core while spaCy parses the
next article on the other.

``Writer`` keeps the order: analyses are saved one at a time, in the order they were put,
by a single thread. The results (and any error) come back to the thread that put them:
``put`` and ``close`` return the saves finished since the last call, so the caller's
bookkeeping (counts, progress, feed states held back until their articles are saved)
stays on one thread. At most ``depth`` analyses wait; a slow database makes ``put`` block
rather than pile analyses up in memory.

When a save fails, the error is raised by the next ``put`` or by ``close``; the analyses
queued behind it are not saved (they would be saved out of order with the failed one), and
are counted in ``Writer.dropped``. Leaving the ``with`` block normally saves everything
queued; leaving it on an exception still waits for the queued saves, so that nothing
analysed before the interruption is lost.

An in-memory SQLite store shares one connection between threads; for it (and with
``depth=0``) the writer saves in line.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

from parley.model import Analysis

#: Analyses that may wait for the writer (memory: a few hundred KB each).
WRITE_AHEAD = 4

#: ``on_saved(analysis, result)``, called on the thread that puts.
OnSaved = Callable[[Analysis, Any], None]

_DONE = object()


class Writer:
    """Saves analyses into ``store`` in order, on a background thread (see module doc)."""

    def __init__(self, store: Any, on_saved: OnSaved | None = None, *, depth: int = WRITE_AHEAD,
                 url_of: Callable[[Analysis], str | None] | None = None):
        self.store = store
        self.on_saved = on_saved or (lambda analysis, result: None)
        self.url_of = url_of or (lambda analysis: analysis.article.url)
        self.dropped = 0
        self._failed = False  # set by the writer thread: it saves nothing more
        self._inline = depth <= 0 or not _can_share(store)
        self._todo: queue.Queue[Any] = queue.Queue(maxsize=max(depth, 1))
        self._done: queue.SimpleQueue[tuple[Analysis, Any]] = queue.SimpleQueue()
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        if not self._inline:
            self._thread = threading.Thread(target=self._work, name="parley-ingest-writer",
                                            daemon=True)
            self._thread.start()

    @property
    def threaded(self) -> bool:
        """False when saves run in line (in-memory store, or ``depth=0``)."""
        return not self._inline

    def put(self, analysis: Analysis) -> None:
        """Queue ``analysis`` for saving (in line: save it now). Raises a failed save's error."""
        if self._inline:
            self.on_saved(analysis, self._save(analysis))
            return
        self._check()
        self._todo.put(analysis)
        self._deliver()

    def close(self) -> None:
        """Wait for every queued save; report them; raise a failed save's error."""
        if self._thread is not None:
            self._todo.put(_DONE)
            self._thread.join()
            self._thread = None
        self._deliver()
        self._check()

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, kind: Any, exc: Any, tb: Any) -> None:
        if kind is None:
            self.close()
            return
        try:  # an exception is on its way out: save what is queued, then let it pass
            self.close()
        except Exception:  # noqa: BLE001 - the first error is the one raised
            pass

    # -- the writer thread -------------------------------------------------------------

    def _work(self) -> None:
        while True:
            analysis = self._todo.get()
            if analysis is _DONE:
                return
            if self._failed:
                self.dropped += 1
                continue
            try:
                self._done.put((analysis, self._save(analysis)))
            except BaseException as exc:  # handed to the putting thread
                self._error = exc
                self._failed = True

    def _save(self, analysis: Analysis) -> Any:
        return self.store.save_analysis(analysis, url=self.url_of(analysis))

    # -- back on the putting thread ----------------------------------------------------

    def _deliver(self) -> None:
        while True:
            try:
                analysis, result = self._done.get_nowait()
            except queue.Empty:
                return
            self.on_saved(analysis, result)

    def _check(self) -> None:
        if self._error is not None:
            self._deliver()
            error, self._error = self._error, None
            raise error


def _can_share(store: Any) -> bool:
    """True when ``store`` may be written from another thread while this one reads it."""
    engine = getattr(store, "engine", None)
    if engine is None:
        return False
    from parley.store.engine import one_connection

    return not one_connection(engine)
