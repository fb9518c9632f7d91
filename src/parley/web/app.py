"""The web hub: ``create_app(settings=None, store=None) -> FastAPI``.

How the hub is put together (the conventions to follow when adding pages):

* **Routers.** Each ``routes_*.py`` module defines ``router = APIRouter()``. The modules
  are listed once, in ``ROUTER_MODULES`` below; ``create_app`` includes them in that order.
  To add pages, write a module and add its dotted name to the list (one line).
* **Startup/shutdown hooks.** A router module may also define
  ``lifespan(app) -> AsyncContextManager`` (e.g. ``contextlib.asynccontextmanager``); it is
  entered when the server starts and left when it stops. Hooks that are not tied to a
  router go in ``LIFESPAN_HOOKS`` as ``"module:function"`` strings. ``create_app(...,
  hooks=False)`` skips every hook (tests that want no background work).
* **Pages and JSON twins.** Build one JSON-able dict per page in a function, then
  ``return render(request, "template.html", data)`` (``parley.web.render``): HTML for a
  browser, the same dict as JSON for ``/path.json`` or ``Accept: application/json``.
* **Templates** (``templates/``) extend ``base.html`` and fill ``{% block title %}`` and
  ``{% block content %}`` (``{% block head %}`` for extra static CSS/JS). They get the
  page's dict as ``page`` and ``csrf_token()``. No inline ``<script>`` or ``style=``
  (the CSP forbids them): put JS and CSS in ``static/`` and link them.
* **Forms** carry ``<input type="hidden" name="csrf_token" value="{{ csrf_token() }}">``
  and their POST route depends on ``parley.web.security.require_csrf``. Redirect only to
  local paths (``security.safe_redirect_target``).
* **Errors.** Raise ``HTTPException(status, "one-line message")`` or let parley's own
  errors through: ``InputError`` becomes 400, ``StoreError`` 503; each is shown as a page
  (or JSON ``{"error": ..., "status": ...}`` for a JSON request). No tracebacks. A mail
  link's ``TokenError`` is shown by ``routes_subscriptions.token_error`` (400, private).
* **Shared state** on ``app.state``: ``store`` (``parley.store.Store``), ``settings``,
  ``secret`` (for signing: ``settings.secret``, else the one stored in the database, see
  ``parley.store.hub_secret``), ``templates`` (Jinja2 environment). Dependencies
  ``get_store``/``get_settings`` are in ``parley.web.deps``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import logging
import re
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from parley import __version__ as _version
from parley.config import Settings, load_settings
from parley.errors import InputError, NotFoundError, ParleyError, StoreError
from parley.mail.tokens import TokenError
from parley.store import Store
from parley.store.engine import POOL_SIZE
from parley.store.hub_secret import hub_secret
from parley.web.caching import CachingMiddleware, NotModified, RecordClock, not_modified
from parley.web.openapi import PATTERN_MESSAGES, openapi_schema
from parley.web.render import (
    PrettyJSON,
    TwinMiddleware,
    html_response,
    make_environment,
    wants_json,
)
from parley.web.routes_subscriptions import token_error
from parley.web.security import SecurityMiddleware

log = logging.getLogger("parley.web")

STATIC = Path(__file__).resolve().parent / "static"

#: The router modules, included in this order (each defines ``router``; see the docstring).
ROUTER_MODULES: list[str] = [
    "parley.web.routes_pages",
    "parley.web.routes_export",
    "parley.web.routes_api",
    "parley.web.routes_docs",
    "parley.web.routes_subscriptions",
]
#: Extra startup/shutdown hooks: ``"module:function"``, ``function(app)`` an async context manager.
LIFESPAN_HOOKS: list[str] = []


def _load(dotted: str) -> Any:
    module, _, attr = dotted.partition(":")
    loaded = importlib.import_module(module)
    return getattr(loaded, attr) if attr else loaded


def _hooks(modules: list[Any]) -> list[Callable[[FastAPI], Any]]:
    found = [m.lifespan for m in modules if callable(getattr(m, "lifespan", None))]
    return found + [_load(h) for h in LIFESPAN_HOOKS]


def create_app(settings: Settings | None = None, store: Store | None = None, *,
               hooks: bool = True) -> FastAPI:
    """The hub as a FastAPI app, reading ``store`` (default: open ``settings.db``)."""
    settings = settings or load_settings()
    owns_store = store is None
    if store is None:
        store = Store.open(settings.db)
    try:
        # One secret for forms and mail links: the configured one, else the database's own.
        settings = dataclasses.replace(settings, secret=hub_secret(store, settings.secret))
    except BaseException:
        if owns_store:
            store.close()
        raise
    modules = [_load(name) for name in ROUTER_MODULES]
    startup = _hooks(modules) if hooks else []

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # As many threads for the plain ``def`` routes as the pool keeps connections: more
        # threads only wait for a connection, or make the pool open and close extra ones.
        anyio.to_thread.current_default_thread_limiter().total_tokens = POOL_SIZE
        async with contextlib.AsyncExitStack() as stack:
            for hook in startup:
                await stack.enter_async_context(hook(app))
            try:
                yield
            finally:
                if owns_store:
                    store.close()

    app = FastAPI(
        title="parley hub",
        version=_version,
        description="Who said what, who met whom, and where each party stands. Every page "
                    "has a JSON twin: append `.json` to its URL or send "
                    "`Accept: application/json`.",
        docs_url=None,  # FastAPI's pages load Swagger UI from a CDN; /docs is served locally
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.secret = settings.secret
    app.state.templates = make_environment()
    app.state.record_clock = RecordClock()
    app.state.site_name = "parley"
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in modules:
        app.include_router(module.router)
    app.openapi = lambda: openapi_schema(app)  # type: ignore[method-assign]
    _install_error_handlers(app)
    # Outermost last: the twin rewrite happens before routing (and before the caching layer,
    # which must see the scope the routes see), security headers wrap everything.
    app.add_middleware(CachingMiddleware)
    app.add_middleware(TwinMiddleware)
    app.add_middleware(SecurityMiddleware,
                       secure_cookies=settings.base_url.startswith("https://"))
    return app


def error_response(request: Request, status: int, message: str):
    """An error as a page, or as ``{"error", "status"}`` for a JSON request."""
    data = {"error": message, "status": status}
    if request.url.path.startswith(("/api/", "/export/")) or wants_json(request):
        return PrettyJSON(data, status_code=status)
    return html_response(request, "error.html", data, status_code=status)


def allowed_methods(request: Request) -> list[str]:
    """Every method the OpenAPI document gives this request's path, sorted."""
    found: set[str] = set()
    for path, item in request.app.openapi()["paths"].items():
        template = re.escape(path).replace(r"\{", "{").replace(r"\}", "}")
        if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", template), request.url.path):
            found |= {method.upper() for method in item}
    return sorted(found)


