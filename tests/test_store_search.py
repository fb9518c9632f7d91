"""Full-text search on both backends: words, phrases, exclusions, filters, pages, snippets."""

from __future__ import annotations

import pytest

from parley.errors import InputError
from store_fixtures import simple_analysis

CORPUS = [
    dict(doc_id="harbour", published="2025-04-10", site="Lakeside Post", url="https://www.lakeside.example/1",
         title="Harbour talks end with a deal",
         text="Northland and Southmark agreed on a prisoner exchange at the harbour talks. "
              '"The fishermen will be home by Sunday," Anna Volkova said.',
         quotes=[("Anna Volkova", "The fishermen will be home by Sunday")],
         stances=[("Anna Volkova", "prisoner-exchange", "agreed on a prisoner exchange")],
         actor_names=["Northland", "Southmark", "Anna Volkova"]),
    dict(doc_id="sanctions", published="2025-04-20", site="Harbour Daily", url="https://harbour.example/2",
         title="Fleet measures debated",
         text="Sanctions on Southmark fishing fleets were discussed; no prisoner exchange was "
              'agreed. "Our exchanges were frank," Tomas Brandt said.',
         quotes=[("Tomas Brandt", "Our exchanges were frank")],
         actor_names=["Southmark", "Tomas Brandt"]),
    dict(doc_id="plan", published="2025-05-02", site=None, url="https://news.delta.example/3",
         title="Mediator presents a plan",
         text="A peace plan for the Varn river was presented by the mediator. "
              '"Water must be shared fairly," Mira Okafor said.',
         quotes=[("Mira Okafor", "Water must be shared fairly")],
         stances=[("Mira Okafor", "water-sharing", "Water must be shared fairly")],
         actor_names=["Mira Okafor"]),
    dict(doc_id="letters", published="2025-03-01", site="Lakeside Post", url=None,
         title="Letters between ministers",
         text="The exchange of letters between ministers continued, and a prisoner was released "
              "from the northern jail after the winter.",
         actor_names=["Northland"]),
]


@pytest.fixture
def corpus_store(store):
    for item in CORPUS:
        store.save_analysis(simple_analysis(**item))
    return store


def _ids(page) -> list[str]:
    return [hit.article.doc_id for hit in page.items]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("prisoner exchange", {"harbour", "sanctions", "letters"}),
        ('"prisoner exchange"', {"harbour", "sanctions"}),
        ('"prisoner exchange" -sanctions', {"harbour"}),
        ('exchange -"prisoner exchange"', {"letters"}),
        ("exchanges", {"harbour", "sanctions", "letters"}),  # stemmed
        ("mediator", {"plan"}),  # title and body
        ("fishermen", {"harbour"}),
        ("deal", {"harbour"}),  # title only
        ("xylophone", set()),
        ('speaker:"Anna Volkova"', {"harbour"}),
        ("speaker:brandt exchange", {"sanctions"}),
        ("speaker:okafor exchange", set()),
        ("speaker:volkova speaker:okafor", {"harbour", "plan"}),
        ("issue:water-sharing", {"plan"}),
        ("issue:prisoner-exchange prisoner", {"harbour"}),
        ("site:delta.example", {"plan"}),
        ("site:lakeside.example", {"harbour"}),
        ('site:"lakeside post"', {"harbour", "letters"}),
        ("actor:Northland", {"harbour", "letters"}),
        ("actor:southmark -sanctions", {"harbour"}),
        ("from:2025-04 to:2025-04", {"harbour", "sanctions"}),
        ("from:2025-04-15 prisoner", {"sanctions"}),
        ("to:2025-03-31", {"letters"}),
        ("-prisoner", {"plan"}),
    ],
)
def test_search_finds_exactly(corpus_store, query, expected):
    assert set(_ids(corpus_store.search(query))) == expected


def test_filter_only_search_lists_newest_first(corpus_store):
    assert _ids(corpus_store.search("from:2025-01-01")) == ["plan", "sanctions", "harbour", "letters"]


def test_ranking_prefers_title_hits(corpus_store):
    assert _ids(corpus_store.search("harbour"))[0] == "harbour"


def test_snippet_highlights_the_words(corpus_store):
    [hit] = corpus_store.search('"peace plan"').items
    assert hit.highlights
    # FTS5 marks the phrase as one range, PostgreSQL word by word: compare the words.
    marked = " ".join(hit.snippet[s:e].lower() for s, e in hit.highlights).split()
    assert set(marked) == {"peace", "plan"}
    assert "\x02" not in hit.snippet and "\x03" not in hit.snippet


def test_pagination_walks_every_hit_once(store):
    for i in range(25):
        store.save_analysis(simple_analysis(f"d{i:02}", f"Report {i} from the harbour about talks.",
                                            published=f"2025-04-{i + 1:02}"))
    seen, offset, pages = [], 0, 0
    while offset is not None:
        page = store.search("harbour", limit=10, offset=offset)
        seen += _ids(page)
        offset = page.next
        pages += 1
    assert pages == 3 and len(seen) == 25 and len(set(seen)) == 25
    assert store.search("harbour", limit=10, offset=20).next is None


def test_search_quotes_by_speaker_and_words(corpus_store):
    page = corpus_store.search_quotes("speaker:brandt exchanges")
    assert [r.quote.content.text for r in page.items] == ["Our exchanges were frank"]
    assert page.items[0].article.title == "Fleet measures debated"
    assert corpus_store.search_quotes("fishermen").items[0].quote.speaker.name == "Anna Volkova"
    assert corpus_store.search_quotes("water -fairly").items == []
    assert len(corpus_store.search_quotes("speaker:okafor").items) == 1
    assert {r.quote.speaker.name for r in corpus_store.search_quotes("-fishermen")} == {
        "Tomas Brandt", "Mira Okafor"}


