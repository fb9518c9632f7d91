"""The hub under load while an ingest writes to the same database.

Usage: .venv/bin/python bench/load.py [--quick] [--duration S] [--clients N] [--articles N]
       [--ingest-files N] [--db PATH] [--json]

1. build: a SQLite database with ``--articles`` generated articles (bench/hub.py's
   generator: invented states, people and issues, records built without spaCy); a ``--db``
   that already holds enough is reused.
2. load: ``parley serve`` in a subprocess on loopback; ``--clients`` concurrent clients
   (one keep-alive connection each) request for ``--duration`` seconds a mix of pages: home, article, actor, actors, issue, issues, timeline, search (articles and
   quotes), and their JSON twins. Two seconds in, ``parley ingest`` starts on the same
   database with ``--ingest-files`` generated text files, so readers and a writer share
   the file the whole time (SQLite WAL: readers never wait for the writer).
   ``--rate R`` replaces the clients by an open loop: R requests a second whatever the
   answers' speed, latency counted from when each was due. ``--workers N`` serves with N
   worker processes; ``--compare-workers N`` runs the closed loop (no ingest) against one
   worker, then N, and reports the ratio of requests per second (target >= 1.6 for 2).
   ``--bulk`` builds with bench/hub_gen.py (PostgreSQL URL or SQLite path, 100k+ articles).
   ``--client`` picks the load generator (bench/loadgen.py): ``raw`` (default: HTTP/1.1
   on asyncio streams, almost no CPU, latency per page kind), ``wrk`` (Debian's wrk, C,
   closed loop only, overall latency; says so and stops when wrk is not installed) or
   ``httpx`` (the original clients, which cost a good share of a core). Every run prints
   the generator's own CPU time and the machine's busy share and load average, so that a
   figure can be read against what else the cores were doing.
3. report: requests per second, latency p50/p95/p99 (overall and per page kind), errors
   (any answer that is not 2xx, and timeouts or dropped connections) and whether the
   ingest completed with every file stored. Target: zero errors.

The per-client search limit (``search_per_minute``) is switched off for the served hub:
every bench client comes from 127.0.0.1, so the limit would answer most searches with 429
and measure nothing. It is exercised by tests/test_security_web.py instead.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script: find _common

import _common as c  # noqa: E402
import hub  # noqa: E402  (the article generator and URL sampler of bench/hub.py)
import loadgen  # noqa: E402  (the low-CPU load generators)
from parley.ingest.writer import MODES  # noqa: E402

PARLEY = str(Path(sys.executable).with_name("parley"))
#: A request slower than this counts as an error (a timeout).
REQUEST_TIMEOUT = 30.0
INGEST_DELAY = 2.0
TOWNS = ["Brackwater", "Lindenfall", "Saltmere", "Corvey", "Ashgrove", "Penhallow", "Dunmere"]
SPEAKERS = ["Orla Fennimore", "Kasimir Wendt", "Priya Holloway", "Dmitri Sallow", "Ines Carrow"]
MATTERS = ["the river treaty", "grain tariffs", "the ferry timetable", "fishing rights",
           "the customs post", "prisoner releases", "the border crossings"]


@dataclass
class Tally:
    """What the clients saw."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    examples: list[str] = field(default_factory=list)
    wrk: dict[str, Any] | None = None  # wrk's summary (it gives no per-request latencies)
    cpu_s: float = 0.0  # the generator's own CPU time

    def record(self, kind: str, seconds: float, problem: str | None) -> None:
        self.latencies[kind].append(seconds * 1000)
        if problem:
            self.errors[kind] += 1
            if len(self.examples) < 10:
                self.examples.append(f"{kind}: {problem}")


def page_mix(db: str, per_kind: int) -> dict[str, list[str]]:
    """URLs per page kind (HTML and JSON twin), sampled from the database."""
    sampled = hub._sample_urls(db, per_kind)
    mix: dict[str, list[str]] = {}
    for kind, urls in sampled.items():
        mix[kind] = urls
        mix[f"{kind} json"] = [hub._twin(u) for u in urls]
    quotes = [u + "&in=quotes" for u in sampled["search"]]
    mix["search quotes"] = quotes
    mix["lists"] = ["/actors", "/issues", "/timeline", "/actors?offset=50", "/timeline?offset=40"]
    mix["lists json"] = [hub._twin(u) for u in mix["lists"]]
    return mix


