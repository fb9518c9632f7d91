"""Load generators for bench/load.py that cost the machine as little CPU as possible.

The hub, PostgreSQL and the load generator share this machine's cores: a generator that
burns a core of its own (httpx parses and builds much per request) takes it from the
server it measures, and a second worker process then has no core to run on. Three
generators, all on loopback only, each bounded in time:

* ``raw`` (default): HTTP/1.1 keep-alive GETs written and read on asyncio streams, one
  connection per closed-loop client (a pool for the open loop); only the status line and
  the framing headers are parsed, the body is read and dropped. Latency per page kind.
* ``wrk``: Debian's ``wrk`` (C, epoll; ``apt-get install wrk``), closed loop only, driven
  by a Lua script that draws the URLs from a file written from the same page mix (kind
  first, then a URL of that kind, as the Python clients do). Overall latency only (wrk's
  Lua sees no per-request timing); non-2xx answers and socket errors are counted.
* ``httpx``: the original clients (asyncio + httpx), kept for comparison.

``cpu_seconds()`` and ``MachineCPU`` give the generator's own CPU time and the machine's
busy share over a run, so every report can say what the generator cost.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import resource
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

GENERATORS = ("raw", "wrk", "httpx")


class HTTPError(Exception):
    """A request that got no complete answer (dropped connection, malformed answer)."""


# -- CPU accounting --------------------------------------------------------------------------


def cpu_seconds() -> float:
    """CPU time (user + system) this process has used so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class MachineCPU:
    """The machine's busy share (all cores, from /proc/stat) and load average over a run."""

    def __init__(self) -> None:
        self.start = self._jiffies()
        self.load_before = _loadavg()

    @staticmethod
    def _jiffies() -> tuple[int, int] | None:
        try:
            fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
        except OSError:
            return None
        values = [int(v) for v in fields]
        idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
        return sum(values[:8]), idle

    def finish(self) -> dict[str, float | None]:
        """Busy share of all cores since construction (0..1), cores, load averages."""
        end = self._jiffies()
        busy = None
        if self.start and end and end[0] > self.start[0]:
            total = end[0] - self.start[0]
            busy = round(1 - (end[1] - self.start[1]) / total, 3)
        return {"busy_share": busy, "cores": os.cpu_count(), "load_before": self.load_before,
                "load_after": _loadavg()}


def _loadavg() -> float | None:
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def cpu_line(generator: str, cpu: float, seconds: float, machine: dict) -> str:
    """One line saying what the generator and the machine spent."""
    cores = machine.get("cores") or 1
    share = cpu / seconds if seconds else 0.0
    busy = machine.get("busy_share")
    return (f"generator ({generator}) CPU: {cpu:.1f} s over {seconds:.1f} s = {share:.1%} of one "
            f"core ({share / cores:.1%} of the machine's {cores}); machine busy "
            f"{'?' if busy is None else f'{busy:.0%}'}, load average "
            f"{machine.get('load_before')} -> {machine.get('load_after')}")


# -- the raw HTTP/1.1 client -----------------------------------------------------------------


