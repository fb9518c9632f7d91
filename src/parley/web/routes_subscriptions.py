"""Subscribing by email: the form, double opt-in, one-click unsubscribe, preferences, preview.

Pages (each GET with its JSON twin):

- ``GET /subscribe`` the form (``?kind=actor&target=Name`` pre-fills it); ``POST /subscribe``
  (CSRF-protected) always answers with a redirect to ``/subscribe/sent``, "check your
  inbox", whether the address is new, pending, confirmed or suppressed (no enumeration).
  ``POST /api/subscribe`` does the same for JSON clients (202).
- ``GET /subscribe/confirm?token=`` confirms in one click (no second form).
- ``GET /unsubscribe?token=`` only shows what would be cancelled and a button (mail
  scanners follow links); ``POST /unsubscribe?token=`` unsubscribes: it is the RFC 8058
  one-click target (``List-Unsubscribe-Post: List-Unsubscribe=One-Click``), so it needs no
  CSRF token (the signed token is the authority, and mail providers POST without cookies).
- ``GET /preferences?token=`` and ``POST /preferences`` (CSRF): frequency per subscription,
  unsubscribe any or all.
- ``GET /digest/preview``: what a digest holds, for a follow (``?kind=&target=``) or for
  one's own subscription (``?token=<preferences token>&subscription=<id>``).

Rate limits: ``subscribe_per_ip`` requests per hour per client address (429), and
``subscribe_per_address`` confirmation mails per hour per email address (silently dropped,
see ``parley.mail.subscriptions``). Pages reached with a token are ``no-store`` and
``noindex``. ``lifespan`` (the mail scheduler) is picked up by ``create_app``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.concurrency import run_in_threadpool

from parley.errors import ConfigError, InputError, NotFoundError
from parley.mail import digest as digests
from parley.mail import subscriptions as subs
from parley.mail.scheduler import lifespan  # noqa: F401  (the hub starts the mail scheduler)
from parley.mail.tokens import TOKEN_PATTERN, MalformedToken, TokenError
from parley.web.deps import SettingsDep, StoreDep
from parley.web.openapi import BODY_HEADERS, PRIVATE_HEADERS, api, errors, page, pattern
from parley.web.ratelimit import client_key
from parley.web.render import render
from parley.web.schemas import (
    ConfirmedPage,
    DigestPreviewPage,
    ErrorOut,
    PreferencesPage,
    SentPage,
    SubscribePage,
    UnsubscribePage,
)
from parley.web.security import require_csrf

log = logging.getLogger("parley.web")
router = APIRouter(tags=["subscriptions"])

pattern(TOKEN_PATTERN, "this link is incomplete or damaged; copy the whole link from the mail")
TokenParam = Annotated[str, Query(max_length=200, pattern=TOKEN_PATTERN,
                                  description="The signed token from the mail.")]
Kind = Literal["all", "actor", "issue", "search"]
Frequency = Literal["immediately", "daily", "weekly"]
#: Pages reached with a token: 400 for a mangled token, 403 for one that is not valid.
TOKEN_ERRORS = (400, 403, 503)
#: The digest preview is private with a token and public without: ETag only without.
OPTIONAL_BODY_HEADERS = {k: {**v, "required": False} for k, v in BODY_HEADERS.items()}
PRIVATE = {"cache-control": "no-store", "x-robots-tag": "noindex"}
KIND_LABELS = {"all": "All the latest posts", "actor": "An actor", "issue": "An issue",
               "search": "A saved search"}
UNAVAILABLE = "Subscriptions are not available on this hub right now."
#: Every subscribe answer takes at least this long, so that its timing does not tell a new
#: address (a confirmation mail is built) from a confirmed one (nothing to do).
MIN_ANSWER_SECONDS = 0.25


def _limiter(request: Request) -> subs.RateLimiter:
    state = request.app.state
    if getattr(state, "subscribe_limiter", None) is None:
        state.subscribe_limiter = subs.RateLimiter(state.settings.subscribe_per_ip, 3600)
    return state.subscribe_limiter


def _check_rate(request: Request) -> None:
    client = client_key(request)
    if not _limiter(request).allow(client):
        # Retry-After: the window's length, an upper bound on when the next one passes.
        raise HTTPException(429, "Too many subscription requests from your address; "
                                 "try again in an hour.", headers={"Retry-After": "3600"})


def form_page(form: dict[str, str] | None = None, error: str | None = None) -> dict[str, Any]:
    """The subscribe form's data: its choices, the values entered, and an error if any."""
    form = form or {}
    return {
        "kind": "subscribe",
        "kinds": [{"value": k, "label": KIND_LABELS[k]} for k in subs.KINDS],
        "frequencies": list(subs.FREQUENCIES),
        "form": {"email": form.get("email", ""), "kind": form.get("kind") or "all",
                 "target": form.get("target", ""), "frequency": form.get("frequency") or "daily"},
        "error": error,
        "json_url": "/subscribe.json",
    }


