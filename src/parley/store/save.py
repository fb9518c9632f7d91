"""Saving one analysis: identity, revision, story grouping and the record, in one transaction.

An article's identity is its URL (the ``url`` argument, else ``Article.url``), or, without
one, ``"<source>#<doc_id>"``. The same identity with the same content hash (title + text)
is *unchanged*; with another hash it is a new *revision* and its facts are replaced. A new
identity is a new article; if its body is a near-duplicate of a stored article it joins
that article's story (*duplicate*), else it starts a story of its own (*new*).

Concurrency: the article row is inserted with "on conflict do nothing" and then locked
(``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite the whole write transaction holds the
lock from ``BEGIN IMMEDIATE``), so two processes saving the same article at once produce
one row: the second waits and then finds it unchanged. Actors and issues are inserted the
same way in sorted order (no lock-order deadlocks). On PostgreSQL, a new article also takes
advisory locks on its LSH buckets, so two copies of one story saved at the same moment
still end up in one story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from parley.model import Actor, Analysis, Article, Span, stable_id
from parley.store import bulk, dedupe, summaries
from parley.store.bulk import insert_ignore
from parley.store.records import SaveResult
from parley.store.schema import (
    actor_mentions,
    actors,
    article_actors,
    article_revisions,
    articles,
    event_participants,
    events,
    issues,
    minhash_bands,
    minhash_signatures,
    quotes,
    stances,
    stories,
    utcnow,
)
from parley.world.identity import last_key

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def identity_of(article: Article, url: str | None = None, doc_id: str | None = None) -> str:
    """The identity an article is stored under: its URL, else ``source#doc_id``."""
    url = url or article.url
    return url if url else f"{article.source}#{doc_id or article.doc_id}"


def identity_key(identity: str) -> str:
    """The indexed, fixed-length key of an identity."""
    return stable_id(identity, length=32)


