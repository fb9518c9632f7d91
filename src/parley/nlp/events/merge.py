"""One event per occurrence: mentions of the same occurrence merge into the first.

* In one clause: "signed an agreement" is one signing; "freed 150 prisoners each in an
  exchange mediated by X" is one exchange (the noun's mediator joins the verb's event).
* Across sentences: a definite mention without a date of its own ("the talks", "the
  swap") refers back to the last occurrence of its kind, and so does a mention with the
  same date; what it adds (a place, a mediator, a side) joins the first mention.
"""

from __future__ import annotations

from parley.nlp.events.occurrence import OCCURRENCES
from parley.nlp.events.parties import MEDIATING
from parley.nlp.events.rules import RawEvent
from parley.nlp.events.syntax import child

DEFINITE = frozenset({"the", "this", "that", "these", "those", "its", "their"})


def merge_events(events: list[RawEvent], sent_of, parties=None) -> list[RawEvent]:
    """Events with later mentions of the same occurrence folded into earlier ones.

    ``parties`` (the events' ``Parties``) lets a person count as his state when the later
    mention is told again with other words ("China called in the envoy" ... "Vice Minister
    X called in the envoy"): see ``_told_again``."""
    out: list[RawEvent] = []
    seen: dict[tuple[str, int], RawEvent] = {}
    for ev in events:
        key = (ev.kind.name, ev.anchor.i)
        if key in seen and not _onward(seen[key], ev) and not _elsewhere(ev, seen[key]):
            # one clause, one occurrence
            if ev.kind.name in OCCURRENCES:
                _fold(seen[key], ev)
            continue
        seen.setdefault(key, ev)
        if any(_onward(e, ev) and sent_of(e.token.i) == sent_of(ev.token.i) for e in out):
            out.append(ev)  # where a trip goes on to: another visit, whatever else it shares
            continue
        # a setting phrase ("During the talks, X said") is resolved by the linker, which
        # also links the statements of its clause to the event it refers to
        occurrence = ev.kind.name in OCCURRENCES and ev.setting_prep is None
        first = _same_occurrence(ev, out, sent_of, parties) if occurrence else None
        if first is None and occurrence and parties is not None:
            again = _told_again(ev, out, sent_of, parties)
            if again is not None:
                _fold_sides(again, ev, parties)
                continue
            lede = _reported_before(ev, out, sent_of, parties)
            if lede is not None:  # the body's own account stands for the lede's summary
                _fold_sides(ev, lede, parties)
                ev.date = ev.date or lede.date
                out.remove(lede)
                out.append(ev)
                continue
        if first is None:
            out.append(ev)
        else:
            _fold(first, ev)
    return out


def _same_occurrence(
    ev: RawEvent, before: list[RawEvent], sent_of, parties=None
) -> RawEvent | None:
    same = [e for e in before if _family(e) == _family(ev)]
    if not same:
        return None
    sent = sent_of(ev.token.i)
    for e in reversed(same):
        if sent_of(e.token.i) == sent and not _elsewhere(ev, e) and (
            e.left <= ev.token.i <= e.right
            or ev.left <= e.token.i <= ev.right
            or ev.anchor.dep_ == "conj" and ev.anchor.head.i == e.anchor.i
        ):
            return e  # one clause, one occurrence; "hostages were handed over, and X freed Y"
    last = same[-1]
    if _distinct(ev, last):
        return None
    if (
        _value(ev) is not None
        and not _another(ev)
        and _value(ev) == _value(last)
        and ev.status == last.status
        and (ev.kind.name == last.kind.name or _definite(ev))
        and (parties is None or not _new_state(ev, last, parties))
    ):
        return last  # the same day: the same occurrence, unless an indefinite other kind
    if (
        _value(ev) is None
        and ev.token.pos_ == "NOUN"
        and (_definite(ev) or _owned_again(ev, last))
        and (ev.status == last.status or _said_of(ev))
    ):
        return last
    if _signed_again(ev, last):
        return last
    return None


#: What is signed: "signed the deal" after the signing was told is that signing again.
SIGNED_THINGS = frozenset({"deal", "agreement", "accord", "treaty", "pact", "declaration"})


def _signed_again(ev: RawEvent, last: RawEvent) -> bool:
    """ "A and B signed a peace agreement on Friday in X" ... "The two foreign ministers
    signed the deal in the presence of Y": an undated verb of signing whose object is the
    definite document is the signing told again, when its sides are the first one's."""
    if _value(ev) is not None or ev.kind.name != "signing" or ev.token.pos_ != "VERB":
        return False
    if ev.status != last.status or _another(ev):
        return False
    thing = next((c for c in ev.token.children if c.dep_ == "dobj"), None)
    if thing is None or thing.lemma_.lower() not in SIGNED_THINGS or not _definite_word(thing):
        return False
    sides, before = set(ev.actors + ev.recipients), set(last.actors + last.recipients)
    return bool(sides) and sides <= before


