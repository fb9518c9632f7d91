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


def merge_events(events: list[RawEvent], sent_of) -> list[RawEvent]:
    """Events with later mentions of the same occurrence folded into earlier ones."""
    out: list[RawEvent] = []
    seen: dict[tuple[str, int], RawEvent] = {}
    for ev in events:
        key = (ev.kind.name, ev.anchor.i)
        if key in seen:
            if ev.kind.name in OCCURRENCES:
                _fold(seen[key], ev)
            continue
        seen[key] = ev
        # a setting phrase ("During the talks, X said") is resolved by the linker, which
        # also links the statements of its clause to the event it refers to
        occurrence = ev.kind.name in OCCURRENCES and ev.setting_prep is None
        first = _same_occurrence(ev, out, sent_of) if occurrence else None
        if first is None:
            out.append(ev)
        else:
            _fold(first, ev)
    return out


def _same_occurrence(ev: RawEvent, before: list[RawEvent], sent_of) -> RawEvent | None:
    same = [e for e in before if _family(e) == _family(ev)]
    if not same:
        return None
    sent = sent_of(ev.token.i)
    for e in reversed(same):
        if sent_of(e.token.i) == sent and (
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
        and _value(ev) == _value(last)
        and ev.status == last.status
        and (ev.kind.name == last.kind.name or _definite(ev))
    ):
        return last  # the same day: the same occurrence, unless an indefinite other kind
    if (
        _value(ev) is None
        and ev.token.pos_ == "NOUN"
        and _definite(ev)
        and (ev.status == last.status or _value(last) is not None and _said_of(ev))
    ):
        return last
    return None


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


def _distinct(ev: RawEvent, last: RawEvent) -> bool:
    """A mention between sides none of which took part in the last one is another
    occurrence ("his own meeting with X" after talks between Y and Z), and so is one
    whose "between" phrase names a side that took no part in the last one. Sides the
    mention took from the article's principal ones tell nothing either way."""
    if ev.anchor.lemma_.lower() in MEDIATING:
        return False  # "X, who chaired the meeting": its host, not a new side
    if ev.extra.get("referred"):
        return False  # sides filled in from the article's ("the meeting"): a reference back
    sides = set(ev.actors + ev.recipients)
    before = set(last.actors + last.recipients + last.mediators)
    if child(ev.token, ("prep",), "between") is not None and sides - before:
        return True  # "the talks between himself and Y" after his meeting with Z
    return bool(sides) and not sides & before


def _family(ev: RawEvent) -> str:
    """ "the talks" may refer back to a meeting, and "the meeting" to talks."""
    return "meeting" if ev.kind.name == "talks" else ev.kind.name


def _value(ev: RawEvent) -> str | None:
    return ev.date.ref.get("value") if ev.date is not None else None


def _definite(ev: RawEvent) -> bool:
    det = child(ev.token, ("det", "poss"))
    return det is not None and det.lower_ in DEFINITE


def _fold(first: RawEvent, later: RawEvent) -> None:
    """What the later mention adds joins the first one."""
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
