"""Queries the web hub needs beyond ``Store``'s own: a fixed number of queries per page.

Each function takes an open ``Store`` and runs inside ``reading`` (so database failures
become ``StoreError``). They use only indexed columns and never query per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import sqlalchemy as sa

from parley.store import memo, summaries
from parley.store.engine import reading
from parley.store.reads import (
    REF_COLUMNS,
    _ids,
    _param,
    event_records,
    once,
    quote_record,
    stance_record,
)
from parley.store.records import EventRecord, QuoteRecord, StanceRecord
from parley.store.repository import Store
from parley.store.schema import (
    actors,
    articles,
    event_participants,
    events,
    quotes,
    stances,
)
from parley.store.summaries import (  # noqa: F401  (StanceStep: re-exported)
    STEP_COLUMNS,
    STEP_ORDER,
    Position,
    StanceStep,
    position_of,
    steps_of,
)
from parley.world.charts import Tie
from parley.world.hub import DatedTitle, rank_ties


@dataclass(frozen=True, slots=True)
class TopQuote:
    """The quote shown under an article in listings."""

    article_id: int
    text: str
    speaker: str
    speaker_actor_id: int | None

    def to_json(self) -> dict:
        return {"text": self.text, "speaker": self.speaker,
                "speaker_actor_id": self.speaker_actor_id}


@once
def _top_quotes_stmt() -> sa.Select:
    return (sa.select(quotes.c.article_id, quotes.c.content_text, quotes.c.speaker_name,
                      quotes.c.speaker_actor_id, quotes.c.direct, quotes.c.position)
            .where(quotes.c.article_id.in_(_ids("article_ids")))
            .order_by(quotes.c.article_id, quotes.c.direct.desc(), quotes.c.position))


def top_quotes(store: Store, article_ids: Iterable[int]) -> dict[int, TopQuote]:
    """For each article, its first direct quote (else its first quote), in one query."""
    ids = sorted(set(article_ids))
    if not ids:
        return {}
    with reading(store.engine, where="reading top quotes") as conn:
        rows = conn.execute(_top_quotes_stmt(), {"article_ids": ids}).all()
    out: dict[int, TopQuote] = {}
    for r in rows:
        if r.article_id not in out:
            out[r.article_id] = TopQuote(r.article_id, r.content_text, r.speaker_name,
                                         r.speaker_actor_id)
    return out


def actor_ids_by_name(store: Store, names: Iterable[str]) -> dict[str, int]:
    """Actor ids for canonical names (exact match), in one query."""
    wanted = sorted(set(n for n in names if n))
    if not wanted:
        return {}
    with reading(store.engine, where="looking up actors") as conn:
        rows = conn.execute(_actors_by_name_stmt(), {"names": wanted}).all()
    return {r.name: r.id for r in rows}


@once
def _actors_by_name_stmt() -> sa.Select:
    return sa.select(actors.c.id, actors.c.name).where(actors.c.name.in_(_ids("names")))


@once
def _actor_name_stmt() -> sa.Select:
    return sa.select(actors.c.name).where(actors.c.id == _param("actor_id"))


def actor_name(store: Store, actor_id: int) -> str | None:
    """An actor's name by id (None when unknown): one primary-key look-up, no counts."""
    with reading(store.engine, where="looking up an actor") as conn:
        return conn.execute(_actor_name_stmt(), {"actor_id": actor_id}).scalar()


# -- positions on an issue, positions of an actor ------------------------------------------


def _stance_steps(store: Store, where: sa.ColumnElement) -> list[StanceStep]:
    """The stances matching ``where`` in time order, with changes flagged per (actor, issue).

    Only small columns are read so that an issue with thousands of stances stays fast.
    The order and the change rule are those of ``parley.positions``: by date (the stance's,
    else the article's), then article, then position; "unclear" never counts as a change.
    Only the stances table is read (no join), through its (issue|actor, listing_date) index.
    """
    with reading(store.engine, where="reading positions") as conn:
        rows = conn.execute(sa.select(*STEP_COLUMNS).where(where).order_by(*STEP_ORDER)).all()
    return steps_of(rows)


