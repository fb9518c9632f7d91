"""The ``parley_stances`` component: where each actor stands on each issue of the catalogue.

Writes ``doc._.parley_stances`` = ``[Stance JSON, ...]``: at most one stance per actor and
issue per article, read from the article's quotes, side-taking events and verbs (see
``units``) with the rules in ``rules``. The date is that of the event the statement was
made at, else the publication date. Boilerplate yields nothing.

(No ``from __future__ import annotations`` here: spaCy validates factory signatures.)
"""

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from parley.model import Span, Stance, stable_id
from parley.nlp.extensions import meta, text_of
from parley.nlp.ranges import RangeSet
from parley.nlp.stances.catalogue import (
    ANAPHOR,
    CONTEXT,
    KEYWORD,
    MENTIONS,
    Catalogue,
    load_catalogue,
)
from parley.nlp.stances.open import find_open, to_stance
from parley.nlp.stances.rules import Match, Reading, read
from parley.nlp.stances.units import Mentions, Unit, event_units, quote_units, verb_units

#: Which label wins when readings of equal strength disagree ("support" with a
#: "conditional" is conditional; "support" against "oppose" is unclear).
_MIXED = {
    frozenset({"support", "conditional"}): "conditional",
    frozenset({"oppose", "conditional"}): "conditional",
}


class StanceFinder:
    """Reads stances toward the catalogue's issues from the doc's statements."""

    def __init__(
        self, issues: Iterable[str] | None = None, emit_unclear: bool = False, open: bool = True
    ):
        self.catalogue: Catalogue = load_catalogue(tuple(issues) if issues else None)
        self.emit_unclear = emit_unclear
        self.open = open

    def __call__(self, doc: Doc) -> Doc:
        skip = RangeSet(doc._.parley_boilerplate or [])
        text = text_of(doc)
        quotes = doc._.parley_quotes or []
        mentions = Mentions(doc._.parley_actors or [])
        info = meta(doc)
        stances = self.catalogued(doc, text, skip, quotes, mentions, info)
        if self.open:
            stances = stances + self.opened(doc, text, skip, quotes, mentions, info, stances)
        doc._.parley_stances = [s.to_json() for s in stances]
        return doc

    def opened(
        self, doc: Doc, text: str, skip: RangeSet, quotes: list[dict], mentions: Mentions,
        info: dict, catalogued: list[Stance],
    ) -> list[Stance]:
        """Open-target stances, less those a catalogued stance of the actor already states."""
        taken = set()
        for s in catalogued:
            span = doc.char_span(s.evidence.start, s.evidence.end, alignment_mode="expand")
            if span is not None and len(span):
                taken.add((s.actor, span[0].sent.start))
        out = []
        for found in find_open(doc, quotes, mentions, skip, info.get("title")):
            if (found.holders[0][0], found.sent[0]) in taken:
                continue
            out.append(to_stance(doc, text, found, info.get("doc_id") or "", info.get("published")))
        return out

    def catalogued(
        self, doc: Doc, text: str, skip: RangeSet, quotes: list[dict], mentions: Mentions,
        info: dict,
    ) -> list[Stance]:
        """Stances on the catalogue's issues."""
        matches = find_matches(doc, self.catalogue, skip, text)
        if not matches:
            return []
        events = doc._.parley_events or []
        dates = {e["id"]: e.get("date") for e in events if e.get("id")}
        units = (
            quote_units(doc, quotes, mentions, dates)
            + event_units(doc, events, mentions)
            + verb_units(doc, mentions, quotes, skip)
        )
        found = [
            (actor, r, u)
            for u in units
            for r in self.readings(doc, u, matches, mentions)
            for actor in u.actors
        ]
        return self.merge(text, found, info.get("doc_id") or "", info.get("published"))

    def readings(
        self, doc: Doc, unit: Unit, matches: list[Match], mentions: Mentions
    ) -> list[Reading]:
        """Every reading of the unit: each match in its sentences, cues only for named issues."""
        speaks_for = mentions.speaks_for(unit.actors)
        near = _in_sentences(matches, unit.sents)
        named = {m.slug for m in near if m.kind in MENTIONS}
        out = []
        for m in near:
            if m.kind not in MENTIONS and (m.slug not in named or not unit.frame.inside(m.start)):
                continue
            if m.kind in MENTIONS and _covered(m, near):
                continue  # a cue over the keyword reads it better
            reading = read(doc, m, self.catalogue.by_slug[m.slug], unit.frame, speaks_for)
            if reading is not None:
                out.append(reading)
        return out

    def merge(
        self, text: str, found: list[tuple[str, Reading, Unit]], doc_id: str, published: str | None
    ) -> list[Stance]:
        """One stance per (actor, issue) from every reading of it (see ``choose``)."""
        groups: dict[tuple[str, str], list[tuple[Reading, Unit]]] = {}
        for actor, reading, unit in found:
            groups.setdefault((actor, reading.slug), []).append((reading, unit))
        stances = []
        for (actor, slug), items in groups.items():
            label, reading, unit, date = choose(items)
            if label == "unclear" and not self.emit_unclear:
                continue
            stances.append(
                Stance(
                    id=stable_id(doc_id, slug, actor, prefix="s"),
                    issue=slug,
                    proposition=self.catalogue.by_slug[slug].proposition,
                    actor=actor,
                    stance=label,
                    evidence=Span.of(text, reading.start, reading.end),
                    quote_id=unit.quote_id,
                    date=date or published,
                )
            )
        stances.sort(key=lambda s: (s.evidence.start, s.issue, s.actor))
        return stances


