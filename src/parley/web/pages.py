"""One function per page: read the store and return the page's JSON-able dict.

The HTML template renders exactly this dict and the JSON twin returns it, so both always
show the same data. Functions raise ``LookupError`` for an unknown id (the route turns it
into a 404) and parley's ``InputError`` for bad parameters (400).
"""

from __future__ import annotations

import functools
from typing import Any

from parley.model import STANCE_LABELS
from parley.positions import UNCLEAR
from parley.store import Store, memo, parse_query
from parley.store.hub_queries import (
    IssueView,
    Position,
    StanceStep,
    actor_contacts,
    actor_ids_by_name,
    actor_name,
    actor_positions,
    actor_titles,
    cached,
    events_per_month,
    issue_view,
    position_of,
    stance_details,
    top_quotes,
)
from parley.web.render import query_string
from parley.world.charts import Point, contacts_graph, positions_chart
from parley.world.hub import filed_under, issue_labels
from parley.world.store import issue_info


def pagination(path: str, params: dict[str, Any], next_value: Any, key: str,
               prev_value: Any = None) -> dict[str, Any]:
    """Links to the next (and previous) page of a listing, keeping the other parameters."""
    return {
        "next": next_value,
        "next_url": path + query_string(params, **{key: next_value}) if next_value is not None
        else None,
        "prev_url": path + query_string(params, **{key: prev_value}) if prev_value is not None
        else None,
    }


def prev_offset(offset: int, limit: int) -> int | None:
    """The offset of the page before ``offset`` (None on the first page): ``pagination``'s
    ``prev_value`` for offset listings."""
    return max(offset - limit, 0) if offset else None


def json_url(path: str, params: dict[str, Any] | None = None) -> str:
    """The JSON twin of ``path`` with ``params``."""
    base = "/index.json" if path == "/" else path + ".json"
    return base + query_string(params)


def atom_url(path: str, params: dict[str, Any] | None = None) -> str:
    """The Atom twin of ``path`` with ``params`` (list pages only)."""
    base = "/index.atom" if path == "/" else path + ".atom"
    return base + query_string(params)


def home_page(store: Store, limit: int = 20, before: str | None = None) -> dict[str, Any]:
    """The latest articles, newest first (one per story), each with its top quote."""
    page = store.latest(limit=limit, before=before)
    quotes = top_quotes(store, (a.id for a in page.items))
    articles = []
    for a in page.items:
        item = a.to_json()
        top = quotes.get(a.id)
        item["top_quote"] = top.to_json() if top else None
        articles.append(item)
    params = {"limit": limit if limit != 20 else None}
    return {
        "kind": "latest",
        "articles": articles,
        "pagination": pagination("/", params, page.next, "before"),
        "json_url": json_url("/", {**params, "before": before}),
        "atom_url": atom_url("/", {**params, "before": before}),
    }


def _safe_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) link, else None (no javascript: or data: links)."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


