"""Analysis throughput against bare spaCy, 2 processes against 1, and memory over a stream.

Usage: .venv/bin/python bench/throughput.py [--quick] [--corpus DIR] [--tasks LIST ...]
       [--repeat N] [--articles N] [--batch-size N] [--copies N] [--sections LIST] [--json]

Everything is measured in one process and one run, so each ratio compares figures taken
side by side on the same (shared, noisy) machine. Sections, in order:

speed       bare ``nlp.pipe`` of the model vs parley's full analysis (``Analysis`` records)
            for each task set, same texts, same batch size; median chars/s and ratios.
components  where parley's time goes: seconds per pipeline component over one pass.
processes   the fullest task set with ``n_process=2`` vs ``n_process=1``.
memory      RSS while streaming ``--articles`` articles (the texts cycled, distinct ids).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script: find _common

import _common as c  # noqa: E402
from parley.model import Article  # noqa: E402
from parley.nlp.pipeline import (  # noqa: E402
    MODEL,
    TASKS,
    analyze_articles,
    build_pipeline,
    make_doc,
    to_analysis,
)

#: The task set of the first issue ("our rules must cost little next to parsing").
QUOTE_TASKS = ("boilerplate", "quotes", "actors")
#: Minimum parley/bare ratios from the issues: quotes only, and with every task on.
TARGET_QUOTES, TARGET_ALL = 0.8, 0.7
SECTIONS = ("speed", "components", "processes", "memory")
FULL = {"repeat": 3, "articles": 5000, "copies": 2, "limit": None}
QUICK = {"repeat": 1, "articles": 40, "copies": 1, "limit": 6}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line; sizes left unset take the --quick or full defaults."""
    p = argparse.ArgumentParser(prog="bench/throughput.py", description=__doc__.splitlines()[0])
    p.add_argument(
        "--quick",
        action="store_true",
        help="tiny sizes (smoke test): 6 texts, 1 repetition, 40 articles",
    )
    p.add_argument(
        "--corpus",
        type=Path,
        default=c.DEFAULT_CORPUS,
        help="PolNeAR split or folder of .txt (default: PolNeAR dev)",
    )
    p.add_argument(
        "--tasks",
        action="append",
        metavar="LIST",
        help="comma-separated task set to compare with bare spaCy, or 'all'; repeatable "
        "(default: boilerplate,quotes,actors and all)",
    )
    p.add_argument("--repeat", type=int, help="timed repetitions per measurement (default 3)")
    p.add_argument(
        "--articles", type=int, help="articles streamed in the memory section (default 5000)"
    )
    p.add_argument(
        "--copies", type=int, help="the texts repeated this many times for processes (default 2)"
    )
    p.add_argument("--limit", type=int, help="use only the first N texts of the corpus")
    p.add_argument(
        "--batch-size", type=int, default=32, help="nlp.pipe batch size for every run (default 32)"
    )
    p.add_argument(
        "--sections",
        default=",".join(SECTIONS),
        help=f"comma-separated subset of {','.join(SECTIONS)}",
    )
    p.add_argument("--json", action="store_true", help="print one JSON document instead of tables")
    args = p.parse_args(argv)
    for key, value in (QUICK if args.quick else FULL).items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    args.task_sets = [parse_tasks(t) for t in (args.tasks or [",".join(QUOTE_TASKS), "all"])]
    args.sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    for name, value in (
        ("--repeat", args.repeat),
        ("--articles", args.articles),
        ("--copies", args.copies),
        ("--batch-size", args.batch_size),
        ("--limit", args.limit or 1),
    ):
        if value < 1:
            p.error(f"{name} must be at least 1")
    if unknown := [s for s in args.sections if s not in SECTIONS]:
        p.error(f"unknown section {unknown[0]!r}; choose from {', '.join(SECTIONS)}")
    return args


