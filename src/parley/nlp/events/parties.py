"""Who takes part in an occurrence, by role, when the text does not name them as subject.

Newswire names the sides of talks, swaps and truces in many ways besides a subject:

* modifiers: "Iranian and U.S. negotiators", "a Hamas delegation", "Russia's delegation";
* phrases: "talks between the chief negotiators of Serbia and Kosovo", "with Saudi officials";
* a reference back: "the two sides", "both delegations", "the two foreign ministers",
  "they" -- the sides of the article's last two-sided occurrence, else its two most
  named states or groups;
* mediators and hosts: "hosted by X", "an exchange mediated by X", "a deal brokered by X",
  "U.N.-facilitated talks", "with Egyptian and Qatari mediators", "with Qatar as mediator",
  "X hosted a round of talks".
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Token

from parley.nlp.actors.countries import CountryIndex, load_countries
from parley.nlp.events.context import PLACE_NOUNS, DocContext
from parley.nlp.events.syntax import child, objects, pobj
from parley.nlp.events.syntax import subject as _subject_of
from parley.nlp.extensions import meta

#: Nouns that stand for a side when counted or grouped ("the two sides", "both delegations").
GROUP_NOUNS = frozenset(
    """side party delegation minister leader negotiator country government army team
    neighbour neighbor state commander chief president envoy camp foe rival
    representative official""".split()
)
#: Group nouns that stand for the sides even without "the" or "two" ("negotiators met").
SIDE_NOUNS = frozenset({"team", "delegation", "negotiator", "side", "party"})
#: Group nouns that refer back to people ("the two foreign ministers"), not states.
PEOPLE_NOUNS = frozenset({"minister", "leader", "president", "envoy", "chief", "commander"})
#: Nouns whose modifiers or "of" phrase name the side they stand for.
AGENT_NOUNS = GROUP_NOUNS | frozenset(
    """warplane jet force troop fighter soldier militant guerrilla rebel gunman drone
    navy military ship warship authority administration ministry militia aircraft
    police forces negotiators counterpart""".split()
)
#: Participles and verbs whose doer is a mediator or host of what others do.
MEDIATING = frozenset(
    """host mediate broker facilitate sponsor convene chair organise organize moderate
    back oversee""".split()
)
#: Verbs whose subject is never a side of the occurrence they govern ("X, who have been
#: brokering talks": X are go-betweens).
BROKERING = frozenset({"broker", "mediate", "facilitate"})
#: Verbs of a go-between ("shuttling between the rooms", "carried messages between").
SHUTTLE = frozenset(
    {"shuttle", "carry", "relay", "pass", "ferry", "convey", "shuttling", "move", "go"}
)
#: Verbs of taking a role ("acts as go-between", "served as facilitator").
SERVING = frozenset({"serve", "act", "function", "work"})
GO_BETWEENS = frozenset(
    {"mediator", "go-between", "intermediary", "facilitator", "broker", "host", "between"}
)
MEDIATOR_NOUNS = frozenset({"mediator", "mediation", "host", "facilitator", "broker", "auspices"})
#: Verbs by which efforts bring an occurrence about ("mediation led to a truce").
OUTCOME_VERBS = frozenset({"lead", "result", "produce", "yield", "secure", "achieve"})
#: Nouns of the work a go-between does, mediatory when so qualified ("mediatory efforts").
EFFORT_NOUNS = frozenset({"effort", "efforts", "role", "work", "diplomacy", "intervention"})
#: Go-betweens named in the plural by their states ("Omani mediators", "the Saudi and
#: U.S. facilitators said").
PLURAL_GO_BETWEENS = frozenset({"mediator", "facilitator"})
#: Verbs whose subject hosts the sides named as their object ("hosted the two sides").
HOSTING = frozenset({"host"})
PARTY_KINDS = frozenset({"state", "organisation", "government", "group"})
PRONOUN_GROUPS = frozenset({"they", "them", "both"})
REFLEXIVES = frozenset({"himself", "herself"})
#: Nouns for a person, with the title words of the people they may stand for.
TITLES_FOR = {
    "diplomat": ("minister", "ambassador", "envoy", "diplomat"),
    "minister": ("minister",),
    "ambassador": ("ambassador",),
    "envoy": ("envoy",),
    "president": ("president",),
    "premier": ("premier", "prime"),
}
COUNTS = {"two": 2, "both": 2, "three": 3, "four": 4}


#: Bodies whose mandate is to stand between the sides (never a side of a swap or talks).
NEUTRAL_WORDS = ("red cross", "red crescent", "icrc")


def neutral(name: str) -> bool:
    """ "International Committee of the Red Cross", "ICRC": a neutral intermediary."""
    low = name.lower()
    return any(w in low for w in NEUTRAL_WORDS)


#: Title words that are no name on their own.
BARE_TITLES = frozenset(
    {"general", "director", "directors", "minister", "secretary", "president", "chief"}
)

#: Lower-case words inside an organisation's name ("Armed Forces of Colombia").
NAME_LINKS = frozenset({"of", "for", "and", "the", "de", "del", "al"})


def proper_name(name: str) -> bool:
    """A group actor's name that is a name ("ELN", "Kurdistan Workers' Party"), not a
    description of people ("both sides", "U.S. officials", "the rebels")."""
    words = name.replace("-", " ").split()
    return bool(words) and all(
        w[:1].isupper() or w[:1].isdigit() or (i and w in NAME_LINKS) for i, w in enumerate(words)
    )


class Parties:
    """Party names read off noun phrases, and the article's principal sides."""

    def __init__(self, ctx: DocContext, countries: CountryIndex | None = None):
        self.ctx = ctx
        self.countries = countries or load_countries()
        self.last_pair: list[str] = []  # the last two sides that are states or groups
        self.last_people: list[str] = []  # the last two people who met
        self.last_mediators: list[str] = []
        #: the sides last named on a noun ("a Hamas delegation"), for "the delegation"
        self.named_nouns: dict[str, list[str]] = {}
        self._principal: list[str] | None = None
        self._mediating: frozenset[str] | None = None
        self._ranked: list[str] = []  # every side, most named first
        #: actor names that stand for a group ("both delegations"), not a side's name
        self.group_names = frozenset(
            n for n, k in ctx.actor_at.values() if k == "group" and not proper_name(n)
        )
        self.party_names = sorted({n for n, k in ctx.actor_at.values() if k in PARTY_KINDS})
        #: country code -> the group named in the article that holds that country's capital
        self.seats = _seats(ctx, self.party_names)

    # -- names in a phrase ---------------------------------------------------------------

    def country(self, tok: Token) -> str | None:
        """The country a single word or name token stands for ("Iranian", "U.S.", "Qatar")."""
        if not tok.text[:1].isupper():
            return None
        text = tok.text
        ent = self.ctx.ent_at.get(tok.i)
        if ent is not None and ent[2] in ("GPE", "NORP"):
            text = self.ctx.doc[ent[0] : ent[1]].text
        code = self.countries.code(text) or self.countries.code(tok.text)
        if code in self.seats and self._capital_only(text, tok.text):
            return self.seats[code]  # "talks between Riyadh and Sanaa": the Houthis
        return self.countries.name(code) if code else None

    def _capital_only(self, *texts: str) -> bool:
        """Whether the words name a country by its capital only ("Sanaa", not "Yemen")."""
        c = self.countries
        return any(c.by_capital(t) for t in texts) and not any(
            c.by_name(t) or c.by_demonym(t) for t in texts
        )

    def home(self, name: str) -> str | None:
        """The country code of a side: the country it names, else a registry actor's home
        ("Houthis": YE)."""
        code = self.countries.code(name)
        if code is None and self.ctx.places is not None:
            reg = self.ctx.places.by_alias(name)
            code = reg.home if reg is not None else None
        return code

    def country_named(self, place: str) -> str | None:
        """The country a place name is, or is the capital of ("Asmara" -> Eritrea)."""
        code = self.countries.by_name(place) or self.countries.by_capital(place)
        return self.countries.name(code) if code else None

    def word(self, tok: Token) -> list[str]:
        """What a modifier or name token names: an actor, a country, or nothing."""
        found = self.ctx.actor(tok)
        if tok.dep_ in ("amod", "compound") and self.country(tok):
            return [self.country(tok)]  # "the Ecuadorian navy": Ecuador
        if found is not None and (found[1] != "group" or proper_name(found[0])):
            return [found[0]]  # a named group ("the National Liberation Army": ELN)
        name = self.country(tok) or self._named_like(tok)
        if name:
            return [name]
        ent = self.ctx.ent_at.get(tok.i)
        agent = tok.dep_ == "compound" and tok.head.lemma_.lower() in AGENT_NOUNS
        if ent is not None and (ent[2] in ("ORG", "NORP", "PERSON") or agent):
            text = self.ctx.doc[ent[0] : ent[1]].text
            parts = [self.countries.code(p) for p in text.split("-")]
            if len(parts) > 1 and all(parts):  # "U.S.-South Korean exercises"
                return [self.countries.name(c) for c in parts if c]
            return [text]  # "Houthi targets"
        if (
            ent is None
            and tok.pos_ == "PROPN"
            and tok.dep_ in ("compound", "nsubj", "conj")
            and tok.lower_ not in BARE_TITLES  # "The Directors General of ...": a title
        ):
            return [tok.text]  # "M23 fighters": a name spaCy did not label
        return []

    def _named_like(self, tok: Token) -> str | None:
        """An actor of the article whose name this modifier abbreviates ("Houthi" for
        "Houthis", "Hamas" for "Hamas movement")."""
        word = tok.text.lower()
        if not tok.text[:1].isupper() or len(word) < 3:
            return None
        for name in self.party_names:
            low = name.lower()
            if low != word and low.startswith(word) and len(low) - len(word) <= 2:
                return name
        return None

    def modifiers(self, tok: Token) -> list[str]:
        """Sides named by ``tok``'s modifiers and possessor, conjuncts included."""
        out: list[str] = []
        possessors: list[str] = []
        for c in tok.children:
            if c.dep_ in ("amod", "compound", "nmod", "poss") and c.i < tok.i:
                for m in _with_conjuncts(c):
                    (possessors if c.dep_ == "poss" else out).extend(self.word(m))
        if possessors and any(self.countries.code(n) is None for n in out):
            # "Yemen's Houthi movement", "Colombia's ELN guerrillas": a group named in the
            # phrase is the side; the country before it is where the group is
            possessors = [p for p in possessors if self.countries.code(p) is None]
        return _unique(possessors + out)

    def phrase(self, tok: Token | None, depth: int = 0) -> list[str]:
        """Every side a noun phrase names: itself, conjuncts, modifiers, "of" phrases."""
        if tok is None or depth > 2:
            return []
        out: list[str] = []
        for head in _with_conjuncts(tok) + self._listed_appos(tok):
            lemma = head.lemma_.lower()
            if lemma in PEOPLE_NOUNS and self.titled(head):
                out += self.titled(head)  # "received the three ministers"
                continue
            demonym = [c for c in head.children if c.dep_ == "amod" and c.i == head.i - 1]
            if (
                lemma == "government"
                and head.tag_ == "NN"
                and len(demonym) == 1
                and self.country(demonym[0])
                and demonym[0].text != self.country(demonym[0])
            ):
                out.append(f"{demonym[0].text} {head.text}")  # "the Congolese government"
                continue
            if head.pos_ == "NOUN" and lemma in AGENT_NOUNS and self.modifiers(head):
                out += self.modifiers(head)  # "the Ecuadorian navy", "a Hamas delegation"
                self.named_nouns[lemma] = self.modifiers(head)
                continue
            if head.pos_ == "NOUN" and lemma in self.named_nouns and _definite(head):
                out += self.named_nouns[lemma]  # "met the delegation": the one named before
                continue
            state = self._titled_state(head)
            if state:
                out.append(state)  # "Niger's Director General of ...": Niger
                continue
            found = self.ctx.actor(head)
            named = self.word(head)
            if named and not (
                found is not None and found[1] == "group" and not proper_name(found[0])
            ):
                out += named
                continue
            inner = self.modifiers(head)
            prep = child(head, ("prep",), "of") or child(head, ("prep",), "from")
            of = pobj(prep)
            if of is not None and head.lemma_.lower() in AGENT_NOUNS:
                # "delegations from A, B, C, and the D": a list the parse broke is read
                # off the words
                inner += self.phrase(of, depth + 1) + self.listed(prep)
            out += inner or named  # "the chiefs of India and Pakistan": the two states
        return _unique(out)

    def _titled_state(self, head: Token) -> str | None:
        """The country of "Niger's Director General of Military Operations": a title with
        a country as its possessor stands for that country (never the title's words)."""
        if head.pos_ not in ("NOUN", "PROPN"):
            return None
        title = head.lower_ in BARE_TITLES or any(
            c.dep_ == "compound" and c.lower_ in BARE_TITLES for c in head.children
        )
        if not title:
            return None
        poss = child(head, ("poss",))
        if poss is not None:
            return self.country(poss)
        # "the Director General of Military Operations (DGMO) of Niger": the last "of" state
        ofs = [pobj(c) for c in head.children if c.dep_ == "prep" and c.lower_ == "of"]
        states = [self.country(o) for o in ofs if o is not None and o.pos_ == "PROPN"]
        states = [s for s in states if s]
        return states[-1] if len(states) == 1 else None

    def between(self, tok: Token) -> list[str]:
        """ "talks between X and Y", "a truce between X and Y", "talks among X, Y and Z"
        (a list the parse broke is read off the words), "between herself and Y"."""
        prep = child(tok, ("prep",), "between") or child(tok, ("prep",), "among")
        restated = tok.dep_ in ("appos", "npadvmod", "dep") or tok.doc[tok.i - 1].text == ","
        if prep is None and restated:  # "talks among A and B, talks that opened later"
            same = [t for t in tok.doc[tok.sent.start : tok.i] if t.lemma_ == tok.lemma_]
            return self.between(same[-1]) if same and same[-1].pos_ == "NOUN" else []
        obj = pobj(prep)
        if obj is None:
            return []
        out: list[str] = []
        for t in _with_conjuncts(obj):
            if t.lower_ in REFLEXIVES:
                out += self.reflexive(t) + self.phrase(_cut_conjunct(t))
        return _unique(out + self.phrase(obj) + self.listed(prep))

    def _listed_appos(self, tok: Token) -> list[Token]:
        """ "with President A, U.N. Secretary-General B, as well as C": another named
        person set beside a named person, in a list, is one more of them, not the same."""
        own = self.ctx.actor(tok)
        if own is None or own[1] != "person" or not any(c.dep_ == "conj" for c in tok.children):
            return []
        out = []
        for c in tok.children:
            other = self.ctx.actor(c) if c.dep_ == "appos" else None
            if other is not None and other[1] == "person" and other[0] != own[0]:
                out.append(c)
        return out

    def listed(self, prep: Token) -> list[str]:
        """The names of a list right after ``prep`` ("among A, the B and C"), read word by
        word up to the first word that is no part of it."""
        doc, out = prep.doc, []
        i = prep.i + 1
        while i < len(doc):
            t = doc[i]
            ent = self.ctx.ent_at.get(t.i)
            if ent is None and (t.text in (",", "and") or t.pos_ == "DET"):
                i += 1
                continue
            if ent is None or ent[2] not in ("GPE", "NORP", "ORG", "PERSON"):
                break
            end = ent[1]
            out += self.word(doc[end - 1]) or self.word(t)
            i = max(end, i + 1)
        return out if len(out) >= 2 else []

    def reflexive(self, tok: Token) -> list[str]:
        """ "between himself and Y": the subject of the clause that tells it, else the
        speaker of the quote it is in."""
        v = tok
        for _ in range(8):
            if v.head.i == v.i:
                break
            v = v.head
            if v.pos_ not in ("VERB", "AUX"):
                continue
            subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and not (subj.left_edge.i <= tok.i <= subj.right_edge.i):
                names = self.ctx.actors_of(subj)
                if names:
                    return self._person_behind(subj, names[0]) or names[:1]
        quote = self.ctx.quote_at(tok.idx)
        return [quote.speaker] if quote is not None and quote.speaker else []

    def _person_behind(self, subj: Token, name: str) -> list[str]:
        """ "The Chilean diplomat said ... between himself and X" read as Chile: the one
        person of that country named before whose title fits the noun (a minister, an
        ambassador or an envoy for "diplomat")."""
        lemma = subj.lemma_.lower()
        fits = TITLES_FOR.get(lemma, (lemma,))
        if lemma not in TITLES_FOR or self.ctx.kind_of(name) == "person":
            return []
        code = self.countries.code(name)
        found = [
            who
            for start, who, country, title in self.ctx.people
            if start < subj.idx and country == code and any(f in title.split() for f in fits)
        ]
        return found[:1] if len(set(found)) == 1 else []

    # -- references back -------------------------------------------------------------------

    def is_group(self, tok: Token | None) -> bool:
        """ "the two sides", "both delegations", "the parties", "they"."""
        if tok is None:
            return False
        low = tok.lower_
        if low in PRONOUN_GROUPS and tok.pos_ == "PRON":
            return True
        if any(c.dep_ == "poss" and c.lower_ == "their" for c in tok.children) and (
            tok.lemma_.lower() in GROUP_NOUNS
        ):
            return True  # "their delegations"
        if tok.lemma_.lower() not in GROUP_NOUNS or tok.tag_ not in ("NNS", "NNPS"):
            return False
        poss = child(tok, ("poss",))
        if poss is not None and poss.lower_ != "their" and self.is_group(poss):
            return not self.modifiers(tok)  # "the two armies' operations chiefs"
        mods = {c.lower_ for c in tok.children if c.dep_ in ("det", "nummod", "predet", "amod")}
        bare = tok.lemma_.lower() in SIDE_NOUNS | PEOPLE_NOUNS and not any(
            c.dep_ == "det" for c in tok.children
        )  # "technical teams", "brigade commanders would meet"
        if not mods & {"two", "both", "the", "three", "all"} and not bare:
            return False  # "technical teams would meet again": bare plural sides count too
        # "the chiefs of India and Pakistan", "delegations from A, B and C" name them
        of = pobj(child(tok, ("prep",), "of") or child(tok, ("prep",), "from"))
        return not self.modifiers(tok) and not (of is not None and self.phrase(of))

    def titled(self, tok: Token | None) -> list[str]:
        """ "the two foreign ministers", "both defence chiefs": the people named before with
        that title, when there are exactly as many as the phrase counts."""
        if tok is None or tok.tag_ not in ("NNS", "NNPS"):
            return []
        words = {c.lower_ for c in tok.children if c.dep_ in ("amod", "compound")}
        count = next(
            (COUNTS[c.lower_] for c in tok.children if c.lower_ in COUNTS and c.dep_ != "poss"),
            None,
        )
        if count is None:
            return []
        lemma = tok.lemma_.lower()
        found = [
            name
            for start, name, title in self.ctx.titled
            if start < tok.idx and lemma in title.split() and words <= set(title.split())
        ]
        return found if len(found) == count else []

    def pair_before(self, tok: Token) -> list[str]:
        """Two states or groups named as a pair earlier in ``tok``'s sentence ("the joint
        declaration of A and B, in which the two countries agreed"): the last."""
        found: list[str] = []
        for t in tok.doc[tok.sent.start : tok.i]:
            conj = child(t, ("conj",))
            if conj is None or conj.i >= tok.i or t.pos_ != "PROPN" or conj.pos_ != "PROPN":
                continue
            if self.brokering(t) or self.brokering(conj):
                continue  # "A and B, who have been brokering talks, said the sides ...": brokers
            names = _unique(self.word(t) + self.word(conj))
            if len(names) == 2 and all(self.ctx.kind_of(n) != "person" for n in names):
                found = names
        return found

    @staticmethod
    def brokering(tok: Token) -> bool:
        """Whether a relative clause on ``tok`` says it brokers something ("A, who have been
        brokering talks"; the parse may make "brokering" a modifier of "talks")."""
        return any(
            c.dep_ == "relcl" and any(t.lemma_.lower() in BROKERING for t in c.subtree)
            for c in tok.children
        )

    @staticmethod
    def broker_of(tok: Token) -> Token | None:
        """The noun whose relative clause tells it brokers the occurrence noun ``tok``
        ("A and B, who have been brokering talks": A), else None."""
        if not any(c.dep_ == "amod" and c.lemma_.lower() in BROKERING for c in tok.children):
            return None
        for a in tok.ancestors:
            if a.dep_ == "relcl":
                return a.head
        return None

    def principal(self, people: bool = False) -> list[str]:
        """The article's sides: the last two-sided occurrence's, else its two most named
        (``people``: "the two ministers" are the last two people who met)."""
        if people and len(self.last_people) >= 2:
            return list(self.last_people)
        if len(self.last_pair) >= 2:
            return list(self.last_pair)
        if self._principal is None:
            self._principal = self._most_named()
        return list(self._principal)

    def principal_besides(self, names: list[str], mediators: list[str]) -> list[str]:
        """The article's most named sides, guessed for an occurrence, other than the states
        of its own go-betweens ("Blinken was set to play host to the talks": not the
        United States, though the article names it most)."""
        own = {c for _first, n, c, _title in self.ctx.people if n in mediators and c}
        own |= {self.countries.code(m) for m in mediators if self.countries.code(m)}
        if not own or not any(self.countries.code(n) in own for n in names):
            return names
        if self._principal is None or list(self._principal) != names:
            return names  # the last occurrence's sides, not a guess from the counts
        rest = [n for n in self._ranked if (self.countries.code(n) or n) not in own]
        return rest[:2] if len(rest) >= 2 else names

    def _most_named(self) -> list[str]:
        counts: Counter[str] = Counter()
        where: Counter[str] = Counter()  # countries named only by a place of the story
        for i, (name, kind) in self.ctx.actor_at.items():
            # one count per mention (its first token), none in the headline (often misread)
            if self.ctx.skipped(self.ctx.starts[i]):
                continue
            if neutral(name) or name in self.ctx.outlets:
                # the Red Cross carries the swap, an outlet reports it: no side of it
                continue
            if kind in PARTY_KINDS and self.ctx.actor_at.get(i - 1) != (name, kind):
                counts[name] += 1
        for ent in self.ctx.doc.ents:
            if ent.label_ in ("GPE", "NORP") and ent.start not in self.ctx.actor_at:
                if (
                    ent.root.dep_ == "pobj"
                    and ent.root.head.lower_ in ("in", "at", "to")
                    and self.countries.by_name(ent.text) is None
                ):
                    name = self.country(ent[0])  # "would open in Mexico City": where, not who
                    if name:
                        where[name] += 1
                    continue
                name = self.country(ent[0])
                if name:
                    counts[name] += 1
        reg = self.ctx.places
        for tok in self.ctx.doc if reg is not None else ():
            # "ELN guerrillas" that the actor pass left out: a group the registry knows
            if tok.pos_ != "PROPN" or tok.i in self.ctx.actor_at or self.ctx.skipped(tok.idx):
                continue
            found = reg.by_alias(tok.text) if tok.text.isupper() else None
            if found is not None and found.kind == "group":
                counts[found.name] += 1
        # "X's negotiators" (and their "they") stand for X: no side of their own
        for name in list(counts):
            owner, sep, _rest = name.partition("'s ")
            if sep and owner in counts and owner != name:
                counts[owner] += counts.pop(name)
        hosts = self.mediating()  # "Qatar has hosted the two sides": not a side
        if len([n for n in counts if n not in hosts]) >= 2:
            for name in hosts:
                counts.pop(name, None)
        self._ranked = []
        seen: set[str] = set()
        if len(counts) < 2:  # no two sides without them: the places count after all
            counts.update(where)
        for name, _n in counts.most_common():
            code = self.countries.code(name) or name
            if code not in seen:
                seen.add(code)
                self._ranked.append(name)
        return self._ranked[:2] if len(self._ranked) >= 2 else []

    def counted(self, tok: Token | None, exclude: list[str]) -> list[str]:
        """ "welcomed the three foreign ministers": the people named before with that title,
        else the article's most named states, as many as counted (not ``exclude`` nor
        their countries)."""
        if tok is None or tok.tag_ not in ("NNS", "NNPS"):
            return []
        if tok.lemma_.lower() not in PEOPLE_NOUNS | SIDE_NOUNS:
            return []
        count = next(
            (COUNTS[c.lower_] for c in tok.children if c.lower_ in COUNTS and c.dep_ != "poss"),
            None,
        )
        if count is None or count < 3:
            return []  # two are the article's pair, told elsewhere
        return self.titled(tok) or self.counted_states(count, exclude)

    def ranked(self) -> list[str]:
        """Every side the article names, most named first."""
        if self._principal is None:
            self._principal = self._most_named()
        return list(self._ranked)

    def others(self, named: list[str]) -> list[str]:
        """The article's sides, most named first, other than ``named`` and their countries
        (a person's country too)."""
        code = self.countries.code
        taken = {code(n) or n for n in named}
        taken |= {c for n in named if (c := self._person_country(n))}
        return [n for n in self.ranked() if (code(n) or n) not in taken]

    def counted_states(self, count: int, exclude: list[str] | None = None) -> list[str]:
        """The article's ``count`` most named states (not ``exclude`` nor their
        countries), or [] when it names fewer."""
        ranked = [n for n in self.others(exclude or []) if self.countries.code(n) is not None]
        return ranked[:count] if len(ranked) >= count else []

    def person_country(self, name: str) -> str | None:
        """The country the actors give a person (a code), if any."""
        return self._person_country(name)

    def _person_country(self, name: str) -> str | None:
        return next((c for _s, n, c, _t in self.ctx.people if n == name), None)

    def remember(self, names: list[str], mediators: list[str]) -> None:
        """An occurrence with two or more sides: later "the two sides" are these."""
        persons = [n for n in names if self.ctx.kind_of(n) == "person"]
        sides = [n for n in names if n not in persons]
        if len(persons) >= 2 and len(persons) == len(names):
            self.last_people = list(names)
        elif len(sides) >= 2:  # "Iran and the US held talks with X": the sides are states
            # "X's minister held talks with A and B": his state is one of them too
            self.last_pair = _unique(sides + self._states_of(persons, sides))
        if mediators:
            self.last_mediators = list(mediators)

    def _states_of(self, persons: list[str], sides: list[str]) -> list[str]:
        """The states ``persons`` speak for, other than those of ``sides``."""
        code = self.countries.code
        taken = {code(n) or self.home(n) for n in sides}
        out = []
        for person in persons:
            own = self._person_country(person)
            if own and own not in taken and self.countries.name(own):
                out.append(self.countries.name(own))
        return out

    # -- mediators -------------------------------------------------------------------------

    def mediators(self, tok: Token) -> list[str]:
        """Mediators or hosts named on an occurrence noun or verb."""
        out: list[str] = []
        for c in tok.children:
            lemma = c.lemma_.lower()
            hosted = c.dep_ == "advcl" and c.tag_ == "VBN"  # "met in X, hosted by Y"
            if (c.dep_ in ("acl", "relcl", "amod") or hosted) and lemma in MEDIATING:
                out += self._hosts(c)
                out += self._hyphenated(c)
            elif c.dep_ == "prep" and c.lower_ in ("with", "under", "through", "via"):
                out += self._mediator_phrase(pobj(c))
            elif c.dep_ == "prep" and c.lower_ in ("by", "at", "on"):
                out += self._invitation(pobj(c))  # "by invitation from X"
            if c.dep_ == "prep" and c.lower_ in ("at", "in") and pobj(c) is not None:
                for a in pobj(c).children:  # "a meeting at the X Palace hosted by Y"
                    if a.dep_ == "acl" and a.tag_ == "VBN" and a.lemma_.lower() in MEDIATING:
                        out += self._hosts(a)
            elif c.dep_ in ("compound", "amod", "npadvmod") and lemma in MEDIATING:
                out += self._hyphenated(c)
            elif c.dep_ in ("compound", "amod") and "-" in c.text:
                out += self._joined(c.text)
        role = pobj(child(tok, ("prep",), "as"))
        if role is not None and role.lemma_.lower() in GO_BETWEENS - {"host"}:
            # "talks with X as mediator" ("with X as host" of a next round names no
            # go-between of the whole process)
            out += self.phrase(pobj(child(tok, ("prep",), "with")))
        out += self._hyphenated_before(tok)
        return _unique(out)

    def mediated_outcome(self, tok: Token) -> list[str]:
        """ "its mediatory efforts led to a ceasefire", "Omani mediation produced a truce":
        whoever made the efforts that brought the occurrence about mediated it."""
        verb = tok.head
        if tok.dep_ == "pobj" and tok.head.lower_ in ("to", "in"):
            verb = tok.head.head
        elif tok.dep_ != "dobj":
            return []
        if verb.lemma_.lower() not in OUTCOME_VERBS:
            return []
        subj = child(verb, ("nsubj",))
        if subj is None or not (subj.lemma_.lower() in MEDIATOR_NOUNS or (
                subj.lemma_.lower() in EFFORT_NOUNS and any(
                    c.dep_ in ("amod", "compound") and c.lemma_.lower().startswith("mediat")
                    for c in subj.children))):
            return []
        poss = child(subj, ("poss",))
        if poss is not None and poss.pos_ == "PRON":  # "Oman announced that its efforts ...":
            said = verb.head if verb.dep_ == "ccomp" else None  # the announcer's
            poss = child(said, ("nsubj",)) if said is not None else None
        return self.phrase(poss) if poss is not None else self.modifiers(subj)

    def _hosts(self, verb: Token) -> list[str]:
        """ "hosted by X", "hosted by X together with Y": the hosts."""
        out = self.go_between(pobj(child(verb, ("agent",))))
        along = child(verb, ("prep",), "with")
        if out and along is not None and any(a.lower_ == "together" for a in along.children):
            out += self.go_between(pobj(along))
        return out

    def hosting_place(self, tok: Token | None) -> bool:
        """ "hosted by the (Saudi) port city of X", "hosted by X" (a city): a place as the
        host is where the occurrence was, no side or go-between of it."""
        if tok is None:
            return False
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in PLACE_NOUNS:
            return True
        if tok.pos_ != "PROPN" or self.ctx.is_person(tok) or self.ctx.actor(tok) is not None:
            return False
        ent = self.ctx.ent_at.get(tok.i)
        if ent is None or ent[2] != "GPE":
            return False
        text = self.ctx.doc[ent[0] : ent[1]].text
        return self.countries.code(text) is None  # a city, not a state

    def shuttle(self, sent) -> list[str]:
        """ "X shuttling between the rooms", "X carried proposals between the delegations"."""
        out: list[str] = []
        for t in sent:
            if t.lemma_.lower() in SHUTTLE and _between(t):
                found = t.head if t.dep_ == "acl" else _subject_of(t)[0]
                out += self.go_between(found)
            elif t.lemma_.lower() in PLURAL_GO_BETWEENS and t.tag_ == "NNS" and t.dep_ != "conj":
                out += self.modifiers(t)  # "accompanied by Omani mediators"
            elif (
                t.dep_ == "relcl"
                and t.lemma_.lower() in MEDIATING
                and any(c.lower_ == "where" for c in t.children)
            ):
                out += self.phrase(_subject_of(t)[0])  # "in Almaty, where Kazakhstan hosted"
        return _unique(out)

    def serving(self, sent) -> list[str]:
        """ "X acts as the go-between in the process", "X served as facilitator": a
        mediator of the article's talks named in a sentence of its own."""
        out: list[str] = []
        for t in sent:
            if self.hosts_sides(t):  # "Qatar has hosted the two sides since March"
                out += self.go_between(_subject_of(t)[0])
                continue
            if t.pos_ != "VERB" or t.lemma_.lower() not in SERVING:
                continue
            role = pobj(child(t, ("prep",), "as"))
            if role is not None and role.lemma_.lower() in GO_BETWEENS:
                out += self.go_between(_subject_of(t)[0])
        return _unique(out)

    def hosts_sides(self, verb: Token) -> bool:
        """ "X has hosted the two sides", "X hosts both delegations": X mediates."""
        return (
            verb.pos_ == "VERB"
            and verb.lemma_.lower() in HOSTING
            and any(self.is_group(o) for o in objects(verb))
        )

    def mediating(self) -> frozenset[str]:
        """Every go-between the article names in a sentence of its own (not a side)."""
        if self._mediating is None:
            found: list[str] = []
            for sent in self.ctx.doc.sents:
                if not self.ctx.skipped(sent[0].idx):
                    found += self.shuttle(sent) + self.serving(sent)
            self._mediating = frozenset(found)
        return self._mediating

    def go_between(self, tok: Token | None) -> list[str]:
        """A mediator's phrase; a person with the body they act for ("EU envoy X",
        "Oman's foreign minister": the EU, Oman, as well as the person)."""
        out = self.phrase(tok)
        if tok is None or tok.pos_ != "PROPN" and not self.ctx.is_person(tok):
            return out
        for t in tok.doc[tok.left_edge.i : tok.i]:
            if t.dep_ not in ("compound", "amod", "poss", "nmod"):
                continue
            ent = self.ctx.ent_at.get(t.i)
            if self.country(t):
                out.append(self.country(t))
            elif ent is not None and ent[2] == "ORG" and ent[1] <= tok.i:
                out.append(self._body(self.ctx.doc[ent[0] : ent[1]].text))
        return _unique(out)

    def _body(self, text: str) -> str:
        """An organisation's canonical name ("EU" -> "European Union") when known."""
        reg = self.ctx.places
        found = reg.by_alias(text) if reg is not None else None
        return found.name if found is not None and found.kind == "organisation" else text

    def _mediator_phrase(self, obj: Token | None) -> list[str]:
        """ "with Egyptian and Qatari mediators", "with Qatar as mediator",
        "under the auspices of X", "through Omani mediation"."""
        if obj is None:
            return []
        if obj.lemma_.lower() in MEDIATOR_NOUNS:
            of = pobj(child(obj, ("prep",), "of"))
            return self.modifiers(obj) + self.phrase(of)
        as_ = pobj(child(obj, ("prep",), "as"))
        if as_ is not None and as_.lemma_.lower() in MEDIATOR_NOUNS:
            return self.phrase(obj)
        out: list[str] = []
        for c in obj.children:  # "under a deal brokered by Turkey"
            if c.dep_ in ("acl", "relcl") and c.lemma_.lower() in MEDIATING:
                out += self.go_between(pobj(child(c, ("agent",))))
        return out

    def _invitation(self, obj: Token | None) -> list[str]:
        """ "by invitation from X", "at the invitation of X": X hosts what others do."""
        if obj is None or obj.lemma_.lower() != "invitation":
            return []
        who = pobj(child(obj, ("prep",), "from") or child(obj, ("prep",), "of"))
        return self.go_between(who)

    def _hyphenated(self, part: Token) -> list[str]:
        """ "U.N.-facilitated", "U.S.-brokered": the name before the hyphen."""
        doc = part.doc
        if part.i >= 2 and doc[part.i - 1].text == "-":
            return self.word(doc[part.i - 2])
        return []

    def _joined(self, text: str) -> list[str]:
        """ "U.N.-facilitated" read as one word: the name before the hyphen."""
        name, _, part = text.rpartition("-")
        if not any(part.lower() in (m + "d", m + "ed") for m in MEDIATING):
            return []
        code = self.countries.code(name)
        if code is not None:
            return [self.countries.name(code)]
        body = self._body(name)
        return [body] if body != name else []

    def _hyphenated_before(self, tok: Token) -> list[str]:
        """A hyphenated mediating modifier left of the noun that spaCy left unattached."""
        doc, out = tok.doc, []
        for i in range(max(tok.left_edge.i, tok.i - 6), tok.i):
            if doc[i].lemma_.lower() in MEDIATING and doc[i].tag_ == "VBN":
                out += self._hyphenated(doc[i])
        return out


