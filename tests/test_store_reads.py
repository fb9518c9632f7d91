"""Reading the record: latest articles, actors, quotes by speaker, events, stances, issues."""

from __future__ import annotations

import pytest

from parley.errors import InputError
from store_fixtures import build_analysis, simple_analysis


def _walk_latest(store, limit):
    items, cursor = [], None
    while True:
        page = store.latest(limit, before=cursor)
        items += page.items
        if page.next is None:
            return items
        cursor = page.next


@pytest.mark.parametrize("limit", [1, 3, 7, 50])
def test_latest_pages_by_cursor_newest_first(store, limit):
    days = ["2025-04-03", "2025-04-01", "2025-04-03", "2025-03-30", None, "2025-04-02", "2025-04-01"]
    for i, day in enumerate(days):
        store.save_analysis(simple_analysis(f"d{i}", f"Dispatch number {i}.", published=day))
    items = _walk_latest(store, limit)
    assert len(items) == len(days) and len({a.id for a in items}) == len(days)
    keys = [(a.published or "9999", a.id) for a in items]  # undated = first seen (today)
    assert keys == sorted(keys, reverse=True)


def test_latest_cursor_is_stable_when_new_articles_arrive(store):
    for i in range(4):
        store.save_analysis(simple_analysis(f"d{i}", f"Dispatch {i}.", published=f"2025-04-0{i + 1}"))
    first = store.latest(2)
    store.save_analysis(simple_analysis("new", "A late dispatch.", published="2025-04-09"))
    second = store.latest(2, before=first.next)
    assert [a.doc_id for a in first.items + second.items] == ["d3", "d2", "d1", "d0"]


def test_bad_cursor_is_an_input_error(store):
    with pytest.raises(InputError):
        store.latest(10, before="yesterday")


def test_actor_page_data(store):
    analysis = build_analysis(1)
    store.save_analysis(analysis)
    store.save_analysis(build_analysis(2))
    volkova = store.actor("Anna Volkova")
    assert volkova is not None and store.actor(volkova.id) == volkova
    said = [q for a in (analysis, build_analysis(2)) for q in a.quotes
            if q.speaker.name == "Anna Volkova"]
    assert volkova.quote_count == len(said)
    assert volkova.article_count == 2
    assert store.actor("Nobody Atall") is None

    page = store.quotes_by_speaker("anna volkova", limit=2)
    assert len(page.items) == 2 and page.next == 2
    rest = store.quotes_by_speaker(volkova.id, limit=50, offset=2)
    assert len(page.items) + len(rest.items) == len(said) and rest.next is None
    assert all(r.quote.speaker.name == "Anna Volkova" for r in page.items + rest.items)
    assert page.items[0].article.title == "Varn river talks, day 2"  # newest article first
    assert store.quote(page.items[0].id) == page.items[0]
    assert store.quotes_by_speaker("Nobody Atall").items == []


def test_events_of_an_actor_latest_first(store):
    analysis = build_analysis(3)
    store.save_analysis(analysis)
    brandt = [e for e in analysis.events if "Tomas Brandt" in e.actors + e.recipients]
    page = store.events(actor="Tomas Brandt", limit=50)
    assert sorted(r.event.id for r in page.items) == sorted(e.id for e in brandt)
    dates = [r.event.date_value for r in page.items]
    resolved = [d for d in dates if d]
    assert dates == resolved + [None] * (len(dates) - len(resolved))  # undated last
    assert len(store.events(limit=50).items) == len(analysis.events)


def test_stances_by_issue_and_actor_in_date_order(store):
    for i, day in enumerate(["2025-04-20", "2025-04-02", "2025-04-11"]):
        store.save_analysis(simple_analysis(
            f"s{i}", f"Anna Volkova rejected the quota, report {i}.", published=day,
            stances=[("Anna Volkova", "water-sharing", "rejected the quota")]))
    store.save_analysis(simple_analysis("t", "Tomas Brandt backed the quota.", published="2025-04-05",
                                        stances=[("Tomas Brandt", "water-sharing", "backed the quota")]))
    page = store.stances(issue="water-sharing")
    assert [r.stance.date for r in page.items] == ["2025-04-02", "2025-04-05", "2025-04-11", "2025-04-20"]
    mine = store.stances(issue="water-sharing", actor="Anna Volkova")
    assert {r.stance.actor for r in mine.items} == {"Anna Volkova"} and len(mine.items) == 3
    assert store.stances(issue="border-crossings").items == []
    paged = store.stances(issue="water-sharing", limit=3)
    assert paged.next == 3 and len(store.stances(issue="water-sharing", offset=3).items) == 1
    issue = store.issue("water-sharing")
    assert (issue.stance_count, issue.actor_count, issue.last_date) == (4, 2, "2025-04-20")
    assert [i.slug for i in store.issues().items] == ["water-sharing"]


def test_actor_listing_with_prefix_and_pages(store):
    store.save_analysis(build_analysis(4))
    names = [a.name for a in store.actors(limit=100).items]
    assert names == sorted(names) and "Anna Volkova" in names
    assert [a.name for a in store.actors(prefix="mi").items] == ["Mira Okafor"]
    assert store.actors(prefix="%").items == []
    first = store.actors(limit=2)
    assert len(first.items) == 2 and first.next == 2


def test_article_summary_and_story(store):
    result = store.save_analysis(build_analysis(5, url="https://www.lakeside.example/a"))
    summary = store.article(result.article_id)
    assert (summary.url, summary.site, summary.published, summary.story_size) == (
        "https://www.lakeside.example/a", "Lakeside Post", "2025-04-21", 1)
    assert summary.to_json()["story_id"] == result.story_id
    assert [a.id for a in store.story(result.story_id).articles] == [result.article_id]
    assert store.story(9999) is None
