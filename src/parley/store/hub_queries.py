"""Queries the web hub needs beyond ``Store``'s own: a fixed number of queries per page.

Each function takes an open ``Store`` and runs inside ``reading`` (so database failures
become ``StoreError``). They use only indexed columns and never query per row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa

from parley.store.engine import reading
from parley.store.repository import Store
from parley.store.schema import actors, quotes

#: The label that says nothing about a position (never a change, never hides one).
UNCLEAR = "unclear"


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


def top_quotes(store: Store, article_ids: Iterable[int]) -> dict[int, TopQuote]:
    """For each article, its first direct quote (else its first quote), in one query."""
    ids = sorted(set(article_ids))
    if not ids:
        return {}
    with reading(store.engine, where="reading top quotes") as conn:
        rows = conn.execute(
            sa.select(quotes.c.article_id, quotes.c.content_text, quotes.c.speaker_name,
                      quotes.c.speaker_actor_id, quotes.c.direct, quotes.c.position)
            .where(quotes.c.article_id.in_(ids))
            .order_by(quotes.c.article_id, quotes.c.direct.desc(), quotes.c.position)
        ).all()
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
        rows = conn.execute(sa.select(actors.c.id, actors.c.name)
                            .where(actors.c.name.in_(wanted))).all()
    return {r.name: r.id for r in rows}
