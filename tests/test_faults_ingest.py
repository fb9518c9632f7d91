"""Faults during ingest: SIGKILL at random points, a locked database, a full disk.

Each test runs the real ``parley`` executable over a folder of ~30 invented articles and
then checks the database against a clean reference run of the same folder: every article
exactly once, one revision each, the current revision's facts (quotes, events, stances,
actor mentions) all there and none from elsewhere, SQLite's and FTS5's own integrity
checks passing. A fault must end in a one-line error and a non-zero exit, never in a
half-written article, and a rerun must finish the job.

Kill points are random (a seeded RNG; the seed is printed, ``PARLEY_FAULT_SEED`` replays
it), stratified over the length of a clean run so that kills land while the model loads,
while the schema is created and while articles are being written.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

PARLEY = str(Path(sys.executable).with_name("parley"))
TOTAL = 30
KILLS = 6

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

NAMES = ["Orla Fennimore", "Kasimir Wendt", "Priya Holloway", "Dmitri Sallow", "Ines Carrow",
         "Tobias Quill", "Halvard Moen", "Zara Okonkwo"]
TOWNS = ["Brackwater", "Lindenfall", "Saltmere", "Corvey", "Ashgrove", "Penhallow"]
MATTERS = ["the river treaty", "grain tariffs", "the ferry timetable", "fishing rights",
           "the customs post", "prisoner releases"]


def article_text(seed: int, sentences: int = 18) -> str:
    """An invented report, different for every seed."""
    rng = random.Random(seed)
    out = []
    for i in range(sentences):
        who, town, what = rng.choice(NAMES), rng.choice(TOWNS), rng.choice(MATTERS)
        out.append(rng.choice([
            f'"There will be no deal on {what} this week," {who} told reporters in {town}.',
            f"{who} met the mayor of {town} on Tuesday to discuss {what}.",
            f"{who} said the talks on {what} would resume in {town} within {i + 2} days.",
            f"Officials in {town} rejected the proposal on {what} on Friday.",
        ]) + f" (ref {seed}-{i})")
    return f"Dispatch {seed} from {rng.choice(TOWNS)}\n\n" + " ".join(out) + "\n"


@pytest.fixture(scope="module")
def news(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("faults") / "news"
    folder.mkdir()
    for seed in range(TOTAL):
        (folder / f"dispatch-{seed:02d}.txt").write_text(article_text(500 + seed), encoding="utf-8")
    return folder


def run(args: list[str], timeout: float = 300, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([PARLEY, *args], capture_output=True, text=True, timeout=timeout,
                          env=os.environ | (env or {}))


def snapshot(url: str) -> dict[str, tuple]:
    """Per article identity: revisions, and the current revision's facts and their ids."""
    from parley.store.engine import create_engine, normalise_url

    engine = create_engine(normalise_url(url))
    counts = {table: sa.text(
        f"SELECT a.identity, count(t.id) FROM articles a LEFT JOIN {table} t "
        "ON t.article_id = a.id AND t.revision_id = a.current_revision_id GROUP BY a.identity")
        for table in ("quotes", "events", "stances", "actor_mentions")}
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text(
                "SELECT a.identity, a.revision, a.content_hash, r.revision, r.content_hash, "
                "(SELECT count(*) FROM article_revisions x WHERE x.article_id = a.id) "
                "FROM articles a LEFT JOIN article_revisions r ON r.id = a.current_revision_id"
            )).all()
            facts = {name: dict(conn.execute(q).all()) for name, q in counts.items()}
            orphans = conn.execute(sa.text(
                "SELECT count(*) FROM quotes q JOIN articles a ON a.id = q.article_id "
                "WHERE q.revision_id <> a.current_revision_id")).scalar()
    finally:
        engine.dispose()
    assert orphans == 0, "quotes left over from a revision that is not current"
    out = {}
    for identity, rev, chash, cur_rev, cur_hash, n_revisions in rows:
        assert (rev, chash) == (cur_rev, cur_hash), f"{identity}: current revision mismatch"
        out[identity] = (rev, n_revisions, chash) + tuple(facts[n][identity] for n in counts)
    assert len(out) == len(rows), "an article stored twice"
    return out


def sqlite_checks(db: Path) -> None:
    """SQLite's own integrity checks, including the full-text indexes."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        for fts in ("revisions_fts", "quotes_fts"):
            conn.execute(f"INSERT INTO {fts}({fts}) VALUES('integrity-check')")  # raises if bad


@pytest.fixture(scope="module")
def reference(news, tmp_path_factory) -> tuple[dict, float]:
    """A clean run's snapshot, and how long the run took (the span kills are drawn from)."""
    db = tmp_path_factory.mktemp("reference") / "ref.db"
    started = time.monotonic()
    done = run(["ingest", str(news), "--db", str(db), "--quiet"])
    seconds = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    expected = snapshot(str(db))
    assert len(expected) == TOTAL and all(v[3] > 0 for v in expected.values())  # quotes found
    return expected, seconds


def kill_points(seconds: float, n: int) -> list[float]:
    """``n`` random delays, each up to a ``n``-th of a clean run's length.

    Each delay counts from the moment the killed run has stored its first new article (see
    kill_and_rerun), so every kill lands while articles are being written, however long the
    pipeline takes to load on a slow or busy machine.
    """
    seed = int(os.environ.get("PARLEY_FAULT_SEED", time.time_ns() % 1_000_000))
    print(f"kill points from seed {seed} (replay with PARLEY_FAULT_SEED={seed})")
    rng = random.Random(seed)
    return [rng.uniform(0, seconds / n) for _ in range(n)]


