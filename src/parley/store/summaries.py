"""Per-actor summaries kept by the store as it saves, so actor pages read a few rows.

An actor page used to aggregate every row of the actor on each request (a busy actor of a
200,000-article hub has tens of thousands of mentions, quotes and stances: 1.4-1.8 s cold).
These tables hold the aggregates instead (schema step 8 creates and fills them):

``actor_stats``       per actor: articles naming it, quotes, events, stances
``actor_months``      per (actor, YYYY-MM): dated events it took part in; actor 0 = all events
``actor_met``         per (actor, other actor id, other's name): meeting-kind events shared
``actor_addressed``   per (actor, addressee name): quotes the actor addressed to someone
``actor_titles``      per (actor, title, affiliation): first and last day, articles
``actor_positions``   per (actor, issue): the stance count and the summary a page shows
                      (latest stance, last changes, last stance per label), as JSON, with
                      the latest stance's label and name (an issue's sides); step 9
``issue_changes``     per stance of an actor that changed the actor's position on its issue:
                      the issue page's list of changes, in timeline order; step 9

An issue page reads ``actor_positions`` by issue (the actors with most stances, the sides)
and ``issue_changes``; stances without an actor id (few) are read from the record.

How they stay exact: each summary is one aggregate query over the record (``_parts``); the
backfill runs it over everything, and a save runs it over the one article it writes. The
additive ones (counts) get the article's contribution added (and, for a revision, the old
revision's subtracted, read before its facts are deleted) with ``INSERT .. ON CONFLICT DO
UPDATE`` increments, which are atomic under concurrent writers. The others (first/last day,
change tracking) are recomputed for the keys the save touched, after locking the key's row
(an upsert) so that a concurrent writer of the same key waits and then sees this one's
rows. Keys are written in sorted order, table after table in a fixed order, so two writers
cannot deadlock. ``check(conn)`` compares every summary with a fresh recomputation (tests).
Writers that bypass ``save`` (``bench/hub_gen.py``, issue merges and regrouping) call
``rebuild`` or ``refresh_issues``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from parley.store import bulk
from parley.store.schema import (
    article_actors,
    articles,
    event_participants,
    events,
    quotes,
    stances,
)
from parley.world.changes import UNCLEAR, ChangeTracker

metadata = sa.MetaData()

#: The stand-in for NULL in key columns (title, affiliation): keys cannot hold NULL.
NONE_KEY = "\x01"
#: ``actor_months`` row of all events (actor ids start at 1).
ALL_ACTORS = 0
#: Kinds of events that bring parties together (as ``parley.world.hub.MEETINGS``).
MEETINGS = ("meeting", "talks", "call", "visit", "signing", "interview", "exchange", "envoy")
#: Changes kept per (actor, issue) summary (pages show the last five).
RECENT = 5

actor_stats = sa.Table(
    "actor_stats", metadata,
    sa.Column("actor_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("articles", sa.Integer, nullable=False, server_default="0"),
    sa.Column("quotes", sa.Integer, nullable=False, server_default="0"),
    sa.Column("events", sa.Integer, nullable=False, server_default="0"),
    sa.Column("stances", sa.Integer, nullable=False, server_default="0"),
)
actor_months = sa.Table(
    "actor_months", metadata,
    sa.Column("actor_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("month", sa.String(16), primary_key=True),
    sa.Column("n", sa.Integer, nullable=False),
)
actor_met = sa.Table(
    "actor_met", metadata,
    sa.Column("actor_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("other_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("other_name", sa.Text, primary_key=True),
    sa.Column("n", sa.Integer, nullable=False),
)
actor_addressed = sa.Table(
    "actor_addressed", metadata,
    sa.Column("actor_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("addressee", sa.Text, primary_key=True),
    sa.Column("n", sa.Integer, nullable=False),
)
actor_titles = sa.Table(
    "actor_titles", metadata,
    sa.Column("actor_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("title", sa.Text, primary_key=True),
    sa.Column("affiliation", sa.Text, primary_key=True),
    sa.Column("first", sa.String(40)),
    sa.Column("last", sa.String(40)),
    sa.Column("n", sa.Integer, nullable=False),
)
actor_positions = sa.Table(
    "actor_positions", metadata,
    sa.Column("actor_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("issue", sa.String(200), primary_key=True),
    sa.Column("n", sa.Integer, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    # (step 9) the latest stance's holder name and label: an issue's sides without the JSON
    sa.Column("actor_name", sa.Text),
    sa.Column("stance", sa.String(32)),
    # covers an issue's counts and sides (index-only)
    sa.Index("ix_actor_positions_issue", "issue", "n", "stance", "actor_name"),
)
issue_changes = sa.Table(
    "issue_changes", metadata,
    sa.Column("stance_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("issue", sa.String(200), nullable=False),
    sa.Column("actor_id", sa.Integer, nullable=False),
    # the timeline order of stances (``STEP_ORDER``)
    sa.Column("day", sa.String(40)),
    sa.Column("article_id", sa.Integer, nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("body", sa.Text, nullable=False),  # the StanceStep, as a JSON list
    sa.Index("ix_issue_changes_order", "issue", "day", "article_id", "position", "stance_id"),
    sa.Index("ix_issue_changes_pair", "actor_id", "issue"),
)
TABLES = (actor_stats, actor_months, actor_met, actor_addressed, actor_titles, actor_positions,
          issue_changes)
#: Additive summaries: table -> its count columns.
ADDITIVE = {actor_stats: ("articles", "quotes", "events", "stances"), actor_months: ("n",),
            actor_met: ("n",), actor_addressed: ("n",)}


# -- the aggregates, over everything or over some articles --------------------------------


def _parts(article_ids: list[int] | None) -> dict[sa.Table, sa.Select]:
    """The aggregate query of each additive summary (rows: key columns, then counts),
    restricted to ``article_ids`` unless None."""
    def only(column):
        return [column.in_(article_ids)] if article_ids is not None else []

    def stat(actor, kind, n):
        cols = [sa.literal_column("0").label(c) for c in ADDITIVE[actor_stats]]
        cols[kind] = n.label(ADDITIVE[actor_stats][kind])
        return actor.label("actor_id"), *cols

    ep = event_participants
    dated = sa.and_(events.c.date.is_not(None), events.c.date != "")
    month = sa.func.substr(events.c.date, 1, 7)
    stats = sa.union_all(
        sa.select(*stat(article_actors.c.actor_id, 0, sa.func.count()))
        .where(article_actors.c.actor_id.is_not(None), *only(article_actors.c.article_id))
        .group_by(article_actors.c.actor_id),
        sa.select(*stat(quotes.c.speaker_actor_id, 1, sa.func.count()))
        .where(quotes.c.speaker_actor_id.is_not(None), *only(quotes.c.article_id))
        .group_by(quotes.c.speaker_actor_id),
        sa.select(*stat(ep.c.actor_id, 2, sa.func.count(sa.distinct(ep.c.event_id))))
        .join(events, events.c.id == ep.c.event_id)
        .where(ep.c.actor_id.is_not(None), *only(events.c.article_id))
        .group_by(ep.c.actor_id),
        sa.select(*stat(stances.c.actor_id, 3, sa.func.count()))
        .where(stances.c.actor_id.is_not(None), *only(stances.c.article_id))
        .group_by(stances.c.actor_id),
    ).subquery()
    me, other = ep.alias("me"), ep.alias("other")
    return {
        actor_stats: sa.select(stats.c.actor_id, *(sa.func.sum(stats.c[c]).label(c)
                                                   for c in ADDITIVE[actor_stats]))
        .group_by(stats.c.actor_id),
        actor_months: sa.union_all(
            sa.select(ep.c.actor_id, month.label("month"),
                      sa.func.count(sa.distinct(events.c.id)).label("n"))
            .join(events, events.c.id == ep.c.event_id)
            .where(dated, ep.c.actor_id.is_not(None), *only(events.c.article_id))
            .group_by(ep.c.actor_id, month),
            sa.select(sa.literal_column(str(ALL_ACTORS)).label("actor_id"), month.label("month"),
                      sa.func.count().label("n"))
            .where(dated, *only(events.c.article_id)).group_by(month),
        ),
        actor_met: sa.select(me.c.actor_id, other.c.actor_id.label("other_id"),
                             other.c.actor_name.label("other_name"),
                             sa.func.count(sa.distinct(other.c.event_id)).label("n"))
        .join(other, other.c.event_id == me.c.event_id)
        .join(events, events.c.id == other.c.event_id)
        .where(me.c.actor_id.is_not(None), other.c.actor_id != me.c.actor_id,
               events.c.kind.in_(MEETINGS), *only(events.c.article_id))
        .group_by(me.c.actor_id, other.c.actor_id, other.c.actor_name),
        actor_addressed: sa.select(quotes.c.speaker_actor_id.label("actor_id"),
                                   quotes.c.addressee, sa.func.count().label("n"))
        .where(quotes.c.speaker_actor_id.is_not(None), quotes.c.addressee.is_not(None),
               quotes.c.addressee != "", *only(quotes.c.article_id))
        .group_by(quotes.c.speaker_actor_id, quotes.c.addressee),
    }


def _titles_query(where: list) -> sa.Select:
    title = sa.func.coalesce(article_actors.c.title, NONE_KEY)
    affiliation = sa.func.coalesce(article_actors.c.affiliation, NONE_KEY)
    return (sa.select(article_actors.c.actor_id, title.label("title"),
                      affiliation.label("affiliation"),
                      sa.func.min(articles.c.sort_date).label("first"),
                      sa.func.max(articles.c.sort_date).label("last"),
                      sa.func.count(sa.distinct(articles.c.id)).label("n"))
            .join(articles, articles.c.id == article_actors.c.article_id)
            .where(article_actors.c.actor_id.is_not(None),
                   sa.or_(article_actors.c.title.is_not(None),
                          article_actors.c.affiliation.is_not(None)), *where)
            .group_by(article_actors.c.actor_id, title, affiliation))


# -- positions per (actor, issue) ---------------------------------------------------------


@dataclass(slots=True)
class StanceStep:
    """One stance in a holder's history, with its change flag (details fetched separately)."""

    stance_id: int
    actor_id: int | None
    actor: str
    issue: str
    stance: str
    date: str | None
    changed: bool = False
    previous: str | None = None

    def to_list(self) -> list:
        return [self.stance_id, self.actor_id, self.actor, self.issue, self.stance, self.date,
                self.changed, self.previous]