def host_of(url: str | None) -> str | None:
    """The URL's host name without a leading ``www.`` (None without a URL)."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host or None


@dataclass(slots=True)
class Prepared:
    """Everything computed before the transaction starts (hashing is CPU work)."""

    analysis: Analysis
    doc_id: str
    url: str | None
    identity: str
    key: str
    content_hash: str
    signature: np.ndarray | None
    buckets: list[tuple[int, int]]
    fetched_at: datetime


def prepare(analysis: Analysis, url: str | None, fetched_at: datetime | None) -> Prepared:
    """Compute identity, content hash and MinHash signature of ``analysis``."""
    article = analysis.article
    doc_id = article.doc_id or analysis.doc_id
    url = url or article.url
    identity = identity_of(article, url, doc_id)
    sig = dedupe.signature(article)
    return Prepared(
        analysis=analysis,
        doc_id=doc_id,
        url=url,
        identity=identity,
        key=identity_key(identity),
        content_hash=article.content_hash,
        signature=sig,
        buckets=dedupe.buckets(sig) if sig is not None else [],
        fetched_at=fetched_at or utcnow(),
    )


@dataclass(slots=True)
class Known:
    """Registry rows known to exist: actor ids by name, registry actors, issue slugs.

    A Store keeps one per process and merges what a save learned only after its commit,
    so known rows cost no statement (rows in these tables are never deleted or renumbered).
    """

    actors: dict[str, int] = field(default_factory=dict)
    registry: set[str] = field(default_factory=set)
    issues: set[str] = field(default_factory=set)

    def merge(self, other: Known) -> None:
        """Add what ``other`` learned."""
        self.actors.update(other.actors)
        self.registry |= other.registry
        self.issues |= other.issues


_LOCK_ARTICLE = (
    sa.select(articles.c.id, articles.c.content_hash, articles.c.revision, articles.c.story_id,
              articles.c.sort_date)
    .where(articles.c.identity_key == sa.bindparam("key"))
    .with_for_update()
)


def save(conn: Connection, p: Prepared, known: Known) -> tuple[SaveResult, Known]:
    """Save a prepared analysis on ``conn`` (inside the caller's write transaction).

    Returns the result and the registry rows this save learned (merge them after commit).
    """
    now = utcnow()
    row = conn.execute(_LOCK_ARTICLE, {"key": p.key}).first()
    created = False
    if row is None:
        row = _insert_article(conn, p, now)
        created = row is not None
        if row is None:
            # Another writer inserted it meanwhile: this waits for its commit.
            row = conn.execute(_LOCK_ARTICLE, {"key": p.key}).one()
    if not created and row.content_hash == p.content_hash:
        conn.execute(sa.update(articles).where(articles.c.id == row.id).values(last_seen=now))
        return SaveResult("unchanged", row.id, row.revision, row.story_id), Known()
    lead = None  # unchanged by a revision
    old = None
    if created:
        story_id, dup_of, sim = _join_story(conn, p, row.id, now)
        status = "duplicate" if dup_of is not None else "new"
        lead = dup_of is None
    else:
        story_id, dup_of, sim = row.story_id, None, None
        status = "revised"
        old = summaries.contribution(conn, [row.id])  # what the replaced facts added up to
        _delete_facts(conn, row.id)
        conn.execute(sa.delete(minhash_bands).where(minhash_bands.c.article_id == row.id))
        conn.execute(sa.delete(minhash_signatures).where(minhash_signatures.c.article_id == row.id))
    _insert_signature(conn, p, row.id)
    revision = row.revision + 1
    sort_date = _sort_date(p.analysis.article.published, None) or row.sort_date
    revision_id = _insert_revision(conn, p, row.id, revision, story_id, sort_date, lead, now)
    learned, written = insert_facts(conn, row.id, revision_id, p.analysis, now, known, sort_date,
                                   revised=not created)
    summaries.saved(conn, written, old)
    return SaveResult(status, row.id, revision, story_id, dup_of, sim), learned


def _metadata(p: Prepared) -> dict:
    article = p.analysis.article
    return {
        "doc_id": p.doc_id,
        "source": article.source,
        "url": p.url,
        "title": article.title,
        "author": article.author,
        "site": article.site,
        "host": host_of(p.url),
        "published": article.published,
        "language": article.language,
    }


def _sort_date(published: str | None, fallback: datetime | None) -> str | None:
    """The listing day: the published date, else the fallback's day (None without one)."""
    if published and _ISO_DAY.match(published):
        return published[:10]
    return fallback.date().isoformat() if fallback else None


def _insert_article(conn: Connection, p: Prepared, now: datetime) -> Row | None:
    """Insert the article's identity row unless it exists: the new row (the columns of
    ``_LOCK_ARTICLE``), or None when another writer's row was there."""
    values = {
        "identity_key": p.key,
        "identity": p.identity,
        **_metadata(p),
        "revision": 0,
        "sort_date": _sort_date(p.analysis.article.published, now),
        "first_seen": now,
        "last_seen": now,
    }
    # RETURNING, not rowcount: it yields a row exactly when this statement inserted one.
    return conn.execute(insert_ignore(conn, articles).returning(*_LOCK_ARTICLE.selected_columns),
                        values).first()


def _insert_revision(
    conn: Connection, p: Prepared, article_id: int, revision: int, story_id: int | None,
    sort_date: str, lead: bool | None, now: datetime,
) -> int:
    article = p.analysis.article
    revision_id = conn.execute(
        sa.insert(article_revisions).returning(article_revisions.c.id),
        {
            "article_id": article_id,
            "revision": revision,
            "content_hash": p.content_hash,
            "title": article.title,
            "text": article.text,
            "boilerplate": [list(r) for r in article.boilerplate] or None,
            "fetched_at": p.fetched_at,
        },
    ).scalar_one()
    values = {**_metadata(p), "revision": revision, "current_revision_id": revision_id,
              "content_hash": p.content_hash, "story_id": story_id, "sort_date": sort_date,
              "last_seen": now}
    if lead is not None:
        values["story_lead"] = lead
    conn.execute(sa.update(articles).where(articles.c.id == article_id).values(**values))
    return revision_id


def _insert_signature(conn: Connection, p: Prepared, article_id: int) -> None:
    if p.signature is None:
        return
    conn.execute(
        sa.insert(minhash_signatures),
        {"article_id": article_id, "signature": dedupe.to_bytes(p.signature)},
    )
    bulk.insert(conn, minhash_bands, [{"bucket": bucket, "article_id": article_id, "band": band}
                                      for band, bucket in p.buckets])


def _join_story(
    conn: Connection, p: Prepared, article_id: int, now: datetime
) -> tuple[int, int | None, float | None]:
    """The story a new article belongs to: a near-duplicate's, or a new one."""
    best: tuple[float, int, int] | None = None  # (similarity, -article_id, story_id)
    if p.signature is not None:
        keys = sorted(bucket for _, bucket in p.buckets)
        if conn.dialect.name == "postgresql":
            # Serialise concurrent saves of copies of one story (they share buckets).
            conn.execute(
                sa.text("SELECT pg_advisory_xact_lock(k) FROM unnest(CAST(:keys AS bigint[])) AS k"),
                {"keys": keys},
            )
        # Candidates share at least MIN_SHARED buckets; the most similar-looking come first
        # and at most MAX_CANDIDATES are compared, so a save stays cheap whatever is stored.
        shared = (
            sa.select(minhash_bands.c.article_id, sa.func.count().label("n"))
            .where(minhash_bands.c.bucket.in_(keys), minhash_bands.c.article_id != article_id)
            .group_by(minhash_bands.c.article_id)
            .having(sa.func.count() >= dedupe.MIN_SHARED)
            .order_by(sa.func.count().desc(), minhash_bands.c.article_id)
            .limit(dedupe.MAX_CANDIDATES)
            .subquery()
        )
        candidates = (
            sa.select(articles.c.id, articles.c.story_id, minhash_signatures.c.signature)
            .join(shared, shared.c.article_id == articles.c.id)
            .join(minhash_signatures, minhash_signatures.c.article_id == articles.c.id)
            .where(articles.c.story_id.is_not(None))
        )
        for cand in conn.execute(candidates):
            sim = dedupe.similarity(p.signature, dedupe.from_bytes(cand.signature))
            if sim >= dedupe.THRESHOLD and (best is None or (sim, -cand.id) > best[:2]):
                best = (sim, -cand.id, cand.story_id)
    if best is not None:
        conn.execute(
            sa.update(stories).where(stories.c.id == best[2])
            .values(article_count=stories.c.article_count + 1, updated_at=now)
        )
        return best[2], -best[1], best[0]
    story_id = conn.execute(
        sa.insert(stories).returning(stories.c.id),
        {"title": p.analysis.article.title, "first_article_id": article_id, "article_count": 1,
         "created_at": now, "updated_at": now},
    ).scalar_one()
    return story_id, None, None


def _delete_facts(conn: Connection, article_id: int) -> None:
    """Remove the facts of an article's previous revision (children before parents)."""
    conn.execute(sa.delete(stances).where(stances.c.article_id == article_id))
    conn.execute(sa.delete(quotes).where(quotes.c.article_id == article_id))
    conn.execute(sa.delete(event_participants).where(event_participants.c.event_id.in_(
        sa.select(events.c.id).where(events.c.article_id == article_id)
    )))
    conn.execute(sa.delete(events).where(events.c.article_id == article_id))
    conn.execute(sa.delete(actor_mentions).where(actor_mentions.c.article_id == article_id))
    conn.execute(sa.delete(article_actors).where(article_actors.c.article_id == article_id))


def span_columns(name: str, span: Span | None) -> dict:
    """The ``<name>_text/_start/_end/_segments`` column values of ``span``."""
    if span is None:
        return {f"{name}_text": None, f"{name}_start": None, f"{name}_end": None,
                f"{name}_segments": None}
    return {
        f"{name}_text": span.text,
        f"{name}_start": span.start,
        f"{name}_end": span.end,
        f"{name}_segments": [list(s) for s in span.segments] if span.segments else None,
    }


def insert_facts(
    conn: Connection, article_id: int, revision_id: int, analysis: Analysis, now: datetime,
    known: Known, sort_date: str, revised: bool = False,
) -> tuple[Known, summaries.Written]:
    """Insert actors, mentions, events, quotes and stances of one revision (executemany);
    the registry rows learned, and the fact rows written (the summaries' input)."""
    learned = Known()
    written = summaries.Written(article_id, sort_date)
    ids = _actor_ids(conn, analysis, now, known, learned)
    groups: dict[str, str] = {}
    if any(s.origin == "open" for s in analysis.stances):
        from parley.world.store import assign_open_stances  # the across-articles layer

        groups = assign_open_stances(conn, analysis, article_id, now, revised=revised)
    _insert_issues(conn, analysis, now, known, learned, groups)
    base = {"article_id": article_id, "revision_id": revision_id}
    _insert_actors(conn, base, analysis, ids, written)
    event_ids = _insert_events(conn, base, analysis, ids, written)
    quote_ids = _insert_quotes(conn, {**base, "sort_date": sort_date}, analysis, ids, event_ids,
                               written)
    if analysis.stances:
        written.stances = [
            {**base, "position": pos, "local_id": s.id, "issue": groups.get(s.id, s.issue),
             "target_key": s.issue if s.id in groups else None, "origin": s.origin,
             "proposition": s.proposition, "actor_id": ids.get(s.actor), "actor_name": s.actor,
             "stance": s.stance, **span_columns("evidence", s.evidence),
             **span_columns("holder", s.holder), **span_columns("cue", s.cue),
             **span_columns("target", s.target), "condition": s.condition,
             "quote_local_id": s.quote_id, "quote_id": quote_ids.get(s.quote_id or ""),
             "date": s.date, "listing_date": s.date or sort_date}
            for pos, s in enumerate(analysis.stances)
        ]
        bulk.insert(conn, stances, written.stances)
    return learned, written


def speaker_name_for(analysis: Analysis) -> dict[str, str]:
    """Map each quote's id to the actor name it links to (via actor id, else by name)."""
    by_local = {a.id: a.name for a in analysis.actors}
    out = {}
    for q in analysis.quotes:
        name = by_local.get(q.speaker.actor_id or "") or q.speaker.name
        if name:
            out[q.id] = name
    return out


def _actor_ids(
    conn: Connection, analysis: Analysis, now: datetime, known: Known, learned: Known
) -> dict[str, int]:
    """Upsert every actor the analysis names into the registry; map name -> actor id."""
    given = {}
    for actor in analysis.actors:
        given.setdefault(actor.name, actor)
    names = set(given) | set(speaker_name_for(analysis).values())
    names |= {n for e in analysis.events for n in (*e.actors, *e.recipients, *e.mediators)}
    names |= {s.actor for s in analysis.stances}
    names.discard("")
    ids = {name: known.actors[name] for name in names if name in known.actors}
    missing = sorted(names - set(ids))  # sorted: the same lock order in every transaction
    if missing:
        # Not cached in ``known``: whether a name is a stored person depends on the article.
        ids.update(_same_people(conn, missing, given))
        missing = [name for name in missing if name not in ids]
    if missing:
        found = dict(conn.execute(
            insert_ignore(conn, actors).returning(actors.c.name, actors.c.id),
            [_actor_row(name, given.get(name), now) for name in missing]).all())
        meanwhile = [name for name in missing if name not in found]  # another writer's rows
        if meanwhile:
            found.update(conn.execute(sa.select(actors.c.name, actors.c.id)
                                      .where(actors.c.name.in_(meanwhile))).all())
        learned.actors.update(found)
        ids.update(learned.actors)
    registry = [given[n] for n in sorted(given) if given[n].in_registry and n not in known.registry]
    if registry:
        # The curated registry is authoritative over what was guessed from text.
        conn.execute(
            sa.update(actors)
            .where(actors.c.name == sa.bindparam("b_name"), actors.c.in_registry == sa.false())
            .values(kind=sa.bindparam("b_kind"), country=sa.bindparam("b_country"),
                    aliases=sa.bindparam("b_aliases"), in_registry=True),
            [{"b_name": a.name, "b_kind": a.kind, "b_country": a.country,
              "b_aliases": list(a.aliases) or None} for a in registry],
        )
        learned.registry.update(a.name for a in registry)
    described = [given[n] for n in sorted(given) if not given[n].in_registry
                 and (given[n].title or given[n].affiliation) and n in ids]
    if described:
        # The latest title and affiliation the text gave; the dated ones are per article.
        conn.execute(
            sa.update(actors).where(actors.c.id == sa.bindparam("b_id"),
                                    actors.c.in_registry == sa.false())
            .values(title=sa.func.coalesce(sa.bindparam("b_title"), actors.c.title),
                    affiliation=sa.func.coalesce(sa.bindparam("b_aff"), actors.c.affiliation)),
            [{"b_id": ids[a.name], "b_title": a.title, "b_aff": a.affiliation} for a in described])
    return ids


def _same_people(conn: Connection, missing: list[str], given: dict[str, Actor]) -> dict[str, int]:
    """New person names that are a stored person under a fuller or shorter form (see
    ``parley.world.identity``): name -> that person's id; the name becomes an alias."""
    from parley.world.identity import last_key, match

    people = {n: given[n] for n in missing if n in given and given[n].kind == "person"
              and not given[n].in_registry and len(n.split()) >= 2}
    keys = sorted({k for k in map(last_key, people) if k})
    if not keys:
        return {}
    rows = conn.execute(sa.select(actors.c.id, actors.c.name, actors.c.country,
                                  actors.c.affiliation, actors.c.aliases)
                        .where(actors.c.name_last.in_(keys), actors.c.kind == "person")
                        .order_by(actors.c.id)).all()
    candidates = [(r.id, r.name, r.country, r.affiliation) for r in rows]
    out = {}
    for name, actor in people.items():
        found = match(name, actor.country, actor.affiliation, candidates)
        if found is not None:
            out[name] = found
    aliases = {r.id: list(r.aliases or []) for r in rows}
    updates = []
    for name, actor_id in sorted(out.items()):
        if name not in aliases[actor_id]:
            aliases[actor_id].append(name)
            updates.append(actor_id)
    if updates:
        conn.execute(sa.update(actors).where(actors.c.id == sa.bindparam("b_id"),
                                             actors.c.in_registry == sa.false())
                     .values(aliases=sa.bindparam("b_aliases")),
                     [{"b_id": i, "b_aliases": aliases[i]} for i in sorted(set(updates))])
    return out


def _actor_row(name: str, actor: Actor | None, now: datetime) -> dict:
    return {
        "name": name,
        "kind": actor.kind if actor else "unknown",
        "country": actor.country if actor else None,
        "aliases": list(actor.aliases) if actor and actor.aliases else None,
        "in_registry": bool(actor and actor.in_registry),
        "first_seen": now,
        "name_last": last_key(name),
        "title": actor.title if actor else None,
        "affiliation": actor.affiliation if actor else None,
    }


def _insert_issues(
    conn: Connection, analysis: Analysis, now: datetime, known: Known, learned: Known,
    grouped: dict[str, str],
) -> None:
    """Insert the catalogue (or ungrouped open) issues the stances name; emergent issues
    are inserted by ``parley.world.store``."""
    slugs: dict[str, str] = {}
    for stance in analysis.stances:
        if stance.id in grouped:
            continue
        if stance.issue not in known.issues:
            slugs.setdefault(stance.issue, stance.proposition)
    if slugs:
        conn.execute(insert_ignore(conn, issues), [
            {"slug": slug, "proposition": slugs[slug], "first_seen": now} for slug in sorted(slugs)
        ])
        learned.issues.update(slugs)


def _insert_actors(conn: Connection, base: dict, analysis: Analysis, ids: dict[str, int],
                   written: summaries.Written) -> None:
    if not analysis.actors:
        return
    written.actors = [
        {**base, "position": pos, "actor_id": ids[a.name], "local_id": a.id, "kind": a.kind,
         "country": a.country, "aliases": list(a.aliases) if a.aliases else None,
         "in_registry": a.in_registry, "name": a.name, "title": a.title,
         "affiliation": a.affiliation}
        for pos, a in enumerate(analysis.actors)
    ]
    bulk.insert(conn, article_actors, written.actors)
    mentions = [
        {**base, "actor_id": ids[a.name], "actor_position": pos, "position": mpos,
         **span_columns("mention", m)}
        for pos, a in enumerate(analysis.actors)
        for mpos, m in enumerate(a.mentions)
    ]
    if mentions:
        bulk.insert(conn, actor_mentions, mentions)


def _insert_returning_ids(conn: Connection, table: sa.Table, rows: list[dict]) -> list[int]:
    """Insert ``rows`` in one batched statement; their database ids, in ``rows`` order.

    RETURNING the position and sorting here, rather than asking SQLAlchemy to keep the
    parameter order, lets SQLite batch the rows too (it would insert one row at a time).
    On PostgreSQL the statement is ``bulk``'s unnest insert: an INSERT .. VALUES .. RETURNING
    of all the rows would be one long statement (hundreds of parameters) that psycopg
    re-parses in Python on every save.
    """
    returned = bulk.insert_returning(conn, table, rows, ("id", "position"))
    by_position = {position: db_id for db_id, position in returned}
    return [by_position[row["position"]] for row in rows]


def _insert_events(
    conn: Connection, base: dict, analysis: Analysis, ids: dict[str, int],
    written: summaries.Written,
) -> dict[str, int]:
    """Insert events and participants; map each event's local id to its database id."""
    if not analysis.events:
        return {}
    rows = []
    for pos, e in enumerate(analysis.events):
        d = e.date
        rows.append({
            **base, "position": pos, "local_id": e.id, "kind": e.kind, "plover": e.plover,
            "mode": e.mode, "place": e.place,
            "date": d.value if d else None, "date_until": d.end if d else None,
            "date_granularity": d.granularity if d else None,
            "date_resolved": d.resolved if d else None,
            **span_columns("date_expression", d.expression if d else None),
            **span_columns("evidence", e.evidence),
            "parent_local_id": e.event_id,
            "listing_date": e.date_value or "",
            "status": e.status,
        })
    db_ids = _insert_returning_ids(conn, events, rows)
    participants = [
        {"event_id": db_id, "role": role, "position": i, "actor_id": ids[name], "actor_name": name,
         "listing_date": e.date_value or ""}
        for db_id, e in zip(db_ids, analysis.events, strict=True)
        for role, names in (("actor", e.actors), ("recipient", e.recipients),
                            ("mediator", e.mediators))
        for i, name in enumerate(names)
        if name
    ]
    if participants:
        bulk.insert(conn, event_participants, participants)
    written.events = [{**row, "id": db_id} for db_id, row in zip(db_ids, rows, strict=True)]
    written.participants = participants
    out: dict[str, int] = {}
    for db_id, e in zip(db_ids, analysis.events, strict=True):
        out.setdefault(e.id, db_id)
    parents = [{"b_id": db_id, "b_parent": out[row["parent_local_id"]]}
               for db_id, row in zip(db_ids, rows, strict=True)
               if row["parent_local_id"] in out]
    if parents:
        conn.execute(sa.update(events).where(events.c.id == sa.bindparam("b_id"))
                     .values(parent_id=sa.bindparam("b_parent")), parents)
    return out


def _insert_quotes(
    conn: Connection, base: dict, analysis: Analysis, ids: dict[str, int], event_ids: dict[str, int],
    written: summaries.Written,
) -> dict[str, int]:
    """Insert quotes; map each quote's local id to its database id."""
    if not analysis.quotes:
        return {}
    speakers = speaker_name_for(analysis)
    rows = [
        {**base, "position": pos, "local_id": q.id,
         "speaker_actor_id": ids.get(speakers.get(q.id, "")), "speaker_name": q.speaker.name,
         "speaker_local_id": q.speaker.actor_id, **span_columns("speaker_mention", q.speaker.mention),
         **span_columns("content", q.content), "direct": q.direct, **span_columns("cue", q.cue),
         "addressee": q.addressee, "event_local_id": q.event_id,
         "event_id": event_ids.get(q.event_id or "")}
        for pos, q in enumerate(analysis.quotes)
    ]
    db_ids = _insert_returning_ids(conn, quotes, rows)
    written.quotes = rows
    out: dict[str, int] = {}
    for db_id, q in zip(db_ids, analysis.quotes, strict=True):
        out.setdefault(q.id, db_id)
    return out


def already_stored(conn: Connection, article: Article, url: str | None = None) -> bool:
    """True when this article (identity and content hash) is stored as its current revision."""
    key = identity_key(identity_of(article, url))
    stored = conn.execute(
        sa.select(articles.c.content_hash).where(articles.c.identity_key == key)
    ).scalar()
    return stored is not None and stored == article.content_hash
