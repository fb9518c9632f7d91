"""Rendering: one dict per page, shown as HTML by a template, or as its JSON or Atom twin.

Every GET page has a JSON twin: the same URL with ``.json`` appended (``/actors/3.json``,
``/index.json`` for ``/``) or the same URL with ``Accept: application/json``. List pages
(latest, an actor, an issue, the timeline, search) also have an Atom twin: ``.atom``
appended, or ``Accept: application/atom+xml`` (see ``parley.web.atom``). The
``TwinMiddleware`` strips the suffix before routing and marks the request, so a route is
written once::

    @router.get("/actors/{actor_id}")
    def actor_page(request: Request, actor_id: int, store: Store = Depends(get_store)):
        data = build_actor_page(store, actor_id)      # plain JSON-able dict
        return render(request, "actor.html", data)    # HTML, JSON or Atom

Templates receive the dict as ``page`` plus helpers (``csrf_token()``, ``url()``,
``qs()``); Jinja2 autoescapes everything. Never mark article text safe: build highlighted
markup from escaped pieces (see ``parley.web.markup``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from parley.web.markup import highlight_text, quote_highlights, snippet_markup
from parley.web.security import csrf_token

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: Scope key set by ``TwinMiddleware``: "json" or "atom" when the URL ended in that suffix.
TWIN_KEY = "parley.twin"
#: The twins' URL suffixes and media types.
TWINS = {"json": "application/json", "atom": "application/atom+xml"}
HTML = "text/html"
#: Paths whose ``.json`` is the real resource, not a twin.
_NOT_TWINS = ("/openapi.json", "/static/")


class TwinMiddleware:
    """ASGI middleware: ``GET /x.json`` (``/x.atom``) is routed as ``GET /x``, marked as a twin."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            path: str = scope["path"]
            base, dot, suffix = path.rpartition(".")
            if dot and suffix in TWINS and not path.startswith(_NOT_TWINS):
                base = "/" if base in ("/index", "") else base
                scope = dict(scope, path=base, raw_path=base.encode())
                scope[TWIN_KEY] = suffix
        await self.app(scope, receive, send)


def variant(request: Request) -> str:
    """What to answer with: "json", "atom" or "html" (a twin's suffix, else the Accept header).

    Of the three media types the Accept header names, the first one wins: browsers send
    text/html first; an API client or a feed reader asks for its type first or alone.
    """
    twin = request.scope.get(TWIN_KEY)
    if twin:
        return twin
    accept = request.headers.get("accept", "")
    found = [(accept.find(media), name) for name, media in
             (("json", TWINS["json"]), ("atom", TWINS["atom"]), ("html", HTML))]
    named = sorted((at, name) for at, name in found if at >= 0)
    return named[0][1] if named else "html"


def wants_json(request: Request) -> bool:
    """True for a ``.json`` URL, or when the client prefers JSON to HTML."""
    return variant(request) == "json"


def _json_default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "to_json"):
        return value.to_json()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


class PrettyJSON(JSONResponse):
    """JSON with stable key order and dates as ISO strings."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, default=_json_default,
                          separators=(",", ":")).encode("utf-8")


#: Names a plain dict has as attributes (``page.get``): looked up the ordinary way.
_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(jinja2.Environment):
    """Jinja2's environment with a shorter way to ``page.name`` on a plain dict.

    Jinja2 tries ``getattr(obj, name)`` first, which on a dict raises (and catches)
    AttributeError before it tries ``obj[name]``; the pages' templates do that some
    hundreds of times per page. For a plain dict and a name that is not one of dict's own
    attributes that ``getattr`` always fails, so the item is looked up at once: same
    result, no exception.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass  # undefined: as Jinja2 says it
        return super().getattr(obj, attribute)


def make_environment() -> jinja2.Environment:
    """The Jinja2 environment of the hub's templates (autoescaped, undefined is an error)."""
    env = _Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(qs=query_string, highlight_text=highlight_text,
                       quote_highlights=quote_highlights, snippet_markup=snippet_markup)
    return env


def query_string(base: dict[str, Any] | None = None, **changes: Any) -> str:
    """``?a=1&b=2`` from ``base`` with ``changes`` applied (None drops a key)."""
    params = {k: v for k, v in (base or {}).items() if v not in (None, "")}
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(params) if params else ""


def render(request: Request, template: str, data: dict[str, Any], *,
           status_code: int = 200, headers: dict[str, str] | None = None,
           feed: bool = False) -> Response:
    """``data`` as JSON, as Atom (``feed``: the page has an Atom twin), else ``template``."""
    chosen = variant(request)
    if chosen == "json":
        response: Response = PrettyJSON(data, status_code=status_code, headers=headers)
    elif chosen == "atom" and feed:
        from parley.web.atom import atom_response

        response = atom_response(request, data, status_code=status_code, headers=headers)
    elif chosen == "atom" and request.scope.get(TWIN_KEY) == "atom":
        raise HTTPException(404, f"{request.url.path} has no Atom feed; the list pages have one.")
    else:
        response = html_response(request, template, data, status_code=status_code,
                                 headers=headers)
    if request.method in ("GET", "HEAD"):
        response.headers.setdefault("vary", "Accept")  # one URL, three representations
    return response


def html_response(request: Request, template: str, data: dict[str, Any], *,
                  status_code: int = 200, headers: dict[str, str] | None = None) -> HTMLResponse:
    """``template`` rendered with ``data``, whatever the request asked for."""
    env: jinja2.Environment = request.app.state.templates
    html = env.get_template(template).render(
        page=data,
        request=request,
        csrf_token=lambda: csrf_token(request),
        url=lambda path, **params: path + query_string(None, **params),
        site_name=request.app.state.site_name,
    )
    return HTMLResponse(html, status_code=status_code, headers=headers)
