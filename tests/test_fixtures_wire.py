"""Keep the wire evaluation set honest: every article's gold against its text and the README.

tests/fixtures/wire holds invented news-agency reports with hand-made gold (format in its
README). Writers edit the files by hand; a span that is not in its article, a speaker missing
from `speakers` or a misspelt status would silently skew `parley eval --news`. Pure data checks:
nothing here runs parley's analysis.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

WIRE = Path(__file__).resolve().parent / "fixtures" / "wire"

#: The set once every writer's part is merged (the coordinator merges them before CI runs).
MIN_ARTICLES = 40
MIN_CONFLICTS = 8
#: Body length of one report, in words (headline excluded).
MIN_WORDS, MAX_WORDS = 150, 350
#: Publication dates the set covers.
FIRST_PUBLISHED, LAST_PUBLISHED = date(2024, 1, 1), date(2026, 11, 30)
MAX_EVIDENCE = 300

GOLD_KEYS = {"file", "published", "conflict", "stances", "speakers", "events", "quotes"}
STANCE_KEYS = {"holder", "polarity", "target", "condition", "issue", "evidence"}
SPEAKER_KEYS = {"name", "title", "country", "affiliation"}
EVENT_KEYS = {"type", "parties", "counterparts", "mediators", "place", "date", "status", "evidence"}
QUOTE_KEYS = {"speaker", "direct", "cue", "content"}
POLARITIES = {"support", "oppose"}
STATUSES = {"happened", "planned", "cancelled"}
EVENT_TYPES = {
    "meeting", "talks", "call", "visit", "signing", "ceasefire", "extension", "exchange",
    "drill", "strike", "boycott", "interview", "envoy", "withdrawal",
}
OPENING_MARKS = "\"'“‘«»"
CLOSING_MARKS = "\"'”’»«"
STEM = re.compile(r"(\d{3})-[a-z0-9]+(?:-[a-z0-9]+)*")
COUNTRY = re.compile(r"[A-Z]{2}")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
MONTH = re.compile(r"\d{4}-\d{2}")
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def load(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


STEMS = sorted(p.stem for p in WIRE.glob("*.txt"))
GOLD_STEMS = sorted(p.stem for p in (WIRE / "gold").glob("*.json"))
GOLD = {stem: load(WIRE / "gold" / f"{stem}.json") for stem in GOLD_STEMS}


def article(stem: str) -> str:
    return (WIRE / f"{stem}.txt").read_text("utf-8")


def parse_date(value: str) -> tuple[date, str]:
    """The first day of a YYYY-MM-DD or YYYY-MM value, and its granularity ('day' or 'month')."""
    if DAY.fullmatch(value):
        return date.fromisoformat(value), "day"
    assert MONTH.fullmatch(value), f"date is neither YYYY-MM-DD nor YYYY-MM: {value!r}"
    return date.fromisoformat(value + "-01"), "month"


def is_direct_span(text: str, content: str) -> bool:
    """Some occurrence of content sits right inside quotation marks (words inside the marks)."""
    start = text.find(content)
    while start >= 0:
        end = start + len(content)
        opened = start > 0 and text[start - 1] in OPENING_MARKS
        # The sentence's own full stop or comma may stay outside the content, before the mark.
        while end < len(text) and text[end] in ",.;:?!":
            end += 1
        # A quote continued into the next paragraph has no closing mark at its line's end.
        closed = end == len(text) or text[end] in CLOSING_MARKS or text[end] == "\n"
        if opened and closed:
            return True
        start = text.find(content, start + 1)
    return False


# --- the files ----------------------------------------------------------------------------


def test_every_article_has_gold_and_every_gold_an_article():
    assert STEMS, f"no articles in {WIRE}"
    assert set(STEMS) == set(GOLD_STEMS), (
        f"articles without gold: {sorted(set(STEMS) - set(GOLD_STEMS))}; "
        f"gold without article: {sorted(set(GOLD_STEMS) - set(STEMS))}"
    )
    numbers = [STEM.fullmatch(stem) for stem in STEMS]
    assert all(numbers), [s for s, m in zip(STEMS, numbers, strict=True) if not m]
    assert len({m.group(1) for m in numbers}) == len(STEMS), "two articles share a number"


def test_set_size_and_breadth():
    conflicts = {g["conflict"] for g in GOLD.values()}
    assert len(STEMS) >= MIN_ARTICLES, f"{len(STEMS)} articles, the set needs {MIN_ARTICLES}"
    assert len(conflicts) >= MIN_CONFLICTS, (
        f"{len(conflicts)} conflicts ({sorted(conflicts)}), the set needs {MIN_CONFLICTS}"
    )


def test_issue_labels_recur_within_each_followed_story():
    """A conflict followed over several articles shares an issue label between two of them."""
    articles_by_issue: dict[tuple[str, str], set[str]] = defaultdict(set)
    stems_by_conflict: dict[str, set[str]] = defaultdict(set)
    for stem, gold in GOLD.items():
        stems_by_conflict[gold["conflict"]].add(stem)
        for s in gold["stances"]:
            articles_by_issue[gold["conflict"], s["issue"]].add(stem)
    for conflict, stems in stems_by_conflict.items():
        if len(stems) < 2:
            continue
        shared = [i for (c, i), where in articles_by_issue.items() if c == conflict and len(where) > 1]
        assert shared, f"{conflict}: no issue label is shared by two of {sorted(stems)}"


# --- one article --------------------------------------------------------------------------


@pytest.mark.parametrize("stem", GOLD_STEMS)
def test_header_and_text(stem):
    gold = GOLD[stem]
    assert set(gold) == GOLD_KEYS, set(gold) ^ GOLD_KEYS
    assert gold["file"] == f"{stem}.txt" and (WIRE / gold["file"]).is_file()
    assert DAY.fullmatch(gold["published"]), gold["published"]
    assert FIRST_PUBLISHED <= date.fromisoformat(gold["published"]) <= LAST_PUBLISHED
    assert isinstance(gold["conflict"], str) and gold["conflict"].strip()
    lines = article(stem).split("\n")
    assert len(lines) >= 3 and lines[0].strip() and lines[1] == "", "headline, blank line, body"
    words = len(" ".join(lines[2:]).split())
    assert MIN_WORDS <= words <= MAX_WORDS, f"body has {words} words"


@pytest.mark.parametrize("stem", GOLD_STEMS)
def test_stances(stem):
    text = article(stem)
    for s in GOLD[stem]["stances"]:
        assert set(s) == STANCE_KEYS, s
        assert isinstance(s["holder"], str) and s["holder"].strip(), s
        assert s["polarity"] in POLARITIES, s
        assert isinstance(s["target"], str) and s["target"].strip(), s
        assert s["condition"] is None or (isinstance(s["condition"], str) and s["condition"]), s
        issue = s["issue"]
        assert isinstance(issue, str) and issue.strip() and issue == issue.lower(), issue
        assert len(s["evidence"]) <= MAX_EVIDENCE, s["evidence"]
        assert s["evidence"] in text, f"stance evidence not in the article: {s['evidence']!r}"


@pytest.mark.parametrize("stem", GOLD_STEMS)
def test_speakers(stem):
    names = [sp["name"] for sp in GOLD[stem]["speakers"]]
    assert len(names) == len(set(names)), f"speaker listed twice: {names}"
    for sp in GOLD[stem]["speakers"]:
        assert set(sp) == SPEAKER_KEYS, sp
        assert isinstance(sp["name"], str) and sp["name"].strip(), sp
        assert sp["title"] is None or (sp["title"] and sp["title"] == sp["title"].lower()), sp
        assert sp["country"] is None or COUNTRY.fullmatch(sp["country"]), sp
        assert sp["affiliation"] is None or (isinstance(sp["affiliation"], str) and sp["affiliation"])


@pytest.mark.parametrize("stem", GOLD_STEMS)
def test_events(stem):
    text = article(stem)
    published = date.fromisoformat(GOLD[stem]["published"])
    for e in GOLD[stem]["events"]:
        assert set(e) == EVENT_KEYS, e
        assert e["type"] in EVENT_TYPES, e["type"]
        assert e["status"] in STATUSES, e["status"]
        assert e["parties"] and all(isinstance(p, str) and p for p in e["parties"]), e
        for key in ("counterparts", "mediators"):
            assert isinstance(e[key], list) and all(isinstance(p, str) and p for p in e[key]), e
        assert e["place"] is None or (isinstance(e["place"], str) and e["place"]), e
        assert len(e["evidence"]) <= MAX_EVIDENCE, e["evidence"]
        assert e["evidence"] in text, f"event evidence not in the article: {e['evidence']!r}"
        if e["date"] is not None:
            check_event_date(e, published)


def check_event_date(event: dict, published: date) -> None:
    """The date is well formed and agrees with the status and with a weekday in the evidence."""
    day, granularity = parse_date(event["date"])
    if granularity == "month":
        # Compare months: "next month" is planned, "last month" happened.
        day, published = day.replace(day=1), published.replace(day=1)
    if event["status"] == "planned":
        assert day >= published, f"planned event dated before publication: {event}"
    if event["status"] == "happened":
        assert day <= published, f"event that happened is dated after publication: {event}"
    named = [i for i, name in enumerate(WEEKDAYS) if name in event["evidence"]]
    if granularity == "day" and len(named) == 1:
        assert day.weekday() == named[0], f"{event['date']} is not a {WEEKDAYS[named[0]]}: {event}"
        assert abs((day - published).days) <= 7, f"weekday resolved more than a week away: {event}"


@pytest.mark.parametrize("stem", GOLD_STEMS)
def test_quotes(stem):
    text = article(stem)
    body = text.split("\n", 1)[1]
    speakers = {sp["name"] for sp in GOLD[stem]["speakers"]}
    for q in GOLD[stem]["quotes"]:
        assert set(q) == QUOTE_KEYS, q
        assert q["speaker"] in speakers, f"quote speaker without a speakers entry: {q['speaker']!r}"
        assert isinstance(q["direct"], bool), q
        assert isinstance(q["cue"], str) and q["cue"] in body, f"cue not in the body: {q['cue']!r}"
        content = q["content"]
        assert isinstance(content, str) and content.strip(), q
        # Quotes are attributions in the body; a headline fragment is not one.
        assert content in body, f"quote content not in the article body: {content!r}"
        if q["direct"]:
            assert is_direct_span(body, content), f"direct content not inside quote marks: {content!r}"
        else:
            # A paraphrase may open with a partial quote ("“one country, two systems” remained
            # ..."), but not be a whole quotation.
            whole = content[0] in OPENING_MARKS and content[-1] in CLOSING_MARKS
            assert not whole, f"indirect content is a whole quotation: {content!r}"
