"""Hub latency at large sizes: every page and search shape, HTML and JSON, cold and warm.

Usage: .venv/bin/python bench/hub_scale.py --db URL_OR_PATH --articles N [--requests N]
       [--workers N] [--json FILE] [--pages LIST]

1. build: ``bench/hub_gen.py`` fills the database up to ``--articles`` (bulk rows, no
   analysis; a database that holds enough is reused) and the statistics are refreshed
   (``ANALYZE``), as in production.
2. latency: ``parley serve`` in a subprocess; for each page kind, ``--requests`` distinct
   URLs sampled from the database (fewer when there are fewer distinct pages, e.g. issues)
   are requested once each, sequentially: **cold** (the serving process has never built
   that page: its memo of aggregates is empty for it; the database's own caches are
   whatever earlier requests left), then the same URLs again: **warm**. Before a kind's
   cold pass, one page of that kind outside the sample is requested (HTML and JSON), so
   that template compilation (once per process) is not counted as a cold page. HTML and JSON use
   different URLs so that each is cold on its first request.

Page kinds: home (first page and keyset pages further back), article, actor (drawn by
appearance, so busy actors come up as often as readers would open them), issue (catalogue
and emergent), timeline (all, and one actor's), search: word (common to rare), phrase,
``speaker:``, ``issue:``, exclusion, date range; quote search.

Targets (issue 15): p95 < 100 ms on every page at 200k articles (both backends), < 150 ms
at 1M on PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script: find _common

import _common as c  # noqa: E402
import hub_gen  # noqa: E402


def target_ms(articles: int) -> float:
    return 100.0 if articles <= 200_000 else 150.0


def _q(s: str) -> str:
    return quote(s, safe="")


def sample_urls(url: str, n: int, seed: int = 11) -> dict[str, list[str]]:
    """``2 n`` URLs per page kind (first half for HTML, second for JSON), same seed same URLs."""
    import sqlalchemy as sa

    from parley.store import Store

    rng = random.Random(seed)
    m = 2 * n
    with Store.open(url) as store, store.engine.connect() as conn:
        def scalars(sql: str, **kw) -> list:
            return list(conn.execute(sa.text(sql), kw).scalars())

        top_article = scalars("SELECT max(id) FROM articles")[0]
        article_ids = [rng.randint(1, top_article) for _ in range(m)]
        leads = scalars("SELECT sort_date || '~' || id FROM articles WHERE story_lead AND id IN "
                        "(" + ",".join(str(rng.randint(1, top_article)) for _ in range(m)) + ")")
        # actors drawn by appearance: a random article's random actor
        actor_ids = [scalars("SELECT actor_id FROM article_actors WHERE article_id = :a "
                             "ORDER BY position", a=a)[0] for a in article_ids]
        issues = scalars("SELECT slug FROM issues WHERE EXISTS "
                         "(SELECT 1 FROM stances WHERE stances.issue = issues.slug) ORDER BY slug")
        names = scalars("SELECT speaker_name FROM quotes WHERE id IN (" + ",".join(
            str(rng.randint(1, top_article * 3)) for _ in range(m)) + ")")
        texts = scalars("SELECT text FROM article_revisions WHERE id IN (" + ",".join(
            str(a) for a in article_ids[:m]) + ")")
    vocab = hub_gen.load_vocabulary()
    # words from every frequency band (skip the first 100: mostly stop words PostgreSQL drops)
    bands = [vocab.rank_band(100, 500), vocab.rank_band(500, 3000), vocab.rank_band(3000, 20000)]

    def word() -> str:
        return rng.choice(rng.choice(bands))

    phrases = []
    for text in texts:
        words = [w for w in text.split() if w.isalpha() and w.islower()]
        if len(words) > 5:
            k = rng.randrange(len(words) - 3)
            phrases.append(" ".join(words[k:k + rng.choice((2, 3))]))
    surnames = [s.split()[-1] for s in names] or ["nobody"]
    issues = [s for s in issues if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", s)]
    rng.shuffle(issues)
    issue_urls = [f"/issues/{s}" for s in issues[:m]]

    def year_range() -> str:
        y = rng.randint(hub_gen.YEAR0, hub_gen.YEAR0 + 5)
        mo = rng.randint(1, 12)
        return f"from:{y}-{mo:02d} to:{y + (mo + 3 > 12)}-{(mo + 2) % 12 + 1:02d}"

    search = {
        "search word": [word() for _ in range(m)],
        "search phrase": [f'"{p}"' for p in phrases[:m]],
        "search speaker": [f"{word()} speaker:{rng.choice(surnames)}" for _ in range(m)],
        "search issue": [f"{word()} issue:{rng.choice(issues)}" for _ in range(m)],
        "search exclude": [f"{word()} -{word()}" for _ in range(m)],
        "search dates": [f"{word()} {year_range()}" for _ in range(m)],
    }
    out = {
        "home": ["/"] + [f"/?before={_q(cur)}" for cur in leads[: m - 1]],
        "article": [f"/articles/{a}" for a in article_ids],
        "actor": [f"/actors/{a}" for a in actor_ids],
        "issue": issue_urls,
        "timeline": ["/timeline"] + [f"/timeline?actor={a}" for a in actor_ids[1:m]],
        **{k: [f"/search?q={_q(s)}" for s in v] for k, v in search.items()},
        "search quotes": [f"/search?in=quotes&q={_q(word())}" for _ in range(m)],
    }
    return out


def _twin(url: str) -> str:
    path, _, query = url.partition("?")
    path = "/index" if path == "/" else path
    return f"{path}.json" + (f"?{query}" if query else "")


def _timed(client, url: str) -> tuple[float, int]:
    t = time.perf_counter()
    r = client.get(url)
    return (time.perf_counter() - t) * 1000, r.status_code


def _stats(times: list[float]) -> dict[str, float]:
    return {"p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(c.percentile(times, 0.95), 1), "max_ms": round(max(times), 1),
            "n": len(times)}


def latency(url: str, requests: int, workers: int = 1,
            pages: list[str] | None = None) -> dict[str, Any]:
    """p50/p95 per (page kind, html|json, cold|warm)."""
    import httpx

    urls = sample_urls(url, requests)
    spare = sample_urls(url, 2, seed=97)  # one page of each kind outside the sample
    results: dict[str, Any] = {}
    with c.serve_hub(url, "bench", workers=workers) as base, \
            httpx.Client(base_url=base, timeout=60) as client:
        client.get("/")  # first connection, template compilation
        for name, page_urls in urls.items():
            if pages and name not in pages:
                continue
            # The first page of a kind compiles its templates (30-300 ms, once per process):
            # done on a page outside the sample, so that "cold" measures an empty memo.
            for u in [u for u in spare.get(name, []) if u not in page_urls][:1]:
                client.get(u)
                client.get(_twin(u))
            half = max(1, len(page_urls) // 2)
            for variant, chosen in (("html", page_urls[:half]),
                                    ("json", [_twin(u) for u in page_urls[half:] or page_urls])):
                for phase in ("cold", "warm"):
                    times, errors = [], []
                    for u in chosen:
                        ms, status = _timed(client, u)
                        times.append(ms)
                        if status >= 400:
                            errors.append(f"{status} {u}")
                    results[f"{name} | {variant} | {phase}"] = {**_stats(times),
                                                                "errors": len(errors),
                                                                "error_examples": errors[:3]}
    return results


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench/hub_scale.py", description=__doc__.split("\n")[0])
    p.add_argument("--db", required=True, help="PostgreSQL URL or SQLite path")
    p.add_argument("--articles", type=int, required=True)
    p.add_argument("--requests", type=int, default=40, help="distinct URLs per page and variant")
    p.add_argument("--workers", type=int, default=1, help="parley serve --workers")
    p.add_argument("--pages", help="comma-separated page kinds (default: all)")
    p.add_argument("--json", help="write the results to this file")
    args = p.parse_args(argv)
    c.section(f"build: {args.articles:,} articles into {args.db}")
    build = hub_gen.generate(args.db, args.articles)
    print(", ".join(f"{k}={v}" for k, v in build.items()))
    c.section(f"latency: {args.requests} distinct URLs per page and variant, cold then warm (ms)")
    res = latency(args.db, args.requests, args.workers,
                  [s.strip() for s in args.pages.split(",")] if args.pages else None)
    target = target_ms(args.articles)
    rows, ok = [], True
    for name, r in res.items():
        good = r["p95_ms"] < target and not r["errors"]
        ok &= good
        rows.append((name, r["p50_ms"], r["p95_ms"], r["max_ms"], r["n"], r["errors"],
                     "ok" if good else "SLOW" if not r["errors"] else "ERR"))
    print(c.table(["page | variant | phase", "p50", "p95", "max", "n", "err", f"p95<{target:.0f}"],
                  rows))
    if args.json:
        Path(args.json).write_text(json.dumps({"db": args.db, "articles": args.articles,
                                               "build": build, "latency": res}, indent=1))
    return 0 if ok else 1


if __name__ == "__main__":
    c.run_bench(main)
