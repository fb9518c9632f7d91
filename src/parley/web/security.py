"""The hub's defences: security headers on every response, and CSRF tokens for every form.

Headers: a Content-Security-Policy that allows only this origin's own scripts, styles and
images (no inline script, no CDN, no framing), ``X-Content-Type-Options: nosniff``,
``Referrer-Policy`` and ``X-Frame-Options``.

CSRF: a double-submit scheme that needs no server-side session. A browser that is shown a
form gets a random nonce in an HttpOnly, SameSite=Strict cookie (``parley_csrf``; pages
without a form set no cookie, so that shared caches may keep them); a form carries
``csrf_token = <issued-at>.<HMAC(secret, nonce, issued-at)>``. A POST is accepted only when
the token's HMAC matches the nonce in the request's own cookie and is younger than
``CSRF_MAX_AGE``. Another site can neither read the cookie nor mint a matching token.

Use in a route module::

    from parley.web.security import require_csrf
    @router.post("/subscribe", dependencies=[Depends(require_csrf)])

and in the form template: ``<input type="hidden" name="csrf_token" value="{{ csrf_token() }}">``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from http.cookies import SimpleCookie

from fastapi import HTTPException, Request

CSRF_COOKIE = "parley_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
#: How long a form stays valid after the page that carries it was rendered.
CSRF_MAX_AGE = 24 * 3600
#: The scope key where the middleware keeps this request's nonce.
_NONCE_KEY = "parley.csrf_nonce"
#: The scope key of a set that holds True once a form token was made for this request: only
#: then does a new browser get the nonce cookie, and the answer is private to it. (A set,
#: shared by the scope copies that inner middleware make.)
CSRF_USED = "parley.csrf_used"

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


def _sign(secret: str, nonce: str, issued: int) -> str:
    message = f"{nonce}|{issued}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def make_csrf_token(secret: str, nonce: str, now: float | None = None) -> str:
    """A form token bound to the browser's ``nonce`` cookie."""
    issued = int(now if now is not None else time.time())
    return f"{issued}.{_sign(secret, nonce, issued)}"


def check_csrf_token(secret: str, nonce: str | None, token: str | None,
                     now: float | None = None) -> bool:
    """True when ``token`` was made for ``nonce`` with ``secret`` and has not expired."""
    if not nonce or not token or "." not in token:
        return False
    issued_text, _, signature = token.partition(".")
    if not issued_text.isdigit():
        return False
    issued = int(issued_text)
    age = (now if now is not None else time.time()) - issued
    if age < -60 or age > CSRF_MAX_AGE:  # a minute of clock skew between workers
        return False
    return hmac.compare_digest(signature, _sign(secret, nonce, issued))


def csrf_token(request: Request) -> str:
    """A CSRF token for a form on the page being rendered for ``request``."""
    nonce = request.scope.get(_NONCE_KEY)
    if nonce is None:  # app built without the middleware (should not happen)
        raise RuntimeError("SecurityMiddleware is not installed")
    request.scope[CSRF_USED].add(True)
    return make_csrf_token(request.app.state.secret, nonce)


async def require_csrf(request: Request) -> None:
    """FastAPI dependency: refuse (403) a form POST without a valid CSRF token."""
    token = request.headers.get(CSRF_HEADER)
    if token is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()  # Starlette caches it: the route can still read it
            value = form.get(CSRF_FIELD)
            token = value if isinstance(value, str) else None
    nonce = request.cookies.get(CSRF_COOKIE)
    if not check_csrf_token(request.app.state.secret, nonce, token):
        raise HTTPException(403, "This form has expired or did not come from this site; "
                                 "reload the page and send it again.")


def _cookie_nonce(scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            cookie = SimpleCookie()
            try:
                cookie.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header: treat as absent
                return None
            morsel = cookie.get(CSRF_COOKIE)
            if morsel and len(morsel.value) >= 16:
                return morsel.value
    return None


class SecurityMiddleware:
    """ASGI middleware: security headers on every response, and the CSRF nonce cookie."""

    def __init__(self, app, *, secure_cookies: bool = False):
        self.app = app
        self.secure_cookies = secure_cookies

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = _cookie_nonce(scope)
        fresh = nonce is None
        if fresh:
            nonce = secrets.token_urlsafe(24)
        scope[_NONCE_KEY] = nonce
        used: set[bool] = set()
        scope[CSRF_USED] = used

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", [])
                           if h[0].lower() not in {k for k, _ in SECURITY_HEADERS}]
                headers.extend(SECURITY_HEADERS)
                if fresh and used:  # only pages with a form need the cookie
                    attrs = "Path=/; HttpOnly; SameSite=Strict"
                    if self.secure_cookies:
                        attrs += "; Secure"
                    headers.append((b"set-cookie", f"{CSRF_COOKIE}={nonce}; {attrs}".encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def safe_redirect_target(target: str | None, default: str = "/") -> str:
    """``target`` when it is a path on this site, else ``default`` (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    if any(ord(c) < 32 for c in target):
        return default
    return target
