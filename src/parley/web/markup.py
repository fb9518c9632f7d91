"""Highlighted text built from escaped pieces: quotes in an article, hits in a snippet.

Article text is never marked safe as a whole. These functions escape every piece of text
themselves and add only their own fixed tags around it, so whatever the article contains
(``<script>``, attributes, entities) is shown as text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True, slots=True)
class Highlight:
    """A range of the text to wrap: ``start``/``end`` offsets and the tag to wrap it in."""

    start: int
    end: int
    tag: str  # "quote" or "speaker"
    href: str | None = None
    title: str | None = None
    anchor: str | None = None  # an id for the first piece of a quote


def _pick(highlights: Iterable[Highlight], size: int) -> list[Highlight]:
    """Non-overlapping highlights inside the text, earliest first (a later overlap loses)."""
    chosen: list[Highlight] = []
    end = 0
    for h in sorted(highlights, key=lambda h: (h.start, -h.end)):
        if h.start < end or h.start >= h.end or h.start < 0 or h.end > size:
            continue
        chosen.append(h)
        end = h.end
    return chosen


def _visible(text: str, start: int, end: int, hidden: list[tuple[int, int]]) -> str:
    """``text[start:end]`` without the hidden ranges."""
    out, pos = [], start
    for s, e in hidden:
        if e <= pos or s >= end:
            continue
        if s > pos:
            out.append(text[pos:s])
        pos = max(pos, e)
    if pos < end:
        out.append(text[pos:end])
    return "".join(out)


def _wrap(h: Highlight, inner: str) -> Markup:
    body = escape(inner)
    if h.href:
        body = Markup('<a href="{}"{}>{}</a>').format(
            h.href, Markup(' class="speaker-link"') if h.tag == "speaker" else "", body)
    attrs = Markup("")
    if h.anchor:
        attrs += Markup(' id="{}"').format(h.anchor)
    if h.title:
        attrs += Markup(' title="{}"').format(h.title)
    if h.tag == "quote":
        return Markup('<mark class="quote"{}>{}</mark>').format(attrs, body)
    return Markup('<span class="speaker"{}>{}</span>').format(attrs, body)


def highlight_text(text: str, highlights: Iterable[Highlight],
                   hidden: Iterable[tuple[int, int]] = ()) -> Markup:
    """``text`` escaped, with ``highlights`` wrapped and the ``hidden`` ranges left out."""
    hide = sorted((max(0, int(s)), min(len(text), int(e))) for s, e in hidden if e > s)
    out: list[str] = []
    pos = 0
    for h in _pick(highlights, len(text)):
        out.append(escape(_visible(text, pos, h.start, hide)))
        inner = _visible(text, h.start, h.end, hide)
        if inner:
            out.append(_wrap(h, inner))
        pos = h.end
    out.append(escape(_visible(text, pos, len(text), hide)))
    return Markup("").join(out)


def quote_highlights(quotes: Iterable[dict]) -> list[Highlight]:
    """Highlights for the quotes of an article page (each segment, and the speaker's mention).

    Each quote dict is a ``Quote.to_json()`` plus ``ranges`` ([[start, end], ...]),
    ``speaker_actor_id`` and ``mention`` ([start, end] or None).
    """
    out = []
    for q in quotes:
        href = f"/actors/{int(q['speaker_actor_id'])}" if q.get("speaker_actor_id") else None
        name = q["speaker"]["name"]
        title = f"{name} ({'quoted' if q.get('direct') else 'paraphrased'})"
        for i, (s, e) in enumerate(q["ranges"]):
            out.append(Highlight(int(s), int(e), "quote", href, title,
                                 f"q-{q['id']}" if i == 0 else None))
        if q.get("mention") and href:
            s, e = q["mention"]
            out.append(Highlight(int(s), int(e), "speaker", href, name))
    return out


def snippet_markup(snippet: str, ranges: Iterable[Iterable[int]]) -> Markup:
    """A search snippet escaped, with the matched words in ``<b>``."""
    out, pos = [], 0
    for s, e in sorted((int(a), int(b)) for a, b in ranges):
        if s < pos or e > len(snippet) or s >= e:
            continue
        out.append(escape(snippet[pos:s]))
        out.append(Markup("<b>{}</b>").format(snippet[s:e]))
        pos = e
    out.append(escape(snippet[pos:]))
    return Markup("").join(out)
