"""Server-side SVG pictures for the hub: positions over time, and whom an actor met.

Plain SVG markup, made here and sent inside the page: readable without JavaScript, no
library, no CDN, nothing inline that the hub's Content-Security-Policy forbids (colours are
presentation attributes and classes of the hub's own stylesheet, never ``style=``). Every
text is escaped; links are relative hub paths built from integer ids.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape, quoteattr

#: Fill colour per stance label (also in the legend).
COLOURS = {"support": "#2e7d32", "oppose": "#c62828", "conditional": "#ef8f00",
           "unclear": "#9e9e9e"}
ROW, LEFT, RIGHT, TOP, WIDTH = 26, 170, 20, 34, 720
MAX_ROWS = 30


@dataclass(frozen=True, slots=True)
class Point:
    """One stance on the chart."""

    actor: str
    actor_id: int | None
    day: str | None  # ISO date
    stance: str
    changed: bool = False


def _day(value: str | None) -> int | None:
    try:
        return date.fromisoformat((value or "")[:10]).toordinal()
    except ValueError:
        return None


def _short(text: str, n: int = 24) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _linked(markup: str, actor_id: int | None) -> str:
    """``markup`` inside a link to the actor's page (when the actor has one)."""
    if actor_id is None:
        return markup
    return f'<a href="/actors/{int(actor_id)}" class="chart-link">{markup}</a>'


def _runs(items: list[tuple[Point, int]]) -> list[tuple[Point, int]]:
    """The first stance of each run of one known label, and the last stance: an actor with
    thousands of stances draws as many dots as positions it held. "unclear" stances say
    nothing about a position and are left out unless the actor has nothing else."""
    known = [(p, d) for p, d in items if p.stance != "unclear"] or items
    keep = [n for n, (p, _) in enumerate(known)
            if n == 0 or p.stance != known[n - 1][0].stance or p.changed]
    if keep[-1] != len(known) - 1:
        keep.append(len(known) - 1)
    return [known[n] for n in keep]


def _legend(y: int) -> list[str]:
    out, x = [], LEFT
    for label, colour in COLOURS.items():
        out.append(f'<circle cx="{x}" cy="{y}" r="5" fill="{colour}"/>'
                   f'<text x="{x + 9}" y="{y + 4}" class="chart-label">{label}</text>')
        x += 110
    return out


def positions_chart(points: Sequence[Point], title: str = "Positions over time") -> str:
    """Each actor's stances as a row of dots along a time axis; a ring marks a change.

    ``points`` come in timeline order; undated stances are left out. Actors are listed by
    their first stance (at most ``MAX_ROWS``).
    """
    dated = [(p, _day(p.day)) for p in points]
    dated = [(p, d) for p, d in dated if d is not None]
    if not dated:
        return ""
    rows: dict[str, list[tuple[Point, int]]] = {}
    for p, d in dated:
        if p.actor in rows or len(rows) < MAX_ROWS:
            rows.setdefault(p.actor, []).append((p, d))
    rows = {actor: _runs(items) for actor, items in rows.items()}
    lo, hi = min(d for _, d in dated), max(d for _, d in dated)
    span = max(hi - lo, 1)
    plot = WIDTH - LEFT - RIGHT
    height = TOP + ROW * len(rows) + 40

    def x(d: int) -> float:
        return LEFT + (d - lo) / span * plot if hi > lo else LEFT + plot / 2

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart positions-chart" '
           f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
           f'aria-label={quoteattr(title)}><title>{escape(title)}</title>',
           f'<text x="{LEFT}" y="16" class="chart-axis">{date.fromordinal(lo).isoformat()}</text>',
           f'<text x="{WIDTH - RIGHT}" y="16" text-anchor="end" class="chart-axis">'
           f'{date.fromordinal(hi).isoformat()}</text>']
    for i, (actor, items) in enumerate(rows.items()):
        y = TOP + ROW * i + ROW // 2
        first = items[0][0]
        out.append(_linked(f'<text x="{LEFT - 8}" y="{y + 4}" text-anchor="end" '
                           f'class="chart-label">{escape(_short(actor))}</text>', first.actor_id))
        out.append(f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" class="chart-grid"/>')
        for (a, da), (_, db) in zip(items, items[1:], strict=False):
            out.append(f'<line x1="{x(da):.1f}" y1="{y}" x2="{x(db):.1f}" y2="{y}" '
                       f'stroke="{COLOURS.get(a.stance, "#999")}" stroke-width="3"/>')
        for p, d in items:
            colour = COLOURS.get(p.stance, "#999")
            ring = ' stroke="#000" stroke-width="2"' if p.changed else ""
            tip = f"{p.day}: {actor} {p.stance}" + (" (changed)" if p.changed else "")
            out.append(f'<circle cx="{x(d):.1f}" cy="{y}" r="6" fill="{colour}"{ring}>'
                       f'<title>{escape(tip)}</title></circle>')
    out += _legend(height - 14)
    out.append("</svg>")
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Tie:
    """Someone the actor met or addressed, and how often."""

    name: str
    actor_id: int | None
    count: int


def contacts_graph(centre: str, ties: Sequence[Tie], title: str = "Met or addressed") -> str:
    """The actor in the middle, the others on a circle, lines as thick as the contacts."""
    if not ties:
        return ""
    size, radius = 420, 150
    cx = cy = size // 2
    most = max(t.count for t in ties)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart contacts-graph" '
           f'viewBox="0 0 {size} {size}" width="{size}" height="{size}" role="img" '
           f'aria-label={quoteattr(title)}><title>{escape(title)}</title>']
    nodes = []
    for i, tie in enumerate(ties):
        angle = 2 * math.pi * i / len(ties) - math.pi / 2
        px, py = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        width = 1 + 4 * tie.count / most
        out.append(f'<line x1="{cx}" y1="{cy}" x2="{px:.1f}" y2="{py:.1f}" stroke="#607d8b" '
                   f'stroke-width="{width:.1f}"><title>{escape(tie.name)}: {tie.count}</title></line>')
        anchor = "start" if math.cos(angle) > 0.2 else "end" if math.cos(angle) < -0.2 else "middle"
        dy = 18 if math.sin(angle) > 0.5 else -10 if math.sin(angle) < -0.5 else 4
        label = escape(f"{_short(tie.name, 22)} ({tie.count})")
        nodes.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="7" fill="#90a4ae"/>' + _linked(
            f'<text x="{px:.1f}" y="{py + dy:.1f}" text-anchor="{anchor}" '
            f'class="chart-label">{label}</text>', tie.actor_id))
    out += nodes
    out.append(f'<circle cx="{cx}" cy="{cy}" r="11" fill="#37474f"/>'
               f'<text x="{cx}" y="{cy - 16}" text-anchor="middle" class="chart-label chart-centre">'
               f'{escape(_short(centre, 30))}</text>')
    out.append("</svg>")
    return "".join(out)
