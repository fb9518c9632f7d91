"""Tests for parley.ingest.fetch: a local HTTP server on 127.0.0.1 plays the web."""

from __future__ import annotations

import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from parley.errors import FetchError
from parley.ingest.fetch import (
    BlockedURLError,
    Fetcher,
    HTTPStatusError,
    _HostGate,
    address_allowed,
    check_url,
    parse_fresh_until,
    parse_retry_after,
)

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "feeds"))
from canned_server import CannedServer, Reply, endless  # noqa: E402

PUBLIC_IP = "93.184.215.14"  # a global unicast address; only ever "reached" via MockTransport
NOW = datetime(2025, 4, 28, 12, 0, tzinfo=UTC)


def table_resolver(table: dict[str, list[str]]):
    """A resolver hook answering from ``table`` instead of DNS."""

    def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise FetchError(f"{host}: cannot resolve host name (test table)")
        return table[host]

    return resolve


@pytest.fixture
def server():
    with CannedServer() as srv:
        yield srv


@pytest.fixture
def fetcher():
    with Fetcher(allow_private=True, min_delay=0.0, timeout=2.0) as f:
        yield f


@pytest.mark.parametrize(
    "address, private_ok, allowed",
    [
        ("93.184.215.14", False, True),
        ("2606:4700::1111", False, True),
        ("127.0.0.1", False, False),
        ("::1", False, False),
        ("10.1.2.3", False, False),
        ("172.16.0.9", False, False),
        ("192.168.1.1", False, False),
        ("169.254.169.254", False, False),  # cloud metadata endpoint
        ("fe80::1", False, False),
        ("fc00::5", False, False),
        ("100.64.0.1", False, False),  # carrier-grade NAT
        ("::ffff:127.0.0.1", False, False),  # IPv4-mapped loopback
        ("240.0.0.1", False, False),  # reserved
        ("224.0.0.1", False, False),  # multicast
        ("0.0.0.0", False, False),
        ("127.0.0.1", True, True),
        ("10.1.2.3", True, True),
        ("224.0.0.1", True, False),  # multicast stays refused even for intranets
        ("0.0.0.0", True, False),
    ],
)
def test_address_policy(address, private_ok, allowed):
    assert address_allowed(address, private_ok) is allowed


@pytest.mark.parametrize(
    "url, reason",
    [
        ("file:///etc/passwd", "only http"),
        ("ftp://files.example/x", "only http"),
        ("gopher://x.example/", "only http"),
        ("http:///nohost", "no host"),
        ("http://user:pw@news.example/", "user name"),
    ],
)
def test_check_url_refuses(url, reason):
    with pytest.raises(BlockedURLError, match=reason):
        check_url(url)


def test_plain_get_reads_body_and_metadata(server, fetcher):
    body = "<html><body><p>Caf\u00e9 talks resume in Velmora.</p></body></html>".encode()
    server.routes["/story"] = Reply(200, body, {"Content-Type": "text/html; charset=UTF-8"})
    result = fetcher.fetch(server.url("/story"))
    assert result.status == 200
    assert result.content == body
    assert result.content_type == "text/html"
    assert result.charset == "utf-8"
    assert "Caf\u00e9" in result.text()
    assert not result.truncated and not result.not_modified and not result.retry_later
    assert server.requests[0].headers["user-agent"].startswith("parley/")


def test_loopback_refused_by_default(server):
    server.routes["/secret"] = Reply(200, b"admin panel")
    with Fetcher(min_delay=0) as f, pytest.raises(BlockedURLError, match="non-public address"):
        f.fetch(server.url("/secret"))
    assert server.requests == []


def test_name_resolving_to_loopback_refused(server):
    server.routes["/"] = Reply(200, b"hello")
    resolver = table_resolver({"news.example": ["127.0.0.1"]})
    with Fetcher(min_delay=0, resolver=resolver) as f, pytest.raises(BlockedURLError):
        f.fetch(server.url("/", host="news.example"))
    assert server.requests == []
    with Fetcher(min_delay=0, resolver=resolver, allow_private=True) as f:
        result = f.fetch(server.url("/", host="news.example"))
    assert result.content == b"hello"
    assert server.requests[0].headers["host"] == f"news.example:{server.port}"


def test_name_with_one_private_address_refused():
    resolver = table_resolver({"mixed.example": [PUBLIC_IP, "10.0.0.7"]})
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=b"x"))
    with Fetcher(resolver=resolver, transport=transport, min_delay=0) as f:
        with pytest.raises(BlockedURLError, match="10.0.0.7"):
            f.fetch("http://mixed.example/")


