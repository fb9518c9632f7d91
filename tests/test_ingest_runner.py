"""Tests for parley.ingest.runner: ingest and poll into a real store (SQLite file and PostgreSQL).

A canned HTTP server on 127.0.0.1 plays the news sites; ``allow_private_urls`` lets the
fetcher reach it, except in the test that checks it is refused by default.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from parley.config import Settings
from parley.ingest.runner import (
    MAX_BACKOFF,
    POLL_INTERVAL,
    FeedState,
    IngestSummary,
    _Barriers,
    backoff,
    ingest,
    poll,
)

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "feeds"))
from canned_server import SITE, CannedServer, Reply, fixture_bytes, local_copy  # noqa: E402

LOCAL = Settings(allow_private_urls=True)
HTML = {"Content-Type": "text/html; charset=utf-8"}
RSS = {"Content-Type": "application/rss+xml"}

TEXTS = {
    "treaty.txt": "Envoy Lidia Marsh said on Tuesday that the Skerrin treaty would be ratified "
    "within a month. \"We have the votes,\" she told the assembly in Velmora.\n",
    "grain.txt": "Grain traders in Kessel warned that export quotas announced by the agriculture "
    "ministry would empty the silos before harvest, and asked for a meeting with minister Abel Roon.\n",
    "ferry.txt": "The ferry union and the harbour board met for six hours on Wednesday without "
    "agreement. Board chair Greta Holm said another round was planned for next week.\n",
}


@pytest.fixture
def site():
    with CannedServer() as srv:
        base = srv.url("").rstrip("/")
        srv.routes.update({
            "/feeds/diplomacy.rss": Reply(200, local_copy("ledger-rss.xml", base), RSS),
            "/feeds/fallback.rss": Reply(200, local_copy("fallback-rss.xml", base), RSS),
            "/2025/04/fishing-talks-resume": Reply(200, fixture_bytes("fishing-talks-resume.html"), HTML),
            "/2025/04/harbour-strike": Reply(200, fixture_bytes("harbour-strike.html"), HTML),
            "/report.pdf": Reply(200, b"%PDF-1.7 binary", {"Content-Type": "application/pdf"}),
        })
        yield srv


@pytest.fixture
def texts(tmp_path) -> Path:
    folder = tmp_path / "txt"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def stored(store) -> dict[str, object]:
    """Stored articles keyed by URL, or by file name for files."""
    page = store.latest(limit=100, one_per_story=False)
    return {a.url or Path(a.source).name: a for a in page.items}


def test_folder_and_feed_then_again_unchanged(store, site, texts, nlp):
    feed = site.url("/feeds/diplomacy.rss")
    first = ingest([str(texts), feed], store, settings=LOCAL, nlp=nlp)
    assert first.failed == []
    assert first.new + first.duplicate == 5 and first.revised == first.unchanged == 0
    assert first.feeds == 1
    assert [s.reason for s in first.skipped] == ["entry has no link and no full text"]

    articles = stored(store)
    assert set(articles) == set(TEXTS) | {
        site.url("/2025/04/fishing-talks-resume"),
        site.url("/2025/04/harbour-strike"),
    }
    fishing = articles[site.url("/2025/04/fishing-talks-resume")]
    assert (fishing.author, fishing.published, fishing.site) == ("Marta Quell", "2025-04-28", "The Velmora Ledger")
    strike = articles[site.url("/2025/04/harbour-strike")]
    # the page has no date or byline: both come from the feed entry
    assert (strike.published, strike.author) == ("2025-04-26", "Jonas Emmerich")
    assert Path(articles["treaty.txt"].source).is_absolute()

    second = ingest([str(texts), feed], store, settings=LOCAL, nlp=nlp)
    assert (second.new, second.revised, second.duplicate, second.unchanged) == (0, 0, 0, 5)
    assert len(stored(store)) == 5


def test_changed_file_is_a_revision(store, texts, nlp):
    ingest([str(texts)], store, settings=LOCAL, nlp=nlp)
    (texts / "grain.txt").write_text(TEXTS["grain.txt"] + "The ministry did not comment.\n")
    again = ingest([str(texts)], store, settings=LOCAL, nlp=nlp)
    assert (again.new, again.revised, again.unchanged) == (0, 1, 2)
    article = stored(store)["grain.txt"]
    assert article.revision == 2
    assert [r.revision for r in store.revisions(article.id)] == [1, 2]


def test_page_failure_falls_back_to_entry_text(store, site, nlp):
    summary = ingest([site.url("/feeds/fallback.rss")], store, settings=LOCAL, nlp=nlp)
    assert summary.new == 1
    assert [(f.source, f.reason) for f in summary.failed] == [
        (site.url("/gone/ferry-timetable"), "HTTP 404 Not Found")
    ]
    article = stored(store)[site.url("/gone/water-pact")]
    analysis = store.get_analysis(article.id)
    assert analysis.article.text.startswith("The councils of Upper Kessel, Marrow and Tamsel Bridge")
    assert (article.published, article.author, article.site) == ("2025-04-30", "Lotte Varga", "Kessel Valley Courier")


def test_entry_errors_stay_with_their_entry(store, site, nlp):
    """A refused fallback text fails that entry only; the feed's next entry is still read."""
    settings = Settings(allow_private_urls=True, max_chars=1000)
    summary = ingest([site.url("/feeds/fallback.rss")], store, settings=settings, nlp=nlp)
    assert [f.source for f in summary.failed] == [site.url("/gone/water-pact"), site.url("/gone/ferry-timetable")]
    assert "over the limit of 1,000 characters" in summary.failed[0].reason
    assert summary.failed[1].reason == "HTTP 404 Not Found"


