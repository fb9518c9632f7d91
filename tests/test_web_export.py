"""Exports: CSV and JSON Lines of quotes, events and stances, with filters."""

from __future__ import annotations

import csv
import io
import json

import pytest

from parley.web.routes_export import COLUMNS
from web_support import hub, world_db  # noqa: F401

COUNT = {
    "quotes": lambda analyses: sum(len(a.quotes) for a in analyses),
    "events": lambda analyses: sum(len(a.events) for a in analyses),
    "stances": lambda analyses: sum(len(a.stances) for a in analyses),
}


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("kind", ["quotes", "events", "stances"])
def test_csv_has_the_columns_and_every_record(hub, world_db, kind):  # noqa: F811
    r = hub.get(f"/export/{kind}.csv")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert f'filename="parley-{kind}.csv"' in r.headers["content-disposition"]
    header = next(csv.reader(io.StringIO(r.text)))
    assert header == [name for name, _ in COLUMNS[kind]]
    rows = _csv(r.text)
    extra = 1 if kind == "quotes" else 0  # the hand-made hostile article has one quote
    assert len(rows) == COUNT[kind](world_db.analyses) + extra
    assert len({row["id"] for row in rows}) == len(rows)


@pytest.mark.parametrize("kind", ["quotes", "events", "stances"])
def test_jsonl_matches_csv(hub, kind):  # noqa: F811
    lines = hub.get(f"/export/{kind}.jsonl").text.splitlines()
    records = [json.loads(line) for line in lines]
    rows = _csv(hub.get(f"/export/{kind}.csv").text)
    assert [str(r["id"]) for r in records] == [row["id"] for row in rows]
    for record in records:
        assert record["article"]["id"] and "local_id" in record


def test_quote_rows_carry_text_and_speaker(hub, world_db):  # noqa: F811
    rows = _csv(hub.get("/export/quotes.csv").text)
    expected = {(q.speaker.name, q.content.text) for a in world_db.analyses for q in a.quotes}
    got = {(r["speaker"], r["text"]) for r in rows}
    assert expected <= got
    assert {r["direct"] for r in rows} <= {"true", "false"}


@pytest.mark.parametrize(("params", "keep"), [
    ({"issue": "ceasefire"}, lambda s, a: s.issue == "ceasefire"),
    ({"actor": "Teodora Malvic"}, lambda s, a: s.actor == "Teodora Malvic"),
    ({"from": "2025-03-10", "to": "2025-03-20"},
     lambda s, a: "2025-03-10" <= (s.date or a.article.published) <= "2025-03-20"),
    ({"to": "2025-02"}, lambda s, a: (s.date or a.article.published) <= "2025-02-28"),
])
def test_stance_filters(hub, world_db, params, keep):  # noqa: F811
    rows = _csv(hub.get("/export/stances.csv", params=params).text)
    expected = sorted((s.actor, s.issue, s.stance) for a in world_db.analyses
                      for s in a.stances if keep(s, a))
    assert sorted((r["actor"], r["issue"], r["stance"]) for r in rows) == expected
    assert expected


def test_actor_filter_by_id_on_events(hub, world_db):  # noqa: F811
    actor_id = hub.get("/actors.json", params={"q": "Ilvar"}).json()["actors"][0]["id"]
    records = [json.loads(x) for x in
               hub.get("/export/events.jsonl", params={"actor": actor_id}).text.splitlines()]
    expected = sum(1 for a in world_db.analyses for e in a.events
                   if "Ilvar Dostrey" in (*e.actors, *e.recipients))
    assert len(records) == expected and expected
    assert all("Ilvar Dostrey" in (*r["actors"], *r["recipients"]) for r in records)


@pytest.mark.parametrize(("url", "status"), [
    ("/export/quotes.xml", 400),
    ("/export/people.csv", 400),
    ("/export/quotes.csv?from=March", 400),
    ("/export/quotes.csv?actor=Nobody%20Atall", 404),
    ("/export/stances.csv?issue=no-such-issue", 404),
    ("/export/stances.csv?actor=99999999999999999999999", 404),
])
def test_bad_export_requests(hub, url, status):  # noqa: F811
    r = hub.get(url)
    assert r.status_code == status and r.json()["error"]


def test_formula_like_cells_are_defused():
    from parley.web.routes_export import _cell

    assert [_cell(v) for v in ("=SUM(A1)", "+1", "-x", "@a", "plain", None, 3)] == [
        "'=SUM(A1)", "'+1", "'-x", "'@a", "plain", "", 3]
