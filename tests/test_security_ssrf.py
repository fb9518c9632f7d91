"""Server-side request forgery and oversized bodies, end to end through ingest.

test_fetch.py checks the address policy on literal addresses and a few redirects with a
mock transport. Here a real HTTP server on loopback stands behind every refused URL, so a
guard that let one through would show up as a request in the server's log; the forms are
the ones attackers use (decimal, hex and short IPv4, IPv4-mapped and -compatible IPv6,
6to4, NAT64, zone ids), arriving as an article URL, a feed entry's link, a redirect hop or
a name that changes its answer between check and connect (DNS rebinding). A feed entry
pointing at an endless or compressed-bomb body is cut off at ``max_fetch_bytes``.

Two loopback addresses play two roles: 127.0.0.1 is "the public web" (the policy is
patched to let exactly that address through), 127.0.0.2 is "the intranet" (refused, as
any loopback, private or link-local address is by default).
"""

from __future__ import annotations

import gzip
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from parley.config import Settings
from parley.errors import FetchError
from parley.ingest import fetch as fetch_module
from parley.ingest.fetch import BlockedURLError, Fetcher, address_allowed
from parley.ingest.runner import ingest

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "feeds"))
from canned_server import CannedServer, Reply  # noqa: E402

PARLEY = str(Path(sys.executable).with_name("parley"))
PUBLIC = "127.0.0.1"  # stands for a public address in these tests
INTRANET = "127.0.0.2"
PROSE = ("<p>The envoy of Velmora said on Friday that the ferry talks would resume next week "
         "after a pause of three months, and that both delegations had agreed on an agenda.</p>")


class IntranetServer(CannedServer):
    """A canned server on 127.0.0.2: an internal service nobody outside may reach."""

    def __init__(self):
        from http.server import ThreadingHTTPServer

        super().__init__()
        self._httpd.server_close()
        self._httpd = ThreadingHTTPServer((INTRANET, 0), self._handler_class())
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        kwargs={"poll_interval": 0.02}, daemon=True)


@pytest.fixture
def public_is_loopback(monkeypatch):
    """Let 127.0.0.1 (only) pass the address policy, as if it were a public address."""
    real = fetch_module.address_allowed

    def allowed(address: str, allow_private: bool = False) -> bool:
        return address == PUBLIC or real(address, allow_private)

    monkeypatch.setattr(fetch_module, "address_allowed", allowed)


@pytest.fixture
def web():
    with CannedServer() as srv:
        yield srv


@pytest.fixture
def intranet():
    with IntranetServer() as srv:
        srv.routes["/secret"] = Reply(200, b"<html><body>" + PROSE.encode() * 3 + b"</body></html>",
                                      {"Content-Type": "text/html"})
        yield srv


def forms_of_the_intranet(port: int) -> list[str]:
    """URLs that all mean a loopback or private address, in the spellings used to sneak past."""
    return [
        f"http://{INTRANET}:{port}/secret",
        f"http://2130706434:{port}/secret",        # 127.0.0.2 as one decimal number
        f"http://0x7f000002:{port}/secret",        # ... in hex
        f"http://017700000002:{port}/secret",      # ... in octal
        f"http://127.2:{port}/secret",             # short form
        f"http://0x7f.0.0.2:{port}/secret",
        f"http://[::ffff:127.0.0.2]:{port}/secret",  # IPv4-mapped IPv6
        f"http://[::ffff:7f00:2]:{port}/secret",
        f"http://[::127.0.0.2]:{port}/secret",     # IPv4-compatible IPv6 (deprecated)
        f"http://[64:ff9b::7f00:2]:{port}/secret",  # NAT64
        f"http://[2002:7f00:2::1]:{port}/secret",  # 6to4 wrapping 127.0.0.2
        f"http://[::1]:{port}/secret",
        f"http://[fe80::1%25lo]:{port}/secret",    # link-local with a zone id
        f"http://0:{port}/secret",
        f"http://0.0.0.0:{port}/secret",
        f"http://[::]:{port}/secret",
        f"http://10.0.0.1:{port}/secret",
        f"http://169.254.169.254:{port}/latest/meta-data/",
        f"http://100.64.0.1:{port}/secret",
        f"http://localhost:{port}/secret",
    ]


INTRANET_FORMS = forms_of_the_intranet(1)  # for ids; the port is filled in per test


@pytest.mark.parametrize("index", range(len(INTRANET_FORMS)), ids=INTRANET_FORMS)
def test_every_spelling_of_a_private_address_is_refused(intranet, index):
    url = forms_of_the_intranet(intranet.port)[index]
    with Fetcher(min_delay=0, timeout=2) as f, pytest.raises(FetchError) as info:
        f.fetch(url)
    assert isinstance(info.value, BlockedURLError) or "not a valid URL" in str(info.value) \
        or "cannot resolve" in str(info.value)
    assert intranet.requests == []


@pytest.mark.parametrize("address, allowed", [
    ("::7f00:1", False), ("64:ff9b::a00:1", False), ("2002:7f00:1::", False),
    ("2002:0a00:0001::", False), ("2002:5db8:d70e::1", True),  # 6to4 of a public IPv4
    ("2001:0:4136:e378:8000:63bf:80ff:fffe", False),  # Teredo
    ("2606:4700::1111", True), ("93.184.215.14", True),
])
def test_ipv6_forms_carrying_ipv4(address, allowed):
    assert address_allowed(address) is allowed