STEP_DAY = sa.func.coalesce(stances.c.listing_date, stances.c.date)
#: The timeline order of stances (as ``parley.positions``).
STEP_ORDER = (STEP_DAY, stances.c.article_id, stances.c.position, stances.c.id)
STEP_COLUMNS = (stances.c.id, stances.c.actor_id, stances.c.actor_name, stances.c.issue,
                stances.c.stance, STEP_DAY.label("day"))


def steps_of(rows: Iterable) -> list[StanceStep]:
    """Steps from rows of ``STEP_COLUMNS`` in ``STEP_ORDER``, changes flagged per
    (actor, issue)."""
    tracker = ChangeTracker()
    steps = []
    for r in rows:
        key = (r.actor_id if r.actor_id is not None else r.actor_name, r.issue)
        changed, previous = tracker.step(key, r.stance)
        steps.append(StanceStep(r.id, r.actor_id, r.actor_name, r.issue, r.stance, r.day,
                                changed, previous))
    return steps


@dataclass(slots=True)
class Position:
    """One holder's position on one issue: what the pages show of its stances."""

    latest: StanceStep
    recent_changes: list[StanceStep]  # the last RECENT changes, oldest first
    change_count: int
    by_label: dict[str, StanceStep]  # the last stance of each label
    count: int
    first: StanceStep | None = None  # the first stance (an issue's chart orders by it)
    opening: StanceStep | None = None  # the first known stance, else the first

    def shown_ids(self) -> set[int]:
        return {self.latest.stance_id, *(s.stance_id for s in self.recent_changes),
                *(s.stance_id for s in self.by_label.values())}

    def to_json_text(self) -> str:
        return json.dumps({"latest": self.latest.to_list(),
                           "recent": [s.to_list() for s in self.recent_changes],
                           "changes": self.change_count,
                           "by_label": {k: s.to_list() for k, s in self.by_label.items()},
                           "count": self.count, "first": self.first.to_list(),
                           "opening": self.opening.to_list()}, separators=(",", ":"))

    @classmethod
    def from_json_text(cls, text: str) -> Position:
        d = json.loads(text)
        return cls(StanceStep(*d["latest"]), [StanceStep(*s) for s in d["recent"]],
                   d["changes"], {k: StanceStep(*s) for k, s in d["by_label"].items()},
                   d["count"], StanceStep(*d["first"]), StanceStep(*d["opening"]))


