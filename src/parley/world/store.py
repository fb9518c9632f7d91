"""Emergent issues in the store: grouping as articles arrive, and the editor's operations.

``assign_open_stances`` runs inside the transaction that saves an article (called by
``parley.store.save``): the article's open stances are compared with the emergent issues
whose articles share enough of its names to pass the similarity's gate (``issue_terms``, an
index look-up; ``_candidates``), each joins the most
similar or starts a new issue, and the issues' profiles are updated, all before the stances
are written. The stance row's ``issue`` is then the emergent slug (so the issue page, search
``issue:``, exports and mail work on it as on any issue) and ``target_key`` keeps the key
the analysis gave.

An editor can ``rename`` an issue (its label), ``merge`` one into another (its stances move,
the old slug redirects) and ``promote`` one into a catalogue file (``issues.json`` format).
``regroup`` forgets the emergent issues and groups every open stance again, oldest first.

A revised article's old stances leave the profiles as they were (the profile is a summary,
not a list): ``regroup`` rebuilds them exactly.

These operations store no article revision, so each journals itself in its transaction
(``memo.note_change``): every hub process then drops its memo of the issues and actors it
touched (``regroup``: of everything) and every record page gets a new ETag.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from parley.errors import InputError
from parley.model import Analysis
from parley.store import bulk, memo, summaries
from parley.store.engine import reading, run_write
from parley.store.schema import (
    article_revisions,
    articles,
    issue_terms,
    issues,
    stances,
    utcnow,
)
from parley.world.issues import (
    EMERGENT_PREFIX,
    IssueGrouper,
    Params,
    Profile,
    Target,
    article_context,
    article_parties,
    best_match,
    distinctive,
    is_open,
    make_target,
    sentence_around,
    slug_for,
    target_of,
)
from parley.world.vectors import load_vectors

EMERGENT = "emergent"
#: Issues the grouper owns: emergent ones, and those an editor promoted to the catalogue.
GROUPED = (EMERGENT, "promoted")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _candidates(conn: Connection, names: Iterable[str], share: float = 0.0) -> list[Profile]:
    """The emergent issues sharing a name with the article (locked for update), and at
    least ``share`` of its names.

    ``Profile.similarity`` turns away an issue of another article whose names share less
    than ``Params.context`` of their union with the article's; the union holds at least the
    article's own names, so an issue sharing fewer than that share of them can never be
    chosen, and it is left in the store: not read, decoded nor locked. (A name shared with
    most of the archive, such as "January", made ~120 candidates a save at 200k articles
    where a handful could match.) ``issue_terms`` holds every name a profile was ever given,
    so the count read from it is never below the profile's own. A revised article passes
    0: the issues holding its earlier version are compared whatever they share.
    """
    wanted = sorted(set(names))
    if not wanted:
        return []
    least = next((k for k in range(1, len(wanted) + 1) if k / len(wanted) >= share),
                 len(wanted))
    sharing = (sa.select(issue_terms.c.slug).where(issue_terms.c.term.in_(wanted))
               .group_by(issue_terms.c.slug))
    if least > 1:
        sharing = sharing.having(sa.func.count() >= least)
    query = (sa.select(issues.c.slug, issues.c.label, issues.c.proposition, issues.c.profile)
             .where(issues.c.slug.in_(sharing), issues.c.merged_into.is_(None))
             .order_by(issues.c.slug))
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()
    return [Profile.from_json(r.slug, r.label or r.proposition, r.profile)
            for r in conn.execute(query)]


def _targets(analysis: Analysis, article_id: int) -> list[Target]:
    vectors = load_vectors()
    context = article_context(analysis.article.text)
    return distinctive([make_target(s, str(article_id), analysis.article.published, context,
                                    vectors, analysis.article.text)
                        for s in analysis.stances if is_open(s)])


def assign_open_stances(conn: Connection, analysis: Analysis, article_id: int,
                        now: datetime, params: Params | None = None,
                        revised: bool = False) -> dict[str, str]:
    """Group the analysis' open stances into emergent issues: stance local id -> slug.

    ``revised``: the article was stored before (its earlier stances' issues hold it)."""
    params = params or Params()
    targets = _targets(analysis, article_id)
    if not targets:
        return {}
    profiles = _candidates(conn, targets[0].context, 0.0 if revised else params.context)
    known = {p.slug for p in profiles}
    touched: dict[str, Profile] = {}
    out: dict[str, str] = {}
    for t in targets:
        profile = best_match([*profiles, *touched.values()], t, params)
        if profile is None:
            profile = Profile(slug_for(t.proposition, f"{article_id}\x1f{t.stance_id}"),
                              t.proposition)
        profile.add(t)
        touched[profile.slug] = profile
        out[t.stance_id] = profile.slug
    _write_profiles(conn, touched.values(), known, now, targets[0].context)
    return out


def _write_profiles(conn: Connection, profiles: Iterable[Profile], known: set[str],
                    now: datetime, new_terms: Iterable[str] | None = None) -> None:
    """Insert or update the profiles; index their names (only ``new_terms`` when given:
    the others are indexed already)."""
    profiles = list(profiles)
    new = [p for p in profiles if p.slug not in known]
    old = [p for p in profiles if p.slug in known]
    if new:
        conn.execute(bulk.insert_ignore(conn, issues), [
            {"slug": p.slug, "proposition": p.label, "label": p.label, "origin": EMERGENT,
             "profile": p.to_json(), "first_seen": now} for p in sorted(new, key=lambda p: p.slug)])
    if old:
        conn.execute(sa.update(issues).where(issues.c.slug == sa.bindparam("b_slug"))
                     .values(profile=sa.bindparam("b_profile")),
                     [{"b_slug": p.slug, "b_profile": p.to_json()} for p in old])
    terms = [{"term": term[:200], "slug": p.slug} for p in profiles
             for term in sorted(p.context if new_terms is None else set(new_terms) & set(p.context))]
    if terms:
        bulk.insert(conn, issue_terms, terms, ignore=True)


# -- reading --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EmergentIssue:
    """An emergent issue as listed: its label, key phrases, sides and dates."""

    slug: str
    label: str
    origin: str
    phrases: list[str]
    sides: dict[str, list[str]]  # stance label -> actors holding it last
    stance_count: int
    first_date: str | None
    last_date: str | None
    merged_into: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"slug": self.slug, "label": self.label, "origin": self.origin,
                "phrases": list(self.phrases), "sides": {k: list(v) for k, v in self.sides.items()},
                "stance_count": self.stance_count, "first_date": self.first_date,
                "last_date": self.last_date, "merged_into": self.merged_into}


