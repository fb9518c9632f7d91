"""What the event rules need to know about one doc, looked up by token in constant time.

Built once per doc from what the earlier components wrote: ``parley_actors`` (whose
mentions tell which tokens name which actor), ``parley_dates`` (each date expression is
owned by the clause or noun phrase it hangs from), ``parley_quotes`` (reported content and
its speaker) and ``parley_boilerplate``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

import numpy as np
from spacy.attrs import IDX, LEMMA, SENT_START
from spacy.tokens import Doc, Token

from parley.nlp.actors.countries import load_countries
from parley.nlp.addressed import addressed
from parley.nlp.extensions import text_of
from parley.nlp.ranges import RangeSet, content_ranges
from parley.nlp.scan import tokens

#: Dependencies that start a new clause: a date below one belongs to that clause, not above.
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "conj", "xcomp", "csubj", "parataxis", "pcomp"})
PERSONAL_KINDS = frozenset({"person"})
#: Kinds an outlet's name gets from the actor layer (a newspaper is no state nor person).
OUTLET_KINDS = frozenset({"organisation", "unknown"})
#: A date inside a verb's subject or object dates that noun phrase, not the verb.
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "attr", "oprd"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "ORG"})
HEADLINE_MAX = 150
HEADLINE_ENDS = tuple(".!?:;,\"'”’)")


@dataclass(slots=True)
class QuoteInfo:
    """One quote as the event rules see it."""

    record: dict  # the Quote JSON (its "event_id" is set by the linker)
    ranges: tuple[tuple[int, int], ...]
    direct: bool
    speaker: str  # canonical name ("" when unattributed)
    speaker_start: int | None  # first character of the speaker mention
    cue_i: int | None  # token index of the cue's first token


@dataclass(slots=True)
class DateInfo:
    """A date expression with the tokens that own it (its clause up to the clause head)."""

    ref: dict  # DateRef JSON
    start: int
    owners: frozenset[int]
    sent: int


class DocContext:
    """Token-level lookups over one doc: actors, dates, quotes, boilerplate, sentences."""

    def __init__(self, doc: Doc, places=None):
        self.doc = doc
        # token offsets and sentence starts as arrays: no Python object per token
        self.starts = doc.to_array(IDX).tolist() if len(doc) else []
        self.sent_starts = np.flatnonzero(doc.to_array(SENT_START) == 1).tolist() or [0]
        self.boiler = RangeSet(doc._.parley_boilerplate or [])
        self.headline = headline_end(_first_line(doc))
        self.places = places
        #: names the text gives as places ("the town of Rajwal"): a place wherever they occur
        self.named_places = _named_places(doc)
        self.actor_at: dict[int, tuple[str, str]] = {}
        self._kinds: dict[str, str] | None = None
        self._outlets: frozenset[str] | None = None
        #: (first mention, name, title) of the people the article gives a title
        self.titled: list[tuple[int, str, str]] = []
        #: (first mention, name, country code, title) of the people with a country
        self.people: list[tuple[int, str, str, str]] = []
        self._index_actors(doc._.parley_actors or [])
        self.titled.sort()
        self.ent_at: dict[int, tuple[int, int, str]] = {}
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                self.ent_at[i] = (ent.start, ent.end, ent.label_)
        for ent in doc.ents:
            self._cut_place(ent.start, ent.end)
        self.quotes = [_quote_info(self, q) for q in doc._.parley_quotes or []]
        self.dates: list[DateInfo] = []
        self.dates_at: dict[int, list[DateInfo]] = {}
        self._index_dates(doc._.parley_dates or [])

    # -- indexes ---------------------------------------------------------------------

    def token_at(self, char: int) -> int:
        """Index of the token covering character ``char``."""
        return max(bisect_right(self.starts, char) - 1, 0)

    def _index_actors(self, actors: list[dict]) -> None:
        mention_size: dict[int, int] = {}
        for actor in actors:
            starts = [int(m["start"]) for m in actor.get("mentions", [])]
            if actor.get("kind") == "person" and actor.get("title") and starts:
                self.titled.append((min(starts), actor["name"], str(actor["title"]).lower()))
            if actor.get("kind") == "person" and actor.get("country") and starts:
                title = str(actor.get("title") or "").lower()
                self.people.append((min(starts), actor["name"], actor["country"], title))
            for m in actor.get("mentions", []):
                i = self.token_at(int(m["start"]))
                size = int(m["end"]) - int(m["start"])
                while i < len(self.starts) and self.starts[i] < int(m["end"]):
                    # a name inside a longer mention is its own actor's ("[United Nations]"
                    # inside "The United Nations envoy", a mention of the envoy)
                    if i not in self.actor_at or size < mention_size[i]:
                        self.actor_at[i] = (actor["name"], actor.get("kind", "unknown"))
                        mention_size[i] = size
                    i += 1

    def _index_dates(self, refs: list[dict]) -> None:
        for ref in refs:
            start = int(ref["expression"]["start"])
            if self.in_boilerplate(start) or _dateline(text_of(self.doc), start):
                continue
            tok = self.doc[self.token_at(start)]
            info = DateInfo(ref, start, frozenset(_owners(tok)), self.sent_of(tok.i))
            self.dates.append(info)
            for i in info.owners:
                self.dates_at.setdefault(i, []).append(info)

    # -- lookups ---------------------------------------------------------------------

    def sent_of(self, i: int) -> int:
        return bisect_right(self.sent_starts, i) - 1

    def in_boilerplate(self, char: int) -> bool:
        return char in self.boiler

    def skipped(self, char: int) -> bool:
        """Boilerplate, or a headline (which restates the body without its dates)."""
        return char < self.headline or self.in_boilerplate(char)

    def actor(self, tok: Token) -> tuple[str, str] | None:
        """(name, kind) of the actor a mention at ``tok`` refers to, or None."""
        return self.actor_at.get(tok.i)

    def actors_of(self, tok: Token | None) -> list[str]:
        """The actors a noun phrase headed by ``tok`` names: itself, an apposition, conjuncts."""
        out: list[str] = []
        person = False  # the conjunct before named a person
        while tok is not None:
            found = self.actor(tok)
            if found is None:
                appos = next((c for c in tok.children if c.dep_ == "appos"), None)
                found = self.actor(appos) if appos is not None else None
            if found is None and person:
                found = self._bare_name(tok)  # "with President X as well as Y"
            if (found is None or found[1] not in PERSONAL_KINDS) and tok.pos_ == "NOUN":
                # "The U.N. envoy for Sudan, Tahar X, will fly ...": the person named too
                named = self._title_appos(tok)
                if named is not None and named not in out:
                    out.append(named)
            if found is not None and found[0] not in out:
                out.append(found[0])
            if found is not None and found[1] in PERSONAL_KINDS and tok.pos_ == "NOUN":
                # "The United Nations envoy for Chad, X" read as X: the body he is sent by
                # travels with him
                for body in self._bodies_before(tok):
                    if body not in out:
                        out.append(body)
            person = found is not None and found[1] in PERSONAL_KINDS
            tok = next((c for c in tok.children if c.dep_ == "conj"), None)
        return out

    def _bodies_before(self, tok: Token) -> list[str]:
        """The organisations named before a title noun ("the [United Nations] envoy")."""
        out = []
        for c in tok.lefts:
            found = self.actor(c)
            if found is not None and found[1] not in PERSONAL_KINDS and found[0] not in out:
                out.append(found[0])
        return out

    def _title_appos(self, tok: Token) -> str | None:
        """The person in apposition to a title noun, also when the parse hangs the
        apposition on the title's "for"/"to"/"of" phrase ("envoy for Sudan, X")."""
        heads = [tok]
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("for", "to", "of"):
                heads += [o for o in c.children if o.dep_ == "pobj"]
        for h in heads:
            for c in h.children:
                named = self.actor(c) if c.dep_ == "appos" else None
                if named is None and c.dep_ == "appos" and c.pos_ == "PROPN":
                    named = self._person_called(c.text)  # a name the tagger took for a place
                if named is not None and named[1] in PERSONAL_KINDS:
                    return named[0]
        return None

    def _person_called(self, word: str) -> tuple[str, str] | None:
        """The one person of the article whose name ends in ``word`` (a surname)."""
        found = {
            v for v in self.actor_at.values() if v[1] in PERSONAL_KINDS and v[0].split()[-1] == word
        }
        return found.pop() if len(found) == 1 else None

    def _cut_place(self, start: int, end: int) -> None:
        """ "the Rapid Support Forces in Jeddah" read as one name: the place is a place,
        and the name (of the entity and of its actor) ends before "in"."""
        cut = next(
            (
                i
                for i in range(start + 1, end - 1)
                if self.doc[i].lower_ in ("in", "at") and self.doc[i].pos_ == "ADP"
            ),
            None,
        )
        if cut is None:
            return
        place = self.doc[cut + 1 : end].text
        if not (place in self.named_places or self._known_place(_strip_the(place))):
            return
        for i in range(start, cut):
            self.ent_at[i] = (start, cut, self.ent_at[i][2])
        self.ent_at.pop(cut, None)
        for i in range(cut + 1, end):
            self.ent_at[i] = (cut + 1, end, "GPE")
        found = self.actor_at.get(start)
        tail = " " + self.doc[cut:end].text
        for i in range(cut, end):
            self.actor_at.pop(i, None)
        if found is not None and found[0].endswith(tail):
            renamed = (found[0][: -len(tail)], found[1])
            for i, value in list(self.actor_at.items()):
                if value == found:
                    self.actor_at[i] = renamed

    def _bare_name(self, tok: Token) -> tuple[str, str] | None:
        """A name joined to a person that the actor pass left out (a bare surname the
        tagger took for a place): a person too, unless it is a country or a known place."""
        if tok.pos_ != "PROPN" or not tok.text[:1].isupper() or tok.i in self.actor_at:
            return None
        if any(c.dep_ in ("det", "poss", "amod") for c in tok.children):
            return None  # "the capital", "Chile's ..."
        left = min((c.i for c in tok.lefts if c.dep_ == "compound"), default=tok.i)
        if any(i in self.actor_at for i in range(left, tok.i)):
            return None
        text = self.doc[left : tok.i + 1].text
        if load_countries().code(text) is not None or self._known_place(text):
            return None
        return text, "person"

    def kind_of(self, name: str) -> str | None:
        """The kind of the actor called ``name`` (person, state...), if it is mentioned."""
        if self._kinds is None:
            self._kinds = dict(self.actor_at.values())
        return self._kinds.get(name)

    @property
    def outlets(self) -> frozenset[str]:
        """Outlets the article's speakers talked to ("told Erem News that …"): addressees
        that are neither a person nor a state, government or armed group, and never speak
        themselves. An interview's counterpart, never a side of talks between others."""
        if self._outlets is None:
            speakers = {q.speaker for q in self.quotes}
            told = {
                name for q in self.quotes
                if (name := q.record.get("addressee")) and name not in speakers
                and self.kind_of(name) in OUTLET_KINDS
            }
            for i, (name, _kind) in self.actor_at.items():
                if name in told and not addressed(self.doc[i]):
                    told.discard(name)  # "talks between Iran and the IAEA": a side after all
            self._outlets = frozenset(told)
        return self._outlets

    def is_person(self, tok: Token) -> bool:
        found = self.actor(tok)
        return found is not None and found[1] in PERSONAL_KINDS

    def place_of(self, tok: Token) -> str | None:
        """The place a noun phrase headed by ``tok`` names ("Kremlin", "Halvik"), or None."""
        if self.is_person(tok):
            return None
        if tok.pos_ == "PROPN" and tok.text in self.named_places:
            return tok.text
        ent = self.ent_at.get(tok.i)
        if ent is not None:
            text = self.doc[ent[0] : ent[1]].text
            if (
                self._known_place(text)
                or ent[2] in PLACE_LABELS
                and (ent[2] != "ORG" or tok.head.lower_ in ("at", "in"))
            ):
                return _strip_the(text)
        if self.places is not None and tok.pos_ == "PROPN":
            left = min((c.i for c in tok.lefts if c.dep_ == "compound"), default=tok.i)
            text = self.doc[left : tok.i + 1].text
            if self._known_place(text):
                return _strip_the(text)
        return None

    def dateline_place(self) -> str | None:
        """The city of the article's dateline ("DOHA, July 19 (Xinhua) --", "KABUL: ...",
        "Geneva, August 13"), when it is a known place: what "this city" and "here" are."""
        found = _DATELINE_CITY.search(text_of(self.doc)[:600])
        if found is None:
            return None
        name = (found.group(1) or found.group(2)).strip()
        name = " ".join(w.capitalize() if w.isupper() else w for w in name.split())
        return name if self._known_place(name) else None

    def _known_place(self, text: str) -> bool:
        """A registry place, a capital, or a capital the registry knows as a government's
        metonym."""
        reg = self.places
        if load_countries().by_capital(text) is not None:
            return True  # "in Tunis", whatever label the tagger gave it
        return reg is not None and (reg.is_place(text) or reg.by_metonym(text) is not None)

    def dates_of(self, tok: Token) -> list[DateInfo]:
        """Date expressions owned by ``tok`` (in its clause or noun phrase), nearest first."""
        found = self.dates_at.get(tok.i, ())
        return sorted(found, key=lambda d: abs(d.start - tok.idx))

    def quote_at(self, char: int) -> QuoteInfo | None:
        """The quote whose content covers ``char`` (direct quotes first)."""
        hits = [q for q in self.quotes if any(s <= char < e for s, e in q.ranges)]
        hits.sort(key=lambda q: not q.direct)
        return hits[0] if hits else None

    def in_direct_quote(self, start: int, end: int) -> bool:
        return any(q.direct and s < end and start < e for q in self.quotes for s, e in q.ranges)