def test_local_addresses_refused_by_default(store, site, nlp):
    summary = ingest([site.url("/feeds/diplomacy.rss")], store, settings=Settings(), nlp=nlp)
    assert len(summary.failed) == 1 and "non-public address" in summary.failed[0].reason
    assert site.requests == []
    assert stored(store) == {}


@pytest.mark.parametrize(
    "path, outcome",
    [
        ("/2025/04/fishing-talks-resume", "new"),
        ("/report.pdf", "not a web page or feed (content type application/pdf)"),
        ("/missing", "HTTP 404 Not Found"),
    ],
)
def test_article_urls(store, site, nlp, path, outcome):
    summary = ingest([site.url(path)], store, settings=LOCAL, nlp=nlp)
    if outcome == "new":
        assert summary.new == 1 and summary.ok
    else:
        assert [f.reason for f in summary.failed] == [outcome]


def test_endless_entry_page_is_cut_off(store, nlp):
    with CannedServer() as srv:
        rss = (
            '<rss version="2.0"><channel><title>Endless</title><item><title>Forever</title>'
            f"<link>{srv.url('/forever')}</link></item></channel></rss>"
        ).encode()
        srv.routes["/feed"] = Reply(200, rss, RSS)
        srv.routes["/forever"] = lambda seen: Reply(200, _endless_story(), HTML)
        settings = Settings(allow_private_urls=True, max_fetch_bytes=30_000)
        summary = ingest([srv.url("/feed")], store, settings=settings, nlp=nlp)
    assert summary.new == 1 and summary.ok
    (article,) = stored(store).values()
    text = store.get_analysis(article.id).article.text
    assert 10_000 < len(text) < 30_000
    assert text.startswith("Round 0 of the harbour talks")


def _endless_story():
    yield b"<html><head><title>Forever</title></head><body><article>"
    n = 0
    while True:  # distinct sentences, so the extractor keeps them as article text
        yield f"<p>Round {n} of the harbour talks ended at {n % 24}:00 without a deal.</p>".encode()
        n += 1


