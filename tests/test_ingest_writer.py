"""The ingest's writer thread (``parley.ingest.writer.Writer``): order, hand-back, errors,
back-pressure, and real saves on both backends while the putting thread reads the store."""

from __future__ import annotations

import threading
import time

import pytest

from parley.errors import StoreError
from parley.ingest.writer import Writer
from parley.store import Store
from store_fixtures import simple_analysis


class RecordingStore:
    """Saves nothing; records which analysis was saved, in which order, on which thread.
    ``fail_on`` names a doc_id whose save raises; ``gate`` (an Event) holds every save."""

    def __init__(self, fail_on: str | None = None, gate: threading.Event | None = None):
        self.saved: list[tuple[str, str]] = []
        self.fail_on = fail_on
        self.gate = gate
        self.engine = None  # a file-backed store in spirit: see ``shareable``

    def save_analysis(self, analysis, *, url=None):
        if self.gate is not None:
            self.gate.wait(5)
        if analysis.doc_id == self.fail_on:
            raise StoreError(f"saving {analysis.doc_id}: disk full")
        self.saved.append((analysis.doc_id, threading.current_thread().name))
        return f"saved {analysis.doc_id}"


@pytest.fixture
def shareable(monkeypatch):
    """Let ``RecordingStore`` (no engine) count as a store that threads may share."""
    monkeypatch.setattr("parley.ingest.writer._can_share", lambda store: True)


def analyses(n: int, prefix: str = "doc"):
    return [simple_analysis(f"{prefix}{i}", f"Text number {i} of the batch.") for i in range(n)]


def test_saves_in_order_on_its_own_thread_and_reports_on_the_putting_one(shareable):
    store = RecordingStore()
    reported: list[tuple[str, str, str]] = []
    with Writer(store, lambda a, r: reported.append((a.doc_id, r, threading.current_thread().name)),
                depth=3) as writer:
        assert writer.threaded
        for a in analyses(20):
            writer.put(a)
    assert [doc for doc, _ in store.saved] == [f"doc{i}" for i in range(20)]
    assert {thread for _, thread in store.saved} == {"parley-ingest-writer"}
    assert [(doc, result) for doc, result, _ in reported] == [(f"doc{i}", f"saved doc{i}") for i in range(20)]
    assert {thread for _, _, thread in reported} == {threading.current_thread().name}


def test_a_failed_save_is_raised_to_the_putter_and_nothing_after_it_is_saved(shareable):
    store = RecordingStore(fail_on="doc3")
    reported: list[str] = []
    writer = Writer(store, lambda a, r: reported.append(a.doc_id), depth=2)
    put = 0
    with pytest.raises(StoreError, match="doc3: disk full"):
        with writer:
            for a in analyses(12):
                writer.put(a)
                put += 1
    saved = [doc for doc, _ in store.saved]
    assert saved == ["doc0", "doc1", "doc2"]  # in order, and none after the failure
    assert reported == saved  # every committed save was reported before the error
    assert put >= 4  # doc3 was queued before its failure could be seen
    assert writer.dropped == put - 4  # queued behind the failure: counted, not saved


def test_the_error_is_raised_once_and_by_close_when_no_put_follows(shareable):
    store = RecordingStore(fail_on="doc1")
    writer = Writer(store, depth=2)
    for a in analyses(2):
        writer.put(a)
    with pytest.raises(StoreError):
        writer.close()
    assert [doc for doc, _ in store.saved] == ["doc0"]


def test_put_blocks_once_depth_analyses_wait(shareable):
    gate = threading.Event()
    store = RecordingStore(gate=gate)
    writer = Writer(store, depth=2)
    put = []

    def producer():
        for a in analyses(10):
            writer.put(a)
            put.append(a.doc_id)

    thread = threading.Thread(target=producer)
    thread.start()
    time.sleep(0.3)
    # one save in progress (held by the gate) and two queued: the fourth put waits
    assert len(put) == 3
    gate.set()
    thread.join(5)
    writer.close()
    assert len(put) == 10 and len(store.saved) == 10


def test_leaving_on_an_exception_still_saves_what_was_queued(shareable):
    gate = threading.Event()
    store = RecordingStore(gate=gate)
    with pytest.raises(KeyboardInterrupt):
        with Writer(store, depth=4) as writer:
            for a in analyses(4):
                writer.put(a)
            gate.set()
            raise KeyboardInterrupt
    assert [doc for doc, _ in store.saved] == ["doc0", "doc1", "doc2", "doc3"]


def test_an_in_memory_store_is_written_in_line():
    with Store.open(":memory:") as store:
        threads = []
        with Writer(store, lambda a, r: threads.append(threading.current_thread().name)) as writer:
            assert not writer.threaded
            for a in analyses(3):
                writer.put(a)
            assert len(threads) == 3  # in line: reported as soon as put
        assert threads == [threading.current_thread().name] * 3
        assert len(store.latest(10, one_per_story=False).items) == 3


def test_real_saves_while_the_putting_thread_reads(store):
    """On both backends: the putter asks ``already_stored`` (as the ingest does before
    analysing) while the writer thread saves; every article lands once, statuses in order."""
    batch = analyses(30, prefix="wire")
    statuses = []
    with Writer(store, lambda a, r: statuses.append((a.doc_id, r.status)), depth=3) as writer:
        assert writer.threaded
        for a in batch:
            store.already_stored(a.article)
            writer.put(a)
        writer.put(batch[0])  # the same text again: unchanged, after the first is saved
    assert statuses == [(a.doc_id, "new") for a in batch] + [("wire0", "unchanged")]
    assert all(store.already_stored(a.article) for a in batch)
    assert len(store.latest(100, one_per_story=False).items) == 30
