"""Saving analyses beside the analysis, so that the database's work overlaps it.

A save is one transaction of some thirty statements. On a large PostgreSQL archive about
half of its time is spent in the server (index maintenance: the RUM and GIN indexes of the
revision's text) and half in parley's own Python (building rows, the emergent issues'
comparisons, SQLAlchemy and psycopg). Done in line, all of it adds to the analysis.

``Writer`` saves in one of three ways (``mode``):

- ``"process"``: a process of its own (a new interpreter: it imports the store, not
  spaCy) opens the store by URL and saves there; the analyses are pickled to it. Both
  halves of a save then run beside the analysis, on the other core: what ``parley ingest``
  uses. The process takes 2-4 s to be ready (the store's imports, then scipy's for the
  near-duplicate signatures); until then a thread saves, and the process takes over once
  the thread has saved everything it was given, so that a one-file ingest does not wait
  for it (``start_in_thread=False``: the process from the first save).
- ``"thread"``: a thread saves. The server's half overlaps the analysis; the Python half
  still shares the GIL with spaCy. No start-up cost: for a single article (the web API).
- ``"inline"``: saved at once, in the putting thread (an in-memory SQLite store, which shares
  one connection, is always written in line).

Whatever the mode, the order is kept: analyses are saved one at a time, in the order they
were put. Results (and any error) come back to the thread that put them: ``put`` and
``close`` report the saves finished since the last call through ``on_saved(analysis,
result)``, so the caller's bookkeeping (counts, progress, feed states held back until their
articles are saved) stays on one thread. At most ``depth`` analyses wait, which should be
at least the analysis's batch (spaCy yields a batch in a burst); a slow database makes
``put`` block rather than pile analyses up in memory.

When a save fails, its error is raised by the next ``put`` or by ``close``; the analyses
queued behind it are not saved (they would land out of order with the failed one) and are
counted in ``Writer.dropped``. Leaving the ``with`` block normally saves everything queued;
leaving it on an exception still waits for the queued saves, so that nothing analysed
before the interruption is lost. A writer process whose parent dies (SIGKILL) finishes the
save in hand, which commits or rolls back as a whole, and exits.
"""

from __future__ import annotations

import multiprocessing
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import Any

from parley.errors import StoreError
from parley.model import Analysis

#: Analyses that may wait for the writer: two of the pipeline's default batches (32).
WRITE_AHEAD = 64

#: The ways a ``Writer`` saves (see the module doc).
MODES = ("process", "thread", "inline")

#: ``on_saved(analysis, result)``, called on the thread that puts.
OnSaved = Callable[[Analysis, Any], None]

_DONE = "done"
#: How often a put blocked on a full queue looks whether the writer process is still there.
_CHECK_S = 0.5


