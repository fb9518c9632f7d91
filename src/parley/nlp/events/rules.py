"""Events read off the parse: a trigger word, who did it to whom, where, when, and evidence.

Verbs are events when realised (not modal, not an infinitive or a gerund object, not in
a condition or an indirect question): "Lavrov criticized CBS host Margaret Brennan".
Nouns are events only where the text gives them participants: the object of a light verb
("Putin engaged in extensive discussions with …"), a setting phrase on a verb ("In an
interview on Sunday, Lavrov criticized …"), or an actor as possessor ("Lavrov's
interview"). Inside reported speech the speaker is the actor of a first-person or
hypothetical act ("Zelensky maintained that Kiev would never accept …" is Zelensky's
rejection); a third party's act inside a direct quotation is a claim, not an event.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.attrs import LEMMA
from spacy.tokens import Doc, Token

from parley.nlp.actors.titles import TITLE_HEADS
from parley.nlp.events.attendance import attendees, captors, negotiator
from parley.nlp.events.context import DateInfo, DocContext, QuoteInfo
from parley.nlp.events.lexicon import Kind, Lexicon, Trigger
from parley.nlp.events.occurrence import (
    HAPPEN_VERBS,
    OCCURRENCES,
    PASSIVE_HAPPEN,
    Occurrences,
    start_of_other,
)
from parley.nlp.events.parties import BARE_TITLES, MEDIATING, SIDE_NOUNS
from parley.nlp.events.status import (
    PLAN_HEADS,
    asked_for,
    conditional,
    phrase_head,
    scheduled,
    scheduled_word,
)
from parley.nlp.events.syntax import (
    CUT_VERB,
    FIRST_PERSON,
    FUTURE,
    child,
    has_aux,
    negated,
    objects,
    pobj,
    realised,
    right_edge,
    subject,
)
from parley.nlp.events.trips import (
    destination,
    during_stop,
    on_the_way,
    to_country,
    trip_purpose,
)
from parley.nlp.events.when import names_a_thing

#: Nouns of a venue that a name before them makes a place ("the Kanjal crossing point").
VENUE_NOUNS = frozenset({"point", "crossing", "post", "checkpoint", "hotel", "palace", "resort"})
#: Nouns for a settlement that an apposition names ("the U.S. capital Washington").
SETTLEMENT_NOUNS = frozenset({"capital", "city", "town", "port", "village"})
#: Verbs that lengthen a truce ("the ceasefire, extended in April").
EXTENDING = frozenset({"extend", "prolong", "renew"})
#: Prepositions that keep their verb's sense however far they stand ("fired two missiles
#: on Thursday at a tanker").
FAR_PREPS = frozenset({"at"})

#: Pronouns that, as the subject of reported speech, are the speaker when left unresolved.
PERSONAL = frozenset({"he", "she"})
IMPERSONAL = frozenset({"it", "they"})
PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "around"})
RECIPIENT_PREPS = ("with", "to", "on", "against", "between")
#: Verbs whose to-infinitive is done where they were said ("agreed in Doha to extend").
AGREEING = frozenset({"agree", "decide", "consent", "pledge", "promise", "vow", "undertake"})
#: Prepositions whose phrase is what an occurrence is about, not where it is.
TOPIC_PREPS = frozenset({"on", "about", "over", "regarding", "concerning"})
#: Prepositions that date an act by an occurrence, not make the occurrence its object.
TIME_PREPS = frozenset({"after", "following", "before", "since", "until", "ahead"})
#: Prepositions of a topic ("kept our word on the ceasefire").
ABOUT_PREPS = frozenset({"on", "about", "over", "regarding", "concerning"})
#: Determiners that make a noun hypothetical or general ("any agreement", "no talks").
VAGUE_DETS = frozenset({"any", "no", "every", "each"})
DEFINITE = frozenset({"the", "that", "this", "these", "those"})


#: Titles of a state's envoy, named by the state or the person ("the Russian ambassador").
ENVOY_NOUNS = frozenset({"ambassador", "envoy", "chargé", "charge", "diplomat", "attaché"})


@dataclass(slots=True)
class RawEvent:
    """An event before ids and linking: tokens and names, not yet JSON."""

    kind: Kind
    trigger: Trigger
    token: Token  # the trigger word
    anchor: Token  # the verb whose clause holds it (the trigger itself for verbs)
    actors: list[str]
    recipients: list[str]
    left: int  # evidence: first and last token index
    right: int
    place: str | None = None
    date: DateInfo | None = None
    quote: QuoteInfo | None = None  # the reported speech it was read from, if any
    setting_prep: Token | None = None  # "In" of "In an interview", "During" of "During the talks"
    definite: bool = False  # "the interview": may refer back to an earlier event
    mediators: list[str] = field(default_factory=list)
    status: str = "happened"
    id: str = ""
    event_id: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def mode(self) -> str | None:
        return self.trigger.mode or self.kind.mode


class EventRules:
    """Finds the events of one doc."""

    def __init__(self, lexicon: Lexicon, ctx: DocContext):
        self.lex = lexicon
        self.ctx = ctx
        self.occ = Occurrences(ctx)
        self._kind_now = ""

    # -- the token loop ----------------------------------------------------------------

    def find(self) -> list[RawEvent]:
        """Every event in text order (outside boilerplate, with at least one actor)."""
        out: list[RawEvent] = []
        verbs, nouns = self.lex.verbs, self.lex.nouns
        doc = self.ctx.doc
        for i in candidates(doc, self.lex.lemma_hashes):
            tok = doc[i]
            pos = tok.pos_
            if pos == "VERB":
                entries = verbs.get(tok.lemma_)
            elif pos == "NOUN":
                entries = nouns.get(tok.lemma_)
            else:
                continue
            if not entries or self.ctx.skipped(tok.idx):
                continue
            ev = self.verb_event(tok, entries) if pos == "VERB" else self.noun_event(tok, entries)
            if ev is not None and ev.kind.name in OCCURRENCES:
                if (
                    conditional(ev.anchor)
                    or ev.anchor.head.i != ev.anchor.i
                    and (ev.anchor.dep_ in ("xcomp", "conj") and conditional(ev.anchor.head))
                ):
                    continue  # "would agree to a truce if …": terms offered, no event
                self.occ.finish(ev, ev.extra.get("how"))
                if ev.kind.name == "meeting" and _delegations_meet(ev.token, out):
                    ev.kind = self.lex.kind("talks")  # "the negotiators will meet again"
                if ev.kind.name == "ceasefire" and _extended(ev.token):
                    ev.kind = self.lex.kind("extension")  # "the ceasefire, extended in April"
                if ev.trigger.mode == "convene":
                    self._convened(ev)
                asker = asked_for(tok) if tok.pos_ == "NOUN" else None
                if asker is not None and attendees(self.occ.parties, tok):
                    self._asked_by(ev, asker)
                if ev.kind.name == "exchange" and ev.token.pos_ == "VERB":
                    self._handed_to(ev)
                ev.place = (
                    self.occ.refine_place(ev.place, ev.anchor)
                    or self.occ.venue_of(ev.token)
                    or self._delegates_at(ev.anchor)
                    or during_stop(self.ctx, ev.anchor)
                )
            if ev is not None and ev.actors:
                out.append(ev)
        _boycotted(out)
        return self._met_for_talks(out)

    def _met_for_talks(self, events: list[RawEvent]) -> list[RawEvent]:
        """ "The ministers met in Washington for talks hosted by X": one occurrence, the
        talks, with the meeting's sides, place and date and the talks' mediators."""
        drop: set[int] = set()
        for ev in events:
            if ev.kind.name == "meeting" and self._where_talks_hosted(ev.token):
                ev.kind = self.lex.kind("talks")
        for ev, met in talks_told_with(events, "meeting"):
            met.kind = ev.kind
            met.mediators += [m for m in ev.mediators if m not in met.mediators + met.actors]
            met.place = met.place or ev.place
            met.right = max(met.right, ev.right)
            drop.add(id(ev))
        return [e for e in events if id(e) not in drop]

    def _convened(self, ev: RawEvent) -> None:
        """ "X brought A and B together": A and B are the sides, X (and the body an envoy
        speaks for) the mediator."""
        parties = self.occ.parties
        subj, _how = subject(ev.token)
        quote = ev.quote
        if (subj is None or subj.pos_ == "PRON") and quote and quote.speaker:
            # "she planned": the speaker where first named ("U.N. envoy X")
            first = min(
                (i for i, (name, _k) in self.ctx.actor_at.items() if name == quote.speaker),
                default=None,
            )
            subj = self.ctx.doc[first] if first is not None else None
            while subj is not None and subj.dep_ == "compound" and subj.head.i > subj.i:
                subj = subj.head
        hosts = parties.go_between(subj) if subj is not None and subj.pos_ != "PRON" else []
        ev.mediators = _dedupe([*hosts, *ev.actors, *ev.mediators])
        sides = list(ev.recipients)
        for obj in objects(ev.token):
            sides += parties.phrase(obj)
        ev.actors, ev.recipients = _minus(sides, ev.mediators), []

    def _asked_by(self, ev: RawEvent, verb: Token) -> None:
        """ "X called for a meeting of A, B and C": X, who asks the sides to meet, is the
        meeting's convener (a go-between), not one of its sides."""
        found = self.verb_actors(verb, _PLAIN)
        asker = [n for n in found[0] if n not in ev.actors + ev.recipients] if found else []
        ev.mediators = _dedupe([*ev.mediators, *asker])

    def _handed_to(self, ev: RawEvent) -> None:
        """ "freed two soldiers, handing them to a commission of the Red Cross and the
        Church in a rural area of X": those who receive the freed are the swap's
        go-betweens, and where they were handed over is where it took place."""
        hand = next(
            (
                c
                for c in ev.token.children
                if c.dep_ in ("advcl", "conj") and c.lemma_.lower() in HANDING
            ),
            None,
        )
        to = pobj(child(hand, ("prep",), "to")) if hand is not None else None
        if to is None:
            return
        of = pobj(child(to, ("prep",), "of"))
        if to.pos_ == "NOUN" and of is not None:
            to = of  # "a humanitarian commission of the ICRC and the Church"
        found = self.ctx.actors_of(to) or self.occ.parties.phrase(to)
        # a body, not a side: "handing them to Israeli troops" names the other side
        found = [n for n in found if self.occ.parties.countries.code(n) is None]
        ev.actors = [n for n in ev.actors if n not in found]
        ev.recipients = [n for n in ev.recipients if n not in found]
        ev.mediators += [n for n in found if n not in ev.mediators]
        ev.place = ev.place or self.place(hand)
        ev.right = max(ev.right, hand.right_edge.i)

    def _where_talks_hosted(self, verb: Token) -> bool:
        """ "The two ministers met in Almaty, where Kazakhstan hosted a round of talks":
        the meeting is the talks."""
        if verb.pos_ != "VERB":
            return False
        for t in verb.subtree:
            if t.dep_ == "relcl" and t.lemma_.lower() in MEDIATING:
                for o in objects(t):
                    of = pobj(child(o, ("prep",), "of"))
                    if any(
                        e.kind == "talks"
                        for n in (o, of)
                        if n is not None
                        for e in self.lex.nouns.get(n.lemma_.lower(), ())
                    ):
                        return True
        return False

    # -- verbs -------------------------------------------------------------------------

    def match_verb(self, tok: Token, entries: tuple[Trigger, ...]) -> Trigger | None:
        particles = {c.lower_ for c in tok.children if c.dep_ == "prt"}
        loose = _particle_prep(tok)  # "called in the ambassador" parsed as a preposition
        wanted = particles | {loose.lower_} if loose is not None else particles
        if _together(tok):  # "brought X and Y together" (an adverb after the object)
            wanted = wanted | {"together"}
        if any(c.dep_ == "advmod" and c.lower_ == "again" for c in tok.children):
            wanted = wanted | {"again"}  # "will talk again on May 12": another round
        if any(c.lower_ == "free" for c in tok.children) or any(
            c.lower_ == "free" for o in objects(tok) for c in o.subtree
        ):
            wanted = wanted | {"free"}  # "set free 11 passengers", "set the captives free"
        preps = {  # "called on X", "called again for": not "called X on Friday", "called X … for"
            c.lower_
            for c in tok.children
            if c.dep_ in ("prep", "agent", "dative")
            and (0 < c.i - tok.i <= 3 or c.i > tok.i and c.lower_ in FAR_PREPS)
            and not _is_time(pobj(c))
        }
        neg = negated(tok)
        for t in entries:
            if t.negated != neg or (particles and t.particle not in particles):
                continue
            if t.particle and t.particle not in wanted or t.prep and t.prep not in preps:
                continue
            if t.by and not self._by_phrase(tok, t.by):
                continue
            if t.infinitive and not _infinitive(tok):
                continue
            if t.commits and not _commitment(tok, preps):
                continue
            if t.object and not self._object_ok(self._object(tok, t), t.object):
                continue
            if t.not_object and self._object_ok(self._object(tok, t), t.not_object):
                continue  # "met its goal", "meet the deadline"
            return t
        return None

    def verb_event(self, tok: Token, entries: tuple[Trigger, ...]) -> RawEvent | None:
        trig = self.match_verb(tok, entries)
        if trig is None or trig.lemma == "put" and trig.kind == "withdrawal" and not _on_hold(tok):
            return None  # "put its participation on hold", not "at risk"
        if not realised(tok, allow_modal=trig.negated) and not (
            trig.kind in OCCURRENCES and scheduled(tok, pledged=True)  # "are due to meet",
            # "agreed to extend", "undertook to free"
        ):
            return None
        if any(c.dep_ == "xcomp" and c.lemma_ in self.lex.idle_complements for c in tok.children):
            return None  # "declined to comment"
        # "talks hosted by X", "talks, which were hosted by X": the noun is what is hosted
        on_noun = _participle(tok) or tok.dep_ == "relcl"
        hosted = [*objects(tok), *([tok.head] if on_noun else [])]
        if _participle(tok) and tok.head.dep_ == "pobj" and tok.head.head.lemma_ in ("at", "in"):
            hosted.append(tok.head.head.head)  # "a meeting at the X Palace hosted by Y"
        if trig.mode == "host" and any(self._occurrence_noun(o) for o in hosted):
            return None  # "hosted a round of talks": the talks are the event, X their host
        if trig.mode == "host" and self.occ.parties.hosting_place(subject(tok)[0]):
            return None  # "..., which were hosted by the port city of X": a place, no meeting
        if trig.mode == "host" and self.occ.parties.hosts_sides(tok):
            return None  # "X has hosted the two sides since March": X mediates the talks
        if trig.mode == "return" and not _delegations_return(tok):
            return None  # "X returned to Kabul" is no talks; "the delegations would return"
        found = self.participle_actors(tok) if _participle(tok) else self.verb_actors(tok, trig)
        if found is None:
            return None
        actors, left, quote = found
        go_betweens: list[str] = []
        if not actors and self.lex.kind(trig.kind).name == "exchange":
            actors = captors(subject(tok)[0])  # "the gunmen freed 11 passengers"
            go_betweens = negotiator(self.ctx, quote) if actors else []
        recipients = self.verb_recipients(tok, trig)
        if _participle(tok):
            actors, recipients = self._participle_roles(tok, actors)
        if trig.swap:
            actors, recipients = recipients, actors
        kind = self.lex.kind(trig.kind)
        ev = RawEvent(kind, trig, tok, tok, actors, _minus(recipients, actors), left, tok.i)
        ev.mediators = go_betweens
        ev.quote = quote
        if _participle(tok):
            self._participle_setting(tok, ev)
        self._kind_now = kind.name  # "withdrew from the town of X": X is where
        ev.place = self.place(tok, visit=kind.mode in ("visit", "envoy") or trig.mode == "return")
        if ev.place is None and tok.dep_ == "xcomp" and tok.head.lemma_ in AGREEING:
            ev.place = self.place(tok.head)  # "agreed in Doha to extend the truce"
        ev.date = self.own_date(tok, quote)
        ev.right = self.verb_right(tok, ev)
        ev.left = min(ev.left, ev.token.i)
        return ev

    def verb_actors(
        self, tok: Token, trig: Trigger
    ) -> tuple[list[str], int, QuoteInfo | None] | None:
        """The actors, the evidence's left end, and the quote the act was reported in."""
        ctx = self.ctx
        subj, how = subject(tok)
        left = subj.i if subj is not None and how == "own" and subj.i < tok.i else tok.i
        quote = ctx.quote_at(tok.idx)
        if quote is None and tok.dep_ == "conj":
            outer = ctx.quote_at(tok.head.idx)  # "insisted that A … and called for B"
            if outer is not None and not outer.direct and outer.speaker:
                return [outer.speaker], tok.i, outer
        if how == "passive" and trig.object == "media" and tok.dep_ == "advcl":
            # "X said while being interviewed for Fox News": the main clause's subject is
            # the one interviewed
            return self._subject_actors(subject(tok.head)[0]), tok.i, None
        if quote is None:
            return self._subject_actors(subj), left, None
        if (subj is None or how == "climbed") and tok.dep_ == "xcomp" and tok.head.i < tok.i:
            # "X is expected to stop over in Y, an official said": X is the one who
            # travels, not the official (a third party in a direct quote stays a claim)
            raised = child(tok.head, ("nsubj", "nsubjpass"))
            inside = raised is not None and any(s <= raised.idx < e for s, e in quote.ranges)
            if raised is not None and ctx.is_person(raised) and not (quote.direct and inside):
                own = ctx.actors_of(raised)
                if own and raised.lower_ not in FIRST_PERSON:
                    return own, raised.left_edge.i, quote
        if how == "passive":
            return None
        inside = subj is not None and any(s <= subj.idx < e for s, e in quote.ranges)
        first = not inside or subj.lower_ in FIRST_PERSON
        if inside and not quote.direct and ctx.actor(subj) is None and quote.speaker:
            # "the group said it targeted …": reported, "it" is the speaker (a person is
            # "he" or "she", a group or state "it" or "they")
            kind = ctx.kind_of(quote.speaker)
            fits = PERSONAL if kind == "person" else IMPERSONAL if kind else PERSONAL | IMPERSONAL
            first = first or subj.lower_ in fits
        if quote.direct and (not first or subj is None):
            # a third party's act inside a quotation is a claim, not an event; an act
            # without a subject there is an imperative or an aside ("thank you")
            return None
        if not quote.speaker:
            return ([] if first else self._subject_actors(subj)), left, quote
        if first:
            return [quote.speaker], self._speaker_left(tok, quote, left), quote
        own = self._subject_actors(subj)  # a titled official's state, also when reported
        if trig.negated:
            # a reported refusal ("Kiev would never accept …") is the speaker's too
            return _dedupe([quote.speaker, *own]), self._speaker_left(tok, quote, left), quote
        return own, left, quote

    def participle_actors(self, tok: Token) -> tuple[list[str], int, QuoteInfo | None] | None:
        """ "Trump stated in an article published by Time Magazine": the one who stated.

        A participle on a noun in a setting phrase ("in an article published by X") is
        the act of the governing verb's subject, addressed to X; elsewhere ("images
        published by the Council") X is the actor.
        """
        noun = tok.head
        prep = noun.head if noun.dep_ == "pobj" else None
        left = noun.left_edge.i
        if prep is not None and prep.lower_ in self.lex.setting_preps and prep.head.pos_ == "VERB":
            found = self.verb_actors(prep.head, _PLAIN)
            if found is not None and found[0]:
                return found[0], left, found[2]
        return [], left, None

    def _participle_setting(self, tok: Token, ev: RawEvent) -> None:
        """ "stated in an article published by …": what the verb says was said in it."""
        noun = tok.head
        prep = noun.head
        if (
            noun.dep_ == "pobj"
            and prep.lower_ in self.lex.setting_preps
            and prep.head.pos_ == "VERB"
        ):
            ev.setting_prep = prep
            ev.extra["host"] = prep.head

    def _participle_roles(self, tok: Token, actors: list[str]) -> tuple[list[str], list[str]]:
        agent = pobj(child(tok, ("agent",)))
        doer = self.ctx.actors_of(agent) or self.occ.parties.phrase(agent)  # "by Venezuela"
        return (actors, _minus(doer, actors)) if actors else (doer, [])

    def _speaker_left(self, tok: Token, quote: QuoteInfo, left: int) -> int:
        """Evidence starts at the speaker when the act is what the report says
        ("Zelensky maintained … that Kiev would never accept …")."""
        if quote.speaker_start is None or tok.head.i != quote.cue_i:
            return left
        i = self.ctx.token_at(quote.speaker_start)
        return i if i < left else left

    def verb_recipients(self, tok: Token, trig: Trigger) -> list[str]:
        out: list[str] = []
        loose = _particle_prep(tok)
        for obj in [*objects(tok), *([pobj(loose)] if loose is not None and trig.particle else [])]:
            if obj is not None:
                out += self._who(obj) or self._possessor(obj) or self._envoy(obj)
                if trig.kind in OCCURRENCES:  # not "ruled out talks with X"
                    # "discussed a new exchange with X": the parse hangs "with" on the object
                    out += self._who(pobj(child(obj, ("prep",), "with")))
                    by = pobj(child(obj, ("prep",), "by"))  # "the plan by telephone with X"
                    out += self._who(pobj(child(by, ("prep",), "with"))) if by else []
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in RECIPIENT_PREPS:
                out += self._who(pobj(c))
            elif c.dep_ in ("prep", "agent") and c.lower_ in ("for", "by"):
                noun = pobj(c)  # "travelled … for talks with X", "spoke by telephone with X"
                if noun is not None:
                    out += self._who(pobj(child(noun, ("prep",), "with")))
            elif c.dep_ == "nsubjpass":
                out += self._who(c)
        return _dedupe(out)

    def _subject_actors(self, subj: Token | None) -> list[str]:
        """The subject's actors; a title read as a name without its state ("Pakistan's
        Director General of Military Operations" as "General of Military Operations")
        or no actor at all gives the state."""
        found = self.ctx.actors_of(subj)
        if not found and subj is not None:
            # "Yemen's Houthi movement", "Colombia's ELN guerrillas": the group named before
            # the noun acts, not the country it is in
            named = [self.ctx.actor(c) for c in subj.children if c.dep_ == "compound"]
            groups = [f[0] for f in named if f is not None and f[1] in ("group", "organisation")]
            if groups:
                return groups
        state = self._state_of_title(subj)
        if not found:
            return state
        own = self.ctx.actor(subj) if subj is not None else None
        if state and own is not None and found == [own[0]] and own[1] == "organisation":
            if not any(w in own[0] for w in state[0].split()):
                return state
        return found

    def _state_of_title(self, subj: Token | None) -> list[str]:
        """ "Pakistan's Director General of Military Operations called ...": a subject
        named only by a title stands for the state that possesses it."""
        if subj is None or subj.pos_ not in ("NOUN", "PROPN"):
            return []
        parties = self.occ.parties
        states = [
            parties.country(c) for c in subj.children if c.dep_ in ("poss", "amod") and c.i < subj.i
        ]
        states = [s for s in states if s]
        if len(states) == 1:
            return states
        if states or subj.pos_ != "PROPN":
            return []
        # "The Directors General of Military Operations of India and Pakistan": the states
        # of the title's "of" phrases
        for t in subj.subtree:
            if t.dep_ in ("pobj", "conj") and t.i > subj.i and (
                t.head.lower_ == "of" or t.dep_ == "conj" and t.head.dep_ == "pobj"
            ):
                found = parties.country(t)
                if found and found not in states:
                    states.append(found)
        titled = subj.lower_ in BARE_TITLES  # "The Director General ... of Peru"
        return states if len(states) >= 2 or titled and states else []

    def _who(self, tok: Token | None) -> list[str]:
        """The actors a phrase names, or the state of "his Djiboutian counterpart"."""
        found = self.ctx.actors_of(tok)
        if found or tok is None or tok.lemma_.lower() != "counterpart":
            return found
        for c in tok.children:
            state = self.occ.parties.country(c) if c.dep_ in ("amod", "compound", "poss") else None
            if state:
                return [state]
        return []

    def _envoy(self, obj: Token) -> list[str]:
        """ "summoned the Chilean ambassador, Ivo Tamm": the envoy named in
        the phrase, else the state the envoy speaks for ("the Russian ambassador")."""
        if obj.lemma_.lower() not in ENVOY_NOUNS:
            return []
        ctx = self.ctx
        for t in obj.subtree:
            found = ctx.actor(t)
            if t.i > obj.i and found is not None and found[1] == "person":
                return [found[0]]
        for c in obj.children:  # "the Japanese ambassador to China Kenji Sato"
            if c.dep_ == "appos" and c.pos_ == "PROPN" and ctx.actor(c) is None:
                left = min((t.i for t in c.lefts if t.dep_ == "compound"), default=c.i)
                name = obj.doc[left : c.i + 1].text
                if ctx.place_of(c) is None and self.occ.parties.country_named(name) is None:
                    return [name]
        for c in obj.children:
            found = ctx.actor(c) if c.dep_ in ("amod", "compound", "poss") else None
            if found is not None and found[1] in ("state", "government"):
                return [found[0]]
        for c in obj.children:  # "the Japanese ambassador": Japan
            state = self.occ.parties.country(c) if c.dep_ in ("amod", "compound") else None
            if state:
                return [state]
        return []

    def verb_right(self, tok: Token, ev: RawEvent) -> int:
        """The last token of the evidence: the trigger with its objects, place and date."""
        cut = CUT_VERB if ev.kind.role == "statement" else CUT_VERB | {"ccomp"}
        return right_edge(tok, self._quoted, cut)

    # -- nouns -------------------------------------------------------------------------

    def match_noun(self, tok: Token, entries: tuple[Trigger, ...]) -> Trigger | None:
        mods = {c.lower_ for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
        preps = {c.lower_ for c in tok.children if c.dep_ == "prep"}
        for t in entries:
            if t.plural and tok.tag_ not in ("NNS", "NNPS"):
                continue
            if t.compound and not t.compound & mods or t.prep and t.prep not in preps:
                continue
            return t
        return None

    def noun_event(self, tok: Token, entries: tuple[Trigger, ...]) -> RawEvent | None:
        trig = self.match_noun(tok, entries)
        if trig is not None and trig.compound and child(tok, ("prep",), "of") is not None:
            return None  # "the next round of talks" is the talks'; "of sanctions" is none
        if trig is None or any(c.dep_ == "det" and c.lower_ in VAGUE_DETS for c in tok.children):
            return None
        if trig.lemma == "way" and not (
            on_the_way(tok) and to_country(self.ctx, self.occ.country_of_place, tok)
        ):
            return None  # "paved the way to talks": no trip
        kind = self.lex.kind(trig.kind)
        anchor = self.noun_anchor(tok, kind)
        if (
            anchor is not None
            and anchor[1] == "setting"
            and not realised(anchor[0])
            and not scheduled(anchor[0])
            and kind.name in OCCURRENCES
        ):
            # "pledged to keep X after a meeting at Y hosted by Z": the pledge is not the
            # meeting's; the meeting is told by its own place, date or host
            anchor = None
        if anchor is None and kind.name in OCCURRENCES:
            anchor = self.occ.noun_anchor(
                tok, kind.name, self.lex.light_verbs.get(kind.name, frozenset())
            )
        if anchor is None:
            return None
        verb, how, prep = anchor
        if (
            verb.i != tok.i
            and not realised(verb)
            and not scheduled(verb)
            and not trip_purpose(self.lex, verb)
        ):
            return None
        if verb.i != tok.i and tok.dep_ == "dobj" and negated(verb) and not _definite(tok):
            return None  # "not hosting a negotiation", "have not held talks since": none held
        if how == "poss" and not _told_as_done(tok):
            return None  # "should stop organising X's visits": no visit told
        actors, left = self.noun_actors(tok, verb, how)
        ev = RawEvent(kind, trig, tok, verb, actors, [], left, tok.i)
        ev.recipients = _minus(self.noun_recipients(tok, verb, kind), actors)
        ev.setting_prep = prep if how == "setting" else None
        ev.extra["how"] = how
        ev.definite = how == "setting" and _definite(tok)
        visit = kind.mode in ("visit", "envoy")  # "Lavrov's visit to Ankara"
        ev.place = self.place(tok, visit) or (self.place(verb) if verb.i != tok.i else None)
        if ev.place is None and verb.i != tok.i and trip_purpose(self.lex, verb):
            ev.place = destination(self.ctx, verb.head)  # "sent X to Kabul to hold talks"
        ev.date = self.own_date(tok, None) or (
            self.own_date(verb, None) if verb.i != tok.i else None
        )
        ev.right = right_edge(tok, self._quoted)
        if how in ("light", "subject", "object"):
            ev.right = max(ev.right, self.verb_right(verb, ev))
        return ev

    def noun_anchor(self, tok: Token, kind: Kind) -> tuple[Token, str, Token | None] | None:
        """The verb a noun event hangs from and how: light verb, setting phrase, possessor."""
        head = tok.head
        light = self.lex.light_verbs.get(kind.name, frozenset())
        if tok.dep_ in ("dobj", "nsubjpass") and head.pos_ == "VERB" and head.lemma_ in light:
            return head, "light", None
        if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
            verb = head.head
            if (
                verb.lemma_ in light
                and head.lower_ not in TIME_PREPS
                and not (head.lower_ in ABOUT_PREPS and child(verb, ("dobj",)) is not None)
            ):
                # "engaged in talks", not "held after the swap" nor "kept our word on the
                # ceasefire" (the verb's own object, the occurrence its topic)
                return verb, "light", head
            if kind.role == "setting" and self._setting_prep(head, verb):
                return verb, "setting", head
        if on_the_way(tok) and head.head.pos_ in ("VERB", "AUX"):
            return head.head, "light", head  # "will stop over in X on his way to Y"
        held = next((c for c in tok.children if c.dep_ == "relcl" and c.lemma_ in light), None)
        doer = child(held, ("nsubj",)) if held is not None else None
        if doer is not None and doer.lower_ not in ("that", "which", "who"):
            return held, "light", None  # "the discussions that X held with Y"
        poss = child(tok, ("poss",))
        if poss is not None and kind.role == "setting" and self.ctx.actor(poss) is not None:
            return tok, "poss", None  # "Lavrov's interview", "Kastanova's visit"
        if poss is not None and self.ctx.dates_of(poss) and child(tok, ("prep",), "with"):
            verb = next((a for a in tok.ancestors if a.pos_ == "VERB"), None)
            return (
                (verb, "dated", None) if verb is not None else None
            )  # "last Wednesday's meeting with X"
        return None

    def _setting_prep(self, prep: Token, verb: Token) -> bool:
        word = prep.lower_
        if word not in self.lex.setting_preps:
            return False
        if word == "for":  # purpose: "travelled … for talks", not "called for talks"
            return not any(t.prep == "for" for t in self.lex.verbs.get(verb.lemma_, ()))
        return True

    def noun_actors(self, tok: Token, verb: Token, how: str) -> tuple[list[str], int]:
        ctx = self.ctx
        poss = child(tok, ("poss",))
        if how == "poss" and poss is not None:
            return ctx.actors_of(poss), poss.i
        if how in ("subject", "own", "object"):  # sides come from the phrase (occurrence)
            left = phrase_head(tok).left_edge.i
            return [], min(left, verb.i) if how == "object" else left
        found = self.verb_actors(verb, self.lex.verbs.get(verb.lemma_, (_PLAIN,))[0])
        if found is None:
            return [], tok.i
        actors, left, _quote = found
        if how == "setting":
            prep = tok.head
            return actors, prep.i if prep.i < tok.i else tok.i
        return actors, left

    def noun_recipients(self, tok: Token, verb: Token, kind: Kind) -> list[str]:
        ctx = self.ctx
        out: list[str] = []
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("with", "between", "to", "by"):
                out += ctx.actors_of(pobj(c))
        if verb.i != tok.i and (tok.dep_ == "dobj" or verb.head.i == tok.i):
            for c in verb.children:  # "gave an interview to CBS", "held talks with X"
                if c.dep_ in ("dative",) or c.dep_ == "prep" and c.lower_ in ("to", "with"):
                    out += ctx.actors_of(pobj(c) if c.dep_ == "prep" else c)
        if not out and kind.name == "interview":
            out = self.interviewers(tok)
        return _dedupe(out)

    def interviewers(self, tok: Token) -> list[str]:
        """Journalists named in the sentence ("CBS host Margaret Brennan")."""
        out = []
        for t in tok.sent:
            if t.lemma_.lower() not in self.lex.interviewer_titles:
                continue
            for cand in (t.head, child(t, ("appos",))):
                if cand is not None and self.ctx.is_person(cand):
                    out += self.ctx.actors_of(cand)
        return _dedupe(out)

    # -- shared ------------------------------------------------------------------------

    def place(self, tok: Token, visit: bool = False) -> str | None:
        """A place in a prepositional phrase on ``tok`` or on its objects ("met X at the
        Kremlin", "discussions with X at Hallenborg Castle", "near the island of Skarra")."""
        there = self._there(tok)
        if there is not None:
            return there
        todo, seen = [tok], 0
        while todo and seen < 12:
            head = todo.pop(0)
            seen += 1
            for c in head.children:
                target = None
                away = c.lower_ == "from" and self._kind_now == "withdrawal"
                if c.dep_ == "prep" and (
                    c.lower_ in PLACE_PREPS or visit and c.lower_ == "to" or away
                ):
                    target = pobj(c)
                elif visit and c.dep_ == "dobj" and head.i == tok.i:
                    target = c
                elif c.dep_ == "agent" and head.lemma_.lower() in MEDIATING and head.i > tok.i:
                    agent = pobj(c)  # "talks, which were hosted by the port city of X"
                    target = agent if self.occ.parties.hosting_place(agent) else None
                found = self._place_at(target) if target is not None else None
                if found is not None:
                    return found
                if c.dep_ == "prep" and c.lower_ in TOPIC_PREPS:
                    continue  # "talks on shipping in the Black Sea": the topic's place
                if c.dep_ in ("prep", "pobj", "dobj", "agent") and c.i > tok.i:
                    todo.append(c)
                elif c.dep_ == "conj" and head.dep_ in ("pobj", "conj") and c.i > tok.i:
                    todo.append(c)  # "talks between X and Y in Jeddah"
                elif (
                    c.dep_ == "acomp"
                    and head.dep_ == "relcl"
                    or (c.dep_ == "xcomp" and head.lemma_.lower() in PLAN_HEADS and head.i > tok.i)
                ):
                    todo.append(c)  # "that was due in Muscat", ", due to open in Quito"
                elif (
                    c.dep_ in ("acl", "relcl")
                    and head.pos_ == "NOUN"
                    and (scheduled_word(c) or c.lemma_.lower() in HAPPEN_VERBS | HELD_VERBS)
                ):
                    todo.append(c)  # "talks that were due in Muscat", "talks held in Doha"
        return None

    def _delegates_at(self, verb: Token) -> str | None:
        """ "Delegations of X and Y in Jeddah agreed to a truce": where the delegations
        (negotiators, teams) that are the subject stand is where they agreed."""
        subj, _ = subject(verb)
        if subj is None or subj.lemma_.lower() not in SIDE_NOUNS | {"representative"}:
            return None
        return self.place(subj)

    def _there(self, tok: Token) -> str | None:
        """ "told reporters in Doha that talks would begin there": the last place named
        before "there", in its sentence or the one before."""
        if not any(c.lower_ == "there" and c.dep_ == "advmod" for c in tok.children):
            return None
        ctx = self.ctx
        first = ctx.sent_starts[max(ctx.sent_of(tok.i) - 1, 0)]
        for i in range(tok.i - 1, first - 1, -1):
            t = ctx.doc[i]
            if t.dep_ == "pobj" and t.head.lower_ in PLACE_PREPS:  # "in Doha", not a side
                found = ctx.place_of(t)
                if found is not None and not ctx.skipped(t.idx):
                    return found
        return None

    def _place_at(self, target: Token) -> str | None:
        if target.lemma_.lower() in ("city", "capital") and any(
            c.dep_ == "det" and c.lower_ == "this" for c in target.children
        ):
            return self.ctx.dateline_place()  # "in this city": the dateline's
        if target.lemma_.lower() in SETTLEMENT_NOUNS:  # "in the U.S. capital Washington"
            named = next((c for c in target.children if c.dep_ == "appos"), None)
            found = self.ctx.place_of(named) if named is not None else None
            if found is not None:
                return found
        left = min((c.i for c in target.lefts if c.dep_ in ("compound", "amod")), default=target.i)
        venue = self.lex.venue(target.doc[left : target.i + 1].text)
        if venue is not None:
            return venue  # "at the State Department": "State Department, Washington"
        found = self.ctx.place_of(target)
        of = pobj(child(target, ("prep",), "of"))
        if found is None and of is not None:  # "near the island of Skarra"
            found = self.ctx.place_of(of)
        if found is None and target.pos_ in ("NOUN", "PROPN"):  # "at a Doha hotel", "Gaza's port"
            for c in target.children:
                if c.dep_ in ("compound", "poss") and c.i < target.i and c.pos_ == "PROPN":
                    found = found or self.ctx.place_of(c)
        if found is None and target.pos_ == "NOUN" and target.lemma_.lower() in VENUE_NOUNS:
            # "at the Kanjal crossing point": a named venue the gazetteer does not know
            names = [c for c in target.subtree if c.i < target.i and c.dep_ == "compound"]
            if names and names[0].pos_ == "PROPN":  # whatever the tagger took the name for
                return target.doc[names[0].i : target.i + 1].text
        return found

    def own_date(self, tok: Token, quote: QuoteInfo | None) -> DateInfo | None:
        """The date expression of the trigger's clause; for reported acts, the report's."""
        # not the start of what was agreed ("agreed on a truce from 6 a.m. on Saturday")
        found = [
            d
            for d in self.ctx.dates_of(tok)
            if not start_of_other(self.ctx, d, tok) and not names_a_thing(self.ctx, d)
        ]
        if not found and quote is not None and quote.cue_i is not None:
            found = self.ctx.dates_of(self.ctx.doc[quote.cue_i])
        return found[0] if found else None

    def _by_phrase(self, tok: Token, nouns: frozenset[str]) -> bool:
        """ "spoke by telephone" (also "by" read as an agent), "discussed the plan by
        telephone" (the phrase hung on the object)."""
        near = [*tok.children, *(c for o in objects(tok) for c in o.children)]
        for c in near:
            if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "over", "on", "via"):
                obj = pobj(c)
                if obj is not None and obj.lemma_.lower() in nouns:
                    return True
            if c.dep_ == "prep" and c.lower_ in ("in", "during"):  # "discussed X in a call"
                obj = pobj(c)
                if obj is not None and obj.lemma_.lower() == "call" and not any(
                    m.dep_ == "prep" and m.lower_ == "for" for m in obj.children
                ):
                    return True
        return False

    def _object(self, tok: Token, trig: Trigger) -> Token | None:
        done_to = child(tok, ("nsubjpass",))
        if done_to is not None:
            return done_to  # "three hostages were handed to the Red Cross"
        objs = objects(tok)
        if objs:
            return objs[0]
        if tok.dep_ == "acl" and tok.tag_ == "VBN":
            return tok.head  # "the prisoners released by X": what was done to
        loose = _particle_prep(tok)
        target = pobj(loose) if loose is not None and loose.lower_ == trig.particle else None
        if target is not None and self.ctx.place_of(target) is None:  # not "called in Cairo"
            return target
        gerund = child(tok, ("xcomp",))
        if gerund is not None and gerund.tag_ == "VBG":
            return gerund  # "stop firing"
        if trig.prep:
            obj = pobj(child(tok, ("prep", "agent"), trig.prep))
            if obj is not None:
                return obj
        return child(tok, ("nsubjpass",))

    def _object_ok(self, obj: Token | None, wanted: str) -> bool:
        if obj is None:
            return False
        if wanted == "audience":
            return obj.lemma_.lower() in self.lex.audience_words
        if wanted == "captives":
            return (
                obj.lemma_.lower() in self.lex.captive_words
                or self.ctx.is_person(obj)
                or any(  # "11 abducted train passengers", "kidnapped aid workers"
                    c.dep_ == "amod" and c.i < obj.i and c.lower_ in self.lex.captive_words
                    for c in obj.subtree
                )
            )
        if wanted == "someone":  # "received the ministers", not "received an 'Official END'"
            return (
                self.ctx.actor(obj) is not None
                or obj.lemma_.lower() in self.lex.captive_words | self.lex.audience_words
                or obj.lemma_.lower() in self.lex.object_words.get("envoy", ())
                or obj.lemma_.lower() in self.lex.object_words.get("counterpart", ())
                or obj.lower_ in TITLE_HEADS
                or obj.lemma_.lower() in TITLE_HEADS
            )
        if wanted == "person":  # "expected to see McCarthy": a named person, met
            return self.ctx.is_person(obj) and not any(
                c.dep_ in ("xcomp", "ccomp")
                or c.dep_ == "prep"
                and (c.lower_ == "as" or c.lower_ == "on" and _screen(pobj(c)))
                for c in (*obj.children, *obj.head.children)
                if c.i > obj.i
            )  # not "saw X as a threat", "saw X win", "saw X on television"
        if wanted == "place":  # "reached Geneva": arriving, not reaching a deal
            return self.ctx.place_of(obj) is not None
        if wanted in self.lex.object_words:
            return obj.lemma_.lower() in self.lex.object_words[wanted] or any(
                c.dep_ == "compound" and c.lemma_.lower() in self.lex.object_words[wanted]
                for c in obj.children
            )
        if wanted == "media":  # a named outlet ("told the Ledger"), not "a news conference"
            found = self.ctx.actor(obj)
            if found is not None and found[1] == "organisation":
                words = set(found[0].lower().split())
            elif obj.pos_ == "PROPN":
                words = {t.lower_ for t in obj.subtree if t.i <= obj.i}
            elif obj.lemma_.lower() in self.lex.media_words - {"news", "press"}:
                return True  # "told state television", "told the state broadcaster"
            else:
                return False
            return bool(words & self.lex.media_words)
        return True

    def _occurrence_noun(self, tok: Token) -> bool:
        head = tok
        of = pobj(child(tok, ("prep",), "of"))
        for t in (head, of):
            if t is not None and any(
                e.kind in OCCURRENCES for e in self.lex.nouns.get(t.lemma_.lower(), ())
            ):
                return True
        return False

    def _possessor(self, obj: Token) -> list[str]:
        """ "praised Trump's mediation efforts": the possessor is the one praised."""
        poss = child(obj, ("poss",))
        return self.ctx.actors_of(poss) if poss is not None else []

    def _quoted(self, tok: Token) -> bool:
        return self.ctx.in_direct_quote(tok.idx, tok.idx + len(tok))