#: "KHARTOUM, Aug. 3 (Wire) -": the filing line's date is the report's, no event's.
_DATELINE_BEFORE = re.compile(r"(?:^|\n)[ \t]*[A-Z][A-Za-z .'’-]*[A-Z][A-Za-z .'’-]*,[ \t]*$")
_DATELINE_AFTER = re.compile(r"[A-Z][a-z]*\.? ?\d{1,2},? *(?:\(\w[\w .]*\))? *[-–—]")


#: A dateline at the start of a line: an all-capitals city before "," or ":", or a city
#: before ", <Month> <day>".
_DATELINE_CITY = re.compile(
    r"(?:^|\n)[ \t]*([A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+)*)[ \t]*[,:][ \t]"
    r"|(?:^|\n)[ \t]*([A-Z][a-z'’.-]+(?: [A-Z][a-z'’.-]+)*), (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug"
    r"|Sep|Oct|Nov|Dec)[a-z]*\.? \d"
)


def _dateline(text: str, start: int) -> bool:
    """Whether the date expression at ``start`` is a dateline's ("CITY, Aug. 3 (Wire) -")."""
    return bool(
        _DATELINE_AFTER.match(text, start)
        and _DATELINE_BEFORE.search(text, max(0, start - 60), start)
    )


#: Nouns whose "of" phrase names a place ("the town of X").
PLACE_NOUNS = frozenset(
    """town city village region province district county island port municipality
    enclave valley""".split()
)


