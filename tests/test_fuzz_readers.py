"""Fuzzing the readers: text, HTML, feeds (RSS, Atom, JSON Feed), OPML and the search box.

Each reader gets thousands of generated inputs: random bytes, random Unicode (quotes,
controls, lone surrogates escaped to bytes), and structured documents with random fields
and random breakage. Each must either return a well-formed result or raise one of parley's
own errors (``ParleyError``) with a one-line message. Anything else (a ``TypeError`` from
a JSON field of the wrong type, a ``RecursionError`` from deep nesting, an lxml
``ValueError``) is a crash a hostile source could trigger, and fails the test.

Budget: ``FUZZ_EXAMPLES`` examples per test (default 2000, ``PARLEY_FUZZ_EXAMPLES``
overrides), no per-example deadline (machines differ), a per-test timeout.
"""

from __future__ import annotations

import io
import json
import os
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.errors import InputError, ParleyError
from parley.ingest.decode import decode_html, decode_text
from parley.ingest.feeds import Feed, parse_feed, parse_json_feed
from parley.ingest.files import read_stdin
from parley.ingest.html import article_from_html
from parley.ingest.opml import parse_opml
from parley.model import Article
from parley.store.query import FILTERS, SearchQuery, parse_query

FUZZ_EXAMPLES = int(os.environ.get("PARLEY_FUZZ_EXAMPLES", "2000"))
#: Readers that run trafilatura or a parser per example get a quarter of the budget.
SLOW_EXAMPLES = max(50, FUZZ_EXAMPLES // 4)

FUZZ = settings(max_examples=FUZZ_EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])
FUZZ_SLOW = settings(FUZZ, max_examples=SLOW_EXAMPLES)

pytestmark = pytest.mark.timeout(300)


def clean(fn, *args, allowed: type[ParleyError] = InputError, **kwargs):
    """``fn(*args)``'s result, or None when it refused with a clear ``allowed`` error."""
    try:
        return fn(*args, **kwargs)
    except allowed as exc:
        message = str(exc)
        assert message.strip(), f"{type(exc).__name__} without a message"
        assert "\n" not in getattr(exc, "reason", message), f"multi-line reason: {message!r}"
        assert "Traceback" not in message
        return None


# --------------------------------------------------------------------------- strategies

#: Characters that break naive parsers: quotes of every script, markup, controls, BOMs,
#: bidi overrides, the replacement character, combining marks, astral symbols.
NASTY = ('"', "'", "\u201c", "\u201d", "\u2018", "\u2019", "\u00ab", "\u00bb", "\u201e", "<", ">",
         "&", ";", "\\", "\x00", "\x01", "\x1b", "\x7f", "\r", "\n", "\t", "\u2028", "\u2029",
         "\ufeff", "\u202e", "\ufffd", "\u0301", "\U0001f600", "\u00a0", "]]>", "<!--", "-->",
         "<![", "<![\x00", "<!", "</")
nasty_text = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=8)),
                      max_size=30).map("".join)
any_text = st.one_of(st.text(max_size=300), nasty_text)
# Lone surrogates cannot be encoded as UTF-8; "surrogatepass" writes them as the bytes a
# broken encoder would produce, which readers must refuse or replace.
surrogate_bytes = st.text(alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
                          | st.characters(), max_size=80).map(
    lambda s: s.encode("utf-8", "surrogatepass"))
encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32",
                             "cp1252", "latin-1", "koi8-r", "shift_jis"])


@st.composite
def encoded_text(draw) -> bytes:
    """Random text in a random encoding (unencodable characters replaced)."""
    return draw(any_text).encode(draw(encodings), "replace")


random_input = st.one_of(st.binary(max_size=600), encoded_text(), surrogate_bytes)


def maybe_escaped(draw, value: str) -> str:
    """``value`` escaped for XML, or raw (which may break the document: also wanted)."""
    return escape(value) if draw(st.booleans()) else value


# --------------------------------------------------------------------------- text


@FUZZ
@given(data=random_input, max_chars=st.sampled_from([5, 100, 1_000_000]))
def test_decode_text_never_crashes(data, max_chars):
    text = clean(decode_text, data, "fuzz.txt", max_chars=max_chars)
    if text is not None:
        assert text.strip() and "\x00" not in text and len(text) <= max_chars


