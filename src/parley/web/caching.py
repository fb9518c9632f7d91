"""Conditional GET and caching headers for the whole hub: ETag, Last-Modified, 304, Cache-Control.

Two kinds of GET answers:

* **Record pages** (pages, JSON and Atom twins, exports: everything that is a function of
  the stored record and the URL). Their router depends on ``fresh``, which computes the
  validators *before* the page is built, from ``data_version`` (one statement: the highest
  revision id and the highest id of the journal of writes without a revision, such as an
  issue's rename or merge, ``parley.store.memo.note_change``):
  ``ETag: W/"<hash of code, data version, variant, path, query>"`` and ``Last-Modified``:
  when this process first saw the current data version (never earlier than its start, so a
  new release of the templates is a modification too). A matching ``If-None-Match`` (or,
  without one, an ``If-Modified-Since`` not older than ``Last-Modified``) is answered 304
  without building anything. They are public: ``Cache-Control: public, no-cache`` (a
  reverse proxy or browser may keep them but asks again, and the 304 is cheap), or
  ``public, max-age=N`` with the ``cache_max_age`` setting.
* **Everything else** that answers 200 to a GET (the subscribe form, a digest preview,
  ``/openapi.json``): ``CachingMiddleware`` hashes the body into a strong ETag and answers
  a matching ``If-None-Match`` with 304. Such answers are ``no-cache``; ``private`` too
  when they carry a CSRF token (the form is bound to this browser's cookie). Answers that
  say ``no-store`` (pages reached with a mail token) get no validators at all.

Responses that already carry an ETag (``/static``: Starlette's own) are left alone.
"""

from __future__ import annotations

import functools
import hashlib
import threading
import time
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

from fastapi import Request
from fastapi.responses import Response

from parley.store.hub_queries import data_version
from parley.web.deps import StoreDep
from parley.web.render import variant
from parley.web.security import CSRF_USED

#: Scope key where ``fresh`` leaves the validators of a record page for the middleware.
VALIDATORS_KEY = "parley.validators"
#: Bodies larger than this are sent without a body-hash ETag (they are not held in memory).
MAX_HASHED_BODY = 4 * 1024 * 1024
#: Headers a 304 repeats from the 200 it stands for (RFC 9110, 15.4.5).
_KEPT_ON_304 = {b"etag", b"last-modified", b"cache-control", b"vary", b"expires",
                b"content-location", b"date"}
_PACKAGE = Path(__file__).resolve().parent.parent
_CODE_SUFFIXES = {".py", ".html", ".css", ".js", ".svg"}