_TITLES = {400: "Bad request", 401: "Not authorised", 403: "Forbidden", 404: "Not found",
           405: "Method not allowed", 503: "Database unavailable"}


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else _TITLES.get(exc.status_code, "")
        if exc.status_code == 404 and message == "Not Found":
            message = f"There is no page at {request.url.path}."
        response = error_response(request, exc.status_code, message)
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        if exc.status_code == 405:
            # Starlette names the methods of the first route on the path; a path with a GET
            # route and a POST route allows both.
            response.headers["allow"] = ", ".join(allowed_methods(request)) or \
                response.headers.get("allow", "")
        return response

    @app.exception_handler(RequestValidationError)
    async def bad_params(request: Request, exc: RequestValidationError):
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ())[1:]) or "request"
            message = err.get("msg", "invalid")
            if err.get("type") == "string_pattern_mismatch":
                message = PATTERN_MESSAGES.get(err.get("ctx", {}).get("pattern"), message)
            problems.append(f"{where}: {message}")
        return error_response(request, 400, "; ".join(problems) or "Invalid request.")

    @app.exception_handler(InputError)
    async def bad_input(request: Request, exc: InputError):
        return error_response(request, 400, str(exc))

    @app.exception_handler(NotFoundError)
    async def unknown(request: Request, exc: NotFoundError):
        return error_response(request, 404, str(exc))

    @app.exception_handler(StoreError)
    async def store_down(request: Request, exc: StoreError):
        log.error("store error: %s", exc)
        return error_response(request, 503, "The database is unavailable right now; "
                                            "try again in a moment.")

    @app.exception_handler(ParleyError)
    async def other_error(request: Request, exc: ParleyError):
        return error_response(request, 400, str(exc))

    app.add_exception_handler(NotModified, not_modified)

    # A bad mail link gets its own private page. TokenError is a ParleyError: Starlette picks
    # the handler of the closest class in its MRO, so this one wins over ``other_error``.
    app.add_exception_handler(TokenError, token_error)
