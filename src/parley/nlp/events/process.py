"""One negotiation, many mentions: what the article says once holds for the whole process.

Wire copy names a mediator once ("talks hosted by Oman", "with Turkish officials moving
between the two rooms", "EU envoy X shuttled between the two delegations") and then
reports the next round, the agreed extension or the signing between the same two sides
without repeating it. Those later (or earlier) occurrences between the same sides are
the same process, with the same mediators:

* a go-between named in a sentence of its own ("X shuttled between the delegations")
  mediates the nearest talks before it (or the first after it, within two sentences);
* an occurrence between two sides that names no mediator takes the mediators of another
  occurrence of the article between the same sides;
* what was done "afterwards" or "later" ("told state television afterwards", "later held
  talks with X"; not "three days later") without a date of its own took place the day of
  the last dated occurrence before it.

Only kinds negotiated between sides take part (talks, meetings between delegations or
states, signings, extensions, ceasefires); people meeting people keep what they have.
"""

from __future__ import annotations

from spacy.attrs import LEMMA, LOWER

from parley.nlp.actors.countries import CountryIndex
from parley.nlp.events.parties import Parties, neutral
from parley.nlp.events.rules import RawEvent, talks_told_with
from parley.nlp.events.syntax import child, subject
from parley.nlp.events.when import noun_clause_date
from parley.nlp.scan import positions

#: Occurrence kinds that belong to a mediated process between two sides.
PROCESS = frozenset({"talks", "meeting", "signing", "extension", "ceasefire"})
#: How far (in sentences) a go-between's sentence reaches to the talks it mediates.
REACH = 2


def _key(name: str, countries: CountryIndex) -> str:
    return countries.code(name) or name.lower()


def _sides(ev: RawEvent, countries: CountryIndex) -> frozenset[str]:
    return frozenset(_key(n, countries) for n in [*ev.actors, *ev.recipients])


def _eligible(ev: RawEvent, parties: Parties) -> bool:
    if ev.kind.name not in PROCESS or len(ev.actors) + len(ev.recipients) < 2:
        return False
    return not any(parties.ctx.kind_of(n) == "person" for n in [*ev.actors, *ev.recipients])


#: Kinds done between two sides, where a neutral body is the go-between.
BETWEEN_SIDES = frozenset({"talks", "signing", "extension", "ceasefire", "exchange"})


def neutral_go_betweens(events: list[RawEvent], parties: Parties) -> None:
    """ "let the Red Cross organise an exchange of prisoners", "the ICRC flew 87 soldiers
    held by X ... in the first exchange": the neutral body mediates, and a swap or talks
    with no side named are between the article's two sides (in place)."""
    for ev in events:
        if ev.kind.name not in BETWEEN_SIDES:
            continue
        bodies = [n for n in [*ev.actors, *ev.recipients] if neutral(n)]
        if not bodies:
            continue
        ev.actors = [n for n in ev.actors if not neutral(n)]
        ev.recipients = [n for n in ev.recipients if not neutral(n)]
        if ev.kind.name == "exchange":  # talks it does not mediate: only no side of them
            ev.mediators = [*ev.mediators, *(b for b in bodies if b not in ev.mediators)]
        if not ev.actors and not ev.recipients:
            got: list[str] = []
            key = parties.countries.code
            for side in parties.principal():
                if neutral(side) or side in ev.mediators:
                    continue
                if side not in got and not any(key(side) and key(side) == key(g) for g in got):
                    ev.actors.append(side)
                    got.append(side)


def shuttle_mediators(events: list[RawEvent], parties: Parties, sent_of) -> None:
    """A go-between's own sentence ("X shuttled between the two delegations") mediates
    the nearest talks (in place)."""
    doc = parties.ctx.doc
    talks = [e for e in events if e.kind.name in ("talks", "meeting") and not e.mediators]
    if not talks:
        return
    for n, sent in enumerate(doc.sents):
        if parties.ctx.skipped(sent[0].idx):
            continue
        found = parties.shuttle(sent)
        reach = REACH
        if not found:  # "X acts as go-between": the article's talks
            found, reach = parties.serving(sent), len(doc)
        if not found:
            continue
        near = [e for e in talks if abs(sent_of(e.token.i) - n) <= reach and _eligible(e, parties)]
        before = [e for e in near if sent_of(e.token.i) <= n]
        target = before[-1] if before else (near[0] if near else None)
        if target is not None and not target.mediators:
            target.mediators = [m for m in found if m not in target.actors + target.recipients]


