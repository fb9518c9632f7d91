"""The search language parser: terms, phrases, exclusions, filters and its errors."""

from __future__ import annotations

import pytest

from parley.errors import InputError
from parley.store.query import SearchQuery, Term, parse_query


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ceasefire talks", SearchQuery(terms=(Term("ceasefire"), Term("talks")))),
        ('"prisoner  exchange"', SearchQuery(terms=(Term("prisoner exchange", phrase=True),))),
        ('"ceasefire"', SearchQuery(terms=(Term("ceasefire"),))),
        ('-sanctions -"peace plan"', SearchQuery(terms=(
            Term("sanctions", negated=True), Term("peace plan", phrase=True, negated=True)))),
        ('speaker:"Anna Volkova" speaker:brandt', SearchQuery(speakers=("Anna Volkova", "brandt"))),
        ("Speaker:Volkova", SearchQuery(speakers=("Volkova",))),
        ("issue:Water-Sharing actor:Northland", SearchQuery(issues=("water-sharing",),
                                                            actors=("Northland",))),
        ("site:Lakeside.Example", SearchQuery(sites=("lakeside.example",))),
        ("from:2025-04-02 to:2025-04-09", SearchQuery(date_from="2025-04-02", date_to="2025-04-09")),
        ("from:2025-02 to:2025-02", SearchQuery(date_from="2025-02-01", date_to="2025-02-28")),
        ("from:2024 to:2024", SearchQuery(date_from="2024-01-01", date_to="2024-12-31")),
        ("10:30 http://lakeside.example/a", SearchQuery(terms=(
            Term("10:30"), Term("http://lakeside.example/a")))),
        ("Update: talks", SearchQuery(terms=(Term("Update:"), Term("talks")))),
        ('"speaker:volkova"', SearchQuery(terms=(Term("speaker:volkova"),))),
        ('"" talks', SearchQuery(terms=(Term("talks"),))),
        ("   ", SearchQuery()),
        ("- talks -- …", SearchQuery(terms=(Term("talks"),))),
        ("well-known co-operation", SearchQuery(terms=(Term("well-known"), Term("co-operation")))),
    ],
)
def test_parse(text, expected):
    assert parse_query(text) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('"prisoner exchange', "unbalanced quote"),
        ('talks speaker:"Anna', "unbalanced quote"),
        ("color:blue", "unknown filter 'color:'"),
        ("speaker:", "needs a value"),
        ('speaker:""', "needs a value"),
        ("from:2025-02-30", "not a real date"),
        ("from:yesterday", "expects a date"),
        ("from:2025-05-01 to:2025-04-01", "is after"),
        ("from:2025 from:2024", "only once"),
        ("-speaker:volkova", "cannot be negated"),
        ('say"hello"', "unexpected quote"),
    ],
)
def test_errors_say_what_is_wrong(text, words):
    with pytest.raises(InputError, match=words) as info:
        parse_query(text)
    assert str(info.value).startswith("query: ")


def test_include_exclude_and_emptiness():
    query = parse_query('river -dam "water share"')
    assert [t.text for t in query.include] == ["river", "water share"]
    assert [t.text for t in query.exclude] == ["dam"]
    assert not query.is_empty() and not query.has_filters
    assert parse_query("").is_empty()
    assert parse_query("to:2025").has_filters