@FUZZ
@given(data=random_input, encoding=st.one_of(st.none(), st.sampled_from(
    ["cp1252", "latin-1", "utf-16", "no-such-codec", "rot13", "base64", "idna", "utf-7"])))
def test_decode_text_with_a_named_encoding(data, encoding):
    # Non-text codecs (rot13, base64) must be refused or decode to text, never raise raw.
    text = clean(decode_text, data, "fuzz.txt", encoding=encoding)
    assert text is None or isinstance(text, str)


@FUZZ
@given(data=random_input)
def test_decode_html_never_crashes(data):
    text = clean(decode_html, data, "fuzz.html")
    assert text is None or isinstance(text, str)


def _check_article(article: Article | None) -> None:
    if article is None:
        return
    assert isinstance(article.text, str) and article.text.strip()
    for start, end in article.boilerplate:
        assert 0 <= start <= end <= len(article.text)
    for value in (article.title, article.published, article.author, article.site):
        assert value is None or isinstance(value, str)
    article.to_json()  # the record serialises


@FUZZ_SLOW
@given(data=random_input)
def test_stdin_reader_never_crashes(data):
    _check_article(clean(read_stdin, io.BytesIO(data), max_chars=10_000))


# --------------------------------------------------------------------------- HTML

TAGS = ["p", "div", "article", "main", "span", "b", "script", "style", "table", "td", "a", "h1",
        "title", "meta", "time", "svg", "math", "template", "iframe", "noscript", "br", "li",
        "header", "footer", "nav", "form", "textarea", "plaintext", "xmp", "!--", "![CDATA["]
ATTRS = ["class", "id", "href", "src", "onerror", "onload", "style", "charset", "content",
         "name", "property", "datetime", "lang", "itemprop"]


@st.composite
def html_element(draw, depth: int = 0) -> str:
    tag = draw(st.sampled_from(TAGS))
    attrs = "".join(f" {draw(st.sampled_from(ATTRS))}={quoteattr(draw(any_text))}"
                    for _ in range(draw(st.integers(0, 3))))
    children = []
    for _ in range(draw(st.integers(0, 3 if depth < 4 else 0))):
        if draw(st.booleans()):
            children.append(draw(html_element(depth + 1)))
        else:
            children.append(maybe_escaped(draw, draw(any_text)))
    close = draw(st.sampled_from([f"</{tag}>", "", f"</{tag}", "</>"]))
    return f"<{tag}{attrs}>{''.join(children)}{close}"


@st.composite
def html_page(draw) -> bytes | str:
    """A page skeleton with random metadata, random body elements and random breakage."""
    head = "".join([
        draw(st.sampled_from(["<!doctype html>", "", "<?xml version='1.0'?>", "<!DOCTYPE"])),
        "<html>" if draw(st.booleans()) else "",
        f"<head><title>{maybe_escaped(draw, draw(any_text))}</title>",
        f'<meta charset="{draw(st.sampled_from(["utf-8", "utf-16", "x-bogus", "", "cp1252"]))}">',
        f'<meta property="article:published_time" content={quoteattr(draw(any_text))}>',
        f'<meta name="author" content={quoteattr(draw(any_text))}></head>',
    ])
    prose = " ".join(draw(st.lists(st.sampled_from(
        ["The envoy said", "talks would resume", "\u201cwe will not yield,\u201d", "on Friday",
         "in Velmora", "according to officials", "Anna Volkova", "."]), max_size=40)))
    body = "".join(draw(st.lists(html_element(), max_size=6)))
    page = f"{head}<body><article><p>{maybe_escaped(draw, prose)}</p>{body}</article></body>"
    # Deep nesting: parsers that recurse per level must not blow the stack.
    nest = draw(st.sampled_from([0, 0, 0, 200, 5000]))
    page += "<div>" * nest + "deep" + "</div>" * draw(st.sampled_from([0, nest]))
    return page if draw(st.booleans()) else page.encode(draw(encodings), "replace")


@FUZZ_SLOW
@given(page=st.one_of(html_page(), random_input, any_text))
def test_article_from_html_never_crashes(page):
    _check_article(clean(article_from_html, page, "fuzz.html", url="https://news.example/a/1"))


# --------------------------------------------------------------------------- feeds

DATES = ["Mon, 28 Apr 2025 23:30:00 -0500", "2025-04-28T10:00:00Z", "yesterday", "", "2025-13-45",
         "Mon, 99 Foo 2025", "9999999999999", "0000-00-00", "2025-04-28T25:61:00+99:00"]
