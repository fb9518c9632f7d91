"""Who an occurrence noun's "of" phrase, or its count of sides, says took part.

News often names a meeting's sides only through who it is "of": "a meeting of the two
countries' army chiefs", "talks of the foreign ministers of A and B", "a three-way
meeting of those he sees as key, namely A, B and C". Such a phrase both tells that the
occurrence is a particular one (not a topic) and names its sides. A single body ("a
meeting of the Security Council") or an uncounted group ("a meeting of ministers") is
left alone: it names no sides of its own.

"Four-way talks" count their sides: when fewer are named, the article's most named
others make up the count. Captors may be named only by what they are ("the kidnappers
freed nine passengers"), and a negotiator who tells of a release obtained it.
"""

from __future__ import annotations

from spacy.tokens import Token

from parley.nlp.events.context import DocContext, QuoteInfo
from parley.nlp.events.parties import COUNTS, GROUP_NOUNS, Parties
from parley.nlp.events.syntax import child, pobj

#: Numbers in "four-way talks", "a five-party meeting".
NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
#: The nouns of a count of sides ("four-way", "five-party", "six-nation").
WAYS = frozenset({"way", "party", "nation", "country", "sided"})
#: Occurrences held among several sides.
AMONG = frozenset({"talks", "meeting"})
#: Words that name a body that sits in meetings ("the Board of Governors").
BODY_WORDS = frozenset({"board", "council", "assembly", "committee", "commission", "parliament"})
#: Words that open the list of those meant ("those he invited, namely A, B and C").
LIST_MARKS = frozenset({"namely", "including", "viz"})
#: Pronouns an "of" phrase names people by when a list follows ("a meeting of those ...").
DEMONSTRATIVES = frozenset({"those", "these"})
#: Nouns for the people or states a meeting is "of" ("of the three countries' ministers").
ATTENDING = GROUP_NOUNS | frozenset({"head", "delegate", "country", "nation", "state"})


def attendees(parties: Parties, noun: Token) -> list[str]:
    """The sides the "of" phrase on an occurrence ``noun`` names (at least two), or []."""
    obj = pobj(child(noun, ("prep",), "of"))
    if obj is None:
        return []
    if obj.lower_ in DEMONSTRATIVES:
        return _listed_after_mark(parties, obj)
    counted = _counted_sides(parties, obj)  # "of the two countries' army chiefs"
    if counted:
        return counted
    names = parties.phrase(obj)
    if len(names) >= 2 and obj.pos_ in ("PROPN", "NOUN"):
        return names  # "a meeting of A and B", "of the foreign ministers of A and B"
    if len(names) == 1 and obj.pos_ == "PROPN" and _body(parties, obj, names[0]):
        return names  # "the meeting of the IAEA Board of Governors": the body meets
    return []


def _body(parties: Parties, obj: Token, name: str) -> bool:
    """Whether ``name`` is a body that sits in meetings ("Board of Governors", "Security
    Council", "General Assembly"), named by ``obj``."""
    found = parties.ctx.actor(obj)
    kind = found[1] if found is not None else None
    words = {t.lower_ for t in obj.subtree if t.i <= obj.i} | set(name.lower().split())
    return kind in (None, "organisation") and bool(words & BODY_WORDS)


def _listed_after_mark(parties: Parties, obj: Token) -> list[str]:
    """ "those he views as key, namely A, B and C": the names after "namely"."""
    sub = list(obj.subtree)
    mark = next((t for t in sub if t.lower_ in LIST_MARKS), None)
    if mark is None:
        return []
    names: list[str] = []
    for t in sub:
        if t.i < mark.i or t.dep_ == "compound" and parties.ctx.actor(t.head) is not None:
            continue  # "Council leader A": A, not the council A leads
        found = parties.ctx.actor(t)
        if found is not None and found[0] not in names:
            names.append(found[0])
    return names if len(names) >= 2 else []


