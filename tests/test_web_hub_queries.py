"""The hub's own queries (parley.store.hub_queries) on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from parley.model import Actor, Analysis, Article, DateRef, Event, Quote, Span, Speaker, Stance
from parley.positions import positions
from parley.store import hub_queries as hq

# (doc, published, [(speaker, direct, text)], [(actor, issue, stance, date)], [(kind, date)])
DOCS = [
    ("d1", "2025-01-10", [("Ana Veld", False, "the harbour should wait"),
                          ("Ana Veld", True, "We will not sign"), ("Bo Rusk", True, "Never")],
     [("Ana Veld", "harbour", "oppose", None), ("Bo Rusk", "harbour", "support", None)],
     [("meeting", "2025-01-08"), ("call", None)]),
    ("d2", "2025-02-03", [("Bo Rusk", True, "Perhaps later")],
     [("Ana Veld", "harbour", "unclear", "2025-02-01"), ("Bo Rusk", "harbour", "oppose", None),
      ("Bo Rusk", "quotas", "support", None)],
     [("visit", "2025-02-02")]),
    ("d3", "2025-03-15", [("Cy Lott", False, "talks resume")],
     [("Ana Veld", "harbour", "support", None), ("Bo Rusk", "harbour", "oppose", "2025-03-14")],
     [("meeting", "2025-03-14"), ("demand", "2025-03-01")]),
]


def _analysis(doc, published, quotes, stances, events) -> Analysis:
    parts, spans = [], []
    pos = 0
    for speaker, _direct, text in quotes:
        sentence = f'{speaker} said "{text}". '
        start = pos + sentence.index(text)
        spans.append((start, start + len(text)))
        parts.append(sentence)
        pos += len(sentence)
    body = "".join(parts) + "Filler text about the talks."
    names = sorted({q[0] for q in quotes} | {s[0] for s in stances})
    built_quotes = [Quote(f"q{i}", Span.of(body, *spans[i]), direct, Speaker(speaker))
                    for i, (speaker, direct, _) in enumerate(quotes)]
    built_stances = [Stance(f"s{i}", issue, f"prop {issue}", actor, label,
                            Span.of(body, 0, 10), None, day)
                     for i, (actor, issue, label, day) in enumerate(stances)]
    built_events = [Event(f"e{i}", kind, "CONSULT", Span.of(body, 0, 5), [names[0]], [names[-1]],
                          date=DateRef(Span.of(body, 0, 3), day) if day else None)
                    for i, (kind, day) in enumerate(events)]
    article = Article(doc, body, title=f"Title {doc}", published=published, source=f"/{doc}")
    return Analysis(doc, article, [Actor(f"a{n}", n, "person") for n in names], built_quotes,
                    built_events, built_stances)


@pytest.fixture
def filled(store):
    analyses = [_analysis(*d) for d in DOCS]
    ids = {a.doc_id: store.save_analysis(a).article_id for a in analyses}
    return store, analyses, ids


def test_top_quotes_prefer_the_first_direct_quote(filled):
    store, _, ids = filled
    top = hq.top_quotes(store, [ids["d1"], ids["d2"], ids["d3"], 99999])
    assert top[ids["d1"]].text == "We will not sign" and top[ids["d1"]].speaker == "Ana Veld"
    assert top[ids["d2"]].text == "Perhaps later"
    assert top[ids["d3"]].text == "talks resume"  # no direct quote: the first one
    assert top[ids["d1"]].speaker_actor_id == store.actor("Ana Veld").id
    assert 99999 not in top and hq.top_quotes(store, []) == {}


def test_issue_steps_flag_changes_as_positions_does(filled):
    store, analyses, _ = filled
    steps = hq.issue_steps(store, "harbour")
    assert [(s.actor, s.stance, s.date) for s in steps] == [
        ("Ana Veld", "oppose", "2025-01-10"), ("Bo Rusk", "support", "2025-01-10"),
        ("Ana Veld", "unclear", "2025-02-01"), ("Bo Rusk", "oppose", "2025-02-03"),
        ("Bo Rusk", "oppose", "2025-03-14"), ("Ana Veld", "support", "2025-03-15")]
    got = {(s.actor, s.date, s.previous, s.stance) for s in steps if s.changed}
    expected = {(t.holder, p.date, p.previous, p.stance)
                for t in positions(analyses, issues=["harbour"]) for p in t.changes}
    assert got == expected == {("Bo Rusk", "2025-02-03", "support", "oppose"),
                               ("Ana Veld", "2025-03-15", "oppose", "support")}


def test_actor_steps_are_per_issue(filled):
    store, _, _ = filled
    steps = hq.actor_steps(store, store.actor("Bo Rusk").id)
    assert [(s.issue, s.stance, s.changed) for s in steps] == [
        ("harbour", "support", False), ("harbour", "oppose", True),
        ("quotas", "support", False), ("harbour", "oppose", False)]


def test_stance_details(filled):
    store, _, ids = filled
    step = hq.issue_steps(store, "harbour")[-1]
    detail = hq.stance_details(store, [step.stance_id])[step.stance_id]
    assert detail.article_id == ids["d3"] and detail.article_title == "Title d3"
    assert detail.evidence == "Cy Lott sa"


@pytest.mark.parametrize(("actor", "expected"), [
    (None, [("2025-01", 1), ("2025-02", 1), ("2025-03", 2)]),
    ("Cy Lott", [("2025-03", 2)]),
])
def test_events_per_month(filled, actor, expected):
    store, _, _ = filled
    actor_id = store.actor(actor).id if actor else None
    assert hq.events_per_month(store, actor_id) == expected


@pytest.mark.parametrize(("filters", "kind", "count"), [
    ({}, "quotes", 5), ({}, "stances", 7), ({}, "events", 5),
    ({"issue": "quotas"}, "stances", 1),
    ({"issue": "quotas"}, "quotes", 1),            # quotes of articles with such a stance
    ({"date_from": "2025-02"}, "stances", 5),
    ({"date_to": "2025-02"}, "stances", 5),        # a month as upper bound: all of February
    ({"date_from": "2025-02-02", "date_to": "2025-03-01"}, "events", 2),
    ({"actor": "Bo Rusk"}, "quotes", 2),
    ({"actor": "Bo Rusk"}, "stances", 4),
])
def test_exports_filter_and_stream_in_batches(filled, filters, kind, count):
    store, _, _ = filled
    filters = dict(filters)
    if "actor" in filters:
        filters["actor_id"] = store.actor(filters.pop("actor")).id
    source = {"quotes": hq.export_quotes, "stances": hq.export_stances,
              "events": hq.export_events}[kind]
    f = hq.ExportFilter(**filters)
    everything = list(source(store, f))
    assert len(everything) == count
    assert [r.id for r in source(store, f, batch=2)] == [r.id for r in everything]
    assert [r.id for r in everything] == sorted(r.id for r in everything)


def test_actor_ids_by_name(filled):
    store, _, _ = filled
    got = hq.actor_ids_by_name(store, ["Ana Veld", "Nobody", "Bo Rusk", ""])
    assert got == {"Ana Veld": store.actor("Ana Veld").id, "Bo Rusk": store.actor("Bo Rusk").id}


def test_cached_until_a_new_article_is_stored(filled):
    store, analyses, _ = filled
    calls = []

    def compute():
        calls.append(1)
        return len(hq.issue_steps(store, "harbour"))

    key = ("test-steps", "harbour")
    assert hq.cached(store, key, compute) == 6
    assert hq.cached(store, key, compute) == 6 and len(calls) == 1
    store.save_analysis(analyses[0])  # unchanged: nothing new
    assert hq.cached(store, key, compute) == 6 and len(calls) == 1
    extra = _analysis("d4", "2025-04-01", [("Ana Veld", True, "Yes")],
                      [("Ana Veld", "harbour", "oppose", None)], [])
    store.save_analysis(extra)
    assert hq.cached(store, key, compute) == 7 and len(calls) == 2