async def raw_client(base: str, mix: dict[str, list[str]], seed: int, stop: float,
                     tally: Tally) -> None:
    """One closed-loop client on a raw keep-alive connection (bench/loadgen.py)."""
    rng = random.Random(seed)
    kinds = sorted(mix)
    conn = loadgen.RawConnection(base, REQUEST_TIMEOUT)
    try:
        while time.monotonic() < stop:
            kind = rng.choice(kinds)
            url = rng.choice(mix[kind])
            started = time.perf_counter()
            problem = await loadgen.raw_fetch(conn, url)
            tally.record(kind, time.perf_counter() - started, problem)
    finally:
        conn.close()


async def client(base: str, mix: dict[str, list[str]], seed: int, stop: float, tally: Tally) -> None:
    """One client (httpx): requests one after the other until ``stop`` (monotonic time)."""
    import httpx

    rng = random.Random(seed)
    kinds = sorted(mix)
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(base_url=base, timeout=REQUEST_TIMEOUT, limits=limits) as http:
        while time.monotonic() < stop:
            kind = rng.choice(kinds)
            url = rng.choice(mix[kind])
            started = time.perf_counter()
            problem = await fetch(http, url)
            tally.record(kind, time.perf_counter() - started, problem)


async def fetch(http, url: str) -> str | None:
    """GET ``url`` and read the whole answer; what went wrong, or None for a 2xx."""
    import httpx

    try:
        answer = await http.get(url)
        await answer.aread()
    except httpx.HTTPError as exc:
        return f"{type(exc).__name__} for {url}"
    if not 200 <= answer.status_code < 300:
        return f"HTTP {answer.status_code} for {url}"
    return None


def write_ingest_files(folder: Path, count: int, tag: str = "") -> None:
    """``count`` invented articles as text files for the concurrent ingest (``tag`` in
    every sentence: each run on a reused database stores new articles, not the same
    ones again, which would leave nothing to store)."""
    for i in range(count):
        rng = random.Random(9000 + i)
        sentences = []
        for k in range(14):
            who, town, what = rng.choice(SPEAKERS), rng.choice(TOWNS), rng.choice(MATTERS)
            sentences.append(rng.choice([
                f'"We will not move on {what}," {who} told reporters in {town} on Monday.',
                f"{who} met the delegation from {town} on Thursday to discuss {what}.",
                f"Officials in {town} said {what} would be settled within {k + 2} weeks.",
            ]) + f" (load {tag}{i}-{k})")
        (folder / f"load-{i:04d}.txt").write_text(
            f"Load dispatch {i}\n\n" + " ".join(sentences) + "\n", encoding="utf-8")


def summarise(values: list[float]) -> dict[str, float]:
    return {"n": len(values), "p50_ms": round(statistics.median(values), 1),
            "p95_ms": round(c.percentile(values, 0.95), 1), "p99_ms": round(c.percentile(values, 0.99), 1),
            "max_ms": round(max(values), 1)}


async def open_loop(base: str, mix: dict[str, list[str]], rate: float, stop: float,
                    tally: Tally, generator: str = "raw", connections: int = 100) -> None:
    """Requests at a fixed rate (``rate`` per second) whatever the answers' speed: each
    request's latency counts from the moment it was due, so a slow hub cannot hide its
    queue by slowing the client down (no coordinated omission). The raw generator opens
    ``connections`` keep-alive connections first (visitors) and sends each request on a
    random idle one (see ``loadgen.RawPool``)."""
    rng = random.Random(3)
    kinds = sorted(mix)
    if generator == "raw":
        pool = loadgen.RawPool(base, REQUEST_TIMEOUT)
        await pool.open(connections)

        async def one_raw(kind: str, url: str, due: float) -> None:
            problem = await pool.fetch(url)
            tally.record(kind, time.monotonic() - due, problem)

        first, tasks, k = time.monotonic(), [], 0
        while (due := first + k / rate) < stop:
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            kind = rng.choice(kinds)
            tasks.append(asyncio.create_task(one_raw(kind, rng.choice(mix[kind]), due)))
            k += 1
        await asyncio.gather(*tasks)
        pool.close()
        return
    import httpx

    limits = httpx.Limits(max_connections=500, max_keepalive_connections=100)

    async def one(http, kind: str, url: str, due: float) -> None:
        problem = await fetch(http, url)
        tally.record(kind, time.monotonic() - due, problem)

    async with httpx.AsyncClient(base_url=base, timeout=REQUEST_TIMEOUT, limits=limits) as http:
        first, tasks, k = time.monotonic(), [], 0
        while (due := first + k / rate) < stop:
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            kind = rng.choice(kinds)
            tasks.append(asyncio.create_task(one(http, kind, rng.choice(mix[kind]), due)))
            k += 1
        await asyncio.gather(*tasks)


