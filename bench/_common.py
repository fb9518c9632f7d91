"""Helpers shared by parley's benches: texts to run on, timing, memory, and ratio tables.

Every bench measures its baseline in the same process and the same run as the thing it
compares, and prints ratios rather than absolute verdicts: the machines these run on are
shared and noisy, so only figures taken side by side mean anything.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import psutil

from parley.errors import InputError, ParleyError
from parley.eval.gold import read_brat, read_text
from parley.model import Article

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PARLEY_SHARED", ROOT.parent / "shared"))
#: PolNeAR's dev split: the texts every bench runs on unless told otherwise.
DEFAULT_CORPUS = SHARED / "corpus" / "polnear" / "dev"
MIB = 1024 * 1024
T = TypeVar("T")


# -- texts --------------------------------------------------------------------------------


def load_articles(folder: str | Path = DEFAULT_CORPUS, limit: int | None = None) -> list[Article]:
    """The articles of a PolNeAR/BRAT split (with publication dates) or of a folder of .txt.

    A PolNeAR split carries the publication dates that date resolution anchors on; a flat
    folder of ``*.txt`` files (sorted by name) is enough for a quick or synthetic run.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(
            str(folder), "not a folder (give --corpus a PolNeAR split or a folder of .txt files)"
        )
    if (folder / "text").is_dir() and (folder / "attributions").is_dir():
        return [gold.article for gold in read_brat(folder, limit)]
    paths = sorted(folder.glob("*.txt"))[:limit]
    if not paths:
        raise InputError(str(folder), "no .txt files found")
    return [Article(doc_id=p.stem, text=read_text(p), source=str(p)) for p in paths]


def cycle_articles(articles: Sequence[Article], count: int) -> Iterator[Article]:
    """Stream ``count`` articles by cycling ``articles``, each copy with its own doc_id.

    Copies are fresh objects so that nothing downstream can hold on to (or mutate) the
    originals, and distinct ids so that the stream looks like ``count`` different articles.
    """
    if not articles:
        return
    for i in range(count):
        base = articles[i % len(articles)]
        yield dataclasses.replace(
            base, doc_id=f"{base.doc_id}#{i}", boilerplate=list(base.boilerplate)
        )


def total_chars(articles: Iterable[Article]) -> int:
    """How many characters of text ``articles`` hold."""
    return sum(len(a.text) for a in articles)


# -- timing -------------------------------------------------------------------------------


def consume(items: Iterable[Any]) -> int:
    """Exhaust a stream, dropping every item at once; return how many there were."""
    n = 0
    for _ in items:
        n += 1
    return n


@dataclasses.dataclass(frozen=True, slots=True)
class Timing:
    """How long something took: wall-clock seconds and this process's CPU seconds.

    CPU time barely moves when other jobs share the machine, so a ratio of CPU times is a
    steadier comparison of two single-process runs than a ratio of wall times.
    """

    wall: float = 0.0
    cpu: float = 0.0

    def __add__(self, other: Timing) -> Timing:
        return Timing(self.wall + other.wall, self.cpu + other.cpu)


def timed(run: Callable[[], Any]) -> Timing:
    """How long ``run()`` takes."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return Timing(time.perf_counter() - wall, time.process_time() - cpu)


def children_cpu() -> float:
    """CPU seconds used by this process's finished child processes (user + system).

    Children count once they have been waited for, as spaCy's ``n_process`` workers are
    when ``nlp.pipe`` ends.
    """
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def alternate(runs: dict[str, Callable[[], Any]], repeat: int) -> dict[str, list[Timing]]:
    """Time each of ``runs`` ``repeat`` times, interleaved (a, b, a, b, ...).

    Interleaving spreads drift (other jobs on a shared machine, CPU frequency) evenly over
    the measurements compared, instead of letting it land on whichever ran last.
    """
    return alternate_chunks(
        {name: lambda _, run=run: run() for name, run in runs.items()}, [None], repeat
    )


def alternate_chunks(
    runs: dict[str, Callable[[T], Any]], chunks: Sequence[T], repeat: int
) -> dict[str, list[Timing]]:
    """Time every run on every chunk, interleaved chunk by chunk; one sum per repetition.

    Finer interleaving than whole runs: all runs see the same few seconds of machine load,
    and the order rotates from chunk to chunk so that none is always first or last.
    """
    names = list(runs)
    timings: dict[str, list[Timing]] = {name: [] for name in names}
    for _ in range(repeat):
        sums = dict.fromkeys(names, Timing())
        for i, chunk in enumerate(chunks):
            for name in names[i % len(names) :] + names[: i % len(names)]:
                sums[name] += timed(lambda name=name, chunk=chunk: runs[name](chunk))
        for name in names:
            timings[name].append(sums[name])
    return timings


def chunked(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """``items`` cut into consecutive slices of ``size`` (the last may be shorter)."""
    return [items[i : i + size] for i in range(0, len(items), size)]


def rates(chars: int, seconds: Sequence[float]) -> list[float]:
    """Characters per second for each measured duration."""
    return [chars / s if s > 0 else float("inf") for s in seconds]


def walls(timings: Sequence[Timing]) -> list[float]:
    """The wall-clock seconds of each timing."""
    return [t.wall for t in timings]


def cpus(timings: Sequence[Timing]) -> list[float]:
    """The CPU seconds of each timing."""
    return [t.cpu for t in timings]


def median(values: Sequence[float]) -> float:
    """The median of ``values``."""
    return statistics.median(values)


def ratio(value: float, baseline: float) -> float:
    """``value / baseline`` (infinity when the baseline is zero)."""
    return value / baseline if baseline else float("inf")


def percentile(values: Sequence[float], q: float) -> float:
    """The value at quantile ``q`` (0..1) of ``values``: the nearest rank, no interpolation."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


