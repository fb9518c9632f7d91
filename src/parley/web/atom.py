"""Atom twins of the list pages (RFC 4287), built from the same dict the page renders.

``render(..., feed=True)`` answers a ``.atom`` URL (or ``Accept: application/atom+xml``)
with ``atom_response``. One entry per item of the page's list, in the page's order:

========== ===================================================================
page kind  entries
========== ===================================================================
latest     ``articles``
actor      ``statements`` (quotes), then ``positions`` (the current stance per issue)
issue      ``changes`` (position changes, newest first)
timeline   ``events``
search     ``articles`` or ``quotes``
========== ===================================================================

Entry ids are the absolute URL of the fact on the hub (``…/articles/8#quote-92``), so a
quote has the same id in every feed it appears in and keeps it across requests; links are
absolute against ``base_url``. The XML is written with the standard library's
ElementTree (escaping is its job); text goes into ``type="text"`` elements, never markup.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from parley import __version__

ATOM_NS = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml"
#: ``updated`` of a feed with no entries (RFC 4287 requires one; nothing was ever updated).
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_TITLE_CHARS = 120


@dataclass(slots=True)
class Entry:
    """One Atom entry: what a feed reader shows for one item of a list page."""

    id: str
    title: str
    updated: datetime
    link: str  # the page on the hub
    content: str
    author: str | None = None
    author_uri: str | None = None
    source_url: str | None = None  # the original article, when it is an http(s) link
    published: datetime | None = None
    categories: list[str] = field(default_factory=list)


def parse_date(value: Any) -> datetime | None:
    """A UTC datetime from an ISO date or timestamp ("2025-03", "2025-03-28", "...T09:21Z")."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        match = _DATE.match(value)
        if not match:
            return None
        year, month, day = (int(g) if g else 1 for g in match.groups())
        try:
            parsed = datetime(year, month, day)
        except ValueError:
            return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _clip(text: str, limit: int = _TITLE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _http(url: Any) -> str | None:
    return url if isinstance(url, str) and url.lower().startswith(("http://", "https://")) else None


class _Builder:
    """Turns the items of a page dict into entries, with absolute links on ``base``."""

    def __init__(self, base: str):
        self.base = base.rstrip("/")

    def url(self, path: str) -> str:
        return self.base + path

    def actor_uri(self, actor_id: Any) -> str | None:
        return self.url(f"/actors/{actor_id}") if actor_id else None

    def _dated(self, *values: Any) -> datetime:
        for value in values:
            found = parse_date(value)
            if found is not None:
                return found
        return EPOCH

    def article(self, art: dict[str, Any], summary: str) -> Entry:
        page = self.url(f"/articles/{art['id']}")
        return Entry(id=page, title=art.get("title") or "(untitled)",
                     updated=self._dated(art.get("published"), art.get("first_seen")),
                     published=parse_date(art.get("published")), link=page,
                     content=summary, author=art.get("site") or None,
                     source_url=_http(art.get("url")))

    def latest(self, item: dict[str, Any]) -> Entry:
        top = item.get("top_quote")
        summary = f"{top['speaker']}: “{top['text']}”" if top else (item.get("title") or "")
        return self.article(item, summary)

    def hit(self, item: dict[str, Any]) -> Entry:
        return self.article(item["article"], item.get("snippet") or "")

    def quote(self, item: dict[str, Any]) -> Entry:
        art, speaker = item["article"], item["speaker"]["name"]
        text = item["content"]["text"]
        cue = (item.get("cue") or {}).get("text")
        told = f"{speaker} ({cue})" if cue else speaker
        return Entry(
            id=self.url(f"/articles/{art['id']}#quote-{item['id']}"),
            title=f"{speaker}: “{_clip(text, _TITLE_CHARS - len(speaker) - 4)}”",
            updated=self._dated(art.get("published")), published=parse_date(art.get("published")),
            link=self.url(f"/articles/{art['id']}"),
            content=f"{told}: “{text}”\n\nIn: {art.get('title') or '(untitled)'}",
            author=speaker, author_uri=self.actor_uri(item.get("speaker_actor_id")),
            source_url=_http(art.get("url")), categories=["quote"])

    def stance(self, step: dict[str, Any]) -> Entry:
        art = step.get("article")
        change = f", was {step['previous']}" if step.get("changed") and step.get("previous") else ""
        title = f"{step['actor']}: {step['stance']} on {step['issue']}{change}"
        anchor = f"#stance-{step['stance_id']}"
        link = (self.url(f"/articles/{art['id']}") if art else self.url(f"/issues/{step['issue']}"))
        content = title + (f"\n\n“{step['evidence']}”" if step.get("evidence") else "")
        if art:
            content += f"\n\nIn: {art.get('title') or '(untitled)'}"
        return Entry(id=link + anchor, title=title,
                     updated=self._dated(step.get("date"), (art or {}).get("published")),
                     link=link, content=content, author=step["actor"],
                     author_uri=self.actor_uri(step.get("actor_id")),
                     categories=["stance", step["issue"], step["stance"]]
                     + (["position change"] if step.get("changed") else []))

    def position(self, item: dict[str, Any]) -> Entry:
        return self.stance(item["current"])

    def event(self, item: dict[str, Any]) -> Entry:
        art = item["article"]
        who = ", ".join(item.get("actors") or []) or "someone"
        to = ", ".join(item.get("recipients") or [])
        title = f"{item.get('kind') or 'event'}: {who}" + (f" with {to}" if to else "")
        if item.get("place"):
            title += f" in {item['place']}"
        return Entry(
            id=self.url(f"/articles/{art['id']}#event-{item['id']}"), title=title,
            updated=self._dated(item.get("date"), art.get("published")),
            link=self.url(f"/articles/{art['id']}"),
            content=f"{title} ({item.get('date') or 'undated'})\n\n“{item['evidence']['text']}”"
                    f"\n\nIn: {art.get('title') or '(untitled)'}",
            author=item["actors"][0] if item.get("actors") else None,
            source_url=_http(art.get("url")),
            categories=[c for c in ("event", item.get("kind"), item.get("plover")) if c])


#: Per page kind: the lists that become entries, in page order, and how.
_LISTS: dict[str, list[tuple[str, Callable[[_Builder, dict], Entry]]]] = {
    "latest": [("articles", _Builder.latest)],
    "actor": [("statements", _Builder.quote), ("positions", _Builder.position)],
    "issue": [("changes", _Builder.stance)],
    "timeline": [("events", _Builder.event)],
    "search": [("articles", _Builder.hit), ("quotes", _Builder.quote)],
}


def entries(data: dict[str, Any], base: str) -> Iterator[Entry]:
    """The entries of a page dict, in the page's order (nothing for a kind without a feed)."""
    builder = _Builder(base)
    for key, build in _LISTS.get(data.get("kind", ""), []):
        for item in data.get(key) or []:
            yield build(builder, item)


def feed_title(data: dict[str, Any], site: str) -> str:
    """The feed's title, from the page's subject."""
    kind = data.get("kind")
    if kind == "actor":
        return f"{site}: {data['actor']['name']}"
    if kind == "issue":
        issue = data["issue"]
        return f"{site}: {issue.get('proposition') or issue['slug']}"
    if kind == "timeline":
        who = data.get("actor")
        return f"{site}: events" + (f" with {who['name']}" if who else "")
    if kind == "search":
        return f"{site}: {data.get('scope', 'articles')} matching {data.get('query', '')!r}"
    return f"{site}: latest articles"


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    child = ET.SubElement(parent, tag, attrs)
    child.text = text
    return child


def _link(parent: ET.Element, href: str, rel: str = "alternate", media: str | None = None) -> None:
    attrs = {"href": href, "rel": rel}
    if media:
        attrs["type"] = media
    ET.SubElement(parent, "link", attrs)


def _entry(feed: ET.Element, e: Entry) -> None:
    node = ET.SubElement(feed, "entry")
    _text(node, "id", e.id)
    _text(node, "title", e.title, type="text")
    _text(node, "updated", _stamp(e.updated))
    if e.published:
        _text(node, "published", _stamp(e.published))
    if e.author:
        author = ET.SubElement(node, "author")
        _text(author, "name", e.author)
        if e.author_uri:
            _text(author, "uri", e.author_uri)
    _link(node, e.link, media="text/html")
    if e.source_url:
        _link(node, e.source_url, rel="related")
    for term in dict.fromkeys(e.categories):
        ET.SubElement(node, "category", {"term": term})
    _text(node, "content", e.content, type="text")


def atom_document(data: dict[str, Any], *, base: str, self_path: str, page_path: str,
                  site: str = "parley") -> bytes:
    """The Atom feed of a page dict: ``self_path`` is the feed's own URL, ``page_path`` its page's."""
    base = base.rstrip("/")
    items = list(entries(data, base))
    feed = ET.Element("feed", {"xmlns": ATOM_NS})  # plain names in the default namespace
    _text(feed, "id", base + page_path)
    _text(feed, "title", feed_title(data, site), type="text")
    _text(feed, "updated", _stamp(max((e.updated for e in items), default=EPOCH)))
    _text(ET.SubElement(feed, "author"), "name", site)
    _text(feed, "generator", "parley", version=__version__)
    _link(feed, base + self_path, rel="self", media=MEDIA_TYPE)
    _link(feed, base + page_path, media="text/html")
    next_url = (data.get("pagination") or {}).get("next_url")
    if next_url:
        _link(feed, base + atom_path(next_url), rel="next", media=MEDIA_TYPE)
    for e in items:
        _entry(feed, e)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def atom_path(page_url: str) -> str:
    """The Atom twin of a local page URL (``/actors/3?offset=20`` → ``/actors/3.atom?offset=20``)."""
    path, q, query = page_url.partition("?")
    path = "/index.atom" if path in ("", "/") else path + ".atom"
    return path + q + query


def atom_response(request: Request, data: dict[str, Any], *, status_code: int = 200,
                  headers: dict[str, str] | None = None) -> Response:
    """The Atom twin of the page ``data`` for ``request``."""
    query = request.url.query
    page_path = request.url.path + (f"?{query}" if query else "")
    body = atom_document(data, base=request.app.state.settings.base_url,
                         self_path=atom_path(page_path), page_path=page_path,
                         site=request.app.state.site_name)
    return Response(body, status_code=status_code, headers=headers,
                    media_type=f"{MEDIA_TYPE}; charset=utf-8")
