"""Speakers named by a description rather than a name: "the foreign minister", "the two
sides", "Iran's envoy", "a senior Hamas official", "the delegation". ``Descriptions`` is
the part of ``resolve.DocActors`` that finds whom such a mention stands for; it reads the
article's clusters, salience and titles through the ``DocActors`` it is mixed into."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from parley.nlp.actors.mention_words import (
    ANONYMOUS,
    COLLECTIVE_KINDS,
    DELEGATES,
    DELEGATIONS,
    FEMALE,
    MALE,
    NAME_PARTICLES,
    PERSON_TITLES,
    PERSON_WINDOW,
    PLACE_NOUNS,
    SIDE_BODIES,
    SKIP_TITLE_WORDS,
    SPOKESPEOPLE,
    STATE_BODIES,
    TITLE_WINDOW,
    _armed_name,
    _clean_name,
    _country_of,
    _other_office,
    _strip_det,
    _title_word,
    is_unnamed_one,
)
from parley.nlp.actors.statements import is_statement, statement_author
from parley.nlp.actors.titles import (
    GOVERNMENT_BODY,
    is_title_word,
    leading_title,
)
from parley.nlp.actors.unnamed import (
    repeats_source,
)

if TYPE_CHECKING:
    from parley.nlp.actors.resolve import Cluster


class Descriptions:
    """Mixed into ``DocActors``: descriptions to the actor they stand for."""

    def _description(self, mention: Span, speaker: bool = True) -> Cluster | None:
        """"the US president", "the ministry", "Russian officials", "the envoy"."""
        root = mention.root
        if not speaker and root.lemma_.lower() in PLACE_NOUNS:
            # "held in the U.S. capital, Blinken said": a place, not the name after its comma
            return None
        appos = self._apposed_name(mention)
        if appos is not None:
            return appos
        words = frozenset(_title_word(t) for t in mention if t.lower_ not in SKIP_TITLE_WORDS)
        here = self._sent_of(mention.start_char)
        if is_statement(root):  # a statement speaks for its author, never for itself
            return statement_author(self, mention, speaker)
        if root.lower_ in SPOKESPEOPLE and mention[0].lower_ in ("a", "an"):
            found = self._spokesperson_of(mention, here)
            if found is not None:
                return found
        if is_unnamed_one(mention):  # "the Bolivian diplomat": someone named before, or nobody
            return self._person_of_country(mention, here)
        if root.lower_ in ANONYMOUS and not any(c.dep_ == "poss" for c in root.children):
            # "an Israeli official" stands for Israel; "China's top official for Taiwan
            # affairs" is someone in particular
            state = self._state_of(mention)
            if state is not None:
                self._anonymous.add(state.name)
                return self._unnamed_spoke(mention, here, state, speaker)
            body = self._body_named_in(mention)
            if body is not None:  # "a senior Hamas official": Hamas, not earlier "officials"
                return self._unnamed_spoke(mention, here, body, speaker)
            if speaker and repeats_source(mention):  # "the official told X": the one before
                again = self._repeated_source(mention, here)
                if again is not None:
                    return self._unnamed_spoke(mention, here, again, speaker)
                if self.repeats_nobody(mention, here):
                    return None  # the unnamed one before, who stood for nobody named
        owner = self._owner(mention, speaker) or self._office_of(mention)
        if owner is not None:  # "Armenia's negotiators": Armenia
            return owner
        titled = None
        if root.tag_ != "NNS" and words:
            holders = {c.name for c in self.clusters.values() if any(words <= t for t in c.titles)}
            if holders:
                titled = self._recent(
                    mention.start_char, here, lambda c: c.name in holders, TITLE_WINDOW
                )
        if titled is None and root.tag_ != "NNS" and root.lower_ in PERSON_TITLES:
            # "the AU envoy", "the ICRC's head": the last person given that kind of title
            # (of the mention's country when it names one: "Pakistan's deputy prime minister"
            # is not the home minister named before)
            code = self._state_of(mention, create=False)
            plain = frozenset(_title_word(t) for t in mention  # not "Pakistani", not names
                              if t.is_lower and t.lower_ not in SKIP_TITLE_WORDS)
            titled = self._recent(
                mention.start_char, here,
                lambda c: root.lower_ in c.heads and (code is None or _country_of(c) == code)
                and not _other_office(plain, root.lower_, c),
                TITLE_WINDOW,
            )
        if titled is None and root.tag_ != "NNS" and root.lower_ in PERSON_TITLES:
            titled = self._one_holder(mention, words)
        if titled is not None:
            return titled
        present = frozenset(c.name for c in self.clusters.values() if c.mentions)
        reg = self.registry.by_title(_strip_det(mention.text), self.published, present)
        if reg is not None:
            return self.cluster("", "", reg)
        named = any(
            t.text[:1].isupper() and t.i != root.i and not (t.is_sent_start and t.is_stop)
            for t in mention
        )
        if not speaker:
            if root.lemma_.lower() in PERSON_TITLES and self._state_of(mention, create=False):
                return self._named_next(mention, here)  # "Estonia's foreign minister … X said"
            if root.lemma_.lower() in STATE_BODIES and named and root.tag_ != "NNS":
                # "South Korea's foreign ministry summoned …": "the ministry" later is it
                return self.cluster(_clean_name(mention), "organisation")
            return None
        if root.tag_ in ("NNS", "NNPS"):
            pair = self._both_sides(mention)
            if pair is not None:  # "the foreign ministries of the two states": both, jointly
                return pair
            return self.cluster(_strip_det(mention.text), "group")
        if root.pos_ == "NOUN" and named and root.lemma_.lower() not in PERSON_TITLES:
            return self.cluster(_clean_name(mention), "organisation")  # "Japan's defence ministry"
        if root.pos_ == "NOUN" or root.is_lower:  # "the foreign ministry" may come out PROPN
            head = root.lower_
            kinds = COLLECTIVE_KINDS.get(root.lemma_.lower(), ())
            org = self._recent(
                mention.start_char,
                here,
                lambda c: c.kind != "person" and (
                    head in c.name.lower() or c.kind in kinds
                    or "group" in kinds and c.kind == "organisation" and _armed_name(c.name)
                ),
                TITLE_WINDOW,
            )
            if org is not None:
                return org
            if root.lemma_.lower() in PERSON_TITLES:
                return self._named_next(mention, here)
            if root.lemma_.lower() in STATE_BODIES and not named:
                return self._home_body(mention)
        if root.pos_ == "PROPN":
            return self._titled_name(mention) or self.cluster(_clean_name(mention), "unknown")
        return None

    def _both_sides(self, mention: Span) -> Cluster | None:
        """ "the foreign ministries of the two states", "both governments", "the two countries'
        ministries": a plural body or state word said of "two"/"both" stands for the last two
        countries the text named together ("the ministers of Armenia and Azerbaijan"), one
        joint actor (as a joint statement's authors are)."""
        root = mention.root
        if root.lemma_.lower() not in SIDE_BODIES:
            return None
        words = list(root.subtree)
        if not any(t.lower_ in ("two", "both") for t in words):
            return None
        if any(t.lower_ in ("two", "both") and t.head.lemma_.lower() not in SIDE_BODIES for t in words):
            return None  # "two of its ministries", "both houses of parliament"? not two states
        pair = self._last_pair(mention.start_char) or self._last_pair(
            mention.start_char, quoted=True
        )  # '"… the progress Armenia and Azerbaijan have achieved …," the foreign ministries
        # of the two states said': the pair named only in their own words
        if pair is None:
            return None
        states = [self.state(code) for code in pair]
        return self.cluster(" and ".join(c.name for c in states), "group")

    def _last_pair(self, char: int, quoted: bool = False) -> tuple[str, str] | None:
        """The last two countries the text names joined by "and" before ``char`` (``quoted``:
        also inside quotations)."""
        best = None
        for tok in self.doc:
            if tok.idx >= char:
                break
            if tok.dep_ != "conj" or tok.head.i >= tok.i or self.inside(tok) and not quoted:
                continue
            a, b = self._country_tok(tok.head), self._country_tok(tok)
            if a and b and a != b:
                best = (a, b)
        return best

    def _country_tok(self, tok: Token) -> str | None:
        if not tok.text[:1].isupper():
            return None
        if tok.ent_type_ in ("GPE", "NORP"):
            ent = next((e for e in self.doc.ents if e.start <= tok.i < e.end), None)
            if ent is not None:
                code = self.countries.code(_strip_det(ent.text))
                if code is not None:
                    return code
        return self.countries.code(tok.text)

    def _person_of_country(self, mention: Span, here: int) -> Cluster | None:
        """ "The Bolivian diplomat said": the person of that country in focus (a few sentences
        back), else the state when "a Bolivian diplomat" stood for it before, else nobody."""
        code = self._state_of(mention, create=False)
        if code is None:
            return None
        people = {
            s.cluster.name: s.cluster for s in self.salience
            if s.char < mention.start_char and here - s.sent <= PERSON_WINDOW
            and s.cluster.kind == "person" and _country_of(s.cluster) == code
        }
        if len(people) == 1:  # two of that country named before: it could be either
            return next(iter(people.values()))
        name = self.countries.name(code)
        return self.clusters.get(name) if name in self._anonymous else None

    def _owner(self, mention: Span, speaker: bool) -> Cluster | None:
        """ "Armenia's negotiators", "the army's delegation": the side they are there for."""
        root = mention.root
        lemma = root.lemma_.lower()
        if not (lemma in DELEGATIONS or root.tag_ in ("NNS", "NNPS") and lemma in DELEGATES):
            return None
        owner = next((c for c in root.children if c.dep_ == "poss"), None)
        if owner is None or owner.pos_ == "PRON" and owner.lower_ != "their":
            return None
        span = self.doc[owner.left_edge.i : owner.i + 1]
        if owner.pos_ == "PRON":
            return self._pronoun(owner)
        named = self.by_char.get(owner.idx)
        if named is None:  # "Trump's envoys" are not Trump: a side is a state or a body
            code = self.countries.code(_clean_name(span))
            named = self.state(code) if code else self.resolve(span, speaker)
        return named if named is not None and named.kind != "person" else None

    def _office_of(self, mention: Span) -> Cluster | None:
        """ "her office said": the body the person's title names ("the African Union's special
        envoy, X … her office said" -> the African Union), else the person."""
        root = mention.root
        owner = next((c for c in root.children if c.dep_ == "poss"), None)
        if root.lemma_.lower() != "office" or owner is None or owner.lower_ not in MALE | FEMALE:
            return None
        gender = "m" if owner.lower_ in MALE else "f"
        here = self._sent_of(owner.idx)
        same = [s.cluster for s in self.salience if s.sent == here and s.char < owner.idx
                and s.cluster.kind == "person" and s.cluster.gender in (None, gender)]
        # "…, Joyce X, held talks …, her office said": the person of that sentence
        person = same[-1] if same else self._pronoun(owner)
        if person is None or person.kind != "person":
            return None
        said = " ".join(r.title or "" for r in person.roles) + " " + " ".join(
            r.affiliation or "" for r in person.roles)
        for c in self.clusters.values():
            if c.kind in ("organisation", "group", "government") and c.mentions \
                    and re.search(r"\b" + re.escape(c.name.lower()) + r"\b", said.lower()):
                return c
        return person

    def _titled_name(self, mention: Span) -> Cluster | None:
        """ "Special Envoy Mara Quell" that NER left untagged: the title words, then a name of
        two or more capitalised words, is that person (titled like a tagged name)."""
        span = mention[1:] if len(mention) > 1 and mention[0].lower_ == "the" else mention
        cut = leading_title(span)
        name = span[cut:]
        words = [t for t in name if t.is_alpha]
        if not cut or len(words) < 2 or not (words[0].is_title and words[-1].is_title) or not all(
                t.is_title or t.lower_ in NAME_PARTICLES for t in words):
            return None
        if any(is_title_word(t) or t.lower_ in GOVERNMENT_BODY for t in words) or self._is_place(name):
            return None
        found = self.cluster(name.text, "person")
        self._note(name, found)
        return found