#: The stand-in trigger for a noun's governing verb that is not itself a trigger.
_PLAIN = Trigger(lemma="", pos="verb", kind="")


def talks_told_with(events: list[RawEvent], kind: str) -> Iterator[tuple[RawEvent, RawEvent]]:
    """Each "for talks" event hung on a verb, with the event of ``kind`` that verb tells
    ("met in Washington for talks", "flew to Cairo for talks": a meeting, a visit)."""
    for talks in events:
        tok = talks.token
        if talks.kind.name != "talks" or tok.pos_ != "NOUN" or tok.head.lower_ != "for":
            continue
        verb = tok.head.head
        other = next((e for e in events if e.token.i == verb.i and e.kind.name == kind), None)
        if other is not None:
            yield talks, other


def candidates(doc: Doc, lemma_hashes: frozenset[int]) -> list[int]:
    """Indices of the tokens whose lemma is a trigger lemma, read off the doc's lemma
    array: only these few become Python ``Token`` objects."""
    if not len(doc):
        return []
    return [i for i, h in enumerate(doc.to_array(LEMMA).tolist()) if h in lemma_hashes]


def _infinitive(tok: Token) -> bool:
    """A to-infinitive complement ("asked the Council to extend", "declined to offer")."""
    return any(c.dep_ in ("xcomp", "ccomp") and has_aux(c, frozenset({"to"})) for c in tok.children)


