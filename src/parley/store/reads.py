"""Reading the record back: analyses, listings and the actor, issue and story pages.

Each function runs a fixed, small number of queries whatever the page size (no query per
row), on indexed orders, and returns ``Page`` objects: ``latest`` pages by keyset cursor
(stable while new articles arrive), the others by offset. Every list asks for one row more
than the page to know whether there is a next page without counting.

The statements of the hub's pages are built once (``once``) with bound parameters: building
a ``select`` and its cache key cost SQLAlchemy ~0.2 ms of CPU a statement, ten times its
execution of a prebuilt one; on PostgreSQL the same SQL text each time (an ``IN`` list is
an expanding parameter) is also what psycopg prepares on the server after a few runs.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from parley.errors import InputError
from parley.model import Actor, Analysis, Article, DateRef, Event, Quote, Span, Speaker, Stance
from parley.store.records import (
    ActorRecord,
    ArticleRef,
    ArticleSummary,
    EventRecord,
    IssueRecord,
    Page,
    QuoteRecord,
    RevisionInfo,
    StanceRecord,
    StoryRecord,
)
from parley.store.schema import (
    actor_mentions,
    actors,
    article_actors,
    article_revisions,
    articles,
    event_participants,
    events,
    issues,
    quotes,
    stances,
    stories,
)
from parley.store.summaries import actor_positions, actor_stats

_CURSOR = re.compile(r"^(\d{4}-\d{2}-\d{2})~(\d+)$")
MAX_LIMIT = 500

SUMMARY_COLUMNS = (
    articles.c.id, articles.c.doc_id, articles.c.title, articles.c.url, articles.c.source,
    articles.c.site, articles.c.author, articles.c.published, articles.c.language,
    articles.c.story_id, sa.func.coalesce(stories.c.article_count, 1).label("story_size"),
    articles.c.revision, articles.c.first_seen, articles.c.last_seen,
)
SUMMARY_FROM = articles.outerjoin(stories, stories.c.id == articles.c.story_id)
REF_COLUMNS = (
    articles.c.id.label("a_id"), articles.c.title.label("a_title"), articles.c.url.label("a_url"),
    articles.c.site.label("a_site"), articles.c.published.label("a_published"),
)


def once(build: Callable[..., sa.Executable]) -> Callable[..., sa.Executable]:
    """``build(*variant)`` called once per variant: the statement is kept and run again with
    new parameter values (``sa.bindparam``)."""
    return functools.cache(build)


def _param(name: str, type_=sa.Integer) -> sa.BindParameter:
    return sa.bindparam(name, type_=type_)


def _ids(name: str) -> sa.BindParameter:
    """An ``IN`` list as one parameter (expanded when run)."""
    return sa.bindparam(name, expanding=True)


def check_page(limit: int, offset: int = 0) -> None:
    """Refuse page sizes and offsets that make no sense."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError("page", f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
    if offset < 0:
        raise InputError("page", f"offset must not be negative, got {offset}")


def summary(row: Row) -> ArticleSummary:
    """Build an ``ArticleSummary`` from a row selected with ``SUMMARY_COLUMNS``."""
    m = row._mapping
    return ArticleSummary(**{c: m[c] for c in ArticleSummary.__slots__})  # type: ignore[attr-defined]


def article_ref(row: Row) -> ArticleRef:
    """Build an ``ArticleRef`` from a row selected with ``REF_COLUMNS``."""
    m = row._mapping
    return ArticleRef(m["a_id"], m["a_title"], m["a_url"], m["a_site"], m["a_published"])


def offset_page(rows: list, limit: int, offset: int, build) -> Page:
    """A page from ``limit + 1`` fetched rows."""
    items = [build(r) for r in rows[:limit]]
    return Page(items, offset + limit if len(rows) > limit else None)


def span_of(m: Any, name: str) -> Span | None:
    """The span stored in the ``<name>_*`` columns of a row mapping (None when empty)."""
    text = m[f"{name}_text"]
    if text is None:
        return None
    segs = m[f"{name}_segments"]
    return Span(text, m[f"{name}_start"], m[f"{name}_end"],
                tuple((int(s), int(e)) for s, e in segs) if segs else None)


@once
def _article_stmt() -> sa.Select:
    return (sa.select(*SUMMARY_COLUMNS).select_from(SUMMARY_FROM)
            .where(articles.c.id == _param("article_id")))