def test_intranet_reachable_only_when_configured(intranet):
    url = f"http://{INTRANET}:{intranet.port}/secret"
    with Fetcher(min_delay=0, allow_private=True) as f:
        assert f.fetch(url).status == 200
    assert len(intranet.requests) == 1


@pytest.mark.parametrize("hop", ["{intranet}", "/bounce2", "//{hostport}/secret"])
@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirect_into_the_intranet_is_refused(public_is_loopback, web, intranet, hop, status):
    target = f"http://{INTRANET}:{intranet.port}/secret"
    hop = hop.format(intranet=target, hostport=f"{INTRANET}:{intranet.port}")
    web.routes["/go"] = Reply(status, b"", {"Location": hop})
    web.routes["/bounce2"] = Reply(302, b"", {"Location": f"http://2130706434:{intranet.port}/secret"})
    with Fetcher(min_delay=0, timeout=2) as f, pytest.raises(BlockedURLError):
        f.fetch(web.url("/go"))
    assert intranet.requests == []


def test_rebinding_between_check_and_connect_on_a_redirect_hop(public_is_loopback, web, intranet):
    """The redirect target's name is public when checked, intranet when the socket opens."""
    answers = {"rebind.example": iter([[PUBLIC], [INTRANET]])}
    web.routes["/go"] = Reply(302, b"", {"Location": f"http://rebind.example:{intranet.port}/secret"})

    def resolver(host: str, port: int) -> list[str]:
        return next(answers[host]) if host in answers else [PUBLIC]

    with Fetcher(min_delay=0, timeout=2, resolver=resolver) as f, pytest.raises(BlockedURLError):
        f.fetch(web.url("/go"))
    assert intranet.requests == []


def test_name_answering_public_and_private_together_is_refused(intranet):
    def resolver(host: str, port: int) -> list[str]:
        return ["93.184.215.14", INTRANET]

    with Fetcher(min_delay=0, resolver=resolver) as f, pytest.raises(BlockedURLError, match=INTRANET):
        f.fetch(f"http://mixed.example:{intranet.port}/secret")
    assert intranet.requests == []


def rss(items: list[str]) -> bytes:
    entries = "".join(f"<item><title>Entry {i}</title><link>{link}</link></item>"
                      for i, link in enumerate(items))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
            f"<link>https://wire.example/</link>{entries}</channel></rss>").encode()


def test_feed_entries_pointing_inside_are_refused_through_ingest(public_is_loopback, web, intranet,
                                                                 store):
    inside = forms_of_the_intranet(intranet.port)[:6]
    web.routes["/feed.xml"] = Reply(200, rss(inside), {"Content-Type": "application/rss+xml"})
    summary = ingest([web.url("/feed.xml")], store, settings=Settings(max_fetch_bytes=100_000))
    assert intranet.requests == []
    assert summary.new == 0 and len(summary.failed) == len(inside)
    for failure in summary.failed:
        assert "non-public address" in failure.reason or "not a valid URL" in failure.reason
        assert "\n" not in failure.reason


def endless_counted(sent: list[int], chunk: bytes = PROSE.encode() * 20):
    """An endless HTML body that records how many bytes it managed to send."""
    yield b"<html><body><article>"
    while True:
        sent[0] += len(chunk)
        yield chunk


@pytest.mark.parametrize("limit", [50_000, 300_000])
def test_endless_entry_body_is_cut_off_at_the_limit(public_is_loopback, web, store, limit):
    sent = [0]
    web.routes["/feed.xml"] = Reply(200, rss([web.url("/endless")]), {"Content-Type": "application/rss+xml"})
    web.routes["/endless"] = lambda seen: Reply(200, endless_counted(sent), {"Content-Type": "text/html"})
    started = time.monotonic()
    summary = ingest([web.url("/feed.xml")], store, settings=Settings(max_fetch_bytes=limit))
    assert time.monotonic() - started < 60
    assert summary.new == 1, summary.failed
    (article,) = store.latest(limit=1).items
    stored = store.get_analysis(article.id).article.text
    assert 0 < len(stored) <= limit
    time.sleep(0.2)  # the server notices the hang-up on its next write
    # the server stops within a few socket buffers of the limit, not after gigabytes
    assert sent[0] < limit + 8 * 1024 * 1024


def test_compressed_bomb_is_cut_off_after_decompression(public_is_loopback, web):
    bomb = gzip.compress(b"<html><body><p>" + b"a" * 60_000_000, compresslevel=9)
    assert len(bomb) < 200_000  # 60 MB of markup in well under 200 KB on the wire
    web.routes["/bomb"] = Reply(200, bomb, {"Content-Type": "text/html", "Content-Encoding": "gzip"})
    with Fetcher(min_delay=0, max_bytes=1_000_000) as f:
        result = f.fetch(web.url("/bomb"))
    assert result.truncated and len(result.content) == 1_000_000


def test_cli_refuses_private_urls_in_one_line_and_fetches_nothing(tmp_path, intranet):
    urls = [f"http://{INTRANET}:{intranet.port}/secret", f"http://2130706434:{intranet.port}/secret"]
    done = subprocess.run([PARLEY, "ingest", *urls, "--db", str(tmp_path / "p.db"), "--quiet"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 2 and all("non-public address" in line for line in lines), done.stderr
    assert "Traceback" not in done.stderr
    assert intranet.requests == []