def _definite_word(tok) -> bool:
    det = child(tok, ("det", "poss"))
    return det is not None and det.lower_ in DEFINITE


#: Words that make a mention another occurrence ("another meeting", "met again").
ANOTHER = frozenset(
    {"another", "again", "second", "third", "new", "fresh", "further", "more"}
    | {"next", "later", "earlier", "previous"}
)


def _told_again(ev: RawEvent, before: list[RawEvent], sent_of, parties) -> RawEvent | None:
    """The same occurrence told again in a later sentence with other words or fuller
    names: an earlier event of the same family, on the same day, with the same status and
    a side in common (a person counting as his state where the actors give his country),
    and nothing saying it is another one ("again", "a second", another place)."""
    if _value(ev) is None or _another(ev):
        return None
    sent = sent_of(ev.token.i)
    sides = _sides(ev, parties)
    for e in reversed(before):
        if _family(e) != _family(ev) or sent_of(e.token.i) == sent:
            continue
        if _value(e) != _value(ev) or e.status != ev.status:
            continue
        if e.place and ev.place and e.place != ev.place:
            continue
        if sides & _sides(e, parties) and not _new_state(ev, e, parties):
            return e
    return None


def _new_state(ev: RawEvent, first: RawEvent, parties) -> bool:
    """The later mention names a state the first one, which had two sides, lacks: "X met
    the Peruvian envoy on Monday" and "X also met the Bolivian envoy on Monday" are two."""
    have = _sides(first, parties) | {_side(n, parties) for n in first.mediators}
    if len(_sides(first, parties)) < 2:
        return False
    return any(
        (c := _country(n, parties)) is not None and c not in have
        for n in ev.actors + ev.recipients
    )


def _country(name: str, parties) -> str | None:
    return parties.countries.code(name) or parties.person_country(name)


#: Verbs of a report whose date is the report's, not the occurrence's.
REPORTING = frozenset({"say", "tell", "announce", "report", "confirm", "state", "add"})


def _reported_before(ev: RawEvent, before: list[RawEvent], sent_of, parties) -> RawEvent | None:
    """A summary told earlier and dated only by its report ("China called in the envoy,
    Beijing said Friday"), and this later mention dated by its own clause on that day or
    before ("X called in the envoy on Thursday"): the same occurrence, which the later
    mention tells with its own date."""
    if _value(ev) is None or _another(ev) or _report_dated(ev):
        return None
    sent = sent_of(ev.token.i)
    sides = _sides(ev, parties)
    for e in reversed(before):
        if _family(e) != _family(ev) or sent_of(e.token.i) == sent or e.kind.name != ev.kind.name:
            continue
        if not _report_dated(e) or not _value(ev) <= _value(e) or e.status != ev.status:
            continue
        if e.place and ev.place and e.place != ev.place:
            continue
        if sides & _sides(e, parties):
            return e
    return None


def _report_dated(ev: RawEvent) -> bool:
    """The event's date belongs to the verb of saying its clause is reported under."""
    if ev.date is None or ev.anchor.dep_ != "ccomp":
        return False
    head = ev.anchor.head
    if head.lemma_.lower() not in REPORTING:
        return False
    doc = ev.token.doc
    tok = next((t for t in doc if t.idx <= ev.date.start < t.idx + len(t.text_with_ws)), None)
    return tok is not None and tok.head.i == head.i


def _fold_sides(first: RawEvent, later: RawEvent, parties) -> None:
    """A mention told again adds the sides the first one lacks ("China" adds nothing to
    its minister); its place or date fills what the first one has not."""
    have = _sides(first, parties) | {_side(n, parties) for n in first.mediators}
    for name in later.actors + later.recipients:
        if _side(name, parties) not in have:
            first.actors.append(name)
            have.add(_side(name, parties))
    for name in later.mediators:
        if _side(name, parties) not in have:
            first.mediators.append(name)
    first.place = first.place or later.place
    first.date = first.date or later.date
    first.extra.setdefault("mentions", []).append(later.token.i)


def _another(ev: RawEvent) -> bool:
    words = [c for c in ev.token.children if c.dep_ in ("det", "amod", "advmod", "nummod")]
    if ev.anchor.i != ev.token.i:
        words += [c for c in ev.anchor.children if c.dep_ == "advmod"]
    return any(w.lower_ in ANOTHER for w in words)