def test_rebinding_caught_at_connect_time(server):
    """The name passes the first check, then resolves to loopback when the socket opens."""
    answers = iter([[PUBLIC_IP], ["127.0.0.1"]])
    server.routes["/"] = Reply(200, b"internal")
    with Fetcher(min_delay=0, resolver=lambda h, p: next(answers)) as f:
        with pytest.raises(BlockedURLError):
            f.fetch(server.url("/", host="rebind.example"))
    assert server.requests == []


@pytest.mark.parametrize(
    "location",
    [
        "http://127.0.0.1/admin",
        "http://[::1]:8080/",
        "http://169.254.169.254/latest/meta-data/",
        "http://intranet.example/wiki",
        "file:///etc/passwd",
    ],
)
def test_redirect_to_forbidden_target_refused(location):
    """A public host redirecting inward: the inner hop is never requested."""
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(302, headers={"Location": location})

    resolver = table_resolver({"open.example": [PUBLIC_IP], "intranet.example": ["10.9.8.7"]})
    transport = httpx.MockTransport(handler)
    with Fetcher(resolver=resolver, transport=transport, min_delay=0) as f:
        with pytest.raises(BlockedURLError):
            f.fetch("http://open.example/go")
    assert seen == ["http://open.example/go"]


def test_redirects_followed_by_hand(server, fetcher):
    server.routes["/a"] = Reply(301, b"", {"Location": "/b"})
    server.routes["/b"] = Reply(302, b"", {"Location": server.url("/c")})
    server.routes["/c"] = Reply(200, b"arrived", {"Content-Type": "text/plain"})
    result = fetcher.fetch(server.url("/a"))
    assert result.content == b"arrived"
    assert result.url == server.url("/a")
    assert result.final_url == server.url("/c")
    assert server.paths() == ["/a", "/b", "/c"]


@pytest.mark.parametrize("hops, ok", [(5, True), (6, False)])
def test_redirect_limit(server, fetcher, hops, ok):
    for i in range(hops):
        server.routes[f"/r{i}"] = Reply(302, b"", {"Location": f"/r{i + 1}"})
    server.routes[f"/r{hops}"] = Reply(200, b"end")
    if ok:
        assert fetcher.fetch(server.url("/r0")).content == b"end"
    else:
        with pytest.raises(FetchError, match="more than 5 redirects"):
            fetcher.fetch(server.url("/r0"))


@pytest.mark.parametrize(
    "body, limit, truncated",
    [
        (b"x" * 1000, 10_000, False),
        (b"x" * 10_000, 10_000, True),
        (b"x" * 50_000, 10_000, True),
    ],
)
def test_size_limit(server, body, limit, truncated):
    server.routes["/big"] = Reply(200, body, {"Content-Type": "text/html"})
    with Fetcher(allow_private=True, min_delay=0, max_bytes=limit) as f:
        result = f.fetch(server.url("/big"))
    assert result.truncated is truncated
    assert len(result.content) == min(len(body), limit)


def test_endless_body_cut_off(server):
    server.routes["/endless"] = lambda seen: Reply(200, endless(), {"Content-Type": "text/html"})
    with Fetcher(allow_private=True, min_delay=0, max_bytes=200_000) as f:
        result = f.fetch(server.url("/endless"))
    assert result.truncated
    assert len(result.content) == 200_000


def test_slow_drip_abandoned(server):
    drip = endless(b"a", pause=0.05)
    server.routes["/drip"] = lambda seen: Reply(200, drip, {"Content-Type": "text/html"})
    with Fetcher(allow_private=True, min_delay=0, total_timeout=0.5, timeout=2.0) as f:
        with pytest.raises(FetchError, match="still arriving"):
            f.fetch(server.url("/drip"))


def test_conditional_get(server, fetcher):
    etag, modified = '"v7"', "Mon, 28 Apr 2025 09:00:00 GMT"

    def feed(seen):
        if seen.headers.get("if-none-match") == etag:
            return Reply(304, b"", {"ETag": etag})
        return Reply(200, b"<rss/>", {"ETag": etag, "Last-Modified": modified})

    server.routes["/feed"] = feed
    first = fetcher.fetch(server.url("/feed"))
    assert (first.status, first.etag, first.last_modified) == (200, etag, modified)
    second = fetcher.fetch(server.url("/feed"), etag=first.etag, last_modified=first.last_modified)
    assert second.not_modified and second.content == b""
    assert server.requests[1].headers["if-none-match"] == etag
    assert server.requests[1].headers["if-modified-since"] == modified
    assert "if-none-match" not in server.requests[0].headers