@router.get("/subscribe", summary="The subscribe form",
            responses=page(SubscribePage, 400, headers=BODY_HEADERS))
def subscribe_form(request: Request,
                   kind: Annotated[str | None, Query(max_length=16)] = None,
                   target: Annotated[str | None, Query(max_length=300)] = None,
                   frequency: Annotated[str | None, Query(max_length=16)] = None):
    """Subscribe to the latest posts, an actor, an issue or a saved search."""
    return render(request, "subscribe.html",
                  form_page({"kind": kind or "", "target": target or "", "frequency": frequency or ""}))


def _subscribe(request: Request, store, settings, values: dict[str, str]) -> None:
    """Validate and subscribe; InputError for the visitor (NotFoundError: an unknown actor
    or issue), 503 when mail is not set up."""
    follow = subs.make_follow(store, values.get("kind", ""), values.get("target", ""))
    try:
        outcome = subs.subscribe(store, settings, values.get("email", ""), follow,
                                 values.get("frequency", ""))
    except ConfigError as exc:
        log.error("subscribe: %s", exc)
        raise HTTPException(503, UNAVAILABLE) from None
    log.info("subscribe: %s", outcome)  # never the address: logs are not for personal data
    scheduler = getattr(request.app.state, "mail", None)
    if scheduler is not None and outcome == "queued":
        scheduler.wake()  # send the confirmation now, not at the next round


async def _subscribe_evenly(request: Request, store, settings, values: dict[str, str]) -> None:
    """``_subscribe`` off the event loop, answered no sooner than MIN_ANSWER_SECONDS."""
    started = time.monotonic()
    try:
        await run_in_threadpool(_subscribe, request, store, settings, values)
    finally:
        await asyncio.sleep(max(0.0, MIN_ANSWER_SECONDS - (time.monotonic() - started)))


class SubscribeIn(BaseModel):
    """A subscription request."""

    email: str = Field(max_length=254, examples=["reader@example.org"],
                       json_schema_extra={"format": "email"})
    kind: Kind = Field("all", description="What to follow.")
    target: str = Field("", max_length=300, description=(
        "The actor's name, the issue's slug or the search (empty for `all`)."))
    frequency: Frequency = "daily"


class SubscribeForm(SubscribeIn):
    """The subscribe form as the browser posts it."""

    model_config = ConfigDict(json_schema_extra={"required": ["email", "kind", "frequency"]})

    csrf_token: str | None = Field(None, description=(
        "The form's token (or send it as the `X-CSRF-Token` header, which wins); the "
        "browser's `parley_csrf` cookie must come with it."))


def _check_form(values: dict[str, str]) -> None:
    """The form's lengths against ``SubscribeForm`` (the limits /openapi.json states); the
    choices are checked by ``parley.mail.subscriptions``, with its own words."""
    try:
        SubscribeForm.model_validate(values)
    except ValidationError as exc:
        for error in exc.errors():
            if error["type"] == "string_too_long":
                field = ".".join(str(p) for p in error["loc"])
                raise InputError(field, error["msg"]) from None


_FORM_BODY = {"required": True, "content": {"application/x-www-form-urlencoded": {
    "schema": SubscribeForm.model_json_schema()}}}


@router.post("/subscribe", summary="Subscribe (form)", dependencies=[Depends(require_csrf)],
             status_code=303, response_class=RedirectResponse,
             openapi_extra={"requestBody": _FORM_BODY},
             responses={303: {"description": "Requested: on to `/subscribe/sent`.", "headers": {
                 "Location": {"required": True, "schema": {"type": "string"}}}},
                 **errors(400, 403, 404, 429, 503, models={
                     400: SubscribePage | ErrorOut, 404: SubscribePage})})