def parse_tasks(spec: str) -> tuple[str, ...]:
    """A task set from ``"all"`` or ``"boilerplate,quotes"`` (in pipeline order)."""
    if spec.strip() == "all":
        return TASKS
    names = {t.strip() for t in spec.split(",") if t.strip()}
    if unknown := sorted(names - set(TASKS)):
        c.fail(f"unknown task {unknown[0]!r} in --tasks; choose from {', '.join(TASKS)} or 'all'")
    return tuple(t for t in TASKS if t in names)


def label(tasks: Sequence[str]) -> str:
    """A task set's name in tables: ``parley[all]`` or ``parley[boilerplate,quotes]``."""
    return "parley[all]" if tuple(tasks) == TASKS else f"parley[{','.join(tasks)}]"


def target(tasks: Sequence[str]) -> float:
    """The issue's minimum ratio for a task set (quotes-only rules, or more tasks on)."""
    return TARGET_QUOTES if set(tasks) <= set(QUOTE_TASKS) else TARGET_ALL


def warm_up(nlp: Language, articles: list[Article], batch_size: int, bare: bool) -> None:
    """Run the first batch once so that lazy loading and caches are not timed."""
    first = articles[:batch_size]
    if bare:
        c.consume(nlp.pipe((a.text for a in first), batch_size=batch_size))
    else:
        c.consume(analyze_articles(c.cycle_articles(first, len(first)), nlp, batch_size=batch_size))


# -- speed --------------------------------------------------------------------------------


BARE = "bare spaCy"


def speed_runs(
    args: argparse.Namespace, articles: list[Article], pipes: dict[str, Language]
) -> dict[str, Any]:
    """One callable per pipeline, each processing a chunk of articles (warmed up first)."""
    bs = args.batch_size
    bare = spacy.load(MODEL)
    warm_up(bare, articles, bs, bare=True)
    runs = {BARE: lambda chunk: c.consume(bare.pipe((a.text for a in chunk), batch_size=bs))}
    for tasks in args.task_sets:
        nlp = pipes[label(tasks)]
        warm_up(nlp, articles, bs, bare=False)
        # Fresh copies per run: to_analysis writes boilerplate ranges back onto the article.
        runs[label(tasks)] = lambda chunk, nlp=nlp: c.consume(
            analyze_articles(c.cycle_articles(chunk, len(chunk)), nlp, batch_size=bs)
        )
    return runs


def run_speed(
    args: argparse.Namespace, articles: list[Article], pipes: dict[str, Language]
) -> dict[str, Any]:
    """Bare spaCy and each parley task set, interleaved batch by batch, ``--repeat`` times."""
    chars = c.total_chars(articles)
    chunks = c.chunked(articles, args.batch_size)
    timings = c.alternate_chunks(speed_runs(args, articles, pipes), chunks, args.repeat)
    base, base_cpu = c.rates(chars, c.walls(timings[BARE])), c.cpus(timings[BARE])
    out: dict[str, Any] = {}
    for name, times in timings.items():
        per_rep = c.rates(chars, c.walls(times))
        row: dict[str, Any] = {
            "chars_per_s": per_rep,
            "median": c.median(per_rep),
            "seconds": c.walls(times),
            "cpu_seconds": c.cpus(times),
        }
        if name != BARE:
            tasks = next(t for t in args.task_sets if label(t) == name)
            row |= {
                "tasks": list(tasks),
                "ratio": c.ratio(row["median"], c.median(base)),
                "ratios": [c.ratio(r, b) for r, b in zip(per_rep, base, strict=True)],
                # Same chars, so the rate ratio is the inverse ratio of CPU seconds.
                "cpu_ratio": c.ratio(c.median(base_cpu), c.median(c.cpus(times))),
                "target": target(tasks),
            }
        out[name] = row
    return out