def article(conn: Connection, article_id: int) -> ArticleSummary | None:
    """One article's summary, or None."""
    row = conn.execute(_article_stmt(), {"article_id": article_id}).first()
    return summary(row) if row else None


def article_by_identity(conn: Connection, key: str) -> ArticleSummary | None:
    """The article stored under an identity key (see ``save.identity_key``), or None."""
    row = conn.execute(
        sa.select(*SUMMARY_COLUMNS).select_from(SUMMARY_FROM).where(articles.c.identity_key == key)
    ).first()
    return summary(row) if row else None


@once
def _latest_stmt(one_per_story: bool, before: bool) -> sa.Select:
    query = (
        sa.select(*SUMMARY_COLUMNS, articles.c.sort_date).select_from(SUMMARY_FROM)
        .where(articles.c.current_revision_id.is_not(None))
        .order_by(articles.c.sort_date.desc(), articles.c.id.desc())
        .limit(_param("limit"))
    )
    if one_per_story:
        query = query.where(articles.c.story_lead)  # ix_articles_lead_sort
    if before:
        day = _param("day", articles.c.sort_date.type)
        # ``sort_date <= day`` is implied by the OR, and is what the date index can start
        # from: PostgreSQL takes no range from the OR alone, and walked every newer lead
        # (~150 ms a page far back at 200k articles).
        query = query.where(articles.c.sort_date <= day, sa.or_(
            articles.c.sort_date < day,
            sa.and_(articles.c.sort_date == day, articles.c.id < _param("last_id")),
        ))
    return query


def latest(
    conn: Connection, limit: int, before: str | None, one_per_story: bool
) -> Page[ArticleSummary]:
    """Newest articles first (published date, then id); ``before`` is a ``Page.next`` cursor."""
    check_page(limit)
    params: dict[str, Any] = {"limit": limit + 1}
    if before:
        match = _CURSOR.match(before)
        if not match:
            raise InputError("cursor", f"not a page cursor: {before!r}")
        params.update(day=match.group(1), last_id=int(match.group(2)))
    rows = conn.execute(_latest_stmt(one_per_story, bool(before)), params).all()
    items = [summary(r) for r in rows[:limit]]
    cursor = None
    if len(rows) > limit:
        last = rows[limit - 1]
        cursor = f"{last.sort_date}~{last.id}"
    return Page(items, cursor)


@once
def _analysis_stmts() -> dict[str, sa.Select]:
    aid = _param("article_id")
    return {
        "head": sa.select(articles, article_revisions.c.title.label("rev_title"),
                          article_revisions.c.text, article_revisions.c.boilerplate)
        .join(article_revisions, article_revisions.c.id == articles.c.current_revision_id)
        .where(articles.c.id == aid),
        "quotes": sa.select(quotes).where(quotes.c.article_id == aid).order_by(quotes.c.position),
        "events": sa.select(events).where(events.c.article_id == aid).order_by(events.c.position),
        "stances": sa.select(stances).where(stances.c.article_id == aid)
        .order_by(stances.c.position),
        "actors": sa.select(article_actors, actors.c.name.label("actor_name"))
        .join(actors, actors.c.id == article_actors.c.actor_id)
        .where(article_actors.c.article_id == aid).order_by(article_actors.c.position),
        "mentions": sa.select(actor_mentions).where(actor_mentions.c.article_id == aid)
        .order_by(actor_mentions.c.actor_position, actor_mentions.c.position),
    }


def get_analysis(conn: Connection, article_id: int) -> Analysis | None:
    """Rebuild the stored ``Analysis`` of an article's current revision (None if unknown)."""
    head = conn.execute(_analysis_stmts()["head"], {"article_id": article_id}).first()
    return _analysis(conn, article_id, head._mapping) if head is not None else None


@once
def _summary_head_stmt() -> sa.Select:
    return (sa.select(*SUMMARY_COLUMNS, article_revisions.c.title.label("rev_title"),
                      article_revisions.c.text, article_revisions.c.boilerplate)
            .select_from(SUMMARY_FROM.join(
                article_revisions, article_revisions.c.id == articles.c.current_revision_id))
            .where(articles.c.id == _param("article_id")))