@functools.cache
def code_stamp() -> str:
    """A hash of parley's code and templates: a new release changes every record page's ETag."""
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in _CODE_SUFFIXES and path.is_file():
            digest.update(str(path.relative_to(_PACKAGE)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


class RecordClock:
    """When this process first saw each data version: the record pages' ``Last-Modified``.

    Whole seconds (HTTP dates have no finer unit), strictly increasing with each new
    version, so that a change within the same second as the last one is still newer.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version: object | None = None  # a data version (``memo.Version``)
        self._seen = int(time.time())  # the process start bounds every modification

    def modified(self, version: object) -> int:
        """The Unix time (seconds) to give as Last-Modified for ``version``."""
        with self._lock:
            if version != self._version:
                if self._version is not None:
                    self._seen = max(int(time.time()), self._seen + 1)
                self._version = version
            return self._seen


class NotModified(Exception):
    """Raised by ``fresh`` when the client's copy is current: answered 304."""

    def __init__(self, headers: dict[str, str]):
        super().__init__("not modified")
        self.headers = headers


def _etags(header: str) -> list[str]:
    """The entity tags of an If-None-Match header, weak marks dropped (weak comparison)."""
    return [t.strip().removeprefix("W/") for t in header.split(",") if t.strip()]


def matches(if_none_match: str | None, etag: str) -> bool:
    """True when an If-None-Match header names ``etag`` (or is ``*``)."""
    if not if_none_match:
        return False
    tags = _etags(if_none_match)
    return "*" in tags or etag.removeprefix("W/") in tags


def not_modified_since(if_modified_since: str | None, last_modified: int) -> bool:
    """True when an If-Modified-Since date is not older than ``last_modified`` (Unix s)."""
    if not if_modified_since:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError, IndexError):
        return False  # a malformed date is ignored, as RFC 9110 says
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return since.timestamp() >= last_modified


def http_date(seconds: int) -> str:
    """An IMF-fixdate (``Sun, 06 Nov 1994 08:49:37 GMT``)."""
    return format_datetime(datetime.fromtimestamp(seconds, UTC), usegmt=True)


def public_cache_control(max_age: int) -> str:
    """Cache-Control of a record page: stored anywhere, revalidated after ``max_age`` s."""
    return f"public, max-age={max_age}" if max_age > 0 else "public, no-cache"


def fresh(request: Request, store: StoreDep) -> None:
    """Router dependency of the record pages: 304 now if the client's copy is current."""
    version = data_version(store)
    app_state = request.app.state
    clock: RecordClock = app_state.record_clock
    query = request.url.query
    stamp = f"{version.revisions}.{version.changes}"  # both move: an edit is a modification
    key = "\x1f".join([code_stamp(), stamp, variant(request), request.url.path, query])
    etag = 'W/"' + hashlib.blake2b(key.encode(), digest_size=12).hexdigest() + '"'
    headers = {"etag": etag, "last-modified": http_date(clock.modified(version)),
               "cache-control": public_cache_control(app_state.settings.cache_max_age),
               "vary": "Accept"}
    request.scope[VALIDATORS_KEY] = headers
    inm = request.headers.get("if-none-match")
    if matches(inm, etag) or (inm is None and not_modified_since(
            request.headers.get("if-modified-since"), clock.modified(version))):
        raise NotModified(headers)


async def not_modified(request: Request, exc: NotModified) -> Response:
    """The 304 for ``NotModified``: no body, the validators and caching headers."""
    return Response(status_code=304, headers=exc.headers)


class CachingMiddleware:
    """ASGI middleware: validators on every GET 200, and 304 for a matching If-None-Match."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        inm = _header(scope.get("headers", []), b"if-none-match")
        state = {"start": None, "chunks": [], "size": 0, "mode": "pass"}

        async def send_wrapper(message):
            if message["type"] == "http.response.start":
                await _on_start(scope, message, state, send)
                return
            if message["type"] != "http.response.body" or state["mode"] == "pass":
                await send(message)
                return
            await _on_body(message, state, inm, send)

        await self.app(scope, receive, send_wrapper)


def _header(headers, name: bytes) -> str | None:
    for key, value in headers:
        if key.lower() == name:
            return value.decode("latin-1")
    return None


async def _on_start(scope, message, state, send) -> None:
    """Add the record validators, or get ready to hash the body; pass anything else on."""
    headers = list(message.get("headers", []))
    names = {k.lower() for k, _ in headers}
    validators = scope.get(VALIDATORS_KEY)
    if message["status"] != 200 or b"etag" in names:
        await send(message)
        return
    cache_control = (_header(headers, b"cache-control") or "").lower()
    if validators is not None:
        headers += [(k.encode(), v.encode()) for k, v in validators.items()
                    if k.encode() not in names]
        await send({**message, "headers": headers})
        return
    if "no-store" in cache_control:
        await send(message)
        return
    if not cache_control:
        private = scope.get(CSRF_USED) or b"set-cookie" in names
        headers.append((b"cache-control", b"private, no-cache" if private else b"no-cache"))
    state.update(start={**message, "headers": headers}, mode="hash")


async def _on_body(message, state, inm, send) -> None:
    """Hold the body until its end, then send it with its ETag, or a 304 that matches."""
    state["chunks"].append(message.get("body", b""))
    state["size"] += len(state["chunks"][-1])
    more = message.get("more_body", False)
    if state["size"] > MAX_HASHED_BODY:  # too big to hold: send as it comes, no ETag
        await send(state["start"])
        await send({"type": "http.response.body", "body": b"".join(state["chunks"]),
                    "more_body": more})
        state.update(mode="pass", chunks=[])
        return
    if more:
        return
    body = b"".join(state["chunks"])
    etag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
    start = state["start"]
    headers = start["headers"] + [(b"etag", etag.encode())]
    if matches(inm, etag):
        kept = [(k, v) for k, v in headers if k.lower() in _KEPT_ON_304]
        await send({**start, "status": 304, "headers": kept})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({**start, "headers": headers})
    await send({"type": "http.response.body", "body": body})