def _sides(ev: RawEvent, parties) -> set[str]:
    """The sides of an event as states where a name or a person's country gives one."""
    return {_side(n, parties) for n in ev.actors + ev.recipients}


def _side(name: str, parties) -> str:
    return parties.countries.code(name) or parties.person_country(name) or name


#: Verbs whose subject ("the talks will resume") is a new round, not the last one.
AGAIN = frozenset({"resume", "reconvene", "restart", "reopen", "continue", "return"})


def _said_of(ev: RawEvent) -> bool:
    """ "The talks are scheduled to run for ten days", "the swap would open the way to":
    the subject of a clause about the occurrence, not a new one (its tense tells
    nothing of whether the occurrence happened)."""
    tok = ev.token
    if tok.dep_ not in ("nsubj", "nsubjpass") or tok.head.i == tok.i:
        return False
    verbs = {tok.head.lemma_.lower(), *(c.lemma_.lower() for c in tok.head.children if c.dep_ == "xcomp")}
    return not verbs & AGAIN


#: Verbs of taking part in an occurrence named by their definite object.
JOINING = frozenset({"attend", "join"})


def _distinct(ev: RawEvent, last: RawEvent) -> bool:
    """A mention between sides none of which took part in the last one is another
    occurrence ("his own meeting with X" after talks between Y and Z), and so is one
    whose "between" phrase names a side that took no part in the last one. Sides the
    mention took from the article's principal ones tell nothing either way."""
    if ev.anchor.lemma_.lower() in MEDIATING:
        return False  # "X, who chaired the meeting": its host, not a new side
    if ev.anchor.lemma_.lower() in JOINING and ev.anchor.i != ev.token.i and _definite(ev):
        return False  # "the meetings, which X also attended": one more who took part
    if ev.extra.get("referred"):
        return False  # sides filled in from the article's ("the meeting"): a reference back
    sides = set(ev.actors + ev.recipients)
    before = set(last.actors + last.recipients + last.mediators)
    if child(ev.token, ("prep",), "between") is not None and sides - before:
        return True  # "the talks between himself and Y" after his meeting with Z
    return bool(sides) and not sides & before


def _onward(first: RawEvent, later: RawEvent) -> bool:
    """ "will stop over in New York on his way to Paraguay": a stop and where the trip
    goes on to are two visits."""
    return (
        first.kind.name == later.kind.name == "visit"
        and "way" in (first.token.lemma_.lower(), later.token.lemma_.lower())
        and first.place is not None
        and later.place is not None
        and first.place != later.place
    )


def _family(ev: RawEvent) -> str:
    """ "the talks" may refer back to a meeting, and "the meeting" to talks."""
    return "meeting" if ev.kind.name == "talks" else ev.kind.name


def _value(ev: RawEvent) -> str | None:
    return ev.date.ref.get("value") if ev.date is not None else None


def _definite(ev: RawEvent) -> bool:
    """ "the talks", "their swap", and a definite owner's ("the document's signing")."""
    det = child(ev.token, ("det", "poss"))
    if det is not None and det.dep_ == "poss" and det.pos_ in ("NOUN", "PROPN"):
        det = child(det, ("det",))
    return det is not None and det.lower_ in DEFINITE


def _elsewhere(ev: RawEvent, other: RawEvent) -> bool:
    """ "visited Tarsk on Monday, after a visit to Ostrava last week": two visits in one
    clause that went to different places are two occurrences."""
    if ev.kind.name != "visit" or other.kind.name != "visit":
        return False
    here, there = set(ev.recipients), set(other.recipients)
    return bool(here) and bool(there) and not here & there


def _owned_again(ev: RawEvent, last: RawEvent) -> bool:
    """ "Lajcak's visit to Belgrade" after Lajcak's visit to Belgrade was told: a name's
    possessive makes the mention definite when its sides all took part in the last one and
    it names no other place."""
    owner = child(ev.token, ("poss",))
    if owner is None or owner.pos_ != "PROPN":
        return False
    sides = set(ev.actors + ev.recipients)
    if not sides or not sides <= set(last.actors + last.recipients + last.mediators):
        return False
    return ev.place is None or last.place is None or ev.place == last.place


def _fold(first: RawEvent, later: RawEvent) -> None:
    """What the later mention adds joins the first one (and its word is taken: no later
    pass reads it as a mention of another occurrence)."""
    first.extra.setdefault("mentions", []).append(later.token.i)
    for name in later.actors:
        if (
            name not in first.actors
            and name not in first.recipients
            and name not in first.mediators
        ):
            first.actors.append(name)
    for name in later.mediators:
        if name not in first.mediators and name not in first.actors:
            first.mediators.append(name)
    first.place = first.place or later.place
    first.date = first.date or later.date