def article_analysis(conn: Connection, article_id: int
                     ) -> tuple[ArticleSummary, Analysis] | None:
    """``article`` and ``get_analysis`` of an article together (their head row read once);
    None when either is missing."""
    head = conn.execute(_summary_head_stmt(), {"article_id": article_id}).first()
    if head is None:
        return None
    return summary(head), _analysis(conn, article_id, head._mapping)


def _analysis(conn: Connection, article_id: int, h: Any) -> Analysis:
    """The ``Analysis`` of the article whose head row (article, revision title, text and
    boilerplate) is ``h``."""
    stmts, params = _analysis_stmts(), {"article_id": article_id}
    art = Article(
        doc_id=h["doc_id"], text=h["text"], title=h["rev_title"], published=h["published"],
        source=h["source"], url=h["url"], author=h["author"], site=h["site"],
        language=h["language"], boilerplate=[(int(s), int(e)) for s, e in h["boilerplate"] or []],
    )
    return Analysis(
        doc_id=h["doc_id"], article=art, actors=_actors_of(conn, article_id),
        quotes=[quote_of(r._mapping) for r in conn.execute(stmts["quotes"], params)],
        events=_event_models(conn, conn.execute(stmts["events"], params).all()),
        stances=[stance_of(r._mapping) for r in conn.execute(stmts["stances"], params)],
    )


def _actors_of(conn: Connection, article_id: int) -> list[Actor]:
    stmts, params = _analysis_stmts(), {"article_id": article_id}
    rows = conn.execute(stmts["actors"], params).all()
    # The name as analysed (v6); rows saved before it had only the actor row's name.
    out = [Actor(id=r.local_id, name=r.name or r.actor_name, kind=r.kind, country=r.country,
                 aliases=list(r.aliases or []), in_registry=bool(r.in_registry),
                 title=r.title, affiliation=r.affiliation) for r in rows]
    by_pos = {r.position: a for r, a in zip(rows, out, strict=True)}
    for m in conn.execute(stmts["mentions"], params):
        by_pos[m.actor_position].mentions.append(span_of(m._mapping, "mention"))
    return out


def quote_of(m: Any) -> Quote:
    """A model ``Quote`` from a ``quotes`` row mapping."""
    return Quote(
        id=m["local_id"], content=span_of(m, "content"), direct=bool(m["direct"]),
        speaker=Speaker(m["speaker_name"], span_of(m, "speaker_mention"), m["speaker_local_id"]),
        cue=span_of(m, "cue"), addressee=m["addressee"], event_id=m["event_local_id"],
    )


def stance_of(m: Any) -> Stance:
    """A model ``Stance`` from a ``stances`` row mapping."""
    return Stance(
        id=m["local_id"], issue=m["target_key"] or m["issue"], proposition=m["proposition"],
        actor=m["actor_name"], stance=m["stance"], evidence=span_of(m, "evidence"),
        quote_id=m["quote_local_id"], date=m["date"], origin=m["origin"] or "catalogue",
        holder=span_of(m, "holder"), cue=span_of(m, "cue"), target=span_of(m, "target"),
        condition=m["condition"],
    )


def _events_of(conn: Connection, query: sa.Select) -> list[Event]:
    """Model events for the ``events`` rows ``query`` selects, with their participants."""
    return _event_models(conn, conn.execute(query).all())


def _event_models(conn: Connection, rows: Sequence[Row]) -> list[Event]:
    """Model events for rows holding every ``events`` column, with their participants (one
    query)."""
    if not rows:
        return []
    by_id = {}
    out = []
    for r in rows:
        m = r._mapping
        expression = span_of(m, "date_expression")
        date = None
        if expression is not None:
            date = DateRef(expression, m["date"], m["date_granularity"] or "day", m["date_until"],
                           bool(m["date_resolved"]))
        event = Event(id=m["local_id"], kind=m["kind"], plover=m["plover"],
                      evidence=span_of(m, "evidence"), mode=m["mode"], place=m["place"], date=date,
                      event_id=m["parent_local_id"], status=m["status"] or "happened")
        by_id[m["id"]] = event
        out.append(event)
    for p in conn.execute(_participants_stmt(), {"event_ids": list(by_id)}):
        event = by_id[p.event_id]
        roles = {"actor": event.actors, "mediator": event.mediators}
        roles.get(p.role, event.recipients).append(p.actor_name)
    return out


