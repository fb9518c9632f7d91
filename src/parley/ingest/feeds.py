"""Read RSS 2.0, Atom and JSON Feed documents into ``Feed`` / ``FeedEntry`` records.

RSS and Atom go through feedparser (which also reads RSS 0.9x/1.0). feedparser does not read
JSON Feed, so versions 1.0 and 1.1 are parsed here. Entry text arrives as HTML fragments;
``html_to_text`` turns them into plain text with one paragraph per line, the shape the
page extractor (``parley.ingest.html``) produces, so an article reads the same whether its
text came from the page or, as a fallback, from the feed.

Publication dates are kept in the feed's own time zone: "Mon, 28 Apr 2025 23:30 -0500" is
2025-04-28, the date the newsroom printed, which is the right anchor for "on Friday".
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

import feedparser

from parley.errors import InputError

#: Media types that are feeds whatever their content looks like.
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
    }
)
JSON_FEED_PREFIX = "https://jsonfeed.org/version/"
#: An entry body with at least this many words is taken as the full article text.
FULL_TEXT_WORDS = 150
_SNIFF = 2048


@dataclass(slots=True)
class FeedEntry:
    """One item of a feed."""

    url: str | None
    title: str | None = None
    published: str | None = None  # ISO date in the feed's own time zone
    author: str | None = None
    summary: str | None = None  # plain text
    content: str | None = None  # plain text of the full body, when the feed carries one
    id: str | None = None

    @property
    def full_text(self) -> str | None:
        """The entry's own text when it is long enough to stand for the article."""
        for text in (self.content, self.summary):
            if text and len(text.split()) >= FULL_TEXT_WORDS:
                return text
        return None


@dataclass(slots=True)
class Feed:
    """A parsed feed: its title, home page, kind and entries in document order."""

    url: str
    kind: str  # "rss", "atom" or "json"
    title: str | None = None
    site_url: str | None = None
    entries: list[FeedEntry] = field(default_factory=list)


class _TextExtractor(HTMLParser):
    """Collects text from an HTML fragment, paragraph by paragraph."""

    BLOCKS = frozenset(
        "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote tr table section article "
        "header footer figure figcaption pre hr dd dt".split()
    )
    SKIP = frozenset({"script", "style", "noscript", "template", "iframe", "svg"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._current: list[str] = []
        self._skipping = 0

    def _flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self._current)).strip()
        if text:
            self.paragraphs.append(text)
        self._current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skipping += 1
        elif tag in self.BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._current.append(data)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: one paragraph per line."""
    parser = _TextExtractor()
    try:
        parser.feed(fragment)
        parser.close()
    except AssertionError:  # html.parser asserts on a malformed "<![" section (CPython < 3.13)
        pass  # keep the text read up to there
    parser._flush()
    return "\n".join(parser.paragraphs)


def _plain(value: str | None, media_type: str | None = "text/html") -> str | None:
    """Plain text of a feed field that may hold HTML; None when empty."""
    if not value:
        return None
    if media_type and "html" not in media_type and "<" not in value:
        paragraphs = (re.sub(r"[ \t]+", " ", p).strip() for p in re.split(r"\n\s*\n", value))
        text = "\n".join(p for p in paragraphs if p)
    else:
        text = html_to_text(value)
    return text.strip() or None


def feed_date(value: str | None) -> str | None:
    """ISO date (YYYY-MM-DD) of an RFC 822 or RFC 3339 timestamp, in its own time zone."""
    if not value or not value.strip():
        return None
    value = value.strip()
    when: datetime | None = None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):  # a year of 30 digits overflows
        try:
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            match = re.match(r"(\d{4}-\d{2}-\d{2})", value)
            return match.group(1) if match else None
    return when.date().isoformat()


def sniff_kind(content: bytes, content_type: str = "") -> str | None:
    """'rss', 'atom' or 'json' when ``content`` looks like a feed, else None."""
    head = content[:_SNIFF].lstrip(b"\xef\xbb\xbf \t\r\n").decode("utf-8", "replace")
    lower = head.lower()
    if head.startswith("{"):
        return "json" if JSON_FEED_PREFIX in head else None
    if content_type in FEED_TYPES and content_type != "application/feed+json":
        return "atom" if "<feed" in lower else "rss"
    # A page that merely mentions "<rss" in a script is still a page.
    markers = [(lower.find(m), kind) for m, kind in (("<rss", "rss"), ("<rdf:rdf", "rss"), ("<feed", "atom"))]
    found = sorted((pos, kind) for pos, kind in markers if pos >= 0)
    if not found:
        return None
    html_at = lower.find("<html")
    pos, kind = found[0]
    return kind if html_at < 0 or pos < html_at else None


def parse_feed(content: bytes, url: str, content_type: str = "") -> Feed:
    """Parse an RSS, Atom or JSON Feed document; ``InputError`` when it is none of them."""
    kind = sniff_kind(content, content_type)
    if kind == "json" or (kind is None and content_type == "application/feed+json"):
        return parse_json_feed(content, url)
    if kind is None:
        raise InputError(url, "not an RSS, Atom or JSON feed")
    # A file object, never bytes: feedparser opens bytes that name a local file as that file.
    try:
        parsed = feedparser.parse(
            io.BytesIO(content),
            response_headers={"content-location": url, "content-type": content_type or "application/xml"},
            sanitize_html=False,  # we strip tags ourselves; feedparser's sanitiser costs time
            resolve_relative_uris=True,
        )
    except Exception as exc:  # feedparser's own bugs on odd input (a NUL in the encoding name)
        raise InputError(url, f"not a readable feed ({type(exc).__name__}: {exc})") from exc
    version = parsed.get("version") or ""
    if not version and not parsed.entries:
        reason = parsed.get("bozo_exception") or "no channel or entries"
        raise InputError(url, f"not a readable feed ({reason})")
    meta = parsed.feed
    feed = Feed(
        url=url,
        kind="atom" if version.startswith("atom") else "rss",
        title=_plain(meta.get("title"), meta.get("title_detail", {}).get("type")),
        site_url=meta.get("link") or None,
    )
    feed.entries = [_feedparser_entry(e, url) for e in parsed.entries]
    return feed


def _feedparser_entry(entry: Any, feed_url: str) -> FeedEntry:
    content = None
    for part in entry.get("content") or []:
        if part.get("value"):
            content = _plain(part["value"], part.get("type"))
            break
    summary_type = (entry.get("summary_detail") or {}).get("type")
    raw_date = entry.get("published") or entry.get("updated") or entry.get("created")
    # A malformed feed can give feedparser's link dict (or another non-string) as the link
    # or the id ("<links …>" inside an item): no URL then, rather than a crash.
    link = _text_value(entry.get("link"))
    guid = _text_value(entry.get("id"))
    if not link and guid and guid.startswith(("http://", "https://")):
        link = guid  # RSS guid with isPermaLink left to its default
    return FeedEntry(
        url=join_url(feed_url, link) if link else None,
        title=_plain(entry.get("title"), (entry.get("title_detail") or {}).get("type")),
        published=feed_date(raw_date),
        author=_author_name(entry.get("author")),
        summary=_plain(entry.get("summary"), summary_type),
        content=content,
        id=guid,
    )


def _text_value(value: Any) -> str | None:
    """``value`` when it is a non-empty string, else None."""
    return value if isinstance(value, str) and value else None


def join_url(base: str, link: str) -> str | None:
    """``link`` made absolute against ``base``; None for a malformed link ("http://[")."""
    try:
        return urljoin(base, link)
    except ValueError:
        return None


def _author_name(value: str | None) -> str | None:
    """The person's name from 'desk@site (Name)' or 'Name <mail>' forms."""
    if not value:
        return None
    match = re.match(r"^\S+@\S+\s+\((.+)\)$", value.strip())
    if match:
        return match.group(1).strip()
    return re.sub(r"\s*<[^>]*>\s*$", "", value).strip() or None


