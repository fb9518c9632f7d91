"""The ingest's writer thread (``parley.ingest.writer.Writer``): order, hand-back, errors,
back-pressure, and real saves on both backends while the putting thread reads the store."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
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
        assert writer.mode == "thread"
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
            assert writer.mode == "inline"
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
        assert writer.mode == "thread"
        for a in batch:
            store.already_stored(a.article)
            writer.put(a)
        writer.put(batch[0])  # the same text again: unchanged, after the first is saved
    assert statuses == [(a.doc_id, "new") for a in batch] + [("wire0", "unchanged")]
    assert all(store.already_stored(a.article) for a in batch)
    assert len(store.latest(100, one_per_story=False).items) == 30


# -- the writer process ---------------------------------------------------------------------


def test_a_writer_process_saves_in_order_on_both_backends(store):
    batch = analyses(12, prefix="proc")
    statuses = []
    with Writer(store, lambda a, r: statuses.append((a.doc_id, r.status)), mode="process",
                depth=4, start_in_thread=False) as writer:
        assert writer.mode == writer.saving_in == "process"
        child = writer._channel._proc
        assert child.pid != os.getpid()
        for a in batch:
            writer.put(a)
        writer.put(batch[0])
    assert statuses == [(a.doc_id, "new") for a in batch] + [("proc0", "unchanged")]
    assert child.poll() == 0  # the process has ended, cleanly
    # saved by the other process, read here: the same records
    assert all(store.already_stored(a.article) for a in batch)
    saved = store.get_analysis(store.latest(1, one_per_story=False).items[0].id)
    assert saved.article.text == batch[-1].article.text


def test_the_process_takes_over_from_the_thread_once_ready_and_the_order_holds(store):
    batch = analyses(40, prefix="relay")
    statuses, where = [], []
    with Writer(store, lambda a, r: statuses.append((a.doc_id, r.status)), mode="process",
                depth=4) as writer:
        spare = writer._spare
        for a in batch:
            where.append(writer.saving_in)
            writer.put(a)
            if writer.saving_in == "thread" and len(where) >= 10:
                deadline = time.monotonic() + 60  # let it get ready: a slow machine
                while not spare.ready and time.monotonic() < deadline:
                    time.sleep(0.05)
    assert where[0] == "thread" and where[-1] == "process"
    assert where == sorted(where, key=("thread", "process").index)  # one hand-over
    assert statuses == [(a.doc_id, "new") for a in batch]
    assert spare._proc.poll() == 0


def test_a_short_run_never_waits_for_the_process(tmp_path):
    with Store.open(str(tmp_path / "parley.db")) as store:
        started = time.monotonic()
        writer = Writer(store, mode="process")
        writer.put(analyses(1)[0])
        spare = writer._spare
        writer.close()
        assert spare is not None and spare._proc.poll() is not None  # ended, not waited for
        assert writer.saving_in == "inline"  # closed
        assert time.monotonic() - started < 1.0  # the process needs 2-4 s to be ready
        assert store.already_stored(analyses(1)[0].article)


def _refuse(store, doc_id: str) -> None:
    """A trigger that makes the database itself refuse to store ``doc_id``."""
    with store.engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql(
                f"CREATE TRIGGER refuse BEFORE INSERT ON articles WHEN NEW.doc_id = '{doc_id}' "
                "BEGIN SELECT RAISE(ABORT, 'refused by the test trigger'); END")
        else:
            conn.exec_driver_sql(
                "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                "RAISE EXCEPTION 'refused by the test trigger'; END $$")
            conn.exec_driver_sql(
                f"CREATE TRIGGER refuse BEFORE INSERT ON articles FOR EACH ROW "
                f"WHEN (NEW.doc_id = '{doc_id}') EXECUTE FUNCTION refuse()")


def test_a_failed_save_in_the_writer_process_is_raised_here(store):
    _refuse(store, "proc3")
    saved = []
    writer = Writer(store, lambda a, r: saved.append(a.doc_id), mode="process", depth=2,
                    start_in_thread=False)
    put = 0
    try:
        with pytest.raises(StoreError, match="refused by the test trigger"):
            with writer:
                for a in analyses(10, prefix="proc"):
                    writer.put(a)
                    put += 1
        assert saved == ["proc0", "proc1", "proc2"]
        assert writer.dropped == put - 4
        assert not store.already_stored(analyses(10, prefix="proc")[4].article)
    finally:
        with store.engine.begin() as conn:
            conn.exec_driver_sql("DROP TRIGGER refuse" if conn.dialect.name == "sqlite"
                                 else "DROP TRIGGER refuse ON articles; DROP FUNCTION refuse()")


def test_a_store_the_writer_process_cannot_open_fails_every_save(tmp_path):
    with Store.open(str(tmp_path / "ok.db")) as store:
        store.url = str(tmp_path / "missing" / "folder" / "parley.db")  # unreachable there
        writer = Writer(store, mode="process", start_in_thread=False)
        writer.put(analyses(1)[0])
        with pytest.raises(StoreError, match="cannot open the database file"):
            writer.close()


def test_a_writer_process_that_dies_is_an_error_not_a_hang(tmp_path):
    with Store.open(str(tmp_path / "parley.db")) as store:
        writer = Writer(store, mode="process", depth=2, start_in_thread=False)
        writer.put(analyses(1)[0])
        writer._channel._proc.kill()
        with pytest.raises(StoreError, match="writer process ended unexpectedly"):
            for a in analyses(50, prefix="more"):
                writer.put(a)
            writer.close()


ORPHAN = """
import os, signal, sys
sys.path.insert(0, {tests!r})
from store_fixtures import simple_analysis
from parley.ingest.writer import Writer
from parley.store import Store
store = Store.open({db!r})
writer = Writer(store, mode="process", start_in_thread=False)
writer.put(simple_analysis("orphan0", "One text before the end."))
print(writer._channel._proc.pid, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def _ended(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as status:
            return any(line.startswith("State:") and "Z" in line for line in status)
    except FileNotFoundError:
        return True


def test_a_writer_process_ends_when_its_parent_is_killed(tmp_path):
    db = str(tmp_path / "parley.db")
    Store.open(db).close()
    script = ORPHAN.format(tests=os.path.dirname(__file__), db=db)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == -signal.SIGKILL, run.stderr
    child = int(run.stdout.split()[0])
    deadline = time.monotonic() + 30
    while not _ended(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _ended(child)


def test_the_cli_offers_every_mode_and_the_runners_batch():
    import inspect

    from parley.cli.ingest import WriterMode, ingest
    from parley.ingest.runner import BATCH_SIZE
    from parley.ingest.writer import MODES

    assert tuple(m.value for m in WriterMode) == MODES
    from parley.ingest.runner import ingest as run_ingest

    params = inspect.signature(ingest).parameters
    assert params["batch_size"].default is None  # each path's own: the runner's here
    assert inspect.signature(run_ingest).parameters["batch_size"].default == BATCH_SIZE == 8
    assert params["writer"].default == WriterMode.process