@once
def _participants_stmt() -> sa.Select:
    return (sa.select(event_participants).where(event_participants.c.event_id.in_(
        _ids("event_ids"))).order_by(event_participants.c.event_id, event_participants.c.role,
                                     event_participants.c.position))


def resolve_actor(conn: Connection, ref: int | str) -> int | None:
    """An actor id from an id or a name (case-insensitive); None when unknown."""
    if isinstance(ref, int):
        return conn.execute(sa.select(actors.c.id).where(actors.c.id == ref)).scalar()
    return conn.execute(
        sa.select(actors.c.id).where(sa.func.lower(actors.c.name) == ref.strip().lower())
        .order_by(actors.c.id).limit(1)
    ).scalar()


def _actor_query() -> sa.Select:
    """Actors with their counts, read from ``actor_stats`` (kept on save; see
    ``parley.store.summaries``) rather than counted per request."""
    st = actor_stats.c
    return sa.select(
        actors,
        *(sa.func.coalesce(st[c], 0).label(f"{c[:-1]}_count")
          for c in ("articles", "quotes", "events", "stances")),
    ).select_from(actors.outerjoin(actor_stats, actor_stats.c.actor_id == actors.c.id))


def _actor_record(row: Row) -> ActorRecord:
    m = row._mapping
    return ActorRecord(
        id=m["id"], name=m["name"], kind=m["kind"], country=m["country"],
        aliases=list(m["aliases"] or []), in_registry=bool(m["in_registry"]),
        article_count=m["article_count"], quote_count=m["quote_count"],
        event_count=m["event_count"], stance_count=m["stance_count"],
        title=m["title"], affiliation=m["affiliation"],
    )


def actor(conn: Connection, ref: int | str) -> ActorRecord | None:
    """One actor (by id or name) with its counts, or None (one query for an id)."""
    actor_id = ref if isinstance(ref, int) else resolve_actor(conn, ref)
    if actor_id is None:
        return None
    row = conn.execute(_actor_by_id(), {"actor_id": actor_id}).first()
    return _actor_record(row) if row else None


@once
def _actor_by_id() -> sa.Select:
    return _actor_query().where(actors.c.id == _param("actor_id"))


