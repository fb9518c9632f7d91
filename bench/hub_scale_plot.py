"""Latency against archive size, drawn from ``bench/hub_scale.py --json`` results as an SVG.

Usage: .venv/bin/python bench/hub_scale_plot.py --out docs/hub_scale.svg RESULT.json [...]
       [--phase cold|warm]

Each result file is one run at one size on one backend (``{"db", "articles", "latency"}``).
For every page kind the plot draws the p95 of the chosen phase (the larger of its HTML and
JSON p95) against the number of articles: one line per page kind and backend (PostgreSQL
solid, SQLite dashed), with the targets of issue 15 (100 ms at 200k, 150 ms at 1M) drawn
as a step. No plotting library: the SVG is written by hand (matplotlib is not a
dependency), so the plot can be redrawn anywhere the bench runs.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from html import escape
from pathlib import Path

#: Page kinds in plot order, with a colour each (distinct in print and for most colour
#: vision deficiencies: two lightness levels of six hues).
COLOURS = {
    "home": "#1f77b4", "article": "#aec7e8", "actor": "#ff7f0e", "issue": "#ffbb78",
    "timeline": "#2ca02c", "search word": "#98df8a", "search phrase": "#d62728",
    "search speaker": "#ff9896", "search issue": "#9467bd", "search exclude": "#c5b0d5",
    "search dates": "#8c564b", "search quotes": "#7f7f7f",
}
W, H = 900, 560
LEFT, RIGHT, TOP, BOTTOM = 70, 230, 40, 60


def backend(db: str) -> str:
    return "PostgreSQL" if db.startswith("postgres") else "SQLite"


def series(results: list[dict], phase: str) -> dict[tuple[str, str], list[tuple[int, float]]]:
    """(backend, page kind) -> [(articles, p95 ms)], sorted by size."""
    out: dict[tuple[str, str], list[tuple[int, float]]] = {}
    for r in results:
        by_kind: dict[str, float] = {}
        for key, stats in r["latency"].items():
            kind, _variant, ph = (s.strip() for s in key.split("|"))
            if ph == phase:
                by_kind[kind] = max(by_kind.get(kind, 0.0), stats["p95_ms"])
        for kind, p95 in by_kind.items():
            out.setdefault((backend(r["db"]), kind), []).append((r["articles"], p95))
    return {k: sorted(v) for k, v in out.items()}


def draw(results: list[dict], phase: str = "cold", title: str | None = None) -> str:
    data = series(results, phase)
    sizes = sorted({n for pts in data.values() for n, _ in pts})
    top_ms = max([p for pts in data.values() for _, p in pts] + [200.0])
    x_lo, x_hi = math.log10(min(sizes) / 1.5), math.log10(max(max(sizes) * 1.5, 1_000_000))
    y_hi = 10 ** math.ceil(math.log10(top_ms * 1.2))
    y_lo = 1.0

    def x(n: float) -> float:
        return LEFT + (math.log10(n) - x_lo) / (x_hi - x_lo) * (W - LEFT - RIGHT)

    def y(ms: float) -> float:
        ms = max(ms, y_lo)
        return H - BOTTOM - (math.log10(ms) - math.log10(y_lo)) / (
            math.log10(y_hi) - math.log10(y_lo)) * (H - TOP - BOTTOM)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
           f'viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{LEFT}" y="22" font-size="15">{escape(title or f"p95 latency ({phase}) against archive size")}</text>']
    # axes and grid (log-log)
    for e in range(0, int(math.log10(y_hi)) + 1):
        for m in (1, 2, 5):
            v = m * 10 ** e
            if y_lo <= v <= y_hi:
                out.append(f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
                           f'stroke="#ddd" stroke-width="{1 if m == 1 else 0.5}"/>')
                out.append(f'<text x="{LEFT - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{v:g}</text>')
    for n in sorted(set(sizes) | {1_000_000}):
        out.append(f'<line x1="{x(n):.1f}" x2="{x(n):.1f}" y1="{TOP}" y2="{H - BOTTOM}" stroke="#eee"/>')
        out.append(f'<text x="{x(n):.1f}" y="{H - BOTTOM + 16}" text-anchor="middle">{n // 1000:,}k</text>')
    out.append(f'<text x="{(LEFT + W - RIGHT) / 2:.0f}" y="{H - 18}" text-anchor="middle">articles (log scale)</text>')
    out.append(f'<text x="18" y="{(TOP + H - BOTTOM) / 2:.0f}" text-anchor="middle" '
               f'transform="rotate(-90 18 {(TOP + H - BOTTOM) / 2:.0f})">p95 ms, {phase} (log scale)</text>')
    # targets: 100 ms up to 200k, 150 ms beyond
    lo, mid, hi = x(10 ** x_lo), x(200_000), x(10 ** x_hi)
    out.append(f'<polyline points="{lo:.1f},{y(100):.1f} {mid:.1f},{y(100):.1f} {mid:.1f},{y(150):.1f} '
               f'{hi:.1f},{y(150):.1f}" fill="none" stroke="black" stroke-width="1.5" stroke-dasharray="2,3"/>')
    out.append(f'<text x="{lo + 4:.1f}" y="{y(100) - 4:.1f}">target</text>')
    # series
    for (db, kind), pts in sorted(data.items(), key=lambda kv: (kv[0][0], list(COLOURS).index(kv[0][1])
                                                                 if kv[0][1] in COLOURS else 99)):
        colour = COLOURS.get(kind, "#000")
        dash = ' stroke-dasharray="6,4"' if db == "SQLite" else ""
        if len(pts) > 1:
            coords = " ".join(f"{x(n):.1f},{y(p):.1f}" for n, p in pts)
            out.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        for n, p in pts:
            tag, attrs = (("circle", f'cx="{x(n):.1f}" cy="{y(p):.1f}" r="3.5" fill="{colour}"')
                          if db != "SQLite" else
                          ("rect", f'x="{x(n) - 3.5:.1f}" y="{y(p) - 3.5:.1f}" width="7" height="7" '
                                   f'fill="white" stroke="{colour}" stroke-width="2"'))
            out.append(f'<{tag} {attrs}><title>{escape(db)} {escape(kind)}: {n:,} articles, '
                       f'p95 {p:.0f} ms</title></{tag}>')
    # legend
    lx, ly = W - RIGHT + 20, TOP + 4
    for i, (kind, colour) in enumerate(COLOURS.items()):
        if not any(k == kind for _, k in data):
            continue
        yy = ly + 17 * i
        out.append(f'<line x1="{lx}" x2="{lx + 22}" y1="{yy}" y2="{yy}" stroke="{colour}" stroke-width="3"/>')
        out.append(f'<text x="{lx + 28}" y="{yy + 4}">{escape(kind)}</text>')
    yy = ly + 17 * len(COLOURS) + 10
    out.append(f'<circle cx="{lx + 11}" cy="{yy}" r="3.5" fill="#555"/><text x="{lx + 28}" y="{yy + 4}">PostgreSQL (solid)</text>')
    out.append(f'<rect x="{lx + 7.5}" y="{yy + 13.5}" width="7" height="7" fill="white" stroke="#555" stroke-width="2"/>'
               f'<text x="{lx + 28}" y="{yy + 21}">SQLite (dashed)</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench/hub_scale_plot.py", description=__doc__.split("\n")[0])
    p.add_argument("results", nargs="+", help="bench/hub_scale.py --json files")
    p.add_argument("--out", required=True, help="the SVG to write")
    p.add_argument("--phase", choices=("cold", "warm"), default="cold")
    p.add_argument("--title")
    args = p.parse_args(argv)
    results = [json.loads(Path(f).read_text()) for f in args.results]
    Path(args.out).write_text(draw(results, args.phase, args.title))
    print(f"wrote {args.out}: {len(results)} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