def position_of(items: list[StanceStep]) -> Position:
    """The position a holder's stances on one issue (timeline order) add up to: the latest
    known stance (else the latest), the changes and the last stance of each label."""
    known = [s for s in items if s.stance != UNCLEAR]
    latest = known[-1] if known else items[-1]
    changes = [s for s in items if s.changed]
    by_label: dict[str, StanceStep] = {}
    for s in items:
        by_label[s.stance] = s
    return Position(latest, changes[-RECENT:], len(changes), by_label, len(items), items[0],
                    known[0] if known else items[0])


@dataclass(slots=True)
class Histories:
    """Per (actor, issue) pair: its position, and the rows of ``issue_changes``."""

    positions: dict[tuple[int, str], Position]
    changes: dict[tuple[int, str], list[dict]]


def _histories(conn: Connection, where: sa.ColumnElement) -> Histories:
    rows = conn.execute(sa.select(*STEP_COLUMNS, stances.c.article_id, stances.c.position)
                        .where(stances.c.actor_id.is_not(None), where)
                        .order_by(*STEP_ORDER)).all()
    groups: dict[tuple[int, str], list[StanceStep]] = {}
    changes: dict[tuple[int, str], list[dict]] = {}
    for r, s in zip(rows, steps_of(rows), strict=True):
        key = (s.actor_id, s.issue)
        groups.setdefault(key, []).append(s)
        if s.changed:
            changes.setdefault(key, []).append(
                {"stance_id": s.stance_id, "issue": s.issue, "actor_id": s.actor_id,
                 "day": s.date, "article_id": r.article_id, "position": r.position,
                 "body": json.dumps(s.to_list(), separators=(",", ":"))})
    return Histories({k: position_of(v) for k, v in groups.items()}, changes)


