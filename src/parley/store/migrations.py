"""Versioned schema migrations, applied automatically by ``Store.open``.

The table ``parley_migrations`` records each applied step (version, name, applied_at).
Opening a database runs every step whose version is above the recorded one, in order, each
in its own transaction together with the row that records it, so a crash never leaves a
step half-applied. Two processes opening the same new database at once are fine: the steps
run under a lock (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: an advisory lock) and the second
process finds them done. A database recorded at a newer version than this code knows is
refused with a ``StoreError`` (upgrade parley instead of running an old one on it).

How to add a migration (for example subscriptions and an outbox for mail):

1. Define the tables with SQLAlchemy Core in your own module, e.g. ``parley/mail/schema.py``
   (on ``parley.store.schema.metadata`` or a ``MetaData`` of your own).
2. Write the step there: ``def create_mail_tables(conn): create_tables(conn, subscriptions,
   outbox)`` (``create_tables``, ``add_column`` and ``create_index`` below are idempotent
   and dialect-neutral; use ``conn.dialect.name`` for dialect-specific DDL).
3. Append one line to ``MIGRATIONS`` below, with the next version number::

       Migration(2, "mail: subscriptions and outbox", "parley.mail.schema:create_mail_tables"),

   A string step is imported only when it runs, so this module does not depend on yours.

Rules: versions are 1, 2, 3, ... without gaps; never edit, remove or reorder a step that
has been committed (databases in the wild have run it); to change an existing table,
declare the column in its ``Table`` *and* add a step ``add_column(conn, table, column)``
(``add_column`` skips a column that is already there, so a new database, whose tables were
created from the current definitions, and an old one, which lacks the column, both end up
right). Test both paths (see tests/test_store_migrations.py).
"""

from __future__ import annotations

import importlib
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from parley.errors import StoreError
from parley.store import schema
from parley.store.engine import reading, run_write

#: PostgreSQL text search configuration used by the search columns.
TS_CONFIG = "english"
#: Key of the PostgreSQL advisory lock that serialises migrations.
_PG_LOCK_KEY = 0x7061726C6579  # "parley"

migrations_table = sa.Table(
    "parley_migrations",
    sa.MetaData(),
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("applied_at", schema.UtcDateTime, nullable=False),
)


@dataclass(frozen=True)
class Migration:
    """One schema step: ``step(conn)`` runs inside the transaction that records it."""

    version: int
    name: str
    step: Callable[[Connection], None] | str  # a function, or "package.module:function"

    def run(self, conn: Connection) -> None:
        """Apply the step on ``conn``."""
        step = self.step
        if isinstance(step, str):
            module, _, attr = step.partition(":")
            step = getattr(importlib.import_module(module), attr)
        step(conn)


def create_tables(conn: Connection, *tables: sa.Table) -> None:
    """Create ``tables`` (with their indexes) unless they exist."""
    for table in tables:
        table.create(conn, checkfirst=True)


def create_index(conn: Connection, index: sa.Index) -> None:
    """Create ``index`` unless it exists (IF NOT EXISTS: no reflection of the table)."""
    conn.execute(sa.schema.CreateIndex(index, if_not_exists=True))


def add_column(conn: Connection, table: sa.Table, column: sa.Column) -> None:
    """Add ``column`` (declared on ``table``) to the database table unless it is there."""
    existing = {c["name"] for c in sa.inspect(conn).get_columns(table.name)}
    if column.name in existing:
        return
    ddl = sa.schema.CreateColumn(column).compile(dialect=conn.dialect)
    preparer = conn.dialect.identifier_preparer
    conn.exec_driver_sql(f"ALTER TABLE {preparer.format_table(table)} ADD COLUMN {ddl}")


