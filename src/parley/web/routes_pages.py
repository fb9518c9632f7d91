"""The hub's pages: latest, articles, actors, issues, timeline, search (each with a JSON twin).

Each route parses its parameters, calls the page builder in ``parley.web.pages`` and hands
the dict to ``render`` (HTML or JSON twin). Unknown ids are 404, bad parameters 400.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request

from parley.errors import InputError
from parley.web import pages
from parley.web.caching import fresh
from parley.web.deps import Limit, Offset, SharedReadsRoute, StoreDep, not_found
from parley.web.openapi import page, pattern
from parley.web.ratelimit import limit_search
from parley.web.render import render, variant
from parley.web.schemas import (
    ActorPage,
    ActorsPage,
    ArticlePage,
    ErrorOut,
    IssuePage,
    IssuesPage,
    LatestPage,
    SearchPage,
    TimelinePage,
)

#: Every answer here is a function of the record and the URL: ETag/Last-Modified/304 up front.
router = APIRouter(tags=["pages"], dependencies=[Depends(fresh)], route_class=SharedReadsRoute)

#: Database ids are 64-bit; larger numbers are refused (400) rather than sent to the database.
MAX_ID = 2**63 - 1
Id = Annotated[int, Path(ge=1, le=MAX_ID)]

Cursor = Annotated[str | None, Query(max_length=40, pattern=pattern(
    r"^([0-9]{4}-[0-9]{2}-[0-9]{2}~[0-9]+)?$", "not a page cursor: use the page's `next`"),
    description="Cursor from the previous page's `next`.")]


def _or_404(what: str, build: Callable[..., dict], *args: Any) -> dict:
    """``build(*args)``; a 404 naming ``what`` if it raises LookupError (an unknown id)."""
    try:
        return build(*args)
    except LookupError:
        raise not_found(what) from None


@router.get("/", summary="Latest articles", responses=page(LatestPage, 400, 503, feed=True))
def home(request: Request, store: StoreDep, limit: Limit, before: Cursor = None):
    """The latest articles, newest first (one per story), each with its top quote."""
    return render(request, "home.html", pages.home_page(store, limit, before), feed=True)


@router.get("/articles/{article_id}", summary="An article",
            responses=page(ArticlePage, 400, 404, 503))
def article(request: Request, store: StoreDep, article_id: Id):
    """An article's text with its quotes highlighted, its events and its stances."""
    return render(request, "article.html",
                  _or_404(f"article {article_id}", pages.article_page, store, article_id))


@router.get("/actors", summary="Actors", responses=page(ActorsPage, 400, 503))
def actors(request: Request, store: StoreDep, offset: Offset,
           limit: Annotated[int, Query(ge=1, le=100)] = 50,
           q: Annotated[str | None, Query(max_length=100, description=(
               "Only actors whose name starts with this."))] = None):
    """Every actor in the record, by name."""
    return render(request, "actors.html", pages.actors_page(store, limit, offset, q))


@router.get("/actors/{actor_id}", summary="An actor",
            responses=page(ActorPage, 400, 404, 503, feed=True))
def actor(request: Request, store: StoreDep, actor_id: Id,
          limit: Limit, offset: Offset,
          positions: Annotated[Literal["all"] | None, Query(description=(
              "The HTML page lists the positions on the 60 issues with the most stances, "
              "the JSON twin those on the 100 issues with the most stances (with every "
              "step's evidence; then `positions_total` and `all_positions_url` say how many "
              "there are, when it left some out); `all` lists every one."))] = None):
    """An actor's statements over time, events, and positions per issue."""
    # The HTML page (and the Atom feed) show no evidence but each position's current one,
    # and the HTML page the positions on the issues with most stances unless asked for all.
    chosen = variant(request)
    evidence = "all" if chosen == "json" else "current"
    caps = {"html": pages.POSITIONS_SHOWN, "json": pages.POSITIONS_JSON}
    cap = caps.get(chosen) if positions is None else None
    return render(request, "actor.html",
                  _or_404(f"actor {actor_id}", pages.actor_page, store, actor_id, limit, offset,
                          evidence, cap), feed=True)


@router.get("/issues", summary="Issues", responses=page(IssuesPage, 400, 503))
def issues(request: Request, store: StoreDep, offset: Offset,
           limit: Annotated[int, Query(ge=1, le=100)] = 50):
    """The disputed issues, with how many actors took a stance on each."""
    return render(request, "issues.html", pages.issues_page(store, limit, offset))


@router.get("/issues/{slug}", summary="An issue",
            responses=page(IssuePage, 400, 404, 503, feed=True))
def issue(request: Request, store: StoreDep, limit: Limit, offset: Offset,
          slug: Annotated[str, Path(max_length=200, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]):
    """Who stands where on an issue (latest stance per actor) and how positions changed."""
    return render(request, "issue.html",
                  _or_404(f"issue {slug!r}", pages.issue_page, store, slug, limit, offset),
                  feed=True)


@router.get("/timeline", summary="Timeline of events",
            responses=page(TimelinePage, 400, 404, 503, feed=True))
def timeline(request: Request, store: StoreDep, limit: Limit, offset: Offset,
             actor: Annotated[int | None, Query(ge=1, le=MAX_ID, description=(
                 "Only events this actor (id) took part in."))] = None):
    """Events by date, latest first, with a chart of events per month."""
    return render(request, "timeline.html",
                  _or_404(f"actor {actor}", pages.timeline_page, store, limit, offset, actor),
                  feed=True)


@router.get("/search", summary="Search", dependencies=[Depends(limit_search)],
            responses=page(SearchPage, 400, 429, 503, feed=True,
                           models={400: SearchPage | ErrorOut}))
def search(request: Request, store: StoreDep, limit: Limit, offset: Offset,
           q: Annotated[str, Query(max_length=500, description=(
               'Words, "phrases", -exclusions and filters speaker:, actor:, issue:, site:, '
               "from:, to:"))] = "",
           scope: Annotated[Literal["articles", "quotes"], Query(alias="in", description=(
               "Search articles or quotes."))] = "articles"):
    """Full-text search over articles and quotes; a malformed query is a 400 with the reason."""
    try:
        data = pages.search_page(store, q, scope, limit, offset)
    except InputError as exc:
        data = pages.search_page(store, "", scope, limit, 0)
        data.update(query=q, error=exc.reason)
        return render(request, "search.html", data, status_code=400, feed=True)
    return render(request, "search.html", data, feed=True)