def like_escape(value: str) -> str:
    """``value`` with LIKE's wildcards (and the escape character) escaped by a backslash."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_actors(
    conn: Connection, limit: int, offset: int, prefix: str | None
) -> Page[ActorRecord]:
    """Actors by name, optionally those whose name starts with ``prefix``."""
    check_page(limit, offset)
    params = {"limit": limit + 1, "offset": offset}
    if prefix:
        params["prefix"] = like_escape(prefix.lower()) + "%"
    return offset_page(conn.execute(_actors_stmt(bool(prefix)), params).all(), limit, offset,
                       _actor_record)


@once
def _actors_stmt(prefix: bool) -> sa.Select:
    query = (_actor_query().order_by(actors.c.name, actors.c.id)
             .limit(_param("limit")).offset(_param("offset")))
    if prefix:
        query = query.where(sa.func.lower(actors.c.name).like(
            _param("prefix", actors.c.name.type), escape="\\"))
    return query


def quotes_page(
    conn: Connection, where: sa.ColumnElement, limit: int, offset: int
) -> Page[QuoteRecord]:
    """Quotes matching ``where``, newest article first, in text order within an article."""
    check_page(limit, offset)
    rows = conn.execute(
        sa.select(quotes, *REF_COLUMNS).join(articles, articles.c.id == quotes.c.article_id)
        .where(where)
        # The order of ix_quotes_speaker_sort: a speaker's page reads one index range.
        .order_by(quotes.c.sort_date.desc(), quotes.c.article_id.desc(), quotes.c.position)
        .limit(limit + 1).offset(offset)
    ).all()
    return offset_page(rows, limit, offset, quote_record)


@once
def _speaker_quotes_stmt() -> sa.Select:
    return (sa.select(quotes, *REF_COLUMNS).join(articles, articles.c.id == quotes.c.article_id)
            .where(quotes.c.speaker_actor_id == _param("actor_id"))
            .order_by(quotes.c.sort_date.desc(), quotes.c.article_id.desc(), quotes.c.position)
            .limit(_param("limit")).offset(_param("offset")))


def speaker_quotes(conn: Connection, actor_id: int, limit: int, offset: int
                   ) -> Page[QuoteRecord]:
    """``quotes_page`` of one speaker (a statement built once)."""
    check_page(limit, offset)
    rows = conn.execute(_speaker_quotes_stmt(),
                        {"actor_id": actor_id, "limit": limit + 1, "offset": offset}).all()
    return offset_page(rows, limit, offset, quote_record)


def quote_record(row: Row) -> QuoteRecord:
    """A ``QuoteRecord`` from a row of ``quotes`` + ``REF_COLUMNS``."""
    m = row._mapping
    return QuoteRecord(m["id"], quote_of(m), m["speaker_actor_id"], article_ref(row))


def stance_record(row: Row) -> StanceRecord:
    """A ``StanceRecord`` from a row of ``stances`` + ``REF_COLUMNS``."""
    return StanceRecord(row.id, stance_of(row._mapping), row.actor_id, row.quote_id,
                        article_ref(row), row.issue)


def event_records(conn: Connection, rows: Sequence[Row]) -> list[EventRecord]:
    """``EventRecord``s for rows of ``events.id`` + ``REF_COLUMNS`` in ascending id order."""
    if not rows:
        return []
    models = _events_of(conn, sa.select(events).where(events.c.id.in_([r.id for r in rows]))
                        .order_by(events.c.id))
    return [EventRecord(r.id, m, article_ref(r)) for r, m in zip(rows, models, strict=True)]


@once
def _event_ids_stmt(of_actor: bool) -> sa.Select:
    if not of_actor:
        query = (sa.select(events.c.id).order_by(events.c.listing_date.desc(), events.c.id.desc()))
    else:
        p, other = event_participants, event_participants.alias("other")
        query = (
            sa.select(p.c.event_id.label("id")).where(p.c.actor_id == _param("actor_id"))
            # An actor listed twice in one event (actor and recipient) counts once.
            .where(~sa.exists().where(other.c.event_id == p.c.event_id,
                                      other.c.actor_id == p.c.actor_id,
                                      sa.tuple_(other.c.role, other.c.position)
                                      < sa.tuple_(p.c.role, p.c.position)))
            .order_by(p.c.listing_date.desc(), p.c.event_id.desc())
        )
    return query.limit(_param("limit")).offset(_param("offset"))


@once
def _events_by_id_stmt() -> sa.Select:
    return (sa.select(events, *REF_COLUMNS).join(articles, articles.c.id == events.c.article_id)
            .where(events.c.id.in_(_ids("event_ids"))).order_by(events.c.id))


def events_page(
    conn: Connection, actor_id: int | None, limit: int, offset: int
) -> Page[EventRecord]:
    """Events (of one actor, or all), latest resolved date first; undated ones last."""
    check_page(limit, offset)
    params = {"limit": limit + 1, "offset": offset, "actor_id": actor_id}
    ids = conn.execute(_event_ids_stmt(actor_id is not None), params).scalars().all()
    page_ids = list(ids[:limit])
    if not page_ids:
        return Page([], None)
    # The page's events with their articles in one query (the ids first: an OFFSET skips
    # rows of the index alone), then their participants.
    rows = conn.execute(_events_by_id_stmt(), {"event_ids": page_ids}).all()
    by_id = {r.id: EventRecord(r.id, m, article_ref(r))
             for r, m in zip(rows, _event_models(conn, rows), strict=True)}
    items = [by_id[i] for i in page_ids]
    return Page(items, offset + limit if len(ids) > limit else None)


def stances_page(
    conn: Connection, issue: str | None, actor_id: int | None, limit: int, offset: int
) -> Page[StanceRecord]:
    """Stances (on one issue and/or by one actor), oldest first: a timeline of positions."""
    check_page(limit, offset)
    query = (
        sa.select(stances, *REF_COLUMNS).join(articles, articles.c.id == stances.c.article_id)
        # listing_date is never null: the (issue|actor_id, listing_date, id) indexes serve it.
        .order_by(stances.c.listing_date, stances.c.id)
        .limit(limit + 1).offset(offset)
    )
    if issue is not None:
        query = query.where(stances.c.issue == issue)
    if actor_id is not None:
        query = query.where(stances.c.actor_id == actor_id)
    rows = conn.execute(query).all()
    return offset_page(rows, limit, offset, stance_record)


def _issue_query(chosen: sa.Select) -> sa.Select:
    """The issues ``chosen`` selects (its ``issues`` columns, in slug order) with their
    counts. The actors' counts come from their kept positions (``summaries.actor_positions``)
    in one grouped pass over the chosen issues only (not two correlated sums for every issue
    an OFFSET skips); the stances without an actor id and the last date through the
    stances' issue indexes."""
    page = chosen.subquery("chosen")
    held = (sa.select(actor_positions.c.issue, sa.func.sum(actor_positions.c.n).label("n"),
                      sa.func.count().label("actors"))
            .where(actor_positions.c.issue.in_(sa.select(page.c.slug)), actor_positions.c.n > 0)
            .group_by(actor_positions.c.issue).subquery("held"))

    def per_issue(expr, *where):
        return sa.select(expr).where(stances.c.issue == page.c.slug, *where).scalar_subquery()

    return sa.select(
        page.c.slug, page.c.proposition, page.c.label, page.c.origin, page.c.merged_into,
        (sa.func.coalesce(held.c.n, 0)
         + per_issue(sa.func.count(), stances.c.actor_id.is_(None))).label("stance_count"),
        sa.func.coalesce(held.c.actors, 0).label("actor_count"),
        per_issue(sa.func.max(stances.c.listing_date)).label("last_date"),
    ).select_from(page.outerjoin(held, held.c.issue == page.c.slug)).order_by(page.c.slug)


