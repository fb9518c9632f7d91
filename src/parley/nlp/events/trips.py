"""Trips: where a journey goes, what it was made for, and the stops on its way.

"Sent a delegation to Kabul to hold talks with X" tells talks, held in Kabul, as
"travelled to Kabul for talks with X" does; "will stop over in New York on his way to
Paraguay" tells two visits; "will see X during her California stop" names the place.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from parley.nlp.events.context import DocContext
from parley.nlp.events.lexicon import Lexicon
from parley.nlp.events.syntax import child, has_aux, pobj, realised

#: Kinds of a trip made to some place ("sent a delegation", "travelled to").
TRIP_KINDS = frozenset({"visit", "envoy"})
#: Nouns for one part of a trip ("during her California stop").
TRIP_LEGS = frozenset({"stop", "stopover", "leg", "visit", "trip", "tour", "swing"})


def trip_purpose(lex: Lexicon, verb: Token) -> bool:
    """ "sent a delegation to Kabul to hold talks with X": what a trip that was made was
    for (``verb``: the purpose infinitive)."""
    trip = verb.head
    return (
        verb.dep_ in ("advcl", "xcomp")
        and trip.i < verb.i
        and has_aux(verb, frozenset({"to"}))
        and any(t.kind in TRIP_KINDS for t in lex.verbs.get(trip.lemma_, ()))
        and realised(trip)
    )


def destination(ctx: DocContext, trip: Token) -> str | None:
    """Where a trip went ("travelled to Kabul", "sent a team to Kabul", the "to" that the
    parse may take for a dative)."""
    for c in trip.children:
        if c.dep_ in ("prep", "dative") and c.lower_ == "to" and pobj(c) is not None:
            found = ctx.place_of(pobj(c))
            if found is not None:
                return found
    return None


def on_the_way(tok: Token) -> bool:
    """ "on his way to Paraguay", "on their way to the talks": a trip under way."""
    return (
        tok.lemma_.lower() == "way"
        and tok.dep_ == "pobj"
        and tok.head.lower_ == "on"
        and child(tok, ("poss",)) is not None
    )


def to_country(ctx: DocContext, country_of_place: Callable[[str], str | None], tok: Token) -> bool:
    """ "to Paraguay", "to Asuncion": a country or a city of one (not "the Pacific")."""
    dest = pobj(child(tok, ("prep",), "to"))
    place = ctx.place_of(dest) if dest is not None else None
    return place is not None and country_of_place(place) is not None


def during_stop(ctx: DocContext, verb: Token) -> str | None:
    """ "will see X during her California stop": the place a trip's leg is named by."""
    for c in verb.children:
        leg = pobj(c) if c.dep_ == "prep" and c.lower_ == "during" else None
        if leg is None or leg.lemma_.lower() not in TRIP_LEGS:
            continue
        for m in leg.children:
            if m.dep_ == "compound" and m.i < leg.i and ctx.place_of(m) is not None:
                return ctx.place_of(m)
    return None
