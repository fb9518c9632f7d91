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


async def run_mix(db: str, mix: dict[str, list[str]], rounds: int, dump: Path | None,
                  profile: str | None) -> dict[str, float]:
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
    async with app.router.lifespan_context(app), \
            httpx.AsyncClient(transport=transport, base_url="http://hub") as client:
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
        for _ in range(rounds):
            for kind, urls in mix.items():
                for url in urls:
                    with memo._LOCK:  # cold page; what the process has seen stays
                        memo._ENTRIES.clear()
                    if prof:
                        prof.enable()
                    t = time.process_time()
                    r = await client.get(url)
                    cpu[kind].append(time.process_time() - t)
                    if prof:
                        prof.disable()
                    if dump is not None:
                        name = hashlib.sha1(url.encode()).hexdigest()[:16]
                        body = r.content
                        (dump / name).write_bytes(
                            f"{url}\n{r.status_code}\n{r.headers.get('content-type')}\n".encode()
                            + body)  # no ETag: it hashes the code, so it changes with it
        if prof:
            prof.dump_stats(profile)
    return {kind: 1000 * sum(v) / len(v) for kind, v in cpu.items()}


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
            res = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
            tables[label].append(json.loads(res.stdout))
    kinds = list(tables["before"][0])
    print(f"{'page kind':24} {'before ms':>10} {'after ms':>10} {'change':>8}")
    tot_b = tot_a = 0.0
    for kind in kinds:
        b = sum(t[kind] for t in tables["before"]) / len(tables["before"])
        a = sum(t[kind] for t in tables["after"]) / len(tables["after"])
        tot_b += b
        tot_a += a
        print(f"{kind:24} {b:10.2f} {a:10.2f} {100 * (a - b) / b:+7.0f}%")
    print(f"{'mean of kinds':24} {tot_b / len(kinds):10.2f} {tot_a / len(kinds):10.2f} "
          f"{100 * (tot_a - tot_b) / tot_b:+7.0f}%")
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
    p.add_argument("--src", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.compare:
        return compare(args)
    sys.path.insert(0, args.src or str(SRC))
    mix = urls_for(args.db, args.per_kind)
    dump = Path(args.dump) if args.dump else None
    if dump:
        dump.mkdir(parents=True, exist_ok=True)
    table = asyncio.run(run_mix(args.db, mix, args.rounds, dump, args.profile))
    if args.json:
        print(json.dumps(table))
    else:
        for kind, ms in table.items():
            print(f"{kind:24} {ms:8.2f} ms CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