async def subscribe_post(request: Request, store: StoreDep, settings: SettingsDep):
    """Ask for a subscription; the answer is the same whatever the address's state.

    The form comes back with the reason: 400 for a value it cannot take, 404 for an actor
    or issue the record does not have."""
    _check_rate(request)
    form = await request.form()
    values = {k: str(form.get(k, ""))[:400] for k in ("email", "kind", "target", "frequency")}
    try:
        _check_form(values)
        await _subscribe_evenly(request, store, settings, values)
    except InputError as exc:
        status = 404 if isinstance(exc, NotFoundError) else 400
        return render(request, "subscribe.html", form_page(values, exc.reason), status_code=status)
    return RedirectResponse("/subscribe/sent", status_code=303)  # a fixed local path


@router.post("/api/subscribe", summary="Subscribe (JSON)", status_code=202, responses=api(
    202, SentPage, 400, 404, 429, 503, description="Requested (the same answer always)."))
async def subscribe_api(request: Request, body: SubscribeIn, store: StoreDep,
                        settings: SettingsDep):
    """Ask for a subscription; a confirmation link goes to the address (same answer always)."""
    _check_rate(request)
    await _subscribe_evenly(request, store, settings, body.model_dump())
    return JSONResponse(sent_page(), status_code=202)


def sent_page() -> dict[str, Any]:
    """The page after subscribing."""
    return {"kind": "subscribe_sent", "status": "check your inbox",
            "message": "If the address can receive mail, a message with a confirmation link is "
                       "on its way. Nothing is sent until the link is opened."}


@router.get("/subscribe/sent", summary="After subscribing",
            responses=page(SentPage, headers=BODY_HEADERS))
def subscribe_sent(request: Request):
    """Check your inbox."""
    return render(request, "subscribe_sent.html", sent_page())


def token_error(request: Request, exc: TokenError):
    """A bad mail link: 400 when mangled, 403 when forged, expired or for a gone
    subscription; its own page, private. ``create_app`` installs it as the handler of
    ``TokenError``, which only this module's token routes raise."""
    status = 400 if isinstance(exc, MalformedToken) else 403
    return render(request, "subscribe_link.html",
                  {"kind": "link_error", "error": str(exc), "status": status},
                  status_code=status, headers=PRIVATE)


@router.get("/subscribe/confirm", summary="Confirm a subscription",
            responses=page(ConfirmedPage, *TOKEN_ERRORS, headers=PRIVATE_HEADERS))
def confirm(request: Request, store: StoreDep, settings: SettingsDep, token: TokenParam):
    """The link in the confirmation mail: one click confirms."""
    sub, changed = subs.confirm(store, settings, token)
    prefs = subs.preferences_for_subscription(store, settings, sub.id)
    data = {"kind": "confirmed", "subscription": sub.to_json(), "changed": changed,
            "preferences_url": prefs}
    return render(request, "subscribe_link.html", data, headers=PRIVATE)


def _unsubscribe_data(sub: subs.Subscription, token: str, done: bool, changed: bool) -> dict:
    return {"kind": "unsubscribe", "subscription": sub.to_json(), "done": done,
            "changed": changed, "token": token}


@router.get("/unsubscribe", summary="Unsubscribe (confirmation page)",
            responses=page(UnsubscribePage, *TOKEN_ERRORS, headers=PRIVATE_HEADERS))
def unsubscribe_page(request: Request, store: StoreDep, settings: SettingsDep, token: TokenParam):
    """Shows what would be cancelled and a button; changes nothing by itself."""
    sub = subs.subscription_for(store, settings, token, "unsubscribe")
    return render(request, "unsubscribe.html",
                  _unsubscribe_data(sub, token, sub.status == subs.UNSUBSCRIBED, False),
                  headers=PRIVATE)


@router.post("/unsubscribe", summary="Unsubscribe (one click, RFC 8058)",
             responses=page(UnsubscribePage, *TOKEN_ERRORS, headers=PRIVATE_HEADERS))
def unsubscribe(request: Request, store: StoreDep, settings: SettingsDep, token: TokenParam):
    """Unsubscribe now (the target of List-Unsubscribe-Post; idempotent)."""
    sub, changed = subs.unsubscribe(store, settings, token)
    return render(request, "unsubscribe.html", _unsubscribe_data(sub, token, True, changed),
                  headers=PRIVATE)


def preferences_data(prefs: subs.Preferences, token: str, saved: bool = False) -> dict:
    """The preferences page's data."""
    return {"kind": "preferences", **prefs.to_json(), "token": token, "saved": saved,
            "frequencies": list(subs.FREQUENCIES),
            "unsubscribe_urls": {str(k): v for k, v in prefs.links.items()}}