def describe(conn: Connection, slug: str, *, sides: bool = True) -> EmergentIssue | None:
    """One issue's label, key phrases (most frequent targets), dates and (``sides``) the
    actors on each side by their latest known stance."""
    head = conn.execute(sa.select(issues).where(issues.c.slug == slug)).first()
    if head is None:
        return None
    day = sa.func.coalesce(stances.c.listing_date, stances.c.date)
    on_issue = stances.c.issue == slug
    # (separate queries: each runs on the issue's indexes; ``listing_date`` is the stance's
    # date or its article's, so the first and last days are its ends)
    total = conn.execute(sa.select(sa.func.count()).where(on_issue)).scalar_one()
    first = conn.execute(sa.select(sa.func.min(stances.c.listing_date)).where(on_issue)).scalar()
    last = conn.execute(sa.select(sa.func.max(stances.c.listing_date)).where(on_issue)).scalar()
    n = sa.func.count().label("n")
    phrases = conn.execute(
        sa.select(stances.c.proposition, n).where(on_issue).group_by(stances.c.proposition)
        .order_by(n.desc(), stances.c.proposition).limit(5)).scalars().all()
    held: dict[str, list[str]] = {}
    if sides:
        latest: dict[str, str] = {}
        for actor, label in conn.execute(
                sa.select(stances.c.actor_name, stances.c.stance)
                .where(on_issue, stances.c.stance != "unclear")
                .order_by(day, stances.c.article_id, stances.c.position)):
            latest[actor] = label
        for actor, label in sorted(latest.items()):
            held.setdefault(label, []).append(actor)
    return EmergentIssue(slug, head.label or head.proposition, head.origin or "catalogue",
                         list(phrases), held, total, first, last, head.merged_into)


def issue_info(store, slug: str, *, sides: bool = True) -> EmergentIssue | None:
    """``describe`` in its own read transaction."""
    with reading(store.engine, where=f"reading issue {slug!r}") as conn:
        return describe(conn, slug, sides=sides)