def _position_row(key: tuple[int, str], p: Position) -> dict:
    return {"actor_id": key[0], "issue": key[1], "n": p.count, "body": p.to_json_text(),
            "actor_name": p.latest.actor, "stance": p.latest.stance}


# -- writing ---------------------------------------------------------------------------------


@functools.cache
def _upsert(dialect: str, table: sa.Table, kind: str) -> sa.Insert:
    """The INSERT .. ON CONFLICT of ``table`` (built once per dialect): ``add`` adds the
    counts, ``titles`` widens the first and last days, ``lock`` leaves the row as it is."""
    ins = bulk.dialect_insert(dialect, table)
    key = _key(table)
    if kind == "add":
        return ins.on_conflict_do_update(
            index_elements=key, set_={c: table.c[c] + ins.excluded[c] for c in ADDITIVE[table]})
    if kind == "lock":
        return ins.on_conflict_do_update(index_elements=key, set_={"n": table.c.n})
    t = actor_titles.c
    least = sa.case((t.first.is_(None), ins.excluded.first),
                    (ins.excluded.first < t.first, ins.excluded.first), else_=t.first)
    greatest = sa.case((t.last.is_(None), ins.excluded.last),
                       (ins.excluded.last > t.last, ins.excluded.last), else_=t.last)
    return ins.on_conflict_do_update(
        index_elements=key, set_={"n": t.n + ins.excluded.n, "first": least, "last": greatest})


def _key(table: sa.Table) -> list[str]:
    return [c.name for c in table.primary_key.columns]


def _add(conn: Connection, table: sa.Table, rows: list[dict]) -> None:
    """Add counts to ``table`` (rows with key and count columns), keys in sorted order."""
    if not rows:
        return
    key = _key(table)
    rows.sort(key=lambda r: tuple(r[k] for k in key))
    bulk.upsert(conn, table, rows, _upsert(conn.dialect.name, table, "add"))


@dataclass(slots=True)
class Contribution:
    """What some articles add to the summaries: counts per key of the additive ones, their
    ``actor_titles`` rows, and the (actor, issue) pairs of their stances."""

    counts: dict[sa.Table, dict[tuple, list[int]]]
    title_rows: list[dict]
    pairs: set[tuple[int, str]]

    @property
    def titles(self) -> set[tuple]:
        return {(r["actor_id"], r["title"], r["affiliation"]) for r in self.title_rows}


@dataclass(slots=True)
class Written:
    """The fact rows one save inserted for an article, as given to the INSERTs (events
    and participants with their database ids), the article's id and its ``sort_date``."""

    article_id: int
    sort_date: str
    actors: list[dict] = field(default_factory=list)  # article_actors rows
    quotes: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)  # events rows, plus "id"
    participants: list[dict] = field(default_factory=list)
    stances: list[dict] = field(default_factory=list)


