"""Emergent issues in the store (SQLite and PostgreSQL): grouping as articles arrive, the
editor's operations, migration 6, and a position change on an emergent issue end to end
(issue page, JSON API, the position-change mail)."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from mail_support import mail_settings
from parley.errors import InputError
from parley.mail import digest as digests
from parley.mail.subscriptions import Follow
from parley.store import Store, migrations
from parley.store.schema import issue_terms, issues, stances
from parley.web import pages
from parley.web.app import create_app
from parley.world import store as world
from store_fixtures import count_rows
from web_support import hub_settings
from world_support import ostria_1, varn_1, varn_2


def _issue_of(store, local_id: str) -> str:
    with store.engine.connect() as conn:
        return conn.execute(sa.select(stances.c.issue).where(stances.c.local_id == local_id)).scalar_one()


def _saved(store):
    ids = [store.save_analysis(a).article_id for a in (varn_1(), ostria_1(), varn_2())]
    return ids


def test_open_stances_are_grouped_as_they_are_saved(store):
    a1, o1, a2 = varn_1(), ostria_1(), varn_2()
    ids = _saved(store)
    disarm = _issue_of(store, a1.stances[0].id)
    assert disarm.startswith("e-disarmament")
    assert {_issue_of(store, s.id) for s in (*a1.stances[:2], *a2.stances)} == {disarm}
    assert _issue_of(store, a1.stances[2].id) != _issue_of(store, o1.stances[0].id)
    # The analysis reads back as it was saved: its own target keys, spans and origin.
    assert store.get_analysis(ids[2]) == a2
    info = world.issue_info(store, disarm)
    assert info.origin == "emergent" and info.stance_count == 4
    assert info.sides == {"support": ["Lena Marsh", "Red Hand"]}
    assert (info.first_date, info.last_date) == ("2025-05-02", "2025-05-09")
    assert "the disarmament of the red hand militia" in info.phrases
    assert [i.slug for i in world.list_emergent(store)][0] == disarm


def test_a_position_change_on_an_emergent_issue_reaches_page_api_and_mail(store):
    ids = _saved(store)
    slug = _issue_of(store, varn_1().stances[0].id)
    page = pages.issue_page(store, slug)
    (change,) = page["changes"]
    assert (change["actor"], change["previous"], change["stance"]) == ("Red Hand", "oppose", "support")
    assert page["emergent"]["label"] == "the disarmament of the red hand militia"
    assert "<svg" in page["chart_svg"] and "Red Hand" in page["chart_svg"]
    with TestClient(create_app(hub_settings(store.url), store=store, hooks=False)) as client:
        data = client.get(f"/issues/{slug}.json").json()
        assert data["change_count"] == 1 and data["changes"][0]["previous"] == "oppose"
        html = client.get(f"/issues/{slug}").text
        assert "Red Hand" in html and "<svg" in html
        hits = client.get("/search.json", params={"q": f"issue:{slug}"}).json()
        assert {a["article"]["id"] for a in hits["articles"]} == {ids[0], ids[2]}
    built = digests.preview(store, mail_settings(25), Follow("issue", slug), since=ids[1])
    (changed,) = built.changes
    assert (changed.actor, changed.previous, changed.stance) == ("Red Hand", "oppose", "support")
    assert changed.issue_link.endswith(f"/issues/{slug}")


def test_rename_merge_promote_and_regroup(store, tmp_path):
    _saved(store)
    a1, o1 = varn_1(), ostria_1()
    disarm = _issue_of(store, a1.stances[0].id)
    truce = _issue_of(store, a1.stances[2].id)
    world.rename(store, disarm, "Disarming the Red Hand")
    assert world.issue_info(store, disarm).label == "Disarming the Red Hand"
    assert world.merge(store, truce, disarm) == 1
    assert _issue_of(store, a1.stances[2].id) == disarm
    assert world.issue_info(store, truce).merged_into == disarm
    with pytest.raises(InputError):
        world.merge(store, disarm, disarm)
    with pytest.raises(InputError):
        world.rename(store, "no-such-issue", "x")
    catalogue = tmp_path / "issues.json"
    entry = world.promote(store, disarm, catalogue, "red-hand-disarmament")
    assert json.loads(catalogue.read_text())["issues"] == [entry]
    assert entry["proposition"] == "Disarming the Red Hand"
    with pytest.raises(InputError):
        world.promote(store, disarm, catalogue, "red-hand-disarmament")
    # Regrouping undoes the merge, keeps the slugs and the editor's label.
    assert world.regroup(store) == 3
    assert _issue_of(store, a1.stances[2].id) == truce
    assert _issue_of(store, o1.stances[0].id) != truce
    assert world.issue_info(store, disarm).label == "Disarming the Red Hand"
    assert count_rows(store, issue_terms) > 0


def test_version_6_upgrades_a_version_5_database(store_url):
    with Store.open(store_url) as store:
        article_id = store.save_analysis(varn_1()).article_id
        with store.engine.begin() as conn:
            conn.execute(sa.delete(stances))
            conn.execute(sa.delete(issues))
            conn.exec_driver_sql("DROP TABLE issue_terms")
            for table, names in (("stances", ("origin", "target_key", "condition", "holder_text",
                                                "holder_start", "holder_end", "holder_segments")),
                                 ("events", ("status",)), ("actors", ("title", "affiliation")),
                                 ("article_actors", ("name", "title", "affiliation")),
                                 ("issues", ("origin", "label", "profile", "merged_into"))):
                for name in names:
                    conn.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN {name}")
            conn.execute(migrations.migrations_table.delete().where(
                migrations.migrations_table.c.version >= 6))
    with Store.open(store_url) as store:
        assert store.schema_version == len(migrations.MIGRATIONS)
        assert store.get_analysis(article_id).actors == varn_1().actors
        store.save_analysis(varn_2())
        assert world.list_emergent(store)


def test_new_record_fields_round_trip(store):
    from dataclasses import replace

    from parley.model import Actor, DateRef, Event, Span

    base = varn_1()
    text = base.article.text
    people = [replace(a, title="interior minister" if a.name == "Lena Marsh" else None,
                      affiliation="Red Hand" if a.name == "Red Hand" else None,
                      country="VL" if a.name == "Lena Marsh" else None) for a in base.actors]
    talks = Event("e1", "talks", "CONSULT", Span.of(text, 0, 40), actors=["Lena Marsh"],
                  recipients=["Red Hand"], mediators=["Pia Lund"], place="Kessel",
                  date=DateRef(Span.of(text, 0, 8), "2025-05-20", "day"), status="planned")
    conditional = replace(base.stances[1], stance="conditional", condition="the army withdraws",
                          cue=Span.of(text, base.stances[1].evidence.start,
                                      base.stances[1].evidence.start + 8))
    analysis = replace(base, actors=people, events=[talks],
                       stances=[base.stances[0], conditional, base.stances[2]])
    saved = store.save_analysis(analysis)
    back = store.get_analysis(saved.article_id)
    assert back == analysis
    assert back.events[0].mediators == ["Pia Lund"] and back.events[0].status == "planned"
    marsh = store.actor("Lena Marsh")
    assert (marsh.title, marsh.country) == ("interior minister", "VL")
    assert store.actor("Red Hand").affiliation == "Red Hand"
    assert isinstance(people[0], Actor)


def test_candidates_leave_out_only_issues_the_context_gate_turns_away(store):
    """A save reads the emergent issues sharing at least ``Params.context`` of the article's
    names: one sharing fewer can never pass ``Profile.similarity``'s gate, so leaving it
    unread changes no grouping. At the bound (one name of five) the issue is still read."""
    from parley.world.issues import Params, article_context

    _saved(store)
    share = Params().context
    # Varnland's articles write Red Hand (and Kessel, Lena Marsh) twice or more; these
    # write Kessel with five other names (one of six: below the share) or four (one of five).
    one_of_six = article_context("Kessel Kessel Brisk Brisk Colme Colme Dorrit Dorrit "
                                 "Ewald Ewald Fenn Fenn")
    one_of_five = article_context("Kessel Kessel Brisk Brisk Colme Colme Dorrit Dorrit "
                                  "Ewald Ewald")
    assert (len(one_of_six), len(one_of_five)) == (6, 5)
    with store.engine.connect() as conn:
        varn = {p.slug for p in world._candidates(conn, {"Kessel"}, 0.0)}
        assert varn, "an issue of varn-1 shares its name"
        every = world._candidates(conn, one_of_six, 0.0)
        narrow = world._candidates(conn, one_of_six, share)
        at_bound = world._candidates(conn, one_of_five, share)
    assert {p.slug for p in every} == varn and narrow == []
    for p in every:  # each left out is one the gate turns away
        names = set(p.context)
        assert len(names & one_of_six) / len(names | one_of_six) < share
    assert {p.slug for p in at_bound} == varn