@pytest.mark.parametrize(
    "status, retry_after, expect_wait",
    [
        (429, "120", 120),
        (429, "Mon, 28 Apr 2099 12:00:00 GMT", None),  # a date far ahead
        (429, None, 3600),  # no hint: the default back-off
        (503, "30", 30),
    ],
)
def test_retry_later(server, fetcher, status, retry_after, expect_wait):
    headers = {"Retry-After": retry_after} if retry_after else {}
    server.routes["/busy"] = Reply(status, b"slow down", headers)
    before = datetime.now(UTC)
    result = fetcher.fetch(server.url("/busy"))
    assert result.retry_later and result.status == status
    if expect_wait is None:
        assert result.retry_at == datetime(2099, 4, 28, 12, 0, tzinfo=UTC)
    else:
        waited = (result.retry_at - before).total_seconds()
        assert expect_wait - 1 <= waited <= expect_wait + 5


@pytest.mark.parametrize("status", [404, 410, 500, 503])
def test_error_status_raises(server, fetcher, status):
    server.routes["/x"] = Reply(status, b"nope")
    with pytest.raises(HTTPStatusError) as info:
        fetcher.fetch(server.url("/x"))
    assert info.value.status == status
    assert f"HTTP {status}" in str(info.value)


def test_cache_control_sets_fresh_until(server, fetcher):
    server.routes["/feed"] = Reply(200, b"<rss/>", {"Cache-Control": "public, max-age=900"})
    before = datetime.now(UTC)
    result = fetcher.fetch(server.url("/feed"))
    assert timedelta(seconds=899) <= result.fresh_until - before <= timedelta(seconds=905)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("60", NOW + timedelta(seconds=60)),
        ("0", NOW),
        ("Tue, 29 Apr 2025 08:00:00 GMT", datetime(2025, 4, 29, 8, 0, tzinfo=UTC)),
        ("Sun, 27 Apr 2025 08:00:00 GMT", NOW),  # a past date means now
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_retry_after(value, expected):
    assert parse_retry_after(value, NOW) == expected


@pytest.mark.parametrize(
    "headers, expected",
    [
        ({"Cache-Control": "max-age=300"}, NOW + timedelta(seconds=300)),
        ({"Cache-Control": "public, s-maxage=60, must-revalidate"}, NOW + timedelta(seconds=60)),
        ({"Cache-Control": "no-cache"}, None),
        ({"Expires": "Mon, 28 Apr 2025 13:00:00 GMT"}, datetime(2025, 4, 28, 13, 0, tzinfo=UTC)),
        ({"Expires": "0"}, None),
        ({"Expires": "Mon, 28 Apr 2025 11:00:00 GMT"}, None),
        ({}, None),
    ],
)
def test_parse_fresh_until(headers, expected):
    assert parse_fresh_until(httpx.Headers(headers), NOW) == expected


def test_one_request_at_a_time_per_host(server):
    server.routes["/slow"] = Reply(200, b"ok", delay=0.15)
    resolver = table_resolver({"a.example": ["127.0.0.1"], "b.example": ["127.0.0.1"]})

    def run(hosts: list[str]) -> int:
        server.max_in_flight = 0
        with Fetcher(allow_private=True, min_delay=0, resolver=resolver) as f:
            threads = [
                threading.Thread(target=f.fetch, args=(server.url("/slow", host=h),)) for h in hosts
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        return server.max_in_flight

    assert run(["a.example"] * 4) == 1
    assert run(["a.example", "b.example"] * 2) == 2


@pytest.mark.parametrize("delay, expect_wait", [(0.2, True), (0.0, False)])
def test_host_gate_minimum_delay(delay, expect_wait):
    gate = _HostGate(delay)
    gate.acquire("news.example", delay=True)()
    start = time.monotonic()
    gate.acquire("news.example", delay=True)()
    waited = time.monotonic() - start
    assert (waited >= 0.19) is expect_wait
    start = time.monotonic()
    gate.acquire("other.example", delay=True)()  # another host is not held back
    assert time.monotonic() - start < 0.1


def test_connection_refused_is_fetch_error(fetcher):
    with CannedServer() as srv:
        url = srv.url("/")
    with pytest.raises(FetchError, match="cannot connect"):
        fetcher.fetch(url)


def test_timeout_is_fetch_error(server):
    server.routes["/hang"] = Reply(200, b"late", delay=1.5)
    with Fetcher(allow_private=True, min_delay=0, timeout=0.3) as f:
        with pytest.raises(FetchError, match="timed out"):
            f.fetch(server.url("/hang"))
