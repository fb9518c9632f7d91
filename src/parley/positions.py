"""Positions over time: each actor's stance on each issue across many articles, and changes.

``positions(analyses)`` reads the stances of a stream of analyses and returns one
``PositionTrack`` per (actor, issue): the stances in time order, each with its date,
article, quote and evidence, and a ``changed`` flag where the label differs from the
previous *known* label. "unclear" is never a known label: it neither counts as a change nor
hides one ("oppose", "unclear", "support" is one change, at "support").

With ``level="country"`` the stances of every actor of one country (the ``country`` of the
actor in the analyses: a president, a minister, the government) form one track, named after
the state; a change at that level can show when no single person changes their mind.

Order is deterministic: by date (the stance's date, else the article's publication date;
undated last), then article id, then position in the article, then actor.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from parley.errors import InputError
from parley.model import Analysis, Span
from parley.world.changes import UNCLEAR, ChangeTracker, is_change

#: Track levels: one track per actor, or per actor's country.
LEVELS = ("actor", "country")
__all__ = ["LEVELS", "UNCLEAR", "Position", "PositionTrack", "changes", "flag_changes",
           "is_change", "positions"]


@dataclass(frozen=True, slots=True)
class Position:
    """One stance in a track: what was said, by whom, where and when."""

    date: str | None
    stance: str
    actor: str  # who expressed it (in a country track, one of the country's actors)
    doc_id: str
    stance_id: str
    evidence: Span
    quote_id: str | None = None
    changed: bool = False
    previous: str | None = None  # the previous known label, when ``changed``

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "stance": self.stance,
            "actor": self.actor,
            "doc_id": self.doc_id,
            "stance_id": self.stance_id,
            "quote_id": self.quote_id,
            "evidence": self.evidence.to_json(),
            "changed": self.changed,
            "previous": self.previous,
        }


@dataclass(slots=True)
class PositionTrack:
    """An actor's (or a country's) positions on one issue, oldest first."""

    holder: str
    issue: str
    proposition: str
    level: str = "actor"
    country: str | None = None
    positions: list[Position] = field(default_factory=list)

    @property
    def changes(self) -> list[Position]:
        """The positions flagged as a change."""
        return [p for p in self.positions if p.changed]

    @property
    def current(self) -> str | None:
        """The latest known label (None when every stance is unclear)."""
        known = [p.stance for p in self.positions if p.stance != UNCLEAR]
        return known[-1] if known else None

    def to_json(self) -> dict[str, Any]:
        return {
            "holder": self.holder,
            "issue": self.issue,
            "proposition": self.proposition,
            "level": self.level,
            "country": self.country,
            "current": self.current,
            "changes": len(self.changes),
            "positions": [p.to_json() for p in self.positions],
        }


@dataclass(slots=True)
class _Row:
    key: tuple
    position: Position
    proposition: str
    country: str | None


def _sort_key(p: Position) -> tuple:
    return (p.date is None, p.date or "", p.doc_id, p.evidence.start, p.actor)


def _rows(analysis: Analysis, level: str, states: dict[str, str]) -> Iterable[_Row]:
    countries = {a.name: a.country for a in analysis.actors}
    for a in analysis.actors:
        if a.kind == "state" and a.country:
            states.setdefault(a.country, a.name)
    for s in analysis.stances:
        country = countries.get(s.actor)
        if level == "country" and not country:
            continue  # no country known: nothing to roll up to
        holder = country if level == "country" else s.actor
        pos = Position(
            date=s.date or analysis.article.published,
            stance=s.stance,
            actor=s.actor,
            doc_id=analysis.doc_id,
            stance_id=s.id,
            evidence=s.evidence,
            quote_id=s.quote_id,
        )
        yield _Row((holder, s.issue), pos, s.proposition, country)


def flag_changes(ordered: list[Position]) -> list[Position]:
    """The same positions with ``changed``/``previous`` set (``parley.world.changes``)."""
    tracker = ChangeTracker()
    out = []
    for p in ordered:
        changed, previous = tracker.step(None, p.stance)
        out.append(replace(p, changed=changed, previous=previous))
    return out


def positions(
    analyses: Iterable[Analysis],
    *,
    level: str = "actor",
    issues: Iterable[str] | None = None,
) -> list[PositionTrack]:
    """One track per (actor or country, issue) over ``analyses`` (a stream is fine).

    Only the stances are kept while the stream is read. ``issues`` limits the tracks to
    those slugs. Tracks come sorted by issue, then holder.
    """
    if level not in LEVELS:
        raise InputError("positions", f"unknown level {level!r}; choose from {', '.join(LEVELS)}")
    wanted = set(issues) if issues is not None else None
    states: dict[str, str] = {}
    groups: dict[tuple, list[tuple[tuple, _Row]]] = {}
    for analysis in analyses:
        for row in _rows(analysis, level, states):
            if wanted is not None and row.key[1] not in wanted:
                continue
            order = _sort_key(row.position)
            groups.setdefault(row.key, []).append((order, row))
    tracks = []
    for (holder, issue), items in groups.items():
        items.sort(key=lambda x: x[0])
        rows = [r for _, r in items]
        tracks.append(
            PositionTrack(
                holder=states.get(holder, holder) if level == "country" else holder,
                issue=issue,
                proposition=rows[-1].proposition,
                level=level,
                country=holder if level == "country" else rows[0].country,
                positions=flag_changes([r.position for r in rows]),
            )
        )
    tracks.sort(key=lambda t: (t.issue, t.holder))
    return tracks


def changes(tracks: Iterable[PositionTrack]) -> list[tuple[PositionTrack, Position]]:
    """Every flagged change across ``tracks``, in date order (then issue and holder)."""
    out = [(t, p) for t in tracks for p in t.changes]
    out.sort(key=lambda tp: (_sort_key(tp[1]), tp[0].issue, tp[0].holder))
    return out
