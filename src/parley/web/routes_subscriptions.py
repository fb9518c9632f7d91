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
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from parley.errors import ConfigError, InputError
from parley.mail import digest as digests
from parley.mail import subscriptions as subs
from parley.mail.scheduler import lifespan  # noqa: F401  (the hub starts the mail scheduler)
from parley.mail.tokens import TokenError
from parley.web.deps import SettingsDep, StoreDep
from parley.web.ratelimit import client_key
from parley.web.render import render
from parley.web.security import require_csrf

log = logging.getLogger("parley.web")
router = APIRouter(tags=["subscriptions"])

TokenParam = Annotated[str, Query(max_length=200, description="The signed token from the mail.")]
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


@router.get("/subscribe", summary="The subscribe form")
def subscribe_form(request: Request,
                   kind: Annotated[str | None, Query(max_length=16)] = None,
                   target: Annotated[str | None, Query(max_length=300)] = None,
                   frequency: Annotated[str | None, Query(max_length=16)] = None):
    """Subscribe to the latest posts, an actor, an issue or a saved search."""
    return render(request, "subscribe.html",
                  form_page({"kind": kind or "", "target": target or "", "frequency": frequency or ""}))


def _subscribe(request: Request, store, settings, values: dict[str, str]) -> None:
    """Validate and subscribe; InputError for the visitor, 503 when mail is not set up."""
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


@router.post("/subscribe", summary="Subscribe (form)", dependencies=[Depends(require_csrf)])
async def subscribe_post(request: Request, store: StoreDep, settings: SettingsDep):
    """Ask for a subscription; the answer is the same whatever the address's state."""
    _check_rate(request)
    form = await request.form()
    values = {k: str(form.get(k, ""))[:400] for k in ("email", "kind", "target", "frequency")}
    try:
        await _subscribe_evenly(request, store, settings, values)
    except InputError as exc:
        return render(request, "subscribe.html", form_page(values, exc.reason), status_code=400)
    return RedirectResponse("/subscribe/sent", status_code=303)  # a fixed local path


class SubscribeIn(BaseModel):
    """A subscription request."""

    email: str = Field(max_length=254, examples=["reader@example.org"])
    kind: str = Field("all", max_length=16, description="all, actor, issue or search")
    target: str = Field("", max_length=300, description="The actor, issue slug or search.")
    frequency: str = Field("daily", max_length=16, description="immediately, daily or weekly")


@router.post("/api/subscribe", summary="Subscribe (JSON)", status_code=202)
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


@router.get("/subscribe/sent", summary="After subscribing")
def subscribe_sent(request: Request):
    """Check your inbox."""
    return render(request, "subscribe_sent.html", sent_page())


def token_error(request: Request, exc: TokenError):
    """A bad mail link (malformed, forged, expired, or for a gone subscription): 400, its own
    page, private. ``create_app`` installs it as the handler of ``TokenError``, which only
    this module's token routes raise."""
    return render(request, "subscribe_link.html", {"kind": "link_error", "error": str(exc)},
                  status_code=400, headers=PRIVATE)


@router.get("/subscribe/confirm", summary="Confirm a subscription")
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


@router.get("/unsubscribe", summary="Unsubscribe (confirmation page)")
def unsubscribe_page(request: Request, store: StoreDep, settings: SettingsDep, token: TokenParam):
    """Shows what would be cancelled and a button; changes nothing by itself."""
    sub = subs.subscription_for(store, settings, token, "unsubscribe")
    return render(request, "unsubscribe.html",
                  _unsubscribe_data(sub, token, sub.status == subs.UNSUBSCRIBED, False),
                  headers=PRIVATE)


@router.post("/unsubscribe", summary="Unsubscribe (one click, RFC 8058)")
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


@router.get("/preferences", summary="Your subscriptions")
def preferences(request: Request, store: StoreDep, settings: SettingsDep, token: TokenParam):
    """Every subscription of the address, with how often and a way out of each."""
    prefs = subs.preferences(store, settings, token)
    return render(request, "preferences.html", preferences_data(prefs, token), headers=PRIVATE)


@router.post("/preferences", summary="Change your subscriptions",
             dependencies=[Depends(require_csrf)])
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


@router.get("/digest/preview", summary="Preview a digest")
def digest_preview(
    request: Request, store: StoreDep, settings: SettingsDep,
    kind: Annotated[str, Query(max_length=16)] = "all",
    target: Annotated[str, Query(max_length=300)] = "",
    frequency: Annotated[str, Query(max_length=16)] = "daily",
    days: Annotated[int, Query(ge=1, le=31)] = 7,
    token: Annotated[str | None, Query(max_length=200)] = None,
    subscription: Annotated[int | None, Query(ge=1)] = None,
):
    """What a digest would contain: for a follow (last ``days``), or your next digest."""
    headers = None
    if token is not None or subscription is not None:
        prefs = subs.preferences(store, settings, token or "")
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