def actor_positions(store: Store, actor_id: int) -> list[Position]:
    """An actor's position on each issue (by slug), from the summaries kept on save."""
    with reading(store.engine, where=f"reading positions of actor {actor_id}") as conn:
        return summaries.positions(conn, actor_id)


def issue_steps(store: Store, slug: str) -> list[StanceStep]:
    """Every stance on an issue, oldest first, with changes flagged per actor."""
    return _stance_steps(store, stances.c.issue == slug)


@dataclass(slots=True)
class IssueView:
    """What an issue page shows of its holders, from the summaries (actors) and the record
    (stances without an actor id, usually few)."""

    top: list[Position]  # the holders with the most stances (at most ``cap``)
    chart_steps: list[StanceStep]  # what the chart draws of those holders, oldest first
    latest: list[tuple[str, str]]  # (name, latest stance) of every holder
    holders: int
    change_count: int
    changes: list[StanceStep]  # the newest ``changes`` changes, newest first


@once
def _nameless_stmt() -> sa.Select:
    return (sa.select(*STEP_COLUMNS, stances.c.article_id, stances.c.position)
            .where(stances.c.issue == _param("issue", stances.c.issue.type),
                   stances.c.actor_id.is_(None))
            .order_by(*STEP_ORDER))


def issue_view(store: Store, slug: str, cap: int, changes: int) -> IssueView:
    """An issue's holders in a fixed number of indexed queries (none reads every stance of
    the issue's actors): ``cap`` holders with the most stances, ``changes`` changes."""
    with reading(store.engine, where=f"reading positions on issue {slug!r}") as conn:
        nameless_rows = conn.execute(_nameless_stmt(), {"issue": slug}).all()
        top = summaries.issue_top(conn, slug, cap)
        latest = summaries.issue_latest(conn, slug)
        change_count = summaries.issue_change_count(conn, slug)
        kept = summaries.issue_latest_changes(conn, slug, changes)
        nameless = steps_of(nameless_rows)
        groups: dict[str, list[StanceStep]] = {}
        for step in nameless:
            groups.setdefault(step.actor, []).append(step)
        holders = [(n, p) for n, p in top] + [(len(v), position_of(v)) for v in groups.values()]
        holders.sort(key=lambda h: -h[0])
        shown = [p for _, p in holders[:cap]]
        # The chart draws, per holder, its first known stance, its changes and its latest
        # (``parley.world.charts._runs``), in timeline order by first stance.
        ids = [p.latest.actor_id for p in shown if p.latest.actor_id is not None]
        changed = summaries.issue_changes_of(conn, slug, ids) if ids else []
        nulls_high = conn.dialect.name == "postgresql"  # where NULL days sort
    latest += [(p.latest.actor, p.latest.stance) for p in map(position_of, groups.values())]
    own = [((r.day, r.article_id, r.position, r.id), s)
           for r, s in zip(nameless_rows, nameless, strict=True) if s.changed]

    def newest_first(item: tuple[tuple, StanceStep]) -> tuple:
        day, *rest = item[0]
        return ((day is None) == nulls_high, day or "", *rest)

    merged = sorted(kept + own, key=newest_first, reverse=True)[:changes]
    chart: dict[int, StanceStep] = {}
    for p in shown:
        if p.latest.actor_id is None:
            chart.update((s.stance_id, s) for s in groups[p.latest.actor])
        else:
            chart.update((s.stance_id, s) for s in (p.first, p.opening, p.latest))
    chart.update((s.stance_id, s) for s in changed)
    chart_steps = sorted(chart.values(), key=lambda s: ((s.date is None) == nulls_high,
                                                        s.date or "", s.stance_id))
    return IssueView(shown, chart_steps, latest, len(latest), change_count + len(own),
                     [s for _, s in merged])


def actor_steps(store: Store, actor_id: int) -> list[StanceStep]:
    """Every stance an actor took, oldest first, with changes flagged per issue."""
    return _stance_steps(store, stances.c.actor_id == actor_id)


