"""FastAPI dependencies shared by the hub's routes: the store, the settings, paging.

They are ``async def`` because they neither block nor wait: FastAPI runs a plain ``def``
dependency in its thread pool, and the hand-over to a thread and back cost more CPU than
the dependency itself (several per request).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, Request
from fastapi.routing import APIRoute

from parley.config import Settings
from parley.store import Store
from parley.store.engine import shared_reads

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


def _sharing_reads(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """``endpoint`` with its reads (route and rendering) on one connection and transaction
    (``parley.store.engine.shared_reads``), from its first read until it returns, in the
    thread that runs it."""
    @functools.wraps(endpoint)  # FastAPI reads the signature (and globals) through __wrapped__
    def run(*args: Any, **kwargs: Any) -> Any:
        store = next((v for v in kwargs.values() if isinstance(v, Store)), None)
        if store is None:
            return endpoint(*args, **kwargs)
        with shared_reads(store.engine):
            return endpoint(*args, **kwargs)

    return run


class SharedReadsRoute(APIRoute):
    """A route whose plain ``def`` endpoint shares one connection for all its reads: one
    pool check-out and one ``BEGIN`` a page instead of one per read.

    The scope is the endpoint's own run in its worker thread, not the whole request: a
    request that held a connection from its first read (the ``fresh`` dependency, run in
    another thread) until it was answered kept it while it waited for a free thread, and
    with more requests in flight than pool connections every thread ended up waiting for
    a connection that only a waiting request could give back (100 clients on one worker:
    every request timed out after the pool's 30 s)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = _sharing_reads(endpoint)
        super().__init__(path, endpoint, **kwargs)