def test_opml_source(store, site, tmp_path, nlp):
    opml = tmp_path / "list.opml"
    opml.write_text(
        '<opml version="2.0"><body>'
        f'<outline text="Ledger" xmlUrl="{site.url("/feeds/diplomacy.rss")}"/>'
        f'<outline text="Not a feed" xmlUrl="{site.url("/2025/04/harbour-strike")}"/>'
        "</body></opml>"
    )
    summary = ingest([str(opml)], store, settings=LOCAL, nlp=nlp)
    assert summary.feeds == 1
    assert summary.new + summary.duplicate == 2
    assert [f.reason for f in summary.failed] == ["not an RSS, Atom or JSON feed"]


@pytest.mark.parametrize(
    "errors, wait",
    [(1, POLL_INTERVAL), (2, 2 * POLL_INTERVAL), (3, 4 * POLL_INTERVAL), (6, 32 * POLL_INTERVAL), (60, MAX_BACKOFF)],
)
def test_backoff(errors, wait):
    assert backoff(errors) == min(wait, MAX_BACKOFF)


def test_barriers_wait_for_earlier_articles():
    applied: list[str] = []
    barriers = _Barriers(lambda state: applied.append(state.url))
    barriers.add(FeedState("a", {}))  # nothing in flight: at once
    barriers.sent = 2
    barriers.add(FeedState("b", {}))  # two articles in flight before it
    barriers.sent = 3
    barriers.add(FeedState("c", {}))
    barriers.one_saved()
    assert applied == ["a"]
    barriers.one_saved()
    assert applied == ["a", "b"]
    barriers.one_saved()
    assert applied == ["a", "b", "c"]


def _near(when: datetime, target: datetime, slack: float = 10.0) -> bool:
    return abs((when - target).total_seconds()) <= slack


def test_poll_conditional_get_and_schedule(store, site, nlp):
    etag = '"ledger-7"'
    rss = local_copy("ledger-rss.xml", site.url("").rstrip("/"))

    def feed(seen):
        if seen.headers.get("if-none-match") == etag:
            return Reply(304, b"", {"ETag": etag})
        return Reply(200, rss, RSS | {"ETag": etag})

    site.routes["/feeds/diplomacy.rss"] = feed
    url = site.url("/feeds/diplomacy.rss")
    store.add_feed(url)
    now = datetime.now(UTC)

    first = poll(store, LOCAL, now, nlp=nlp)
    assert (first.feeds, first.new + first.duplicate, len(first.skipped), first.ok) == (1, 2, 1, True)
    state = store.get_feed(url)
    assert (state.etag, state.last_status, state.error_count, state.last_error) == (etag, 200, 0, None)
    assert state.title == "The Velmora Ledger \u2013 Diplomacy"
    assert _near(state.next_poll_at, now + POLL_INTERVAL)

    requests = len(site.requests)
    assert poll(store, LOCAL, now + timedelta(minutes=5), nlp=nlp).feeds == 0  # not due yet
    assert len(site.requests) == requests

    later = now + POLL_INTERVAL + timedelta(minutes=1)
    third = poll(store, LOCAL, later, nlp=nlp)
    assert (third.feeds, third.feeds_not_modified, third.articles) == (1, 1, 0)
    assert site.requests[-1].headers["if-none-match"] == etag
    assert store.get_feed(url).last_status == 304
    assert _near(store.get_feed(url).next_poll_at, later + POLL_INTERVAL)


def test_poll_skips_stored_entries(store, site, nlp):
    url = site.url("/feeds/diplomacy.rss")
    store.add_feed(url)
    now = datetime.now(UTC)
    poll(store, LOCAL, now, nlp=nlp)
    before = len(site.requests)
    again = poll(store, LOCAL, now + timedelta(hours=1), nlp=nlp)
    assert (again.new, again.unchanged) == (0, 2)
    assert site.paths()[before:] == ["/feeds/diplomacy.rss"]  # no article page fetched again