async def drive(base: str, mix: dict[str, list[str]], clients: int, duration: float,
                ingest_args: list[str] | None, rate: float | None = None,
                generator: str = "raw", ingest_nice: int = 0) -> tuple[Tally, dict[str, Any], float]:
    """Run the clients (or, with ``rate``, an open loop) for ``duration`` s with an ingest
    started INGEST_DELAY s in (none when ``ingest_args`` is None). ``tally.cpu_s`` is the
    generator's own CPU time (this process's, or wrk's)."""
    tally = Tally()
    started = time.monotonic()
    cpu_before = loadgen.cpu_seconds()
    stop = started + duration

    async def wrk_run() -> None:
        tally.wrk = await asyncio.to_thread(loadgen.run_wrk, base, mix, clients, duration,
                                            REQUEST_TIMEOUT)

    if generator == "wrk":
        tasks = [asyncio.create_task(wrk_run())]
    elif rate:
        tasks = [asyncio.create_task(open_loop(base, mix, rate, stop, tally, generator, clients))]
    else:
        one = raw_client if generator == "raw" else client
        tasks = [asyncio.create_task(one(base, mix, seed, stop, tally))
                 for seed in range(clients)]

    def cpu() -> float:
        return tally.wrk["cpu_s"] if tally.wrk else loadgen.cpu_seconds() - cpu_before

    if ingest_args is None:
        await asyncio.gather(*tasks)
        tally.cpu_s = cpu()
        return tally, {}, time.monotonic() - started
    await asyncio.sleep(min(INGEST_DELAY, duration / 4))
    ingest_started = time.monotonic()
    children_before = loadgen.children_cpu()
    proc = await asyncio.create_subprocess_exec(
        PARLEY, *ingest_args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        preexec_fn=(lambda: os.nice(ingest_nice)) if ingest_nice else None)
    await asyncio.gather(*tasks)
    elapsed = time.monotonic() - started
    tally.cpu_s = cpu()
    ingest: dict[str, Any] = {"completed": proc.returncode is not None}
    if proc.returncode is None:  # still running after the load: let it finish, then report
        ingest["still_running_at_end"] = True
    out, err = await proc.communicate()
    ingest.update(exit_status=proc.returncode, seconds=round(time.monotonic() - ingest_started, 1),
                  cpu_s=round(loadgen.children_cpu() - children_before, 1),  # the analysis
                  summary=out.decode().strip(), stderr=err.decode().strip()[-500:])
    return tally, ingest, elapsed


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="10 s, 20 clients, 500 articles, 20 files")
    p.add_argument("--duration", type=float, help="seconds of load (default 60)")
    p.add_argument("--clients", type=int, help="concurrent clients (default 100); with --rate, "
                   "the keep-alive connections the raw generator opens first (visitors)")
    p.add_argument("--articles", type=int, help="articles in the database (default 3,000)")
    p.add_argument("--ingest-files", type=int, help="files the concurrent ingest reads (default 150)")
    p.add_argument("--ingest-nice", type=int, default=0, metavar="N",
                   help="run the concurrent ingest at this nice level (a batch job yielding the "
                   "cores to the hub, as a deployment would schedule it; default 0)")
    p.add_argument("--ingest-writer", choices=MODES, default="process",
                   help="the concurrent ingest's --writer (default process, as parley ingest)")
    p.add_argument("--db", help="database (SQLite path or PostgreSQL URL) to build or reuse "
                   "(default: a temporary SQLite file)")
    p.add_argument("--workers", type=int, default=1, help="parley serve --workers (default 1)")
    p.add_argument("--rate", type=float, help="open loop: this many requests per second "
                   "(instead of --clients closed-loop clients)")
    p.add_argument("--compare-workers", type=int, metavar="N", help="closed loop without ingest, "
                   "1 worker then N workers on the same database: req/s ratio")
    p.add_argument("--bulk", action="store_true", help="build with bench/hub_gen.py (bulk rows, "
                   "for 100k+ articles) and sample pages as bench/hub_scale.py does")
    p.add_argument("--urls-per-kind", type=int, metavar="K", help="only the first K URLs of "
                   "each page kind: a few popular pages asked again and again (the memo's case); "
                   "default: every sampled URL (100 a kind with --bulk), mostly asked once a run")
    p.add_argument("--client", choices=loadgen.GENERATORS, default="raw",
                   help="load generator: raw (default; HTTP/1.1 on asyncio streams, little CPU), "
                   "wrk (Debian's wrk, closed loop only) or httpx (the original clients)")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    args = p.parse_args(argv)
    if args.client == "wrk":
        if args.rate:
            c.fail("--client wrk runs a closed loop only: use --client raw with --rate")
        if loadgen.wrk_path() is None:
            c.fail(loadgen.WRK_MISSING)
    args.duration = args.duration or (10.0 if args.quick else 60.0)
    args.clients = args.clients or (20 if args.quick else 100)
    args.articles = args.articles or (500 if args.quick else 3000)
    args.ingest_files = args.ingest_files or (20 if args.quick else 150)
    if args.duration <= 0 or args.clients < 1 or args.articles < 10 or args.ingest_files < 1:
        c.fail("--duration, --clients and --ingest-files must be positive, --articles at least 10")
    if args.db and "://" in args.db and not args.db.startswith(("sqlite", "postgresql")):
        c.fail("--db must be a SQLite file or a postgresql:// URL")
    return args


