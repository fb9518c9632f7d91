"""Search shapes, old code against new: the same hits and ranks, and the time of each.

Usage: .venv/bin/python bench/search_ab.py --db URL_OR_PATH --base OTHER_SRC [--per-shape N]
       [--shapes word,speaker,...] [--rounds 3] [--limit 20]

The database is opened as it is (never migrated). ``--base`` is another checkout's ``src`` (e.g. ``git archive main src | tar -x -C /tmp/base``):
its ``parley/store/search.py`` is loaded beside this one's (everything else is this
checkout's). For each shape, ``--per-shape`` queries are drawn from the database as
``bench/hub_scale.py`` draws them (same bands of words, surnames of quoted speakers, issues
that have stances, three-month ranges) with another seed, run with both modules in turn,
round after round (interleaved, so load drifts hit both), and compared: every hit's article
and rank on the first page. Prints per shape: queries, different answers, and the sum, p95
and max of each query's minimum time over the rounds (wall clock, in this process: on a
shared machine read the sums, not single queries). ``--show K`` prints the K slowest.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import hub_gen  # noqa: E402

SHAPES = ("word", "phrase", "speaker", "issue", "exclude", "dates")


def load_base(src: str):
    spec = importlib.util.spec_from_file_location(
        "parley.store._search_base", Path(src) / "parley" / "store" / "search.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # a dataclass looks its module up while being made
    spec.loader.exec_module(module)
    return module


def draw_queries(url: str, n: int, seed: int = 23) -> dict[str, list[str]]:
    import sqlalchemy as sa

    from parley.store import Store

    rng = random.Random(seed)
    with Store.open(url, migrate_schema=False) as store, store.engine.connect() as conn:
        def scalars(sql: str) -> list:
            return list(conn.execute(sa.text(sql)).scalars())

        top = scalars("SELECT max(id) FROM articles")[0]
        names = scalars("SELECT speaker_name FROM quotes WHERE id IN (" + ",".join(
            str(rng.randint(1, top * 3)) for _ in range(4 * n)) + ")")
        issues = scalars("SELECT slug FROM issues WHERE EXISTS "
                         "(SELECT 1 FROM stances WHERE stances.issue = issues.slug) ORDER BY slug")
        texts = scalars("SELECT text FROM article_revisions WHERE id IN (" + ",".join(
            str(rng.randint(1, top)) for _ in range(2 * n)) + ")")
        span = scalars("SELECT min(sort_date) || ' ' || max(sort_date) FROM articles")[0].split()
    vocab = hub_gen.load_vocabulary()
    bands = [vocab.rank_band(100, 500), vocab.rank_band(500, 3000), vocab.rank_band(3000, 20000)]

    def word() -> str:
        return rng.choice(rng.choice(bands))

    phrases = []
    for text in texts:
        words = [w for w in text.split() if w.isalpha() and w.islower()]
        if len(words) > 5:
            k = rng.randrange(len(words) - 3)
            phrases.append(" ".join(words[k:k + rng.choice((2, 3))]))
    surnames = [s.split()[-1] for s in names if s and s.split()] or ["nobody"]
    issues = [s for s in issues if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", s)] or ["none"]
    y0, y1 = int(span[0][:4]), int(span[1][:4])

    def year_range() -> str:
        y = rng.randint(y0, y1)
        mo = rng.randint(1, 12)
        return f"from:{y}-{mo:02d} to:{y + (mo + 3 > 12)}-{(mo + 2) % 12 + 1:02d}"

    return {
        "word": [word() for _ in range(n)],
        "phrase": [f'"{p}"' for p in phrases[:n]],
        "speaker": [f"{word()} speaker:{rng.choice(surnames)}" for _ in range(n)],
        "issue": [f"{word()} issue:{rng.choice(issues)}" for _ in range(n)],
        "exclude": [f"{word()} -{word()}" for _ in range(n)],
        "dates": [f"{word()} {year_range()}" for _ in range(n)],
    }


def _answer(page) -> list[tuple[int, float]]:
    return [(h.article.id, round(h.rank, 6), h.snippet) for h in page.items] + [page.next]


def _timed(store, module, parsed, limit: int):
    """One search, timed; retried after a pause when the server went away (a test suite on
    the same server may restart it)."""
    from parley.errors import StoreError
    from parley.store.engine import reading

    for attempt in range(6):
        try:
            with reading(store.engine, where="bench") as conn:
                t = time.perf_counter()
                page = module.search_articles(conn, parsed, limit, 0)
                return (time.perf_counter() - t) * 1000, page
        except StoreError as error:
            if attempt == 5:
                raise
            print("   (retrying:", str(error)[:80], ")", flush=True)
            time.sleep(5)
            store.engine.dispose()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--base", required=True, help="another checkout's src directory")
    ap.add_argument("--per-shape", type=int, default=100)
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--limit", type=int, default=20)
    ap.add_argument("--seed", type=int, default=23)
    ap.add_argument("--show", type=int, default=0)
    args = ap.parse_args()

    from parley.store import Store
    from parley.store import search as new
    from parley.store.query import parse_query

    old = load_base(args.base)
    queries = draw_queries(args.db, args.per_shape, args.seed)
    shapes = args.shapes.split(",")
    with Store.open(args.db, migrate_schema=False) as store:
        print(f"{'shape':8} {'n':>4} {'diff':>4} | {'old sum':>8} {'p95':>6} {'max':>6} |"
              f" {'new sum':>8} {'p95':>6} {'max':>6}  ms")
        for shape in shapes:
            qs = queries[shape]
            best = {m: [float("inf")] * len(qs) for m in ("old", "new")}
            answers: dict[str, list] = {"old": [None] * len(qs), "new": [None] * len(qs)}
            for r in range(args.rounds):
                order = (("old", old), ("new", new)) if r % 2 == 0 else (("new", new), ("old", old))
                for i, text in enumerate(qs):
                    parsed = parse_query(text)
                    for name, module in order:
                        ms, page = _timed(store, module, parsed, args.limit)
                        best[name][i] = min(best[name][i], ms)
                        answers[name][i] = _answer(page)
            diff = [qs[i] for i in range(len(qs)) if answers["old"][i] != answers["new"][i]]

            def stats(xs: list[float]) -> str:
                s = sorted(xs)
                return (f"{sum(s):8.0f} {s[min(len(s) - 1, int(0.95 * len(s)))]:6.0f}"
                        f" {s[-1]:6.0f}")

            print(f"{shape:8} {len(qs):4d} {len(diff):4d} | {stats(best['old'])} |"
                  f" {stats(best['new'])}", flush=True)
            for text in diff[:5]:
                print("   DIFFERENT:", text)
            if args.show:
                slow = sorted(range(len(qs)), key=lambda i: -max(best["old"][i], best["new"][i]))
                for i in slow[:args.show]:
                    print(f"   {best['old'][i]:7.1f} {best['new'][i]:7.1f}  {qs[i]}")


if __name__ == "__main__":
    main()