URLS = ["https://news.example/a", "/relative/path", "javascript:alert(1)", "", "http://[::1",
        "http://%zz", "mailto:x@example.org", "file:///etc/passwd", "//evil.example/x"]
field_text = st.one_of(any_text, st.sampled_from(DATES + URLS))


@st.composite
def rss_doc(draw) -> bytes:
    def field(name: str) -> str:
        if draw(st.booleans()):
            return ""
        value = draw(field_text)
        if draw(st.booleans()):
            return f"<{name}><![CDATA[{value}]]></{name}>"
        return f"<{name}>{maybe_escaped(draw, value)}</{name}>"

    items = "".join(
        "<item>" + "".join(field(n) for n in ("title", "link", "guid", "pubDate", "description",
                                               "author", "dc:creator", "content:encoded"))
        + "</item>" for _ in range(draw(st.integers(0, 4))))
    version = draw(st.sampled_from(['version="2.0"', 'version="0.91"', "", 'version="x"']))
    decl = draw(st.sampled_from(["", '<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-16"?>',
                                 '<?xml version="1.0" encoding="bogus"?>',
                                 '<?xml version="1.0" encoding="UT\x01\x00F-8"?>',
                                 '<!DOCTYPE rss [<!ENTITY e "x">]>']))
    doc = (f'{decl}<rss {version} xmlns:dc="http://purl.org/dc/elements/1.1/" '
           f'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
           f"{field('title')}{field('link')}{items}")
    doc += draw(st.sampled_from(["</channel></rss>", "</channel>", "", "</rss></rss>"]))
    return doc.encode("utf-8", "surrogatepass")


@st.composite
def atom_doc(draw) -> bytes:
    def field(name: str) -> str:
        kind = draw(st.sampled_from(["text", "html", "xhtml", "bogus"]))
        return f'<{name} type="{kind}">{maybe_escaped(draw, draw(field_text))}</{name}>'

    entries = "".join(
        f"<entry>{field('title')}<link href={quoteattr(draw(st.sampled_from(URLS)))}/>"
        f"{field('id')}{field('updated')}{field('published')}{field('summary')}"
        f"{field('content')}<author><name>{maybe_escaped(draw, draw(any_text))}</name></author>"
        "</entry>" for _ in range(draw(st.integers(0, 4))))
    doc = f'<feed xmlns="http://www.w3.org/2005/Atom">{field("title")}{entries}'
    doc += draw(st.sampled_from(["</feed>", ""]))
    return doc.encode("utf-8", "surrogatepass")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | field_text,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children,
                                                                     max_size=3),
    max_leaves=8,
)
ITEM_KEYS = ["id", "url", "external_url", "title", "content_html", "content_text", "summary",
             "date_published", "date_modified", "author", "authors"]


@st.composite
def json_feed(draw) -> bytes:
    """A JSON Feed whose every field may have the wrong type."""
    def obj(keys: list[str]) -> dict:
        return {k: draw(json_values) for k in keys if draw(st.booleans())}

    version = draw(st.sampled_from(["https://jsonfeed.org/version/1", "https://jsonfeed.org/version/1.1",
                                    "https://jsonfeed.org/version/", "1.1"]))
    data = {"version": version, **obj(["title", "home_page_url", "feed_url", "author", "authors"])}
    items = [obj(ITEM_KEYS) for _ in range(draw(st.integers(0, 4)))]
    if draw(st.booleans()):
        items.append({k: {"name": draw(json_values)} for k in ("author",)} | {
            "authors": [{"name": draw(json_values)}, draw(json_values)]})
    data["items"] = items if draw(st.integers(0, 9)) else draw(json_values)
    text = json.dumps(data)
    return text.encode() if draw(st.integers(0, 9)) else text[: draw(st.integers(0, len(text)))].encode()


CONTENT_TYPES = ["", "application/rss+xml", "application/atom+xml", "application/feed+json",
                 "text/html", "application/xml"]


def _check_feed(feed: Feed | None) -> None:
    if feed is None:
        return
    assert feed.kind in ("rss", "atom", "json")
    for value in (feed.title, feed.site_url):
        assert value is None or isinstance(value, str)
    for entry in feed.entries:
        for value in (entry.url, entry.title, entry.published, entry.author, entry.summary,
                      entry.content, entry.id):
            assert value is None or isinstance(value, str), (entry, value)
        assert entry.full_text is None or isinstance(entry.full_text, str)


