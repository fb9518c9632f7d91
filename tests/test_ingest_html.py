"""Web pages to articles: body, metadata, boilerplate left out, no network."""

from __future__ import annotations

import socket

import pytest

from conftest import FIXTURES
from parley.errors import InputError
from parley.ingest.html import (
    _is_byline,
    _is_timestamp,
    article_from_html,
    default_doc_id,
    has_body,
)

INGEST = FIXTURES / "ingest"
BRIDGE = (INGEST / "bridge_talks.html").read_bytes()

LEVY = """<html><head><title>Harbour levy dropped</title>
<meta name="author" content="Ana Lind"></head><body>
<nav><a href="/">Home</a> <a href="/port">Port</a></nav>
<article><h1>Harbour levy dropped</h1>
<p>By Ana Lind and Ivo Marr</p><p>Updated: Fri 14 March 2025, 09:40 GMT</p>
<p>Port director Oskar Brandt said on Thursday that the levy on fishing boats would be
dropped from April.</p>
<p>\u201cThis was never about the fishermen,\u201d Brandt told the Harbour Gazette.</p>
<p>By Friday, the harbour board had already written to every licence holder in the district.</p>
</article></body></html>"""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any attempt to open a connection or resolve a name."""

    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_body_and_metadata(no_network: None) -> None:
    art = article_from_html(BRIDGE, "pages/bridge_talks.html")
    assert art.title == "Keldmoor agrees to reopen Aske bridge"
    assert (art.author, art.site, art.published) == ("Tomas Reed", "Keldmoor Courier", "2025-03-14")
    assert art.url == "https://courier.example/news/2025/03/aske-bridge-reopens"
    assert (art.doc_id, art.source) == ("bridge_talks", "pages/bridge_talks.html")
    paragraphs = art.text.split("\n")
    assert paragraphs[0].startswith("Mayor Ilse Varga said, \u201cWe will reopen the bridge on Monday.\u201d")
    assert paragraphs[-1].endswith("lorries would stay banned until the summer.")
    assert len(paragraphs) == 4 and "\n\n" not in art.text
    assert "voted nine to four on Thursday evening" in art.text  # line breaks inside <p> joined


@pytest.mark.parametrize(
    "left_out",
    ["Keldmoor agrees to reopen", "Subscribe", "Discover more", "Related stories",
     "Ferry timetable", "All rights reserved", "Politics", "Weather", "Privacy", "Type your email"],
)
def test_site_furniture_left_out(left_out: str) -> None:
    assert left_out not in article_from_html(BRIDGE, "bridge_talks.html").text


def test_byline_and_timestamp_marked_as_boilerplate() -> None:
    art = article_from_html(LEVY, "levy.html")
    marked = [art.text[s:e] for s, e in art.boilerplate]
    assert marked == ["By Ana Lind and Ivo Marr", "Updated: Fri 14 March 2025, 09:40 GMT"]
    assert "By Friday, the harbour board" in art.text  # prose, not marked


@pytest.mark.parametrize(
    ("line", "author", "expected"),
    [
        ("By Tomas Reed", None, True),
        ("By Ana Lind and Ivo Marr in Dorsk", None, True),
        ("Tomas Reed", "Tomas Reed", True),
        ("by tomas reed", "Tomas Reed", True),
        ("By Friday, the talks had collapsed.", None, False),
        ("By March", None, False),
        ("By contrast the port stayed open", None, False),
        ("Bystanders said the bridge shook", None, False),
    ],
)
def test_is_byline(line: str, author: str | None, expected: bool) -> None:
    assert _is_byline(line, author) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Published 14 March 2025", True),
        ("Updated: Fri 14 March 2025, 09:40 GMT", True),
        ("2025-03-14T09:30:00Z", True),
        ("March 14, 2025", True),
        ("The talks on 14 March 2025 ended without a deal.", False),
        ("Published by the harbour board", False),
        ("In 2025 the levy rose", False),
    ],
)
def test_is_timestamp(line: str, expected: bool) -> None:
    assert _is_timestamp(line) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("News\nPolitics\nSport\nWeather", False),
        ("Subscribe to get the latest posts sent to your email.", False),
        ("Discover more from Keldmoor Courier\nSubscribe to get the latest posts sent to your email.", False),
        ("Home\nPort director Oskar Brandt said the levy would be dropped.", True),
    ],
)
def test_has_body(text: str, expected: bool) -> None:
    assert has_body(text) is expected


@pytest.mark.parametrize(
    "markup",
    [
        (INGEST / "no_body.html").read_bytes(),
        b"<html><head><title>Empty</title></head><body></body></html>",
        "<html><body><aside><p>Subscribe to get the latest posts sent to your email.</p></aside></body></html>",
        "<html><body><nav><a href='/a'>News</a> <a href='/b'>Sport</a></nav></body></html>",
    ],
    ids=["fixture", "empty-body", "newsletter-only", "nav-only"],
)
def test_no_article_body(markup: str | bytes) -> None:
    with pytest.raises(InputError) as info:
        article_from_html(markup, "page.html")
    assert str(info.value) == "page.html: no article body found"


def test_empty_page() -> None:
    with pytest.raises(InputError) as info:
        article_from_html(b"   ", "blank.html")
    assert info.value.reason == "empty file"


def test_encoding_from_meta_charset() -> None:
    page = BRIDGE.decode("utf-8").replace('charset="utf-8"', 'charset="windows-1252"')
    art = article_from_html(page.encode("cp1252"), "cp1252.html")
    assert "The river authority\u2019s chair, Mirela Dusk," in art.text
    assert "\ufffd" not in art.text


def test_undeclared_legacy_encoding_falls_back_to_cp1252() -> None:
    page = BRIDGE.decode("utf-8").replace('<meta charset="utf-8">', "")
    art = article_from_html(page.encode("cp1252"), "legacy.html")
    assert "engineers\u2019 report" in art.text


def test_arguments_override_page(no_network: None) -> None:
    art = article_from_html(BRIDGE, "feed entry", "https://mirror.example/a/b/bridge.html",
                            doc_id="courier-1", published="2025-03-15")
    assert (art.url, art.doc_id, art.published) == ("https://mirror.example/a/b/bridge.html", "courier-1", "2025-03-15")


def test_fragment_without_document() -> None:
    art = article_from_html("<p>Port director Oskar Brandt said the levy would go in April.</p>", "frag")
    assert art.text == "Port director Oskar Brandt said the levy would go in April."


def test_extracted_text_over_limit() -> None:
    with pytest.raises(InputError) as info:
        article_from_html(BRIDGE, "bridge.html", max_chars=100)
    assert info.value.reason.startswith("too long: ")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("https://courier.example/news/aske-bridge.html", "aske-bridge"),
        ("https://courier.example/news/aske-bridge/", "aske-bridge"),
        ("pages/story.htm", "story"),
        ("https://courier.example/", None),
    ],
)
def test_default_doc_id(source: str, expected: str | None) -> None:
    got = default_doc_id(source)
    if expected is None:
        assert len(got) == 12 and got == default_doc_id(source)  # a stable hash
    else:
        assert got == expected


