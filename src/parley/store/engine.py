"""Database connections: URL handling, SQLite pragmas, write transactions, error mapping.

SQLite: every connection gets WAL, foreign keys, a busy timeout and ``synchronous=NORMAL``.
The driver's own transaction handling is switched off so that write transactions can start
with ``BEGIN IMMEDIATE``: a writer takes the file's write lock up front and waits (busy
timeout) for another writer instead of failing half-way with "database is locked".
Readers use a plain deferred ``BEGIN`` and never block writers (WAL).

PostgreSQL: ``postgresql://`` URLs use psycopg 3; transactions are READ COMMITTED and the
save code takes row locks (``SELECT ... FOR UPDATE``) where two writers could collide.
Deadlocks and serialisation failures are retried a few times.

Shared reads (``shared_reads(engine)``): the hub opens one for each GET, and inside it
every ``reading(engine)`` uses one connection and one transaction, opened at the first
read and closed when the scope ends, instead of a pool check-out (on PostgreSQL a ping),
a ``BEGIN`` and a rollback for each of the ~7 reads a page makes. A write (``run_write``)
ends it, so reads after a write see the write; so does a database error.
"""

from __future__ import annotations

import contextlib
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.pool import StaticPool

from parley.errors import ConfigError, StoreError

T = TypeVar("T")

#: How long a SQLite writer waits for another writer's lock, in milliseconds.
BUSY_TIMEOUT_MS = 30_000
#: SQLite memory-mapped I/O size and page cache per connection.
MMAP_BYTES = 256 * 1024 * 1024
CACHE_KIB = 16 * 1024
#: PostgreSQL SQLSTATEs worth retrying: serialization_failure, deadlock_detected.
_RETRY_SQLSTATES = {"40001", "40P01"}
_WRITE = "parley_write"


def normalise_url(url_or_path: str) -> str:
    """Turn a SQLite path, a ``sqlite://`` URL or a ``postgresql://`` URL into a driver URL."""
    value = url_or_path.strip()
    if not value:
        raise ConfigError("the database setting is empty (set --db or PARLEY_DB)")
    if value == ":memory:":
        return "sqlite://"
    if "://" not in value:
        return "sqlite:///" + str(Path(value).expanduser().resolve())
    scheme, rest = value.split("://", 1)
    scheme = scheme.lower()
    if scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        return "postgresql+psycopg://" + rest
    if scheme in ("sqlite", "sqlite+pysqlite"):
        return "sqlite://" + rest
    raise ConfigError(
        f"unsupported database URL {value!r}: use a SQLite file path or a postgresql:// URL"
    )


def describe_url(url: str) -> str:
    """A printable form of a database URL, without its password."""
    try:
        parsed = make_url(url)
    except exc.ArgumentError:
        return url
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return parsed.render_as_string(hide_password=True)


#: Connections a process keeps open (PostgreSQL), and how many more it may open for a
#: moment. The hub runs at most ``POOL_SIZE`` requests' database work at once (its thread
#: limit, ``parley.web.app``), so its connections stay open instead of being opened and
#: closed again: with 5 kept and 10 more allowed, a loaded worker closed every connection
#: beyond the fifth when it came back and opened a new one for the next request (a new
#: PostgreSQL backend each time: its start and its cold caches were a core's worth of
#: CPU at 80 requests a second, most of it unseen by per-process accounting).
POOL_SIZE = 16
POOL_OVERFLOW = 4