@FUZZ
@given(doc=st.one_of(rss_doc(), atom_doc(), random_input), content_type=st.sampled_from(CONTENT_TYPES))
def test_parse_feed_xml_never_crashes(doc, content_type):
    _check_feed(clean(parse_feed, doc, "https://news.example/feed", content_type))


@FUZZ
@given(doc=st.one_of(json_feed(), random_input.map(lambda b: b"{" + b)))
def test_parse_json_feed_never_crashes(doc):
    _check_feed(clean(parse_feed, doc, "https://news.example/feed.json", "application/feed+json"))


@FUZZ
@given(data=json_values)
def test_parse_json_feed_accepts_any_decoded_value(data):
    _check_feed(clean(parse_json_feed, json.dumps(data).encode(), "https://news.example/f.json"))


# --------------------------------------------------------------------------- OPML


@st.composite
def opml_doc(draw) -> bytes | str:
    def outline(depth: int) -> str:
        attrs = "".join(f" {draw(st.sampled_from(['text', 'title', 'xmlUrl', 'XMLURL', 'htmlUrl', 'type']))}"
                        f"={quoteattr(draw(field_text))}" for _ in range(draw(st.integers(0, 4))))
        kids = "".join(outline(depth + 1) for _ in range(draw(st.integers(0, 2 if depth < 3 else 0))))
        return f"<outline{attrs}>{kids}</outline>"

    nest = draw(st.sampled_from([0, 0, 0, 100, 3000]))
    body = "".join(outline(0) for _ in range(draw(st.integers(0, 4))))
    body += '<outline text="f">' * nest + '<outline xmlUrl="https://deep.example/f"/>' + "</outline>" * nest
    decl = draw(st.sampled_from(["", '<?xml version="1.0" encoding="UTF-8"?>',
                                 '<!DOCTYPE opml [<!ENTITY a "aaaa">]>',
                                 '<!DOCTYPE opml SYSTEM "http://evil.example/x.dtd">',
                                 '<?xml version="1.0" encoding="UTF-16"?>',
                                 '<?xml version="1.0" encoding="UT-8F"?>',
                                 '<?xml version="1.0" encoding="rot13"?>',
                                 '<?xml version="1.0" encoding="idna"?>',
                                 '<?xml version="1.0" encoding="UTF-7"?>']))
    root = draw(st.sampled_from(["opml", "OPML", "rss", "x:opml"]))
    doc = f'{decl}<{root} version="2.0"><head/><body>{body}</body></{root}>'
    doc = doc[: draw(st.integers(0, len(doc)))] if draw(st.integers(0, 5)) == 0 else doc
    return doc if draw(st.booleans()) else doc.encode("utf-8", "surrogatepass")


@FUZZ
@given(doc=st.one_of(opml_doc(), random_input, any_text))
def test_parse_opml_never_crashes(doc):
    feeds = clean(parse_opml, doc, "fuzz.opml")
    for feed in feeds or []:
        assert feed.url.lower().startswith(("http://", "https://"))


# --------------------------------------------------------------------------- search box

WORDS = ["ceasefire", "talks", "Volkova", "border-crossings", "2025-04-01", "2025-13", "10:30",
         "http://x.example", "-", "--", '"', '""', "'", ":", "\u201c", "\u00e9t\u00e9", "*", "NEAR",
         "AND", "OR", "NOT", "(", ")", "^", "\x00", "\x02", "\x03", "_", "%", "\\"]
filter_names = st.sampled_from([*FILTERS, "Speaker", "FROM", "foo", "http", "x"])


@st.composite
def query_text(draw) -> str:
    """Search-box input: words, phrases, exclusions, filters, balanced or not."""
    parts = []
    for _ in range(draw(st.integers(0, 8))):
        word = draw(st.one_of(st.sampled_from(WORDS), st.text(max_size=10)))
        shape = draw(st.integers(0, 5))
        if shape == 1:
            word = f'"{word} {draw(st.sampled_from(WORDS))}"'
        elif shape == 2:
            word = "-" + word
        elif shape == 3:
            word = f"{draw(filter_names)}:{word}"
        elif shape == 4:
            word = f'{draw(filter_names)}:"{word}'
        parts.append(word)
    sep = draw(st.sampled_from([" ", "  ", "\t", "\n", "\u3000", ""]))
    return sep.join(parts)