def _commitment(tok: Token, preps: set[str]) -> bool:
    """What was agreed binds someone: "agreed to exchange", "agreed on a corridor",
    "agreed that monitors would …" (not the opinion "analysts agreed it was …")."""
    if _infinitive(tok) or preps & {"to", "on", "upon"}:
        return True
    clause = child(tok, ("ccomp",))
    return clause is not None and has_aux(clause, FUTURE)


def _is_time(tok: Token | None) -> bool:
    return tok is not None and tok.ent_type_ in ("DATE", "TIME")


def _participle(tok: Token) -> bool:
    """A past participle modifying a noun ("an article published by …")."""
    return tok.dep_ == "acl" and tok.tag_ == "VBN"


#: Participles on an occurrence noun whose place is the occurrence's ("talks convened in X").
HELD_VERBS = PASSIVE_HAPPEN | MEDIATING

#: Particles the parser may read as a preposition ("called in the ambassador").
LOOSE_PARTICLES = frozenset({"in", "off", "over", "away", "back"})


def _particle_prep(tok: Token) -> Token | None:
    """A particle parsed as a preposition right after its verb, with no other object."""
    if tok.i + 1 >= len(tok.doc) or any(c.dep_ in ("dobj", "prt") for c in tok.children):
        return None
    nxt = tok.doc[tok.i + 1]
    if nxt.dep_ == "prep" and nxt.head.i == tok.i and nxt.lower_ in LOOSE_PARTICLES:
        return nxt
    return None


