"""Atom twins of the list pages: read with feedparser as a feed reader would, checked against
RFC 4287, entries in the page's order, discoverable from the HTML, conditional GET."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest
from fastapi.testclient import TestClient

from parley.config import Settings
from parley.store import Store
from parley.web.app import create_app
from parley.web.atom import atom_path, parse_date
from store_fixtures import simple_analysis
from web_support import HOSTILE_TITLE, hub, world_db  # noqa: F401

NS = {"a": "http://www.w3.org/2005/Atom"}
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
BASE = "http://127.0.0.1:8000"  # the default base_url of the test hub

#: (page URL, the page JSON's lists whose items become entries, in order)
FEEDS = [
    ("/", ["articles"]),
    ("/?limit=3", ["articles"]),
    ("/actors/{actor}", ["statements", "positions"]),
    ("/actors/{actor}?limit=2&offset=1", ["statements", "positions"]),
    ("/issues/ceasefire", ["changes"]),
    ("/timeline", ["events"]),
    ("/timeline?actor={actor}&limit=5", ["events"]),
    ("/search?q=ceasefire", ["articles"]),
    ("/search?q=ceasefire+-truce+from:2025-03", ["articles"]),
    ("/search?q=speaker:Malvic&in=quotes", ["quotes"]),
    ('/search?q="the+strait"+site:corvalen.example&in=quotes', ["quotes"]),
]


def _actor_id(hub) -> int:  # noqa: F811
    actors = hub.get("/actors.json?q=Teodora").json()["actors"]
    return actors[0]["id"]


def _item_key(item: dict) -> str:
    """What an entry id must name for a page item: its fact id (or the article's)."""
    if "current" in item:  # a position: its current stance
        return f"stance-{item['current']['stance_id']}"
    if "stance_id" in item:
        return f"stance-{item['stance_id']}"
    if "content" in item and "speaker" in item:
        return f"quote-{item['id']}"
    if "evidence" in item and "kind" in item:
        return f"event-{item['id']}"
    article = item.get("article", item)
    return f"articles/{article['id']}"


def _check_rfc4287(xml: bytes) -> ET.Element:
    """The feed's root, after checking the elements RFC 4287 requires on feed and entries."""
    root = ET.fromstring(xml)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    for node in [root, *root.findall("a:entry", NS)]:
        for tag in ("id", "title", "updated"):
            found = node.findall(f"a:{tag}", NS)
            assert len(found) == 1 and (found[0].text or "").strip(), (tag, ET.tostring(node)[:200])
        assert RFC3339.match(node.find("a:updated", NS).text)
        assert node.find("a:id", NS).text.startswith(("http://", "https://"))
        for link in node.findall("a:link", NS):
            assert link.get("href", "").startswith(("http://", "https://"))
    assert root.find("a:author/a:name", NS) is not None  # so entries need none of their own
    assert root.find("a:link[@rel='self']", NS) is not None
    ids = [e.find("a:id", NS).text for e in root.findall("a:entry", NS)]
    assert len(ids) == len(set(ids))
    return root


@pytest.mark.parametrize("page, lists", FEEDS)
def test_every_list_page_has_an_atom_twin_a_reader_accepts(hub, page, lists):  # noqa: F811
    page = page.format(actor=_actor_id(hub))
    data = hub.get(page, headers={"accept": "application/json"}).json()
    items = [item for key in lists for item in data[key]]
    answer = hub.get(atom_path(page))
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(answer.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    # Same number, same order as the page's first page.
    assert len(parsed.entries) == len(items)
    for entry, item in zip(parsed.entries, items, strict=True):
        assert entry.id.endswith(_item_key(item)), (entry.id, _item_key(item))
        assert entry.link.startswith(BASE + "/articles/") or entry.link.startswith(BASE + "/issues/")
        assert entry.updated_parsed is not None and entry.title
    _check_rfc4287(answer.content)
    # The page announces it to feed readers, and Accept negotiation gives the same feed.
    html = hub.get(page).text
    assert _same_url(_alternate(html), atom_path(page))
    assert hub.get(page, headers={"accept": "application/atom+xml"}).content == answer.content


def test_lists_that_are_not_empty_are_tested(hub):  # noqa: F811
    # Guards the parametrisation above: each feed kind has entries on this database.
    for page in ("/", f"/actors/{_actor_id(hub)}", "/issues/ceasefire", "/timeline",
                 "/search?q=ceasefire", "/search?q=speaker:Malvic&in=quotes"):
        assert feedparser.parse(hub.get(atom_path(page)).content).entries, page


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "alternate" and a.get("type") == "application/atom+xml":
            self.found.append(a["href"])


def _alternate(html: str) -> str:
    parser = _Links()
    parser.feed(html)
    assert len(parser.found) == 1, parser.found
    return parser.found[0]


def _same_url(a: str, b: str) -> bool:
    """Equal path and equal query parameters, whatever their order and escaping."""
    x, y = urlsplit(a), urlsplit(b)
    return x.path == y.path and parse_qs(x.query) == parse_qs(y.query)


def test_entries_carry_the_quote_its_speaker_and_the_article(hub):  # noqa: F811
    actor = _actor_id(hub)
    data = hub.get(f"/actors/{actor}.json").json()
    first = data["statements"][0]
    entry = feedparser.parse(hub.get(f"/actors/{actor}.atom").content).entries[0]
    assert entry.author == first["speaker"]["name"]
    assert first["content"]["text"] in entry.content[0].value
    assert entry.link == f"{BASE}/articles/{first['article']['id']}"
    assert {link.href for link in entry.links if link.rel == "related"} == {first["article"]["url"]}
    assert entry.updated_parsed[:3] == parse_date(first["article"]["published"]).timetuple()[:3]
    # The same quote has the same id in a search feed: readers see one item.
    quotes = feedparser.parse(hub.get("/search.atom?q=speaker:Malvic&in=quotes").content)
    assert entry.id in {e.id for e in quotes.entries}


def test_feeds_are_deterministic_and_text_stays_text(hub, world_db):  # noqa: F811
    first, second = hub.get("/index.atom").content, hub.get("/index.atom").content
    assert first == second
    titles = [e.title for e in feedparser.parse(first).entries]
    assert HOSTILE_TITLE in titles  # escaped by the XML writer, read back verbatim
    assert b"<script>" not in first


def test_pages_without_a_feed_have_no_atom_twin(hub):  # noqa: F811
    for page in ("/actors", "/issues", "/export", "/subscribe"):
        answer = hub.get(atom_path(page))
        assert answer.status_code == 404 and "Atom" in answer.text


def test_paged_feeds_link_the_next_page(hub):  # noqa: F811
    parsed = feedparser.parse(hub.get("/index.atom?limit=2").content)
    nxt = [link.href for link in parsed.feed.links if link.rel == "next"]
    assert len(nxt) == 1 and nxt[0].startswith(BASE + "/index.atom?limit=2&before=")
    following = feedparser.parse(hub.get(nxt[0][len(BASE):]).content)
    assert following.bozo == 0 and len(following.entries) == 2
    assert not {e.id for e in following.entries} & {e.id for e in parsed.entries}


def _stance_article(doc_id: str, day: str, polarity: str):
    text = f"Minister Ilse Korven spoke on {day}. She addressed the toll on the bridge."
    analysis = simple_analysis(doc_id, text, title=f"Korven on the toll, {day}", published=day,
                               stances=[("Ilse Korven", "bridge-toll", "addressed the toll")],
                               actor_names=["Ilse Korven"])
    stance = dataclasses.replace(analysis.stances[0], stance=polarity)
    return dataclasses.replace(analysis, stances=[stance])


def test_a_position_change_appears_in_the_issue_feed(tmp_path):
    store = Store.open(str(tmp_path / "hub.db"))
    store.save_analysis(_stance_article("k1", "2025-05-01", "oppose"))
    app = create_app(Settings(db=store.url, secret="s" * 20, base_url="https://hub.example.org"),
                     store, hooks=False)
    with TestClient(app) as client:
        before = client.get("/issues/bridge-toll.atom")
        assert feedparser.parse(before.content).entries == []  # a first stance is no change
        assert client.get("/issues/bridge-toll.atom", headers={
            "if-none-match": before.headers["etag"]}).status_code == 304
        store.save_analysis(_stance_article("k2", "2025-05-09", "support"))
        after = client.get("/issues/bridge-toll.atom",
                           headers={"if-none-match": before.headers["etag"]})
    store.close()
    assert after.status_code == 200 and after.headers["etag"] != before.headers["etag"]
    parsed = feedparser.parse(after.content)
    assert parsed.bozo == 0
    [entry] = parsed.entries
    assert entry.title == "Ilse Korven: support on bridge-toll, was oppose"
    assert entry.author == "Ilse Korven"
    assert "position change" in {t.term for t in entry.tags}
    assert entry.link.startswith("https://hub.example.org/articles/")
    assert entry.updated.startswith("2025-05-09")


@pytest.mark.parametrize(("value", "expected"), [
    ("2025-03-28", "2025-03-28T00:00:00+00:00"),
    ("2025-03", "2025-03-01T00:00:00+00:00"),
    ("2025", "2025-01-01T00:00:00+00:00"),
    ("2026-12-05T09:21:20.566787+00:00", "2026-12-05T09:21:20.566787+00:00"),
    ("2025-02-30", None),
    ("soon", None),
    (None, None),
])
def test_parse_date(value, expected):
    found = parse_date(value)
    assert (found.isoformat() if found else None) == expected
