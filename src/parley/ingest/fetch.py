"""Fetch feeds and pages over HTTP, politely and safely.

``Fetcher.fetch(url)`` returns a ``FetchResult`` or raises ``FetchError`` with a message a
person understands. What it guarantees:

* **SSRF guard.** A host that resolves to a loopback, private, link-local, shared,
  multicast or reserved address is refused unless ``allow_private`` is set (intranets:
  ``Settings.allow_private_urls`` / ``PARLEY_ALLOW_PRIVATE_URLS``). Redirects are followed
  by hand (at most ``max_redirects``) and every hop is checked before it is requested. The
  check is repeated at connect time on the very address the socket connects to, so a name
  that resolves differently the second time (DNS rebinding) gains nothing.
* **Size limit.** The body is streamed and reading stops at ``max_bytes`` (decoded bytes,
  so a compressed bomb is cut off too); ``FetchResult.truncated`` says so. A body that
  drips in slower than ``total_timeout`` allows is abandoned with a ``FetchError``.
* **Conditional GET.** ``etag`` / ``last_modified`` become ``If-None-Match`` /
  ``If-Modified-Since``; a 304 gives ``FetchResult.not_modified``.
* **Back-pressure from servers.** 429 (and 503 with ``Retry-After``) is not an error but a
  result whose ``retry_at`` says when to come back; ``Cache-Control: max-age`` (or
  ``Expires``) gives ``fresh_until``, the earliest sensible next poll.
* **Politeness.** One request at a time per host (a lock per host name) and at least
  ``min_delay`` seconds between the end of one request and the start of the next to the
  same host. Loopback servers are exempt from the delay: they are the user's own.

Proxies from the environment are deliberately ignored (``trust_env=False``): a proxy
resolves names itself, which would defeat the address check.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from parley import __version__
from parley.errors import FetchError

#: ``resolver(host, port) -> addresses``; tests substitute a table for real DNS.
Resolver = Callable[[str, int], list[str]]

REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
#: Wait this long after a 429 that names no time of its own.
DEFAULT_RETRY_AFTER = 3600.0
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "text/html;q=0.9, application/xhtml+xml;q=0.9, application/xml;q=0.8, text/*;q=0.7, */*;q=0.5"
)


class BlockedURLError(FetchError):
    """A URL refused before any request: bad scheme, or an address the guard forbids."""


class HTTPStatusError(FetchError):
    """The server answered with an error status (4xx/5xx other than a retry-later)."""

    def __init__(self, url: str, status: int, reason: str = ""):
        text = f"{url}: HTTP {status}" + (f" {reason}" if reason else "")
        super().__init__(text)
        self.url = url
        self.status = status


@dataclass(slots=True)
class FetchResult:
    """What one GET returned (after redirects)."""

    url: str  # as requested
    final_url: str  # after redirects
    status: int
    content: bytes = b""
    content_type: str = ""  # media type, lower case, without parameters
    charset: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    truncated: bool = False
    etag: str | None = None
    last_modified: str | None = None
    retry_at: datetime | None = None  # set on 429/503: do not ask again before this
    fresh_until: datetime | None = None  # from Cache-Control max-age / Expires
    elapsed: float = 0.0  # seconds, all hops

    @property
    def not_modified(self) -> bool:
        """True when the server said 304: nothing new since the validators we sent."""
        return self.status == 304

    @property
    def retry_later(self) -> bool:
        """True when the server asked us to come back later (429, or 503 with Retry-After)."""
        return self.retry_at is not None

    def text(self) -> str:
        """The body decoded with the declared charset (UTF-8 otherwise), lenient on errors."""
        try:
            return self.content.decode(self.charset or "utf-8", errors="replace")
        except LookupError:  # an unknown charset name in the header
            return self.content.decode("utf-8", errors="replace")


def system_resolver(host: str, port: int) -> list[str]:
    """Resolve ``host`` with the operating system's resolver (all addresses, in order)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(f"{host}: cannot resolve host name ({exc.strerror})") from exc
    seen: dict[str, None] = {}
    for info in infos:
        seen.setdefault(str(info[4][0]), None)
    return list(seen)


