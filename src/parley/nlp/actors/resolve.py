"""Who is who within one article: names, surnames, titles, pronouns, groups, metonyms.

spaCy labels mention by mention ("Lavrov" comes out as an organisation, "Kiev" as a
person in the seed article), so labels are decided per document: a surname that a full
person name in the article ends with is that person; a name the registry knows takes the
registry's kind; a place is never a person. Speakers named by a pronoun ("He stressed…")
go to the most recent compatible subject or speaker; by a title ("the US president") to
the person the article gave that title to, else to whoever held it on the publication
date according to the registry; by a plural description ("Russian officials", "they") to
a group.

How a description finds its actor ("the foreign minister", "the two sides") is
``descriptions.Descriptions``, mixed into ``DocActors``; the word lists and the small tests
on a span's own words are ``mention_words``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Span, Token

from parley.nlp.actors.countries import CountryIndex, load_countries
from parley.nlp.actors.descriptions import Descriptions
from parley.nlp.actors.mention_words import (
    AGENCY,
    CAPTURING,
    DATELINE,
    DIRECTIONS,
    FEMALE,
    FRAGMENT_WORDS,
    GENERIC_TITLES,
    LOCATIVE,
    MALE,
    NAME_LABELS,
    NAME_PARTICLES,
    OFFICE_LINKS,
    PACTS,
    PERSON_TITLES,
    PERSON_WINDOW,
    PLURAL,
    SKIP_TITLE_WORDS,
    SPOKESPEOPLE,
    STATE_BODIES,
    SUBJECT_DEPS,
    _acts,
    _clean_name,
    _feature_name,
    _honorific_gender,
    _strip_det,
    _title_before,
    _whole_name,
)
from parley.nlp.actors.registry import Registry, RegistryActor, normalize, slugify
from parley.nlp.actors.titles import (
    GOVERNMENT_BODY,
    TITLE_WORDS,
    Role,
    is_title_word,
    outer_apposition,
    parse_title,
    role_of,
)
from parley.nlp.actors.unnamed import (
    PRONOUN_WINDOW,
    SOURCE_WINDOW,
    UnnamedSources,
    unnamed_source,
)
from parley.nlp.addressed import addressed
from parley.nlp.extensions import text_of
from parley.nlp.scan import tokens


@dataclass
class Cluster:
    """One actor as seen in this article."""

    name: str
    kind: str
    registry: RegistryActor | None = None
    gender: str | None = None
    forms: dict[str, None] = field(default_factory=dict)  # ordered set of surface forms
    mentions: list[tuple[int, int]] = field(default_factory=list)
    titles: list[frozenset[str]] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)  # what the text says, mention by mention
    country: str | None = None  # a state's own code
    heads: set[str] = field(default_factory=set)  # head words of the titles the text gives

    @property
    def id(self) -> str:
        return slugify(self.name)

    def add_mention(self, span: Span, is_name: bool = True) -> None:
        self.mentions.append((span.start_char, span.end_char))
        if is_name:
            self.forms.setdefault(_clean_name(span), None)


@dataclass(slots=True)
class Salience:
    """A moment an actor was in focus: as a subject, a speaker, or any mention."""

    char: int
    sent: int
    cluster: Cluster
    role: str  # "subject", "speaker", "reported" (a subject in reported words) or "other"


class DocActors(Descriptions):
    """Builds the article's actors and resolves speaker mentions to them."""

    def __init__(
        self, doc: Doc, registry: Registry, published: str | None, inside=None, reported=None
    ):
        self.doc = doc
        self.registry = registry
        self.published = published
        # inside(tok): in a direct quote (never an antecedent); reported(tok): in any
        # quote's content (an antecedent, but not a subject of the narrative)
        self.inside = inside or (lambda tok: False)
        self.reported = reported or self.inside
        self.clusters: dict[str, Cluster] = {}
        self.by_char: dict[int, Cluster] = {}  # token start char -> cluster of its name
        self._names: dict[str, Cluster] = {}  # normalised name or form -> cluster
        self._surnames: dict[str, Cluster] = {}  # person surname -> first cluster
        self._bearers: dict[str, list[Cluster]] = {}  # person surname -> every full name
        self._firsts: dict[str, Cluster] = {}  # unambiguous first name part -> person
        self._shared_firsts: dict[str, list[Cluster]] = {}  # a first name part several open
        self.salience: list[Salience] = []  # kept sorted by char
        self._sal_chars: list[int] = []
        self.sent_starts = [s.start_char for s in doc.sents]
        self.countries: CountryIndex = load_countries()
        self._places = self._located()
        self.last_statement: tuple[int, Cluster] | None = None  # (sentence, author)
        self._anonymous: set[str] = set()  # states an unnamed official stood for
        self.unnamed = UnnamedSources()  # where unnamed sources spoke, and for whom
        self.title_acronyms: dict[str, str] = {}  # "DGMO" -> "Pakistan's Director General of …"
        self._seats: dict[str, RegistryActor] = {}  # country code -> group holding its capital

    # -- building clusters from names -------------------------------------------------

    def cluster(self, name: str, kind: str, reg: RegistryActor | None = None) -> Cluster:
        if reg is not None:
            name, kind = reg.name, reg.kind
        found = self.clusters.get(name)
        if found is None and kind == "person":  # "Kim Jong-un" is "Kim Jong Un"
            found = self._names.get(normalize(name).replace("-", " "))
            found = found if found is not None and found.kind == "person" else None
        if found is None:
            found = Cluster(name, kind, reg, reg.gender if reg else None)
            self.clusters[name] = found
            self._names.setdefault(normalize(name), found)
            self._names.setdefault(normalize(name).replace("-", " "), found)
            if kind == "person" and " " in name:
                self._surnames.setdefault(name.split()[-1].lower(), found)
                self._bearers.setdefault(name.split()[-1].lower(), []).append(found)
        return found

    def _bearer(self, key: str, char: int) -> Cluster | None:
        """Of two people or more sharing the surname ``key`` ("Majid al-Ansari", "Khalil
        al-Ansari"), the one named last before ``char``; None when one person or none has it."""
        bearers = self._bearers.get(key, [])
        if len(bearers) < 2:
            return None
        last = [(max(s for s, _e in c.mentions if s < char), k) for k, c in enumerate(bearers)
                if any(s < char for s, _e in c.mentions)]
        return bearers[max(last)[1]] if last else None

    def build(self, ents: list[Span]) -> None:
        """Cluster the article's names (two passes: full names first, then the rest)."""
        place, agency = self._dateline_parts()
        ents = [
            e for e in ents
            if not self._demonym_fragment(e) and not place[0] <= e.start_char < place[1]
        ]
        ents = [_whole_name(e) if e.label_ == "PERSON" else e for e in ents]
        person_votes = {normalize(e.text) for e in ents if e.label_ == "PERSON"}
        self._seats = self._groups_in_capitals(ents)
        surnames: dict[str, Cluster] = {}
        firsts: dict[str, list[Cluster]] = {}
        pending = []
        for ent in ents:
            if agency and normalize(ent.text) == agency:  # "told Reuters": the news agency
                self._note(ent, self.cluster(_clean_name(ent), "organisation"))
                continue
            reg = self.registry.by_alias(ent.text)
            inner = self._inside_name(normalize(_clean_name(ent))) if reg is None else None
            if inner is not None and ent.label_ == "PERSON":  # "De la Torre" after "… de la Torre X"
                self._note(ent, inner)
                continue
            if reg is not None and reg.kind == "person" or (
                reg is None
                and len(_clean_name(ent).split()) > 1  # "Al-Harthy" is one word
                and not self._is_place(ent)
                and self._personal(ent)
            ):
                c = self.cluster(_clean_name(ent), "person", reg)
                parts = c.name.split()
                surnames.setdefault(parts[-1].lower(), c)
                if len(parts) > 1 and c not in firsts.get(parts[0].lower(), []):
                    firsts.setdefault(parts[0].lower(), []).append(c)
                self._note(ent, c)
            else:
                pending.append(ent)
        for key, found in firsts.items():
            # "Kim" for "Kim Jong Un", "Wang" for "Wang Yi": a given name (or a family name
            # written first) stands for the one person it opens, unless it is also a surname
            if len(found) == 1 and key not in surnames:
                self._firsts[key] = found[0]
            elif key not in surnames:
                self._shared_firsts[key] = found
        for ent in pending:
            c = self._classify(ent, person_votes, surnames)
            if c is not None:
                self._note(ent, c)

    def _groups_in_capitals(self, ents: list[Span]) -> dict[str, RegistryActor]:
        """Country code -> a group the article names that held that country's capital on
        the publication date (the Houthis Sanaa's since 2014)."""
        out: dict[str, RegistryActor] = {}
        for ent in ents:
            reg = self.registry.by_alias(ent.text)
            if reg is not None and reg.kind == "group" and reg.home and reg.holds_capital(self.published):
                out.setdefault(reg.home, reg)
        return out

    def _seat(self, text: str) -> RegistryActor | None:
        """The group a capital's name stands for ("Sanaa said": the Houthis), when the
        article names that group; a country's own name ("Yemen") stays the country."""
        code = self.countries.by_capital(text)
        if code is None or self.countries.by_name(text):
            return None
        return self._seats.get(code)

    def _dateline_parts(self) -> tuple[tuple[int, int], str | None]:
        """The dateline's character range ("KHARTOUM, May 2 (Reuters) - ": its place and its
        agency there are no actors of the story; "told Reuters" later is) and the news agency
        in its brackets (normalised), when the report opens with one."""
        found = DATELINE.search(text_of(self.doc)[:2000])
        if found is None:
            return (0, 0), None
        agency = AGENCY.search(found.group(0))
        return found.span(0), normalize(agency.group(1)) if agency else None

    def _demonym_fragment(self, ent: Span) -> bool:
        """ "Top Azerbaijani", "Senior Sudanese" (a headline's words): an adjective or a title
        and a demonym name nobody; neither a person nor a surname of one."""
        if ent.label_ not in ("PERSON", "NORP", "ORG"):
            return False
        words = [t for t in ent if t.is_alpha]
        if not words or self.countries.by_demonym(words[-1].text) is None:
            return False
        return all(t.lower_ in FRAGMENT_WORDS or is_title_word(t) for t in words[:-1]) and (
            ent.label_ == "PERSON" or len(words) > 1
        )

    def _acronym(self, text: str) -> Cluster | None:
        """ "JCS" after "Joint Chiefs of Staff": the initials of a body named before."""
        if not (2 <= len(text) <= 6 and text.isupper() and text.isalpha()):
            return None
        for c in self.clusters.values():
            if c.kind == "person" or not c.mentions:
                continue
            words = [w for w in c.name.split() if w[:1].isupper()]
            parts = [p for w in words for p in w.split("-") if p[:1].isupper()]
            # "Inter-Services Public Relations" is "ISPR" (and "IPR")
            if text in ("".join(w[0] for w in words), "".join(p[0] for p in parts)):
                return c
        return self._office_initials(text)

    def _office_initials(self, text: str) -> Cluster | None:
        """ "the DPM said" after "Deputy Prime Minister and Foreign Minister X": the one person
        whose office has these initials."""
        found = []
        for c in self.clusters.values():
            if c.kind != "person" or not c.mentions:
                continue
            offices = {o.strip() for r in c.roles if r.title for o in re.split(r",| and ", r.title)}
            initials = {"".join(w[0] for w in o.split() if w not in OFFICE_LINKS).upper() for o in offices}
            if text in initials:
                found.append(c)
        return found[0] if len(found) == 1 else None

    def _inside_name(self, key: str) -> Cluster | None:
        """The one person whose full name holds these words (two or more) in a row, not
        as its first words ("De la Torre" in "Julián de la Torre Arango")."""
        words = key.split()
        if len(words) < 2:
            return None
        found = []
        for c in self.clusters.values():
            if c.kind != "person" or not c.mentions:
                continue
            full = normalize(c.name).split()
            for i in range(1, len(full) - len(words) + 1):
                if full[i : i + len(words)] == words:
                    found.append(c)
                    break
        return found[0] if len(found) == 1 else None

    def _spelt_out_elsewhere(self, text: str) -> bool:
        """ "Indus Waters Treaty (IWT)": the text spells out the acronym ``text`` as a name
        that is no actor (a treaty, a document, a place), so the acronym is none either."""
        if not (2 <= len(text) <= 6 and text.isupper() and text.isalpha()):
            return False
        for m in re.finditer(r"((?:[A-Z][\w-]* (?:(?:of|the|and|for) )*){1,6})\(" + text + r"\)", text_of(self.doc)):
            words = [w for w in m.group(1).split() if w[:1].isupper()]
            parts = [p for w in words for p in w.split("-") if p[:1].isupper()]
            if text in ("".join(w[0] for w in words[-len(text):]), "".join(p[0] for p in parts[-len(text):])):
                full = " ".join(words[-len(text):])
                known = self._names.get(normalize(full)) or self.registry.by_alias(full)
                named = words[-1].lower() not in PACTS and any(
                    t.ent_type_ in NAME_LABELS and t.is_title for t in self.doc
                    if m.start(1) <= t.idx < m.end(1)
                )
                return known is None and not named and self.countries.code(full) is None
        return False

    def _personal(self, ent: Span) -> bool:
        """A person's name: NER says so, or a person's title comes right before it."""
        if ent.label_ == "PERSON":
            return True
        if ent.label_ not in ("ORG", "NORP") or not all(t.is_title for t in ent if t.is_alpha):
            return False
        if any(t.lower_ in GOVERNMENT_BODY or t.lower_ in TITLE_WORDS for t in ent):
            return False
        if addressed(ent.root):
            return False  # "Speaking to Radio Kestrel, the official said": an outlet
        role = role_of(ent, self.countries, self._group)
        if role.title is None:
            return False
        # "special envoy for the Horn of Africa": the office before "for"/"of"/"to"
        office = re.split(r"\b(?:for|of|to|in|on)\b|,", role.title)[0].split()
        return bool(office) and office[-1] in PERSON_TITLES

    def _classify(self, ent: Span, person_votes: set[str], surnames: dict[str, Cluster]) -> Cluster | None:
        text = _clean_name(ent)
        key = normalize(text)
        metonym = self.registry.by_metonym(text) or self._seat(text)
        if metonym is not None:
            return self.cluster("", "", metonym) if _acts(ent) else None
        reg = self.registry.by_alias(text)
        if reg is not None:
            return self.cluster("", "", reg)
        if key in surnames:  # "Al-Ansari": the one of that name named last, if several
            return self._bearer(key, ent.start_char) or surnames[key]
        inner = self._inside_name(key) if ent.label_ == "PERSON" and " " in key else None
        if inner is not None:  # "De la Torre" after "Julián de la Torre Arango"
            return inner
        acronym = self._acronym(text)
        if acronym is not None:
            return acronym
        if self._spelt_out_elsewhere(text):
            return None  # "the Indus Waters Treaty (IWT)": the short form of no actor
        if ent.label_ == "PERSON" and key in self._firsts:
            return self._firsts[key]
        if ent.label_ == "PERSON" and key in self._shared_firsts:
            # "Kim" after "Kim Yo Jong, the sister of leader Kim Jong Un, said": of the
            # people the name opens, the one last in focus as a subject or speaker
            found = self._shared_firsts[key]
            here = self._sent_of(ent.start_char)
            chosen = self._recent(ent.start_char, here, lambda c: c in found, PERSON_WINDOW)
            if chosen is not None:
                return chosen
        if self._is_place(ent):
            return None
        if ent.label_ == "PERSON" and (
            self.countries.by_name(text) or self.countries.by_capital(text)
        ):  # "Yerevan" tagged a person: a state or its capital
            return self._state(text) if _acts(ent) else None
        if ent.label_ == "PERSON" or key in person_votes:
            return self.cluster(text, "person")
        if ent.label_ == "ORG":
            return self.cluster(text, "organisation")
        if ent.label_ == "GPE" and _acts(ent):
            return self._state(text)
        return None

    def _state(self, text: str) -> Cluster:
        """The state ``text`` names: the one already named otherwise ("DR Congo" after
        "Democratic Republic of Congo") when both spellings give the same country."""
        code = self.countries.by_name(text)
        if code is not None:
            for c in self.clusters.values():
                if c.kind == "state" and c.name != text and self.countries.by_name(c.name) == code:
                    return c
        return self.cluster(text, "state")

    def _group(self, name: str) -> tuple[str | None, str | None]:
        """(kind, country) of an organisation the registry knows, else (None, None)."""
        reg = self.registry.by_alias(name) or self.registry.by_metonym(name)
        return (reg.kind, reg.country) if reg is not None else (None, None)

    def _is_place(self, ent: Span) -> bool:
        if self.registry.is_place(ent.text) or ent.label_ in ("LOC", "FAC") or _feature_name(ent):
            return True
        return normalize(ent.text) in self._places

    def _located(self) -> set[str]:
        """Single names the article writes after "in", "near", "outside"…: places."""
        out = set()
        for tok in tokens(self.doc, LOWER, LOCATIVE.__contains__):
            if tok.i + 2 < len(self.doc) and tok.nbor().lower_ in DIRECTIONS:
                tok = tok.nbor()  # "in northern Tigray"
            if tok.i + 1 < len(self.doc):
                nxt = tok.nbor()
                if nxt.ent_type_ in ("PERSON", "GPE", "LOC") and nxt.ent_iob_ == "B":
                    if nxt.i + 1 >= len(self.doc) or nxt.nbor().ent_iob_ != "I":
                        out.add(normalize(nxt.text))
        for tok in tokens(self.doc, LEMMA, CAPTURING.__contains__):
            # "fighters who seized Goma": a town taken, not a person
            for obj in tok.children:
                if obj.dep_ == "dobj" and obj.ent_type_ in ("PERSON", "GPE", "LOC") and obj.ent_iob_ == "B" \
                        and (obj.i + 1 >= len(self.doc) or obj.nbor().ent_iob_ != "I"):
                    out.add(normalize(obj.text))
        return out

    def _note(self, ent: Span, c: Cluster) -> None:
        c.add_mention(ent)
        self._names.setdefault(normalize(_clean_name(ent)), c)
        for tok in ent:
            self.by_char[tok.idx] = c
        if c.kind in ("organisation", "government", "unknown") and c.country is None \
                and c.registry is None:
            c.country = self._body_country(ent)
        if c.kind == "person":
            title = _title_before(ent)
            if title:
                c.titles.append(title)
            outer = outer_apposition(ent)  # "the AU envoy, former President X,": "the envoy" is X
            outer_role = parse_title(outer, self.countries, self._group) if outer is not None else None
            if outer_role is not None and outer_role.title:
                c.titles.append(frozenset(outer_role.title.replace(",", " ").split()))
            role = role_of(ent, self.countries, self._group)
            if not role.title:
                role = self._counterpart_role(ent) or self._shared_title(ent) or role
            elif not role.country:  # "his Omani counterpart, Foreign Minister Y": Omani
                other = self._counterpart_role(ent)
                if other is not None and other.country:
                    role = Role(role.title, other.country, role.affiliation)
            if role:
                c.roles.append(role)
                if role.title:
                    c.heads.update(w for w in role.title.replace(",", " ").split() if w in PERSON_TITLES)
                if role.title and " and " in role.title:
                    # "Deputy Prime Minister and Foreign Minister X": the parse gives the words
                    # of the office next to the name only; "the deputy prime minister" is X too
                    c.titles.append(frozenset(role.title.split()) - {"and"})
            if c.gender is None:
                c.gender = _honorific_gender(ent)
        if not self.inside(ent.root):
            self._focus(ent.start_char, c, self._role(ent.root))

    def _shared_title(self, ent: Span) -> Role | None:
        """ "Foreign Ministers A and B": B, joined to A, holds A's plural title too."""
        head = ent.root.head
        if ent.root.dep_ != "conj" or head.i >= ent.start:
            return None
        other = self.by_char.get(head.idx)
        if other is None or other.kind != "person":
            return None
        for role in other.roles:
            if role.title and re.search(r"\b(?:minister|envoy|ambassador|president|negotiator|spokesman)s\b", role.title):
                return Role(role.title)
        return None

    def _body_country(self, ent: Span) -> str | None:
        """A bare "Police" or "Army" (a state body named by itself): the dateline country's."""
        if _clean_name(ent).lower() in STATE_BODIES:
            return self._dateline_country()
        return None

    def _counterpart_role(self, ent: Span) -> Role | None:
        """ "X and his Omani counterpart, Y": Y holds the office of the titled person named last
        before in the sentence, for the country the word "counterpart" is given."""
        doc = ent.doc
        start = ent.start
        while start > 0 and (is_title_word(doc[start - 1]) or doc[start - 1].lower_ in ("of", "and")):
            start -= 1  # "counterpart, Deputy Prime Minister Y"
        if start < 2 or doc[start - 1].text != "," \
                or doc[start - 2].lemma_.lower() != "counterpart":
            return None
        word = doc[start - 2]
        country = next((code for t in word.children if t.dep_ in ("amod", "compound")
                        for text in (doc[t.left_edge.i : t.i + 1].text, t.text)
                        for code in [self.countries.code(text)] if code), None)
        sent = self._sent_of(ent.start_char)
        for s in reversed(self.salience):
            if s.char >= ent.start_char or s.sent != sent:
                continue
            c = s.cluster
            title = next((r.title for r in c.roles if r.title), None) if c.kind == "person" else None
            if title:
                return Role(title, country)
        return Role(country=country) if country else None

    def _role(self, tok: Token) -> str:
        if tok.dep_ in SUBJECT_DEPS:
            # a subject inside reported words ("prosecutors alleged that X diverted ...")
            # is second to its sentence's speaker, but still a subject (see _recent)
            return "reported" if self.reported(tok) else "subject"
        return "other"

    def _focus(self, char: int, c: Cluster, role: str) -> None:
        at = bisect_right(self._sal_chars, char)
        self._sal_chars.insert(at, char)
        self.salience.insert(at, Salience(char, self._sent_of(char), c, role))

    def _sent_of(self, char: int) -> int:
        return bisect_right(self.sent_starts, char) - 1

    # -- resolving a speaker mention ----------------------------------------------------

    def resolve(self, mention: Span, speaker: bool = True) -> Cluster | None:
        """The actor a mention refers to (None when nothing sensible is found).

        Speakers may also be new groups or unnamed descriptions ("Russian officials",
        "the ministry"); other mentions (subjects and objects of any verb) only resolve
        to actors already in the article or the registry.
        """
        if _strip_det(mention.text) in self.title_acronyms:
            return None  # "the DGMO": the unnamed holder of a title the text spelt out
        named = self.by_char.get(mention.root.idx)
        tail = self._name_tail(mention) if named is None else None
        if named is not None:
            found = named
        elif tail is not None:
            found = tail
        elif len(mention) == 1 and mention[0].pos_ == "PRON":
            found = self._pronoun(mention[0])
        elif (other := self._other_bearer(mention)) is not None:
            found = other  # "Majid al-Ansari" (given name cut off) after "Khalil al-Ansari"
        else:
            name = _clean_name(mention)
            # a word in lower case is no name: "at the time" is not the magazine "Time"
            found = self._named_spokesperson(mention) or self._by_name(
                name, not name.islower(), mention.start_char
            ) or self._description(mention, speaker)
        if found is not None and found.kind == "person" and found.mentions and unnamed_source(mention) \
                and mention[0].lower_ in ("a", "an"):
            found = None  # "a senior presidential official": someone unnamed, not the president
        if found is None and speaker and unnamed_source(mention):
            # "a diplomatic source told …" for nobody: a later "he" is not the one before
            here = self._sent_of(mention.start_char)
            self.unnamed.note(mention.start_char, here, None, mention.root.lower_)
        if found is not None:
            if not named:
                found.add_mention(mention, is_name=False)
                self.by_char[mention.root.idx] = found
                self._learn_title(mention, found)
            role = "speaker" if speaker else self._role(mention.root)
            self._focus(mention.start_char, found, role)
        return found

    def _other_bearer(self, mention: Span) -> Cluster | None:
        """ "Majid al-Ansari, the spokesman, told …" with the parse cutting "Majid" off the
        surname: when the article names someone else of that surname ("Khalil al-Ansari"),
        the given name right before the mention says it is another person."""
        doc = mention.doc
        if mention.start == 0 or mention.root.pos_ != "PROPN" or " " in _clean_name(mention):
            return None
        given = doc[mention.start - 1]
        if given.pos_ != "PROPN" or not given.text[:1].isupper() or "\n" in given.whitespace_:
            return None
        if given.ent_type_ not in ("", "PERSON") or is_title_word(given) or (
            self.countries.by_demonym(given.text) or self.countries.by_name(given.text)
        ):
            return None  # "Minister al-Ansari", "Qatari al-Ansari": no given name
        key = normalize(_clean_name(mention))
        bearers = self._bearers.get(key, [])
        if not bearers or any(c.name.split()[0] == given.text for c in bearers):
            return None
        full = f"{given.text} {_clean_name(mention)}"
        return self.cluster(full, "person")

    def _name_tail(self, mention: Span) -> Cluster | None:
        """ "Prime Minister Mohammed bin Abdulrahman bin Jassim Al Thani": NER gave the person
        only the first part of a long name; the rest of the name (capitalised words and name
        particles up to the mention's head) still writes that person."""
        root = mention.root
        if root.pos_ != "PROPN":
            return None
        i = root.i
        doc = mention.doc
        while i > mention.start and (doc[i - 1].pos_ == "PROPN" or doc[i - 1].lower_ in NAME_PARTICLES):
            i -= 1
            found = self.by_char.get(doc[i].idx)
            if found is not None:
                return found if found.kind == "person" else None
        return None

    def _apposed_name(self, mention: Span) -> Cluster | None:
        """ "Russia's envoy in Vienna, Pavel X, said": the name after the comma."""
        doc = self.doc
        end = mention.end
        if end + 1 < len(doc) and doc[end].text == ",":
            c = self.by_char.get(doc[end + 1].idx)
            if c is not None and c.kind == "person":
                return c
        return self._holder_after_post(mention)

    def _holder_after_post(self, mention: Span) -> Cluster | None:
        """ "The Japanese ambassador to China Kenji X said": the person named right after the
        post's country is the description's holder."""
        root = mention.root
        if root.lower_ not in PERSON_TITLES:
            return None
        doc = self.doc
        for prep in root.rights:
            if prep.dep_ != "prep" or prep.lower_ not in ("to", "for"):
                continue
            for k in range(prep.i + 2, min(prep.i + 6, len(doc))):
                c = self.by_char.get(doc[k].idx)
                if c is not None and c.kind == "person":
                    between = doc[prep.i + 1 : k].text
                    return c if load_countries().code(between) is not None else None
        return None

    def _learn_title(self, mention: Span, c: Cluster) -> None:
        """A description that turned out to name a person tells their title and country."""
        if c.kind != "person" or mention.root.lemma_.lower() not in PERSON_TITLES:
            return
        role = parse_title(mention, self.countries, self._group)
        if role.title:
            c.roles.append(role)
            c.heads.update(w for w in role.title.split() if w in PERSON_TITLES)

    def _state_of(self, mention: Span, create: bool = True):
        """The state a description names by demonym or name ("U.S. officials" -> United States)."""
        for tok in mention:
            if tok.pos_ not in ("PROPN", "ADJ", "NOUN") or not tok.text[:1].isupper():
                continue
            code = self.countries.by_demonym(tok.text) or self.countries.by_name(tok.text)
            if code is not None and not create:
                return code
            if code is not None:
                return self.state(code, tok.text)
        return None

    def state(self, code: str, text: str | None = None) -> Cluster:
        """The cluster of the state with country code ``code``."""
        name = self.countries.name(code) or text or code
        reg = self.registry.by_alias(name)
        c = self.cluster(name, "state", reg if reg is not None and reg.kind == "state" else None)
        c.country = code
        return c

    def _one_holder(self, mention: Span, words: frozenset[str]) -> Cluster | None:
        """ "The U.N. envoy for Libya said …" before or far from "U.N. envoy Abdoulaye X":
        a title naming its body or country ("U.N.", "Russian") that exactly one person in
        the article holds is that person."""
        root = mention.root
        if len(words) < 2 or not any(
            t.text[:1].isupper() and t.i != root.i and not (t.is_sent_start and t.is_stop)
            for t in mention
        ):
            return None
        holders = [
            c for c in self.clusters.values()
            if c.kind == "person" and c.mentions and any(words <= t for t in c.titles)
        ]
        return holders[0] if len(holders) == 1 else None

    def _named_next(self, mention: Span, here: int) -> Cluster | None:
        """A title alone ("the deputy prime minister") stands for the person the next
        sentence names first, when that sentence names one."""
        nxt = here + 1
        if nxt >= len(self.sent_starts):
            return None
        start = self.sent_starts[nxt]
        end = self.sent_starts[nxt + 1] if nxt + 1 < len(self.sent_starts) else len(text_of(self.doc))
        for tok in self.doc.char_span(start, end, alignment_mode="expand") or ():
            c = self.by_char.get(tok.idx)
            if c is not None:
                if c.kind != "person":
                    return None
                # "summoned the Russian ambassador. A ministry spokesman, X, said": someone
                # given another office is not the one the title stood for
                head = mention.root.lemma_.lower()
                other = c.heads and head in PERSON_TITLES and head not in GENERIC_TITLES
                return None if other and head not in c.heads else c
        return None

    def _body_named_in(self, mention: Span) -> Cluster | None:
        """The group or organisation whose name stands inside an unnamed one's description
        ("a senior Hamas official", "an M23 source"), when the actor layer knows that name."""
        for tok in mention:
            if tok.i == mention.root.i or not tok.text[:1].isupper():
                continue
            c = self.by_char.get(tok.idx)
            if c is not None and c.kind in ("group", "organisation") and c.mentions:
                return c
        return None

    def _named_spokesperson(self, mention: Span) -> Cluster | None:
        """ "a Houthi spokesman said" in a lead, "X, the Houthi spokesman" further down: the
        one spokesperson the article names for the body the mention names."""
        if mention.root.lower_ not in SPOKESPEOPLE or mention[0].lower_ not in ("a", "an"):
            return None
        names = [t.lower_ for t in mention if t.i != mention.root.i and t.text[:1].isupper() and not t.is_stop]
        if not names:
            return None

        def speaks_for(c: Cluster) -> bool:
            if c.kind != "person" or not c.mentions or not c.heads & SPOKESPEOPLE:
                return False
            said = " ".join(filter(None, (r.affiliation or "" for r in c.roles))).lower().split()
            said += [w for t in c.titles for w in t]
            return all(any(w.startswith(n) or n.startswith(w) for w in said if len(w) > 2) for n in names)

        found = [c for c in self.clusters.values() if speaks_for(c)]
        return found[0] if len(found) == 1 else None

    def _spokesperson_of(self, mention: Span, here: int) -> Cluster | None:
        """ "An EU spokesperson", "a spokeswoman": someone unnamed speaking for a body, so
        the body named in the mention, else the spokesperson or the body named just before."""
        names = [t for t in mention if t.i != mention.root.i and t.text[:1].isupper() and not t.is_stop]
        if names:
            body = mention.doc[names[0].i : mention.root.i]  # "an Indian army spokesman"
            if body[-1].lemma_.lower() in STATE_BODIES | GOVERNMENT_BODY:
                return self._by_name(body.text) or self.cluster(_clean_name(body), "organisation")
            text = mention.doc[names[0].i : names[-1].i + 1].text
            return self._by_name(text) or self._state_of(mention)
        spoke = lambda c: c.kind == "person" and bool(c.heads & SPOKESPEOPLE)  # noqa: E731
        return self._recent(mention.start_char, here, spoke, 2) or self._recent(
            mention.start_char, here, lambda c: c.kind != "person", 2
        )

    def _home_body(self, mention: Span) -> Cluster | None:
        """ "the army", "the foreign ministry" with no body named before: the dateline
        country's ("KHARTOUM, May 2 (Wire) - ... the army said" -> the Sudanese army)."""
        code = self._dateline_country()
        country = self.countries.countries.get(code) if code else None
        if country is None or not country.demonyms:
            return None
        words = " ".join(t.lower_ for t in mention if t.lower_ not in SKIP_TITLE_WORDS)
        c = self.cluster(f"{country.demonyms[0]} {words}", "government")
        c.country = code
        return c

    def _dateline_country(self) -> str | None:
        """The country of the report's dateline ("ADDIS ABABA, Oct. 10 (Wire) -")."""
        if not hasattr(self, "_dateline"):
            self._dateline = None
            found = DATELINE.search(text_of(self.doc)[:2000])
            for part in found.group(1).split(",") if found else ():
                part = part.strip().title()
                words = part.split()
                code = self.countries.code(part) or next(
                    (self.countries.by_name(w) for w in words if self.countries.by_name(w)), None
                )
                if code is not None:
                    self._dateline = code
                    break
        return self._dateline

    def _by_name(self, text: str, registry: bool = True, at: int | None = None) -> Cluster | None:
        """A cluster this name already belongs to: same name or form, surname (of several
        people sharing it, the one named last before ``at``), registry alias (``registry``:
        also a registry alias)."""
        key = normalize(text)
        found = self._bearer(key, at) if at is not None and " " not in key else None
        found = found or self._names.get(key) or (self._surnames.get(key) if " " not in key else None)
        if found is not None or not registry:
            return found
        reg = self.registry.by_alias(text)
        return self.cluster("", "", reg) if reg is not None else None

    def _pronoun(self, tok: Token) -> Cluster | None:
        word = tok.lower_
        here = self._sent_of(tok.idx)
        if word in PLURAL:
            joined = self._people_joined_before(tok)
            if joined is not None:  # "a meeting between A and B, at which they demanded"
                return joined
            wanted = ("group", "organisation", "government", "state")
            return self._recent(tok.idx, here, lambda c: c.kind in wanted)
        if word in ("who", "which", "that"):
            return self._antecedent(tok)
        if word == "it":
            wanted = ("group", "organisation", "government", "state")
            return self._recent(tok.idx, here, lambda c: c.kind in wanted, 2)
        if word in ("i", "you", "me", "we", "us"):
            return None
        gender = "m" if word in MALE else "f" if word in FEMALE else None
        ok = lambda c: c.kind == "person" and (c.gender in (None, gender))  # noqa: E731
        found = self._recent(tok.idx, here, ok)
        source = self._source_for_pronoun(tok, here, found)
        if source is not None:  # "A Sudanese official said … He said": the official's side
            return source[0]
        if found is not None and found.gender is None and gender:
            found.gender = gender
        return found

    def _people_joined_before(self, tok: Token) -> Cluster | None:
        """ "a meeting in Doha between A and B, at which they demanded …": people named
        together ("A and B") earlier in the pronoun's own sentence, which names no group, body
        or state, are "they" jointly."""
        from parley.nlp.actors.statements import joint_actor

        before = tok.doc[tok.sent.start : tok.i]
        if any(c is not None and c.kind != "person" for c in (self.by_char.get(t.idx) for t in before)):
            return None  # "the rebels met A and B, and they said": maybe the rebels
        for t in reversed(before):
            if self.by_char.get(t.idx) is None or t.dep_ != "conj" or t.head.i >= t.i:
                continue
            people = []
            for m in sorted([t.head, *t.head.conjuncts], key=lambda x: x.i):
                found = self.by_char.get(m.idx)
                if found is None or found.kind != "person":
                    return None
                if found not in people:
                    people.append(found)
            return joint_actor(self, people) if len(people) > 1 else None
        return None

    def _unnamed_spoke(self, mention: Span, here: int, c: Cluster, speaker: bool) -> Cluster:
        """``c``, noting that an unnamed source standing for it spoke here (when it did)."""
        if speaker:
            self.unnamed.note(mention.start_char, here, c, mention.root.lower_)
        return c

    def _repeated_source(self, mention: Span, here: int) -> Cluster | None:
        """ "the official" after "a Sudanese official said": the unnamed source before, unless
        a person given that title spoke or acted since (then the title is theirs)."""
        last = self._last_source(mention, here)
        return last[1] if last is not None else None

    def repeats_nobody(self, mention: Span, here: int) -> bool:
        """ "the official added" after "a senior official was quoted as saying" that stood for
        nobody named: the same unnamed source, still nobody (not a name the text gives later)."""
        last = self._last_source(mention, here)
        return last is not None and last[1] is None

    def _last_source(self, mention: Span, here: int) -> tuple[int, Cluster | None] | None:
        """The unnamed source ``mention`` repeats (its actor None when it stood for nobody)."""
        head = mention.root.lower_
        last = self.unnamed.last(mention.start_char, here, SOURCE_WINDOW, head) or self.unnamed.last(
            mention.start_char, here, SOURCE_WINDOW
        )
        if last is None:
            return None
        since = bisect_right(self._sal_chars, last[0])
        for s in self.salience[since : bisect_right(self._sal_chars, mention.start_char - 1)]:
            if s.cluster.kind == "person" and head in s.cluster.heads:
                return None
        return last

    def _source_for_pronoun(
        self, tok: Token, here: int, found: Cluster | None
    ) -> tuple[Cluster | None] | None:
        """The unnamed source that "he"/"she" carries (in a 1-tuple; its actor is None for a
        source that stood for nobody): the latest one to speak, a sentence or two back, when
        the person found otherwise was no subject or speaker since. None: no such source."""
        if tok.lower_ not in MALE | FEMALE or tok.lower_ in ("his", "him", "her", "hers"):
            return None
        last = self.unnamed.last(tok.idx, here, PRONOUN_WINDOW)
        if last is None:
            return None
        if found is not None:
            since = bisect_right(self._sal_chars, last[0])
            for s in self.salience[since : bisect_right(self._sal_chars, tok.idx - 1)]:
                if s.cluster is found and s.role in ("subject", "speaker"):
                    return None
        self.unnamed.note(tok.idx, here, last[1])
        return (last[1],)

    def _antecedent(self, tok: Token) -> Cluster | None:
        """What a relative pronoun stands for: "the official, who said…" -> the official."""
        verb = tok.head
        if verb.dep_ != "relcl" or verb.head.i == verb.i:
            return None
        head = verb.head
        named = self.by_char.get(head.idx)
        if named is not None:
            return named
        span = self.doc[head.left_edge.i : head.i + 1] if head.pos_ != "PRON" else None
        return self.resolve(span) if span is not None else None

    def _recent(self, char: int, sent: int, ok, window: int = 4) -> Cluster | None:
        """Most recent subject or speaker passing ``ok`` (then any mention), ``window`` sentences back."""
        fallback = None
        for k in range(bisect_right(self._sal_chars, char - 1) - 1, -1, -1):
            s = self.salience[k]
            if sent - s.sent > window:
                break
            if not ok(s.cluster):
                continue
            if s.role in ("subject", "speaker"):
                return s.cluster
            if s.role == "reported" and not self._fits_in_sentence(k, ok):
                # "US prosecutors alleged that Saab diverted $350m. He rejected the
                # accusation": no speaker of that sentence fits, so the reported subject
                return s.cluster
            fallback = fallback or s.cluster
        return fallback

    def _fits_in_sentence(self, k: int, ok) -> bool:
        """Whether another subject or speaker of salience entry ``k``'s sentence passes ``ok``."""
        sent = self.salience[k].sent
        for step in (-1, 1):
            j = k + step
            while 0 <= j < len(self.salience) and self.salience[j].sent == sent:
                s = self.salience[j]
                if s.role in ("subject", "speaker") and ok(s.cluster):
                    return True
                j += step
        return False

