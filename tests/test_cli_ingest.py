"""``parley ingest``, ``parley feeds ...`` and ``parley poll`` from the command line.

Exit codes and error lines are checked through the real ``parley`` executable (no
traceback may reach the user); the feed commands run in-process with CliRunner. The kill
test SIGKILLs an ingest half-way and checks that a rerun stores every article exactly once.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parley.cli import app

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "feeds"))
from canned_server import CannedServer, Reply, fixture_bytes, local_copy  # noqa: E402

PARLEY = str(Path(sys.executable).with_name("parley"))
LOCAL_ENV = {"PARLEY_ALLOW_PRIVATE_URLS": "1"}
runner = CliRunner()

PEOPLE = ["Adela Korvan", "Tomas Reyl", "Elin Sward", "Ruth Vandeleur", "Bruno Vell", "Ines Falkenrath",
          "Henrik Olave", "Sanna Brisk", "Paul Hennig", "Lidia Marsh", "Abel Roon", "Greta Holm"]
PLACES = ["Port Sallow", "Velmora", "Kessel", "Tamsel Bridge", "Marrow", "Skerrin", "Upper Kessel"]
TOPICS = ["fishing quotas", "the lighthouse treaty", "ferry fares", "water sharing", "grain exports",
          "the border crossing", "harbour wages", "cod stocks", "storage ponds", "the old bridge"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def story(seed: int, sentences: int = 24) -> str:
    """An invented article, different for every seed (not a near-duplicate of another)."""
    rng = random.Random(seed)
    out = []
    for i in range(sentences):
        who, where, what, day = rng.choice(PEOPLE), rng.choice(PLACES), rng.choice(TOPICS), rng.choice(DAYS)
        n = rng.randint(2, 90)
        out.append(rng.choice([
            f'"We will not sign anything on {what} before {day}," {who} told reporters in {where}.',
            f"{who} met delegates in {where} on {day} for {n} minutes to discuss {what}.",
            f"Officials in {where} said {n} boats had waited since {day} for news on {what}.",
            f"According to {who}, the talks on {what} could resume in {where} within {n} days.",
        ]) + f" (note {seed}-{i})")
    return f"Report {seed} from {rng.choice(PLACES)}\n\n" + " ".join(out) + "\n"


def parley(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PARLEY, *args], capture_output=True, text=True, timeout=300,
        env=os.environ | (env or {}), cwd=cwd,
    )


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


@pytest.fixture
def folder(tmp_path) -> Path:
    path = tmp_path / "news"
    path.mkdir()
    for seed in range(3):
        (path / f"story-{seed}.txt").write_text(story(seed, 6), encoding="utf-8")
    return path


def test_ingest_reports_failures_and_exits_1(tmp_path, folder):
    db = tmp_path / "p.db"
    done = parley("ingest", str(folder), str(tmp_path / "missing.txt"), "--db", str(db))
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [f"parley: error: {tmp_path / 'missing.txt'}: no such file or directory"]
    assert done.stdout.startswith("3 new, 0 updated, 0 unchanged, 0 duplicate, 1 failed")
    again = parley("ingest", str(folder), "--db", str(db), "--quiet")
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "")
    assert rows(db, "select count(*) from articles") == [(3,)]


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["ingest", "x.txt", "--db", "/no/such/dir/p.db"], 1, "cannot open the database file"),
        (["ingest", "x.txt", "--db", "mysql://u@h/db"], 1, "unsupported database URL"),
        (["ingest", "x.txt", "--published", "28/04/2025"], 2, "YYYY-MM-DD"),
        (["feeds", "remove", "https://nowhere.example/feed", "--db", "{tmp}/p.db"], 1, "no such feed"),
        (["feeds", "import-opml", "{fixtures}/broken.opml", "--db", "{tmp}/p.db"], 1, "not well-formed XML (line 6, column 5)"),
        (["feeds", "add", "http://127.0.0.1:9/feed", "--db", "{tmp}/p.db"], 1, "non-public address"),
        (["feeds", "list", "--format", "yaml", "--db", "{tmp}/p.db"], 2, "choose table, tsv or json"),
    ],
)
def test_user_errors_are_one_line(tmp_path, args, code, message):
    fixtures = Path(__file__).resolve().parent / "fixtures" / "feeds"
    args = [a.format(tmp=tmp_path, fixtures=fixtures) for a in args]
    done = parley(*args, cwd=tmp_path)
    assert done.returncode == code
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    if code == 1:
        assert len(done.stderr.strip().splitlines()) == 1


@pytest.fixture
def site():
    with CannedServer() as srv:
        base = srv.url("").rstrip("/")
        rss = local_copy("ledger-rss.xml", base)
        home = local_copy("ledger-home.html", base)
        srv.routes.update({
            "/": Reply(200, home, {"Content-Type": "text/html"}),
            "/feeds/diplomacy.rss": Reply(200, rss, {"Content-Type": "application/rss+xml", "ETag": '"v1"'}),
            "/2025/04/fishing-talks-resume": Reply(200, fixture_bytes("fishing-talks-resume.html"), {"Content-Type": "text/html"}),
            "/2025/04/harbour-strike": Reply(200, fixture_bytes("harbour-strike.html"), {"Content-Type": "text/html"}),
        })
        yield srv


def cli(*args: str, db: Path):
    return runner.invoke(app, [*args, "--db", str(db)], env=LOCAL_ENV)


def test_feeds_add_list_export_remove(tmp_path, site):
    db = tmp_path / "p.db"
    added = cli("feeds", "add", site.url("/"), db=db)
    assert added.exit_code == 0, added.output
    feed_url = site.url("/feeds/diplomacy.rss")
    assert added.stdout.startswith(f"added {feed_url} (found from {site.url('/')})")

    listed = json.loads(cli("feeds", "list", "--format", "json", db=db).stdout)
    assert [(f["url"], f["title"], f["status"], f["errors"]) for f in listed] == [
        (feed_url, "The Velmora Ledger \u2013 Diplomacy", "-", "0")
    ]
    tsv = cli("feeds", "list", "--format", "tsv", db=db).stdout.splitlines()
    assert tsv[0].split("\t") == ["url", "title", "last polled", "status", "errors", "last error", "next poll"]
    assert feed_url in cli("feeds", "list", db=db).stdout  # the table

    exported = cli("feeds", "export-opml", db=db).stdout
    assert exported.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')
    assert f'xmlUrl="{feed_url}"' in exported
    out_file = tmp_path / "out.opml"
    assert cli("feeds", "export-opml", str(out_file), db=db).exit_code == 0
    assert out_file.read_text() == exported

    assert cli("feeds", "remove", feed_url, db=db).stdout == f"removed {feed_url}\n"
    assert json.loads(cli("feeds", "list", "--format", "json", db=db).stdout) == []

    imported = cli("feeds", "import-opml", str(out_file), db=db)
    assert imported.stdout == f"imported 1 feeds from {out_file} (0 already subscribed)\n"
    again = cli("feeds", "import-opml", str(out_file), db=db)
    assert again.stdout == f"imported 0 feeds from {out_file} (1 already subscribed)\n"


def test_poll_quiet_for_cron(tmp_path, site):
    db = tmp_path / "p.db"
    assert cli("feeds", "add", site.url("/feeds/diplomacy.rss"), db=db).exit_code == 0
    done = parley("poll", "--db", str(db), env=LOCAL_ENV)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("2 new, 0 updated, 0 unchanged, 0 duplicate, 0 failed, 1 feeds read")
    assert rows(db, "select etag, last_status, error_count from feeds") == [('"v1"', 200, 0)]
    quiet = parley("poll", "--quiet", "--db", str(db), env=LOCAL_ENV)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")  # nothing due


def test_poll_failure_exit_status(tmp_path, site):
    db = tmp_path / "p.db"
    site.routes["/feeds/broken.rss"] = Reply(500, b"down")
    with_broken = runner.invoke(app, ["feeds", "add", site.url("/feeds/broken.rss"), "--db", str(db)], env=LOCAL_ENV)
    assert with_broken.exit_code == 1  # cannot subscribe to what cannot be read
    from parley.store import Store

    with Store.open(str(db)) as store:
        store.add_feed(site.url("/feeds/broken.rss"))
    done = parley("poll", "--quiet", "--db", str(db), env=LOCAL_ENV)
    assert done.returncode == 1
    assert done.stderr == f"parley: error: {site.url('/feeds/broken.rss')}: HTTP 500 Internal Server Error\n"
    assert rows(db, "select error_count, last_error from feeds") == [(1, "HTTP 500 Internal Server Error")]


def test_killed_ingest_resumes_without_loss_or_duplicates(tmp_path):
    news = tmp_path / "many"
    news.mkdir()
    total = 30
    for seed in range(total):
        (news / f"report-{seed:02d}.txt").write_text(story(100 + seed), encoding="utf-8")
    db = tmp_path / "p.db"
    args = [PARLEY, "ingest", str(news), "--db", str(db), "--quiet", "--batch-size", "1"]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stored_at_kill = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            stored_at_kill = rows(db, "select count(*) from articles")[0][0]
        except sqlite3.OperationalError:
            stored_at_kill = 0  # the schema is not there yet
        if stored_at_kill >= 5:
            break
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 5 <= stored_at_kill < total, "the kill did not land half-way"
    rerun = [PARLEY, "ingest", str(news), "--db", str(db), "--batch-size", "8"]
    done = subprocess.run(rerun, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert rows(db, "select count(*), count(distinct identity) from articles") == [(total, total)]
    assert rows(db, "select count(*) from article_revisions") == [(total,)]
    assert rows(db, "select min(revision), max(revision) from articles") == [(1, 1)]
    counts = dict(reversed(part.split()[:2]) for part in done.stdout.split(" in ")[0].split(", "))
    assert int(counts["unchanged"]) >= stored_at_kill
    assert int(counts["new"]) + int(counts["duplicate"]) + int(counts["unchanged"]) == total