_ISSUE_COLUMNS = (issues.c.slug, issues.c.proposition, issues.c.label, issues.c.origin,
                  issues.c.merged_into)


def _issue_record(row: Row) -> IssueRecord:
    return IssueRecord(row.slug, row.proposition, row.stance_count, row.actor_count, row.last_date,
                       row.label, row.origin or "catalogue", row.merged_into)


@once
def _issue_stmt() -> sa.Select:
    return _issue_query(sa.select(*_ISSUE_COLUMNS)
                        .where(issues.c.slug == _param("slug", issues.c.slug.type)))


@once
def _issues_stmt() -> sa.Select:
    return _issue_query(sa.select(*_ISSUE_COLUMNS).where(issues.c.merged_into.is_(None))
                        .order_by(issues.c.slug).limit(_param("limit")).offset(_param("offset")))


def issue(conn: Connection, slug: str) -> IssueRecord | None:
    """One issue with its stance counts, or None."""
    row = conn.execute(_issue_stmt(), {"slug": slug}).first()
    return _issue_record(row) if row else None


def list_issues(conn: Connection, limit: int, offset: int) -> Page[IssueRecord]:
    """Issues by slug, with stance counts."""
    check_page(limit, offset)
    rows = conn.execute(_issues_stmt(), {"limit": limit + 1, "offset": offset}).all()
    return offset_page(rows, limit, offset, _issue_record)


@once
def _story_stmts() -> tuple[sa.Select, sa.Select]:
    sid = _param("story_id")
    return (sa.select(stories).where(stories.c.id == sid),
            sa.select(*SUMMARY_COLUMNS).select_from(SUMMARY_FROM)
            .where(articles.c.story_id == sid).order_by(articles.c.id).limit(MAX_LIMIT))


def story(conn: Connection, story_id: int) -> StoryRecord | None:
    """A story and its sources (articles, first seen first), or None."""
    head_stmt, rows_stmt = _story_stmts()
    head = conn.execute(head_stmt, {"story_id": story_id}).first()
    if head is None:
        return None
    rows = conn.execute(rows_stmt, {"story_id": story_id}).all()
    return StoryRecord(head.id, head.title, head.article_count, [summary(r) for r in rows])


def revisions(conn: Connection, article_id: int) -> list[RevisionInfo]:
    """The stored revisions of an article, oldest first."""
    rows = conn.execute(
        sa.select(article_revisions.c.revision, article_revisions.c.content_hash,
                  article_revisions.c.title, article_revisions.c.fetched_at,
                  sa.func.length(article_revisions.c.text).label("chars"))
        .where(article_revisions.c.article_id == article_id).order_by(article_revisions.c.revision)
    ).all()
    return [RevisionInfo(r.revision, r.content_hash, r.title, r.fetched_at, r.chars) for r in rows]