def create_engine(url: str) -> Engine:
    """Create the SQLAlchemy engine for a normalised URL, with parley's connection setup."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database in (None, "", ":memory:"))
    engine = sa.create_engine(url, pool_pre_ping=True, pool_size=POOL_SIZE,
                              max_overflow=POOL_OVERFLOW)

    @event.listens_for(engine, "connect")
    def _no_jit(dbapi_conn, _record) -> None:
        # parley's queries are LIMITed reads and small writes: PostgreSQL's JIT, switched on
        # by a high cost estimate (a phrase whose matches the planner overestimates 200-fold),
        # compiled for 13 ms to run a 30 ms query. A statement, not a startup option, so that
        # PgBouncer passes it.
        with dbapi_conn.cursor() as cur:
            cur.execute("SET jit = off")
        dbapi_conn.commit()

    return engine


def one_connection(engine: Engine) -> bool:
    """True when every user of ``engine`` shares one connection (in-memory SQLite): two
    threads must then not use it at once."""
    return isinstance(engine.pool, StaticPool)


def _sqlite_engine(url: str, memory: bool) -> Engine:
    kwargs: dict = {"connect_args": {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}}
    if memory:
        # One shared connection, otherwise every pooled connection is a different database.
        kwargs["poolclass"] = StaticPool
    else:
        kwargs.update(pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW)
    engine = sa.create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _on_begin)
        cur = dbapi_conn.cursor()
        if not memory:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")
        # Large stores: read through a shared memory map (no read syscalls, no per-connection
        # copies of the same pages) plus a modest private cache; the 2 MB default made every
        # index seek on a 20,000-article store a few syscalls.
        cur.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        cur.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(_WRITE)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


class _Shared:
    """The connection that the reads of one scope share (see ``shared_reads``)."""

    __slots__ = ("engine", "conn", "owner", "depth", "stale", "open")

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.conn: Connection | None = None
        self.owner: int | None = None  # the thread using it now (depth > 0)
        self.depth = 0
        self.stale = False  # close it once the reads using it now are done
        self.open = True

    def acquire(self) -> Connection | None:
        """The shared connection for this thread, or None (another thread is using it, or
        the scope has ended): then the read takes a connection of its own."""
        me = threading.get_ident()
        if not self.open or (self.depth and self.owner != me):
            return None
        if self.conn is None:
            self.conn = self.engine.connect()
        self.owner = me
        self.depth += 1
        return self.conn

    def release(self) -> None:
        self.depth -= 1
        if not self.depth and self.stale:
            self.stale = False
            self.close(keep_open=True)

    def end(self) -> None:
        """Writes or errors: the next read starts a new transaction (a new snapshot)."""
        if self.depth:
            self.stale = True
        else:
            self.close(keep_open=True)

    def close(self, keep_open: bool = False) -> None:
        self.open = keep_open
        conn, self.conn = self.conn, None
        if conn is not None:
            try:
                conn.close()
            except exc.DBAPIError:  # a broken connection: the pool drops it
                pass


_SHARED: ContextVar[_Shared | None] = ContextVar("parley_shared_reads", default=None)


@contextlib.contextmanager
def shared_reads(engine: Engine) -> Iterator[None]:
    """Within this block (and the threads it hands work to: anyio copies the context into
    them), every ``reading(engine)`` shares one connection and transaction.

    Reads one at a time only: a read from another thread while one is under way takes its
    own connection. Leaving the block returns the connection to the pool.
    """
    holder = _Shared(engine)
    token = _SHARED.set(holder)
    try:
        yield
    finally:
        _SHARED.reset(token)
        holder.close()


def _end_shared(engine: Engine) -> None:
    holder = _SHARED.get()
    if holder is not None and holder.engine is engine:
        holder.end()


def run_write(engine: Engine, fn: Callable[[Connection], T], *, where: str, attempts: int = 5) -> T:
    """Run ``fn(conn)`` in one write transaction, retrying deadlocks; map errors to StoreError."""
    _end_shared(engine)
    for attempt in range(attempts):
        try:
            with engine.connect() as conn:
                conn.execution_options(**{_WRITE: True})
                with conn.begin():
                    return fn(conn)
        except exc.DBAPIError as error:
            if _retryable(error) and attempt + 1 < attempts:
                time.sleep(0.02 * (2**attempt) * (1 + random.random()))
                continue
            raise StoreError(human_message(error, where)) from error
    raise AssertionError("unreachable")  # pragma: no cover


@contextlib.contextmanager
def reading(engine: Engine, *, where: str, own: bool = False) -> Iterator[Connection]:
    """A read-only connection in one snapshot; database errors become StoreError.

    Inside ``shared_reads(engine)`` it is the scope's connection, unless ``own`` (a long
    read, such as an export streamed batch by batch, that should not keep one transaction
    open throughout)."""
    holder = None if own else _SHARED.get()
    conn = holder.acquire() if holder is not None and holder.engine is engine else None
    if conn is not None:
        try:
            yield conn
        except exc.DBAPIError as error:
            holder.end()
            raise StoreError(human_message(error, where)) from error
        finally:
            holder.release()
        return
    try:
        with engine.connect() as conn:
            yield conn
    except exc.DBAPIError as error:
        raise StoreError(human_message(error, where)) from error


def _retryable(error: exc.DBAPIError) -> bool:
    return getattr(error.orig, "sqlstate", None) in _RETRY_SQLSTATES


def human_message(error: exc.DBAPIError, where: str) -> str:
    """One line a person can act on, for a database error raised while doing ``where``."""
    orig = error.orig
    text = str(orig).strip().splitlines()[0] if orig is not None else str(error)
    name = getattr(orig, "sqlite_errorname", "") or ""
    low = text.lower()
    if name == "SQLITE_BUSY" or "database is locked" in low:
        return f"{where}: the database is busy (another parley process holds the lock); try again"
    if name == "SQLITE_FULL" or "disk is full" in low or "no space left" in low:
        return f"{where}: the disk holding the database is full"
    if name == "SQLITE_CANTOPEN" or "unable to open database" in low:
        return f"{where}: cannot open the database file (does its folder exist and is it writable?)"
    if name in ("SQLITE_READONLY",) or "readonly database" in low:
        return f"{where}: the database file is read-only"
    if name in ("SQLITE_NOTADB", "SQLITE_CORRUPT") or "not a database" in low:
        return f"{where}: the file is not a parley database (or it is damaged)"
    if "connection refused" in low or "could not connect" in low or "connection failed" in low:
        return f"{where}: cannot connect to the PostgreSQL server (is it running?): {text}"
    if "does not exist" in low and "database" in low:
        return f"{where}: {text}"
    if isinstance(error, exc.ProgrammingError) or "no such table" in low:
        return f"{where}: the database schema is not what parley expects ({text})"
    return f"{where}: database error: {text}"