def measured(tally: Tally, elapsed: float) -> tuple[dict[str, Any], dict[str, Any], float, float]:
    """Per page kind and overall latency figures, requests per second and the seconds the
    rate is over (wrk's own count and duration when wrk ran)."""
    if tally.wrk is not None:
        w = tally.wrk
        total = {"n": w["requests"], **{k: round(w[k], 1) for k in
                                         ("p50_ms", "p95_ms", "p99_ms", "max_ms")},
                 "errors": w["errors"]}
        return {}, total, w["requests_per_s"], w["seconds"]
    everything = [v for values in tally.latencies.values() for v in values]
    pages = {kind: {**summarise(v), "errors": tally.errors.get(kind, 0)}
             for kind, v in tally.latencies.items()}
    total = {**summarise(everything), "errors": sum(tally.errors.values())}
    return pages, total, round(len(everything) / elapsed, 1), elapsed


def report(out: dict[str, Any]) -> None:
    load = out["load"]
    rows = [(kind, r["n"], r["p50_ms"], r["p95_ms"], r["p99_ms"], r["max_ms"], r["errors"])
            for kind, r in sorted(load["pages"].items())]
    total = load["total"]
    rows.append(("all", total["n"], total["p50_ms"], total["p95_ms"], total["p99_ms"],
                 total["max_ms"], total["errors"]))
    print(c.table(["page", "requests", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors"], rows))
    print(f"\nthroughput: {load['requests_per_s']:,.1f} requests/s with {load['clients']} clients ({load['workers']} worker(s)) "
          f"over {load['seconds']:.1f} s; errors: {total['errors']} (target 0)")
    print(load["cpu_line"])
    for example in load["error_examples"]:
        print(f"  error: {example}")
    ingest = out["ingest"]
    state = "completed" if ingest["exit_status"] == 0 else f"FAILED (exit {ingest['exit_status']})"
    print(f"ingest of {ingest['files']} files during the load: {state} in {ingest['seconds']} s"
          f" ({ingest['cpu_s']} s CPU)"
          f"{' (finished after the load ended)' if ingest.get('still_running_at_end') else ''}; "
          f"{ingest['summary']}")
    if ingest["stderr"]:
        print(f"  ingest stderr: {ingest['stderr']}")


def compare_workers(db: str, mix: dict[str, list[str]], args: argparse.Namespace) -> int:
    """Closed loop, no ingest: ``--clients`` clients against 1 worker, then N, same run."""
    rates, costs = {}, {}
    n = args.compare_workers
    for workers in (1, n):
        with c.serve_hub(db, "load-bench", workers=workers) as base:
            asyncio.run(drive(base, mix, args.clients, 5.0, None))  # warm every worker up
            machine = loadgen.MachineCPU()
            server = loadgen.ServerCPU(urlsplit(base).port, pg_database(db))
            tally, _, elapsed = asyncio.run(drive(base, mix, args.clients, args.duration, None,
                                                  generator=args.client))
            used = server.finish()
            cpu = loadgen.cpu_line(args.client, tally.cpu_s, elapsed, machine.finish())
        _, total, rates[workers], _ = measured(tally, elapsed)
        line, costs[workers] = loadgen.per_request_line(used, tally.cpu_s, total["n"], workers)
        print(f"{workers} worker(s): {rates[workers]:,.1f} req/s, p50 {total['p50_ms']} ms, "
              f"p95 {total['p95_ms']} ms, errors {total['errors']}", flush=True)
        print(f"  {cpu}\n  {line}", flush=True)
    ratio = rates[n] / rates[1]
    print(f"ratio {n} workers / 1 worker: {ratio:.2f}x (target >= 1.6), "
          f"{args.clients} clients, generator {args.client}")
    one = costs[1]
    if one:
        cores = os.cpu_count() or 1
        every = one["hub_ms"] + one["pg_ms"] + one["generator_ms"]
        bound = {w: min(1000 * w / one["hub_ms"], 1000 * cores / every) for w in (1, n)}
        print(f"from the 1-worker run's CPU per request, on {cores} otherwise idle cores: "
              f"1 worker <= {bound[1]:,.0f} req/s, {n} workers <= {bound[n]:,.0f} req/s, "
              f"ratio <= {bound[n] / bound[1]:.2f}x")
    return 0 if ratio >= 1.6 else 1


def pg_database(db: str) -> str | None:
    """The PostgreSQL database name of ``db`` (None for SQLite)."""
    return urlsplit(db).path.lstrip("/") or None if db.startswith("postgresql") else None


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="parley-load-"))
    db = args.db or str(workdir / "load.db")
    c.section(f"build: {args.articles:,} generated articles into {db}")
    if args.bulk:
        import hub_gen
        import hub_scale

        built = hub_gen.generate(db, args.articles)
        mix = {}
        for kind, urls in hub_scale.sample_urls(db, 50).items():
            mix[kind], mix[f"{kind} json"] = urls, [hub_scale._twin(u) for u in urls]
    else:
        built = hub.build(db, args.articles)
        mix = page_mix(db, 100)
    print(f"{built['articles']:,} articles ({built['generated']:,} generated in {built['seconds']} s)")
    if args.urls_per_kind:
        mix = {kind: urls[:args.urls_per_kind] for kind, urls in mix.items()}
    print(f"page mix: {len(mix)} kinds, {sum(map(len, mix.values())):,} URLs")
    if args.compare_workers:
        return compare_workers(db, mix, args)
    files = workdir / "incoming"
    files.mkdir()
    write_ingest_files(files, args.ingest_files, tag=f"{workdir.name} ")
    with c.serve_hub(db, "load-bench", workers=args.workers) as base:
        load = f"{args.rate:g} req/s open loop" if args.rate else f"{args.clients} clients"
        c.section(f"load: {load} for {args.duration:g} s on {base} ({args.workers} worker(s)), "
                  f"generator {args.client}, ingest of {args.ingest_files} files from "
                  f"{INGEST_DELAY:g} s" + (f" at nice {args.ingest_nice}" if args.ingest_nice else ""))
        ingest_args = ["ingest", str(files), "--db", db,  # its summary line goes in the report
                       "--writer", args.ingest_writer]
        machine = loadgen.MachineCPU()
        server = loadgen.ServerCPU(urlsplit(base).port, pg_database(db))
        tally, ingest, elapsed = asyncio.run(drive(base, mix, args.clients, args.duration,
                                                   ingest_args, args.rate, args.client,
                                                   args.ingest_nice))
        used = machine.finish()
        spent = server.finish()  # PostgreSQL's share includes the ingest's writes
    pages, total, rate, seconds = measured(tally, elapsed)
    per_request, costs = loadgen.per_request_line(spent, tally.cpu_s, total["n"], args.workers)
    ingest["files"] = args.ingest_files
    out = {"build": built, "ingest": ingest,
           "load": {"clients": f"open loop {args.rate:g}/s" if args.rate else args.clients,
                    "workers": args.workers, "generator": args.client,
                    "seconds": round(seconds, 1), "pages": pages,
                    "total": total, "requests_per_s": rate,
                    "generator_cpu_s": round(tally.cpu_s, 2), "machine": used,
                    "cpu_line": loadgen.cpu_line(args.client, tally.cpu_s, elapsed, used)
                    + "\n" + per_request, "cpu_per_request": costs,
                    "error_examples": tally.examples}}
    report(out)
    if args.json:
        c.dump_json(out)
    return 0 if total["errors"] == 0 and ingest["exit_status"] == 0 else 1


if __name__ == "__main__":
    c.run_bench(main)