def list_emergent(store, limit: int = 100) -> list[EmergentIssue]:
    """Emergent issues with stances (not merged away, not emptied by a revision), the most
    stances first."""
    with reading(store.engine, where="listing emergent issues") as conn:
        count = (sa.select(sa.func.count()).where(stances.c.issue == issues.c.slug)
                 .scalar_subquery())
        slugs = conn.execute(
            sa.select(issues.c.slug).where(issues.c.origin.in_(GROUPED),
                                           issues.c.merged_into.is_(None), count > 0)
            .order_by(count.desc(), issues.c.slug).limit(limit)).scalars().all()
        return [d for d in (describe(conn, s) for s in slugs) if d is not None]


# -- editing --------------------------------------------------------------------------------


def _require(conn: Connection, slug: str):
    row = conn.execute(sa.select(issues).where(issues.c.slug == slug)).first()
    if row is None:
        raise InputError("issue", f"no issue called {slug!r}")
    return row


def _note(conn: Connection, kind: str, slugs: Iterable[str]) -> None:
    """Journal an operation on ``slugs``: their pages and the pages of every actor holding
    a stance on them (an actor's page lists its issues by label and slug)."""
    slugs = sorted(set(slugs))
    holders = conn.execute(
        sa.select(stances.c.actor_id).distinct()
        .where(stances.c.issue.in_(slugs), stances.c.actor_id.is_not(None))
        .limit(memo.MAX_DEPS + 1)).scalars().all()
    deps = [("issue", s) for s in slugs] + [("actor", a) for a in holders]
    memo.note_change(conn, kind, None if len(holders) > memo.MAX_DEPS else deps)


def rename(store, slug: str, label: str) -> None:
    """Give an issue a new readable label (its slug, and so its links, stay)."""
    label = " ".join((label or "").split())
    if not label or len(label) > 300:
        raise InputError("label", "give a label of 1 to 300 characters")

    def step(conn: Connection) -> None:
        _require(conn, slug)
        conn.execute(sa.update(issues).where(issues.c.slug == slug).values(label=label))
        _note(conn, "rename", [slug])

    run_write(store.engine, step, where=f"renaming issue {slug!r}")


def merge(store, source: str, target: str) -> int:
    """Move every stance of ``source`` into ``target``; ``source`` points at it. Returns the
    number of stances moved."""
    if source == target:
        raise InputError("merge", "an issue cannot be merged into itself")

    def step(conn: Connection) -> int:
        src, dst = _require(conn, source), _require(conn, target)
        if dst.merged_into:
            raise InputError("merge", f"{target!r} was itself merged into {dst.merged_into!r}")
        moved = conn.execute(sa.update(stances).where(stances.c.issue == source)
                             .values(issue=target)).rowcount
        profile = Profile.from_json(target, dst.label or dst.proposition, dst.profile)
        other = Profile.from_json(source, src.label or src.proposition, src.profile)
        profile.absorb(other)
        conn.execute(sa.update(issues).where(issues.c.slug == target)
                     .values(profile=profile.to_json()))
        conn.execute(sa.update(issues).where(issues.c.slug == source)
                     .values(merged_into=target, profile=None))
        conn.execute(sa.delete(issue_terms).where(issue_terms.c.slug == source))
        _write_profiles(conn, [profile], {target}, utcnow())
        summaries.refresh_issues(conn, [source, target])  # the actors' positions moved
        _note(conn, "merge", [source, target])  # (source's holders now hold on target)
        return moved

    return run_write(store.engine, step, where=f"merging issue {source!r} into {target!r}")


def promote(store, slug: str, path: str | Path, new_slug: str | None = None) -> dict[str, Any]:
    """Write an issue into a catalogue file (created or extended) and mark it catalogued.

    The entry has the issue's label as proposition and its key phrases as keywords, for the
    editor to refine; ``PARLEY_ISSUES=path`` then makes the stance extractor use it.
    """
    path = Path(path)
    with reading(store.engine, where=f"reading issue {slug!r}") as conn:
        info = describe(conn, slug)
    if info is None:
        raise InputError("issue", f"no issue called {slug!r}")
    name = new_slug or slug.removeprefix(EMERGENT_PREFIX)
    if not _SLUG.match(name):
        raise InputError("slug", f"{name!r}: use lower-case letters, digits and hyphens")
    entry = {"slug": name, "proposition": info.label, "keywords": info.phrases,
             "support_cues": [], "oppose_cues": []}
    data: dict[str, Any] = {"issues": []}
    if path.exists():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise InputError(str(path), f"not a catalogue file ({exc})") from None
    listed = data.setdefault("issues", [])
    if any(i.get("slug") == name for i in listed):
        raise InputError(str(path), f"already has an issue {name!r}")
    listed.append(entry)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    def step(conn: Connection) -> None:
        conn.execute(sa.update(issues).where(issues.c.slug == slug).values(origin="promoted"))
        # the issue's own pages show its origin; actor pages show only label and slug
        memo.note_change(conn, "promote", [("issue", slug)])

    run_write(store.engine, step, where=f"promoting issue {slug!r}")
    return entry