def print_speed(result: dict[str, Any], chars: int, n: int) -> None:
    """The speed table: median chars/s, ratio of medians, per-repetition ratios, target."""
    c.section(f"speed: {n} articles, {chars:,} chars, 1 process, interleaved batch by batch")
    rows = []
    for name, row in result.items():
        if name == BARE:
            rows.append([name, c.fmt_rate(row["median"]), "1.00x (baseline)", "", "", ""])
            continue
        verdict = "meets" if row["ratio"] >= row["target"] else "below"
        rows.append(
            [
                name,
                c.fmt_rate(row["median"]),
                c.fmt_ratio(row["ratio"]),
                " ".join(f"{r:.2f}" for r in row["ratios"]),
                c.fmt_ratio(row["cpu_ratio"]),
                f">= {row['target']:.1f} {verdict}",
            ]
        )
    headers = ["pipeline", "chars/s (median)", "ratio vs bare", "per repetition", "by CPU time"]
    print(c.table([*headers, "target"], rows))
    for name, row in result.items():
        if name != BARE:
            print(
                f"ratio {name} / bare spaCy: {row['ratio']:.2f} (by CPU time {row['cpu_ratio']:.2f})"
            )


# -- components ---------------------------------------------------------------------------


def run_components(
    args: argparse.Namespace, articles: list[Article], nlp: Language
) -> dict[str, float]:
    """Seconds spent in each step of the parley analysis, one pass, batch by batch."""
    spent: dict[str, float] = {"make_doc (tokenizer)": 0.0}
    spent |= {name: 0.0 for name in nlp.pipe_names}
    spent["to_analysis"] = 0.0
    bs = args.batch_size
    for i in range(0, len(articles), bs):
        batch = list(c.cycle_articles(articles[i : i + bs], len(articles[i : i + bs])))
        start = time.perf_counter()
        docs = [make_doc(nlp, a) for a in batch]
        spent["make_doc (tokenizer)"] += time.perf_counter() - start
        for name, proc in nlp.pipeline:
            start = time.perf_counter()
            docs = (
                list(proc.pipe(docs, batch_size=bs))
                if hasattr(proc, "pipe")
                else [proc(d) for d in docs]
            )
            spent[name] += time.perf_counter() - start
        start = time.perf_counter()
        c.consume(to_analysis(d, a) for d, a in zip(docs, batch, strict=True))
        spent["to_analysis"] += time.perf_counter() - start
    return spent


def implied_ratios(spent: dict[str, float], task_sets: list[tuple[str, ...]]) -> dict[str, float]:
    """Each task set's parley/bare ratio implied by step times measured in one pass.

    Bare spaCy does the tokenizer and model steps; a task set adds its components and
    to_analysis. Taken within one pass this is immune to drift between passes.
    """
    ours = {n for n in spent if n.startswith("parley_")} | {"to_analysis"}
    model = sum(s for n, s in spent.items() if n not in ours)
    out = {}
    for tasks in task_sets:
        added = sum(spent.get(f"parley_{t}", 0.0) for t in tasks) + spent["to_analysis"]
        out[label(tasks)] = c.ratio(model, model + added)
    return out


def components(args: argparse.Namespace, articles: list[Article], nlp: Language) -> dict:
    """The components section: step times and the ratios they imply."""
    spent = run_components(args, articles, nlp)
    return {"seconds": spent, "implied": implied_ratios(spent, args.task_sets)}


def print_components(result: dict[str, Any], chars: int) -> None:
    """Seconds and share of the total per step, parley's share, implied ratios."""
    c.section("components: where parley's time goes (1 pass, all steps of the fullest task set)")
    spent = result["seconds"]
    total = sum(spent.values()) or 1.0
    rows = [[name, f"{secs:.2f}", f"{100 * secs / total:.1f}%"] for name, secs in spent.items()]
    print(c.table(["step", "seconds", "share"], rows))
    ours = sum(s for n, s in spent.items() if n.startswith("parley_") or n == "to_analysis")
    print(
        f"parley's own steps: {ours:.2f} s of {total:.2f} s ({100 * ours / total:.1f}%); "
        f"{chars / total:,.0f} chars/s overall"
    )
    for name, value in result["implied"].items():
        print(f"ratio {name} / bare spaCy implied by step times: {value:.2f}")


# -- processes ----------------------------------------------------------------------------