def count_articles(url: str) -> int:
    from parley.store.engine import create_engine, normalise_url

    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text("SELECT count(*) FROM articles")).scalar()
    except sa.exc.DBAPIError:
        return 0  # no schema yet
    finally:
        engine.dispose()


def kill_and_rerun(news: Path, db: str, delays: list[float], batch_size: int = 2) -> list[int]:
    """SIGKILL an ingest ``delay`` seconds after it stored its first new article (or at once
    if it finished first), then run it to the end; the stored counts at each kill."""
    args = ["ingest", str(news), "--db", db, "--quiet", "--batch-size", str(batch_size)]
    seen = []
    for delay in delays:
        before = count_articles(db)
        proc = subprocess.Popen([PARLEY, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 240
        while proc.poll() is None and count_articles(db) == before and time.monotonic() < deadline:
            time.sleep(0.05)
        try:
            proc.wait(timeout=delay)  # finished before its kill point: fine, nothing to kill
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        seen.append(count_articles(db))
    done = run(args)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return seen


def test_sigkill_at_random_points_then_rerun_sqlite(news, reference, tmp_path):
    expected, seconds = reference
    db = tmp_path / "killed.db"
    seen = kill_and_rerun(news, str(db), kill_points(seconds, KILLS))
    print(f"articles stored at each kill: {seen} (of {TOTAL})")
    assert seen == sorted(seen), "a rerun lost articles a killed run had stored"
    assert any(0 < n < TOTAL for n in seen), f"no kill landed while articles were written: {seen}"
    assert snapshot(str(db)) == expected
    sqlite_checks(db)


@pytest.mark.postgres
def test_sigkill_at_random_points_then_rerun_postgresql(news, reference, pg_url):
    expected, seconds = reference
    # Two kills, each while articles are being written.
    seen = kill_and_rerun(news, pg_url, kill_points(seconds, 2))
    print(f"articles stored at each kill: {seen} (of {TOTAL})")
    assert snapshot(pg_url) == expected


def test_locked_database_is_a_clear_error_and_stays_consistent(news, reference, tmp_path):
    """Another process holds SQLite's write lock for longer than the busy timeout."""
    expected, _ = reference
    db = tmp_path / "locked.db"
    first = sorted(news.glob("*.txt"))[:5]
    assert run(["ingest", *map(str, first), "--db", str(db), "--quiet"]).returncode == 0
    holder = sqlite3.connect(db, isolation_level=None, timeout=1)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        done = run(["ingest", str(news), "--db", str(db), "--quiet"], timeout=240)
        waited = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("parley: error: "), done.stderr
    assert "busy" in lines[0] and "Traceback" not in done.stderr
    from parley.store.engine import BUSY_TIMEOUT_MS

    assert waited >= BUSY_TIMEOUT_MS / 1000  # it waited for the lock before giving up
    stored = snapshot(str(db))
    assert stored == {k: v for k, v in expected.items() if k in stored} and len(stored) == 5
    sqlite_checks(db)
    assert run(["ingest", str(news), "--db", str(db), "--quiet"]).returncode == 0
    assert snapshot(str(db)) == expected


@pytest.fixture
def tiny_disk(tmp_path):
    """A small tmpfs mounted for the test (root only; skipped where mounting is refused)."""
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()

    def mount(size_kib: int, remount: bool = False) -> None:
        options = f"size={size_kib}k" + (",remount" if remount else "")
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(mount_point)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip() or 'not root'})")

    yield mount_point, mount
    subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def test_full_disk_is_a_clear_error_and_stays_consistent(news, reference, tiny_disk, tmp_path):
    expected, _ = reference
    mount_point, mount = tiny_disk
    # Room for the schema plus a few articles: the schema is built on a roomy tmpfs, which is
    # then shrunk to what it uses plus a slack that holds a few articles' writes (the WAL of
    # one article's transaction is ~350 KiB; the whole run needs several MiB).
    from parley.store.engine import create_engine, normalise_url
    from parley.store.migrations import migrate

    mount(64 * 1024)
    db = mount_point / "full.db"
    engine = create_engine(normalise_url(str(db)))
    migrate(engine)
    engine.dispose()
    schema = sum(p.stat().st_size for p in mount_point.glob("full.db*"))
    mount(schema // 1024 + 768, remount=True)
    done = run(["ingest", str(news), "--db", str(db), "--quiet"])
    assert done.returncode == 1, "the disk never filled up: make the tmpfs smaller"
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "disk holding the database is full" in lines[0], done.stderr
    assert "Traceback" not in done.stderr
    stored = snapshot(str(db))
    assert 0 < len(stored) < TOTAL, f"{len(stored)} stored"
    assert stored == {k: v for k, v in expected.items() if k in stored}  # each one complete
    sqlite_checks(db)
    mount(64 * 1024, remount=True)  # space freed: a rerun finishes the job
    again = run(["ingest", str(news), "--db", str(db), "--quiet"])
    assert again.returncode == 0, again.stderr
    assert snapshot(str(db)) == expected
    sqlite_checks(db)