# -- memory -------------------------------------------------------------------------------


def rss() -> int:
    """Resident memory of this process now, in bytes."""
    return psutil.Process().memory_info().rss


def peak_rss() -> int:
    """The highest resident memory this process has reached so far, in bytes."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # Linux reports KiB


class RssSampler:
    """Sample this process's RSS in a background thread; ``peak`` is the highest seen.

    ``peak_rss()`` covers the whole life of the process; the sampler gives the peak of one
    section only (e.g. streaming articles after earlier sections loaded other models), and
    ``window()`` the peak since the previous call: RSS at one instant swings with whatever
    batch is in flight, a window's peak does not, so a series of them shows a trend.
    """

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.peak = 0
        self._window = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def _sample(self) -> None:
        now = rss()
        with self._lock:
            self.peak = max(self.peak, now)
            self._window = max(self._window, now)

    def _run(self) -> None:
        while True:
            self._sample()
            if self._stop.wait(self.interval):
                return

    def window(self) -> int:
        """The highest RSS since the previous call (or since the start), in bytes."""
        self._sample()
        with self._lock:
            peak, self._window = self._window, 0
        return peak

    def __enter__(self) -> RssSampler:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()


# -- the hub ------------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port on loopback that nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve_hub(db: str, secret: str, workers: int = 1) -> Iterator[str]:
    """``parley serve`` over ``db`` on a free loopback port; yields its base URL once it
    answers, and stops it (killed if it will not stop) when the block ends.

    The per-client search limit is off: every bench client comes from 127.0.0.1, so the
    limit would answer most searches with 429 and measure nothing.
    """
    port = free_port()
    env = {**os.environ, "PARLEY_SECRET": secret, "PARLEY_SEARCH_PER_MINUTE": "0"}
    proc = subprocess.Popen([sys.executable, "-m", "parley", "serve", "--db", db, "--port",
                             str(port), "--quiet", *(["--workers", str(workers)] if workers > 1 else [])],
                            env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    try:
        yield _wait_for_hub(proc, f"http://127.0.0.1:{port}")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _wait_for_hub(proc: subprocess.Popen, base: str) -> str:
    """``base`` once the hub behind it answers; a clear error if it exits or never does."""
    import httpx

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            fail(f"parley serve exited: {proc.stderr.read().strip()}")
        try:
            if httpx.get(base + "/issues.json", timeout=2).status_code == 200:
                return base
        except httpx.HTTPError:
            time.sleep(0.2)
    fail("parley serve did not start within 120 s")


# -- output -------------------------------------------------------------------------------


def fmt_rate(value: float) -> str:
    """Characters per second, as a whole number with thousands separators."""
    return f"{value:,.0f}"


def fmt_ratio(value: float) -> str:
    """A ratio to two decimals with an ``x``."""
    return f"{value:.2f}x"


def fmt_mib(value: int) -> str:
    """Bytes as MiB, one decimal."""
    return f"{value / MIB:,.1f} MiB"


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A plain-text table: first column left-aligned, the others right-aligned."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        parts = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])])


def section(title: str) -> None:
    """Print a section heading."""
    print(f"\n== {title}", flush=True)


def dump_json(data: dict[str, Any]) -> None:
    """Print ``data`` as indented JSON (the ``--json`` output)."""
    json.dump(data, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")


def fail(message: str, code: int = 2) -> NoReturn:
    """Print a one-line error for a person and exit with ``code``."""
    print(f"error: {message}", file=sys.stderr)
    raise SystemExit(code)


def run_bench(main: Callable[[list[str] | None], int], argv: list[str] | None = None) -> NoReturn:
    """Run a bench's ``main``; turn parley's errors into a one-line message, not a traceback."""
    try:
        code = main(argv)
    except ParleyError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        fail("interrupted", 130)
    raise SystemExit(code)