def address_allowed(address: str, allow_private: bool = False) -> bool:
    """Whether connecting to ``address`` is permitted under the SSRF policy."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_multicast or ip.is_unspecified:
        return False  # never a web server, whatever the setting
    if allow_private:
        return True
    # IPv6 forms that carry an IPv4 address (6to4 2002::/16) must carry a public one; the
    # reserved ranges (::/8 with IPv4-compatible ::7f00:1 and NAT64 64:ff9b::/96) count
    # as global to ``ipaddress`` but are no place for a public web server.
    embedded = getattr(ip, "sixtofour", None)
    if embedded is not None and not embedded.is_global:
        return False
    return ip.is_global and not ip.is_reserved


def _literal_ip(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return None


class AddressGuard:
    """Resolves host names and refuses addresses the policy forbids."""

    def __init__(self, allow_private: bool = False, resolver: Resolver | None = None):
        self.allow_private = allow_private
        self.resolver = resolver or system_resolver

    def resolve(self, host: str, port: int) -> list[str]:
        """The permitted addresses of ``host``; ``BlockedURLError`` if any is forbidden."""
        literal = _literal_ip(host)
        addresses = [literal] if literal else self.resolver(host, port)
        if not addresses:
            raise FetchError(f"{host}: host name has no address")
        for address in addresses:
            # All must pass: a name with one public and one private address is a trap.
            if not address_allowed(address, self.allow_private):
                raise BlockedURLError(
                    f"{host}: refused, resolves to a non-public address ({address}); "
                    "set PARLEY_ALLOW_PRIVATE_URLS=1 to fetch from an intranet"
                )
        return addresses


class _GuardedBackend(httpcore.NetworkBackend):
    """httpcore's socket backend, but connecting only to addresses the guard permits."""

    def __init__(self, guard: AddressGuard):
        self.guard = guard
        self.inner = httpcore.SyncBackend()

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        last: Exception | None = None
        for address in self.guard.resolve(host, port):
            try:
                return self.inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc  # try the host's next address
        assert last is not None
        raise last

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise BlockedURLError("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class _GuardedTransport(httpx.HTTPTransport):
    """The default httpx transport with its connection pool on the guarded backend."""

    def __init__(self, guard: AddressGuard):
        super().__init__(trust_env=False, retries=0)
        # httpx has no public hook for the network backend; the pool it builds is replaced
        # by an identical one that connects through the guard (httpx/httpcore are pinned).
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=100,
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
            network_backend=_GuardedBackend(guard),
        )


class _HostGate:
    """One request at a time per host, with a minimum pause between them."""

    def __init__(self, min_delay: float):
        self.min_delay = min_delay
        self._lock = threading.Lock()
        self._hosts: dict[str, tuple[threading.Lock, list[float]]] = {}

    def _entry(self, host: str) -> tuple[threading.Lock, list[float]]:
        with self._lock:
            if host not in self._hosts:
                self._hosts[host] = (threading.Lock(), [0.0])
            return self._hosts[host]

    def acquire(self, host: str, delay: bool) -> Callable[[], None]:
        """Block until ``host`` is free (and rested); return the release function."""
        lock, last_end = self._entry(host)
        lock.acquire()
        if delay:
            wait = last_end[0] + self.min_delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)

        def release() -> None:
            last_end[0] = time.monotonic()
            lock.release()

        return release


def parse_retry_after(value: str | None, now: datetime) -> datetime | None:
    """``Retry-After`` (seconds or an HTTP date) as an absolute UTC time, or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return now + timedelta(seconds=int(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(when.astimezone(UTC), now)


def parse_fresh_until(headers: httpx.Headers, now: datetime) -> datetime | None:
    """When a response stops being fresh: ``Cache-Control: max-age`` first, then ``Expires``."""
    for directive in headers.get("cache-control", "").split(","):
        name, _, arg = directive.strip().partition("=")
        if name.lower() in ("max-age", "s-maxage") and arg.strip().strip('"').isdigit():
            return now + timedelta(seconds=int(arg.strip().strip('"')))
    expires = headers.get("expires")
    if expires:
        try:
            when = parsedate_to_datetime(expires)
        except (TypeError, ValueError):
            return None  # "Expires: 0" and other junk mean "already stale"
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return when.astimezone(UTC) if when > now else None
    return None


def http_date(when: datetime) -> str:
    """Format ``when`` as an HTTP date (for ``If-Modified-Since``)."""
    return format_datetime(when.astimezone(UTC), usegmt=True)


def _split_content_type(value: str) -> tuple[str, str | None]:
    media, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.strip().partition("=")
        if key.lower() == "charset" and val:
            charset = val.strip().strip('"').lower()
    return media.strip().lower(), charset


def check_url(url: str) -> httpx.URL:
    """Parse ``url`` and refuse anything that is not absolute http(s) with a host."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise BlockedURLError(f"{url}: not a valid URL ({exc})") from exc
    if parsed.scheme not in ("http", "https"):
        raise BlockedURLError(f"{url}: only http:// and https:// URLs are fetched")
    if not parsed.host:
        raise BlockedURLError(f"{url}: the URL has no host")
    if parsed.userinfo:
        raise BlockedURLError(f"{url}: URLs with a user name or password are not fetched")
    return parsed