def _named_places(doc: Doc) -> set[str]:
    """Proper names the text introduces as places: "the town of X", "the island of Y"."""
    out: set[str] = set()
    for tok in tokens(doc, LEMMA, lambda lemma: lemma.lower() in PLACE_NOUNS):
        if tok.pos_ != "NOUN":
            continue
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if obj is not None and obj.pos_ == "PROPN":
                    out.add(obj.text)
    return out


def _first_line(doc: Doc) -> str:
    """The text up to and including the first line break (and the token after it)."""
    parts = []
    for tok in doc:
        parts.append(tok.text_with_ws)
        if "\n" in tok.text_with_ws and not tok.is_space or tok.is_space and "\n" in tok.text:
            if tok.i + 1 < len(doc):
                parts.append(doc[tok.i + 1].text)
            break
        if len(parts) > HEADLINE_MAX:
            break
    return "".join(parts)


def headline_end(text: str) -> int:
    """End of a headline line at the top of ``text`` (0 when there is none).

    A plain-text article often starts with its headline: a short first line without
    closing punctuation, followed by the body.
    """
    end = text.find("\n")
    line = text[:end].strip() if end > 0 else ""
    if not line or len(line) > HEADLINE_MAX or line[-1] in HEADLINE_ENDS or not text[end:].strip():
        return 0
    return end


