"""Find a site's feed from its home page.

First the page's own ``<link rel="alternate" type="application/rss+xml|atom+xml|feed+json">``
declarations, in document order; only when there are none, the usual locations
(``/feed``, ``/rss.xml``, ``/atom.xml``, ``/feed.json``) are tried one by one, so a site that
declares its feed costs a single request.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin

from parley.errors import FetchError, InputError
from parley.ingest.feeds import Feed, join_url, parse_feed, sniff_kind
from parley.ingest.fetch import Fetcher, FetchResult

#: Link types that announce a feed (application/json appears on some JSON Feed sites).
FEED_LINK_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/rdf+xml",
    "application/json",
)
FALLBACK_PATHS = ("/feed", "/rss.xml", "/atom.xml", "/feed.json")


@dataclass(frozen=True, slots=True)
class FeedLink:
    """A feed a page points to."""

    url: str
    type: str
    title: str | None = None


class _LinkFinder(HTMLParser):
    def __init__(self, base_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.links: list[FeedLink] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k.lower(): (v or "").strip() for k, v in attrs}
        if tag == "base" and attr.get("href"):
            self.base_url = join_url(self.base_url, attr["href"]) or self.base_url
        if tag != "link" or "alternate" not in attr.get("rel", "").lower().split():
            return
        media = attr.get("type", "").lower().split(";")[0].strip()
        if media in FEED_LINK_TYPES and attr.get("href"):
            url = join_url(self.base_url, attr["href"])
            if url and url not in (link.url for link in self.links):
                self.links.append(FeedLink(url, media, attr.get("title") or None))

    handle_startendtag = handle_starttag


def find_feed_links(html: str, base_url: str) -> list[FeedLink]:
    """Feeds declared by ``<link rel="alternate">`` in ``html``, absolute, in document order."""
    finder = _LinkFinder(base_url)
    try:
        finder.feed(html)
        finder.close()
    except AssertionError:  # html.parser asserts on a malformed "<![" section (CPython < 3.13)
        pass  # the links found before it
    return finder.links


def discover_feed(url: str, fetcher: Fetcher) -> FeedLink:
    """The feed for ``url``: the URL itself if it is a feed, else the page's first feed link."""
    return _discover(url, fetcher)[0]


def find_feed(url: str, fetcher: Fetcher) -> Feed:
    """Discover the feed for ``url`` (a feed or a site's page), fetch it and parse it."""
    link, result = _discover(url, fetcher)
    if result is None:
        result = fetcher.fetch(link.url)
        if result.retry_later:
            raise FetchError(f"{link.url}: the server asks to retry later (HTTP {result.status})")
    feed = parse_feed(result.content, result.final_url, result.content_type)
    if not feed.title and link.title:
        feed.title = link.title
    return feed


def _discover(url: str, fetcher: Fetcher) -> tuple[FeedLink, FetchResult | None]:
    """The feed link for ``url``, with the feed's response when it was already fetched."""
    page = fetcher.fetch(url)
    if page.retry_later:
        raise FetchError(f"{url}: the server asks to retry later (HTTP {page.status})")
    kind = sniff_kind(page.content, page.content_type)
    if kind:
        return FeedLink(page.final_url, _media_of(kind)), page
    links = find_feed_links(page.text(), page.final_url)
    if links:
        return links[0], None
    for path in FALLBACK_PATHS:
        candidate = urljoin(page.final_url, path)
        try:
            result = fetcher.fetch(candidate)
        except FetchError:
            continue  # 404 and friends: try the next usual place
        kind = sniff_kind(result.content, result.content_type)
        if kind and not result.retry_later:
            return FeedLink(result.final_url, _media_of(kind)), result
    tried = ", ".join(FALLBACK_PATHS)
    raise InputError(url, f"no feed found (no <link rel=\"alternate\"> feed, nothing at {tried})")


def _media_of(kind: str) -> str:
    return {"rss": "application/rss+xml", "atom": "application/atom+xml"}.get(
        kind, "application/feed+json"
    )