def test_poll_errors_back_off_then_recover(store, site, nlp):
    url = site.url("/feeds/broken.rss")
    site.routes["/feeds/broken.rss"] = Reply(500, b"oops")
    store.add_feed(url)
    now = datetime.now(UTC)
    for errors in (1, 2, 3):
        summary = poll(store, LOCAL, now, nlp=nlp)
        assert not summary.ok and "HTTP 500" in summary.failed[0].reason
        state = store.get_feed(url)
        assert (state.error_count, state.last_status) == (errors, 500)
        assert state.last_error == "HTTP 500 Internal Server Error"
        assert _near(state.next_poll_at, now + backoff(errors))
        now = state.next_poll_at
    site.routes["/feeds/broken.rss"] = Reply(200, local_copy("harbour-atom.xml", SITE), {"Content-Type": "application/atom+xml"})
    recovered = poll(store, LOCAL, now, nlp=nlp)
    state = store.get_feed(url)
    assert (state.error_count, state.last_error, state.last_status) == (0, None, 200)
    assert recovered.feeds == 1


@pytest.mark.parametrize(
    "reply, wait, status",
    [
        (Reply(429, b"", {"Retry-After": "7200"}), timedelta(hours=2), 429),
        (Reply(503, b"", {"Retry-After": "600"}), timedelta(minutes=10), 503),
        (Reply(200, b"<rss version='2.0'><channel><title>T</title></channel></rss>", RSS | {"Cache-Control": "max-age=86400"}), timedelta(hours=24), 200),
        (Reply(200, b"<rss version='2.0'><channel><title>T</title></channel></rss>", RSS | {"Cache-Control": "max-age=60"}), POLL_INTERVAL, 200),
    ],
)
def test_poll_honours_server_timing(store, site, nlp, reply, wait, status):
    url = site.url("/feeds/timed.rss")
    site.routes["/feeds/timed.rss"] = reply
    store.add_feed(url)
    now = datetime.now(UTC)
    summary = poll(store, LOCAL, now, nlp=nlp)
    state = store.get_feed(url)
    assert summary.ok and state.error_count == 0 and state.last_status == status
    assert _near(state.next_poll_at, now + wait)
    assert summary.feeds_deferred == (status != 200)
    assert (state.last_error is not None) == (status != 200)


class _PowerCut(Exception):
    pass


class _CrashingStore:
    """The real store, except that the second save fails (a crash half-way through a poll)."""

    def __init__(self, store):
        self._store, self._saves = store, 0

    def __getattr__(self, name):
        return getattr(self._store, name)

    def save_analysis(self, analysis, **kwargs):
        self._saves += 1
        if self._saves == 2:
            raise _PowerCut("power cut")
        return self._store.save_analysis(analysis, **kwargs)


def test_poll_killed_half_way_is_repeated_in_full(store, site, nlp):
    url = site.url("/feeds/diplomacy.rss")
    rss = local_copy("ledger-rss.xml", site.url("").rstrip("/"))
    site.routes["/feeds/diplomacy.rss"] = Reply(200, rss, RSS | {"ETag": '"e1"'})
    store.add_feed(url)
    now = datetime.now(UTC)
    with pytest.raises(_PowerCut):
        poll(_CrashingStore(store), LOCAL, now, nlp=nlp)
    state = store.get_feed(url)
    assert state.etag is None and state.last_polled_at is None  # nothing recorded: poll again
    assert len(stored(store)) == 1
    before = len(site.requests)
    again = poll(store, LOCAL, now, nlp=nlp)
    feed_request = site.requests[before]
    assert feed_request.path == "/feeds/diplomacy.rss" and "if-none-match" not in feed_request.headers
    assert (again.new + again.duplicate, again.unchanged) == (1, 1)
    assert len(stored(store)) == 2
    assert store.get_feed(url).etag == '"e1"'


def test_summary_headline_and_json():
    summary = IngestSummary(new=2, revised=1, unchanged=3, duplicate=1, feeds=2, feeds_not_modified=1, seconds=1.25)
    assert summary.headline() == (
        "2 new, 1 updated, 3 unchanged, 1 duplicate, 0 failed, 2 feeds read, 1 not modified in 1.2 s"
    )
    assert summary.to_json()["seconds"] == 1.25 and summary.ok
