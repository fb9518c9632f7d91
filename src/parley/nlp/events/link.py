"""Link statements to the event they were made at, and give undated statements its date.

Two links, both read from the text:

* *explicit*: a setting phrase on a verb ("During the interview, Lavrov reaffirmed …,
  asserting …, and commended …", "In an interview on Sunday, Lavrov criticized …") links
  every event and quote of that verb's clause family to the setting. A definite setting
  ("the interview", "the talks") refers back to the last event of its kind when there is
  one, and is then not a new event;
* *continuation*: after a setting (or a dated report: "X told reporters on Friday"), the
  statements of its participants that carry no date of their own belong to it, until a
  sentence gives another date. That is how a newswire story reports an interview: the
  date once, then paragraph after paragraph of what was said.

An event without a date of its own and without a link keeps no date: nothing is guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from parley.nlp.events.context import DateInfo, DocContext, QuoteInfo
from parley.nlp.events.rules import RawEvent

FAMILY_DEPS = frozenset({"conj", "advcl", "xcomp"})


@dataclass(slots=True)
class Scope:
    """A stretch of text in which a participant's statements belong to one occasion."""

    participants: frozenset[str]  # whose quotes belong to the occasion
    actors: frozenset[str]  # whose undated statements take its date
    target: RawEvent | None  # the emitted setting, or None for a dated report
    date: DateInfo | None
    sent: int


def resolve_references(events: list[RawEvent]) -> list[RawEvent]:
    """Drop definite settings that refer back to an earlier event of their kind."""
    out: list[RawEvent] = []
    for ev in events:
        if ev.definite and ev.setting_prep is not None:
            before = [e for e in out if e.kind.name == ev.kind.name and e.kind.emit]
            if before:
                ev.extra["refers_to"] = before[-1]
                continue
        out.append(ev)
    return out


def clause_family(verb: Token) -> set[int]:
    """The verb, its coordinated verbs and its participle clauses (token indices)."""
    root = verb
    while root.head.i != root.i and (
        root.dep_ == "conj" or root.dep_ == "advcl" and not _has_subject(root)
    ):
        root = root.head
    family, todo = set(), [root]
    while todo:
        v = todo.pop()
        family.add(v.i)
        todo += [c for c in v.children if c.dep_ in FAMILY_DEPS and c.pos_ in ("VERB", "AUX")]
    return family


def _has_subject(v: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children)


def link_explicit(events: list[RawEvent], settings: list[RawEvent], ctx: DocContext) -> None:
    """Attach the events and quotes of a setting phrase's clause family to the setting."""
    for s in settings:
        target = s.extra.get("refers_to", s)
        family = clause_family(s.extra.get("host", s.anchor))
        for ev in events:
            if ev is target or ev is s or ev.kind.role == "setting" or not _in(ev, family):
                continue
            _attach(ev, target)
            ev.extra["linked"] = True
        if target.kind.emit:
            for q in ctx.quotes:
                if q.cue_i is not None and q.cue_i in family and not q.record.get("event_id"):
                    q.record["event_id"] = target.id


def _in(ev: RawEvent, family: set[int]) -> bool:
    """The event's clause is in the family, or it was reported by a verb that is."""
    reported = ev.quote is not None and ev.quote.cue_i in family
    return ev.anchor.i in family or reported and ev.kind.role == "statement"


def _attach(ev: RawEvent, target: RawEvent) -> None:
    if target.kind.emit:
        ev.event_id = target.id
    if ev.date is None:
        ev.date = target.date


def dated_sentences(ctx: DocContext) -> frozenset[int]:
    """Sentences holding a resolved date expression."""
    return frozenset(d.sent for d in ctx.dates if d.ref.get("resolved") and d.ref.get("value"))


