"""Keep the hand-written fixtures honest: the invented world, its gold, the quote cases, examples.

These files are data other tests score against, and people edit them by hand; a span that
no longer occurs in its article, a speaker missing from the registry or a timeline that
contradicts the gold would silently skew every score. Nothing here runs the pipeline.
"""

from __future__ import annotations

import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from parley.model import ACTOR_KINDS, STANCE_LABELS

FIXTURES = Path(__file__).resolve().parent / "fixtures"
WORLD = FIXTURES / "world"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

#: Speakers/addressees that are not registry actors: unnamed groups of people.
GENERIC_GROUPS = {"reporters", "diplomats", "newspaper editors"}
OPENING_MARKS = "\"'“‘«»"
CLOSING_MARKS = "\"'”’»«"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def load(path: Path):
    return json.loads(path.read_text("utf-8"))


REGISTRY = load(WORLD / "actors.json")
ACTORS = {a["name"]: a for a in REGISTRY["actors"]}
ISSUES = {i["slug"]: i for i in load(WORLD / "issues.json")["issues"]}
STEMS = sorted(p.stem for p in (WORLD / "articles").glob("*.txt"))
GOLD = {stem: load(WORLD / "gold" / f"{stem}.json") for stem in STEMS}
CASES = load(FIXTURES / "quote_cases.json")


def article(stem: str) -> str:
    return (WORLD / "articles" / f"{stem}.txt").read_text("utf-8")


def body(stem: str) -> str:
    """The article text without its boilerplate lines."""
    lines = set(GOLD[stem]["boilerplate"])
    return "\n".join(line for line in article(stem).splitlines() if line not in lines)


def is_iso(value: str) -> bool:
    if not ISO_DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def known(name: str) -> bool:
    return name in ACTORS or name in GENERIC_GROUPS


def check_marks(text: str, content: str, direct: bool) -> None:
    """Direct content sits right inside quotation marks; indirect content does not start with one."""
    start = text.index(content)
    end = start + len(content)
    if direct:
        assert start > 0 and text[start - 1] in OPENING_MARKS, f"no opening mark before {content!r}"
        # A quote continued into the next paragraph has no closing mark at its line's end.
        assert end == len(text) or text[end] in CLOSING_MARKS or text[end] == "\n", (
            f"no closing mark after {content!r}"
        )
    else:
        assert content[0] not in OPENING_MARKS, f"indirect content opens with a mark: {content!r}"


# --- the world: articles and gold ---------------------------------------------------------


def test_world_size_and_span():
    assert 7 <= len(STEMS) <= 9
    assert set(STEMS) == {p.stem for p in (WORLD / "gold").glob("*.json")}
    days = sorted(date.fromisoformat(GOLD[s]["published"]) for s in STEMS)
    assert 4 * 7 <= (days[-1] - days[0]).days <= 5 * 7
    assert days[0].year == days[-1].year == 2025


@pytest.mark.parametrize("stem", STEMS)
def test_gold_header(stem):
    gold = GOLD[stem]
    assert gold["doc_id"] == stem
    assert is_iso(gold["published"]) and stem.startswith(gold["published"])
    assert 250 <= len(body(stem).split()) <= 500
    lines = article(stem).splitlines()
    for line in gold["boilerplate"]:
        assert line in lines, f"boilerplate line not a whole line of the article: {line!r}"
    # Boilerplate is the tail of the page, never in the middle of the body.
    if gold["boilerplate"]:
        assert lines[-len(gold["boilerplate"]):] == gold["boilerplate"]


