"""The hub's pages and their JSON twins, over a store filled by the real pipeline."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from parley.positions import positions
from parley.store import Store
from web_support import HOSTILE_QUOTE, HOSTILE_TITLE, hub, world_db  # noqa: F401


class _Links(HTMLParser):
    """Every URL-bearing attribute of a page: (tag, attribute, value, rel)."""

    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name in ("href", "src", "action", "srcset", "data", "poster", "formaction"):
            if a.get(name):
                self.urls.append((tag, name, a[name], a.get("rel") or ""))


def links(html: str) -> list[tuple[str, str, str, str]]:
    parser = _Links()
    parser.feed(html)
    return parser.urls


@pytest.fixture(scope="module")
def store(world_db):  # noqa: F811
    with Store.open(world_db.url) as s:
        yield s


@pytest.fixture(scope="module")
def urls(store, world_db):  # noqa: F811
    """One URL of every page kind, with real ids from the database."""
    actor = store.actor("Teodora Malvic")
    article = store.find_article("https://corvalen.example/2025-03-28-corvalen-ledger-ceasefire")
    return ["/", "/?limit=3", f"/articles/{article.id}", f"/articles/{world_db.hostile_id}",
            "/actors", "/actors?q=te", f"/actors/{actor.id}", "/issues", "/issues/ceasefire",
            "/timeline", f"/timeline?actor={actor.id}", "/search?q=ceasefire",
            "/search?q=truce&in=quotes", "/search", "/export", "/docs"]


def _twin(url: str) -> str:
    parts = urlsplit(url)
    path = "/index" if parts.path == "/" else parts.path
    return path + ".json" + (f"?{parts.query}" if parts.query else "")


def test_every_page_and_its_json_twin(hub, urls):  # noqa: F811
    for url in urls:
        page = hub.get(url)
        assert page.status_code == 200, url
        assert page.headers["content-type"].startswith("text/html")
        if url == "/docs":
            continue
        twin = hub.get(_twin(url))
        assert twin.status_code == 200, url
        data = twin.json()
        assert data == hub.get(url, headers={"accept": "application/json"}).json()
        # the HTML shows the twin's data: every title / name in it appears on the page
        for key in ("articles", "actors", "issues"):
            for item in data.get(key, []):
                # an actor's "title" is its office ("general"); its name labels it
                label = (item.get("name") if key == "actors"
                         else item.get("title") or item.get("name") or item.get("slug"))
                label = (item.get("article") or {}).get("title") or label
                if label:
                    assert _escaped(label) in page.text, (url, label)


def _escaped(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&#34;").replace("'", "&#39;"))


def test_no_page_loads_anything_from_another_host(hub, urls):  # noqa: F811
    for url in urls:
        html = hub.get(url).text
        assert "cdn" not in html.lower() and "fonts.googleapis" not in html, url
        assert "<script>" not in html and " style=" not in html, url  # CSP: no inline code
        for tag, attr, value, rel in links(html):
            external = bool(urlsplit(value).scheme or value.startswith("//"))
            if tag == "a" and external:
                assert value.startswith("https://"), (url, value)
                assert set(rel.split()) >= {"noopener", "noreferrer", "nofollow"}, (url, value)
            else:
                assert not external, (url, tag, attr, value)


def test_home_lists_newest_first_with_their_top_quote(hub, world_db):  # noqa: F811
    data = hub.get("/index.json").json()
    dates = [a["published"] for a in data["articles"]]
    assert dates == sorted(dates, reverse=True)
    assert len(data["articles"]) == len(world_db.analyses) + 1
    by_doc = {a.doc_id: a for a in world_db.analyses}
    for item in data["articles"]:
        analysis = by_doc.get(item["doc_id"])
        if analysis is None or not analysis.quotes:
            continue
        direct = [q for q in analysis.quotes if q.direct] or analysis.quotes
        assert item["top_quote"]["text"] == direct[0].content.text
        assert item["top_quote"]["speaker"] == direct[0].speaker.name


def _walk(hub, url, key, cursor):  # noqa: F811
    seen, pages = [], 0
    while url:
        data = hub.get(url).json()
        seen += data[key]
        url = data["pagination"]["next_url"]
        pages += 1
        if url:
            assert cursor in parse_qs(urlsplit(url).query)
            url = _twin(url)
    return seen, pages


@pytest.mark.parametrize(("start", "key", "cursor", "per_page"), [
    ("/index.json?limit=3", "articles", "before", 3),
    ("/actors.json?limit=4", "actors", "offset", 4),
    ("/timeline.json?limit=7", "events", "offset", 7),
    ("/issues.json?limit=2", "issues", "offset", 2),
])
def test_pagination_visits_every_item_once(hub, start, key, cursor, per_page):  # noqa: F811
    full = hub.get(re.sub(r"limit=\d+", "limit=100", start)).json()[key]
    paged, pages = _walk(hub, start, key, cursor)
    ids = [i.get("id", i.get("slug")) for i in paged]
    assert ids == [i.get("id", i.get("slug")) for i in full]
    assert len(ids) == len(set(ids))
    assert pages == -(-len(full) // per_page)


def test_html_pager_links_to_the_next_page(hub):  # noqa: F811
    html = hub.get("/?limit=2").text
    nxt = [v for tag, attr, v, rel in links(html) if rel == "next"]
    assert len(nxt) == 1 and nxt[0].startswith("/?")
    first_ids = {v for tag, _, v, _ in links(html) if v.startswith("/articles/")}
    second_ids = {v for tag, _, v, _ in links(hub.get(nxt[0]).text) if v.startswith("/articles/")}
    assert len(first_ids) == 2 and second_ids and not first_ids & second_ids


def test_article_page_highlights_quotes_and_links_speakers(hub, store, world_db):  # noqa: F811
    analysis = next(a for a in world_db.analyses if a.doc_id.endswith("ceasefire"))
    article = store.find_article(analysis.article.url)
    html = hub.get(f"/articles/{article.id}").text
    body = html.split('<div class="article-text">', 1)[1].split("</div>", 1)[0]
    marks = re.findall(r'<mark class="quote"[^>]*><a href="/actors/(\d+)">', body)
    linked = [q for q in analysis.quotes if store.actor(q.speaker.name)]
    assert len(marks) == sum(len(q.content.ranges()) for q in linked)
    for q in linked:
        actor = store.actor(q.speaker.name)
        assert f'id="q-{q.id}"' in body
        assert str(actor.id) in marks
    data = hub.get(f"/articles/{article.id}.json").json()
    assert [e["plover"] for e in data["events"]] == [e.plover for e in analysis.events]
    assert [(s["actor"], s["stance"]) for s in data["stances"]] == [
        (s.actor, s.stance) for s in analysis.stances]
    source = [rel for tag, _, v, rel in links(html) if v == article.url]
    assert source == ["noopener noreferrer nofollow"]


def test_article_page_leaves_out_boilerplate(hub, store, world_db):  # noqa: F811
    analysis = next(a for a in world_db.analyses if a.article.boilerplate)
    article = store.find_article(analysis.article.url)
    html = hub.get(f"/articles/{article.id}").text
    body = html.split('<div class="article-text">', 1)[1].split("</div>", 1)[0]
    for start, end in analysis.article.boilerplate:
        assert _escaped(analysis.article.text[start:end].strip()) not in body
    first = analysis.article.text.split("\n")[1][:40]
    assert _escaped(first) in body


def test_actor_page_shows_their_statements_and_positions(hub, store, world_db):  # noqa: F811
    actor = store.actor("Teodora Malvic")
    data = hub.get(f"/actors/{actor.id}.json?limit=3").json()
    said = [q.content.text for a in world_db.analyses for q in a.quotes
            if q.speaker.name == "Teodora Malvic"]
    assert data["actor"]["quote_count"] == len(said)
    assert all(s["speaker"]["name"] == "Teodora Malvic" for s in data["statements"])
    assert len(data["statements"]) == 3 and data["pagination"]["next"] == 3
    tracks = {t.issue: t for t in positions(world_db.analyses) if t.holder == "Teodora Malvic"}
    got = {p["issue"]: p for p in data["positions"]}
    # Catalogued issues keep their slug; open targets ("open:...") are grouped by the store
    # into emergent issues ("e-..."), possibly several targets into one.
    catalogued = {i: t for i, t in tracks.items() if not i.startswith("open:")}
    opened = len(tracks) - len(catalogued)
    emergent = [i for i in got if i.startswith("e-")]
    assert set(got) - set(emergent) == set(catalogued)
    assert (1 if opened else 0) <= len(emergent) <= opened
    for issue, track in catalogued.items():
        assert got[issue]["current"]["stance"] == (track.current or "unclear")
        assert got[issue]["change_count"] == len(track.changes)


def test_issue_page_matrix_and_changes_agree_with_positions(hub, world_db):  # noqa: F811
    for issue in ("ceasefire", "sanctions-relief", "prisoner-exchange"):
        data = hub.get(f"/issues/{issue}.json").json()
        tracks = positions(world_db.analyses, issues=[issue])
        assert {r["actor"]: r["current"]["stance"] for r in data["matrix"]} == {
            t.holder: t.current or "unclear" for t in tracks}
        expected = sorted(((p.date, t.holder, p.previous, p.stance) for t in tracks
                           for p in t.changes), reverse=True)
        assert sorted(((c["date"], c["actor"], c["previous"], c["stance"])
                       for c in data["changes"]), reverse=True) == expected
        assert data["change_count"] == len(expected)
        for row in data["matrix"]:
            assert row["current"]["evidence"] and row["current"]["article"]["id"]


def test_timeline_chart_counts_dated_events(hub, world_db):  # noqa: F811
    data = hub.get("/timeline.json").json()
    dated = [e.date_value for a in world_db.analyses for e in a.events if e.date_value]
    months = {}
    for d in dated:
        months[d[:7]] = months.get(d[:7], 0) + 1
    assert {m["month"]: m["count"] for m in data["chart"]["months"]} == months
    html = hub.get("/timeline").text
    assert html.count('<rect class="bar"') == len(months)
    shown = [e["date"] for e in data["events"] if e["date"]]
    assert shown == sorted(shown, reverse=True)


@pytest.mark.parametrize(("query", "check"), [
    ('"ceasefire"', lambda a: "ceasefire" in a.article.text.lower()),
    ("ceasefire -corridor", lambda a: "ceasefire" in a.article.text.lower()
     and "corridor" not in a.article.text.lower()),
    ('"security guarantees"', lambda a: "security guarantees" in a.article.text.lower()),
    ("speaker:Kastanova", lambda a: any(q.speaker.name == "Mirela Kastanova" for q in a.quotes)),
    ("issue:prisoner-exchange", lambda a: any(s.issue == "prisoner-exchange" for s in a.stances)),
    ("from:2025-03-10 to:2025-03-20", lambda a: "2025-03-10" <= a.article.published <= "2025-03-20"),
    ("strait to:2025-03", lambda a: "strait" in a.article.text.lower()
     and a.article.published <= "2025-03-31"),
])
def test_search_filters(hub, world_db, query, check):  # noqa: F811
    data = hub.get("/search.json", params={"q": query, "limit": 50}).json()
    assert data["error"] is None
    found = {h["article"]["doc_id"] for h in data["articles"]}
    expected = {a.doc_id for a in world_db.analyses if check(a)}
    assert found == expected and expected


def test_search_quotes_by_speaker(hub):  # noqa: F811
    data = hub.get("/search.json", params={"q": "speaker:Malvic", "in": "quotes"}).json()
    assert data["quotes"] and all(q["speaker"]["name"] == "Teodora Malvic" for q in data["quotes"])


@pytest.mark.parametrize(("query", "message"), [
    ('"unbalanced', "unbalanced quote"),
    ("colour:blue", "unknown filter"),
    ("from:2025-13-01", "from"),
    ("from:2025-04 to:2025-03", "after"),
])
def test_search_parse_errors_are_shown(hub, query, message):  # noqa: F811
    r = hub.get("/search", params={"q": query})
    assert r.status_code == 400
    assert message in r.text and 'role="alert"' in r.text
    assert _escaped(query) in r.text  # the query stays in the box to be corrected
    assert hub.get("/search.json", params={"q": query}).json()["error"]


@pytest.mark.parametrize("url", ["/articles/99999", "/actors/99999", "/issues/no-such-issue",
                                 "/articles/99999.json"])
def test_unknown_ids_are_404(hub, url):  # noqa: F811
    r = hub.get(url)
    assert r.status_code == 404
    assert "No " in r.text


def test_hostile_article_is_rendered_escaped(hub, world_db, store):  # noqa: F811
    hostile_actor = store.actor("Henrik Aasgaard")
    pages = [hub.get("/").text, hub.get(f"/articles/{world_db.hostile_id}").text,
             hub.get("/search", params={"q": "yield"}).text,
             hub.get(f"/actors/{hostile_actor.id}", params={"limit": 100}).text]
    for html in pages:
        assert "<script>alert" not in html and "onerror=\"alert" not in html
        assert "<img" not in html
    article = pages[1]
    assert _escaped(HOSTILE_TITLE) in article and _escaped(HOSTILE_QUOTE) in article
    assert "javascript:" not in article  # the source link is dropped, not rendered
    assert "Test &lt;b&gt;Wire&lt;/b&gt;" in article


def test_actor_and_issue_pages_offer_to_follow_by_email(hub, store):  # noqa: F811
    """Every actor and issue page links to the subscribe form, pre-filled, and it opens."""
    actor = store.actor("Teodora Malvic")
    for url, kind, target in ((f"/actors/{actor.id}", "actor", "Teodora Malvic"),
                              ("/issues/ceasefire", "issue", "ceasefire")):
        follow = [v for tag, attr, v, _ in links(hub.get(url).text)
                  if v.startswith("/subscribe?")]
        assert len(follow) == 1, url
        query = parse_qs(urlsplit(follow[0]).query)
        assert query == {"kind": [kind], "target": [target]}
        form = hub.get(follow[0])
        assert form.status_code == 200 and target in form.text
    assert any(v == "/subscribe" for _, _, v, _ in links(hub.get("/").text))
