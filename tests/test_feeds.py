"""Tests for parley.ingest.feeds (RSS, Atom, JSON Feed) and parley.ingest.discover."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from parley.errors import FetchError, InputError
from parley.ingest.discover import discover_feed, find_feed_links
from parley.ingest.feeds import (
    FULL_TEXT_WORDS,
    FeedEntry,
    feed_date,
    html_to_text,
    parse_feed,
    parse_json_feed,
    sniff_kind,
)
from parley.ingest.fetch import Fetcher

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "feeds"))
from canned_server import CannedServer, Reply, fixture_bytes  # noqa: E402

FEED_URL = "https://velmora-ledger.example/feeds/diplomacy.rss"


@pytest.mark.parametrize(
    "name, content_type, kind, title, site",
    [
        ("ledger-rss.xml", "application/rss+xml", "rss", "The Velmora Ledger \u2013 Diplomacy", "https://velmora-ledger.example/"),
        ("ledger-rss.xml", "text/xml", "rss", "The Velmora Ledger \u2013 Diplomacy", "https://velmora-ledger.example/"),
        ("harbour-atom.xml", "application/atom+xml", "atom", "Harbour Dispatch", "https://harbour-dispatch.example/"),
        ("harbour-atom.xml", "", "atom", "Harbour Dispatch", "https://harbour-dispatch.example/"),
        ("northgate-feed.json", "application/feed+json", "json", "Northgate Wire", "https://northgate-wire.example/"),
        ("northgate-feed.json", "application/json", "json", "Northgate Wire", "https://northgate-wire.example/"),
        ("northgate-feed-1.0.json", "", "json", "Northgate Wire (legacy)", "https://northgate-wire.example/"),
    ],
)
def test_feed_kinds_and_metadata(name, content_type, kind, title, site):
    feed = parse_feed(fixture_bytes(name), FEED_URL, content_type)
    assert (feed.kind, feed.title, feed.site_url) == (kind, title, site)
    assert sniff_kind(fixture_bytes(name), content_type) == kind


@pytest.mark.parametrize(
    "name, index, field, expected",
    [
        # RSS: content:encoded wins over description; dc:creator; date in the feed's zone
        ("ledger-rss.xml", 0, "url", "https://velmora-ledger.example/2025/04/fishing-talks-resume"),
        ("ledger-rss.xml", 0, "author", "Marta Quell"),
        ("ledger-rss.xml", 0, "published", "2025-04-28"),  # 23:30 -0500 is 04:30 UTC next day
        ("ledger-rss.xml", 0, "id", "ledger-4411"),
        ("ledger-rss.xml", 0, "summary", "Negotiators will meet again in Port Sallow next week."),
        # relative link resolved against the feed's URL; "mail (Name)" author form
        ("ledger-rss.xml", 1, "url", "https://velmora-ledger.example/2025/04/harbour-strike"),
        ("ledger-rss.xml", 1, "title", "Harbour workers' strike enters second week"),
        ("ledger-rss.xml", 1, "author", "Jonas Emmerich"),
        ("ledger-rss.xml", 1, "published", "2025-04-26"),
        ("ledger-rss.xml", 1, "summary", "Dock unions in Velmora say the port authority has not answered their demands."),
        ("ledger-rss.xml", 1, "content", None),
        ("ledger-rss.xml", 2, "url", None),
        # Atom
        ("harbour-atom.xml", 0, "url", "https://harbour-dispatch.example/news/lighthouse-treaty"),
        ("harbour-atom.xml", 0, "published", "2025-04-29"),
        ("harbour-atom.xml", 0, "author", "Priya Olsted"),
        ("harbour-atom.xml", 1, "url", "https://velmora-ledger.example/feeds/news/ferry-fares"),
        ("harbour-atom.xml", 1, "published", "2025-04-27"),  # only <updated>
        # JSON Feed 1.1 / 1.0
        ("northgate-feed.json", 0, "published", "2025-04-30"),  # 22:10 -04:00, not the UTC date
        ("northgate-feed.json", 0, "author", "Ida Brenner"),
        ("northgate-feed.json", 1, "url", "https://velmora-ledger.example/2025/04/fishing-talks-resume"),
        ("northgate-feed.json", 1, "author", "Northgate Wire staff"),  # feed-level author
        ("northgate-feed.json", 2, "url", "https://velmora-ledger.example/stories/grain-prices"),
        ("northgate-feed.json", 2, "title", None),
        ("northgate-feed.json", 2, "published", "2025-04-27"),
        ("northgate-feed-1.0.json", 0, "author", "Northgate Wire desk"),
    ],
)
def test_entry_fields(name, index, field, expected):
    feed = parse_feed(fixture_bytes(name), FEED_URL)
    assert getattr(feed.entries[index], field) == expected


@pytest.mark.parametrize(
    "name, index, paragraphs, first_words, absent",
    [
        ("ledger-rss.xml", 0, 4, "Ostravia and Meridia agreed", "trackReader"),
        ("harbour-atom.xml", 0, 2, "Delegates from Ostravia", "<p>"),
        ("northgate-feed.json", 0, 2, "The Kessel Gap crossing", "&quot;"),
        ("northgate-feed.json", 1, 2, "Our partner paper", "\r"),
    ],
)
def test_entry_content_is_plain_text(name, index, paragraphs, first_words, absent):
    content = parse_feed(fixture_bytes(name), FEED_URL).entries[index].content
    assert content.startswith(first_words)
    assert content.count("\n") == paragraphs - 1
    assert absent not in content


@pytest.mark.parametrize(
    "fragment, expected",
    [
        ("<p>One.</p><p>Two.</p>", "One.\nTwo."),
        ("<div>A<br>B</div>", "A\nB"),
        ("<p>Tom &amp; Jerry &#8220;met&#8221;</p>", "Tom & Jerry \u201cmet\u201d"),
        ("<p>x</p><script>var p = '<p>';</script><style>p{}</style><p>y</p>", "x\ny"),
        ("<p>  spread\n  over   lines </p>", "spread over lines"),
        ("plain words", "plain words"),
        ("", ""),
    ],
)
def test_html_to_text(fragment, expected):
    assert html_to_text(fragment) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Mon, 28 Apr 2025 23:30:00 -0500", "2025-04-28"),
        ("Tue, 29 Apr 2025 01:00:00 GMT", "2025-04-29"),
        ("2025-04-29T00:45:00+03:00", "2025-04-29"),
        ("2025-04-30T22:10:00Z", "2025-04-30"),
        ("2025-04-30", "2025-04-30"),
        ("2025-04-30 nonsense", "2025-04-30"),
        ("last Tuesday", None),
        ("Tue, 29 Apr 2025 01:00:00 99999999999999999999999999", None),  # fuzzing found it
        ("", None),
        (None, None),
    ],
)
def test_feed_date(value, expected):
    assert feed_date(value) == expected


@pytest.mark.parametrize(
    "words, field, full",
    [
        (FULL_TEXT_WORDS, "content", True),
        (FULL_TEXT_WORDS - 1, "content", False),
        (FULL_TEXT_WORDS, "summary", True),
        (10, "summary", False),
    ],
)
def test_full_text_threshold(words, field, full):
    entry = FeedEntry(url="https://x.example/a", **{field: " ".join(["word"] * words)})
    assert (entry.full_text is not None) is full


@pytest.mark.parametrize(
    "content, content_type",
    [
        (b"<!DOCTYPE html><html><body><p>No feed. Not even <rss> here.</p></body></html>", "text/html"),
        (b'{"version": "2", "items": []}', "application/json"),
        (b"just text", "text/plain"),
        (b"", ""),
    ],
)
def test_not_a_feed(content, content_type):
    assert sniff_kind(content, content_type) is None
    with pytest.raises(InputError, match="not"):
        parse_feed(content, "https://x.example/page", content_type)


@pytest.mark.parametrize(
    "document, reason",
    [
        ("{broken", "not valid JSON"),
        ('{"version": "https://jsonfeed.org/version/1.1"}', "without an items list"),
        ('["https://jsonfeed.org/version/1.1"]', "not a JSON Feed"),
    ],
)
def test_bad_json_feed(document, reason):
    with pytest.raises(InputError, match=reason):
        parse_json_feed(document, "https://x.example/feed.json")


def test_json_feed_skips_non_object_items():
    doc = {"version": "https://jsonfeed.org/version/1.1", "items": [1, "x", {"id": "a", "url": "/a"}]}
    feed = parse_json_feed(json.dumps(doc).encode(), "https://x.example/feed.json")
    assert [e.url for e in feed.entries] == ["https://x.example/a"]


def test_bytes_naming_a_local_file_are_not_opened(tmp_path):
    secret = tmp_path / "secret.xml"
    secret.write_text("<rss version='2.0'><channel><title>LEAK</title></channel></rss>")
    with pytest.raises(InputError):
        parse_feed(str(secret).encode(), "https://x.example/feed", "application/rss+xml")


def test_find_feed_links_in_order():
    links = find_feed_links(fixture_bytes("ledger-home.html").decode(), "https://velmora-ledger.example/")
    assert [(link.url, link.type, link.title) for link in links] == [
        ("https://velmora-ledger.example/feeds/diplomacy.rss", "application/rss+xml", "Diplomacy"),
        ("https://velmora-ledger.example/feeds/all.atom", "application/atom+xml", "Everything (Atom)"),
        ("https://velmora-ledger.example/feeds/all.json", "application/feed+json", "JSON"),
    ]


def test_find_feed_links_respects_base_href():
    html = '<head><base href="https://cdn.example/site/"><link rel="alternate feed" type="application/atom+xml" href="a.xml"></head>'
    assert [link.url for link in find_feed_links(html, "https://site.example/")] == ["https://cdn.example/site/a.xml"]


@pytest.fixture
def fetcher():
    with Fetcher(allow_private=True, min_delay=0, timeout=2.0) as f:
        yield f


def test_discover_from_link(fetcher):
    with CannedServer({"/": Reply(200, fixture_bytes("ledger-home.html"), {"Content-Type": "text/html"})}) as srv:
        link = discover_feed(srv.url("/"), fetcher)
        assert link.url == srv.url("/feeds/diplomacy.rss")
        assert srv.paths() == ["/"]  # declared feed: no guessing


@pytest.mark.parametrize("path", ["/feed", "/rss.xml", "/atom.xml", "/feed.json"])
def test_discover_falls_back_to_usual_places(fetcher, path):
    feed = "northgate-feed.json" if path.endswith(".json") else "ledger-rss.xml"
    routes = {
        "/": Reply(200, fixture_bytes("plain-home.html"), {"Content-Type": "text/html"}),
        path: Reply(200, fixture_bytes(feed), {"Content-Type": "application/octet-stream"}),
    }
    with CannedServer(routes) as srv:
        link = discover_feed(srv.url("/"), fetcher)
        assert link.url == srv.url(path)
        assert srv.paths()[-1] == path


def test_discover_on_a_feed_url_returns_it(fetcher):
    routes = {"/atom.xml": Reply(200, fixture_bytes("harbour-atom.xml"), {"Content-Type": "application/atom+xml"})}
    with CannedServer(routes) as srv:
        assert discover_feed(srv.url("/atom.xml"), fetcher).url == srv.url("/atom.xml")


def test_discover_nothing_found(fetcher):
    routes = {"/": Reply(200, fixture_bytes("plain-home.html"), {"Content-Type": "text/html"})}
    with CannedServer(routes) as srv:
        with pytest.raises(InputError, match="no feed found"):
            discover_feed(srv.url("/"), fetcher)
        assert srv.paths() == ["/", "/feed", "/rss.xml", "/atom.xml", "/feed.json"]


def test_discover_page_error(fetcher):
    with CannedServer() as srv, pytest.raises(FetchError, match="HTTP 404"):
        discover_feed(srv.url("/missing"), fetcher)


def test_an_item_whose_link_is_no_string_has_no_url():
    """A malformed item ("<links …>" nested in it) makes feedparser give a dict as the
    entry's link; the entry keeps its title and has no URL instead of failing the feed
    (found by the coverage-guided fuzzer)."""
    data = (b'<rss version="2.0"><channel><title>Tamsel Post</title>'
            b'<item><title>Ferry times</title><links version="2.0"><channel>'
            b'<link>https://tamsel-post.example/</link></channel></links></item>'
            b'<item><title>Weir repairs</title><link>https://tamsel-post.example/weir</link></item>'
            b'</channel></rss>')
    feed = parse_feed(data, "https://tamsel-post.example/feed", "application/rss+xml")
    assert [(e.title, e.url) for e in feed.entries] == [
        ("Ferry times", None), ("Weir repairs", "https://tamsel-post.example/weir")]