@pytest.mark.parametrize("stem", STEMS)
def test_gold_quotes(stem):
    text = body(stem)
    quotes = GOLD[stem]["quotes"]
    assert quotes
    for q in quotes:
        assert set(q) <= {"speaker", "direct", "cue", "content", "addressee", "speaker_mention"}
        assert text.count(q["content"]) == 1, f"content not found exactly once: {q['content']!r}"
        assert isinstance(q["direct"], bool)
        check_marks(text, q["content"], q["direct"])
        assert known(q["speaker"]), q["speaker"]
        if q.get("addressee") is not None:
            assert known(q["addressee"]), q["addressee"]
        if q["cue"] is not None:
            assert q["cue"] in text
        if "speaker_mention" in q:
            assert q["speaker_mention"] in text


@pytest.mark.parametrize("stem", STEMS)
def test_gold_events(stem):
    gold = GOLD[stem]
    text = body(stem)
    for e in gold["events"]:
        assert e["evidence"] in text, e["evidence"]
        assert e["actors"] and all(known(a) for a in e["actors"] + e["recipients"]), e
        assert e["date"] is None or is_iso(e["date"]), e
        assert e["plover"] is None or e["plover"].isupper()
    # The world's events stay inside 2025 and within a week after publication.
    published = date.fromisoformat(gold["published"])
    for e in gold["events"]:
        if e["date"]:
            assert (date.fromisoformat(e["date"]) - published).days <= 7


@pytest.mark.parametrize("stem", STEMS)
def test_gold_stances(stem):
    text = body(stem)
    for s in GOLD[stem]["stances"]:
        assert s["issue"] in ISSUES, s["issue"]
        assert s["proposition"] == ISSUES[s["issue"]]["proposition"]
        assert s["stance"] in STANCE_LABELS and s["stance"] != "unclear"
        assert s["evidence"] in text, s["evidence"]
        assert s["actor"] in ACTORS, s["actor"]


def test_every_issue_and_person_is_used():
    used = {s["issue"] for g in GOLD.values() for s in g["stances"]}
    assert used == set(ISSUES)
    texts = " ".join(article(s) for s in STEMS)
    people = [a["name"] for a in REGISTRY["actors"] if a["kind"] == "person"]
    assert 8 <= len(people) <= 12
    for name in people:
        assert name in texts, f"{name} never appears in an article"


# --- registry and issue catalogue --------------------------------------------------------


def test_registry_shape():
    aliases: dict[str, str] = {}
    for actor in REGISTRY["actors"]:
        assert actor["kind"] in ACTOR_KINDS and actor["kind"] != "unknown"
        assert actor["metonyms"] == [] or actor["kind"] == "government", actor["name"]
        for title in actor["titles"]:
            assert title["title"] and title["forms"]
            for key in ("from", "to"):
                assert title[key] is None or is_iso(title[key])
            if title["from"] and title["to"]:
                assert title["from"] < title["to"]
        for alias in [actor["name"], *actor["aliases"], *actor["metonyms"]]:
            key = alias.casefold()
            assert aliases.setdefault(key, actor["name"]) == actor["name"], f"{alias!r} is ambiguous"
    assert len(ACTORS) == len(REGISTRY["actors"])


def test_issue_catalogue():
    generic = {"ceasefire", "direct-talks", "prisoner-exchange", "sanctions-relief", "security-guarantees"}
    assert generic <= set(ISSUES) and 1 <= len(set(ISSUES) - generic) <= 2
    for slug, issue in ISSUES.items():
        assert SLUG.fullmatch(slug)
        assert issue["proposition"] and issue["keywords"]


# --- timeline ---------------------------------------------------------------------------


TIMELINE = load(WORLD / "timeline.json")


def test_timeline_matches_gold():
    assert [r["date"] for r in TIMELINE] == sorted(r["date"] for r in TIMELINE)
    expected = set()
    for stem, gold in GOLD.items():
        for s in gold["stances"]:
            expected.add((s["actor"], s["issue"], gold["published"], s["stance"], stem))
    rows = [(r["actor"], r["issue"], r["date"], r["stance"], r["doc_id"]) for r in TIMELINE]
    assert len(rows) == len(set(rows))
    assert set(rows) == expected


