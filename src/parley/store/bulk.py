"""Inserting many rows of one table at once, cheaply for the process that saves.

On PostgreSQL the rows go in as one ``INSERT .. SELECT .. FROM unnest(<one array per
column>)``: one statement of fixed shape per table and set of columns (SQLAlchemy and
psycopg parse it once per process; psycopg sends the arrays in binary), one round trip.
An executemany of the same rows is sent pipelined by psycopg, but row by row, with the
Python overhead of each row's statement on the saving process' CPU; an
``INSERT .. VALUES (..), (..)`` of all of them has a different text for every row count
and hundreds of parameters, which psycopg re-parses in Python every time.

On SQLite (no round trips to save: it runs in the process) the rows go in as an
executemany, as before.
"""

from __future__ import annotations

import functools
import json

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

#: The PostgreSQL element type of a column's array; subclasses before their bases.
_ARRAY_TYPES = ((sa.BigInteger, "BIGINT"), (sa.SmallInteger, "SMALLINT"),
                (sa.Integer, "INTEGER"), (sa.Boolean, "BOOLEAN"), (sa.JSON, "TEXT"),
                (sa.String, "TEXT"))


def dialect_insert(dialect: str, table: sa.Table) -> sa.Insert:
    """An INSERT of ``table`` in the dialect named ``dialect`` (for its ON CONFLICT)."""
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def insert_ignore(conn: Connection, table: sa.Table) -> sa.Insert:
    """An INSERT that silently skips rows violating a unique constraint (both dialects)."""
    return dialect_insert(conn.dialect.name, table).on_conflict_do_nothing()


def _element_type(column: sa.Column) -> str:
    for kind, name in _ARRAY_TYPES:
        if isinstance(column.type, kind):
            return name
    raise TypeError(f"no bulk insert for {column} of type {column.type!r}")


@functools.cache
def _unnest_insert(table: sa.Table, names: tuple[str, ...], conflict: str,
                   returning: tuple[str, ...] = ()) -> sa.TextClause:
    """The statement inserting one row per array position (in array order, so that ids
    are drawn in the order of the rows)."""
    columns = [table.c[n] for n in names]
    arrays = ", ".join(f"CAST(:b{i} AS {_element_type(c)}[])" for i, c in enumerate(columns))
    # A JSON value goes as its JSON text (SQLAlchemy stores None as JSON null, and so here).
    picked = ", ".join(f"CAST(u.c{i} AS JSON)" if isinstance(c.type, sa.JSON) else f"u.c{i}"
                       for i, c in enumerate(columns))
    aliases = ", ".join(f"c{i}" for i in range(len(columns)))
    target = ", ".join(f'"{n}"' for n in names)
    return sa.text(
        f'INSERT INTO "{table.name}" ({target}) SELECT {picked} '
        f"FROM unnest({arrays}) WITH ORDINALITY AS u({aliases}, ord) ORDER BY u.ord {conflict}"
        + (f" RETURNING {', '.join(returning)}" if returning else "")
    )


def insert(conn: Connection, table: sa.Table, rows: list[dict], *, ignore: bool = False) -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table`` in one go; ``ignore``:
    skip rows that violate a unique constraint."""
    if not ignore:
        _insert(conn, table, rows, sa.insert(table), "")
    elif conn.dialect.name == "postgresql":
        _insert(conn, table, rows, None, "ON CONFLICT DO NOTHING")
    else:
        _insert(conn, table, rows, insert_ignore(conn, table), "")


def insert_returning(conn: Connection, table: sa.Table, rows: list[dict],
                     returning: tuple[str, ...]) -> list[tuple]:
    """Insert ``rows`` as ``insert`` does; the ``returning`` columns of the new rows (in
    no particular order on SQLite)."""
    if not rows:
        return []
    if conn.dialect.name != "postgresql":
        stmt = sa.insert(table).returning(*(table.c[n] for n in returning))
        return [tuple(r) for r in conn.execute(stmt, rows)]
    names, params = _arrays(table, rows)
    return [tuple(r) for r in conn.execute(_unnest_insert(table, names, "", returning), params)]


def upsert(conn: Connection, table: sa.Table, rows: list[dict], stmt: sa.Insert) -> None:
    """Insert ``rows`` with ``stmt``, an ``INSERT .. ON CONFLICT ..`` for ``conn``'s dialect
    whose ON CONFLICT clause binds no values, built once by the caller: off PostgreSQL as an
    executemany of it; on PostgreSQL its ON CONFLICT clause ends the unnest insert. Keys
    must be unique within ``rows`` (PostgreSQL updates a row once per statement)."""
    conflict = ""
    if conn.dialect.name == "postgresql":
        conflict = _conflict_clause(stmt, conn.dialect)
    _insert(conn, table, rows, stmt, conflict)


@functools.cache
def _conflict_clause(stmt: sa.Insert, dialect) -> str:
    """The ON CONFLICT clause of ``stmt`` as PostgreSQL SQL (once per statement object:
    callers build theirs once)."""
    text = str(stmt.compile(dialect=dialect))
    clause = text[text.index(" ON CONFLICT ") + 1:]
    if "%(" in clause:
        raise ValueError(f"the ON CONFLICT clause binds values: {clause}")
    return clause


def _insert(conn: Connection, table: sa.Table, rows: list[dict], fallback, conflict: str) -> None:
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(fallback, rows)
        return
    names, params = _arrays(table, rows)
    conn.execute(_unnest_insert(table, names, conflict), params)


def _arrays(table: sa.Table, rows: list[dict]) -> tuple[tuple[str, ...], dict[str, list]]:
    """The column names of ``rows`` and the parameters of ``_unnest_insert``: one list of
    values per column (JSON ones as their text)."""
    names = tuple(rows[0])
    params = {}
    for i, name in enumerate(names):
        values = [r[name] for r in rows]
        if isinstance(table.c[name].type, sa.JSON):
            values = [json.dumps(v) for v in values]
        params[f"b{i}"] = values
    return names, params
