"""One actor across articles: which names are one person, and the store keeping one row."""

from __future__ import annotations

import pytest

from parley.model import Actor, Analysis, Article, Quote, Span, Speaker
from parley.web import pages
from parley.world.identity import last_key, match, name_words, same_person


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Osman Abdelrahim al-Nour", "Abdelrahim al-Nour", True),
    ("Gen. Osman Abdelrahim al-Nour", "Osman Abdelrahim Al-Nour", True),
    ("José Ramírez Vela", "Jose Ramirez Vela", True),
    ("Khan", "Imran Khan", False),  # a surname alone is ambiguous
    ("Ahmed Khan", "Imran Khan", False),
    ("Tarek Hamdy", "Tarek Hamdy Salem", False),  # the last words differ
    ("Ali", "Ali", False),
])
def test_same_person_by_name_words(a, b, same):
    assert same_person(a, None, None, b, None, None) is same


def test_what_the_articles_say_must_agree():
    assert not same_person("Nadia Ferro", "OV", None, "Lucia Nadia Ferro", "BM", None)
    assert not same_person("Nadia Ferro", None, "Harbour Guild", "Lucia Nadia Ferro", None, "Lake Council")
    assert same_person("Nadia Ferro", "OV", None, "Lucia Nadia Ferro", None, "Harbour Guild")


def test_match_wants_exactly_one_candidate_and_keys():
    people = [(1, "Lucia Nadia Ferro", None, None), (2, "Marco Nadia Ferro", None, None)]
    assert match("Nadia Ferro", None, None, people) is None
    assert match("Lucia Nadia Ferro", None, None, people[:1] + [(3, "Ferro", None, None)]) == 1
    assert name_words("Dr. Émile Zola-Roux") == ("emile", "zola", "roux")
    assert last_key("Émile Zola-Roux") == "roux" and last_key("") is None


def _said(doc_id: str, published: str, name: str, words: str, *, title=None, country=None,
          affiliation=None) -> Analysis:
    text = f"{name} said {words} in Harbourtown."
    content = text.index(words)
    return Analysis(doc_id, Article(doc_id, text, published=published, source=f"/{doc_id}.txt"),
                    actors=[Actor("a0", name, "person", country, mentions=[Span.of(text, 0, len(name))],
                                  title=title, affiliation=affiliation)],
                    quotes=[Quote("q0", Span.of(text, content, content + len(words)), False,
                                  Speaker(name, Span.of(text, 0, len(name)), "a0"))])


def test_the_store_keeps_one_row_per_person_and_not_per_surname(store):
    first = store.save_analysis(_said("d1", "2025-03-01", "Lucia Nadia Ferro", "the dam must wait",
                                      title="water minister", country="OV"))
    second = store.save_analysis(_said("d2", "2025-03-08", "Nadia Ferro", "the talks are over",
                                       title="foreign minister", country="OV"))
    store.save_analysis(_said("d3", "2025-03-09", "Ferro", "nothing at all"))
    store.save_analysis(_said("d4", "2025-03-10", "Paolo Ferro", "the ferry runs", country="BM"))
    lucia = store.actor("Lucia Nadia Ferro")
    assert store.actor("Nadia Ferro") is None or store.actor("Nadia Ferro").id == lucia.id
    assert "Nadia Ferro" in lucia.aliases and lucia.quote_count == 2
    assert lucia.title == "foreign minister"
    assert store.actor("Ferro").id != lucia.id and store.actor("Paolo Ferro").id != lucia.id
    # Each article reads back with the name it gave.
    assert store.get_analysis(second.article_id).actors[0].name == "Nadia Ferro"
    page = pages.actor_page(store, lucia.id)
    assert [t["title"] for t in page["titles"]] == ["foreign minister", "water minister"]
    assert page["titles"][1]["first"] == "2025-03-01"
    assert {q["article"]["id"] for q in page["statements"]} == {first.article_id, second.article_id}