def _with_actor_ids(store: Store, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add to each event JSON the actor ids of its participants (``actor_ids``: name -> id)."""
    ids = actor_ids_by_name(store, {n for e in events for n in (*e["actors"], *e["recipients"])})
    for e in events:
        e["actor_ids"] = {n: ids[n] for n in (*e["actors"], *e["recipients"]) if n in ids}
    return events


def _quote_json(q, actor_id: int | None) -> dict[str, Any]:
    data = q.to_json()
    data["ranges"] = [list(r) for r in q.content.ranges()]
    data["speaker_actor_id"] = actor_id
    data["mention"] = ([q.speaker.mention.start, q.speaker.mention.end]
                       if q.speaker.mention and q.speaker.mention.end > q.speaker.mention.start
                       else None)
    return data


def article_page(store: Store, article_id: int) -> dict[str, Any]:
    """An article: its text (boilerplate marked), quotes, events and stances, and its story."""
    found = store.article_analysis(article_id)
    if found is None:
        raise LookupError(f"article {article_id}")
    summary, analysis = found
    names = {q.speaker.name for q in analysis.quotes} | {s.actor for s in analysis.stances}
    names |= {n for e in analysis.events for n in (*e.actors, *e.recipients)}
    names |= {a.name for a in analysis.actors}
    ids = actor_ids_by_name(store, names)
    filed = filed_under(store, article_id) if analysis.stances else {}
    story = None
    if summary.story_id is not None and summary.story_size > 1:
        record = store.story(summary.story_id)
        if record is not None:
            story = {"id": record.id, "article_count": record.article_count,
                     "articles": [{"id": a.id, "title": a.title, "site": a.site,
                                   "published": a.published}
                                  for a in record.articles if a.id != article_id]}
    art = summary.to_json()
    art["url"] = _safe_url(summary.url)
    return {
        "kind": "article",
        "article": art,
        "text": analysis.article.text,
        "boilerplate": [list(r) for r in analysis.article.boilerplate],
        "quotes": [_quote_json(q, ids.get(q.speaker.name)) for q in analysis.quotes],
        "events": [{**e.to_json(), "actor_ids": {n: ids[n] for n in (*e.actors, *e.recipients)
                                                 if n in ids}} for e in analysis.events],
        "stances": [{**s.to_json(), "actor_id": ids.get(s.actor),
                     "issue_slug": filed.get(s.id, s.issue)} for s in analysis.stances],
        "actors": [{"id": ids.get(a.name), "name": a.name, "kind": a.kind,
                    "country": a.country} for a in analysis.actors],
        "story": story,
        "json_url": json_url(f"/articles/{article_id}"),
    }


def actors_page(store: Store, limit: int, offset: int, prefix: str | None) -> dict[str, Any]:
    """Actors by name, with how often the record names them."""
    page = cached(store, ("actors", limit, offset, prefix or None),
                  lambda: store.actors(limit=limit, offset=offset, prefix=prefix or None))
    params = {"limit": limit if limit != 50 else None, "q": prefix}
    return {
        "kind": "actors",
        "query": prefix or "",
        "actors": [a.to_json() for a in page.items],
        "pagination": pagination("/actors", params, page.next, "offset",
                                 prev_offset(offset, limit)),
        "json_url": json_url("/actors", {**params, "offset": offset or None}),
    }


#: At most this many actors in an issue's matrix and chart (those with the most stances):
#: a busy issue has thousands, and a page listing them all is neither fast nor readable.
#: The sides still count every actor.
MATRIX_MAX = 60


def _positions(store: Store, steps: list[StanceStep], key,
               cap: int | None = None) -> list[dict[str, Any]]:
    """Per group (issue, or actor): the current stance, when it started and the changes
    (``cap``: only the groups with the most stances)."""
    groups: dict[Any, list[StanceStep]] = {}
    for step in steps:
        groups.setdefault(key(step), []).append(step)
    if cap is not None and len(groups) > cap:
        top = sorted(groups, key=lambda g: -len(groups[g]))[:cap]
        groups = {g: groups[g] for g in top}
    return _positions_json(store, [position_of(items) for items in groups.values()])


def _positions_json(store: Store, positions: list[Position],
                    evidence: str = "all") -> list[dict[str, Any]]:
    """Positions as JSON, with the evidence of every step shown (``evidence="all"``) or of
    each position's current stance only (``"current"``: what the HTML page shows)."""
    shown: set[int] = set()
    for p in positions:
        shown |= p.shown_ids() if evidence == "all" else {p.latest.stance_id}
    details = stance_details(store, shown)
    return [_position_json(p, details) for p in positions]


def _step_json(step: StanceStep, details: dict) -> dict[str, Any]:
    d = details.get(step.stance_id)
    return {"stance_id": step.stance_id, "stance": step.stance, "date": step.date,
            "actor": step.actor, "actor_id": step.actor_id, "issue": step.issue,
            "changed": step.changed, "previous": step.previous,
            **({"evidence": d.evidence, "article": d.to_json()["article"]} if d else {})}


def _position_json(p: Position, details: dict) -> dict[str, Any]:
    latest = p.latest
    return {
        "actor": latest.actor, "actor_id": latest.actor_id, "issue": latest.issue,
        "current": _step_json(latest, details),
        "stances": p.count,
        "change_count": p.change_count,
        "recent_changes": [_step_json(s, details) for s in reversed(p.recent_changes)],
        "last_by_label": {label: _step_json(s, details)
                          for label, s in sorted(p.by_label.items())},
    }


#: The HTML actor page lists the positions on this many issues (those the actor took most
#: stances on) and links to the full list: the busiest actors hold positions on every
#: issue (558 at 200k articles of a 1M archive).
POSITIONS_SHOWN = 60
#: The JSON twin lists the positions (each with every step's evidence) on this many
#: issues, those with most stances; beyond it ``positions_total`` and ``all_positions_url``
#: (``?positions=all``) say what the full list holds. The busiest actor's full list was
#: 252 ms cold at 1M articles.
POSITIONS_JSON = 100


def one_version(page):
    """Build ``page(store, ...)`` with the memo's data version read once (``memo.one_version``)."""
    @functools.wraps(page)
    def built(store: Store, *args, **kwargs):
        with memo.one_version(store):
            return page(store, *args, **kwargs)
    return built


@one_version
def actor_page(store: Store, actor_id: int, limit: int = 20, offset: int = 0,
               evidence: str = "all", positions_cap: int | None = None) -> dict[str, Any]:
    """An actor: statements over time (paged), events, and positions per issue with changes.

    ``evidence="current"`` (the HTML page, which shows only each position's current
    evidence): the other steps of a position come without their evidence and article. A
    busy actor holds positions on every issue, ~1,000 steps in all at 200k articles.
    ``positions_cap``: only the positions on the issues with the most stances (then
    ``positions_total`` and ``all_positions_url`` say what the full list holds)."""
    actor = cached(store, ("actor", actor_id), lambda: store.actor(actor_id),
                   on=[("actor", actor_id)])
    if actor is None:
        raise LookupError(f"actor {actor_id}")
    quotes = store.quotes_by_speaker(actor.id, limit=limit, offset=offset)
    events = store.events(actor=actor.id, limit=10)
    mine = [("actor", actor.id)]  # the memo's dependencies (parley.store.memo)
    positions, total = cached(store, ("actor-positions", actor.id, evidence, positions_cap),
                              lambda: _actor_positions(store, actor.id, evidence, positions_cap),
                              on=mine)
    ties, _ = cached(store, ("actor-contacts", actor.id), lambda: actor_contacts(store, actor.id),
                     on=lambda found: mine + [("name", n) for n in found[1]])
    dated = cached(store, ("actor-titles", actor.id), lambda: actor_titles(store, actor.id),
                   on=mine)
    path = f"/actors/{actor.id}"
    params = {"limit": limit if limit != 20 else None}
    return {
        "kind": "actor",
        "actor": actor.to_json(),
        "titles": [t.to_json() for t in dated],
        "contacts": [{"name": t.name, "actor_id": t.actor_id, "count": t.count} for t in ties],
        "contacts_svg": contacts_graph(actor.name, ties, f"Whom {actor.name} met or addressed"),
        "statements": [q.to_json() for q in quotes.items],
        "pagination": pagination(path, params, quotes.next, "offset",
                                 prev_offset(offset, limit)),
        "events": _with_actor_ids(store, [e.to_json() for e in events.items]),
        "more_events_url": f"/timeline?actor={actor.id}" if events.next is not None else None,
        "positions": positions,
        **({"positions_total": total,
            "all_positions_url": path + "?positions=all" if total > len(positions) else None}
           if positions_cap is not None and evidence == "current" else {}),
        # The JSON twin (every step's evidence) says so only when it left positions out.
        **({"positions_total": total,
            "all_positions_url": json_url(path, {"positions": "all"})}
           if evidence == "all" and total > len(positions) else {}),
        "json_url": json_url(path, {**params, "offset": offset or None}),
        "atom_url": atom_url(path, {**params, "offset": offset or None}),
    }


def _actor_positions(store: Store, actor_id: int, evidence: str = "all",
                     cap: int | None = None) -> tuple[list[dict[str, Any]], int]:
    """An actor's position per issue (by issue), each with the issue's readable label (at
    most ``cap``: those on the issues with the most stances), and how many there are."""
    positions = actor_positions(store, actor_id)
    total = len(positions)
    if cap is not None and total > cap:
        positions = sorted(positions, key=lambda p: (-p.count, p.latest.issue))[:cap]
    rows = sorted(_positions_json(store, positions, evidence), key=lambda p: p["issue"])
    labels = issue_labels(store, (p["issue"] for p in rows))
    for p in rows:
        p["issue_label"] = labels.get(p["issue"], p["issue"])
    return rows, total


def issues_page(store: Store, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """The issues with how many stances and actors each has."""
    page = store.issues(limit=limit, offset=offset)
    params = {"limit": limit if limit != 50 else None}
    return {
        "kind": "issues",
        "issues": [i.to_json() for i in page.items],
        "pagination": pagination("/issues", params, page.next, "offset",
                                 prev_offset(offset, limit)),
        "json_url": json_url("/issues", {**params, "offset": offset or None}),
    }


@one_version
def issue_page(store: Store, slug: str, limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """An issue: the matrix of actors by stance (latest, with evidence), then the changes."""
    issue = store.issue(slug)
    if issue is None:
        raise LookupError(f"issue {slug}")
    mine = [("issue", slug)]  # the memo's dependencies (parley.store.memo)
    view = cached(store, ("issue-view", slug, offset + limit),
                  lambda: issue_view(store, slug, MATRIX_MAX, offset + limit), on=mine)
    matrix, chart, sides = cached(store, ("issue-positions", slug),
                                  lambda: _issue_positions(store, slug, view), on=mine)
    info = (cached(store, ("issue-info", slug), lambda: issue_info(store, slug, sides=False),
                   on=mine)
            if issue.origin != "catalogue" else None)
    shown = view.changes[offset:offset + limit]
    details = stance_details(store, (s.stance_id for s in shown))
    path = f"/issues/{slug}"
    params = {"limit": limit if limit != 20 else None}
    return {
        "kind": "issue",
        "issue": issue.to_json(),
        "emergent": info.to_json() if info and info.origin != "catalogue" else None,
        "sides": sides,
        "labels": list(STANCE_LABELS),
        "matrix": matrix,
        "matrix_total": view.holders,
        "chart_svg": chart,
        "changes": [_step_json(s, details) for s in shown],
        "change_count": view.change_count,
        "pagination": pagination(path, params,
                                 offset + limit if offset + limit < view.change_count else None,
                                 "offset", prev_offset(offset, limit)),
        "json_url": json_url(path, {**params, "offset": offset or None}),
        "atom_url": atom_url(path, {**params, "offset": offset or None}),
    }


def matrix_order(p: dict[str, Any]) -> tuple:
    """Matrix rows by name (the actor before a namesake without an actor id)."""
    return p["actor"].lower(), p["actor_id"] is None, p["actor_id"] or 0


def _issue_positions(store: Store, slug: str, view: IssueView
                     ) -> tuple[list[dict[str, Any]], str, dict[str, list[str]]]:
    """The matrix rows of an issue (by actor name), the chart of the shown actors' positions
    over time (SVG) and the sides (each holder's latest known stance)."""
    sides: dict[str, list[str]] = {}
    for name, stance in sorted(view.latest, key=lambda h: h[0].lower()):
        if stance != UNCLEAR:
            sides.setdefault(stance, []).append(name)
    matrix = sorted(_positions_json(store, view.top), key=matrix_order)
    chart = positions_chart([Point(s.actor, s.actor_id, s.date, s.stance, s.changed)
                             for s in view.chart_steps], f"Positions on {slug} over time")
    return matrix, chart, sides


def timeline_page(store: Store, limit: int = 20, offset: int = 0,
                  actor_id: int | None = None) -> dict[str, Any]:
    """Events, latest date first, with a chart of events per month."""
    actor = None
    if actor_id is not None:
        name = actor_name(store, actor_id)  # the name only: the actor's counts cost
        if name is None:
            raise LookupError(f"actor {actor_id}")
        actor = {"id": actor_id, "name": name}
    page = store.events(actor=actor_id, limit=limit, offset=offset)
    months = cached(store, ("months", actor_id), lambda: events_per_month(store, actor_id),
                    on=None if actor_id is None else [("actor", actor_id)])
    params = {"limit": limit if limit != 20 else None, "actor": actor_id}
    events = _with_actor_ids(store, [e.to_json() for e in page.items])
    return {
        "kind": "timeline",
        "actor": actor,
        "events": events,
        "chart": {"months": [{"month": m, "count": n} for m, n in months],
                  "max": max((n for _, n in months), default=0)},
        "pagination": pagination("/timeline", params, page.next, "offset",
                                 prev_offset(offset, limit)),
        "json_url": json_url("/timeline", {**params, "offset": offset or None}),
        "atom_url": atom_url("/timeline", {**params, "offset": offset or None}),
    }


SEARCH_HELP = [
    ["ceasefire", "articles with the word (talks finds talk too)"],
    ['"prisoner exchange"', "the exact phrase"],
    ["-sanctions", "without the word"],
    ["speaker:Volkova", "quoting that actor (full name or surname)"],
    ["actor:Northland", "naming that actor"],
    ["issue:border-crossings", "with a stance on that issue"],
    ["site:example.org", "from that site"],
    ["from:2025-04-01 to:2025-04", "published in that range"],
]


def search_page(store: Store, q: str, scope: str = "articles", limit: int = 20,
                offset: int = 0) -> dict[str, Any]:
    """Search results (articles or quotes); raises ``InputError`` for a malformed query."""
    params = {"q": q, "in": scope if scope != "articles" else None,
              "limit": limit if limit != 20 else None}
    data: dict[str, Any] = {
        "kind": "search", "query": q, "scope": scope, "error": None, "help": SEARCH_HELP,
        "articles": [], "quotes": [],
        "pagination": pagination("/search", params, None, "offset"),
        "json_url": json_url("/search", {**params, "offset": offset or None}),
        "atom_url": atom_url("/search", {**params, "offset": offset or None}),
    }
    if not q.strip():
        return data
    parsed = parse_query(q)
    if parsed.is_empty():
        return data
    if scope == "quotes":
        page = store.search_quotes(parsed, limit=limit, offset=offset)
        data["quotes"] = [r.to_json() for r in page.items]
    else:
        page = store.search(parsed, limit=limit, offset=offset)
        data["articles"] = [h.to_json() for h in page.items]
    data["pagination"] = pagination("/search", params, page.next, "offset",
                                    prev_offset(offset, limit))
    return data


EXPORT_KINDS = {
    "quotes": "Quotes with their speakers and articles",
    "events": "Events with dates, PLOVER types and participants",
    "stances": "Stances: who stands where on which issue, with evidence",
}


def export_index() -> dict[str, Any]:
    """The export files and their filters."""
    return {
        "kind": "exports",
        "exports": [{"name": name, "description": text,
                     "csv": f"/export/{name}.csv", "jsonl": f"/export/{name}.jsonl"}
                    for name, text in EXPORT_KINDS.items()],
        "filters": [["actor", "an actor id or exact name"], ["issue", "an issue slug"],
                    ["from", "first date, YYYY-MM-DD (or YYYY-MM, YYYY)"],
                    ["to", "last date, YYYY-MM-DD (or YYYY-MM, YYYY)"]],
        "json_url": "/export.json",
    }