_SQLITE_FTS = [
    # External-content FTS5 tables: the text lives once, in article_revisions and quotes.
    """CREATE VIRTUAL TABLE IF NOT EXISTS revisions_fts USING fts5(
        title, text, content='article_revisions', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5(
        content_text, content='quotes', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    # Triggers keep them in step with every write, whoever makes it.
    """CREATE TRIGGER IF NOT EXISTS article_revisions_fts_ai AFTER INSERT ON article_revisions
       BEGIN INSERT INTO revisions_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END""",
    """CREATE TRIGGER IF NOT EXISTS article_revisions_fts_ad AFTER DELETE ON article_revisions
       BEGIN INSERT INTO revisions_fts(revisions_fts, rowid, title, text)
             VALUES ('delete', old.id, old.title, old.text); END""",
    """CREATE TRIGGER IF NOT EXISTS article_revisions_fts_au AFTER UPDATE ON article_revisions
       BEGIN INSERT INTO revisions_fts(revisions_fts, rowid, title, text)
             VALUES ('delete', old.id, old.title, old.text);
             INSERT INTO revisions_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END""",
    """CREATE TRIGGER IF NOT EXISTS quotes_fts_ai AFTER INSERT ON quotes
       BEGIN INSERT INTO quotes_fts(rowid, content_text) VALUES (new.id, new.content_text); END""",
    """CREATE TRIGGER IF NOT EXISTS quotes_fts_ad AFTER DELETE ON quotes
       BEGIN INSERT INTO quotes_fts(quotes_fts, rowid, content_text)
             VALUES ('delete', old.id, old.content_text); END""",
    """CREATE TRIGGER IF NOT EXISTS quotes_fts_au AFTER UPDATE OF content_text ON quotes
       BEGIN INSERT INTO quotes_fts(quotes_fts, rowid, content_text)
             VALUES ('delete', old.id, old.content_text);
             INSERT INTO quotes_fts(rowid, content_text) VALUES (new.id, new.content_text); END""",
]

_PG_FTS = [
    # Generated tsvector columns (title weighs more than body) with GIN indexes. The body is
    # cut at 500,000 characters because a tsvector cannot exceed 1 MB.
    f"""ALTER TABLE article_revisions ADD COLUMN IF NOT EXISTS search tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('{TS_CONFIG}', coalesce(title, '')), 'A')
            || setweight(to_tsvector('{TS_CONFIG}', left(text, 500000)), 'B')) STORED""",
    "CREATE INDEX IF NOT EXISTS ix_article_revisions_search ON article_revisions USING gin (search)",
    f"""ALTER TABLE quotes ADD COLUMN IF NOT EXISTS search tsvector
        GENERATED ALWAYS AS (to_tsvector('{TS_CONFIG}', content_text)) STORED""",
    "CREATE INDEX IF NOT EXISTS ix_quotes_search ON quotes USING gin (search)",
]


def _initial_schema(conn: Connection) -> None:
    """Version 1: every table of ``schema.V1_TABLES`` plus the full-text search objects."""
    create_tables(conn, *schema.V1_TABLES)
    for ddl in _SQLITE_FTS if conn.dialect.name == "sqlite" else _PG_FTS:
        conn.exec_driver_sql(ddl)


def _listing_order(conn: Connection) -> None:
    """Version 2: listing columns and indexes so that pages read one index range each.

    Quotes get their article's sort_date, events and participants a non-null listing date
    ('' when undated), stances ``coalesce(date, article sort_date)``; the old indexes these
    replace are dropped.
    """
    for table, column in ((schema.quotes, schema.quotes.c.sort_date),
                          (schema.events, schema.events.c.listing_date),
                          (schema.event_participants, schema.event_participants.c.listing_date),
                          (schema.stances, schema.stances.c.listing_date)):
        add_column(conn, table, column)
    for statement in (
        "UPDATE quotes SET sort_date = (SELECT sort_date FROM articles"
        " WHERE articles.id = quotes.article_id) WHERE sort_date IS NULL",
        "UPDATE events SET listing_date = CASE WHEN date IS NOT NULL AND date_resolved"
        " THEN date ELSE '' END",
        "UPDATE event_participants SET listing_date = (SELECT listing_date FROM events"
        " WHERE events.id = event_participants.event_id)",
        "UPDATE stances SET listing_date = coalesce(date, (SELECT sort_date FROM articles"
        " WHERE articles.id = stances.article_id)) WHERE listing_date IS NULL",
    ):
        conn.exec_driver_sql(statement)
    for old in ("ix_events_date", "ix_event_participants_actor", "ix_stances_issue",
                "ix_stances_actor"):
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {old}")
    for table in (schema.stances,):
        for index in table.indexes:
            create_index(conn, index)
    for index in schema.LISTING_INDEXES:
        create_index(conn, index)


def _story_leads(conn: Connection) -> None:
    """Version 4: ``articles.story_lead`` and a partial index of leads in listing order.

    "One article per story, newest first" was a join on stories that PostgreSQL could not
    estimate, so it sorted every article; a flag with its own index is one index range.
    """
    add_column(conn, schema.articles, schema.articles.c.story_lead)
    conn.exec_driver_sql(
        "UPDATE articles SET story_lead = CASE WHEN id IN"
        " (SELECT first_article_id FROM stories) THEN TRUE ELSE FALSE END")
    create_index(conn, schema.LEAD_INDEX)


#: The RUM index of revision texts (PostgreSQL with the ``rum`` extension): matches come out
#: of it newest stored first, so a search reads only the window it ranks (parley.store.search).
RUM_INDEX_DDL = ("CREATE INDEX IF NOT EXISTS ix_article_revisions_search_rum ON article_revisions"
                 " USING rum (search {schema}rum_tsvector_addon_ops, id)"
                 " WITH (attach = 'id', to = 'search')")


#: The positional RUM index of revision texts: it keeps each word's positions, so a phrase
#: is matched in the index (the id-ordered index above keeps the id instead, and a phrase of
#: two common words rechecked the stored tsvector of every revision holding both words).
#: It indexes ``PHRASE_VECTOR``, the same vector written so that only a query naming that
#: expression can use this index, and such a query no other: the planner, left to choose
#: between it and the GIN index on ``search``, took GIN and rechecked 61,000 rows at 200k.
PHRASE_VECTOR = "(search || ''::tsvector)"
RUM_PHRASE_INDEX_DDL = ("CREATE INDEX IF NOT EXISTS ix_article_revisions_phrase_rum"
                        f" ON article_revisions USING rum ({PHRASE_VECTOR} {{schema}}rum_tsvector_ops)")


#: The word pairs of a revision's search vector, for phrases of common words: the positional
#: index reads the positions of every revision holding all of a phrase's words (for "vote
#: party", 274,840 of them at 1M articles, to find 1,358), while a GIN index of the pairs
#: names the revisions where two words stand at the phrase's distance. A pair is keyed
#: "a b" when ``b`` is at the position after ``a``'s, and "a 2 b" or "a 3 b" when it is two
#: or three positions on (the gap a stop word leaves: "Gulf of Aden" is ``'gulf' <2>
#: 'aden'``; lexemes hold no spaces, so the keys cannot be confused). A match of
#: ``'a' <N> 'b'`` (N at most ``WORD_PAIR_GAP``) is then exactly a revision whose pairs
#: hold that key: the pairs come from the very vector ``@@`` tests (same positions, same
#: cap of 256 a lexeme), never from the text by other rules. Pairs of lexemes longer
#: together than ``WORD_PAIR_MAX_BYTES`` are left out (a GIN key has a size limit; search
#: leaves them out of the query too). Plain GIN: RUM is not needed.
WORD_PAIR_GAP = 3
WORD_PAIR_MAX_BYTES = 400
WORD_PAIRS_FUNCTION_DDL = f"""CREATE OR REPLACE FUNCTION parley_word_pairs(v tsvector)
RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT CASE WHEN d.n = 1 THEN a.lexeme || ' ' || b.lexeme
                                     ELSE a.lexeme || ' ' || d.n || ' ' || b.lexeme END),
                  '{{}}')
  FROM (SELECT lexeme, unnest(positions) AS pos FROM unnest(v)) AS a
  CROSS JOIN generate_series(1, {WORD_PAIR_GAP}) AS d(n)
  JOIN (SELECT lexeme, unnest(positions) AS pos FROM unnest(v)) AS b ON b.pos = a.pos + d.n
  WHERE octet_length(a.lexeme) + octet_length(b.lexeme) < {WORD_PAIR_MAX_BYTES}
