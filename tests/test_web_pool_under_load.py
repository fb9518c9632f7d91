"""Many more requests in flight than connections in the pool: every one is answered.

A GET first checks its validators (the ``fresh`` dependency, in a worker thread), then
runs its page (another worker thread). When the shared reads of a GET were scoped to the
whole request, a request kept its connection from the first check until it was answered,
also while it waited for a thread for its page; with more requests in flight than pool
connections, every thread ended up waiting for a connection that only a waiting request
could return, and each request failed after the pool's timeout. The reads now share a
connection within one endpoint run (``parley.web.deps.SharedReadsRoute``), and the hub
runs as many threads as the pool keeps connections, so nothing waits on a connection
while holding one, and the pool does not open and close connections under load.

Both backends (``store`` fixture; PostgreSQL skipped when unreachable).
"""

from __future__ import annotations

import asyncio
import time

import httpx
import sqlalchemy as sa
from sqlalchemy import event

from parley.config import Settings
from parley.store.engine import POOL_OVERFLOW, POOL_SIZE
from store_fixtures import build_analysis

#: Requests sent at once: more than the pool's connections and the threads together (the
#: old scope deadlocked past 5 + 10 connections and 40 threads).
IN_FLIGHT = 120


def _app(store):
    from parley.web.app import create_app

    return create_app(Settings(db=store.url, secret="test-secret-0123456789",
                               search_per_minute=0), store, hooks=False)


def test_more_requests_in_flight_than_connections_all_answered(store):
    for seed in range(6):
        store.save_analysis(build_analysis(seed, published=f"2025-05-{seed + 1:02}"))
    with store.engine.connect() as conn:
        article = conn.execute(sa.text("SELECT min(id) FROM articles")).scalar()
    urls = ["/", "/index.json", f"/articles/{article}", f"/articles/{article}.json",
            "/timeline", "/actors", "/issues.json", "/search?q=talks"]
    opened = []
    event.listen(store.engine.pool, "connect", lambda *_: opened.append(1))
    app = _app(store)

    async def run() -> tuple[list[int], float]:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://hub") as client:
                await client.get("/")  # the first connection(s), the memo
                started = time.monotonic()
                answers = await asyncio.wait_for(asyncio.gather(
                    *(client.get(urls[i % len(urls)]) for i in range(IN_FLIGHT))), timeout=25)
                return [r.status_code for r in answers], time.monotonic() - started

    statuses, seconds = asyncio.run(run())
    assert statuses == [200] * IN_FLIGHT
    assert seconds < 20  # a pool deadlock waits for the pool's timeout (30 s) per request
    # connections are kept, not opened and closed for each request beyond the fifth
    assert len(opened) <= POOL_SIZE + POOL_OVERFLOW


def test_the_hub_runs_as_many_threads_as_the_pool_keeps_connections(store):
    import anyio

    app = _app(store)

    async def run() -> int:
        async with app.router.lifespan_context(app):
            return anyio.to_thread.current_default_thread_limiter().total_tokens

    assert asyncio.run(run()) == POOL_SIZE