def _str(value: Any) -> str | None:
    """``value`` when it is a string, else None: JSON fields may hold any type."""
    return value if isinstance(value, str) else None


def parse_json_feed(content: bytes | str | dict[str, Any], url: str) -> Feed:
    """Parse a JSON Feed 1.0 or 1.1 document."""
    if isinstance(content, dict):
        data = content
    else:
        try:
            data = json.loads(content)
        except (ValueError, UnicodeDecodeError) as exc:
            raise InputError(url, f"not valid JSON ({exc})") from exc
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith(JSON_FEED_PREFIX):
        raise InputError(url, "not a JSON Feed (no jsonfeed.org version)")
    items = data.get("items")
    if not isinstance(items, list):
        raise InputError(url, "JSON Feed without an items list")
    feed_author = _json_author(data)
    feed = Feed(
        url=url,
        kind="json",
        title=_plain(_str(data.get("title")), "text/plain"),
        site_url=_str(data.get("home_page_url")) or None,
    )
    for item in items:
        if isinstance(item, dict):
            feed.entries.append(_json_entry(item, url, feed_author))
    return feed


def _json_author(obj: dict[str, Any]) -> str | None:
    authors = obj.get("authors")
    if isinstance(authors, list):  # 1.1
        names = [a["name"] for a in authors if isinstance(a, dict) and _str(a.get("name"))]
        if names:
            return ", ".join(names)
    author = obj.get("author")  # 1.0
    if isinstance(author, dict) and _str(author.get("name")):
        return author["name"]
    return None


def _json_entry(item: dict[str, Any], feed_url: str, feed_author: str | None) -> FeedEntry:
    link = _str(item.get("url")) or _str(item.get("external_url"))
    if _str(item.get("content_html")):
        content = _plain(item["content_html"])
    else:
        content = _plain(_str(item.get("content_text")), "text/plain")
    return FeedEntry(
        url=join_url(feed_url, link) if link else None,
        title=_plain(_str(item.get("title")), "text/plain"),
        published=feed_date(_str(item.get("date_published")) or _str(item.get("date_modified"))),
        author=_json_author(item) or feed_author,
        summary=_plain(_str(item.get("summary")), "text/plain"),
        content=content,
        id=str(item["id"]) if item.get("id") is not None else None,
    )