@dataclass(frozen=True, slots=True)
class StanceDetail:
    """What a page shows of one stance: evidence, quote and the article it came from."""

    id: int
    evidence: str
    quote_id: int | None
    article_id: int
    article_title: str | None
    published: str | None

    def to_json(self) -> dict:
        return {"id": self.id, "evidence": self.evidence, "quote_id": self.quote_id,
                "article": {"id": self.article_id, "title": self.article_title,
                            "published": self.published}}


@once
def _stance_details_stmt() -> sa.Select:
    return (sa.select(stances.c.id, stances.c.evidence_text, stances.c.quote_id,
                      articles.c.id.label("article_id"), articles.c.title, articles.c.published)
            .join(articles, articles.c.id == stances.c.article_id)
            .where(stances.c.id.in_(_ids("stance_ids"))))


def stance_details(store: Store, ids: Iterable[int]) -> dict[int, StanceDetail]:
    """Evidence and article of the given stances, in one query."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    with reading(store.engine, where="reading stance evidence") as conn:
        rows = conn.execute(_stance_details_stmt(), {"stance_ids": wanted}).all()
    return {r.id: StanceDetail(r.id, r.evidence_text, r.quote_id, r.article_id, r.title,
                               r.published) for r in rows}


# -- timeline -------------------------------------------------------------------------------


def events_per_month(store: Store, actor_id: int | None = None) -> list[tuple[str, int]]:
    """How many dated events fall in each month (YYYY-MM), oldest first (from the summary
    ``actor_months``, kept on save)."""
    with reading(store.engine, where="counting events per month") as conn:
        return summaries.months(conn, actor_id)


def events_per_month_counted(store: Store, actor_id: int | None = None) -> list[tuple[str, int]]:
    """``events_per_month`` counted from the events themselves (the summary's reference)."""
    month = sa.func.substr(events.c.date, 1, 7)
    query = (sa.select(month.label("month"), sa.func.count().label("n"))
             .where(events.c.date.is_not(None), events.c.date != "")
             .group_by(month).order_by(month))
    if actor_id is not None:
        query = query.where(events.c.id.in_(
            sa.select(event_participants.c.event_id)
            .where(event_participants.c.actor_id == actor_id)))
    with reading(store.engine, where="counting events per month") as conn:
        return [(r.month, r.n) for r in conn.execute(query)]


# -- exports --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExportFilter:
    """Optional filters of an export: an actor (by id), an issue slug, a date range."""

    actor_id: int | None = None
    issue: str | None = None
    date_from: str | None = None  # YYYY-MM-DD or a prefix (YYYY, YYYY-MM)
    date_to: str | None = None


def _date_range(column, f: ExportFilter) -> list[sa.ColumnElement]:
    where = []
    if f.date_from:
        where.append(column >= f.date_from)
    if f.date_to:
        # "2025-03" as an upper bound means the whole of March.
        where.append(column <= f.date_to + "\uffff" if len(f.date_to) < 10 else column <= f.date_to)
    return where


def _keyset(store: Store, query: sa.Select, key, build, batch: int, what: str) -> Iterator:
    """Yield ``build(rows)`` items batch by batch, resuming after the last key each time
    (each batch in a transaction of its own: an export can take minutes)."""
    last = 0
    while True:
        with reading(store.engine, where=f"exporting {what}", own=True) as conn:
            rows = conn.execute(query.where(key > last).order_by(key).limit(batch)).all()
            items = build(conn, rows)
        yield from items
        if len(rows) < batch:
            return
        last = rows[-1].id


def export_quotes(store: Store, f: ExportFilter, batch: int = 500) -> Iterator[QuoteRecord]:
    """Every quote matching ``f`` in database order (streamed in batches)."""
    query = (sa.select(quotes, *REF_COLUMNS)
             .join(articles, articles.c.id == quotes.c.article_id)
             .where(*_date_range(articles.c.sort_date, f)))
    if f.actor_id is not None:
        query = query.where(quotes.c.speaker_actor_id == f.actor_id)
    if f.issue:
        query = query.where(sa.exists().where(stances.c.article_id == quotes.c.article_id,
                                              stances.c.issue == f.issue))
    return _keyset(store, query, quotes.c.id,
                   lambda conn, rows: [quote_record(r) for r in rows], batch, "quotes")


def export_stances(store: Store, f: ExportFilter, batch: int = 500) -> Iterator[StanceRecord]:
    """Every stance matching ``f`` in database order (streamed in batches)."""
    day = sa.func.coalesce(stances.c.date, articles.c.sort_date)
    query = (sa.select(stances, *REF_COLUMNS)
             .join(articles, articles.c.id == stances.c.article_id)
             .where(*_date_range(day, f)))
    if f.actor_id is not None:
        query = query.where(stances.c.actor_id == f.actor_id)
    if f.issue:
        query = query.where(stances.c.issue == f.issue)
    return _keyset(store, query, stances.c.id,
                   lambda conn, rows: [stance_record(r) for r in rows], batch, "stances")


def export_events(store: Store, f: ExportFilter, batch: int = 500) -> Iterator[EventRecord]:
    """Every event matching ``f`` in database order (streamed in batches)."""
    query = (sa.select(events.c.id, *REF_COLUMNS)
             .join(articles, articles.c.id == events.c.article_id)
             .where(*_date_range(events.c.date, f)))
    if f.actor_id is not None:
        query = query.where(events.c.id.in_(
            sa.select(event_participants.c.event_id)
            .where(event_participants.c.actor_id == f.actor_id)))
    if f.issue:
        query = query.where(sa.exists().where(stances.c.article_id == events.c.article_id,
                                              stances.c.issue == f.issue))
    return _keyset(store, query, events.c.id, event_records, batch, "events")


# -- memo of aggregates until the record changes: parley.store.memo -------------------------

cached = memo.cached
data_version = memo.data_version
CACHE_SIZE = memo.CACHE_SIZE


# -- an actor's ties and titles, from the summaries ----------------------------------------


def actor_ties(store: Store, actor_id: int, limit: int = 12) -> list[Tie]:
    """Whom an actor met or addressed, most often first: ``parley.world.hub.counterparts``
    read from the summaries ``actor_met`` and ``actor_addressed`` (kept on save)."""
    return actor_contacts(store, actor_id, limit)[0]


def actor_contacts(store: Store, actor_id: int, limit: int = 12
                   ) -> tuple[list[Tie], frozenset[str]]:
    """``actor_ties`` and the names it looked up in the registry (those the actor
    addressed): the ties depend on the actor's own record and on which of these names
    become actors (the memo's dependencies, see ``parley.store.memo``)."""
    with reading(store.engine, where=f"reading counterparts of actor {actor_id}") as conn:
        addressed = summaries.addressed(conn, actor_id)
        names = sorted({r.addressee for r in addressed})
        ids = dict(conn.execute(sa.select(actors.c.name, actors.c.id)
                                .where(actors.c.name.in_(names))).all()) if names else {}
        # Only the others that can rank: the addressed (their counts add up) and the
        # ``limit + len(addressed)`` most met (ties included).
        met = summaries.met(conn, actor_id, keep=limit + len(addressed), also=ids.values())
    return rank_ties(actor_id, met, addressed, ids, limit), frozenset(names)


def actor_titles(store: Store, actor_id: int) -> list[DatedTitle]:
    """``parley.world.hub.titles`` read from the summary ``actor_titles`` (kept on save)."""
    with reading(store.engine, where=f"reading titles of actor {actor_id}") as conn:
        rows = summaries.titles(conn, actor_id)
    # Latest last-seen first; equal days by title and affiliation (a stable page).
    out = sorted((DatedTitle(*r) for r in rows),
                 key=lambda t: (t.title or "", t.affiliation or ""))
    return sorted(out, key=lambda t: (t.last or "", t.first or ""), reverse=True)