def contribution_of(w: Written) -> Contribution:
    """What one article's just-inserted rows add to the summaries: the same as
    ``contribution(conn, [article_id])`` (what ``_parts`` and ``_titles_query`` compute,
    restricted to one article), without reading the rows back (a test compares the two)."""
    stats: dict[tuple, list[int]] = {}
    for column, rows, key in ((0, w.actors, "actor_id"), (1, w.quotes, "speaker_actor_id"),
                              (3, w.stances, "actor_id")):
        for r in rows:
            if r[key] is not None:
                stats.setdefault((r[key],), [0, 0, 0, 0])[column] += 1
    parties: dict[int, list[dict]] = {}  # event id -> its participants
    for r in w.participants:
        parties.setdefault(r["event_id"], []).append(r)
    months: dict[tuple, list[int]] = {}
    met: dict[tuple, set[int]] = {}
    for e in w.events:
        ids = {r["actor_id"] for r in parties.get(e["id"], ()) if r["actor_id"] is not None}
        for actor_id in ids:
            stats.setdefault((actor_id,), [0, 0, 0, 0])[2] += 1
        if e["date"] is not None and e["date"] != "":
            month = e["date"][:7]
            for actor_id in (ALL_ACTORS, *ids):
                months.setdefault((actor_id, month), [0])[0] += 1
        if e["kind"] in MEETINGS:
            for me in ids:
                for other in parties[e["id"]]:
                    if other["actor_id"] is not None and other["actor_id"] != me:
                        met.setdefault((me, other["actor_id"], other["actor_name"]),
                                       set()).add(e["id"])
    addressed: dict[tuple, list[int]] = {}
    for q in w.quotes:
        if q["speaker_actor_id"] is not None and q["addressee"] not in (None, ""):
            addressed.setdefault((q["speaker_actor_id"], q["addressee"]), [0])[0] += 1
    titles = {}
    for r in w.actors:
        if r["actor_id"] is not None and (r["title"] is not None or r["affiliation"] is not None):
            key = (r["actor_id"], NONE_KEY if r["title"] is None else r["title"],
                   NONE_KEY if r["affiliation"] is None else r["affiliation"])
            titles[key] = {"actor_id": key[0], "title": key[1], "affiliation": key[2],
                           "first": w.sort_date, "last": w.sort_date, "n": 1}
    counts = {actor_stats: stats, actor_months: months,
              actor_met: {k: [len(v)] for k, v in met.items()}, actor_addressed: addressed}
    pairs = {(r["actor_id"], r["issue"]) for r in w.stances if r["actor_id"] is not None}
    return Contribution(counts, list(titles.values()), pairs)


def contribution(conn: Connection, article_ids: list[int]) -> Contribution:
    """The summaries' share of these articles' stored facts (a few indexed queries)."""
    counts: dict[sa.Table, dict[tuple, list[int]]] = {}
    for table, query in _parts(article_ids).items():
        width = len(_key(table))
        counts[table] = {tuple(r[:width]): [int(n) for n in r[width:]]
                         for r in conn.execute(query)}
    title_rows = [dict(r._mapping) for r in conn.execute(
        _titles_query([article_actors.c.article_id.in_(article_ids)]))]
    pairs = {(r.actor_id, r.issue) for r in conn.execute(
        sa.select(stances.c.actor_id, stances.c.issue).distinct()
        .where(stances.c.article_id.in_(article_ids), stances.c.actor_id.is_not(None)))}
    return Contribution(counts, title_rows, pairs)


def apply(conn: Connection, new: Contribution, old: Contribution | None = None) -> None:
    """Bring the summaries up to date after a save: ``new`` is the saved articles'
    contribution, ``old`` (for a revision) the one of the facts the save replaced."""
    for table in ADDITIVE:
        delta: dict[tuple, list[int]] = {k: list(v) for k, v in new.counts[table].items()}
        if old is not None:
            for k, v in old.counts[table].items():
                have = delta.setdefault(k, [0] * len(v))
                for i, n in enumerate(v):
                    have[i] -= n
        key, cols = _key(table), ADDITIVE[table]
        _add(conn, table, [{**dict(zip(key, k, strict=True)), **dict(zip(cols, v, strict=True))}
                           for k, v in delta.items() if any(v)])
    if old is None:
        _add_titles(conn, list(new.title_rows))
    else:
        _refresh_titles(conn, sorted(new.titles | old.titles))
    _refresh_pairs(conn, sorted(new.pairs | (old.pairs if old else set())))


def _add_titles(conn: Connection, rows: list[dict]) -> None:
    if not rows:
        return
    rows.sort(key=lambda r: (r["actor_id"], r["title"], r["affiliation"]))
    bulk.upsert(conn, actor_titles, rows, _upsert(conn.dialect.name, actor_titles, "titles"))