def run_processes(
    args: argparse.Namespace, articles: list[Article], nlp: Language
) -> dict[str, Any]:
    """The analysis with n_process=2 against n_process=1, over the texts ``--copies`` times."""
    bs, n = args.batch_size, len(articles) * args.copies
    chars = c.total_chars(articles) * args.copies
    workers: dict[str, list[float]] = {"1": [], "2": []}

    def run(procs: int) -> None:
        before = c.children_cpu()
        c.consume(
            analyze_articles(c.cycle_articles(articles, n), nlp, batch_size=bs, n_process=procs)
        )
        workers[str(procs)].append(c.children_cpu() - before)

    warm_up(nlp, articles, bs, bare=False)
    timings = c.alternate({"1": lambda: run(1), "2": lambda: run(2)}, args.repeat)
    out: dict[str, Any] = {"articles": n, "chars": chars, "cpus": os.cpu_count()}
    for key, times in timings.items():
        rates = c.rates(chars, c.walls(times))
        # CPU split: the main process tokenises, rebuilds docs and makes records; the workers
        # run the components. A main process near 100% of wall time is the bottleneck.
        out[key] = {
            "chars_per_s": rates,
            "median": c.median(rates),
            "seconds": c.walls(times),
            "main_cpu_seconds": c.cpus(times),
            "worker_cpu_seconds": workers[key],
        }
    one, two = out["1"]["chars_per_s"], out["2"]["chars_per_s"]
    out["ratio"] = c.ratio(c.median(two), c.median(one))
    out["ratios"] = [c.ratio(b, a) for a, b in zip(one, two, strict=True)]
    return out


def print_processes(result: dict[str, Any], name: str) -> None:
    """chars/s with 1 and 2 processes, where the CPU went, and their ratio."""
    c.section(
        f"processes: {name}, {result['articles']} articles, {result['chars']:,} chars, "
        f"{result['cpus']} CPUs"
    )
    rows = []
    for k in ("1", "2"):
        r = result[k]
        wall, main, work = (
            c.median(r[f]) for f in ("seconds", "main_cpu_seconds", "worker_cpu_seconds")
        )
        rows.append(
            [
                f"n_process={k}",
                c.fmt_rate(r["median"]),
                " ".join(c.fmt_rate(x) for x in r["chars_per_s"]),
                f"{main:.1f} ({100 * main / wall:.0f}%)",
                f"{work:.1f}",
            ]
        )
    headers = ["run", "chars/s (median)", "per repetition", "main CPU s (% of wall)"]
    print(c.table([*headers, "workers CPU s"], rows))
    print(
        f"ratio 2 processes / 1 process: {result['ratio']:.2f} "
        f"(per repetition: {' '.join(f'{r:.2f}' for r in result['ratios'])})"
    )


# -- memory -------------------------------------------------------------------------------


