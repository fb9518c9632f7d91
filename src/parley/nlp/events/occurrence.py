"""Occurrences (talks, meetings, swaps, truces, strikes...): anchors, sides, mediators, status.

The statement rules find who said what; occurrences are written differently. A noun is an
occurrence where the text says something happened to it ("Talks between X and Y ended",
"a second round ... was postponed", "the next exchange, due on Saturday", "Israeli air
strikes on Monday"), not only where a light verb governs it. Its sides come from the noun
phrase, the verb's subject or a reference back (see ``parties``); its mediators from
"hosted by", "mediated by", "X-facilitated"; its status from the words that schedule or
cancel it (see ``status``).
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Token

from parley.errors import InputError
from parley.nlp.dates.rules import parse_published
from parley.nlp.events.attendance import attendees
from parley.nlp.events.context import DocContext
from parley.nlp.events.lexicon import load_lexicon
from parley.nlp.events.parties import BROKERING, MEDIATING, PEOPLE_NOUNS, Parties
from parley.nlp.events.status import (
    PLAN_HEADS,
    cancelled,
    first_planned,
    phrase_head,
    scheduled,
    status_of,
)
from parley.nlp.events.syntax import child, negated, objects, pobj, subject
from parley.nlp.events.when import PHASE_NOUNS, ahead, occurrence_date, scheduled_aside
from parley.nlp.extensions import meta

#: The event kinds that are occurrences (scored as events; statements are not).
OCCURRENCES = frozenset(
    """meeting talks call visit signing ceasefire extension exchange drill strike boycott
    interview envoy withdrawal""".split()
)
#: Kinds with two (or more) sides: a reference back ("the two sides") names them.
TWO_SIDED = frozenset({"meeting", "talks", "call", "signing", "ceasefire", "extension", "exchange"})
#: Kinds done by two sides to each other: one side named, the other is the article's other.
PAIRED = frozenset({"exchange", "ceasefire", "extension"})
#: Kinds held between sides that a third country may host.
HOSTED = frozenset({"talks", "signing", "exchange", "extension", "ceasefire"})
#: Kinds whose object is the side met ("met the delegation").
MET = frozenset({"meeting", "talks", "call", "visit"})
#: Kinds done by one side to another: a side named on the noun makes it one occurrence.
ONE_SIDED = frozenset({"strike", "drill"})
#: Prepositions under which an occurrence noun is the circumstance of another act.
CIRCUMSTANCE_PREPS = frozenset(
    {"after", "following", "before", "since", "during", "at", "in", "on"}
)
#: Prepositions the parser may read as a verb taking the occurrence as its object.
MISREAD_PREPS = frozenset({"following", "pending", "regarding", "concerning"})
#: Verbs whose subject occurrence took place ("Talks ended", "the truce began").
HAPPEN_VERBS = frozenset(
    """begin open end start resume close conclude continue collapse stall last run
    proceed reopen finish wrap break occur happen unfold convene enter""".split()
)
#: Passive verbs whose subject occurrence took place ("talks were held", "a truce was agreed").
PASSIVE_HAPPEN = frozenset(
    """hold convene agree reach sign announce declare broker mediate host complete conduct
    carry schedule plan set organise organize extend observe violate break launch stage
    resume initial""".split()
)
#: Kinds whose agreement is the occurrence itself ("agreed to extend the truce").
AGREED_NOW = frozenset({"extension", "ceasefire", "withdrawal"})
#: Prepositions that make an occurrence noun a topic ("the possibility of talks").
TOPIC_PREPS = frozenset({"of", "for", "about", "on", "to", "toward", "towards"})
#: Prepositions of the territory drills are held around.
SURROUNDING = frozenset({"around", "encircling", "surrounding"})
#: Nouns a place is told by ("the island", "the enclave") instead of its name.
DESCRIBED_PLACES = frozenset({"island", "enclave", "strip", "peninsula", "territory"})
#: Determiners that make a noun general, not one occurrence ("any talks", "no truce").
VAGUE = frozenset({"any", "no", "every", "each", "such"})


class Occurrences:
    """Anchors for occurrence nouns, and the sides, mediators and status of an event."""

    def __init__(self, ctx: DocContext):
        self.ctx = ctx
        self.parties = Parties(ctx)
        self.published = _published(meta(ctx.doc).get("published"))

    # -- anchoring -------------------------------------------------------------------------

    def noun_anchor(
        self, tok: Token, kind: str, light: frozenset[str] = frozenset()
    ) -> tuple[Token, str, Token | None] | None:
        """(verb, how, prep) for an occurrence noun the statement rules did not anchor
        (``light``: the verbs that take the kind's noun as object: "began ... drills")."""
        if any(c.dep_ == "det" and c.lower_ in VAGUE for c in tok.children):
            return None
        head = phrase_head(tok)
        verb = head.head
        if (
            head.dep_ == "pobj"
            and verb.lower_ in TOPIC_PREPS
            and verb.head.pos_ == "NOUN"
            and not (verb.lower_ == "of" and verb.head.lemma_.lower() in PHASE_NOUNS)
        ):
            return None  # "the possibility of talks", "hopes for a truce": a topic
        if head.dep_ in ("nsubj", "nsubjpass") and _happening(verb):
            # "Talks ... ended", "a round ... was postponed"; "the round is due to open in
            # Quito on May 20": the opening's clause holds the place and the date
            return _scheduled_clause(verb), "subject", None
        if (
            head.dep_ in ("dobj", "pobj")
            and verb.pos_ == "VERB"
            and (
                cancelled(tok, verb)
                or verb.lemma_.lower() in MEDIATING
                or head.i != tok.i
                and head.dep_ == "dobj"
                and verb.lemma_ in light
            )
        ):
            return verb, "object", None  # "called off a round of talks", "hosted talks"
        if head.dep_ == "pobj" and _plays_host(verb.head) and verb.lower_ == "to":
            return verb.head, "object", None  # "was set to play host to the talks"
        if head.dep_ == "dobj" and verb.tag_ == "VBG" and verb.lower_ in MISREAD_PREPS:
            return tok, "own", None  # "spoke following talks with X": a preposition
        if kind in ONE_SIDED and self.parties.modifiers(tok):
            return tok, "own", None  # "Israeli air strikes", "the U.S. strikes"
        if self._own_circumstance(tok, head):
            return tok, "own", None  # "talks in Doha on Monday", "last Saturday's talks"
        return None

    def _own_circumstance(self, tok: Token, head: Token) -> bool:
        """The noun phrase itself carries a date, a place, a schedule, sides or mediators."""
        if self.ctx.dates_of(tok) or self.ctx.dates_of(head):
            return True
        if scheduled_aside(tok) is not None:
            return True  # "to the next exchange, due on Saturday"
        if (
            head.i != tok.i
            and head.lemma_.lower() == "round"
            and head.tag_ == "NNS"
            and any(c.dep_ == "nummod" for c in head.children)
        ):
            return True  # "alluding to 15 rounds of negotiations": counted, so held
        if head.i != tok.i and _after_spell(head):
            return True  # "after months of talks": held over months
        if any(
            c.dep_ in ("acl", "amod", "relcl") and (c.lemma_.lower() in MEDIATING or scheduled(c))
            for c in (*tok.children, *head.children)
        ):
            return True
        if child(tok, ("prep",), "between") is not None or _place_prep(tok) or _place_prep(head):
            return True  # "talks between X and Y", "the meeting in this village"
        if attendees(self.parties, tok):
            return True  # "a meeting of the two countries' army chiefs"
        if any(
            c.dep_ in ("acl", "relcl")
            and c.lemma_.lower() in HAPPEN_VERBS
            or _held(c)
            or c.dep_ == "relcl"
            and _happening(c)
            for c in (*tok.children, *head.children)
        ):
            return True  # "the drills, which began on Monday", "talks held on the sidelines"
        return bool(self.parties.modifiers(tok)) and (
            self.parties.mediators(tok) or _place_prep(tok) or _place_prep(head)
        )

    # -- sides, mediators, status ----------------------------------------------------------

    def finish(self, ev, how: str | None) -> None:
        """Fill in an occurrence's sides, mediators, date and status (in place)."""
        tok, verb = ev.token, ev.anchor
        parties = self.parties
        # "X interviewed Y": the subject is the counterpart, already among the recipients
        subj = None if ev.trigger.swap or _plays_host(verb) else self._subject(tok, verb, how)
        names = self._sides(tok, verb, how, subj, list(ev.actors))
        if not names and subj is not None and subj.lower_ in ("it", "they", "he", "she"):
            quote = self.ctx.quote_at(verb.idx)  # "the army said it had completed drills"
            if quote is not None and not quote.direct and quote.speaker:
                person = self.ctx.kind_of(quote.speaker) == "person"
                if person == (subj.lower_ in ("he", "she")):  # "it" is a group's, "he" a man's
                    names = [quote.speaker]
        mediators = list(ev.mediators)  # a go-between the rules found ("the negotiator")
        mediators += parties.mediators(tok) + (parties.mediators(verb) if verb.i != tok.i else [])
        mediators += parties.mediated_outcome(tok)
        if how == "object" and (verb.lemma_.lower() in MEDIATING or _plays_host(verb)):
            host = subject(verb)[0]
            if host is None and verb.dep_ == "xcomp":  # "X was set to play host to"
                host = child(verb.head, ("nsubj", "nsubjpass"))
            mediators += parties.phrase(host)
        mediators += parties.shuttle(tok.sent)
        brokered = how == "light" and verb.i != tok.i and verb.lemma_.lower() in BROKERING
        by = subject(verb)[0] if brokered else parties.broker_of(tok)
        if by is not None and by.lower_ in ("who", "which") and by.i > by.sent.start:
            by = by.doc[by.i - 1]  # "A and B who have been brokering talks" (no relative
            while by.dep_ == "conj" and by.head.i < by.i:  # clause in the parse): A and B
                by = by.head
        brokered = brokered or by is not None
        if brokered:  # "X, who have been brokering talks": X are the go-betweens
            brokers = parties.phrase(by)
            mediators += brokers
            names = [n for n in names if n not in brokers]
        if ev.kind.name == "strike":  # "struck Houthi targets": the Houthis were struck
            for obj in objects(verb):
                ev.recipients = _merge(ev.recipients, parties.modifiers(obj))
            if tok.pos_ == "NOUN" and tok.dep_ == "nsubj" and tok.head.pos_ == "VERB":
                for obj in objects(tok.head):  # "the raids destroyed Chile's radars"
                    ev.recipients = _merge(ev.recipients, parties.modifiers(obj))
        if ev.kind.name == "drill":  # "drills around X", "exercises surrounding X"
            for t in {tok, verb}:
                ev.recipients = _merge(ev.recipients, self._surrounded(t, names))
        if tok.pos_ == "VERB" and not ev.recipients and ev.kind.name in MET:
            for obj in objects(verb):  # "met the delegation" (the Hamas one named before)
                ev.recipients = [n for n in parties.phrase(obj) if n not in names]
                if not ev.recipients:  # "welcomed the three foreign ministers"
                    ev.recipients = parties.counted(obj, names)
        if tok.pos_ == "NOUN":  # "talks with Chile", "a round of talks with Chile"
            for noun in {tok, phrase_head(tok)}:
                ev.recipients = _merge(ev.recipients, parties.phrase(_with(noun)))
        if not names and ev.recipients and ev.kind.name in MET:
            names = self._main_subject(verb)  # "X said after talks with Y held in Z"
        if not names and tok.pos_ == "NOUN" and tok.dep_ == "nsubjpass" and ev.kind.name in MET:
            # "the dinner with A and B will be held on Monday", "the dinner will be held
            # with A and B in attendance": those it is held with meet
            held_with = _merge(ev.recipients, parties.phrase(_with(verb)))
            if len(held_with) > 1:
                names, ev.recipients = held_with, []
        if ev.kind.name in ("visit", "envoy"):
            self._host(ev, names)
        if ev.kind.name == "interview" and not ev.recipients:
            ev.recipients = [_outlet(o) for o in objects(verb)[:1]]  # "told state television"
        if ev.kind.name == "interview" and not ev.recipients and verb.lemma_ == "interview":
            for c in verb.children:  # "interviewed for a named paper", "by a network"
                outlet = pobj(c)
                if (
                    c.dep_ in ("prep", "agent")
                    and c.lower_ in ("for", "by")
                    and outlet is not None
                    and outlet.pos_ == "PROPN"
                ):
                    ev.recipients = [_outlet(pobj(c))]
                    break
        referred = False
        if (
            ev.kind.name in TWO_SIDED
            and len(names) + len(ev.recipients) < 2
            and (
                parties.is_group(subj)
                or (how in ("subject", "own", "object") or brokered) and not names
                or not names and ev.kind.name in PAIRED and _agentless(tok)
            )
        ):
            people = subj is not None and subj.lemma_.lower() in PEOPLE_NOUNS
            pair = parties.titled(subj) if people else parties.pair_before(subj or tok)
            names, referred = _merge(names, pair or parties.principal(people)), True
            ev.extra["referred"] = not pair  # its sides are the article's, not its own
        elif ev.kind.name in PAIRED and len(names) + len(ev.recipients) == 1:
            names = _merge(names, self._other_side((names + ev.recipients)[0]))
        if referred and not mediators:
            mediators = list(parties.last_mediators)  # the same process, the same mediators
        if referred and ev.extra.get("referred") and mediators:
            besides = parties.principal_besides(names, mediators)
            names = [n for n in besides if n not in ev.recipients]  # "talks with Chile"
        ev.mediators = list(dict.fromkeys(mediators))
        if ev.kind.name in TWO_SIDED:  # an outlet a side told: no side of the talks
            names = [n for n in names if n not in self.ctx.outlets]
            ev.recipients = [r for r in ev.recipients if r not in self.ctx.outlets]
        ev.actors = [n for n in names if n not in ev.mediators]
        ev.recipients = [r for r in ev.recipients if r not in ev.actors + ev.mediators]
        if ev.kind.name in TWO_SIDED:
            parties.remember(ev.actors + ev.recipients, ev.mediators)
        ev.date = occurrence_date(self.ctx, ev, [tok, phrase_head(tok)])
        ref = ev.date.ref if ev.date is not None else None
        ev.status = status_of(tok, verb, ref, self.published)
        if ev.status == "planned" and ev.kind.name in AGREED_NOW and _agreed(verb):
            ev.status = "happened"  # "agreed to extend the truce": the extension is agreed
        if ev.status in ("planned", "cancelled") and not first_planned(tok, verb):
            ev.date = ahead(ev.date, self.published, self.ctx.doc)
        elif ev.kind.name in ("ceasefire", "extension") and _from_weekday(self.ctx, ev.date):
            # "agreed on a truce for 24 hours from 6 a.m. on Saturday": the coming one
            ev.date = ahead(ev.date, self.published)
        elif start_of_other(self.ctx, ev.date, tok):
            ev.date = None  # the agreement is not dated by when the truce it made begins

    def _surrounded(self, tok: Token, names: list[str]) -> list[str]:
        """The side whose territory drills surround ("around X", "encircling X")."""
        out: list[str] = []
        for c in tok.children:
            obj = None
            if c.dep_ == "prep" and c.lower_ in SURROUNDING:
                obj = pobj(c)
            elif c.dep_ in ("acl", "advcl") and c.lemma_.lower() in ("encircle", "surround"):
                obj = next(iter(objects(c)), None)
            if obj is not None:
                out += [n for n in self.parties.phrase(obj) if n not in names]
                out += [] if out else self._described_place(obj, names)
        return out

    def _described_place(self, obj: Token, names: list[str]) -> list[str]:
        """ "war games encircling the self-ruled island": a place told by what it is (an
        island, an enclave, a strip) is the article's most named other state."""
        definite = any(c.dep_ == "det" and c.lower_ == "the" for c in obj.children)
        if not definite or obj.lemma_.lower() not in DESCRIBED_PLACES:
            return []
        code = self.parties.countries.code
        taken = {code(n) or self.parties.home(n) for n in names}
        others = [n for n in self.parties.ranked() if code(n) and code(n) not in taken]
        return others[:1]

    def _other_side(self, name: str) -> list[str]:
        """One side of the article's two named: "Israel released 120 prisoners" in a swap
        with Hamas, "the group agreed to extend the truce" with the government."""
        key = self.parties.countries.code
        pair = self.parties.principal()
        same = [p for p in pair if p == name or key(p) is not None and key(p) == key(name)]
        return [p for p in pair if p not in same] if len(pair) == 2 and same else []

    def _main_subject(self, verb: Token) -> list[str]:
        """The subject of the clause an occurrence is the circumstance of ("X said after
        talks with Y"): the other side."""
        if verb.pos_ == "NOUN" and verb.head.lower_ in MISREAD_PREPS:
            verb = verb.head  # "He made the comments following talks with Y", misparsed
            if verb.head.i == verb.i:
                return []
        elif verb.dep_ != "advcl" or verb.head.i == verb.i:
            return []
        return self.ctx.actors_of(subject(verb.head)[0])

    def _host(self, ev, names: list[str]) -> None:
        """A visit's or envoy's host: the country visited ("to Addis Ababa": Ethiopia)."""
        if ev.kind.name == "envoy":
            ev.recipients = []  # the envoy sent is the sender's, not a counterpart
        if ev.place is None:  # "visit Santiago": a capital the parse took for a name
            ev.place = next((r for r in ev.recipients if self.parties.country_named(r)), None)
        host = self.country_of_place(ev.place) if ev.place else None
        ev.recipients = [r for r in ev.recipients if r != ev.place]
        if host and self._home_side(host, names + ev.recipients):
            host = None  # "arrived in Sanaa for talks with the Houthis": they are the hosts
        if host and host not in names:
            ev.recipients = _merge(ev.recipients, [host])
        for other in self._more_destinations(ev.token):  # "to Belgrade and Pristina"
            host = self.country_of_place(other)
            if host and host not in names:
                ev.recipients = _merge(ev.recipients, [host])

    def _home_side(self, country: str, names: list[str]) -> bool:
        """Whether a group among ``names`` (not the country itself) has ``country`` as home."""
        code = self.parties.countries.code(country)
        return code is not None and any(
            n != country and self.parties.countries.code(n) is None and self.parties.home(n) == code
            for n in names
        )

    def country_of_place(self, place: str) -> str | None:
        """The country a place is, is the capital of, or is a well-known city of
        ("stopped over in Honolulu": the United States)."""
        found = self.parties.country_named(place)
        if found is None:
            code = load_lexicon().city_country(place.rpartition(", ")[2])
            found = self.parties.countries.name(code) if code else None
        return found

    @staticmethod
    def _more_destinations(verb: Token) -> list[str]:
        """The conjuncts after the first of a travel's destination ("would travel to
        Belgrade and Pristina": Pristina)."""
        dest = next(
            (pobj(c) for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"), None
        )
        out: list[str] = []
        while dest is not None:
            dest = next((c for c in dest.children if c.dep_ == "conj"), None)
            if dest is not None:
                left = min((c.i for c in dest.lefts if c.dep_ == "compound"), default=dest.i)
                out.append(dest.doc[left : dest.i + 1].text)
        return out

    def _subject(self, tok: Token, verb: Token, how: str | None) -> Token | None:
        if how in ("subject", "own"):
            return None
        found, _how = subject(verb)
        return found

    def _sides(
        self, tok: Token, verb: Token, how: str | None, subj: Token | None, names: list[str]
    ) -> list[str]:
        parties = self.parties
        if parties.is_group(subj):
            names = []
        out: list[str] = []
        if tok.pos_ == "NOUN":
            out += [n for n in parties.modifiers(tok) if not self._venue(tok, n)]
            out += parties.between(tok)
            out += attendees(parties, tok)  # "a meeting of the ministers of A and B"
            head = phrase_head(tok)
            if head.i != tok.i:
                out += parties.modifiers(head)
            for c in tok.children:  # "the meetings held with representatives of X and Y"
                if _held(c):
                    other = parties.phrase(_with(c))
                    if other and not out:  # "X said the meetings held with Y were useful"
                        out += [n for n in parties.reflexive(tok) if n not in other]
                    out += other
        if subj is not None and not parties.is_group(subj):
            out += parties.phrase(subj)
        if how == "object" and verb.lemma_.lower() not in MEDIATING and not _plays_host(verb):
            out += parties.phrase(subject(verb)[0])
        groups = parties.group_names
        if out:  # "the military operations chiefs" gives way to "of India and Pakistan"
            names = [n for n in names if n not in groups]
        return _merge(names, out)

    def venue_of(self, tok: Token) -> str | None:
        """The city a compound on an occurrence noun names ("the Washington meetings")."""
        if tok.pos_ != "NOUN":
            return None
        for c in tok.children:
            if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < tok.i:
                if self.parties.country_named(c.text) and not self.parties.countries.by_name(
                    c.text
                ):
                    return c.text
        return None

    def _venue(self, tok: Token, name: str) -> bool:
        """ "the Washington meetings", "the Doha talks": a city naming where, not a side."""
        for c in tok.children:
            if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < tok.i:
                if self.parties.word(c) == [name] and self.parties.country_named(c.text):
                    return not self.parties.countries.by_name(c.text)
        return False

    def venue_host(self, ev) -> None:
        """Talks between two states or groups in a third country's capital or well-known
        city, mediated by no state (an international body may): that country hosts them ("talks between Chile and Peru in Quito": Ecuador is
        the host; "in Geneva": Switzerland)."""
        if not ev.place:
            return
        sides = ev.actors + ev.recipients
        among = ev.kind.name == "meeting" and self._among_states(sides)
        if ev.kind.name not in HOSTED and not among:
            return
        if len(sides) < 2 or not among and any(self.ctx.kind_of(n) == "person" for n in sides):
            return
        city = ev.place.rpartition(", ")[2]  # a venue's city
        host = self.parties.country_named(city) or self.country_of_place(city)
        # a side's home counts as its own ("talks in Sanaa" with the Houthis: Yemen is no host)
        codes = {self.parties.home(n) or self.parties.person_country(n) for n in sides}
        if host and self.parties.countries.code(host) in codes:
            return  # a side's own city: nobody else hosts
        body = self._seated(city)
        if body is not None:  # "talks in Brussels" the article's EU facilitates
            if body not in sides and body not in ev.mediators:
                ev.mediators = [*ev.mediators, body]
            return
        # a capital, or a well-known city of its country ("talks in Geneva": Switzerland)
        host = self.country_of_place(city)
        if host and self.parties.countries.code(host) not in codes and host not in ev.mediators:
            ev.mediators = [*ev.mediators, host]

    def _among_states(self, sides: list[str]) -> bool:
        """ "the Washington meetings" of Egypt's minister with Sudan and Ethiopia: two
        states or more, and people whose states are known, meet in a third country."""
        code = self.parties.countries.code
        people = [n for n in sides if self.ctx.kind_of(n) == "person"]
        states = [n for n in sides if n not in people and code(n) is not None]
        return len(states) >= 2 and all(self.parties.person_country(n) for n in people)

    def _seated(self, city: str) -> str | None:
        """The international body seated in ``city`` that the article names most."""
        bodies = load_lexicon().seats.get(city.lower(), ())
        if not bodies:
            return None
        named = [n for n, _k in self.ctx.actor_at.values()]
        counts = {b: named.count(b) for b in bodies}
        best = max(bodies, key=lambda b: counts[b])
        return best if counts[best] else None

    def refine_place(self, place: str | None, tok: Token) -> str | None:
        """ "in the Kenyan capital" is Nairobi."""
        if place is not None:
            return place
        for c in tok.subtree:
            if c.lemma_.lower() == "capital" and c.dep_ == "pobj":
                for m in c.children:
                    name = self.parties.country(m) if m.dep_ in ("amod", "poss") else None
                    if name:
                        code = self.parties.countries.code(name)
                        caps = self.parties.countries.countries[code].capitals if code else ()
                        return caps[-1] if caps else None
        return None


def _outlet(obj: Token) -> str:
    """An outlet's name as written, without its article ("the semi-official Tasnim agency")."""
    words = [t for t in obj.subtree if t.i <= obj.i and t.dep_ not in ("det", "punct")]
    return " ".join(t.text for t in words)


#: Words that open the time a truce starts from ("from Saturday", "starting Monday").
STARTING = frozenset({"from", "starting", "beginning", "effective"})


def _from_weekday(ctx: DocContext, d) -> bool:
    """Whether a date is the start a truce runs from ("from 6 a.m. on Saturday")."""
    if d is None:
        return False
    t = ctx.doc[ctx.token_at(d.start)]
    for _ in range(4):
        if t.lower_ in STARTING:
            return True
        if t.head.i == t.i or t.pos_ in ("VERB", "AUX") and t.lower_ not in STARTING:
            return False
        t = t.head
    return t.lower_ in STARTING


def start_of_other(ctx: DocContext, d, tok: Token) -> bool:
    """A date that starts another thing's period ("agreed on a truce for 24 hours from
    6 a.m. on Saturday"): the "from" phrase hangs on a noun other than the event's own
    word, or on a verb of agreeing (the parse's choice), so it tells when the thing agreed
    begins, not when the event took place."""
    if d is None or not _from_weekday(ctx, d):
        return False
    t = ctx.doc[ctx.token_at(d.start)]
    for _ in range(6):
        if t.lower_ in STARTING:
            break
        t = t.head
    owner = t.head
    if owner.i == t.i:
        return False
    if owner.lemma_.lower() in AGREEING_VERBS and owner.pos_ in ("VERB", "AUX"):
        return True  # an agreeing has no period: the phrase is the thing agreed's
    return owner.pos_ == "NOUN" and owner.i != tok.i  # not "talks from Monday"


#: Verbs whose "from" phrase starts what was agreed, not the agreeing.
AGREEING_VERBS = frozenset({"agree", "sign", "accept", "approve", "reach", "announce", "declare"})


def _agreed(verb: Token) -> bool:
    """ "agreed to extend the truce" (the infinitive may be parsed as an adverbial clause:
    "agreed over their hotline on Feb. 11 to hold fire")."""
    infinitive = verb.dep_ == "xcomp" or verb.dep_ == "advcl" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
    )
    return infinitive and verb.head.lemma_.lower() in ("agree", "decide", "consent")


def _scheduled_clause(verb: Token) -> Token:
    """The to-infinitive a scheduling word governs ("is due to open" -> "open")."""
    v = verb
    acomp = child(v, ("acomp",))
    if acomp is not None and acomp.lemma_.lower() in PLAN_HEADS:
        v = acomp
    then = child(v, ("xcomp",))
    return then if then is not None and scheduled(then) else verb


def _happening(verb: Token) -> bool:
    """A verb that says an occurrence took (or will take) place, or was scheduled."""
    lemma = verb.lemma_.lower()
    if negated(verb):
        return False  # "talks have not resumed"
    if lemma in PLAN_HEADS:  # "due to open", not "expected to cover"
        then = child(verb, ("xcomp",))
        return then is None or then.lemma_.lower() in HAPPEN_VERBS | {"take", "be", "get"}
    if lemma in HAPPEN_VERBS or cancelled(verb, verb):
        return True
    if lemma == "take" and child(verb, ("dobj",)) is not None:
        # "took place"; "the truce took effect"
        return child(verb, ("dobj",)).lemma_.lower() in ("place", "effect")
    then = child(verb, ("xcomp",))
    if lemma == "be" and then is not None and scheduled(then):
        return _happening(then) or then.lemma_.lower() in PLAN_HEADS | {"set", "hold"}
    if lemma in ("be", "get", "go") and verb.pos_ in ("AUX", "VERB"):
        return any(
            c.dep_ in ("acomp", "prep", "advmod", "prt")
            and c.lower_ in ("due", "under", "ahead", "on")
            or c.dep_ == "acomp"
            and c.lemma_.lower() in PLAN_HEADS
            for c in verb.children
        )
    if lemma in PASSIVE_HAPPEN and verb.tag_ == "VBD" and not objects(verb):
        return True  # "talks with X held on the sidelines": a participle read as a verb
    return (
        verb.pos_ == "VERB"
        and any(c.dep_ == "auxpass" for c in verb.children)
        and (lemma in PASSIVE_HAPPEN)
    )


def _published(value) -> date | None:
    """The publication day, or None when it is missing or not a date (the dates
    component reports that; events then read no date as ahead or behind)."""
    try:
        return parse_published(value)
    except InputError:
        return None


def _plays_host(verb: Token) -> bool:
    """ "played host to the talks", "will play host to a summit": hosted."""
    return verb.lemma_.lower() == "play" and any(
        c.dep_ == "dobj" and c.lower_ == "host" for c in verb.children
    )


def _held(c: Token) -> bool:
    """A participle that says the noun's occurrence took place ("talks held in X")."""
    return c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in PASSIVE_HAPPEN


def _with(noun: Token) -> Token | None:
    return pobj(child(noun, ("prep",), "with"))


def _place_prep(tok: Token) -> bool:
    return any(c.dep_ == "prep" and c.lower_ in ("in", "at", "near") for c in tok.children)


def _merge(first: list[str], more: list[str]) -> list[str]:
    return list(dict.fromkeys([*first, *more]))


def is_circumstance(tok: Token) -> bool:
    """An occurrence noun under "after", "since", "during"... ("after talks in Moscow")."""
    head = phrase_head(tok)
    return (
        head.dep_ == "pobj" and head.head.lower_ in CIRCUMSTANCE_PREPS and pobj(head.head) is head
    )


#: Spans an occurrence lasted ("months of talks").
DURATIONS = frozenset({"day", "week", "month", "year"})


def _after_spell(head: Token) -> bool:
    """ "after months of talks", "following weeks of negotiations": an occurrence told as
    done over a span (plural, under "after")."""
    return (
        head.lemma_.lower() in DURATIONS
        and head.tag_ == "NNS"
        and head.dep_ == "pobj"
        and head.head.lower_ in ("after", "following")
    )


def _agentless(verb: Token) -> bool:
    """ "Three hostages were handed to the Red Cross": a passive that names no doer, in
    a main clause (not "talks resume only when the captives are freed")."""
    return (
        verb.pos_ == "VERB"
        and verb.dep_ in ("ROOT", "conj", "ccomp")
        and child(verb, ("nsubjpass",)) is not None
        and child(verb, ("agent",)) is None
    )