def _boycotted(events: list[RawEvent]) -> None:
    """ "X boycotted talks with Y convened in Nairobi on Saturday": the boycott is where
    and when the talks were (in place)."""
    for ev in events:
        if ev.kind.name != "boycott" or ev.token.pos_ != "VERB":
            continue
        # what follows the verb closely (the parse may hang the verb off the noun)
        scope = range(ev.token.i + 1, min(ev.token.i + 8, ev.token.sent.end))
        for other in events:
            if (
                other is not ev
                and other.kind.name in ("talks", "meeting")
                and other.token.i in scope
            ):
                if other.status == "happened":  # not "called off talks due on Thursday"
                    ev.date = ev.date or other.date
                # the talks' place before the verb's own ("stayed away from talks in
                # Brussels in protest at Pristina's refusal")
                ev.place = other.place or ev.place
                break


def _together(tok: Token) -> bool:
    """ "bring the two sides together (in Oslo)": "together" on the verb, its object or
    the phrase after it."""
    near = [tok, *objects(tok), *(c for c in tok.children if c.dep_ == "prep")]
    return any(c.dep_ == "advmod" and c.lower_ == "together" for t in near for c in t.children)


def _extended(tok: Token) -> bool:
    """ "The ceasefire, extended in April until July 16": a truce noun qualified by a
    past participle of extending is told as its extension."""
    return tok.pos_ == "NOUN" and any(
        c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in EXTENDING
        for c in tok.children
    )


