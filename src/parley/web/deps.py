"""FastAPI dependencies shared by the hub's routes: the store, the settings, paging.

They are ``async def`` because they neither block nor wait: FastAPI runs a plain ``def``
dependency in its thread pool, and the hand-over to a thread and back cost more CPU than
the dependency itself (several per request).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request

from parley.config import Settings
from parley.store import Store

#: Largest page a client may ask for.
MAX_PAGE = 100


async def get_store(request: Request) -> Store:
    """The hub's open ``Store`` (one per app, shared by every request)."""
    return request.app.state.store


async def get_settings(request: Request) -> Settings:
    """The hub's ``Settings``."""
    return request.app.state.settings


async def page_size(limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Items per page.")]
              = 20) -> int:
    """The ``limit`` query parameter (1 to ``MAX_PAGE``)."""
    return limit


async def page_offset(offset: Annotated[int, Query(ge=0, le=1_000_000, description=(
        "Items to skip (use the page's `next`)."))] = 0) -> int:
    """The ``offset`` query parameter."""
    return offset


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
Limit = Annotated[int, Depends(page_size)]
Offset = Annotated[int, Depends(page_offset)]


def not_found(what: str) -> HTTPException:
    """A 404 with a one-line message."""
    return HTTPException(404, f"No {what} here. It may have been removed, or the link is wrong.")