class Continuations:
    """One forward pass over events and quotes: open scopes, inherit, close on new dates."""

    def __init__(self, ctx: DocContext):
        self.ctx = ctx
        self.breaks = dated_sentences(ctx)
        self.active: list[Scope] = []
        self.sent = -1

    def enter(self, sent: int) -> None:
        """A sentence that gives a date of its own closes the scopes opened before it."""
        if sent != self.sent:
            if sent in self.breaks:
                self.active = [s for s in self.active if s.sent >= sent]
            self.sent = sent

    def latest(self, names, by_actor: bool) -> Scope | None:
        wanted = set(names)
        for scope in reversed(self.active):
            if (scope.actors if by_actor else scope.participants) & wanted:
                return scope
        return None

    def event(self, ev: RawEvent) -> None:
        """Statements and settings continue an occasion; settings open one."""
        setting = ev.kind.role == "setting"
        if not setting and ev.kind.role != "statement":
            return
        if ev.date is None and not ev.extra.get("linked"):
            scope = self.latest(ev.actors, by_actor=True)
            if scope is not None and setting and scope.target is None and self._told(ev):
                scope = None  # "said on Monday that the meeting they had went well"
            if scope is not None:
                ev.date = scope.date
                if scope.target is not None and not setting:
                    ev.event_id = scope.target.id
        if setting and ev.extra.get("how") != "dated":  # not "last Wednesday's meeting"
            target = ev if ev.kind.emit else None
            names = frozenset(ev.actors) | frozenset(ev.recipients)
            scope = Scope(names, frozenset(ev.actors), target, ev.date, self.sent)
            self.active.append(scope)

    def _told(self, ev: RawEvent) -> bool:
        """The occurrence is told inside what a speaker reports (not its occasion): in a
        quote, or in the complement of a verb dated on its own ("said on Monday that")."""
        if self.ctx.quote_at(ev.token.idx) is not None:
            return True
        tok = ev.token
        for _ in range(8):
            if tok.head.i == tok.i:
                return False
            if tok.dep_ == "ccomp" and self.ctx.dates_of(tok.head):
                return True
            tok = tok.head
        return False

    def quote(self, q: QuoteInfo) -> None:
        """A dated report opens an occasion; an undated quote joins the open one."""
        cue = self.ctx.doc[q.cue_i]
        dates = self.ctx.dates_of(cue)
        if dates:
            who = frozenset([q.speaker])
            self.active.append(Scope(who, who, None, dates[0], self.sent))
            return
        if not q.record.get("event_id"):
            scope = self.latest([q.speaker], by_actor=False)
            if scope is not None and scope.target is not None:
                q.record["event_id"] = scope.target.id


def link_continuations(events: list[RawEvent], ctx: DocContext) -> None:
    """Give undated, unlinked events (and quotes) the occasion they continue."""
    stream: list[tuple[int, int, object]] = [(ev.token.idx, 0, ev) for ev in events]
    for q in ctx.quotes:
        if q.speaker and q.cue_i is not None:
            stream.append((ctx.doc[q.cue_i].idx, 1, q))
    stream.sort(key=lambda item: item[:2])
    run = Continuations(ctx)
    for char, _, item in stream:
        run.enter(ctx.sent_of(ctx.token_at(char)))
        if isinstance(item, RawEvent):
            run.event(item)
        else:
            run.quote(item)


#: Encounters that, told inside a visit ("During the visit, X met Y"), are part of it.
PARTS_OF_VISIT = frozenset({"meeting", "talks"})


def meetings_during_visits(kept: list[RawEvent], settings: list[RawEvent]) -> list[RawEvent]:
    """ "X arrived in Sanaa on Tuesday ... During the visit, X met Y": the meeting told
    under a definite setting that refers back to a visit is that visit told again, not a
    second occurrence. Whom the visitor met joins the visit's recipients; a meeting with
    a date of its own other than the visit's, or without the visitor, stays apart."""
    drop: set[int] = set()
    for s in settings:
        visit = s.extra.get("refers_to")
        if visit is None or visit.kind.name != "visit" or not visit.kind.emit:
            continue
        family = clause_family(s.extra.get("host", s.anchor))
        sides = set(visit.actors) | set(visit.recipients)
        for ev in kept:
            if ev is s or ev is visit or ev.kind.name not in PARTS_OF_VISIT:
                continue
            if ev.anchor.i not in family or not set(ev.actors) & set(visit.actors):
                continue
            if ev.date is not None and visit.date is not None and _value(ev) != _value(visit):
                continue
            visit.recipients += [r for r in ev.recipients if r not in sides]
            sides |= set(ev.recipients)
            visit.mediators += [m for m in ev.mediators if m not in visit.mediators]
            visit.place = visit.place or ev.place
            visit.date = visit.date or ev.date
            visit.extra.setdefault("mentions", []).append(ev.token.i)
            drop.add(id(ev))
    return [e for e in kept if id(e) not in drop]


def _value(ev: RawEvent) -> str | None:
    return ev.date.ref.get("value") if ev.date is not None else None


def link(events: list[RawEvent], ctx: DocContext) -> list[RawEvent]:
    """Resolve references, then explicit links, then continuations; returns the events."""
    kept = resolve_references(events)
    settings = [e for e in events if e.kind.role == "setting" and e.setting_prep is not None]
    kept = meetings_during_visits(kept, settings)
    link_explicit(kept, settings, ctx)
    link_continuations(kept, ctx)
    return kept