def run_memory(args: argparse.Namespace, articles: list[Article], nlp: Language) -> dict[str, Any]:
    """Stream ``--articles`` articles, results dropped at once; RSS every tenth of the way.

    Each sample has the RSS at that instant and the peak since the previous sample: the
    instant swings with the batch in flight, the window peaks are what shows a trend.
    """
    every = max(1, args.articles // 10)
    samples = []
    stream = analyze_articles(
        c.cycle_articles(articles, args.articles), nlp, batch_size=args.batch_size
    )
    before, start = c.rss(), time.perf_counter()
    with c.RssSampler() as sampler:
        for n, _analysis in enumerate(stream, 1):
            if n % every == 0 or n == args.articles:
                now = c.rss()
                sample = {"articles": n, "rss": now, "window_peak": max(now, sampler.window())}
                sample |= {"strings": len(nlp.vocab.strings), "lexemes": len(nlp.vocab)}
                samples.append(sample | {"seconds": time.perf_counter() - start})
                if not args.json:  # a long section: show it is alive (stderr, not the table)
                    print(
                        f"memory: {n:,}/{args.articles:,} articles, RSS {c.fmt_mib(sample['rss'])}"
                        f", peak since last {c.fmt_mib(sample['window_peak'])}",
                        file=sys.stderr,
                        flush=True,
                    )
    first, last = samples[0]["window_peak"], samples[-1]["window_peak"]
    return {
        "articles": args.articles,
        "rss_before": before,
        "samples": samples,
        "ratio": c.ratio(last, first),
        "peak_rss": sampler.peak,
        "peak_rss_process": c.peak_rss(),
    }


def print_memory(result: dict[str, Any], name: str) -> None:
    """The RSS series, last/first ratio of window peaks, and peaks."""
    c.section(f"memory: {name}, {result['articles']} articles streamed, results discarded")
    first = result["samples"][0]["window_peak"]
    rows = [
        [
            f"{s['articles']:,}",
            c.fmt_mib(s["rss"]),
            c.fmt_mib(s["window_peak"]),
            f"{(s['window_peak'] - first) / c.MIB:+,.1f}",
            f"{s['strings']:,}",
            f"{s['lexemes']:,}",
            f"{s['seconds']:.0f}",
        ]
        for s in result["samples"]
    ]
    headers = ["articles", "RSS now", "peak since last", "vs first", "vocab strings", "lexemes"]
    print(c.table([*headers, "elapsed s"], rows))
    print(f"ratio RSS last/first (peak since last sample): {result['ratio']:.3f}")
    print(
        f"RSS before streaming: {c.fmt_mib(result['rss_before'])}; "
        f"peak RSS while streaming: {c.fmt_mib(result['peak_rss'])}; "
        f"peak RSS of the whole run: {c.fmt_mib(result['peak_rss_process'])}"
    )


# -- main ---------------------------------------------------------------------------------


def header(args: argparse.Namespace, articles: list[Article]) -> dict[str, Any]:
    """What was measured, on what: recorded with the figures."""
    return {
        "corpus": str(args.corpus),
        "texts": len(articles),
        "chars": c.total_chars(articles),
        "batch_size": args.batch_size,
        "repeat": args.repeat,
        "model": MODEL,
        "spacy": spacy.__version__,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "task_sets": [list(t) for t in args.task_sets],
        "quick": args.quick,
        # Other jobs on a shared machine skew every figure: record how busy it was.
        "load_start": os.getloadavg()[0],
    }


def main(argv: list[str] | None = None) -> int:
    """Run the chosen sections and print their tables (or one JSON document)."""
    args = parse_args(argv)
    started = time.perf_counter()
    articles = c.load_articles(args.corpus, args.limit)
    out: dict[str, Any] = header(args, articles)
    if not args.json:
        print(
            f"throughput: {out['texts']} texts, {out['chars']:,} chars from {args.corpus}; "
            f"batch size {args.batch_size}, {args.repeat} repetition(s); {MODEL}, spaCy "
            f"{out['spacy']}, {out['cpus']} CPUs, load average {out['load_start']:.2f}",
            flush=True,
        )
    fullest = max(args.task_sets, key=len)
    # Only the speed section needs every task set; the others load just the fullest, so
    # the memory figures hold no pipeline that is not used.
    sets = args.task_sets if "speed" in args.sections else [fullest]
    pipes = {label(t): build_pipeline(t) for t in sets}
    nlp, name = pipes[label(fullest)], label(fullest)
    steps = {
        "speed": (
            lambda: run_speed(args, articles, pipes),
            lambda r: print_speed(r, out["chars"], len(articles)),
        ),
        "components": (
            lambda: components(args, articles, nlp),
            lambda r: print_components(r, out["chars"]),
        ),
        "processes": (
            lambda: run_processes(args, articles, nlp),
            lambda r: print_processes(r, name),
        ),
        "memory": (lambda: run_memory(args, articles, nlp), lambda r: print_memory(r, name)),
    }
    for key in SECTIONS:
        if key in args.sections:
            measure, show = steps[key]
            out[key] = measure()
            if not args.json:
                show(out[key])
    out["seconds"] = time.perf_counter() - started
    out["load_end"] = os.getloadavg()[0]
    if args.json:
        c.dump_json(out)
    else:
        print(f"\ndone in {out['seconds']:.0f} s; load average {out['load_end']:.2f}")
    return 0


if __name__ == "__main__":
    c.run_bench(main)