class Fetcher:
    """A polite, guarded HTTP client for feeds and pages; use as a context manager."""

    def __init__(
        self,
        *,
        allow_private: bool = False,
        max_bytes: int = 5_000_000,
        timeout: float = 15.0,
        total_timeout: float = 60.0,
        min_delay: float = 0.5,
        max_redirects: int = 5,
        user_agent: str | None = None,
        resolver: Resolver | None = None,
        transport: httpx.BaseTransport | None = None,
    ):
        self.guard = AddressGuard(allow_private, resolver)
        self.max_bytes = max_bytes
        self.total_timeout = total_timeout
        self.max_redirects = max_redirects
        self.user_agent = user_agent or f"parley/{__version__} (+https://parley.invalid/bot)"
        self._gate = _HostGate(min_delay)
        self._client = httpx.Client(
            transport=transport or _GuardedTransport(self.guard),
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": self.user_agent, "Accept": ACCEPT},
        )

    @classmethod
    def from_settings(cls, settings, **kwargs) -> Fetcher:
        """A fetcher configured from ``Settings`` (address policy, size limit, bot URL)."""
        kwargs.setdefault("allow_private", settings.allow_private_urls)
        kwargs.setdefault("max_bytes", settings.max_fetch_bytes)
        kwargs.setdefault("user_agent", f"parley/{__version__} (+{settings.base_url})")
        return cls(**kwargs)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close pooled connections."""
        self._client.close()

    def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchResult:
        """GET ``url`` following redirects by hand; see the module docstring for the rules."""
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        started = time.monotonic()
        current = url
        for _hop in range(self.max_redirects + 1):
            result, location = self._one_hop(url, current, headers, started)
            if location is None:
                result.elapsed = time.monotonic() - started
                return result
            current = location
        raise FetchError(f"{url}: more than {self.max_redirects} redirects")

    def _one_hop(
        self, url: str, current: str, headers: dict[str, str], started: float
    ) -> tuple[FetchResult, str | None]:
        """Request ``current`` once; return the result, or the next hop's absolute URL."""
        target = check_url(current)
        port = target.port or (443 if target.scheme == "https" else 80)
        addresses = self.guard.resolve(target.host, port)
        loopback = all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses)
        release = self._gate.acquire(target.host.lower(), delay=not loopback)
        try:
            with self._client.stream("GET", target, headers=headers) as response:
                if response.status_code in REDIRECT_CODES and "location" in response.headers:
                    return FetchResult(url, current, response.status_code), _location(
                        current, response.headers["location"]
                    )
                return self._read(url, current, response, started), None
        except httpx.TimeoutException as exc:
            raise FetchError(f"{current}: timed out ({type(exc).__name__})") from exc
        except httpx.TooManyRedirects as exc:  # pragma: no cover - we never let httpx follow
            raise FetchError(f"{current}: too many redirects") from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"{current}: {_describe(exc)}") from exc
        finally:
            release()

    def _read(
        self, url: str, current: str, response: httpx.Response, started: float
    ) -> FetchResult:
        """Turn a final (non-redirect) response into a result, reading at most max_bytes."""
        now = datetime.now(UTC)
        status = response.status_code
        result = FetchResult(url, current, status, headers=dict(response.headers))
        result.etag = response.headers.get("etag")
        result.last_modified = response.headers.get("last-modified")
        result.fresh_until = parse_fresh_until(response.headers, now)
        retry_at = parse_retry_after(response.headers.get("retry-after"), now)
        if status == 429 or (status == 503 and retry_at is not None):
            result.retry_at = retry_at or now + timedelta(seconds=DEFAULT_RETRY_AFTER)
            return result
        if status == 304:
            return result
        if status >= 400:
            raise HTTPStatusError(current, status, response.reason_phrase)
        result.content_type, result.charset = _split_content_type(
            response.headers.get("content-type", "")
        )
        result.content, result.truncated = self._read_body(current, response, started)
        return result

    def _read_body(self, current: str, response: httpx.Response, started: float) -> tuple[bytes, bool]:
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            chunks.append(chunk)
            size += len(chunk)
            if size >= self.max_bytes:
                return b"".join(chunks)[: self.max_bytes], True
            if time.monotonic() - started > self.total_timeout:
                raise FetchError(
                    f"{current}: body still arriving after {self.total_timeout:g} s, abandoned"
                )
        return b"".join(chunks), False


def _location(current: str, location: str) -> str:
    """A redirect's absolute target; ``FetchError`` for a malformed one ("http://[")."""
    try:
        return urljoin(current, location)
    except ValueError as exc:
        raise FetchError(f"{current}: redirect to a malformed URL ({exc})") from None


def _describe(exc: httpx.HTTPError) -> str:
    """A short human reason for a transport error."""
    if isinstance(exc, httpx.ConnectError):
        reason = str(exc).split("] ")[-1] or "connection failed"
        return f"cannot connect ({reason})"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"the server broke the HTTP protocol ({exc})"
    return str(exc) or type(exc).__name__


def host_of(url: str) -> str:
    """The lower-case host name of ``url`` ('' if it has none)."""
    return (urlsplit(url).hostname or "").lower()