def _between(verb: Token) -> bool:
    """ "shuttling between X and Y", "carrying messages between the rooms" (on the object)."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    return any(child(t, ("prep",), "between") is not None for t in [verb, *objects])


def _cut_conjunct(tok: Token) -> Token | None:
    """ "between himself and Foreign Minister X" when the parse made X the subject of
    the next verb: the head of the noun phrase after the "and"."""
    cc = child(tok, ("cc",))
    if cc is None or child(tok, ("conj",)) is not None or cc.i + 1 >= len(tok.doc):
        return None
    nxt = tok.doc[cc.i + 1]
    for _ in range(8):
        if nxt.dep_ not in ("amod", "compound", "det", "punct", "nmod") or nxt.head.i <= nxt.i:
            break
        nxt = nxt.head
    return nxt if nxt.pos_ in ("PROPN", "NOUN") else None


def _definite(tok: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children)


def _with_conjuncts(tok: Token) -> list[Token]:
    out, cur = [tok], tok
    for _ in range(6):
        nxt = next((c for c in cur.children if c.dep_ == "conj"), None)
        if nxt is None:
            break
        out.append(nxt)
        cur = nxt
    return out


def _seats(ctx: DocContext, names: list[str]) -> dict[str, str]:
    """Country code -> the group among ``names`` that held that country's capital on the
    article's date (the Houthis Sanaa's): the capital's name stands for that group."""
    registry = ctx.places
    if registry is None:
        return {}
    day = meta(ctx.doc).get("published")
    out: dict[str, str] = {}
    for name in names:
        reg = registry.by_alias(name)
        if reg is not None and reg.home and reg.holds_capital(day):
            out.setdefault(reg.home, name)
    return out


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(n for n in names if n))