def same_process(events: list[RawEvent], parties: Parties) -> None:
    """Occurrences between the same two sides share their mediators (in place)."""
    countries = parties.countries
    known: dict[frozenset[str], list[str]] = {}
    for ev in events:
        if ev.mediators and _eligible(ev, parties):
            sides = _sides(ev, countries)
            got = known.setdefault(sides, [])
            got += [m for m in ev.mediators if m not in got]
    if not known:
        return
    for ev in events:
        if ev.mediators or not _eligible(ev, parties):
            continue
        found = known.get(_sides(ev, countries))
        if found:
            ev.mediators = [m for m in found if m not in ev.actors + ev.recipients]


#: Kinds a process's guarantor states stand behind as its mediators.
GUARANTEED = frozenset({"talks", "signing", "extension", "ceasefire"})


def _guarantor_states(parties: Parties) -> list[str]:
    """States named as the process's guarantors: "diplomats from Cuba and Norway, two of
    the guarantor countries", "Brazil and Chile, the guarantors of the talks" (countries
    named in a sentence about guarantors, before the word)."""
    ctx, countries = parties.ctx, parties.countries
    found: list[str] = []
    if "guarantor" not in ctx.doc.text.lower():
        return found  # the common case: no token to look at
    for tok in ctx.doc:
        if tok.lemma_.lower() != "guarantor" or ctx.skipped(tok.idx):
            continue
        for ent in tok.sent.ents:
            if ent.label_ != "GPE" or ent.end > tok.i:
                continue
            code = countries.by_name(ent.text)
            name = countries.name(code) if code else None
            if name and name not in found:
                found.append(name)
    return found


def guarantors(events: list[RawEvent], parties: Parties) -> None:
    """Guarantor states mediate together: talks, an extension, a truce or a signing
    between two other sides that one guarantor mediates or hosts ("extended in Havana"
    with Cuba and Norway the guarantors) has the others as mediators too (in place);
    talks hosted by a third country keep their host alone."""
    states = _guarantor_states(parties)
    if not states:
        return
    for ev in events:
        if ev.kind.name not in GUARANTEED or not _eligible(ev, parties):
            continue
        sides = [*ev.actors, *ev.recipients]
        if any(s in states for s in sides) or not any(m in states for m in ev.mediators):
            continue
        ev.mediators = [*ev.mediators, *(s for s in states if s not in ev.mediators)]


#: Adverbs that date an act by the occurrence told before it.
AFTERWARDS = frozenset({"afterwards", "afterward", "thereafter", "later"})


def afterwards(events: list[RawEvent]) -> None:
    """An undated act done "afterwards" takes the date of the last dated occurrence that
    happened before it in the text (in place)."""
    done = sorted(events, key=lambda e: e.token.i)
    for n, ev in enumerate(done):
        if ev.date is not None:
            continue
        words = {
            c.lower_
            for t in (ev.anchor, ev.token)
            for c in t.children
            if c.dep_ == "advmod" and not any(c.children)  # not "three days later"
        }
        if not words & AFTERWARDS:
            continue
        before = [e for e in done[:n] if e.date is not None and e.status == "happened"]
        if before:
            ev.date = before[-1].date


#: Kinds whose later mention ("the truce, which began on March 2") dates the first.
REMENTIONED = frozenset({"ceasefire", "exchange", "talks", "meeting", "signing"})
DEFINITE = frozenset({"the", "this", "that"})


def dated_mentions(events: list[RawEvent], parties: Parties, nouns) -> None:
    """A later definite mention of an occurrence whose own clause dates it ("extend the
    truce, which began on March 2"; "the swap that the ministry confirmed on Friday")
    dates the last undated occurrence of its kind told before it (in place)."""
    ctx = parties.ctx
    taken = {e.token.i for e in events}
    taken |= {i for e in events for i in e.extra.get("mentions", ())}  # folded mentions
    family = {"talks": "meeting"}
    doc = ctx.doc
    heads = sorted(
        set(positions(doc, LEMMA, nouns.__contains__) + positions(doc, LOWER, "fire".__eq__))
    )
    for tok in (doc[i] for i in heads):  # only the nouns of an occurrence kind can re-mention one
        if tok.pos_ != "NOUN" or tok.i in taken or ctx.skipped(tok.idx):
            continue
        kinds = {t.kind for t in nouns.get(tok.lemma_, ())} & REMENTIONED
        if tok.lower_ == "fire" and any(c.lower_ == "cease" for c in tok.children):
            kinds = {"ceasefire"}  # "cease-fire" split in three
        if len(kinds) != 1 or not any(
            c.dep_ == "det" and c.lower_ in DEFINITE for c in tok.children
        ):
            continue
        found = noun_clause_date(ctx, tok)
        if found is None:
            continue
        kind = family.get(next(iter(kinds)), next(iter(kinds)))
        before = [
            e for e in events if e.token.i < tok.i and family.get(e.kind.name, e.kind.name) == kind
        ]
        if before and before[-1].date is None and before[-1].status == "happened":
            before[-1].date = found