class RawConnection:
    """One keep-alive HTTP/1.1 connection to the hub: GET, read the answer, drop the body."""

    def __init__(self, base: str, timeout: float) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.host_header = f"{self.host}:{self.port}".encode()
        self.timeout = timeout
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        """The status of GET ``path`` (the body is read and dropped); HTTPError if the
        answer does not come whole within the timeout."""
        try:
            return await asyncio.wait_for(self._get_or_retry(path), self.timeout)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError,
                TimeoutError, ValueError) as exc:
            self.close()
            raise HTTPError(f"{type(exc).__name__} for {path}") from exc

    async def _get_or_retry(self, path: str) -> int:
        """``_get``; once more on a new connection when a kept-alive one turns out closed
        by the server before any byte of the answer (its idle timeout: uvicorn's is 5 s),
        as every HTTP client does for a GET."""
        if self.writer is None:
            return await self._get(path)
        try:
            return await self._get(path)
        except asyncio.IncompleteReadError as exc:
            if exc.partial:
                raise
        except ConnectionError:
            pass
        self.close()
        return await self._get(path)

    async def connect(self) -> None:
        """Open the connection now (otherwise the first GET does)."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def _get(self, path: str) -> int:
        await self.connect()
        assert self.reader is not None
        self.writer.write(b"GET " + path.encode() + b" HTTP/1.1\r\nHost: " + self.host_header
                          + b"\r\nUser-Agent: parley-load\r\n\r\n")
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        lower = head.lower()
        length = re.search(rb"\r\ncontent-length:\s*(\d+)", lower)
        if length:
            await self.reader.readexactly(int(length.group(1)))
        elif b"\r\ntransfer-encoding: chunked" in lower:
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if size == 0:
                    while await self.reader.readuntil(b"\r\n") != b"\r\n":
                        pass  # trailers
                    break
                await self.reader.readexactly(size + 2)
        elif status not in (204, 304):
            await self.reader.read()  # no framing: the body runs to the end of the connection
            self.close()
        if b"\r\nconnection: close" in lower:
            self.close()
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def raw_fetch(conn: RawConnection, path: str) -> str | None:
    """GET ``path`` on ``conn``: what went wrong, or None for a 2xx."""
    try:
        status = await conn.get(path)
    except HTTPError as exc:
        return str(exc)
    return None if 200 <= status < 300 else f"HTTP {status} for {path}"


class RawPool:
    """Keep-alive connections for the open loop, as many visitors hold them: ``open(n)``
    connects ``n`` at once, and each request takes an idle one **at random** (a new one when
    none is idle).

    Random, not last-in-first-out: a server with several worker processes serves each
    connection in the worker that accepted it, so a LIFO pool that keeps reusing its most
    recent connection whenever the hub keeps up sends nearly every request to one worker
    and leaves the others idle (measured: 27% / 73% of the CPU on two workers at 30 req/s),
    which is not what many visitors do."""

    def __init__(self, base: str, timeout: float, seed: int = 5) -> None:
        self.base, self.timeout = base, timeout
        self.idle: list[RawConnection] = []
        self.opened = 0
        self.rng = random.Random(seed)

    async def open(self, n: int) -> None:
        """Connect ``n`` more connections now (each is accepted by some worker)."""
        conns = [RawConnection(self.base, self.timeout) for _ in range(n)]
        await asyncio.gather(*(conn.connect() for conn in conns))
        self.idle.extend(conns)
        self.opened += n

    async def fetch(self, path: str) -> str | None:
        if self.idle:
            i = self.rng.randrange(len(self.idle))
            self.idle[i], self.idle[-1] = self.idle[-1], self.idle[i]
            conn = self.idle.pop()
        else:
            conn = RawConnection(self.base, self.timeout)
            self.opened += 1
        problem = await raw_fetch(conn, path)
        self.idle.append(conn)  # a failed one reconnects on its next request
        return problem

    def close(self) -> None:
        for conn in self.idle:
            conn.close()


# -- wrk ---------------------------------------------------------------------------------

WRK_SCRIPT = r"""
-- bench/load.py: GETs drawn from a URL file (one path a line), closed loop.
local paths = {}
function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  math.randomseed(tonumber(args[2]) or 1)
end
function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK-JSON {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


def wrk_path() -> str | None:
    """The wrk binary, or None when it is not installed."""
    return shutil.which("wrk")


WRK_MISSING = ("wrk is not installed: `apt-get install -y wrk` (Debian), or use "
               "--client raw (the default, pure Python) or --client httpx")


def write_url_file(path: Path, mix: dict[str, list[str]], per_kind: int = 200,
                   seed: int = 5) -> int:
    """The URL file for wrk: ``per_kind`` URLs of every kind, drawn from the kind's list
    (so a uniform draw from the file is kind first, then a URL of that kind). Lines."""
    rng = random.Random(seed)
    lines = [rng.choice(mix[kind]) for kind in sorted(mix) for _ in range(per_kind)]
    rng.shuffle(lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def run_wrk(base: str, mix: dict[str, list[str]], clients: int, duration: float,
            timeout: float, threads: int = 1) -> dict:
    """Closed loop with wrk: ``clients`` connections for ``duration`` s. Returns requests,
    req/s, latency percentiles (ms), errors (non-2xx, socket errors, timeouts) and wrk's
    own CPU time (from wait4)."""
    binary = wrk_path()
    if binary is None:
        raise RuntimeError(WRK_MISSING)
    with tempfile.TemporaryDirectory(prefix="parley-wrk-") as tmp:
        urls, script = Path(tmp) / "urls.txt", Path(tmp) / "mix.lua"
        write_url_file(urls, mix)
        script.write_text(WRK_SCRIPT, encoding="utf-8")
        cmd = [binary, "-t", str(threads), "-c", str(clients), "-d", f"{max(1, round(duration))}s",
               "--timeout", f"{max(1, round(timeout))}s", "-s", str(script), base, "--",
               str(urls), "1"]
        before = children_cpu()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        out, err = proc.communicate(timeout=duration + timeout + 60)
        cpu = children_cpu() - before  # wrk's own CPU: the only child reaped meanwhile
    found = re.search(r"^WRK-JSON (.*)$", out, re.M)
    if proc.returncode != 0 or not found:
        raise RuntimeError(f"wrk failed (exit {proc.returncode}): {err.strip() or out.strip()}")
    r = json.loads(found.group(1))
    seconds = r["duration_us"] / 1e6
    socket_errors = r["connect"] + r["read"] + r["write"] + r["timeout"]
    return {"requests": r["requests"], "seconds": round(seconds, 2),
            "requests_per_s": round(r["requests"] / seconds, 1) if seconds else 0.0,
            "p50_ms": r["p50_us"] / 1000, "p95_ms": r["p95_us"] / 1000,
            "p99_ms": r["p99_us"] / 1000, "max_ms": r["max_us"] / 1000,
            "errors": r["status"] + socket_errors, "non_2xx": r["status"],
            "socket_errors": socket_errors,
            "cpu_s": round(cpu, 2)}


def children_cpu() -> float:
    """CPU time of this process's reaped children so far (wrk's share is a difference)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# -- where the CPU went: the hub's processes and PostgreSQL's backends -----------------------

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _processes() -> dict[int, tuple[int, str, float]]:
    """pid -> (parent pid, command line, CPU seconds used) of every process (Linux)."""
    out = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError):
            continue
        out[int(entry.name)] = (int(fields[1]), cmd, (int(fields[11]) + int(fields[12])) / _TICK)
    return out


class ServerCPU:
    """CPU time of the hub (``parley serve`` on ``port`` and its worker processes) and of
    the PostgreSQL backends connected to ``database`` (None: SQLite, nothing to count)
    between construction and ``finish()``. Linux only; zeros elsewhere."""

    def __init__(self, port: int, database: str | None) -> None:
        self.port, self.database = port, database
        self.start = self._sample()

    def _sample(self) -> dict[str, dict[int, float]]:
        procs = _processes() if Path("/proc/self/stat").exists() else {}
        roots = {pid for pid, (_, cmd, _) in procs.items()
                 if " serve " in cmd and f"--port {self.port} " in cmd + " "}
        hub, grew = set(roots), True
        while grew:  # the workers and their children
            more = {pid for pid, (ppid, _, _) in procs.items() if ppid in hub} - hub
            hub |= more
            grew = bool(more)
        pg = {pid for pid, (_, cmd, _) in procs.items() if self.database
              and cmd.startswith("postgres:") and f" {self.database} " in cmd}
        return {"hub": {p: procs[p][2] for p in hub}, "pg": {p: procs[p][2] for p in pg}}

    def finish(self) -> dict[str, float]:
        """CPU seconds used meanwhile by the hub and by PostgreSQL (processes that ended
        meanwhile are missing: a worker pool keeps its connections)."""
        end = self._sample()
        return {kind: round(sum(cpu - self.start[kind].get(pid, 0.0)
                                for pid, cpu in end[kind].items()), 2) for kind in end}


def per_request_line(used: dict[str, float], generator_cpu: float, requests: int,
                     workers: int) -> tuple[str, dict[str, float]]:
    """CPU per request of the hub, PostgreSQL and the generator, and what they bound on
    this machine's cores when nothing else runs: one worker process cannot use more than
    one core (Python), and all of them together no more than every core."""
    if not requests:
        return "no requests", {}
    cores = os.cpu_count() or 1
    hub, pg, gen = (1000 * v / requests for v in (used["hub"], used["pg"], generator_cpu))
    everything = hub + pg + gen
    bound = min(1000 * workers / hub if hub else float("inf"),
                1000 * cores / everything if everything else float("inf"))
    figures = {"hub_ms": round(hub, 2), "pg_ms": round(pg, 2), "generator_ms": round(gen, 2),
               "bound_req_s": round(bound, 1)}
    return (f"CPU per request: hub {hub:.1f} ms ({workers} worker(s)), PostgreSQL {pg:.1f} ms, "
            f"generator {gen:.2f} ms; on {cores} otherwise idle cores that bounds this run at "
            f"{bound:,.0f} req/s"), figures