def _delegations_return(tok: Token) -> bool:
    """ "the two delegations would return to Tunis on Nov. 5": the sides' delegations
    (teams, negotiators) coming back to the venue resume the talks."""
    subj = subject(tok)[0]
    return (
        subj is not None
        and subj.lemma_.lower() in SIDE_NOUNS
        and subj.tag_ in ("NNS", "NNPS")
        and any(c.lower_ in ("two", "both", "the") for c in subj.children)
    )


def _delegations_meet(tok: Token, before: list[RawEvent]) -> bool:
    """ "both delegations agreed to meet again", "the negotiators are due to meet":
    sides meeting through their delegations hold talks. "Both sides agreed to meet again"
    after a meeting of their ministers is another meeting: "the sides" meet as they last
    met (talks, unless the last such occurrence told was a meeting)."""
    if tok.pos_ != "VERB" or tok.lemma_ != "meet":
        return False
    subj = subject(tok)[0]
    if subj is None or subj.lemma_.lower() not in SIDE_NOUNS:
        return False
    if subj.lemma_.lower() in REFERRING_SIDE_NOUNS:
        last = [e.kind.name for e in before if e.kind.name in ("talks", "meeting")]
        return not last or last[-1] == "talks"
    return True


#: Verbs of handing freed people over to those who receive them.
HANDING = frozenset({"hand", "deliver", "transfer", "turn"})
#: Side nouns that refer back to the sides themselves, not to teams sent by them.
REFERRING_SIDE_NOUNS = frozenset({"side", "party"})


SCREENS = frozenset({"television", "tv", "screen", "video", "footage", "camera"})


def _on_hold(verb: Token) -> bool:
    """ "put its participation in the treaty, ..., on hold" (read off the words: the parse
    may hang "on hold" on another phrase of the clause)."""
    words = [t.lower_ for t in verb.sent if t.i > verb.i]
    return any(a == "on" and b == "hold" for a, b in zip(words, words[1:], strict=False))


def _screen(tok: Token | None) -> bool:
    return tok is not None and tok.lemma_.lower() in SCREENS


def _definite(tok: Token) -> bool:
    det = child(tok, ("det",))
    return det is not None and det.lower_ in DEFINITE


def _dedupe(names: list[str]) -> list[str]:
    return list(dict.fromkeys(n for n in names if n))


def _minus(names: list[str], taken: list[str]) -> list[str]:
    return [n for n in _dedupe(names) if n not in taken]


def _told_as_done(noun: Token) -> bool:
    """Whether the verb governing a noun phrase (through prepositions) tells what is or
    was ("X's visit was cut short"), not what should stop or may be ("stop organising X's
    visits")."""
    tok = noun
    for _ in range(4):
        if tok.head.i == tok.i:
            return True
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return realised(tok) or scheduled(tok)
    return True