def _counted_sides(parties: Parties, obj: Token) -> list[str]:
    """ "the two countries' chiefs", "the three nations' ministers": as many of the
    article's most named sides as counted (two: the article's pair)."""
    owner = child(obj, ("poss",))
    if owner is None and obj.tag_ not in ("NNS", "NNPS"):
        return []
    counted = owner if owner is not None else obj
    count = _count(counted) if counted.lemma_.lower() in ATTENDING else None
    if count is None:
        return []
    if count == 2:  # the last two named together ("A and B's joint statement"), else
        return _last_pair(parties, obj) or parties.principal()  # the article's main pair
    return parties.counted_states(count)


def _count(tok: Token) -> int | None:
    return next((COUNTS[c.lower_] for c in tok.children if c.lower_ in COUNTS), None)


def _last_pair(parties: Parties, tok: Token) -> list[str]:
    """The last two states or groups written as "A and B" before ``tok`` (read off the
    words: the parse may not join them, as in "hailed A and B's joint statement")."""
    doc = tok.doc
    for i in range(tok.i - 2, 0, -1):
        if doc[i].lower_ != "and" or doc[i - 1].pos_ != "PROPN" or doc[i + 1].pos_ != "PROPN":
            continue
        names = list(dict.fromkeys(parties.word(doc[i - 1]) + _first_name(parties, doc, i + 1)))
        if len(names) == 2 and all(parties.ctx.kind_of(n) != "person" for n in names):
            return names
    return []


def _first_name(parties: Parties, doc, i: int) -> list[str]:
    """The side a name starting at token ``i`` gives ("and the United States": its end)."""
    end = i
    while end + 1 < len(doc) and doc[end + 1].pos_ == "PROPN" and doc[end].dep_ == "compound":
        end += 1
    return parties.word(doc[end])


def counted_ways(events: list, parties: Parties) -> None:
    """ "four-way talks took place in X" with three sides and go-betweens named: the
    article's most named other side makes the fourth (a go-between when the occurrence
    has go-betweens, a side otherwise) (in place)."""
    for ev in events:
        if ev.kind.name not in AMONG or ev.token.pos_ != "NOUN":
            continue
        count = _ways(ev.token)
        named = [*ev.actors, *ev.recipients, *ev.mediators]
        if count is None or not 2 < count <= len(named) + 1:
            continue  # one missing at most: a guess from the counts, not a list
        more = parties.others(named)
        if len(named) < count and more:
            if ev.mediators:
                ev.mediators = [*ev.mediators, more[0]]
            else:
                ev.actors = [*ev.actors, more[0]]


def _ways(noun: Token) -> int | None:
    """4 for "four-way talks", 5 for "a five-party meeting" (as one token or three)."""
    for c in noun.children:
        if c.dep_ not in ("compound", "amod", "nmod") or c.i > noun.i:
            continue
        first, _dash, last = c.lower_.partition("-")
        if last in WAYS and first in NUMBERS:
            return NUMBERS[first]
        if c.lemma_.lower() in WAYS:
            num = next((n for n in c.children if n.lower_ in NUMBERS), None)
            if num is not None:
                return NUMBERS[num.lower_]
    return None


#: Those who hold captives, named by what they are ("the kidnappers freed ...").
CAPTOR_NOUNS = frozenset(
    """kidnapper abductor captor gunman terrorist bandit militant insurgent rebel
    jihadist""".split()
)
#: Titles of those who obtain a release for others.
NEGOTIATOR_TITLES = frozenset({"negotiator", "mediator", "intermediary", "go-between"})


def captors(subj: Token | None) -> list[str]:
    """ "the terrorists set free 11 passengers": the captors, by the plural noun that
    names them when no name is given (in lower case: no proper name is made up)."""
    if subj is None or subj.tag_ != "NNS" or subj.lemma_.lower() not in CAPTOR_NOUNS:
        return []
    definite = any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in subj.children)
    return [subj.lower_] if definite else []


def negotiator(ctx: DocContext, quote: QuoteInfo | None) -> list[str]:
    """ "X, the train negotiator, confirmed that the gunmen freed 11 passengers": the
    negotiator who tells of a release obtained it."""
    if quote is None or not quote.speaker:
        return []
    titles = {title for _s, name, title in ctx.titled if name == quote.speaker}
    words = {w for title in titles for w in title.lower().split()}
    return [quote.speaker] if words & NEGOTIATOR_TITLES else []