def _lock(conn: Connection, table: sa.Table, keys: list[tuple], blank: dict) -> None:
    """Take the row lock of each key (creating a blank row), so that concurrent writers of
    the same key wait for this transaction and then read its rows."""
    if not keys:
        return
    key = _key(table)
    bulk.upsert(conn, table, [{**dict(zip(key, k, strict=True)), **blank} for k in keys],
                _upsert(conn.dialect.name, table, "lock"))


def _refresh_titles(conn: Connection, keys: list[tuple]) -> None:
    """Recompute the ``actor_titles`` rows of ``keys`` from the record."""
    if not keys:
        return
    _lock(conn, actor_titles, keys, {"n": 0, "first": None, "last": None})
    t = actor_titles.c
    for actor_id, title, affiliation in keys:
        row = conn.execute(_titles_query([
            article_actors.c.actor_id == actor_id,
            sa.func.coalesce(article_actors.c.title, NONE_KEY) == title,
            sa.func.coalesce(article_actors.c.affiliation, NONE_KEY) == affiliation])).first()
        where = sa.and_(t.actor_id == actor_id, t.title == title, t.affiliation == affiliation)
        if row is None:
            conn.execute(sa.delete(actor_titles).where(where))
        else:
            conn.execute(sa.update(actor_titles).where(where)
                         .values(first=row.first, last=row.last, n=row.n))