@pytest.mark.parametrize(
    ("actor", "issue", "positions"),
    [
        ("Teodora Malvic", "ceasefire", ["oppose", "conditional", "support"]),
        ("Mirela Kastanova", "direct-talks", ["oppose", "oppose", "support"]),
        ("Ilvar Dostrey", "prisoner-exchange", ["oppose", "conditional", "support"]),
        ("Henrik Aasgaard", "sanctions-relief", ["oppose", "conditional"]),
        ("Mirela Kastanova", "security-guarantees", ["oppose", "conditional"]),
        ("Ilvar Dostrey", "shipping-corridor", ["oppose", "support"]),
        ("Henrik Aasgaard", "prisoner-exchange", ["support", "support", "support"]),
    ],
)
def test_timeline_shifts_told_in_readme(actor, issue, positions):
    assert [r["stance"] for r in TIMELINE if r["actor"] == actor and r["issue"] == issue] == positions


# --- quote cases -----------------------------------------------------------------------


def test_quote_cases_count_and_ids():
    assert 50 <= len(CASES) <= 70
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))
    assert all(SLUG.fullmatch(i) for i in ids)
    assert 3 <= sum(1 for c in CASES if not c["quotes"]) <= 8


def speaker_in_text(name: str, text: str) -> bool:
    """The text names the speaker: a word of the canonical name, an alias or a metonym."""
    folded = text.casefold()
    actor = ACTORS.get(name, {"aliases": [], "metonyms": []})
    words = [w for w in re.findall(r"[A-Za-z]+", name) if w[0].isupper() and len(w) > 2]
    names = [name, *words, *actor["aliases"], *actor["metonyms"]]
    return any(n.casefold() in folded for n in names)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_quote_case(case):
    assert set(case) == {"id", "construction", "published", "text", "quotes"}
    assert case["construction"]
    assert case["published"] is None or is_iso(case["published"])
    text = case["text"]
    for q in case["quotes"]:
        assert set(q) == {"speaker", "content", "direct", "cue", "addressee"}
        assert text.count(q["content"]) == 1, f"content not found exactly once: {q['content']!r}"
        check_marks(text, q["content"], q["direct"])
        assert q["cue"] is None or q["cue"] in text
        assert speaker_in_text(q["speaker"], text), q["speaker"]
        if q["addressee"] is not None:
            assert speaker_in_text(q["addressee"], text), q["addressee"]


# --- examples for make demo --------------------------------------------------------------


class PageScan(HTMLParser):
    """Collects the tags, meta properties and resource URLs of one page."""

    def __init__(self):
        super().__init__()
        self.tags: set[str] = set()
        self.meta: dict[str, str] = {}
        self.resources: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.add(tag)
        if tag == "meta":
            key = attrs.get("name") or attrs.get("property")
            if key:
                self.meta[key] = attrs.get("content") or ""
        if tag in ("script", "img", "iframe", "source", "video", "audio") and attrs.get("src"):
            self.resources.append(attrs["src"])
        if tag == "link" and attrs.get("rel") not in ("canonical",):
            self.resources.append(attrs.get("href") or "")


PAGES = sorted(EXAMPLES.glob("*.html"))


def test_examples_present():
    assert 3 <= len(PAGES) <= 4
    assert len(list(EXAMPLES.glob("*.txt"))) == 1
    assert (EXAMPLES / "README.md").is_file()


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_example_page(page):
    markup = page.read_text("utf-8")
    scan = PageScan()
    scan.feed(markup)
    assert {"title", "nav", "article", "h1", "p", "footer"} <= scan.tags
    assert scan.meta.get("author") and scan.meta.get("og:site_name")
    assert is_iso(scan.meta.get("article:published_time", "")[:10])
    # Self-contained: nothing for a browser (or trafilatura) to fetch.
    assert scan.resources == []
    assert "url(" not in markup and "@import" not in markup
