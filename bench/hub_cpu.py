"""The hub's own CPU per request, per page kind, in process (no server, no network).

Usage: .venv/bin/python bench/hub_cpu.py --db PATH_OR_URL [--per-kind N] [--rounds R]
       [--dump DIR] [--compare OTHER_SRC] [--profile FILE] [--json]

Builds the app (``create_app(hooks=False)``) on ``--db`` and GETs the bench's page mix
(``bench/hub_scale.sample_urls``: home, article, actor, issue, timeline, the searches, plus
the actor and issue lists; HTML and the JSON twin of each) through httpx's ASGI transport.
The memo is emptied before every request, so every page is built cold, as under the load
bench's mix where each URL is mostly asked once. CPU is the process's CPU time
(``time.process_time``: every thread, so the thread pool that runs the routes counts),
not wall time: the machine is shared.

``--dump DIR`` writes every answer (status, content type, body) to DIR, one file per URL,
to compare two versions' output byte for byte. ``--compare OTHER_SRC`` runs this script
twice per round in subprocesses, once with ``OTHER_SRC`` (another checkout's ``src``)
first on ``sys.path`` and once with this checkout's, interleaved round by round, and
prints both CPU tables side by side plus whether every dumped answer is equal.
``--profile FILE`` writes a cProfile of one pass over the mix.

Besides the hub's CPU, every page kind gets (SQLAlchemy event hooks on the app's engine):
**statements** per page (every ``cursor.execute``, SQLite's ``BEGIN`` included), **tx**
(transactions begun), **conns** (pool check-outs); and on PostgreSQL **pg ms**, the CPU
of the PostgreSQL backends serving the app (the app runs in process, so the backends of
its own pool: their pids are taken at each check-out and their CPU read from /proc with
``bench/loadgen.py``'s ``_processes``, the code of its ``ServerCPU``; /proc counts in
clock ticks, 10 ms, so the figure is an average over a kind's pages, not a per-page one).
``--explain N`` prints the N statements that took the most time in all (count, total
ms) and, on PostgreSQL, ``EXPLAIN (ANALYZE, BUFFERS)`` of each with the parameters of its
slowest run.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"


def urls_for(db: str, per_kind: int) -> dict[str, list[str]]:
    sys.path.insert(0, str(HERE))
    import hub_scale

    mix: dict[str, list[str]] = {}
    for kind, urls in hub_scale.sample_urls(db, per_kind).items():
        mix[kind] = urls[:per_kind]
        mix[f"{kind} json"] = [hub_scale._twin(u) for u in urls[per_kind:2 * per_kind]]
    mix["lists"] = ["/actors", "/issues", "/actors?offset=20", "/issues?offset=20"]
    mix["lists json"] = [hub_scale._twin(u) for u in mix["lists"]]
    return mix


class SqlCounter:
    """Statements, transactions and pool check-outs of one engine (SQLAlchemy events), the
    PostgreSQL backends it used, and per statement text its count and time."""

    def __init__(self, engine) -> None:
        from sqlalchemy import event

        self.engine = engine
        self.statements = self.transactions = self.checkouts = 0
        self.pids: set[int] = set()
        self.timing: dict[str, list] = {}  # text -> [count, seconds, slowest, its params]
        self._start: list[float] = []
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)
        event.listen(engine, "begin", self._begin)
        event.listen(engine.pool, "checkout", self._checkout)

    def _before(self, conn, cursor, statement, params, context, many) -> None:
        self.statements += 1
        self._start.append(time.perf_counter())

    def _after(self, conn, cursor, statement, params, context, many) -> None:
        took = time.perf_counter() - self._start.pop()
        entry = self.timing.setdefault(statement, [0, 0.0, 0.0, None])
        entry[0] += 1
        entry[1] += took
        if took >= entry[2]:
            entry[2], entry[3] = took, params

    def _begin(self, conn) -> None:
        self.transactions += 1

    def _checkout(self, dbapi_conn, record, proxy) -> None:
        self.checkouts += 1
        pid = getattr(getattr(dbapi_conn, "info", None), "backend_pid", None)
        if pid:
            self.pids.add(pid)

    def counts(self) -> tuple[int, int, int]:
        return self.statements, self.transactions, self.checkouts

    def backend_cpu(self) -> float:
        """CPU seconds used so far by the PostgreSQL backends this engine checked out."""
        if not self.pids:
            return 0.0
        sys.path.insert(0, str(HERE))
        from loadgen import _processes

        procs = _processes()
        return sum(procs[pid][2] for pid in self.pids if pid in procs)

    def explain(self, top: int) -> None:
        """The ``top`` statements by total time; EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL."""
        ranked = sorted(self.timing.items(), key=lambda kv: -kv[1][1])[:top]
        total = sum(v[1] for v in self.timing.values())
        print(f"statements: {sum(v[0] for v in self.timing.values())} runs of "
              f"{len(self.timing)} texts, {1000 * total:.0f} ms in all", file=sys.stderr)
        pg = self.engine.dialect.name == "postgresql"
        for text, (count, took, _, params) in ranked:
            print(f"\n-- {count} runs, {1000 * took:.1f} ms ({100 * took / total:.0f}%), "
                  f"{1000 * took / count:.2f} ms each\n{' '.join(text.split())[:600]}",
                  file=sys.stderr)
            if not pg or text.lstrip().upper().startswith(("BEGIN", "SAVEPOINT")):
                continue
            with self.engine.connect() as conn:
                plan = conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + text, params or {})
                for row in plan:
                    print("   ", row[0], file=sys.stderr)


async def run_mix(db: str, mix: dict[str, list[str]], rounds: int, dump: Path | None,
                  profile: str | None, explain: int = 0) -> dict[str, dict[str, float]]:
    import httpx

    from parley.config import load_settings
    from parley.store import memo
    from parley.web.app import create_app

    settings = load_settings()
    import dataclasses

    settings = dataclasses.replace(settings, db=db)
    if hasattr(settings, "search_per_minute"):
        settings = dataclasses.replace(settings, search_per_minute=0)
    app = create_app(settings, hooks=False)
    transport = httpx.ASGITransport(app=app)
    cpu: dict[str, list[float]] = defaultdict(list)
    pg_cpu: dict[str, float] = defaultdict(float)
    sql: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    async with app.router.lifespan_context(app), \
            httpx.AsyncClient(transport=transport, base_url="http://hub") as client:
        counter = SqlCounter(app.state.store.engine)
        # warm: templates compiled, code paths imported (once per process in a server too)
        for urls in mix.values():
            memo.clear()
            await client.get(urls[0])
        prof = None
        if profile:
            import cProfile

            prof = cProfile.Profile()
            # cProfile sees one thread: run the sync routes inline instead of in the pool
            import anyio.to_thread

            async def inline(func, *args, **_kw):
                return func(*args)

            anyio.to_thread.run_sync = inline
        counter.timing.clear()
        for _ in range(rounds):
            for kind, urls in mix.items():
                pg_before = counter.backend_cpu()
                for url in urls:
                    with memo._LOCK:  # cold page; what the process has seen stays
                        memo._ENTRIES.clear()
                    if prof:
                        prof.enable()
                    before = counter.counts()
                    t = time.process_time()
                    r = await client.get(url)
                    cpu[kind].append(time.process_time() - t)
                    for i, (a, b) in enumerate(zip(before, counter.counts(), strict=True)):
                        sql[kind][i] += b - a
                    if prof:
                        prof.disable()
                    if dump is not None:
                        name = hashlib.sha1(url.encode()).hexdigest()[:16]
                        body = r.content
                        (dump / name).write_bytes(
                            f"{url}\n{r.status_code}\n{r.headers.get('content-type')}\n".encode()
                            + body)  # no ETag: it hashes the code, so it changes with it
                pg_cpu[kind] += counter.backend_cpu() - pg_before
        if prof:
            prof.dump_stats(profile)
        if explain:
            counter.explain(explain)
    return {kind: {"hub": 1000 * sum(v) / len(v), "pg": 1000 * pg_cpu[kind] / len(v),
                   "statements": sql[kind][0] / len(v), "tx": sql[kind][1] / len(v),
                   "conns": sql[kind][2] / len(v)}
            for kind, v in cpu.items()}


COLUMNS = ("hub", "pg", "statements", "tx", "conns")
HEADS = ("hub ms", "pg ms", "stmts", "tx", "conns")


def print_table(table: dict[str, dict[str, float]]) -> None:
    print(f"{'page kind':22}" + "".join(f"{h:>8}" for h in HEADS))
    for kind, row in table.items():
        print(f"{kind:22}" + "".join(f"{row[c]:8.2f}" for c in COLUMNS))
    n = len(table)
    print(f"{'mean of kinds':22}" + "".join(
        f"{sum(r[c] for r in table.values()) / n:8.2f}" for c in COLUMNS))


def compare(args: argparse.Namespace) -> int:
    other = str(Path(args.compare).resolve())
    mine = str(SRC)
    base = Path(args.dump or "/tmp/hub_cpu")
    tables: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
    for r in range(args.rounds):
        order = [("before", other), ("after", mine)]
        if r % 2:
            order.reverse()
        for label, src in order:
            out = base / label
            out.mkdir(parents=True, exist_ok=True)
            env = dict(os.environ, PYTHONPATH=src)
            cmd = [sys.executable, __file__, "--db", args.db, "--per-kind", str(args.per_kind),
                   "--rounds", "1", "--dump", str(out), "--json", "--src", src]
            if args.kinds:
                cmd += ["--kinds", args.kinds]
            res = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
            tables[label].append(json.loads(res.stdout))
    kinds = list(tables["before"][0])

    def mean(label: str, kind: str, col: str) -> float:
        return sum(t[kind][col] for t in tables[label]) / len(tables[label])

    print(f"{'page kind':22} {'hub ms before':>14} {'after':>7} {'change':>7} "
          f"{'pg ms before':>13} {'after':>7} {'stmts before':>13} {'after':>6}")
    tot = defaultdict(float)
    for kind in kinds:
        row = [mean(label, kind, col) for col in ("hub", "pg", "statements")
               for label in ("before", "after")]
        for i, v in enumerate(row):
            tot[i] += v
        print(f"{kind:22} {row[0]:14.2f} {row[1]:7.2f} {100 * (row[1] - row[0]) / row[0]:+6.0f}% "
              f"{row[2]:13.2f} {row[3]:7.2f} {row[4]:13.1f} {row[5]:6.1f}")
    n = len(kinds)
    print(f"{'mean of kinds':22} {tot[0] / n:14.2f} {tot[1] / n:7.2f} "
          f"{100 * (tot[1] - tot[0]) / tot[0]:+6.0f}% {tot[2] / n:13.2f} {tot[3] / n:7.2f} "
          f"{tot[4] / n:13.1f} {tot[5] / n:6.1f}")
    before, after = base / "before", base / "after"
    names = sorted(p.name for p in before.iterdir())
    differ = [n for n in names if not (after / n).exists()
              or (before / n).read_bytes() != (after / n).read_bytes()]
    print(f"answers compared: {len(names)}, different: {len(differ)}")
    for n in differ[:10]:
        print("  differs:", (before / n).read_bytes().split(b"\n", 1)[0].decode())
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", required=True)
    p.add_argument("--per-kind", type=int, default=6)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--dump")
    p.add_argument("--compare", metavar="OTHER_SRC")
    p.add_argument("--profile")
    p.add_argument("--json", action="store_true")
    p.add_argument("--kinds", help="only these page kinds (comma-separated prefixes, "
                   "e.g. 'home,article,actor,issue,timeline,lists')")
    p.add_argument("--explain", type=int, default=0, metavar="N",
                   help="print the N costliest statements (EXPLAIN ANALYZE on PostgreSQL)")
    p.add_argument("--src", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.compare:
        return compare(args)
    sys.path.insert(0, args.src or str(SRC))
    mix = urls_for(args.db, args.per_kind)
    if args.kinds:
        wanted = tuple(k.strip() for k in args.kinds.split(","))
        mix = {kind: urls for kind, urls in mix.items() if kind.split(" json")[0] in wanted}
    dump = Path(args.dump) if args.dump else None
    if dump:
        dump.mkdir(parents=True, exist_ok=True)
    table = asyncio.run(run_mix(args.db, mix, args.rounds, dump, args.profile, args.explain))
    if args.json:
        print(json.dumps(table))
    else:
        print_table(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