def _open_stances(conn: Connection) -> tuple[list, dict[int, str]]:
    """Every open stance, oldest article first, and the text of each of their articles."""
    rows = conn.execute(
        sa.select(stances.c.id, stances.c.article_id, stances.c.local_id, stances.c.proposition,
                  stances.c.actor_name, stances.c.stance, stances.c.listing_date,
                  stances.c.evidence_start, stances.c.evidence_end)
        .join(articles, articles.c.id == stances.c.article_id)
        .where(stances.c.origin == "open")
        .order_by(articles.c.sort_date, articles.c.id, stances.c.position)).all()
    ids = sorted({r.article_id for r in rows})
    texts = dict(conn.execute(
        sa.select(articles.c.id, article_revisions.c.text)
        .join(article_revisions, article_revisions.c.id == articles.c.current_revision_id)
        .where(articles.c.id.in_(ids))).all()) if ids else {}
    return rows, texts


def regroup(store, params: Params | None = None) -> int:
    """Group every open stance again, oldest article first; returns the number of issues.

    Slugs are seeded by the first stance of each issue, so an issue that comes out the same
    keeps its slug and its label (an editor's rename survives); merges are undone.
    """
    def step(conn: Connection) -> int:
        rows, texts = _open_stances(conn)
        vectors = load_vectors()
        grouper = IssueGrouper(vectors, params)
        contexts = {aid: article_context(text) for aid, text in texts.items()}
        parties = {aid: article_parties(text, grouper.params.parties) for aid, text in texts.items()}
        moves = []
        for _, group in itertools.groupby(rows, key=lambda r: r.article_id):
            group = list(group)
            targets = []
            for r in group:  # an article's targets together: ``distinctive`` compares them
                text = texts.get(r.article_id, "")
                targets.append(target_of(
                    r.local_id, str(r.article_id), r.proposition, r.actor_name, r.stance,
                    r.listing_date, contexts.get(r.article_id, frozenset()), vectors,
                    sentence_around(text, r.evidence_start, r.evidence_end), params,
                    parties.get(r.article_id, frozenset()), text))
            for r, t in zip(group, distinctive(targets), strict=True):
                slug = grouper.add(t, seed=f"{r.article_id}\x1f{r.local_id}")
                moves.append({"b_id": r.id, "b_issue": slug})
        old = set(conn.execute(sa.select(issues.c.slug)
                               .where(issues.c.origin.in_(GROUPED))).scalars())
        conn.execute(sa.delete(issue_terms).where(issue_terms.c.slug.in_(sorted(old))))
        conn.execute(sa.update(issues).where(issues.c.slug.in_(sorted(old)))
                     .values(merged_into=None))
        _write_profiles(conn, grouper.profiles, old, utcnow())
        if moves:
            before = set(conn.execute(sa.select(stances.c.issue).distinct()
                                      .where(stances.c.origin == "open")).scalars())
            conn.execute(sa.update(stances).where(stances.c.id == sa.bindparam("b_id"))
                         .values(issue=sa.bindparam("b_issue")), moves)
            # the actors' positions on every issue a stance left or joined
            summaries.refresh_issues(conn, before | {m["b_issue"] for m in moves})
        used = sa.select(stances.c.issue).where(stances.c.issue == issues.c.slug)
        conn.execute(sa.delete(issues).where(issues.c.origin.in_(GROUPED), ~sa.exists(used)))
        # every emergent issue and every holder of an open stance may have changed: rare,
        # and naming them all would name nearly everything the memo holds
        memo.note_change(conn, "regroup", None)
        return len(grouper.profiles)

    return run_write(store.engine, step, where="regrouping emergent issues")