@router.get("/preferences", summary="Your subscriptions",
            responses=page(PreferencesPage, *TOKEN_ERRORS, headers=PRIVATE_HEADERS))
def preferences(request: Request, store: StoreDep, settings: SettingsDep, token: TokenParam):
    """Every subscription of the address, with how often and a way out of each."""
    prefs = subs.preferences(store, settings, token)
    return render(request, "preferences.html", preferences_data(prefs, token), headers=PRIVATE)


class PreferencesForm(BaseModel):
    """The preferences form: ``frequency_<id>`` and ``unsubscribe_<id>`` per subscription."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"patternProperties": {
        "^frequency_[0-9]+$": {"type": "string", "enum": list(subs.FREQUENCIES)},
        "^unsubscribe_[0-9]+$": {"type": "string"}}})

    token: str = Field(max_length=200, pattern=TOKEN_PATTERN,
                       description="The preferences token from the mail.")
    unsubscribe_all: str | None = Field(None, description="Any value: cancel everything.")
    csrf_token: str | None = Field(None, description="The form's token (or the `X-CSRF-Token` header).")


@router.post("/preferences", summary="Change your subscriptions",
             dependencies=[Depends(require_csrf)],
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/x-www-form-urlencoded": {
                     "schema": PreferencesForm.model_json_schema()}}}},
             responses=page(PreferencesPage, *TOKEN_ERRORS, headers=PRIVATE_HEADERS))
async def preferences_post(request: Request, store: StoreDep, settings: SettingsDep):
    """Apply the form: ``frequency_<id>`` per subscription, ``unsubscribe_<id>``, ``all``."""
    form = await request.form()
    token = str(form.get("token", ""))[:200]
    current = subs.preferences(store, settings, token)
    changes: dict[int, str] = {}
    for s in current.subscriptions:
        if s.status == subs.UNSUBSCRIBED:
            continue
        wanted = str(form.get(f"frequency_{s.id}", s.frequency))
        if form.get(f"unsubscribe_{s.id}") or form.get("unsubscribe_all"):
            wanted = "unsubscribe"
        if wanted != s.frequency:
            changes[s.id] = wanted
    prefs = subs.update_preferences(store, settings, token, changes)
    return render(request, "preferences.html", preferences_data(prefs, token, saved=True),
                  headers=PRIVATE)


@router.get("/digest/preview", summary="Preview a digest", responses=page(
    DigestPreviewPage, 400, 403, 404, 503, headers=OPTIONAL_BODY_HEADERS))
def digest_preview(
    request: Request, store: StoreDep, settings: SettingsDep,
    kind: Kind = "all",
    target: Annotated[str, Query(max_length=300, description=(
        "The actor's name, the issue's slug or the search (empty for `all`)."))] = "",
    frequency: Frequency = "daily",
    days: Annotated[int, Query(ge=1, le=31)] = 7,
    token: Annotated[str | None, Query(max_length=200, pattern=TOKEN_PATTERN, description=(
        "Your preferences token (from a mail): preview your own next digest."))] = None,
    subscription: Annotated[int | None, Query(ge=1, le=2**63 - 1, description=(
        "With `token`: which of your subscriptions."))] = None,
):
    """What a digest would contain: for a follow (last ``days``), or your next digest."""
    headers = None
    if token is not None or subscription is not None:
        if token is None:
            raise HTTPException(403, "Previewing a subscription needs the token from your mail.")
        prefs = subs.preferences(store, settings, token)
        own = {s.id: s for s in prefs.subscriptions}
        if subscription not in own:
            raise HTTPException(404, "No such subscription among yours.")
        sub = own[subscription]
        built = digests.preview(store, settings, sub.follow, sub.frequency, since=sub.watermark)
        headers = PRIVATE
    else:
        follow = subs.make_follow(store, kind, target)
        built = digests.preview(store, settings, follow, subs.check_frequency(frequency), days=days)
    data = {"kind": "digest_preview",
            "digest": _local_links(built.to_json(), settings.base_url.rstrip("/")),
            "subject": digests.subject_line(built), "empty": built.empty,
            "days": None if headers else days}
    return render(request, "digest_preview.html", data, headers=headers)


def _local_links(value: Any, base: str) -> Any:
    """The digest's absolute hub links as local paths: the preview is on the hub itself."""
    if isinstance(value, str):
        return value[len(base):] if value.startswith(base + "/") else value
    if isinstance(value, list):
        return [_local_links(v, base) for v in value]
    if isinstance(value, dict):
        return {k: _local_links(v, base) for k, v in value.items()}
    return value
