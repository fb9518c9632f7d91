"""Tests for parley.ingest.opml: nested import, malformed files, OPML 2.0 export."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import defusedxml.ElementTree as SafeET
import pytest

from parley.errors import InputError
from parley.ingest.opml import OpmlFeed, parse_opml, read_opml, write_opml

FEEDS = Path(__file__).resolve().parent / "fixtures" / "feeds"


def test_nested_outlines():
    feeds = read_opml(FEEDS / "subscriptions.opml")
    assert feeds == [
        OpmlFeed(
            "https://velmora-ledger.example/feeds/diplomacy.rss",
            "Ledger diplomacy",
            "https://velmora-ledger.example/",
            "Diplomacy",
        ),
        OpmlFeed("https://harbour-dispatch.example/atom.xml", "Harbour Dispatch", None, "Diplomacy/Europe"),
        OpmlFeed(
            "https://northgate-wire.example/feed.json",
            "Northgate Wire",
            "https://northgate-wire.example/",
            None,
        ),
    ]


@pytest.mark.parametrize(
    "name, reason",
    [
        ("broken.opml", r"not well-formed XML \(line 6, column 5\)"),
        ("laughs.opml", "EntitiesForbidden"),
        ("not-opml.xml", r"not an OPML file \(root element is <rss>\)"),
        ("no-such-file.opml", "No such file"),
    ],
)
def test_bad_files(name, reason):
    with pytest.raises(InputError, match=reason) as info:
        read_opml(FEEDS / name)
    assert info.value.source.endswith(name)


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "empty OPML"),
        ("   \n", "empty OPML"),
        ('<opml version="2.0"><head/></opml>', "without a <body>"),
        ("<opml><body><outline", "not well-formed"),
        ("not xml at all", "not well-formed"),
    ],
)
def test_bad_text(text, reason):
    with pytest.raises(InputError, match=reason):
        parse_opml(text, "inline")


def test_outline_without_xmlurl_is_a_folder_only():
    text = '<opml version="1.0"><body><outline text="Only a folder"/></body></opml>'
    assert parse_opml(text) == []


def test_export_is_valid_opml_2_and_round_trips():
    feeds = read_opml(FEEDS / "subscriptions.opml")
    text = write_opml(feeds, title="Desk & friends")
    root = SafeET.fromstring(text.encode())
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.find("head/title").text == "Desk & friends"
    outlines = root.findall("body/outline")
    assert [o.get("xmlUrl") for o in outlines] == [f.url for f in feeds]
    assert all(o.get("type") == "rss" and o.get("text") for o in outlines)
    again = parse_opml(text)
    assert [(f.url, f.title, f.site_url) for f in again] == [(f.url, f.title, f.site_url) for f in feeds]


@pytest.mark.parametrize(
    "created, has_date",
    [(None, False), (datetime(2025, 4, 28, 9, 30, tzinfo=UTC), True)],
)
def test_export_is_deterministic(created, has_date):
    feeds = [OpmlFeed("https://a.example/feed", None), OpmlFeed("https://b.example/rss", "B <&> \"news\"")]
    first = write_opml(feeds, created=created)
    assert first == write_opml(feeds, created=created)
    assert ("<dateCreated>Mon, 28 Apr 2025 09:30:00 GMT</dateCreated>" in first) is has_date
    parsed = parse_opml(first)
    assert [f.title for f in parsed] == ["https://a.example/feed", 'B <&> "news"']