def _check_query(q: SearchQuery | None) -> None:
    if q is None:
        return
    for term in q.terms:
        assert term.text and term.text == " ".join(term.text.split())
    if q.date_from and q.date_to:
        assert q.date_from <= q.date_to


@FUZZ
@given(text=st.one_of(query_text(), any_text))
def test_parse_query_never_crashes(text):
    _check_query(clean(parse_query, text))


@pytest.fixture(scope="module")
def search_store(tmp_path_factory):
    """A small SQLite store with one article, to run fuzzed queries against FTS5."""
    from parley.model import Analysis
    from parley.store import Store

    path = tmp_path_factory.mktemp("fuzz") / "search.db"
    text = "Talks on the ceasefire resume in Velmora, Anna Volkova said on Friday."
    article = Article(doc_id="a", text=text, title="Ceasefire talks", published="2025-04-28",
                      source="a.txt", url="https://news.example/a", site="News")
    with Store.open(str(path)) as store:
        store.save_analysis(Analysis("a", article), url=article.url)
    store = Store.open(str(path))
    yield store
    store.close()


@settings(FUZZ, max_examples=max(50, FUZZ_EXAMPLES // 2))
@given(text=st.one_of(query_text(), any_text))
def test_search_never_reaches_the_database_as_syntax(search_store, text):
    """Whatever is typed, FTS5 sees quoted terms only: a result or an InputError, no 500."""
    page = clean(search_store.search, text, limit=5)
    quotes = clean(search_store.search_quotes, text, limit=5)
    assert (page is None) == (quotes is None)  # both parse the same query


# --------------------------------------------------------------------------- hostile XML


def _laughs(depth: int, fan: int, root: str) -> bytes:
    entities = '<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * fan}">' for i in range(1, depth + 1))
    return (f'<?xml version="1.0"?><!DOCTYPE {root} [{entities}]>'
            + root_body(root, f"&l{depth};")).encode()


def root_body(root: str, title: str) -> str:
    if root == "opml":
        return f'<opml version="2.0"><head/><body><outline text="{title}" xmlUrl="https://a.example/f"/></body></opml>'
    return (f'<rss version="2.0"><channel><title>{title}</title><item><title>x</title>'
            "<link>https://a.example/x</link></item></channel></rss>")


@pytest.mark.parametrize("depth, fan", [(9, 10), (15, 10), (30, 3)])
@pytest.mark.parametrize("root", ["rss", "opml"])
def test_entity_expansion_is_bounded(root, depth, fan):
    """Billion laughs: refused (OPML) or cut short by expat's amplification limit (feeds)."""
    import time

    started = time.monotonic()
    if root == "opml":
        with pytest.raises(InputError, match="entity or DTD"):
            parse_opml(_laughs(depth, fan, root), "laughs.opml")
    else:
        feed = clean(parse_feed, _laughs(depth, fan, root), "https://a.example/f")
        assert feed is None or len(feed.title or "") < 10_000_000
    assert time.monotonic() - started < 20


@pytest.mark.parametrize("root", ["rss", "opml"])
def test_external_entities_are_never_read(tmp_path, root):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    doc = (f'<?xml version="1.0"?><!DOCTYPE {root} [<!ENTITY x SYSTEM "file://{secret}">]>'
           + root_body(root, "&x;")).encode()
    if root == "opml":
        with pytest.raises(InputError):
            parse_opml(doc, "ext.opml")
        return
    feed = clean(parse_feed, doc, "https://a.example/f")
    assert feed is None or "TOP-SECRET" not in repr(feed)


@pytest.mark.parametrize("fragment", ["<![\x00CDATA[<p>x", "<p>a</p><![\x01", "<![ x", "<!\x00"])
def test_malformed_marked_sections_in_entry_html_and_pages(fragment):
    """html.parser asserts on some "<![" sections (found by atheris): text up to there is kept."""
    from parley.ingest.discover import find_feed_links
    from parley.ingest.feeds import html_to_text

    assert html_to_text("<p>before</p>" + fragment).startswith("before")
    links = find_feed_links('<link rel="alternate" type="application/rss+xml" href="/f">' + fragment,
                            "https://a.example/")
    assert [link.url for link in links] == ["https://a.example/f"]
