"""What the hub's issue and actor pages read from the world layer, a few queries each.

``counterparts``: whom an actor met or addressed (other parties of the events it took part
in, and the addressees of its quotes), most often first. ``titles``: the titles and
affiliations articles gave an actor, each with the first and last day it was given.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa

from parley.store.engine import reading
from parley.store.schema import actors, article_actors, articles, event_participants, quotes
from parley.world.charts import Tie

#: Kinds of events that bring parties together (criticism and the like are statements).
MEETINGS = ("meeting", "talks", "call", "visit", "signing", "interview", "exchange", "envoy")


def counterparts(store, actor_id: int, limit: int = 12) -> list[Tie]:
    """Others the actor met (shared events) or addressed (quote addressees), with counts."""
    from parley.store.schema import events

    me, other = event_participants.alias("me"), event_participants.alias("other")
    with reading(store.engine, where=f"reading counterparts of actor {actor_id}") as conn:
        met = conn.execute(
            sa.select(other.c.actor_id, other.c.actor_name,
                      sa.func.count(sa.distinct(other.c.event_id)).label("n"))
            .join(me, me.c.event_id == other.c.event_id)
            .join(events, events.c.id == other.c.event_id)
            .where(me.c.actor_id == actor_id, other.c.actor_id != actor_id,
                   events.c.kind.in_(MEETINGS))
            .group_by(other.c.actor_id, other.c.actor_name)).all()
        addressed = conn.execute(
            sa.select(quotes.c.addressee, sa.func.count().label("n"))
            .where(quotes.c.speaker_actor_id == actor_id, quotes.c.addressee.is_not(None),
                   quotes.c.addressee != "")
            .group_by(quotes.c.addressee)).all()
        names = sorted({r.addressee for r in addressed})
        ids = dict(conn.execute(sa.select(actors.c.name, actors.c.id)
                                .where(actors.c.name.in_(names))).all()) if names else {}
    return rank_ties(actor_id, met, addressed, ids, limit)


def rank_ties(actor_id: int, met, addressed, ids: dict[str, int], limit: int) -> list[Tie]:
    """Merge met (actor_id, actor_name, n) and addressed (addressee, n) rows into ties, the
    most frequent first (addressees known as actors count with them)."""
    counts: Counter = Counter()
    label: dict[object, tuple[str, int | None]] = {}
    for r in met:
        counts[r.actor_id] += r.n
        label[r.actor_id] = (r.actor_name, r.actor_id)
    for r in addressed:
        key = ids.get(r.addressee, r.addressee)
        if key == actor_id:
            continue
        counts[key] += r.n
        label.setdefault(key, (r.addressee, ids.get(r.addressee)))
    ranked = sorted(counts, key=lambda k: (-counts[k], label[k][0]))[:limit]
    return [Tie(label[k][0], label[k][1], counts[k]) for k in ranked]


@dataclass(frozen=True, slots=True)
class DatedTitle:
    """A title (and affiliation) articles gave an actor, from its first to its last day."""

    title: str | None
    affiliation: str | None
    first: str
    last: str
    articles: int

    def to_json(self) -> dict:
        return {"title": self.title, "affiliation": self.affiliation, "first": self.first,
                "last": self.last, "articles": self.articles}


def titles(store, actor_id: int) -> list[DatedTitle]:
    """The titles and affiliations given to an actor, latest last-seen first."""
    with reading(store.engine, where=f"reading titles of actor {actor_id}") as conn:
        rows = conn.execute(
            sa.select(article_actors.c.title, article_actors.c.affiliation,
                      sa.func.min(articles.c.sort_date).label("first"),
                      sa.func.max(articles.c.sort_date).label("last"),
                      sa.func.count(sa.distinct(articles.c.id)).label("n"))
            .join(articles, articles.c.id == article_actors.c.article_id)
            .where(article_actors.c.actor_id == actor_id,
                   sa.or_(article_actors.c.title.is_not(None),
                          article_actors.c.affiliation.is_not(None)))
            .group_by(article_actors.c.title, article_actors.c.affiliation)).all()
    out = [DatedTitle(r.title, r.affiliation, r.first, r.last, r.n) for r in rows]
    return sorted(out, key=lambda t: (t.last, t.first), reverse=True)


def filed_under(store, article_id: int) -> dict[str, str]:
    """Each stance of an article (by its analysis id) -> the issue slug it is filed under."""
    from parley.store.schema import stances

    with reading(store.engine, where=f"reading the issues of article {article_id}") as conn:
        return dict(conn.execute(sa.select(stances.c.local_id, stances.c.issue)
                                 .where(stances.c.article_id == article_id)).all())


def issue_labels(store, slugs) -> dict[str, str]:
    """The readable label of each issue slug (its proposition when it has no label)."""
    from parley.store.schema import issues

    wanted = sorted(set(slugs))
    if not wanted:
        return {}
    with reading(store.engine, where="reading issue labels") as conn:
        rows = conn.execute(sa.select(issues.c.slug, issues.c.label, issues.c.proposition)
                            .where(issues.c.slug.in_(wanted))).all()
    return {r.slug: r.label or r.proposition for r in rows}
