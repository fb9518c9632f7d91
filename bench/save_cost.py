"""The cost of ``Store.save_analysis`` alone: ms and statements per save, on a given store.

Usage: python bench/save_cost.py --db URL_OR_PATH [--articles N] [--repeat R] [--profile N]

The texts (PolNeAR dev, cycled) are analysed once, then saved ``repeat`` times, each run's
copies with doc ids of their own (so every save is a new article, as in
``bench/hub.py --ingest-into-db``). Prints the mean and median per-save wall time, the CPU time of the saving process, the statements a
save sends (counted with a ``before_cursor_execute`` hook) and, with ``--profile N``, the
top N functions of a cProfile of the last run (cumulative time). The analyses are cached in
a pickle beside the temporary directory so repeated runs skip the analysis.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import hashlib
import os
import pickle
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c  # noqa: E402


def analyses(count: int) -> list:
    """The analyses of ``count`` PolNeAR dev texts (cached in the temporary directory)."""
    from parley.nlp.pipeline import analyze_articles, load_pipeline

    texts = list(c.cycle_articles(c.load_articles(c.DEFAULT_CORPUS, limit=count), count))
    digest = hashlib.sha256("".join(a.text for a in texts).encode()).hexdigest()[:12]
    cache = Path(tempfile.gettempdir()) / f"parley-save-cost-{count}-{digest}.pickle"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    out = list(analyze_articles(texts, load_pipeline()))
    cache.write_bytes(pickle.dumps(out))
    return out


def run(db: str, batch: list, tag: str, counter: list[int]) -> tuple[list[float], float]:
    """Save ``batch`` into ``db`` (copies tagged ``tag``); the wall time of each save and
    the CPU time of this process over all of them."""
    from parley.store import Store

    times, cpu = [], 0.0
    with Store.open(db) as store:
        sa.event.listen(store.engine, "before_cursor_execute",
                        lambda *a: counter.__setitem__(0, counter[0] + 1))
        for a in batch:
            copy = dataclasses.replace(a, doc_id=f"{a.doc_id}@{tag}",
                                       article=dataclasses.replace(a.article,
                                                                   doc_id=f"{a.article.doc_id}@{tag}"))
            before = counter[0]
            t, c0 = time.perf_counter(), time.process_time()
            store.save_analysis(copy)
            times.append(time.perf_counter() - t)
            cpu += time.process_time() - c0
            counter[1] += counter[0] - before
    return times, cpu


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench/save_cost.py", description=__doc__.split("\n")[0])
    p.add_argument("--db", required=True, help="SQLite path or postgresql:// URL (saved into)")
    p.add_argument("--articles", type=int, default=60)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--profile", type=int, default=0, help="print the top N of a cProfile")
    args = p.parse_args(argv)
    batch = analyses(args.articles)
    tag = f"save-cost-{os.getpid()}-{int(time.time())}"
    medians, means, cpus, statements = [], [], [], []
    profiler = cProfile.Profile() if args.profile else None
    for r in range(args.repeat):
        counter = [0, 0]
        if profiler and r == args.repeat - 1:
            profiler.enable()
        times, cpu = run(args.db, batch, f"{tag}-{r}", counter)
        if profiler and r == args.repeat - 1:
            profiler.disable()
        medians.append(statistics.median(times) * 1000)
        means.append(statistics.mean(times) * 1000)
        cpus.append(cpu / len(batch) * 1000)
        statements.append(counter[1] / len(batch))
        print(f"run {r + 1}: median {medians[-1]:.1f} ms, mean {means[-1]:.1f} ms a save, "
              f"{cpus[-1]:.1f} ms CPU of this process, {statements[-1]:.1f} statements")
    # The mean is what throughput sees; the first run also pays imports (datasketch).
    print(f"median of the runs' means: {statistics.median(means):.1f} ms a save, "
          f"{statistics.median(cpus):.1f} ms CPU, {statistics.median(statements):.1f} statements; "
          f"load {os.getloadavg()[0]:.2f}")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