$$"""
#: The expression the index is built on (a query must name it as written to use it).
WORD_PAIRS = "parley_word_pairs(search)"
WORD_PAIRS_INDEX_DDL = ("CREATE INDEX IF NOT EXISTS ix_article_revisions_word_pairs"
                        f" ON article_revisions USING gin ({WORD_PAIRS})")


def _rum_prefix(conn: Connection) -> str | None:
    """The schema prefix of the ``rum`` operator classes ('' when none is needed), creating
    the extension when it is installed and this role may; ``None`` where RUM cannot be had."""
    if conn.dialect.name != "postgresql":
        return None
    available = conn.exec_driver_sql(
        "SELECT 1 FROM pg_available_extensions WHERE name = 'rum'").first()
    if available is None:
        return None
    try:
        with conn.begin_nested():
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS rum")
    except sa.exc.DBAPIError:  # not allowed to: leave search on GIN
        return None
    schema = conn.exec_driver_sql(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
        " WHERE e.extname = 'rum'").scalar()
    preparer = conn.dialect.identifier_preparer
    return preparer.quote(schema) + "." if schema else ""


def _rum_search(conn: Connection) -> None:
    """Version 7: on PostgreSQL, the RUM index of revisions when the ``rum`` extension can be
    created here (installed, and a role allowed to create it); otherwise nothing, and search
    keeps its GIN plans. Installing RUM later: ``CREATE EXTENSION rum`` then ``RUM_INDEX_DDL``
    (see docs/scaling.md)."""
    prefix = _rum_prefix(conn)
    if prefix is not None:
        conn.exec_driver_sql(RUM_INDEX_DDL.format(schema=prefix))


def _rum_phrases(conn: Connection) -> None:
    """Version 10: the positional RUM index (``RUM_PHRASE_INDEX_DDL``) where RUM can be had;
    otherwise nothing, and phrases keep the plans of other words."""
    prefix = _rum_prefix(conn)
    if prefix is not None:
        conn.exec_driver_sql(RUM_PHRASE_INDEX_DDL.format(schema=prefix))


def _range_revisions(conn: Connection) -> None:
    """Version 12: ``(sort_date, current_revision_id)`` of articles, so that the lowest and
    highest current revision of a date range are read from the index alone (from the
    articles' rows they took 40-90 ms for a three-month range at 200k-1M articles)."""
    create_index(conn, schema.RANGE_REVISION_INDEX)


def _word_pairs(conn: Connection) -> None:
    """Version 13: on PostgreSQL, the word-pair function and its GIN index (see
    ``WORD_PAIRS_FUNCTION_DDL``); the index build reads every revision once (14 minutes
    at 200k articles, 52 at a million on a busy 2-core machine, see docs/scaling.md). SQLite: nothing (FTS5 matches
    phrases itself)."""
    if conn.dialect.name != "postgresql":
        return
    conn.exec_driver_sql(WORD_PAIRS_FUNCTION_DDL)
    # a sorted build in memory where the server's default (64 MB) would spill: this
    # transaction only
    conn.exec_driver_sql(
        "SELECT set_config('maintenance_work_mem', '256MB', true)"
        " WHERE pg_size_bytes(current_setting('maintenance_work_mem')) < pg_size_bytes('256MB')")
    conn.exec_driver_sql(WORD_PAIRS_INDEX_DDL)


#: Every schema step, oldest first. Append only (see the module docstring).
MIGRATIONS: list[Migration] = [
    Migration(1, "initial schema: articles, record, search, near-duplicates, feeds, tokens",
              _initial_schema),
    Migration(2, "listing order columns and indexes for pages at scale", _listing_order),
    Migration(3, "mail: subscribers, subscriptions, outbox, attempts, bounces",
              "parley.store.mail_schema:create_mail_tables"),
    Migration(4, "story leads: one article per story on the home page", _story_leads),
    Migration(5, "hub secret: kept in the database when none is configured",
              "parley.store.hub_secret:create_hub_secrets"),
    Migration(6, "open world: stance origin/holder/cue/target/condition, event status, actor "
              "titles, emergent issues", "parley.store.world_schema:add_world_columns"),
    Migration(7, "search: RUM index of revisions where the extension is available", _rum_search),
    Migration(8, "per-actor summaries kept on save (counts, months, ties, titles, positions)",
              "parley.store.summaries:rebuild"),
    Migration(9, "issue summaries: actors' latest stances by issue, changes per issue",
              "parley.store.summaries:add_issue_summaries"),
    Migration(10, "search: positional RUM index of revisions for phrases", _rum_phrases),
    Migration(11, "journal of writes without a revision (issue rename, merge, promote, "
              "regroup) for the memo and the ETags", "parley.store.memo:create_record_changes"),
    Migration(12, "search: the current revisions of a date range from one index",
              _range_revisions),
    Migration(13, "search: an index of word pairs (one to three positions apart) for phrases",
              _word_pairs),
]


def current_version(engine: Engine) -> int:
    """The schema version recorded in the database (0 for an empty database)."""
    with reading(engine, where="reading the schema version") as conn:
        if not sa.inspect(conn).has_table(migrations_table.name):
            return 0
        return conn.execute(sa.select(sa.func.max(migrations_table.c.version))).scalar() or 0


def migrate(engine: Engine, migrations: Sequence[Migration] | None = None) -> int:
    """Apply the pending migrations in order; return the resulting schema version."""
    steps = list(MIGRATIONS if migrations is None else migrations)
    for expected, step in enumerate(steps, start=1):
        if step.version != expected:
            raise StoreError(f"migration list is broken: expected version {expected}, got {step.version}")
    latest = steps[-1].version if steps else 0
    version = current_version(engine)
    if version > latest:
        raise StoreError(
            f"the database has schema version {version} but this parley knows only up to "
            f"{latest}: upgrade parley"
        )
    for step in steps[version:]:
        run_write(engine, lambda conn, step=step: _apply(conn, step),
                  where=f"migrating the database to version {step.version}")
    if steps[version:]:
        _truncate_wal(engine)
    return max(version, latest)


def _truncate_wal(engine: Engine) -> None:
    """Fold the migrations' WAL into the SQLite file and empty it.

    Building the schema rewrites the same pages many times, so the WAL ends several times
    larger than the database it describes and stays that size until the next automatic
    checkpoint; on a nearly full disk that left no room to store even one article.
    """
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return
    raw = engine.raw_connection()
    try:
        raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    except sqlite3.OperationalError:
        pass  # only an economy: the migrated schema is safe in the WAL all the same
    finally:
        raw.close()


def _apply(conn: Connection, step: Migration) -> None:
    """Apply one step unless another process did it first (checked under the lock)."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
    create_tables(conn, migrations_table)
    done = conn.execute(
        sa.select(migrations_table.c.version).where(migrations_table.c.version == step.version)
    ).first()
    if done is not None:
        return
    step.run(conn)
    conn.execute(
        migrations_table.insert().values(version=step.version, name=step.name, applied_at=schema.utcnow())
    )
