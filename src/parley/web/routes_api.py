"""The write API: ingest a URL, subscribe to a feed. Each call needs an API token.

Send ``Authorization: Bearer <token>``; tokens are made with ``parley tokens create NAME``
(stored hashed, revocable with ``parley tokens revoke NAME``). A missing, unknown or
revoked token is a 401. The hub fetches only public addresses unless
``allow_private_urls`` is set.
"""

from __future__ import annotations

import threading
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from parley.store.records import TokenInfo
from parley.web.deps import SettingsDep, StoreDep
from parley.web.openapi import api, pattern
from parley.web.schemas import FeedOut, IngestOut

router = APIRouter(prefix="/api", tags=["write API"])

#: spaCy pipelines are not made for concurrent use: one ingest at a time per process.
_INGEST_LOCK = threading.Lock()


#: An http(s) URL with a host name (what ``_check_url`` accepts, spelled as a pattern); the
#: user part is ASCII (``urlsplit`` refuses some other characters there), and the spaces
#: around it are the ASCII ones (JSON Schema's ``\s`` has some that ``str.strip`` keeps).
URL_PATTERN = pattern(r"^[ \t\n\r\f\v]*[Hh][Tt][Tt][Pp][Ss]?://([A-Za-z0-9._~%!$&'()*+,;=:-]*@)?"
                      r"[A-Za-z0-9._~-]+(:[0-9]{1,5})?([/?#][^ \t\n\r\f\v]*)?[ \t\n\r\f\v]*$",
                      "expected an http:// or https:// URL")


class UrlIn(BaseModel):
    """A URL to act on."""

    url: str = Field(max_length=2000, pattern=URL_PATTERN, description="An http:// or https:// URL.",
                     examples=["https://news.example/2025/03/talks-resume"])


#: Documents the bearer scheme in /openapi.json; the check itself is ``require_token``'s.
BEARER = HTTPBearer(auto_error=False, description="An API token from `parley tokens create NAME`.")


def require_token(store: StoreDep, credentials: Annotated[
        HTTPAuthorizationCredentials | None, Depends(BEARER)]) -> TokenInfo:
    """FastAPI dependency: the caller's valid API token, else 401."""
    token = credentials.credentials if credentials else ""
    challenge = {"WWW-Authenticate": "Bearer"}
    if not token.strip():
        raise HTTPException(401, "An API token is required: send 'Authorization: Bearer TOKEN' "
                                 "(create one with 'parley tokens create NAME').",
                            headers=challenge)
    info = store.verify_token(token.strip())
    if info is None:
        raise HTTPException(401, "This API token is not valid or has been revoked.",
                            headers=challenge)
    return info


Token = Annotated[TokenInfo, Depends(require_token)]


def _check_url(url: str) -> str:
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed [ in the host
        parts = urlsplit("")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise HTTPException(400, f"url: expected an http:// or https:// URL, got {url!r}")
    return url


@router.post("/ingest", summary="Ingest an article or feed URL", responses=api(
    200, IngestOut, 400, 401, 422, 503, models={422: IngestOut},
    description="Fetched, analysed and stored: the counts and the article."))
def ingest_url(body: UrlIn, store: StoreDep, settings: SettingsDep, token: Token) -> JSONResponse:
    """Fetch, analyse and store the article (or every entry of the feed) at ``url``.

    200 with the counts when it went through; 422 with the reason when the source could
    not be fetched or read.
    """
    from parley.ingest.runner import ingest

    url = _check_url(body.url)
    with _INGEST_LOCK:
        summary = ingest([url], store, settings=settings)
    stored = store.find_article(url)
    data: dict[str, Any] = {
        "ok": summary.ok,
        "summary": summary.to_json(),
        "article": {"id": stored.id, "title": stored.title, "url": f"/articles/{stored.id}"}
        if stored else None,
    }
    if not summary.ok:
        data["error"] = "; ".join(f"{f.source}: {f.reason}" for f in summary.failed)
    return JSONResponse(data, status_code=200 if summary.ok else 422)


@router.post("/feeds", summary="Subscribe to a feed", status_code=201, responses=api(
    201, FeedOut, 400, 401, 422, 503, description="The feed, now polled by `parley poll`."))
def add_feed(body: UrlIn, store: StoreDep, settings: SettingsDep, token: Token) -> JSONResponse:
    """Find the feed at ``url`` (a feed, or a page that links to one) and subscribe to it.

    201 with the feed; 422 when no feed could be fetched or read there.
    """
    from parley.errors import FetchError, InputError
    from parley.ingest.discover import find_feed
    from parley.ingest.fetch import Fetcher

    url = _check_url(body.url)
    try:
        with Fetcher.from_settings(settings) as fetcher:
            feed = find_feed(url, fetcher)
    except (FetchError, InputError) as exc:
        return JSONResponse({"error": str(exc), "status": 422}, status_code=422)
    added = store.add_feed(feed.url, title=feed.title, site_url=feed.site_url)
    return JSONResponse({"id": added.id, "url": added.url, "title": added.title,
                         "site_url": added.site_url, "added_at": added.added_at.isoformat()},
                        status_code=201)