def _pair_batches(conn: Connection, pairs: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """``pairs`` in the batches refreshed together: all at once on PostgreSQL (one round
    trip a statement), one by one on SQLite, whose planner scans a whole index for a
    row-value ``IN`` instead of seeking each pair (no round trips to save there)."""
    if conn.dialect.name == "postgresql":
        return [pairs]
    return [[pair] for pair in pairs]


def _pairs_in(actor_id: sa.ColumnElement, issue: sa.ColumnElement,
              batch: list[tuple[int, str]]) -> sa.ColumnElement:
    """``(actor_id, issue)`` is one of ``batch`` (a statement cached whatever its length)."""
    if len(batch) == 1:
        return sa.and_(actor_id == batch[0][0], issue == batch[0][1])
    return sa.tuple_(actor_id, issue).in_(batch)


_SET_POSITION = (
    sa.update(actor_positions)
    .where(actor_positions.c.actor_id == sa.bindparam("b_actor_id"),
           actor_positions.c.issue == sa.bindparam("b_issue"))
    .values(n=sa.bindparam("b_n"), body=sa.bindparam("b_body"),
            actor_name=sa.bindparam("b_actor_name"), stance=sa.bindparam("b_stance"))
)


def _refresh_pairs(conn: Connection, pairs: list[tuple[int, str]]) -> None:
    """Recompute the ``actor_positions`` and ``issue_changes`` rows of these (actor, issue)
    pairs."""
    if not pairs:
        return
    _lock(conn, actor_positions, pairs, {"n": 0, "body": ""})
    p, c = actor_positions.c, issue_changes.c
    for batch in _pair_batches(conn, pairs):
        found = _histories(conn, _pairs_in(stances.c.actor_id, stances.c.issue, batch))
        kept = [_position_row(k, found.positions[k]) for k in batch if k in found.positions]
        if kept:
            conn.execute(_SET_POSITION, [{f"b_{k}": v for k, v in row.items()} for row in kept])
        gone = [k for k in batch if k not in found.positions]
        if gone:
            conn.execute(sa.delete(actor_positions).where(_pairs_in(p.actor_id, p.issue, gone)))
        conn.execute(sa.delete(issue_changes).where(_pairs_in(c.actor_id, c.issue, batch)))
        changed = [r for k in batch for r in found.changes.get(k, ())]
        bulk.insert(conn, issue_changes, changed)


def saved(conn: Connection, written: Written, old: Contribution | None) -> None:
    """After ``save`` wrote an article's facts: update every summary (``old``: what the
    replaced revision contributed, read before its facts were deleted)."""
    apply(conn, contribution_of(written), old)


# -- building, refreshing, checking ----------------------------------------------------------


def create(conn: Connection) -> None:
    """Create the summary tables unless they exist."""
    for table in TABLES:
        table.create(conn, checkfirst=True)


def rebuild(conn: Connection) -> None:
    """Empty and refill every summary from the record (schema step 8; bulk writers)."""
    create(conn)
    for table in TABLES:
        conn.execute(sa.delete(table))
    for table, query in _parts(None).items():
        cols = [c.name for c in table.columns]
        conn.execute(sa.insert(table).from_select(cols, query))
    conn.execute(sa.insert(actor_titles).from_select(
        ["actor_id", "title", "affiliation", "first", "last", "n"], _titles_query([])))
    _write_positions(conn, _histories(conn, sa.true()))


def add_issue_summaries(conn: Connection) -> None:
    """Schema step 9: the issue pages' summaries (columns of ``actor_positions``,
    ``issue_changes``), filled from the record."""
    from parley.store.migrations import add_column, create_index

    for column in (actor_positions.c.actor_name, actor_positions.c.stance):
        add_column(conn, actor_positions, column)
    for index in actor_positions.indexes:
        create_index(conn, index)
    create(conn)
    conn.execute(sa.delete(actor_positions))
    conn.execute(sa.delete(issue_changes))
    _write_positions(conn, _histories(conn, sa.true()))


def _write_positions(conn: Connection, found: Histories, batch: int = 5000) -> None:
    rows = [_position_row(k, p) for k, p in sorted(found.positions.items())]
    for start in range(0, len(rows), batch):
        conn.execute(sa.insert(actor_positions), rows[start:start + batch])
    changed = [r for _, rs in sorted(found.changes.items()) for r in rs]
    for start in range(0, len(changed), batch):
        conn.execute(sa.insert(issue_changes), changed[start:start + batch])


def refresh_issues(conn: Connection, slugs: Iterable[str]) -> None:
    """Recompute the positions on these issues (after stances moved between issues)."""
    wanted = sorted(set(slugs))
    if not wanted:
        return
    conn.execute(sa.delete(actor_positions).where(actor_positions.c.issue.in_(wanted)))
    conn.execute(sa.delete(issue_changes).where(issue_changes.c.issue.in_(wanted)))
    _write_positions(conn, _histories(conn, stances.c.issue.in_(wanted)))


def _stored(conn: Connection, table: sa.Table) -> dict[tuple, tuple]:
    key = _key(table)
    width = len(key)
    rows = conn.execute(sa.select(table).order_by(*(table.c[k] for k in key))).all()
    return {tuple(r[:width]): tuple(r[width:]) for r in rows}


def check(conn: Connection) -> dict[str, list]:
    """Differences between each summary and its recomputation from the record (empty lists
    when they agree; zero counts left by deletions count as absent)."""
    out: dict[str, list] = {}

    def nonzero(d: dict) -> dict:
        return {k: v for k, v in d.items() if any(v)}

    for table, query in _parts(None).items():
        width = len(_key(table))
        fresh = {tuple(r[:width]): tuple(int(n) for n in r[width:]) for r in conn.execute(query)}
        stored = {k: tuple(int(n) for n in v) for k, v in _stored(conn, table).items()}
        out[table.name] = _diff(nonzero(stored), nonzero(fresh))
    fresh_titles = {(r.actor_id, r.title, r.affiliation): (r.first, r.last, r.n)
                    for r in conn.execute(_titles_query([]))}
    out["actor_titles"] = _diff(_stored(conn, actor_titles), fresh_titles)
    found = _histories(conn, sa.true())
    fresh_pos = {k: tuple(v for c, v in _position_row(k, p).items() if c not in ("actor_id", "issue"))
                 for k, p in found.positions.items()}
    out["actor_positions"] = _diff(_stored(conn, actor_positions), fresh_pos)
    fresh_changes = {(r["stance_id"],): tuple(v for c, v in r.items() if c != "stance_id")
                     for rs in found.changes.values() for r in rs}
    out["issue_changes"] = _diff(_stored(conn, issue_changes), fresh_changes)
    return out


def _diff(stored: dict, fresh: dict) -> list:
    return [(k, stored.get(k), fresh.get(k)) for k in sorted(set(stored) | set(fresh), key=repr)
            if stored.get(k) != fresh.get(k)]


# -- reading ---------------------------------------------------------------------------------


def positions(conn: Connection, actor_id: int) -> list[Position]:
    """An actor's position on each issue, by issue slug."""
    rows = conn.execute(sa.select(actor_positions.c.body)
                        .where(actor_positions.c.actor_id == actor_id, actor_positions.c.n > 0)
                        .order_by(actor_positions.c.issue)).scalars()
    return [Position.from_json_text(b) for b in rows]


def months(conn: Connection, actor_id: int | None) -> list[tuple[str, int]]:
    """Dated events per month (YYYY-MM), oldest first, of one actor or of all."""
    m = actor_months.c
    rows = conn.execute(sa.select(m.month, m.n)
                        .where(m.actor_id == (ALL_ACTORS if actor_id is None else actor_id),
                               m.n > 0).order_by(m.month))
    return [(r.month, r.n) for r in rows]


def met(conn: Connection, actor_id: int, keep: int | None = None,
        also: Iterable[int] = ()) -> list[Any]:
    """(other actor id, other's name, shared meeting-kind events) of an actor.

    ``keep``: only the rows of the others whose total is at least the ``keep``-th largest
    (ties at that total included), and of the ids in ``also``: enough to rank the top
    ``keep - len(also)`` ties exactly when ``also`` are the only others whose counts
    something else adds to (the busiest actors met ~7,000 others at 200k articles)."""
    m = actor_met.c
    where = [m.actor_id == actor_id, m.n > 0]
    if keep is not None:
        per = (sa.select(m.other_id, sa.func.sum(m.n).label("total"))
               .where(m.actor_id == actor_id, m.n > 0).group_by(m.other_id).subquery())
        least = conn.execute(sa.select(per.c.total).order_by(per.c.total.desc())
                             .limit(1).offset(max(keep, 1) - 1)).scalar()
        if least is not None:
            kept = sa.select(per.c.other_id).where(per.c.total >= least)
            where.append(sa.or_(m.other_id.in_(kept), m.other_id.in_(sorted(set(also)))))
    return conn.execute(sa.select(m.other_id.label("actor_id"), m.other_name.label("actor_name"),
                                  m.n).where(*where)
                        .order_by(m.other_id, m.n, m.other_name)).all()


def addressed(conn: Connection, actor_id: int) -> list[Any]:
    """(addressee, quotes) of an actor."""
    a = actor_addressed.c
    return conn.execute(sa.select(a.addressee, a.n)
                        .where(a.actor_id == actor_id, a.n > 0)).all()


def titles(conn: Connection, actor_id: int) -> list[Any]:
    """(title, affiliation, first, last, n) given to an actor, None for absent parts."""
    t = actor_titles.c
    rows = conn.execute(sa.select(t.title, t.affiliation, t.first, t.last, t.n)
                        .where(t.actor_id == actor_id, t.n > 0)).all()
    return [(None if r.title == NONE_KEY else r.title,
             None if r.affiliation == NONE_KEY else r.affiliation, r.first, r.last, r.n)
            for r in rows]


def issue_top(conn: Connection, slug: str, limit: int) -> list[tuple[int, Position]]:
    """The positions on an issue of the ``limit`` actors with the most stances on it."""
    p = actor_positions.c
    rows = conn.execute(sa.select(p.n, p.body).where(p.issue == slug, p.n > 0)
                        .order_by(p.n.desc(), p.actor_id).limit(limit))
    return [(r.n, Position.from_json_text(r.body)) for r in rows]


def issue_latest(conn: Connection, slug: str) -> list[tuple[str, str]]:
    """(name, latest stance) of every actor with a stance on an issue."""
    p = actor_positions.c
    return [(r.actor_name, r.stance) for r in conn.execute(
        sa.select(p.actor_name, p.stance).where(p.issue == slug, p.n > 0))]


def issue_change_count(conn: Connection, slug: str) -> int:
    return conn.execute(sa.select(sa.func.count()).select_from(issue_changes)
                        .where(issue_changes.c.issue == slug)).scalar_one()


def issue_latest_changes(conn: Connection, slug: str, limit: int) -> list[tuple[tuple, StanceStep]]:
    """The last ``limit`` changes of actors' positions on an issue, newest first, each with
    its timeline key (day, article, position, stance id)."""
    c = issue_changes.c
    rows = conn.execute(sa.select(c.day, c.article_id, c.position, c.stance_id, c.body)
                        .where(c.issue == slug)
                        .order_by(c.day.desc(), c.article_id.desc(), c.position.desc(),
                                  c.stance_id.desc()).limit(limit))
    return [((r.day, r.article_id, r.position, r.stance_id), StanceStep(*json.loads(r.body)))
            for r in rows]


def issue_changes_of(conn: Connection, slug: str, actor_ids: list[int]) -> list[StanceStep]:
    """Every change of these actors' positions on an issue."""
    c = issue_changes.c
    return [StanceStep(*json.loads(b)) for b in conn.execute(
        sa.select(c.body).where(c.issue == slug, c.actor_id.in_(actor_ids))).scalars()]
