"""Per-client rate limits for the hub's costly public endpoints (search), in memory.

A token bucket per client address: ``per_minute`` requests a minute on average, with
bursts up to the same number (a person paging through results is never slowed; a script
hammering the full-text index is). Over the limit the answer is ``429 Too Many Requests``
with ``Retry-After`` (whole seconds until the next request would pass).

The limit applies per hub process and per address as the server sees it: behind a reverse
proxy every client has the proxy's address, so either run uvicorn with
``--proxy-headers`` (then ``request.client`` is the forwarded address) or limit at the proxy
and set ``search_per_minute = 0`` (off).
"""

from __future__ import annotations

import math
import threading
import time

from fastapi import HTTPException, Request

#: Most client addresses tracked at once; past that, idle (full) buckets are dropped.
MAX_KEYS = 100_000


class TokenBucket:
    """``rate`` tokens per second, at most ``capacity`` saved up, per key (thread-safe)."""

    def __init__(self, rate: float, capacity: float, *, max_keys: int = MAX_KEYS):
        self.rate = rate
        self.capacity = capacity
        self.max_keys = max_keys
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, at)
        self._lock = threading.Lock()

    def take(self, key: str, now: float | None = None) -> float:
        """Spend one token for ``key``: 0.0 when allowed, else seconds until one is due."""
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, at = self._buckets.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - at) * self.rate)
            if tokens >= 1.0:
                if key not in self._buckets and len(self._buckets) >= self.max_keys:
                    self._prune(now)
                self._buckets[key] = (tokens - 1.0, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self.rate

    def _prune(self, now: float) -> None:
        """Forget buckets that have refilled (they behave like new ones anyway)."""
        full = [k for k, (t, at) in self._buckets.items()
                if t + (now - at) * self.rate >= self.capacity]
        for key in full:
            del self._buckets[key]
        if len(self._buckets) >= self.max_keys:  # a flood of distinct addresses
            self._buckets.clear()


def client_key(request: Request) -> str:
    """The address a limit is counted against."""
    return request.client.host if request.client else "unknown"


def _search_bucket(request: Request) -> TokenBucket | None:
    state = request.app.state
    bucket = getattr(state, "search_bucket", None)
    if bucket is None:
        per_minute = state.settings.search_per_minute
        if per_minute <= 0:
            return None
        bucket = state.search_bucket = TokenBucket(per_minute / 60.0, per_minute)
    return bucket


async def limit_search(request: Request) -> None:
    """FastAPI dependency: 429 with Retry-After when this client searches too often."""
    bucket = _search_bucket(request)
    if bucket is None:
        return
    wait = bucket.take(client_key(request))
    if wait > 0:
        raise HTTPException(429, "Too many searches from your address; wait a moment and "
                                 "try again.", headers={"Retry-After": str(max(1, math.ceil(wait)))})