def choose(items: list[tuple[Reading, Unit]]) -> tuple[str, Reading, Unit, str | None]:
    """The label, evidence reading, its unit and the date for one actor's readings on one issue.

    Only the strongest readings vote (a catalogue cue beats a lexicon word beats a bare
    negation or modal), one vote per statement however many sources read it. The evidence
    comes from a quote where there is one (it carries the quote id), else an event, else a
    verb, earliest first; the date from the first of them linked to a dated event.
    """
    best = max(r.strength for r, _ in items)
    top = sorted((x for x in items if x[0].strength == best), key=lambda x: (x[1].rank, x[0].start))
    votes = {(r.at, r.label) for r, _ in top}
    label = _vote([lab for _, lab in sorted(votes)])
    agreeing = [x for x in top if x[0].label == label] or top
    date = next((u.date for _, u in agreeing if u.date), None)
    return label, agreeing[0][0], agreeing[0][1], date


def _vote(labels: list[str]) -> str:
    """The label most readings agree on; a tie between different labels is resolved by
    ``_MIXED`` or left "unclear"."""
    counts = Counter(labels)
    ranked = counts.most_common()
    if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
        return ranked[0][0]
    tied = frozenset(label for label, n in ranked if n == ranked[0][1])
    return _MIXED.get(tied, "unclear")


def find_matches(doc: Doc, catalogue: Catalogue, skip: RangeSet, text: str) -> list[Match]:
    """Keyword, cue and pattern matches outside boilerplate, longest first per issue, in order.

    ``text`` is ``doc.text`` (spaCy rebuilds it on every access).
    """
    raw: list[Match] = []
    strings = doc.vocab.strings
    for key, start, end in catalogue.matcher(doc.vocab)(doc):
        slug, kind = strings[key].split("|")
        raw.append(Match(slug, kind, start, end))
    for issue in catalogue:
        for pattern in issue.patterns:
            for m in pattern.finditer(text):
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is not None and len(span):
                    raw.append(Match(issue.slug, KEYWORD, span.start, span.end))
    raw = [m for m in raw if doc[m.start].idx not in skip]
    present = {m.slug for m in raw if m.kind == CONTEXT}
    wanted = {i.slug for i in catalogue if not i.context or i.slug in present}
    return _resolve_anaphors(_longest([m for m in raw if m.kind != CONTEXT and m.slug in wanted]))


def _resolve_anaphors(matches: list[Match]) -> list[Match]:
    """Anaphors become keywords after their issue's first keyword; before it they go."""
    named: set[str] = set()
    out = []
    for m in matches:
        if m.kind == ANAPHOR:
            if m.slug in named:
                out.append(Match(m.slug, KEYWORD, m.start, m.end))
            continue
        if m.kind in MENTIONS:
            named.add(m.slug)
        out.append(m)
    return out


def _longest(matches: list[Match]) -> list[Match]:
    """Drop matches inside a longer match of the same issue and kind ("talks" in "direct talks")."""
    matches.sort(key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Match] = []
    for m in matches:
        if any(
            o.slug == m.slug
            and o.start <= m.start
            and m.end <= o.end
            and (o.kind == m.kind or m.kind == ANAPHOR or {o.kind, m.kind} == MENTIONS)
            for o in out[-6:]
        ):
            continue
        out.append(m)
    return out


def _in_sentences(matches: list[Match], sents: tuple[tuple[int, int], ...]) -> list[Match]:
    starts = [m.start for m in matches]
    out = []
    for s, e in sents:
        out.extend(matches[bisect_left(starts, s) : bisect_left(starts, e)])
    return out


def _covered(m: Match, near: list[Match]) -> bool:
    return any(
        o.kind not in MENTIONS and o.slug == m.slug and o.start <= m.start and m.end <= o.end
        for o in near
    )


@Language.factory(
    "parley_stances", default_config={"issues": None, "emit_unclear": False, "open": True}
)
def make_stances(
    nlp: Language, name: str, issues: list[str] | None, emit_unclear: bool, open: bool
) -> StanceFinder:
    return StanceFinder(issues, emit_unclear, open)
