"""Schema step 6: the columns and table of the open-world record (additive only).

Stances keep their origin, target key, holder, cue, target and condition; events their
status (mediators are participants with the role "mediator"); actors and article_actors the
title and affiliation the text gave; issues their origin, label, grouping profile and the
issue an editor merged them into; ``issue_terms`` indexes the names behind each emergent
issue. Every new column has a default or accepts NULL, so rows written before stay valid.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from parley.store import schema
from parley.store.migrations import add_column, create_index, create_tables
from parley.world.identity import last_key

#: (table, column names) added by this step.
NEW_COLUMNS = (
    (schema.actors, ("title", "affiliation", "name_last")),
    (schema.article_actors, ("name", "title", "affiliation")),
    (schema.issues, ("origin", "label", "profile", "merged_into")),
    (schema.events, ("status",)),
    (schema.stances, ("origin", "target_key",
                      *(f"{span}_{part}" for span in ("holder", "cue", "target")
                        for part in ("text", "start", "end", "segments")),
                      "condition")),
)


def add_world_columns(conn: Connection) -> None:
    """Add the open-world columns and the ``issue_terms`` table (idempotent)."""
    for table, names in NEW_COLUMNS:
        for name in names:
            add_column(conn, table, table.c[name])
    create_tables(conn, schema.issue_terms)
    actors = schema.actors
    rows = conn.execute(sa.select(actors.c.id, actors.c.name).where(actors.c.name_last.is_(None)))
    keys = [{"b_id": r.id, "b_last": last_key(r.name)} for r in rows]
    if keys:
        conn.execute(sa.update(actors).where(actors.c.id == sa.bindparam("b_id"))
                     .values(name_last=sa.bindparam("b_last")), keys)
    for index in actors.indexes:
        if index.name == "ix_actors_name_last":
            create_index(conn, index)
