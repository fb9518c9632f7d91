"""The human-readable report of an analysis: who said what, events and stances, as plain text.

Plain text on purpose: it reads the same in a terminal, a pipe, a file or an email. Layout
per article: a header (doc id, title, date, source), then the statements grouped by
speaker (speakers in order of their first statement, statements in text order), then
events and stances when there are any. Lines are wrapped at ``width`` columns.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Iterator

from parley.model import Analysis, Event, Quote, Stance

WIDTH = 88
_INDENT = "    "


def _wrap(text: str, first: str, rest: str, width: int) -> list[str]:
    """``text`` filled to ``width`` with a first-line and a continuation prefix."""
    flat = " ".join(text.split())
    return textwrap.wrap(flat, width=width, initial_indent=first, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False) or [first.rstrip()]


def header(analysis: Analysis) -> list[str]:
    """Title block: doc id and title, then date, author, site, source and URL when known."""
    art = analysis.article
    title = f"{analysis.doc_id}: {art.title}" if art.title else analysis.doc_id
    lines = [title, "=" * min(len(title), WIDTH)]
    facts = [
        ("published", art.published or "unknown"),
        ("author", art.author),
        ("site", art.site),
        ("source", art.source),
        ("url", art.url),
    ]
    lines += [f"{key}: {value}" for key, value in facts if value]
    return lines


def _statement(quote: Quote, width: int) -> list[str]:
    """One statement: cue, quoted/paraphrased, addressee, then the content on its own lines."""
    kind = "quoted" if quote.direct else "paraphrased"
    cue = quote.cue.text if quote.cue else "(no cue)"
    to = f", to {quote.addressee}" if quote.addressee else ""
    span = quote.content
    first = f"  - {cue} ({kind}{to}) [{span.start}:{span.end}]"
    content = f"\u201c{span.text}\u201d" if quote.direct else span.text
    return [first, *_wrap(content, _INDENT, _INDENT, width)]


def who_said_what(quotes: list[Quote], width: int = WIDTH) -> list[str]:
    """The statements grouped by speaker's canonical name, in order of first statement."""
    groups: dict[str, list[Quote]] = {}
    for quote in sorted(quotes, key=lambda q: (q.content.start, q.content.end)):
        groups.setdefault(quote.speaker.name or "(unknown speaker)", []).append(quote)
    lines: list[str] = []
    for speaker, said in groups.items():
        count = "1 statement" if len(said) == 1 else f"{len(said)} statements"
        lines.append(f"{speaker} ({count})")
        for quote in said:
            lines += _statement(quote, width)
    return lines


def _event(event: Event, width: int) -> list[str]:
    when = event.date_value or "date unknown"
    who = ", ".join(event.actors) or "(unknown)"
    if event.recipients:
        who += " -> " + ", ".join(event.recipients)
    if event.mediators:  # the go-between is part of the record ("Oman-mediated talks")
        who += " (mediated by " + ", ".join(event.mediators) + ")"
    where = f" at {event.place}" if event.place else ""
    kind = event.kind + (f"/{event.plover}" if event.plover else "")
    return [f"  - {when}  {kind}: {who}{where}",
            *_wrap(event.evidence.text, _INDENT, _INDENT, width)]


_STANCE_VERBS = {
    "support": "supports",
    "oppose": "opposes",
    "conditional": "conditionally supports",
    "unclear": "is unclear on",
}


def _stance(stance: Stance, width: int) -> list[str]:
    when = f" ({stance.date})" if stance.date else ""
    verb = _STANCE_VERBS.get(stance.stance, stance.stance)
    what = f": {stance.proposition}" if stance.proposition else ""
    return [f"  - {stance.actor} {verb} {stance.issue}{when}{what}",
            *_wrap(stance.evidence.text, _INDENT, _INDENT, width)]


def render_analysis(analysis: Analysis, width: int = WIDTH) -> str:
    """The plain-text report of one analysis (ends with a newline)."""
    lines = header(analysis) + ["", "Who said what", "-------------"]
    lines += who_said_what(analysis.quotes, width) or ["  (no statements found)"]
    if analysis.events:
        lines += ["", "Events", "------"]
        for event in sorted(analysis.events, key=lambda e: (e.evidence.start, e.id)):
            lines += _event(event, width)
    if analysis.stances:
        lines += ["", "Stances", "-------"]
        for stance in sorted(analysis.stances, key=lambda s: (s.issue, s.actor, s.evidence.start)):
            lines += _stance(stance, width)
    return "\n".join(lines) + "\n"


def render_report(analyses: Iterable[Analysis], width: int = WIDTH) -> Iterator[str]:
    """The reports of ``analyses`` one by one, separated by a blank line (a stream)."""
    for i, analysis in enumerate(analyses):
        yield ("\n" if i else "") + render_analysis(analysis, width)
