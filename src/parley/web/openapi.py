"""What ``/openapi.json`` says each operation answers: ``responses=`` for the routes.

Every route declares every status it can answer, with the body's model (``schemas``):

    @router.get("/actors/{actor_id}", responses=page(ActorPage, 404, feed=True))

``page`` documents an HTML page with its JSON twin (and Atom twin, for list pages) and the
conditional-GET answers; ``api`` a JSON-only operation; ``errors`` the error statuses
(``{"error", "status"}``, as a page for a browser). FastAPI's own "422 Validation Error"
is removed from the document (``openapi_schema``): the hub answers invalid parameters
with a 400 and its own error body, which ``errors(400)`` documents.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from parley.web.schemas import ErrorOut

HTML = {"text/html": {"schema": {"type": "string"}}}
#: What a value that misses a documented pattern should have looked like (for the 400).
PATTERN_MESSAGES: dict[str, str] = {}


def pattern(regex: str, message: str) -> str:
    """``regex``, remembered with the words a 400 uses when a value does not match it."""
    PATTERN_MESSAGES[regex] = message
    return regex

ATOM = {"application/atom+xml": {"schema": {"type": "string"}}}

_ERRORS = {
    400: "Invalid parameters or body: the message names each problem.",
    401: "No valid API token: send `Authorization: Bearer TOKEN` (`parley tokens create`).",
    403: "Refused: a form without this browser's CSRF token, or a mail link that is not "
         "valid (changed, expired or replaced).",
    404: "Nothing here: an unknown id, actor, issue or subscription.",
    422: "The source could not be fetched or read; the message says why.",
    429: "Too many requests from this address; `Retry-After` says when to try again.",
    503: "The database is unavailable right now; try again in a moment.",
}

_STRING = {"schema": {"type": "string"}}
#: The validators every record page sends (``parley.web.caching.fresh``).
RECORD_HEADERS = {
    "ETag": {"description": "Weak validator of this representation.", "required": True, **_STRING},
    "Last-Modified": {"description": "When the record last changed (as this hub saw it).",
                      "required": True, **_STRING},
    "Cache-Control": {"description": "`public, no-cache` (or `max-age` with `cache_max_age`).",
                      "required": True, **_STRING},
}
#: The validators of the other pages (a hash of the body).
BODY_HEADERS = {
    "ETag": {"description": "Strong validator: a hash of the body.", "required": True, **_STRING},
    "Cache-Control": {"description": "`no-cache`, and `private` for a page with a form.",
                      "required": True, **_STRING},
}
#: Pages reached with a mail token: never stored, no validators.
PRIVATE_HEADERS = {
    "Cache-Control": {"description": "`no-store`: the page is private.", "required": True,
                      **_STRING},
}
_RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait.", "required": True, **_STRING}}


def errors(*codes: int, html: bool = True, models: dict[int, Any] | None = None) -> dict:
    """``responses=`` entries for error ``codes`` (JSON body; also a page when ``html``)."""
    out: dict[int | str, dict[str, Any]] = {}
    for code in codes:
        entry: dict[str, Any] = {"model": (models or {}).get(code, ErrorOut),
                                 "description": _ERRORS[code]}
        if html:
            entry["content"] = dict(HTML)
        if code == 429:
            entry["headers"] = _RETRY_AFTER
        out[code] = entry
    return out


def page(model: Any, *codes: int, feed: bool = False, headers: dict | None = None,
         models: dict[int, Any] | None = None) -> dict:
    """``responses=`` of a GET page: HTML, its JSON twin ``model`` (and Atom), 304, errors."""
    headers = RECORD_HEADERS if headers is None else headers
    twins = "Append `.json` to the URL (or send `Accept: application/json`) for the JSON twin"
    content = dict(HTML)
    if feed:
        content.update(ATOM)
        twins += "; `.atom` (or `Accept: application/atom+xml`) for the Atom feed"
    out: dict[int | str, dict[str, Any]] = {
        200: {"model": model, "description": f"The page (HTML). {twins}.", "content": content,
              "headers": headers},
    }
    if "ETag" in headers:
        out[304] = {"description": "Not modified: the `If-None-Match` (or "
                                   "`If-Modified-Since`) of the request still holds.",
                    "headers": headers}
    out.update(errors(*codes, models=models))
    return out


def api(status: int, model: Any, *codes: int, description: str,
        models: dict[int, Any] | None = None) -> dict:
    """``responses=`` of a JSON operation: ``status`` with ``model``, and error ``codes``."""
    return {status: {"model": model, "description": description},
            **errors(*codes, html=False, models=models)}


def openapi_schema(app: FastAPI) -> dict[str, Any]:
    """The app's OpenAPI document, without the validation answer the hub never gives (422)."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, description=app.description,
                         routes=app.routes)
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            answer = operation.get("responses", {}).get("422", {})
            ref = answer.get("content", {}).get("application/json", {}).get("schema", {})
            if ref.get("$ref", "").endswith("/HTTPValidationError"):
                del operation["responses"]["422"]
    components = schema.get("components", {}).get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    app.openapi_schema = schema
    return schema