class Writer:
    """Saves analyses into ``store`` in order, beside the caller (see the module doc)."""

    def __init__(self, store: Any, on_saved: OnSaved | None = None, *, mode: str = "thread",
                 depth: int = WRITE_AHEAD, start_in_thread: bool = True):
        if mode not in MODES:
            raise ValueError(f"unknown writer mode {mode!r}; choose from {', '.join(MODES)}")
        self.store = store
        self.on_saved = on_saved or (lambda analysis, result: None)
        self.dropped = 0
        if depth <= 0 or not _can_share(store):
            mode = "inline"
        self.mode = mode
        self._error: BaseException | None = None
        self._waiting: dict[int, Analysis] = {}  # put, not yet reported, by sequence number
        self._next = 0
        self._channel: _Thread | _Process | None = None
        self._spare: _Process | None = None  # starting up, to take over from the thread
        if mode == "thread" or (mode == "process" and start_in_thread):
            self._channel = _Thread(store, depth)
        if mode == "process":
            process = _Process(store.url, depth)
            if self._channel is None:
                self._channel = process
            else:
                self._spare = process

    @property
    def saving_in(self) -> str:
        """Where the saves run now: "process", "thread" (also while a process starts up,
        see ``start_in_thread``) or "inline"."""
        return {_Thread: "thread", _Process: "process"}.get(type(self._channel), "inline")

    def put(self, analysis: Analysis) -> None:
        """Queue ``analysis`` for saving (in line: save it now). Raises a failed save's error."""
        if self._channel is None:
            self.on_saved(analysis, _save(self.store, analysis))
            return
        self._deliver(block=False)
        self._check()
        self._take_over()
        seq, self._next = self._next, self._next + 1
        self._waiting[seq] = analysis
        self._channel.send(seq, analysis)
        self._deliver(block=False)

    def close(self) -> None:
        """Wait for every queued save; report them; raise a failed save's error."""
        if self._spare is not None:  # never needed: a short run
            self._spare.abandon()
            self._spare = None
        if self._channel is not None:
            self._channel.finish()
            self._deliver(block=True)
            self._channel = None
        self._check()

    def _take_over(self) -> None:
        """Hand the saves to the process once it is ready and the thread has saved all it
        was given (so that the order holds)."""
        if self._spare is None or not self._spare.ready or self._waiting:
            return
        assert self._channel is not None
        self._channel.finish()
        self._deliver(block=True)
        self._channel, self._spare = self._spare, None

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, kind: Any, exc: Any, tb: Any) -> None:
        if kind is None:
            self.close()
            return
        try:  # an exception is on its way out: save what is queued, then let it pass
            self.close()
        except Exception:  # noqa: BLE001 - the exception already leaving is the one raised
            pass

    def _deliver(self, block: bool) -> None:
        """Report what the channel has finished (with ``block``: until it is done)."""
        assert self._channel is not None
        for message in self._channel.receive(block):
            kind, seq, payload = message
            analysis = self._waiting.pop(seq)
            if kind == "saved":
                self.on_saved(analysis, payload)
            elif kind == "dropped":
                self.dropped += 1
            elif self._error is None:  # "failed": the first error is the one raised
                self._error = payload

    def _check(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error


def _save(store: Any, analysis: Analysis) -> Any:
    return store.save_analysis(analysis, url=analysis.article.url)


def _can_share(store: Any) -> bool:
    """True when ``store`` may be written from elsewhere while this thread reads it."""
    engine = getattr(store, "engine", None)
    if engine is None:
        return False
    from parley.store.engine import one_connection

    return not one_connection(engine)


# -- channels: a thread or a process that saves, and the messages back ---------------------
#
# Messages back are (kind, seq, payload): ("saved", seq, SaveResult), ("failed", seq,
# exception), ("dropped", seq, None) for an analysis queued behind a failure; and
# ("closed", -1, None) once the writer has finished.


def _save_loop(store: Any, get: Callable[[], Any], answer: Callable[[tuple], None]) -> None:
    """Save what ``get`` returns until ``_DONE``; after a failure, drop the rest."""
    failed = False
    while True:
        item = get()
        if item == _DONE:
            answer(("closed", -1, None))
            return
        seq, analysis = item
        if failed:
            answer(("dropped", seq, None))
            continue
        try:
            answer(("saved", seq, _save(store, analysis)))
        except Exception as exc:  # noqa: BLE001 - handed back to the putting side
            failed = True
            answer(("failed", seq, exc))


class _Channel:
    """What both channels share: the answers come back on ``_done``, ended by "closed" (or,
    from a process that vanished, "gone"), after which ``_end`` tidies up."""

    _done: queue.SimpleQueue[tuple]
    _closed: bool

    def receive(self, block: bool) -> list[tuple]:
        """The answers so far (with ``block``: every answer, up to the end)."""
        out = []
        while not self._closed:
            try:
                message = self._done.get(block=block)
            except queue.Empty:
                break
            if message[0] in ("closed", "gone"):
                self._closed = True
                self._end(message[0])
                break
            out.append(message)
        return out

    def _end(self, kind: str) -> None:
        raise NotImplementedError


class _Thread(_Channel):
    def __init__(self, store: Any, depth: int):
        self._todo: queue.Queue[Any] = queue.Queue(maxsize=depth)
        self._done: queue.SimpleQueue[tuple] = queue.SimpleQueue()
        self._closed = False
        self._thread = threading.Thread(
            target=_save_loop, args=(store, self._todo.get, self._done.put),
            name="parley-ingest-writer", daemon=True)
        self._thread.start()

    def send(self, seq: int, analysis: Analysis) -> None:
        self._todo.put((seq, analysis))

    def finish(self) -> None:
        self._todo.put(_DONE)

    def _end(self, kind: str) -> None:
        self._thread.join()


class _Process(_Channel):
    """A child interpreter (``python -c``, so no ``__main__`` guard is needed anywhere)
    holding one end of a socket pair: pickled analyses go down, answers come back. A feeder
    thread writes, so that ``send`` blocks only when ``depth`` wait; a reader thread reads.
    The child sees the parent's end close (EOF) if the parent dies, and exits."""

    def __init__(self, url: str, depth: int):
        ours, theirs = multiprocessing.Pipe(duplex=True)
        fd = theirs.fileno()
        self._proc = subprocess.Popen(
            [sys.executable, "-c", f"from parley.ingest.writer import serve; serve({fd})"],
            pass_fds=[fd], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        theirs.close()
        self._conn = ours
        self._todo: queue.Queue[Any] = queue.Queue(maxsize=depth)
        self._done: queue.SimpleQueue[tuple] = queue.SimpleQueue()
        self._closed = self._gone = False
        self.ready = False  # set when the process has opened the store and warmed up
        self._todo.put(url)  # first, and not on the command line: it may hold a password
        for work in (self._feed, self._read):
            threading.Thread(target=work, name="parley-ingest-writer-io", daemon=True).start()

    def send(self, seq: int, analysis: Analysis) -> None:
        self._put((seq, analysis))

    def finish(self) -> None:
        self._put(_DONE)

    def _put(self, item: Any) -> None:
        while not self._gone:
            try:
                self._todo.put(item, timeout=_CHECK_S)
                return
            except queue.Full:
                continue
        self._died()

    def _end(self, kind: str) -> None:
        if kind == "gone":
            self._died()
        self._proc.wait()
        self._conn.close()

    def _feed(self) -> None:
        while True:
            item = self._todo.get()
            try:
                self._conn.send(item)
            except OSError:  # the child is gone: the reader says so
                return
            if item == _DONE:
                return

    def _read(self) -> None:
        while True:
            try:
                message = self._conn.recv()
            except (EOFError, OSError):
                self._gone = True
                self._done.put(("gone", -1, None))
                return
            if message[0] == "ready":
                self.ready = True
                continue
            self._done.put(message)
            if message[0] == "closed":
                return

    def abandon(self) -> None:
        """End a process that was given no analysis (it may still be starting up)."""
        self._todo.put(_DONE)  # lets the feeder thread end
        self._proc.kill()
        self._proc.wait()
        self._conn.close()

    def _died(self) -> None:
        code = self._proc.wait()
        raise StoreError(f"the ingest's writer process ended unexpectedly (exit code {code}); "
                         "the articles analysed after the last one reported saved were not saved")


def serve(fd: int) -> None:
    """The writer process's main: the store's URL, then analyses, from the socket ``fd``."""
    from multiprocessing.connection import Connection

    conn = Connection(fd)

    def get() -> Any:
        try:
            return conn.recv()
        except EOFError:  # the parent is gone (killed): the save in hand has committed
            sys.exit(1)

    def answer(message: tuple) -> None:
        kind, seq, payload = message
        conn.send((kind, seq, _portable(payload) if kind == "failed" else payload))

    url = get()
    from parley.store import Store

    try:
        store: Any = Store.open(url)
    except Exception as exc:  # noqa: BLE001 - every save then fails with it
        store = _Unopened(exc)
    else:
        from parley.store import dedupe

        dedupe.warm_up()  # while the parent loads spaCy and analyses the first batch
        conn.send(("ready", -1, None))
    try:
        _save_loop(store, get, answer)
    finally:
        store.close()
        conn.close()


class _Unopened:
    """A store that could not be opened: each save raises why."""

    def __init__(self, error: BaseException):
        self.error = error

    def save_analysis(self, analysis: Analysis, *, url: str | None = None) -> Any:
        raise self.error

    def close(self) -> None:
        return None


def _portable(exc: BaseException) -> BaseException:
    """``exc`` if it survives pickling, else a ``StoreError`` with its message."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001 - any exception that cannot cross processes
        return StoreError(str(exc) or type(exc).__name__)