#: Nouns naming a go-between who travels to the sides ("the U.N. envoy will fly to X").
TRAVELLING_GO_BETWEENS = frozenset({"envoy", "emissary", "mediator"})


def trips_for_talks(events: list[RawEvent]) -> list[RawEvent]:
    """A trip told with its purpose, "arrived in X for talks with Y", is read by who
    travels and whom they talk with:

    * a go-between's trip to a side ("the U.N. envoy will fly to X for talks with the
      army chief") is the envoy's visit; the talks are what the visit is for, no second
      occurrence;
    * a side's trip to talks with go-betweens only ("a delegation arrived in Cairo for
      talks with Egyptian and Qatari mediators") is those talks: the host is no side
      visited;
    * a side's trip to talks with another side is both the visit and the talks, and the
      go-betweens of the talks ("accompanied by Omani mediators") go-betweens of the visit.
    """
    drop: set[int] = set()
    for talks, visit in talks_told_with(events, "visit"):
        if id(visit) in drop:
            continue
        tok = talks.token
        subj, _how = subject(visit.token)
        if subj is not None and subj.lemma_.lower() in TRAVELLING_GO_BETWEENS:
            visit.recipients += [r for r in talks.recipients if r not in visit.recipients]
            drop.add(id(talks))
        elif talks.mediators and not talks.recipients and child(tok, ("prep",), "with"):
            talks.place = talks.place or visit.place
            talks.date = talks.date or visit.date
            talks.left = min(talks.left, visit.left)
            drop.add(id(visit))
        else:
            sides = visit.actors + visit.recipients
            visit.mediators += [
                m for m in talks.mediators if m not in visit.mediators and m not in sides
            ]
    return [e for e in events if id(e) not in drop]


def envoys_abroad(
    events: list[RawEvent], visit_kind, country_of_place, countries, home=None
) -> None:
    """A go-between's talks with one side in that side's own country ("the AU envoy, X,
    held talks with Eritrean officials in Asmara"; with the Houthis in Sanaa, their home)
    are the envoy's visit, as "the envoy will fly to Asmara for talks with ..." is (in
    place). ``home(name)``: a side's country code, a group's home included."""
    home = home or countries.code
    for ev in events:
        if ev.kind.name != "talks" or ev.token.pos_ != "VERB" and ev.anchor.pos_ != "VERB":
            continue
        verb = ev.anchor if ev.anchor.pos_ == "VERB" else ev.token
        subj, _how = subject(verb)
        if subj is None or subj.lemma_.lower() not in TRAVELLING_GO_BETWEENS or not ev.place:
            continue
        host = country_of_place(ev.place)
        if host is None or ev.mediators or len(ev.recipients) != 1:
            continue
        if home(ev.recipients[0]) == countries.code(host):
            ev.kind = visit_kind


def same_venue_sides(events: list[RawEvent], parties: Parties) -> None:
    """Talks told with one side only ("Iran had agreed during last Saturday's talks in
    Muscat") are between the sides of the article's other talks at that place with that
    side ("a third round with U.S. negotiators would take place in Muscat") (in place)."""
    countries = parties.countries
    talks = [e for e in events if e.kind.name == "talks" and e.place]
    for ev in talks:
        sides = [
            n for n in [*ev.actors, *ev.recipients] if parties.ctx.kind_of(n) != "person"
        ]
        if len(sides) != 1:
            continue
        key = _key(sides[0], countries)
        for other in talks:
            names = [*other.actors, *other.recipients]
            if (
                other is ev
                or other.place != ev.place
                or len(names) < 2
                or key not in {_key(n, countries) for n in names}
            ):
                continue
            taken = {_key(n, countries) for n in [*ev.actors, *ev.recipients, *ev.mediators]}
            ev.recipients += [n for n in names if _key(n, countries) not in taken]
            ev.mediators += [m for m in other.mediators if m not in ev.mediators]
            break