def test_quote_search_ranks_the_better_match_first(store):
    text = ('"Water, water and more water," Mira Okafor said. "The delta needs rain before the '
            'harvest, and some water too," Jonas Ekwall said.')
    store.save_analysis(simple_analysis("rank", text, quotes=[
        ("Jonas Ekwall", "The delta needs rain before the harvest, and some water too"),
        ("Mira Okafor", "Water, water and more water")]))
    assert [r.quote.speaker.name for r in store.search_quotes("water")] == [
        "Mira Okafor", "Jonas Ekwall"]


def test_search_text_is_never_fts_syntax(corpus_store):
    for query in ['"NEAR(a b)"', "AND OR NOT", "prisoner*", '"col:value"', "^harbour", "(talks"]:
        corpus_store.search(query)  # must not raise a database error
    # The operator characters are dropped: the words alone are searched.
    for query, words in [("prisoner*", "prisoner"), ("^harbour", "harbour"), ("(talks", "talks")]:
        assert _ids(corpus_store.search(query)) == _ids(corpus_store.search(words)) != []
    # Operators and column filters are plain words (or a phrase) no article contains.
    for query in ['"NEAR(a b)"', "AND OR NOT", '"col:value"']:
        assert _ids(corpus_store.search(query)) == []


@pytest.mark.parametrize("query", ['"unbalanced', "bogus:filter", "from:2025-02-30", "-site:x"])
def test_bad_queries_raise_input_error(store, query):
    with pytest.raises(InputError):
        store.search(query)


@pytest.mark.parametrize(("limit", "offset"), [(0, 0), (501, 0), (10, -1)])
def test_bad_pages_raise_input_error(store, limit, offset):
    with pytest.raises(InputError):
        store.search("harbour", limit=limit, offset=offset)


def test_only_the_newest_matches_are_ranked(store, monkeypatch):
    from parley.store import search

    monkeypatch.setattr(search, "RANK_WINDOW", 3)
    for i in range(6):  # stored in publication order: "newest" agrees on both backends
        store.save_analysis(simple_analysis(f"w{i}", f"Ferry report {i}.", published=f"2025-04-0{i + 1}"))
    page = store.search("ferry", limit=2)
    rest = store.search("ferry", limit=2, offset=page.next)
    assert sorted(_ids(page) + _ids(rest)) == ["w3", "w4", "w5"]
    assert rest.next is None
    assert len(store.search_quotes("ferry").items) == 0  # no quotes: nothing to rank
    assert len(store.search("ferry from:2025-04-01 to:2025-04-02").items) == 2  # filters first


FILTERED = ["speaker:brandt exchange", "speaker:okafor exchange", "speaker:volkova speaker:okafor",
            "issue:prisoner-exchange prisoner", "actor:southmark -sanctions", "actor:Northland prisoner",
            "prisoner issue:water-sharing", "issue:prisoner-exchange speaker:volkova fishermen"]


@pytest.mark.parametrize("plan", ["filter first", "words first", "words first, no RUM"])
def test_every_search_plan_finds_the_same(corpus_store, monkeypatch, plan):
    """A rare filter drives the search (its articles tested for the words), a common one is
    tested on each match of the words (from RUM where PostgreSQL has it, else GIN or the
    date index): the same hits either way."""
    from parley.store import search

    expected = {q: set(_ids(corpus_store.search(q))) for q in FILTERED}
    assert expected["speaker:brandt exchange"] == {"sanctions"}
    assert expected["issue:prisoner-exchange speaker:volkova fishermen"] == {"harbour"}
    assert expected["prisoner issue:water-sharing"] == set()
    probes = []
    real = search.filtered_revisions

    def counted(conn, q):
        found = real(conn, q)
        probes.append(found)
        return found

    monkeypatch.setattr(search, "filtered_revisions", counted)
    monkeypatch.setattr(search, "FILTER_FIRST_MAX", 1000 if plan == "filter first" else 0)
    if plan.endswith("no RUM"):
        with corpus_store.engine.connect() as conn:
            monkeypatch.setattr(conn.engine, "_parley_has_rum", False, raising=False)
    for q in FILTERED:
        assert set(_ids(corpus_store.search(q))) == expected[q], q
    drove = [p is not None for p in probes]
    assert all(drove) if plan == "filter first" else not any(drove)


def test_a_date_range_bounds_the_walk_without_changing_the_hits(store):
    """SQLite seeks the words' matches to the revisions of the range's articles; PostgreSQL
    reads a rare word's matches first in a range too. Same hits as the filter alone says."""
    for i in range(12):
        store.save_analysis(simple_analysis(
            f"m{i:02}", f"Ferry crossing report {i}." + (" Lighthouse." if i % 3 == 0 else ""),
            published=f"2025-{i + 1:02}-10"))
    assert set(_ids(store.search("ferry from:2025-03 to:2025-05"))) == {"m02", "m03", "m04"}
    assert set(_ids(store.search("lighthouse from:2025-03 to:2025-07"))) == {"m03", "m06"}
    assert _ids(store.search("lighthouse from:2026-01")) == []
    assert set(_ids(store.search("lighthouse to:2025-01-31"))) == {"m00"}


def test_stop_words_with_an_exclusion_find_what_the_stop_words_alone_find(corpus_store):
    """PostgreSQL drops stop words: "the" alone finds nothing, and so must "the -sanctions"
    (it was the bare negation, every other article). SQLite keeps stop words."""
    alone = set(_ids(corpus_store.search("the")))
    assert set(_ids(corpus_store.search("the -sanctions"))) == alone - {"sanctions"}
    if corpus_store.engine.dialect.name == "postgresql":
        assert alone == set()
