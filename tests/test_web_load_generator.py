"""bench/loadgen.py: the raw keep-alive client reads every kind of framing, counts errors,
and the wrk URL file keeps the page mix (wrk itself is not needed by the tests)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import loadgen  # noqa: E402

ANSWERS = {
    "/length": b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
    "/chunked": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                b"3\r\nabc\r\n4;x=1\r\ndefg\r\n0\r\n\r\n",
    "/missing": b"HTTP/1.1 404 Not Found\r\ncontent-length: 2\r\n\r\nno",
    "/close": b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok",
    "/notmodified": b"HTTP/1.1 304 Not Modified\r\nETag: W/\"1\"\r\n\r\n",
}


async def _serve(connections: list[int]):
    async def handle(reader, writer):
        connections.append(1)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                path = head.split(b" ")[1].decode()
                if path == "/drop":
                    break
                writer.write(ANSWERS[path])
                await writer.drain()
                if path == "/close":
                    break
        except asyncio.IncompleteReadError:
            pass
        writer.close()

    return await asyncio.start_server(handle, "127.0.0.1", 0)


def test_raw_connection_reads_each_framing_and_keeps_the_connection():
    async def run():
        connections: list[int] = []
        server = await _serve(connections)
        port = server.sockets[0].getsockname()[1]
        conn = loadgen.RawConnection(f"http://127.0.0.1:{port}", timeout=5)
        got = [await loadgen.raw_fetch(conn, p)
               for p in ("/length", "/chunked", "/notmodified", "/length", "/missing")]
        assert got == [None, None, "HTTP 304 for /notmodified", None, "HTTP 404 for /missing"]
        assert len(connections) == 1  # one keep-alive connection for all five
        assert await loadgen.raw_fetch(conn, "/close") is None
        assert await loadgen.raw_fetch(conn, "/length") is None
        assert len(connections) == 2  # reconnected after "Connection: close"
        # a kept-alive connection the server closed meanwhile: one retry on a new one
        drops_before = len(connections)
        problem = await loadgen.raw_fetch(conn, "/drop")
        assert problem is not None and problem.endswith("for /drop")
        assert len(connections) == drops_before + 1  # retried once, then gave up
        fresh = loadgen.RawConnection(f"http://127.0.0.1:{port}", timeout=5)
        assert (await loadgen.raw_fetch(fresh, "/drop")).startswith("IncompleteReadError")
        fresh.close()
        pool = loadgen.RawPool(f"http://127.0.0.1:{port}", timeout=5)
        answers = await asyncio.gather(*(pool.fetch("/chunked") for _ in range(4)))
        assert answers == [None] * 4 and pool.opened == 4 and len(pool.idle) == 4
        assert await pool.fetch("/length") is None and pool.opened == 4  # reused
        pool.close()
        conn.close()
        server.close()
        await server.wait_closed()

    asyncio.run(run())


def test_wrk_url_file_draws_every_kind_equally(tmp_path):
    mix = {"home": ["/"], "issue": [f"/issues/i{k}" for k in range(7)], "search": ["/search?q=x"]}
    lines = loadgen.write_url_file(tmp_path / "urls.txt", mix, per_kind=50)
    urls = (tmp_path / "urls.txt").read_text().split()
    assert lines == len(urls) == 150
    assert urls.count("/") == 50 and urls.count("/search?q=x") == 50
    assert {u for u in urls if u.startswith("/issues/")} <= set(mix["issue"])
    assert "WRK-JSON" in loadgen.WRK_SCRIPT and "apt-get install" in loadgen.WRK_MISSING


def test_cpu_line_says_what_the_generator_cost():
    machine = {"busy_share": 0.5, "cores": 2, "load_before": 1.0, "load_after": 2.0}
    line = loadgen.cpu_line("raw", 0.4, 20.0, machine)
    assert "0.4 s over 20.0 s = 2.0% of one core" in line and "load average 1.0 -> 2.0" in line
    assert loadgen.cpu_seconds() > 0


def test_open_loop_pool_spreads_sequential_requests_over_its_connections():
    """One request at a time (a hub that keeps up): a LIFO pool would send every request
    down one connection, i.e. to one worker; the pool picks an idle connection at random."""
    async def run():
        per_connection: list[int] = []

        async def handle(reader, writer):
            index = len(per_connection)
            per_connection.append(0)
            try:
                while True:
                    await reader.readuntil(b"\r\n\r\n")
                    per_connection[index] += 1
                    writer.write(ANSWERS["/length"])
                    await writer.drain()
            except (asyncio.IncompleteReadError, ConnectionError):
                pass
            writer.close()

        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        pool = loadgen.RawPool(f"http://127.0.0.1:{port}", timeout=5)
        await pool.open(8)
        assert pool.opened == 8 and len(pool.idle) == 8
        for _ in range(400):
            assert await pool.fetch("/length") is None
        assert pool.opened == 8 and len(per_connection) == 8  # no new connection needed
        assert sum(per_connection) == 400
        assert min(per_connection) >= 25  # 50 expected on each; LIFO would give 400, 0, 0, ...
        pool.close()
        server.close()
        await server.wait_closed()

    asyncio.run(run())
