"""The ``parley_events`` component: writes ``doc._.parley_events`` (Event JSON list).

Runs after ``parley_actors`` (canonical names and their mentions) and ``parley_dates``
(resolved date expressions); sets ``event_id`` on the quotes in ``doc._.parley_quotes``
that were said at an event.

(No ``from __future__ import annotations`` here: spaCy validates factory signatures.)
"""

from spacy.language import Language
from spacy.tokens import Doc

from parley.model import DateRef, Event, Span, stable_id
from parley.nlp.actors.registry import load_registry
from parley.nlp.events.attendance import counted_ways
from parley.nlp.events.context import DocContext
from parley.nlp.events.lexicon import load_lexicon
from parley.nlp.events.link import link
from parley.nlp.events.merge import merge_events
from parley.nlp.events.occurrence import OCCURRENCES
from parley.nlp.events.process import (
    afterwards,
    dated_mentions,
    envoys_abroad,
    guarantors,
    neutral_go_betweens,
    same_process,
    same_venue_sides,
    shuttle_mediators,
    trips_for_talks,
)
from parley.nlp.events.rules import EventRules, RawEvent
from parley.nlp.extensions import meta


class EventFinder:
    """Finds events, links statements to the events they were made at, writes JSON."""

    def __init__(self, lexicon_path: str | None = None, registries: list[str] | None = None):
        self.lexicon = load_lexicon(lexicon_path)
        self.registry = load_registry(tuple(registries) if registries else None)

    def __call__(self, doc: Doc) -> Doc:
        ctx = DocContext(doc, self.registry)
        rules = EventRules(self.lexicon, ctx)
        raw = merge_events(rules.find(), ctx.sent_of, rules.occ.parties)
        shuttle_mediators(raw, rules.occ.parties, ctx.sent_of)
        same_process(raw, rules.occ.parties)
        same_venue_sides(raw, rules.occ.parties)
        neutral_go_betweens(raw, rules.occ.parties)  # its own swap's, not the process's
        afterwards(raw)
        dated_mentions(raw, rules.occ.parties, self.lexicon.nouns)
        for ev in raw:  # a third country's capital hosts what no state mediates
            if ev.kind.name in OCCURRENCES and not any(
                rules.occ.parties.countries.code(m) for m in ev.mediators
            ):
                rules.occ.venue_host(ev)
        guarantors(raw, rules.occ.parties)  # after hosts: a guarantor host brings the others
        counted_ways(raw, rules.occ.parties)  # after hosts: "four-way talks" count them
        raw = trips_for_talks(raw)  # after mediators: a visit takes its talks' go-betweens
        parties = rules.occ.parties
        envoys_abroad(
            raw, self.lexicon.kind("visit"), rules.occ.country_of_place, parties.countries,
            parties.home,
        )
        doc_id = meta(doc).get("doc_id") or ""
        for ev in raw:
            start, end = _evidence_chars(doc, ev)
            ev.id = stable_id(doc_id, ev.kind.name, start, end, prefix="e")
        kept = link(raw, ctx)
        doc._.parley_events = [to_record(doc, ev).to_json() for ev in kept if ev.kind.emit]
        return doc


def _evidence_chars(doc: Doc, ev: RawEvent) -> tuple[int, int]:
    last = doc[ev.right]
    return doc[ev.left].idx, last.idx + len(last.text)


def to_record(doc: Doc, ev: RawEvent) -> Event:
    """An ``Event`` record from a linked raw event."""
    start, end = _evidence_chars(doc, ev)
    # the evidence tokens' own text: ``doc.text`` would join every token of the doc
    evidence = Span(doc[ev.left : ev.right + 1].text, start, end)
    return Event(
        id=ev.id,
        kind=ev.kind.name,
        plover=ev.kind.plover,
        evidence=evidence,
        actors=list(ev.actors),
        recipients=list(ev.recipients),
        mode=ev.mode,
        place=ev.place,
        mediators=list(ev.mediators),
        status=ev.status,
        date=DateRef.from_json(ev.date.ref) if ev.date is not None else None,
        event_id=ev.event_id,
    )


@Language.factory("parley_events", default_config={"lexicon_path": None, "registries": None})
def make_events(
    nlp: Language, name: str, lexicon_path: str | None, registries: list[str] | None
) -> EventFinder:
    return EventFinder(lexicon_path, registries)