def _owners(tok: Token) -> list[int]:
    """``tok`` and its heads up to the head of its clause (inclusive)."""
    out = [tok.i]
    aside = False  # came up through "X, speaking on Tuesday, said": the saying's circumstances
    while not _starts_clause(tok) and tok.head.i != tok.i:
        if tok.dep_ in ARGUMENT_DEPS and tok.head.pos_ in ("VERB", "AUX") and not aside:
            break  # "described last Wednesday's meeting": the meeting's date, not the describing
        aside = tok.dep_ == "acl" and tok.tag_ == "VBG"
        tok = tok.head
        out.append(tok.i)
    return out


def _starts_clause(tok: Token) -> bool:
    """A verb joined to its head by a clause dependency (a nominal conjunct is not one).

    A participle without a subject ("Dostrey, speaking … on Tuesday, said") sets the
    circumstances of the verb it hangs from, so its dates are that verb's too.
    """
    if tok.dep_ == "advcl" and tok.tag_ in ("VBG", "VBN"):
        return any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)
    return tok.dep_ in CLAUSE_DEPS and tok.pos_ in ("VERB", "AUX")


def _quote_info(ctx: DocContext, q: dict) -> QuoteInfo:
    mention = q["speaker"].get("mention")
    cue = q.get("cue")
    return QuoteInfo(
        record=q,
        ranges=tuple(content_ranges(q["content"])),
        direct=bool(q["direct"]),
        # only a speaker resolved to an actor is a participant ("He" unresolved is nobody)
        speaker=(q["speaker"].get("name") or "") if q["speaker"].get("actor_id") else "",
        speaker_start=int(mention["start"]) if mention else None,
        cue_i=ctx.token_at(int(cue["start"])) if cue else None,
    )


def _strip_the(text: str) -> str:
    for det in ("the ", "The "):
        if text.startswith(det):
            return text[len(det) :]
    return text
