"""The hub's pages: latest, articles, actors, issues, timeline, search (each with a JSON twin)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from parley.web import pages
from parley.web.deps import Limit, StoreDep
from parley.web.render import render

router = APIRouter()


@router.get("/", summary="Latest articles", tags=["pages"])
def home(request: Request, store: StoreDep, limit: Limit,
         before: Annotated[str | None, Query(max_length=40, description=(
             "Cursor from the previous page's `next`."))] = None):
    """The latest articles, newest first, each with its top quote."""
    return render(request, "home.html", pages.home_page(store, limit, before))
