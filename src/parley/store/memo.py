"""The hub's memo: costly page aggregates kept per process, dropped per actor or issue.

A hub is read far more often than it is written, so the costly aggregates of a page (an
issue's matrix and changes, an actor's positions, ties and titles, counts per month) are
remembered in each worker process. How a process learns that the record changed is the
same as before this module: it polls ``data_version`` (the highest revision id and the
highest journal id, one statement) on every use of the memo, so several worker processes
(``parley serve --workers``) and a separate ``parley ingest`` or ``parley issues`` need no
channel between them.

What is new is what a change drops. An entry names what it was computed from
(``on=[("issue", slug)]``, ``[("actor", id)]``; ``None``: the whole record). When the
version moves, the process reads which revisions it has not seen yet (those with an id
above ``version - WINDOW``: a transaction that took its id earlier but committed later is
still found) and, from their articles' stored facts, the actors (article actors, speakers,
event participants, stance holders), their names and the issues (stances) they touch. It
drops only the entries that name one of these, and every entry without ``on``. An ingest
thus leaves cold only the pages it touched, where before every stored article emptied the
memo of every worker.

A new article's facts are all in the record, so what it touches can be read back. A new
revision of a stored article (``revision > 1``) replaced facts that are gone: then, as
when more than ``MAX_NEW`` revisions arrived at once or when revisions seen before have
vanished (another database at the same URL), the whole memo of that database is dropped,
which is what every change did before.

Writes that store no revision (an editor's issue rename, merge, promote, regroup) call
``note_change`` in their own transaction: a row in ``record_changes`` (the journal) naming
what they touched (``None``: everything). Its ids follow commit order (the writers take the
table's lock before they number a row), so a process that has seen id N has seen every row
up to N. ``data_version`` reads the highest id of both tables in one statement; a process
that sees the journal move reads its new rows and drops the entries they name.

Concurrency: a compute that started before a drop is not stored (an epoch per database),
so an answer read from an older record cannot outlive the change that made it stale.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Any, NamedTuple, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from parley.store import schema
from parley.store.engine import reading
from parley.store.schema import (
    actors,
    article_actors,
    article_revisions,
    event_participants,
    events,
    quotes,
    stances,
)

T = TypeVar("T")
#: What an entry depends on: ("actor", id), ("issue", slug) or ("name", actor name).
Dep = tuple[str, Any]

#: Aggregates kept per process (issue and actor histories, chart counts, listings).
CACHE_SIZE = 512
#: Revision ids below the highest seen that are still checked for late commits.
WINDOW = 64
#: More new revisions than this at once: drop the whole memo instead of reading them.
MAX_NEW = 256
#: A journal row naming more than this many entities names everything instead.
MAX_DEPS = 2000

#: The journal of writes that store no revision (see ``note_change``).
journal_metadata = sa.MetaData()
record_changes = sa.Table(
    "record_changes", journal_metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("deps", sa.Text),  # JSON [[kind, value], ...]; NULL: the whole record
    sa.Column("at", schema.UtcDateTime, nullable=False),
)


def create_record_changes(conn: Connection) -> None:
    """Migration step: the empty journal table (instant whatever the archive's size)."""
    record_changes.create(conn, checkfirst=True)


def note_change(conn: Connection, kind: str, deps: Iterable[Dep] | None) -> int:
    """Record, in the caller's write transaction, a write that stores no revision and
    changes what pages show; ``deps`` names what it touched (``None``: anything). Every
    process's memo drops those entries and every record page's ETag changes. Returns the
    journal id.

    The row is numbered under the table's lock (PostgreSQL; a SQLite writer holds the
    database's), held until commit: ids are then in commit order and none is skipped."""
    if conn.dialect.name == "postgresql":
        # self-conflicting, but readers (ACCESS SHARE) are not blocked
        conn.exec_driver_sql("LOCK TABLE record_changes IN SHARE ROW EXCLUSIVE MODE")
    listed = None if deps is None else sorted({(k, v) for k, v in deps}, key=repr)
    if listed is not None and len(listed) > MAX_DEPS:
        listed = None
    new_id = (conn.execute(sa.select(sa.func.max(record_changes.c.id))).scalar() or 0) + 1
    conn.execute(record_changes.insert().values(
        id=new_id, kind=kind, at=schema.utcnow(),
        deps=None if listed is None else json.dumps([list(d) for d in listed])))
    return new_id


class Version(NamedTuple):
    """The data version: the highest revision id and the highest journal id."""

    revisions: int
    changes: int


@dataclass(frozen=True, slots=True)
class Watch:
    """What a process has seen of one database: the highest revision id, and the ids in
    ``(version - WINDOW, version]`` (to find revisions that commit out of id order)."""

    version: int
    recent: frozenset[int]
    changes: int = 0  # the highest journal id seen (``note_change``)


@dataclass(frozen=True, slots=True)
class Changes:
    """What happened since a ``Watch``: ``touched`` is None when anything may have."""

    watch: Watch
    new_revisions: int
    touched: frozenset[Dep] | None
    new_changes: int = 0  # journal rows


_ENTRIES: OrderedDict[tuple, tuple[frozenset[Dep] | None, Any]] = OrderedDict()
_LOCK = threading.Lock()
_WATCH: dict[str, Watch] = {}
_EPOCH: dict[str, int] = {}
_SYNC_LOCKS: dict[str, threading.Lock] = {}
#: (database URL, data version) read once for a whole page by ``one_version``.
_PINNED: ContextVar[tuple[str, Version] | None] = ContextVar("parley_memo_version", default=None)


#: ``data_version``'s query, built once (it runs once or twice per page): one statement,
#: the end of two primary-key indexes.
_VERSION_QUERY = sa.select(sa.select(sa.func.max(article_revisions.c.id)).scalar_subquery(),
                           sa.select(sa.func.max(record_changes.c.id)).scalar_subquery())


def data_version(store) -> Version:
    """What changes whenever an article or a revision is stored or a write without a
    revision is journalled (one statement, two index look-ups).

    Every fact belongs to a revision, so facts cannot change without it moving; what else
    a page shows (an issue's label, slug, origin) changes only with ``note_change``.
    """
    with reading(store.engine, where="checking for new articles") as conn:
        revisions, changes = conn.execute(_VERSION_QUERY).one()
    return Version(revisions or 0, changes or 0)


def cached(store, key: tuple, compute: Callable[[], T],
           on: Iterable[Dep] | Callable[[T], Iterable[Dep]] | None = None) -> T:
    """``compute()``, remembered until a stored revision (or a journalled write) touches
    what ``on`` names (a list of ``("actor", id)``, ``("issue", slug)``, ``("name", actor
    name)``, or a function of the computed value giving them); ``on=None``: until any
    change."""
    url = store.url
    pinned = _PINNED.get()
    catch_up(store, pinned[1] if pinned is not None and pinned[0] == url else data_version(store))
    full_key = (url, *key)
    with _LOCK:
        hit = _ENTRIES.get(full_key)
        if hit is not None:
            _ENTRIES.move_to_end(full_key)
            return hit[1]
        epoch = _EPOCH.get(url, 0)
    value = compute()
    deps = on(value) if callable(on) else on
    frozen = None if deps is None else frozenset(deps)
    with _LOCK:
        if _EPOCH.get(url, 0) == epoch:  # nothing was dropped while it was computed
            _ENTRIES[full_key] = (frozen, value)
            _ENTRIES.move_to_end(full_key)
            while len(_ENTRIES) > CACHE_SIZE:
                _ENTRIES.popitem(last=False)
    return value


@contextmanager
def one_version(store) -> Iterator[Version]:
    """Within the block, ``cached`` reads the data version of ``store`` once (here) instead
    of once per aggregate: a page of four aggregates makes one look-up, not four, and all
    its parts answer for the same version."""
    token = _PINNED.set((store.url, version := data_version(store)))
    try:
        yield version
    finally:
        _PINNED.reset(token)


def _seen(watch: Watch | None, version: Version) -> bool:
    return watch is not None and (watch.version, watch.changes) == version


def catch_up(store, version: Version) -> None:
    """Bring this process's memo of ``store`` to ``version``: drop what changed since."""
    url = store.url
    if _seen(_WATCH.get(url), version):
        return
    with _LOCK:
        sync = _SYNC_LOCKS.setdefault(url, threading.Lock())
    with sync:  # one thread reads the changes; the others wait for it, then find it done
        watch = _WATCH.get(url)
        if _seen(watch, version):
            return
        with reading(store.engine, where="reading what changed") as conn:
            found = changes_since(conn, watch)
        with _LOCK:
            if found.new_revisions or found.new_changes or found.touched is None:
                _drop(url, found.touched)
                _EPOCH[url] = _EPOCH.get(url, 0) + 1
            _WATCH[url] = found.watch


def _drop(url: str, touched: frozenset[Dep] | None) -> None:
    """Drop ``url``'s entries that depend on ``touched`` (all of them when None) and those
    that depend on the whole record (call under ``_LOCK``)."""
    for full_key in [k for k, (deps, _) in _ENTRIES.items() if k[0] == url and (
            touched is None or deps is None or not deps.isdisjoint(touched))]:
        del _ENTRIES[full_key]


def _fresh_watch(conn: Connection) -> Watch:
    top = conn.execute(sa.select(sa.func.max(article_revisions.c.id))).scalar() or 0
    recent = conn.execute(sa.select(article_revisions.c.id)
                          .where(article_revisions.c.id > top - WINDOW)).scalars()
    changes = conn.execute(sa.select(sa.func.max(record_changes.c.id))).scalar() or 0
    return Watch(top, frozenset(recent), changes)


def changes_since(conn: Connection, watch: Watch | None) -> Changes:
    """The revisions stored and the writes journalled since ``watch``, and what they touch."""
    if watch is None:
        return Changes(_fresh_watch(conn), 0, None)
    found = _revisions_since(conn, watch)
    top, count, named = journal_since(conn, watch.changes)
    touched = None if found.touched is None or named is None else found.touched | named
    return Changes(replace(found.watch, changes=top), found.new_revisions, touched, count)


def journal_since(conn: Connection, seen: int) -> tuple[int, int, frozenset[Dep] | None]:
    """The journal's highest id, how many rows are new since ``seen`` and what they name
    (``None``: anything, also when rows seen before are gone or too many are new)."""
    j = record_changes.c
    top = conn.execute(sa.select(sa.func.max(j.id))).scalar() or 0
    if top == seen:
        return top, 0, frozenset()
    if top < seen:  # emptied, or another database at the same URL
        return top, 1, None
    rows = conn.execute(sa.select(j.id, j.deps).where(j.id > seen).order_by(j.id)
                        .limit(MAX_NEW + 1)).all()
    if len(rows) > MAX_NEW or any(row.deps is None for row in rows):
        return top, len(rows), None
    named: set[Dep] = set()
    for row in rows:
        named |= {(kind, value) for kind, value in json.loads(row.deps)}
    return top, len(rows), frozenset(named)


def _revisions_since(conn: Connection, watch: Watch) -> Changes:
    """The revisions stored since ``watch`` and what their articles touch."""
    r = article_revisions.c
    rows = conn.execute(sa.select(r.id, r.article_id, r.revision)
                        .where(r.id > watch.version - WINDOW).order_by(r.id)
                        .limit(WINDOW + MAX_NEW + 1)).all()
    ids = {row.id for row in rows}
    if len(rows) > WINDOW + MAX_NEW or not watch.recent <= ids:
        # too many to read one by one, or revisions seen before are gone: start afresh
        return Changes(_fresh_watch(conn), len(rows), None)
    top = max(ids, default=0)
    new = [row for row in rows if row.id not in watch.recent]
    seen = Watch(top, frozenset(i for i in ids if i > top - WINDOW))
    if not new:
        return Changes(seen, 0, frozenset())
    if any(row.revision > 1 for row in new):
        return Changes(seen, len(new), None)  # a revision replaced facts that are gone
    return Changes(seen, len(new), touched_by(conn, sorted({row.article_id for row in new})))


def touched_by(conn: Connection, article_ids: list[int]) -> frozenset[Dep]:
    """The actors (ids and names) and issues that these articles' stored facts name."""
    ep = event_participants
    named = sa.union(
        sa.select(article_actors.c.actor_id.label("actor_id"))
        .where(article_actors.c.article_id.in_(article_ids)),
        sa.select(quotes.c.speaker_actor_id)
        .where(quotes.c.article_id.in_(article_ids), quotes.c.speaker_actor_id.is_not(None)),
        sa.select(ep.c.actor_id).join(events, events.c.id == ep.c.event_id)
        .where(events.c.article_id.in_(article_ids)),
        sa.select(stances.c.actor_id)
        .where(stances.c.article_id.in_(article_ids), stances.c.actor_id.is_not(None)),
    ).subquery()
    out: set[Dep] = set()
    for actor_id, name in conn.execute(sa.select(actors.c.id, actors.c.name)
                                       .where(actors.c.id.in_(sa.select(named.c.actor_id)))):
        out |= {("actor", actor_id), ("name", name)}
    out |= {("issue", slug) for slug in conn.execute(
        sa.select(stances.c.issue).distinct().where(stances.c.article_id.in_(article_ids))
    ).scalars()}
    return frozenset(out)


def clear() -> None:
    """Forget every entry and what was seen (tests)."""
    with _LOCK:
        _ENTRIES.clear()
        _WATCH.clear()
        _EPOCH.clear()
