"""Open-target stances: every position an actor states, on whatever it is about.

For each sentence outside boilerplate, each *cue* (``cues.CueLexicon``) is read off the
dependency parse:

* a side-taking verb, phrasal verb, noun or adjective ("rejected the plan", "ruled out
  talks", "a call for a ceasefire", "ready to resume talks");
* a modal of demand ("Israel must withdraw", "talks ought to resume": the speaker wants it);
* a negated modal of will ("would never give up enrichment", "will not sign": refusal);
* an evaluative predicate in someone's words ("the move was a breach of the truce", "a
  historic step"): the speaker judges its subject.

The *holder* is the cue's subject when that is a known actor (or a named group: "Western
partners"), else the speaker of the quote the cue is in, else the subject of the verb that
reports the clause ("X said [the talks must resume]") or "according to X". First-person
subjects ("we will never accept") are the speaker. The *target* is the argument the cue
governs (``targets``), normalised to a short proposition and resolved to its antecedent when
it only points back ("rejected the plan"). Negation flips the polarity; a condition ("only
if", "provided", "should X happen", "not ... until") makes the stance ``conditional``.

At most one stance per holder and sentence (the strongest cue, lexical words first); the
catalogue's stances take precedence over open ones of the same actor in the same sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

import numpy
from spacy.attrs import IDX, IS_SPACE, LEMMA, LOWER
from spacy.tokens import Doc, Token

from parley.model import Span, Stance, stable_id
from parley.nlp.actors.countries import load_countries
from parley.nlp.actors.mention_words import DATELINE
from parley.nlp.extensions import text_of
from parley.nlp.quotes.rules import entity_at, reporters_gloss
from parley.nlp.ranges import RangeSet, content_ranges
from parley.nlp.scan import positions
from parley.nlp.stances.cues import (
    ABILITY,
    COMMIT,
    DEMAND,
    EVALUATIVE,
    HAPPENING,
    HOLDING,
    LEXICAL,
    REFUSAL,
    CueLexicon,
    abstained,
    cue_at,
    idiom_object,
    infinitive,
    load_lexicon,
    negated,
)
from parley.nlp.stances.hypothetical import (
    accused_act,
    blocks_a_way,
    condition_head,
    held_words,
)
from parley.nlp.stances.lexicon import FACTIVE_CUES, STATEMENT_VERBS
from parley.nlp.stances.targets import (
    WRITTEN_PROPOSALS,
    antecedent,
    charged_party,
    complement,
    condition_of,
    defining_clause,
    implied_object,
    judged_act,
    phrase,
    place_of_return,
    resolve_inside,
    span_tokens,
    target_token,
    the_two,
)
from parley.nlp.stances.threats import (
    HARMING,
    condition_tokens,
    happening_subject,
    harmful_act,
    threatened,
)
from parley.nlp.stances.units import Mentions

FIRST_PERSON = frozenset({"i", "we", "us", "me", "our", "my"})
#: Titles that stand for the person last named with them ("the president's commitment").
TITLES = frozenset({"president", "minister", "premier", "chancellor", "king", "prince",
                    "secretary", "envoy", "ambassador", "speaker", "governor", "mayor"})
#: Verbs of speaking: their subject holds what they report, even inside another's quote.
SPEAKING = frozenset({"say", "state", "tell", "talk", "speak", "declare", "insist", "write",
                      "argue", "claim", "add", "warn", "maintain"})
#: Plural heads of a country's representatives ("U.S. officials": the United States).
GROUP_WORDS = frozenset({"officials", "diplomats", "negotiators", "authorities", "sources",
                         "leaders", "representatives", "envoys"})
#: Verbs whose clause is someone's reported words (the reporter holds what the clause says).
NEGATORS = frozenset({"not", "n't", "never", "no"})
#: Pronouns that name no holder by themselves.
VAGUE = frozenset({"it", "this", "that", "there", "which", "what", "who", "they", "them"})
#: Dependents of a subject that do not name it ("the army, which ...").
CUT_HOLDER = frozenset({"relcl", "acl", "prep", "conj", "cc", "punct"})
#: Head nouns of a group that can hold a position ("Turkish officials", "Western partners").
AGENT_NOUNS = frozenset({
    "official", "officials", "partner", "partners", "government", "ministry", "leader",
    "leaders", "delegation", "negotiator", "negotiators", "diplomat", "diplomats",
    "authorities", "spokesman", "spokeswoman", "spokesperson", "source", "sources", "side",
    "sides", "allies", "ally", "rebels", "militants", "army", "forces", "military",
    "president", "minister", "envoy", "mediators", "mediator", "lawmakers", "parliament",
    "state", "states", "nations", "members", "council", "group", "movement", "party",
    "administration", "office", "embassy", "cabinet", "coalition", "camp",
})
#: Verbs whose object is their subject's outcome ("the talks yielded positive results").
YIELDING = frozenset({"produce", "yield", "bring", "deliver", "achieve", "bear"})
#: Verbs whose clause follows from their subject: "(the closure) means goods must go by
#: road", told by the report itself, says what has to happen as a result, nobody's demand.
ENTAILING = frozenset({"mean", "imply", "entail"})
#: Verbs that state their object as the subject's own ("restated its commitment to").
STATING = STATEMENT_VERBS | {"underline", "stress", "emphasise", "emphasize", "talk", "speak",
                             "pass", "convey", "reiterate", "highlight"}
#: Verbs that report what a clause says ("the move, he said, was a breach").
REPORTING = frozenset({"say", "state", "add", "tell", "insist", "stress", "note", "argue",
                       "write", "declare", "warn", "maintain", "claim"})
#: Entity types that name no holder ("11:17 PM").
NOT_HOLDERS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
#: Entity types that name people or bodies of people (an object that could be the doer).
PEOPLE_ENTS = frozenset({"PERSON", "NORP", "ORG", "GPE"})
#: Verbs of a mutual undertaking: with a plural or coordinated subject they report an
#: agreement reached (an event), not one side's position.
MUTUAL = frozenset({"agree", "promise", "pledge", "sign", "commit", "consent", "concur",
                    "undertake"})
#: Subjects that name both sides at once.
BOTH_SIDES = frozenset({"side", "sides", "party", "parties", "both", "all", "two"})
#: Words that deny what their infinitive does ("unable to refuse", "failed to condemn").
UNABLE = frozenset({"unable", "unwilling", "reluctant", "fail", "decline", "refuse"})
#: Modals of an intention ("would attend ... as long as").
INTENT_MODALS = frozenset({"will", "would", "can", "could", "shall"})
#: Verbs whose conditional future is a forecast, not an intention.
LIGHT_INTENT = frozenset({"be", "have", "happen", "mean", "say", "become", "seem",
                          "follow", "come", "occur", "last"})
#: Verbs of an act, not a statement: in a narrated past they report what was done (an
#: event); they state a position when reported or announced ("said it would suspend").
ACTS = frozenset({"postpone", "suspend", "boycott", "approve", "sign", "scrap", "block",
                  "veto", "abandon", "cancel", "pull out", "walk away", "break off"})
#: Heads of a clause that report rather than propose ("wish to tell the world that ...").
SAYING_HEADS = frozenset({"say", "tell", "state", "add", "note", "stress", "speak"})
#: Participles that state their subject's disposition ("Qatar is dedicated to ...").
STATIVE = frozenset({"dedicated", "committed", "opposed", "prepared", "determined",
                     "interested", "resolved", "inclined", "disposed", "devoted"})
#: Where an evaluative word with nothing to judge still gives a verdict: as the predicate
#: or the whole of what is quoted ("'a reckless provocation'", "it proved beneficial").
PREDICATIVE = frozenset({"ROOT", "attr", "acomp", "oprd", "appos", "conj", "xcomp", "ccomp"})
#: Verbs that present their object as what the subject amounts to ("posed no threat",
#: "offers Haiti hope").
PRESENTING = frozenset({"pose", "offer", "bring", "represent", "constitute", "mark"})
#: Verbs that keep a state ("will stay closed until ...").
KEEPING = frozenset({"stay", "remain", "continue"})
#: Words of a predicate that puts its subject up for negotiation ("not on the table",
#: "not up for discussion", "not a subject for bargaining", "not negotiable").
NEGOTIABLE = frozenset({"table", "discussion", "negotiation", "negotiations", "debate",
                        "bargaining", "negotiable", "discussed", "talks"})
#: Verbs whose subject ceases ("the shelling must stop").
ENDING = frozenset({"stop", "end", "cease", "halt"})
#: Copular verbs whose complement judges the subject.
COPULAS = frozenset({"be", "become", "remain", "seem", "amount", "constitute", "represent",
                     "mark", "mean"})
#: Verbs whose second argument judges the first ("called the deal a step forward").
JUDGING = frozenset({"call", "describe", "term", "label", "brand", "consider", "deem", "see",
                     "view", "regard", "hail", "welcome", "speak", "talk"})


@dataclass(slots=True)
class Found:
    """One open stance before it becomes a ``Stance``."""

    holders: list[tuple[str, tuple[int, int] | None]]
    cue: tuple[int, int]  # token range
    sign: int
    kind: int
    target: list[Token]
    proposition: str
    condition: str | None
    quote_id: str | None
    sent: tuple[int, int]  # token range of the sentence


class Speech:
    """Quote contents by character offset: who is speaking at a position."""

    def __init__(self, quotes: list[dict], mentions: Mentions, body: int = 0, text: str = ""):
        rows = []
        for q in quotes:
            speaker = _speaker_name(q, mentions, text)
            if not speaker:
                continue
            mention = (q.get("speaker") or {}).get("mention")
            span = (mention["start"], mention["end"]) if mention else None
            if span is not None and span[0] < body:
                continue  # a "speaker" in the headline: a misread quote
            for s, e in content_ranges(q["content"]):
                rows.append((s, e, speaker, span, q.get("id")))
        rows.sort()
        self._starts = [r[0] for r in rows]
        self._rows = rows

    def content_at(self, idx: int) -> tuple[int, int] | None:
        """The quote content range holding ``idx`` (None outside quotes)."""
        i = bisect_right(self._starts, idx)
        for s, e, *_ in reversed(self._rows[max(0, i - 4) : i]):
            if s <= idx < e:
                return s, e
        return None

    def at(self, idx: int) -> tuple[str, tuple[int, int] | None, str | None] | None:
        i = bisect_right(self._starts, idx)
        for s, e, speaker, span, qid in reversed(self._rows[max(0, i - 4) : i]):
            if s <= idx < e:
                return speaker, span, qid
        return None


def _speaker_name(q: dict, mentions: Mentions, text: str = "") -> str | None:
    name = _named_speaker(q, mentions, text)
    if name is not None and name.split()[-1].lower() in WRITTEN_PROPOSALS:
        return None  # "an EU plan agreed last year under which ...": a text says nothing
    return name


def _named_speaker(q: dict, mentions: Mentions, text: str = "") -> str | None:
    sp = q.get("speaker") or {}
    m = sp.get("mention")
    if m:
        name = mentions.at(m["start"], m["end"])
        if name is None or mentions.kinds.get(name) != "person":
            named = _apposition(text, m["end"], mentions)
            if named is not None:
                return named  # "Pakistan's Foreign Office spokesperson, Saima Khattak, said"
        if name and name != name.lower():
            return _fullest(name, mentions.within(m["start"], m["end"]), mentions)
    name = (sp.get("name") or "").strip()
    if name and any(w[:1].isupper() for w in name.split()) and name.lower() not in VAGUE:
        return name
    return None


def _capitals(name: str) -> int:
    return sum(w[:1].isupper() for w in name.split())


def _fullest(name: str, inside: list[str], mentions: Mentions) -> str:
    """Of the people named in a speaker's mention, the one named most fully: "Former
    defence minister and Unity Party chairman Tomas Varga" is Varga, not the
    title the actor rules also took for a person."""
    people = [n for n in inside if mentions.kinds.get(n) == "person"]
    best = max(people, key=_capitals, default=name)
    return best if _capitals(best) > _capitals(name) else name


def _apposition(text: str, end: int, mentions: Mentions) -> str | None:
    """The person named in an apposition right after a speaker's title ("the ministry's
    spokesperson, Saima Khattak, said"): a person mention between the next two commas."""
    if not text or text[end : end + 2] != ", ":
        return None
    close = text.find(",", end + 2, end + 60)
    if close < 0:
        return None
    name = mentions.at(end + 2, close)
    return name if name and mentions.kinds.get(name) == "person" else None


# -- holders ------------------------------------------------------------------------------


def governing_verb(tok: Token) -> Token:
    """The verb whose clause ``tok`` belongs to (itself for a verb)."""
    for _ in range(5):
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("aux", "auxpass"):
            return tok
        if tok.head.i == tok.i:
            return tok
        tok = tok.head
    return tok


def subject_of(verb: Token) -> Token | None:
    """``verb``'s subject, a passive's agent, or the subject of the verb it is chained to."""
    tok = verb
    if verb.dep_ == "conj" and verb.tag_ in ("VBD", "VBZ", "VBP") and verb.head.tag_ == "VBN" \
            and verb.head.dep_ in ("advcl", "acl") and verb.head.head.i != verb.head.i \
            and not any(c.dep_ in ("aux", "auxpass") for c in verb.head.children):
        # "It rejected the agenda as drafted by the AU and called the talks premature":
        # a finite verb parsed as joined to a participle goes with the main clause
        tok = verb.head.head
    for _ in range(3):
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "csubj")
                    or (c.dep_ == "nsubjpass" and tok.lower_ in STATIVE)]
        if subjects:  # two subjects are a misparse: the one next to the verb is it
            before = [c for c in subjects if c.i < tok.i]
            return before[-1] if before else subjects[0]
        for c in tok.children:
            if c.dep_ == "agent":
                return next((g for g in c.children if g.dep_ == "pobj"), None)
        if (tok.dep_ in ("conj", "xcomp") or infinitive(tok)) and tok.head.i != tok.i:
            tok = tok.head
        else:
            break
    return None


def reporter_of(verb: Token) -> Token | None:
    """The subject of the verb that reports ``verb``'s clause ("X said [Y must go]")."""
    tok = verb
    for _ in range(4):
        if tok.dep_ not in ("ccomp", "conj", "xcomp", "advcl") or tok.head.i == tok.i:
            break
        via = tok.dep_
        tok = tok.head
        if via == "ccomp" and tok.lemma_.lower() in REPORTING and not any(
                c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
            tok = _misjoined_to(tok) or tok  # "X said A happened, and added that B must ..."
        if via == "ccomp" or tok.dep_ == "ROOT":
            subj = subject_of(tok)
            if subj is not None and not _thing(subj, tok):
                return subj
    for c in verb.children:  # "the move, he said, was a breach"
        if c.dep_ in ("parataxis", "advcl", "ccomp") and c.lemma_.lower() in REPORTING:
            subj = subject_of(c)
            if subj is not None:
                return subj
    return _according_to(verb)


def _thing(subj: Token, verb: Token) -> bool:
    """A subject that reports nobody's words ("[the extension] showed that ..., but that
    the ELN must abandon ..."): a common noun, not a group of people, of a verb that is not
    one of saying."""
    return subj.pos_ == "NOUN" and subj.lemma_.lower() not in AGENT_NOUNS \
        and verb.lemma_.lower() not in REPORTING | SPEAKING


def _according_to(tok: Token) -> Token | None:
    for t in tok.sent:
        if t.lower_ == "according":
            to = next((c for c in t.children if c.lower_ == "to"), None)
            if to is not None:
                return next((g for g in to.children if g.dep_ == "pobj"), None)
    return None


def _bare_plural_before(tok: Token) -> bool:
    """Whether "they" follows a sentence whose subject is a bare plural noun ("The
    organisers tied the handover to ... . With tension rising, they urged ..."): "they" are
    those people, whom the text does not name, not a group named further back (a word that
    stands for a group, "the rebels", "the officials", is left to the coreference rules)."""
    doc, start = tok.doc, tok.sent.start
    if start == 0 or tok.dep_ != "nsubj" or tok.head.i != tok.sent.root.i:
        return False
    prev = doc[start - 1].sent
    subj = next((c for c in prev.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is not None and subj.tag_ == "NNS" and not subj.ent_type_ \
        and [c.dep_ for c in subj.children] == ["det"] \
        and subj.lower_ not in AGENT_NOUNS | GROUP_WORDS  # "the rebels": the group named before


def _unnamed_they(doc: Doc, span: tuple[int, int]) -> bool:
    """Whether a speaker mention is a "they" that points at a bare plural (see below)."""
    tok = doc.char_span(span[0], span[1])
    return tok is not None and len(tok) == 1 and tok[0].lower_ == "they" \
        and _bare_plural_before(tok[0])


def _first_person(tok: Token) -> bool:
    """Whether ``tok`` is "I", "we", "us"...: not "the US" ("whom the US regarded as ...")."""
    return tok.lower_ in FIRST_PERSON and not (
        tok.text.isupper() and len(tok.text) > 1 and (tok.pos_ == "PROPN" or tok.ent_type_))


class Holders:
    """Names the holder a subject token stands for."""

    SELF = "\x00self"

    def __init__(self, mentions: Mentions):
        self.mentions = mentions
        self.countries = load_countries()

    def resolve(self, tok: Token | None, seg: list[int] | None = None,
                at: int | None = None) -> tuple[str, tuple[int, int]] | None:
        """The holder ``tok`` names; with ``seg`` and ``at``, only within token ``at``'s
        stretch of text (a headline is not the subject of the body's first sentence)."""
        if tok is None:
            return None
        if seg is not None and at is not None and seg[tok.i] != seg[at]:
            # a headline parsed as the subject: its apposition in the body may be the holder
            appos = [c for c in tok.children if c.dep_ == "appos" and seg[c.i] == seg[at]]
            return self.resolve(appos[0], seg, at) if appos else None
        if _first_person(tok):
            return self.SELF, (tok.idx, tok.idx + len(tok.text))
        if tok.lower_ in ("latter", "former") and any(c.lower_ == "the" for c in tok.children):
            return self._former_or_latter(tok)
        if tok.lower_ == "they" and _bare_plural_before(tok):
            return None  # "The organisers tied ... . They urged ...": the organisers, unnamed
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in WRITTEN_PROPOSALS and not tok.ent_type_:
            return None  # "an EU plan agreed last year": a text, whoever drafted it, holds nothing
        found = []
        for t in [tok, *(t for t in tok.subtree if t.i != tok.i and _inside(t, tok))]:
            if "\n" in t.text:
                break
            name = self.mentions.token(t)
            if name and name != name.lower():
                found.append((name, _name_span(t), _possessor(t, tok)))
        if found:  # the person named in "Iran's foreign minister Abbas Araghchi"
            people = [f for f in found if self.mentions.kinds.get(f[0]) == "person"]
            own = [f for f in people if not f[2]]  # "the president's deputy, Ilse Marno": Marno
            return (own or people or found)[0][:2]
        named = self._apposed(tok)
        if named is not None:
            return named
        if tok.pos_ == "PRON" or tok.lower_ in VAGUE:
            return None
        if tok.lower_ in TITLES and tok.pos_ == "NOUN" and [
                c.lower_ for c in tok.children if c.dep_ != "case"] == ["the"]:
            titled = self._titled(tok)
            if titled is not None:
                return titled
        return self._named_group(tok)

    def _former_or_latter(self, tok: Token) -> tuple[str, tuple[int, int]] | None:
        """"Arvel blamed Dosia for the raid. The latter denies it ...": the last (or for
        "the former", the one before) of the actors the previous sentence names."""
        start = tok.sent.start
        if start == 0:
            return None
        names: list[str] = []
        for t in tok.doc[tok.doc[start - 1].sent.start : start]:
            name = self.mentions.token(t)
            if name is None and t.pos_ == "PROPN" and (
                    self.countries.by_name(t.text) or self.countries.by_capital(t.text)):
                name = t.text  # a state or its capital the actor rules left out
            if name and name != name.lower() and (not names or names[-1] != name):
                names.append(name)
        if len(names) < 2:
            return None
        name = names[-1] if tok.lower_ == "latter" else names[-2]
        return name, (tok.idx, tok.idx + len(tok.text))

    def _apposed(self, tok: Token) -> tuple[str, tuple[int, int]] | None:
        """The person an apposition inside a subject names ("The head of Serbia's office
        for Kosovo, Dusan Ilic, said": the parse hangs the name on the nearest noun)."""
        titled = tok.lower_ in TITLES or tok.lower_ in ("chairman", "leader", "head", "chief")
        found = []
        for t in tok.subtree:
            if t.i <= tok.i or "\n" in t.text or not (
                    t.dep_ == "appos" or (titled and t.dep_ in ("conj", "compound"))):
                continue  # "Former defence minister and Unity Party chairman Tomas Varga"
            name = self.mentions.token(t)
            if name and name != name.lower() and self.mentions.kinds.get(name) != "state":
                found.append((name, _name_span(t)))
        people = [f for f in found if self.mentions.kinds.get(f[0]) == "person"]
        return (people or found or [None])[0]

    def person(self, tok: Token) -> bool:
        """Whether ``tok`` names a person (a known person, a personal name or title, a
        pronoun), not a place or body."""
        name = self.mentions.token(tok)
        if name is not None:
            return self.mentions.kinds.get(name, "person") == "person"
        return tok.pos_ == "PRON" or tok.ent_type_ == "PERSON" or tok.lower_ in TITLES

    def _titled(self, tok: Token) -> tuple[str, tuple[int, int]] | None:
        """The person last named with the title ``tok`` is ("the president": the one
        called "President X" before)."""
        doc = tok.doc
        for i in range(tok.i - 1, max(-1, tok.i - 400), -1):
            t = doc[i]
            if t.lower_ == tok.lower_ and t.text[:1].isupper() and i + 1 < len(doc):
                name = self.mentions.token(doc[i + 1])
                if name and self.mentions.kinds.get(name) == "person":
                    return name, (tok.idx, tok.idx + len(tok.text))
        return None

    def canonical(self, name: str) -> str:
        """The fullest name of a holder: a country for its officials ("Turkish officials":
        Turkey), a person's full name for a surname alone, when one person of the article
        bears it."""
        if name == self.SELF:
            return name
        words = name.split()
        if len(words) >= 2 and words[-1].lower() in GROUP_WORDS:
            lead = " ".join(words[:-1])
            code = self.countries.by_name(lead) or self.countries.by_demonym(lead)
            if code and self.countries.name(code):
                return self.countries.name(code)
        if len(words) == 1 and name[:1].isupper():
            key = name.lower()
            full = {n for n, kind in self.mentions.kinds.items() if kind == "person"
                    and n != name and key in re.split(r"[\s\-]+", n.lower())}
            if len(full) == 1:
                return full.pop()
        return name

    def _named_group(self, tok: Token) -> tuple[str, tuple[int, int]] | None:
        """A group named by a proper noun or a demonym ("Western partners", "Turkish
        officials": Turkey), when its head is a proper noun or a word for people who act."""
        words = [t for t in doc_span(tok.left_edge, tok) if t.dep_ not in ("det", "punct")]
        if not words or any("\n" in t.text for t in words) or not any(
                t.text[:1].isupper() for t in words):
            return None
        span = (words[0].idx, tok.idx + len(tok.text))
        if tok.pos_ != "PROPN" and tok.lemma_.lower() not in AGENT_NOUNS:
            return None
        for t in words:
            code = self.countries.by_demonym(t.text) or self.countries.by_name(t.text)
            if code and t.i != tok.i:
                name = self.countries.name(code)
                if name:
                    return name, span
        if tok.pos_ == "PROPN" or any(t.text[:1].isupper() and (
                t.i != t.sent.start or t.pos_ in ("ADJ", "PROPN")) for t in words):
            if any(t.ent_type_ in NOT_HOLDERS for t in words):
                return None
            return " ".join(t.text for t in words), span
        return None


def _possessor(t: Token, head: Token) -> bool:
    """Whether ``t`` names the possessor in ``head``'s phrase ("the president's deputy")."""
    while t.i != head.i:
        if t.dep_ == "poss":
            return True
        t = t.head
    return False


def _inside(t: Token, head: Token) -> bool:
    """Whether ``t`` is part of ``head``'s name (not a clause or phrase attached to it)."""
    while t.i != head.i:
        if t.dep_ in CUT_HOLDER:
            return False
        t = t.head
    return True


def doc_span(start: Token, end: Token) -> list[Token]:
    return [start.doc[i] for i in range(start.i, end.i + 1)]


# -- reading ------------------------------------------------------------------------------


@dataclass(slots=True)
class Context:
    doc: Doc
    lex: CueLexicon
    holders: Holders
    speech: Speech
    mentions: Mentions
    segment: list[int]  # per token: which newline-free stretch of text it is in


Held = tuple[list[tuple[str, tuple[int, int] | None]], str | None]


def _conjuncts(tok: Token) -> list[Token]:
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj":
            out.extend(_conjuncts(c))
    return out


def _own(ctx: Context, subj: Token | None, cue: Token) -> list[tuple[str, tuple[int, int]]] | None:
    """The holders a subject names (conjuncts too); None when it names none."""
    if subj is None:
        return None
    out = []
    for t in _conjuncts(subj):
        if ctx.segment[t.i] != ctx.segment[cue.i]:
            continue
        one = ctx.holders.resolve(t, ctx.segment, cue.i)
        for r in [one] if one is not None else _members(ctx, t, cue):
            if all(r[0] != o[0] and not _one_state(ctx.mentions, r[0], o[0]) for o in out):
                out.append(r)
    return out or None


def _members(ctx: Context, subj: Token, cue: Token) -> list[tuple[str, tuple[int, int]]]:
    """The parties a plural group of representatives names with "of" ("the foreign
    ministers of Arvel and Dosia": Arvel and Dosia), each holding the position."""
    if subj.tag_ != "NNS" or subj.lemma_.lower() not in AGENT_NOUNS | TITLES:
        return []
    prep = next((c for c in subj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    arg = _arg(prep) if prep is not None else None
    if arg is None:
        return _named_before(ctx, subj, cue)
    found = [ctx.holders.resolve(t, ctx.segment, cue.i) for t in _conjuncts(arg)]
    return [f for f in found if f is not None] if len(found) > 1 else []


def _named_before(ctx: Context, subj: Token, cue: Token) -> list[tuple[str, tuple[int, int]]]:
    """"Arvel's Kasko met Dosia's Toldan on Monday. The two ministers welcomed ...": the
    people the sentence before names, when a bare plural title ("the ministers", "both
    leaders") points back at them."""
    kids = [c for c in subj.children if c.dep_ not in ("amod", "compound")]
    if not kids or any(c.lower_ not in ("the", "both", "two") for c in kids) \
            or subj.sent.start == 0:
        return []
    doc = subj.doc
    people: dict[str, tuple[int, int]] = {}
    for t in doc[doc[subj.sent.start - 1].sent.start : subj.sent.start]:
        name = ctx.mentions.token(t)
        if name and ctx.mentions.kinds.get(name) == "person" and name not in people:
            people[name] = (subj.idx, subj.idx + len(subj.text))
    return list(people.items()) if len(people) >= 2 else []


def _impersonal_doer(ctx: Context, tok: Token, verb: Token,
                     holders: list[tuple[str, tuple[int, int]]]) -> bool:
    """Whether a verb cue's subject is "it" in a relative clause on a named body or state
    that the people who would hold the position do not speak for ("he criticised X, which
    he said had fallen short, even as it presses others to pay": X presses, not him)."""
    subj = subject_of(verb) if tok.i == verb.i and tok.pos_ == "VERB" else None
    if subj is None or subj.lower_ != "it" \
            or any(ctx.mentions.kinds.get(h[0]) != "person" for h in holders):
        return False
    party = next((p for t in verb.ancestors if t.dep_ == "relcl"
                  and (p := _party_named(ctx, t.head))), None)
    if party is None:
        return False
    side = ctx.mentions.countries.get(party)
    return side is None or any(ctx.mentions.countries.get(h[0]) != side for h in holders)


def _entailed(ctx: Context, verb: Token) -> bool:
    """Whether ``verb``'s clause is what a thing entails, told by the report itself ("the
    blockade shut the ports, which means goods must be moved by road")."""
    means = verb.head
    if verb.dep_ != "ccomp" or means.lemma_.lower() not in ENTAILING or reporter_of(means):
        return False
    subj = subject_of(means)
    if subj is not None and subj.tag_ in ("WDT", "WP") and means.dep_ == "relcl":
        subj = means.head
    return subj is None or (_thing_subject(subj) and not ctx.holders.person(subj))


def _party_named(ctx: Context, tok: Token) -> str | None:
    """The state or body a proper noun names (not a person), else None."""
    if tok.pos_ != "PROPN":
        return None
    name = ctx.mentions.token(tok)
    if name:
        return name if ctx.mentions.kinds.get(name) not in (None, "person") else None
    return tok.text if tok.ent_type_ in ("GPE", "ORG", "NORP") else None


def _relayed_person(ctx: Context, tok: Token, speaker: str) -> tuple[str, tuple[int, int]] | None:
    """The person whose words an organisation relays ("Vorn voiced hope that ..., and
    restated ..., the state news agency said"): the subject of the clause the
    organisation's reporting verb governs, when that subject names a person."""
    if ctx.mentions.kinds.get(speaker) != "organisation":
        return None
    t = tok
    while t.head.i != t.i and not (t.dep_ == "ccomp" and t.head.lemma_.lower() in REPORTING):
        t = t.head
    if t.dep_ != "ccomp" or t.pos_ not in ("VERB", "AUX"):
        return None
    subj = subject_of(t)
    found = ctx.holders.resolve(subj, ctx.segment, tok.i) if subj is not None else None
    if found is None or ctx.mentions.kinds.get(found[0]) != "person":
        return None
    return found


def _one_state(mentions: Mentions, a: str, b: str) -> bool:
    """Two bodies of one state ("the Kremlin and Russia's Ministry of Defense"): one
    position, not two (people keep their own)."""
    if "person" in (mentions.kinds.get(a), mentions.kinds.get(b)):
        return False
    ca, cb = mentions.countries.get(a), mentions.countries.get(b)
    return ca is not None and ca == cb


def _holder(ctx: Context, tok: Token, kind: int, verb: Token) -> Held | None:
    """The holders of a cue and the quote it is in (see the module docstring)."""
    if _glossed(verb):
        return None  # "the statement may indicate the X could be willing to ...": a reading
    said = ctx.speech.at(tok.idx)
    if said and _unnamed_they(ctx.doc, said[1]):
        said = None  # "The organisers tied ... . They urged ...": nobody the text names
    speaker = [(said[0], said[1])] if said else None
    qid = said[2] if said else None
    relayed = _relayed_person(ctx, tok, said[0]) if said else None
    if relayed is not None:  # "X voiced hope ..., the agency said": X's words, relayed
        speaker, qid = [relayed], None
    subj = None
    if tok.pos_ == "NOUN":
        subj = next((c for c in tok.children if c.dep_ == "poss"), None)
        if subj is not None and verb.lemma_.lower() in STATING and (
                not ctx.holders.person(subj) or _own_possessive(subj, tok, verb)):
            subj = None  # "X restated the region's commitment to ...", "X voiced his
            # willingness to ...": X states it ("his" is X, the verb's subject)
    if subj is None:
        subj = subject_of(verb)
    if subj is None or ctx.segment[subj.i] != ctx.segment[verb.i]:
        subj = _segment_subject(ctx, verb) or subj
    if subj is not None and subj.tag_ in ("WP", "WDT") and verb.dep_ == "relcl" \
            and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        subj = verb.head  # "those who want to stay in power": they, not the speaker
    if kind == LEXICAL and _relative_subject(verb, subj):
        own = [o for o in _own(ctx, subj, tok) or [] if o[0] != Holders.SELF
               and not _plural_common(ctx.doc, o[1])]  # "which the Front accepted": the Front's
        return (own, None) if own else None
    ability = kind == REFUSAL and tok.lemma_.lower() in ABILITY
    if kind in (LEXICAL, COMMIT) or (kind == REFUSAL and not ability) or (
        kind == EVALUATIVE and verb.lemma_.lower() in JUDGING
    ):
        own = _own(ctx, subj, tok)
        if own is None and not speaker and subj is not None:
            own = _previous_body(ctx, subj)
        reporting = _reporting_person(ctx, subj, verb, tok) \
            if own is not None and subj.lower_ in ("he", "she") else None
        if reporting is not None:  # the sentence says who "he" is: above the quote's speaker
            return reporting + own[1:], None
        if own is not None and own[0][0] == Holders.SELF:
            if speaker:
                return speaker, qid
            rep = ctx.holders.resolve(reporter_of(verb), ctx.segment, tok.i)
            return ([rep], None) if rep is not None and rep[0] != Holders.SELF else None
        if own is not None and speaker and tok.i != verb.i and verb.lemma_.lower() in SPEAKING \
                and own[0][0] != speaker[0][0]:
            return own, None  # "X said Y talked of Z's wish": Y's words, as X reports them
        if own is not None and speaker and _told_by(ctx, verb, tok, own[0][0], speaker[0][0]):
            return own, None  # "X said Y informed them they will not ...": Y's undertaking
        if own is not None:
            if speaker and len(own) == 1 and (_same_side(ctx.mentions, own[0][0], speaker[0][0])
                            or ctx.mentions.kinds.get(own[0][0], "group") != "person"):
                return speaker, qid  # "X said Israel would not agree": X's words
            return own, (qid if speaker and own[0][0] == speaker[0][0] else None)
        if subj is not None and subj.pos_ != "PRON" and kind == LEXICAL and tok.pos_ == "VERB" \
                and subj.lemma_.lower() not in AGENT_NOUNS:
            if subj.head.i == verb.i or not _misjoined(verb):
                return None  # a thing does it ("the plan seeks ..."): nobody's position
            # "X said talks would resume and urged ...": parsed as the talks urging
            rep = ctx.holders.resolve(reporter_of(verb), ctx.segment, tok.i)
            return ([rep], None) if rep is not None and rep[0] != Holders.SELF else None
        if subj is not None and subj.pos_ == "PRON" and subj.lower_ not in VAGUE:
            return None
    if speaker and kind in (LEXICAL, COMMIT, REFUSAL) and subj is not None:
        group = _the_group(ctx, subj, speaker[0][0])
        if group is not None:  # "Trump said the group will not be carrying out attacks"
            return [group], None
    if speaker:
        inner = _inner_reporter(ctx, tok, verb, speaker[0])
        return ([inner], None) if inner is not None else (speaker, qid)
    if subj is not None and _first_person(subj):
        return None
    rep = ctx.holders.resolve(reporter_of(verb), ctx.segment, tok.i)
    if rep is not None and rep[0] != Holders.SELF:
        return [rep], None
    return None


#: Possessives that, on the object of a verb of stating, point back at its subject.
OWN_POSSESSIVES = frozenset({"his", "her", "its", "their"})


def _own_possessive(poss: Token, cue: Token, verb: Token) -> bool:
    """ "Velk voiced his willingness to ...", "the council restated its support for ...": a
    possessive pronoun on the object of a (stating) verb with a subject, which holds it."""
    return poss.lower_ in OWN_POSSESSIVES and cue.dep_ == "dobj" and cue.head.i == verb.i \
        and subject_of(verb) is not None


#: Nouns by which a report refers back to an armed or political group ("the group").
GROUP_BACK = frozenset({"group", "movement", "militia"})


def _the_group(ctx: Context, subj: Token, speaker: str) -> tuple[str, tuple[int, int]] | None:
    """ "the group" as the subject of an undertaking another speaker reports: the group
    named last before it in the same sentence, outside the speaker's own description ("a
    senior Hamas official said the group ..." stays the official's)."""
    if subj.lemma_.lower() not in GROUP_BACK or [c.lower_ for c in subj.children] != ["the"]:
        return None
    rep = reporter_of(subj.head)  # a group named in the speaker's own description
    end = min(subj.idx, rep.left_edge.idx) if rep is not None else subj.idx  # is theirs
    named = [n for n in ctx.mentions.within(subj.sent.start_char, end)
             if ctx.mentions.kinds.get(n) == "group" and n != speaker]
    return (named[-1], (subj.idx, subj.idx + len(subj.text))) if named else None


def _glossed(verb: Token) -> bool:
    """Whether ``verb``'s clause is what a text "may indicate" or "didn't say" by the
    reporter's reading of it: nobody's position."""
    tok = verb
    for _ in range(4):
        if tok.dep_ not in ("ccomp", "xcomp", "conj") or tok.head.i == tok.i:
            return False
        tok = tok.head
        subj = subject_of(tok)
        if subj is not None and reporters_gloss(subj, tok):
            return True
    return False


#: Verbs by which one side tells another what it will do ("Y informed them they will ...").
TELLING = frozenset({"inform", "assure", "tell", "notify", "promise", "pledge", "say",
                     "confirm", "reassure"})


def _told_by(ctx: Context, verb: Token, tok: Token, own: str, speaker: str) -> bool:
    """Whether the words a cue is in are an inner speaker's own undertaking, as the
    speaker reports it ("X said Y informed them they will not ..."): Y, not X, holds it."""
    rep = reporter_of(verb)
    if rep is None or own == speaker or rep.head.lemma_.lower() not in TELLING \
            or rep.head.i == verb.i:
        return False
    inner = ctx.holders.resolve(rep, ctx.segment, tok.i)
    return inner is not None and inner[0] == own


def _relative_subject(verb: Token, subj: Token | None) -> bool:
    """A relative clause on a noun with a named subject of its own ("a delegation, which
    the Front agreed to"): that subject, not whoever reports the sentence, holds it."""
    return subj is not None and verb.dep_ in ("relcl", "acl") and subj.head.i == verb.i \
        and subj.pos_ in ("NOUN", "PROPN") and verb.head.pos_ in ("NOUN", "PROPN") \
        and verb.head.i < subj.i < verb.i


def _plural_common(doc: Doc, span: tuple[int, int] | None) -> bool:
    """A holder named by a plural common noun only ("the earlier governments"): no party
    a reader could follow."""
    found = doc.char_span(*span, alignment_mode="expand") if span else None
    return found is not None and found.root.tag_ == "NNS"


def _previous_body(ctx: Context, pron: Token) -> list | None:
    """"The foreign ministry said in a statement that ... It rejected the agenda": a
    sentence-opening "it" after a sentence whose reporting verb has an institution or a
    state as its subject is that body."""
    doc = ctx.doc
    if pron.lower_ != "it" or pron.i != pron.sent.start or pron.sent.start == 0:
        return None
    prev = doc[pron.sent.start - 1].sent
    root = prev.root
    if root.lemma_.lower() not in REPORTING or ctx.segment[root.i] != ctx.segment[pron.i]:
        return None
    found = ctx.holders.resolve(subject_of(root), ctx.segment, root.i)
    if found is None or found[0] == Holders.SELF \
            or ctx.mentions.kinds.get(found[0], "group") == "person":
        return None
    return [found]


def _reporting_person(ctx: Context, pron: Token, verb: Token, tok: Token) -> list | None:
    """"Marno said the truce offered what she termed an opening": a "he" or "she" in
    the words a person of the same sentence reports is that person (where the coreference
    rules may have picked someone named earlier)."""
    rep, t = None, verb
    for _ in range(8):  # up to the verb of saying, through relative clauses too
        if t.head.i == t.i:
            break
        t = t.head
        if t.lemma_.lower() in REPORTING | SPEAKING and t.pos_ == "VERB":
            rep = subject_of(t)
            break
    if rep is None or rep.i >= pron.i or rep.sent.start != pron.sent.start:
        return None
    found = ctx.holders.resolve(rep, ctx.segment, tok.i)
    if found is None or ctx.mentions.kinds.get(found[0]) != "person":
        return None
    return [found]


def _inner_reporter(ctx: Context, tok: Token, verb: Token, speaker: tuple):
    """"The agency reported that Kell then said that ...": when the words a cue is in are
    someone else's as the speaker reports them (a verb of saying between the speaker and
    the cue), that someone holds the position."""
    rep = reporter_of(verb)
    if rep is None or rep.i >= tok.i:
        return None
    saying = REPORTING | SPEAKING
    head = rep.head
    if head.lemma_.lower() not in saying and not any(
            infinitive(c) and c.lemma_.lower() in saying for c in head.children):
        return None
    content = ctx.speech.content_at(tok.idx)
    name, span = speaker
    inside = content is not None and content[0] <= rep.idx < content[1]
    if not inside and (span is None or not span[1] <= rep.idx):
        return None
    inner = ctx.holders.resolve(rep, ctx.segment, tok.i)
    if inner is None or inner[0] in (name, Holders.SELF):
        return None
    return inner


def _misjoined(verb: Token) -> bool:
    """"X said talks would resume and urged both sides to ...": a verb parsed as conjoined
    to the reported clause while it goes with the reporting verb before it (same tense, no
    auxiliary of its own)."""
    return _misjoined_to(verb) is not None


def _misjoined_to(verb: Token) -> Token | None:
    """The reporting verb a misjoined ``verb`` goes with (see ``_misjoined``), or None."""
    if verb.dep_ != "conj" or verb.head.dep_ != "ccomp":
        return None
    if any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return None
    clause = verb.head  # up the reported clauses: "said the report showed why ... and urged"
    while clause.dep_ == "ccomp" and clause.head.i != clause.i:
        said = clause.head
        if said.lemma_.lower() in REPORTING and said.i < clause.i and verb.tag_ == said.tag_:
            return said
        clause = said
    return None


def _segment_subject(ctx: Context, verb: Token) -> Token | None:
    """The subject of a verb whose paragraph's first clause was parsed into the headline
    before it: the last noun before the verb, when nothing but its auxiliaries and
    modifiers stands between the paragraph's start and the verb."""
    doc, seg = ctx.doc, ctx.segment[verb.i]
    i = verb.i - 1
    while i >= 0 and ctx.segment[i] == seg and not doc[i].is_space:
        i -= 1
    span = doc[i + 1 : verb.i]
    if not span or any(t.pos_ == "VERB" for t in span):
        return None
    nouns = [t for t in span if t.pos_ in ("PROPN", "NOUN") and t.head.i != verb.i
             or t.pos_ in ("PROPN", "NOUN") and t.dep_ in ("nsubj", "nsubjpass")]
    return nouns[-1] if nouns else None


def _same_side(mentions: Mentions, a: str, b: str) -> bool:
    ca, cb = mentions.countries.get(a), mentions.countries.get(b)
    return a == b or (ca is not None and ca == cb)


def _evaluative_target(tok: Token) -> Token | None:
    """The thing an evaluative word judges: the copula's subject or a judging verb's object
    (an evaluative verb's own subject: "calm and stability matter")."""
    if tok.pos_ == "VERB":
        return next((c for c in tok.children if c.dep_ == "nsubj"), None)
    pred = tok.head if tok.dep_ in ("amod", "compound") else tok
    if pred.dep_ == "pobj" and pred.head.lower_ in ("as", "to"):
        pred = pred.head  # "regarded as illegal", "amounted to a breach"
    head = pred.head
    if pred.dep_ in ("attr", "acomp", "prep") and head.lemma_.lower() in COPULAS:
        subj = next((c for c in head.children if c.dep_ in ("nsubj", "csubj")), None)
        if subj is not None and subj.lower_ in ("this", "it", "that"):
            # "if A meets B, this will constitute a provocation": the "if" clause is judged
            return next((c for c in head.children if c.dep_ == "advcl" and c.i < subj.i
                         and any(m.dep_ == "mark" and m.lower_ == "if" for m in c.children)),
                        subj)
        return subj
    if pred.dep_ in ("oprd", "prep", "dobj", "attr") and head.lemma_.lower() in JUDGING:
        return next((c for c in head.children if c.dep_ == "dobj" and c.i != pred.i), pred)
    if pred.dep_ == "dobj" and tok.dep_ == "amod" and head.lemma_.lower() in YIELDING:
        return subject_of(head)  # "the meetings had produced favourable results": the meetings
    if pred.dep_ == "ROOT":
        return pred
    return None


def _withstood(tok: Token, verb: Token) -> bool:
    """Whether a noun cue with its own holder is the object of a negated verb whose
    subject is a thing ("pressure will not block our determination to X"): what is denied
    is the thing's effect, the holder's position stands."""
    if tok.pos_ != "NOUN" or not any(c.dep_ == "poss" for c in tok.children):
        return False
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subj is not None and _thing_subject(subj)


def _polarity(tok: Token, kind: int, sign: int, verb: Token, target: Token | None) -> int:
    if kind in (LEXICAL, EVALUATIVE):
        flip = negated(tok) or (tok.i != verb.i and negated(verb) and not _withstood(tok, verb))
        if kind == LEXICAL and tok.pos_ == "NOUN" and any(
                c.lower_ == "no" for c in tok.children if c.dep_ == "det"):
            flip = not flip
        if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in UNABLE:
            flip = not flip  # "unable to refuse"
        held = abstained(tok)
        if held is not None:  # "will refrain from seeking X": against X ("not refrain": for)
            flip = not flip
            if held.i != verb.i and negated(held):
                flip = not flip
        if _negated_content(tok, target):
            flip = not flip  # "the commitment that both sides must not fire": against firing
        hurry = _hurry_noun(tok) if tok.pos_ == "VERB" else None
        if hurry is not None and _unhurried(hurry):
            flip = not flip  # "in no hurry to sign X": reluctant, against signing X now
        sign = (-sign if sign else -1) if flip else (sign or 1)
    elif kind == DEMAND and negated(verb):
        sign = -1
    subj = subject_of(verb)
    if tok.lemma_.lower() == "threaten" and subj is not None and subj.pos_ == "NOUN":
        sign = -1  # "the resolution threatens to worsen ...": the subject is judged harmful
    return sign


def _negated_content(tok: Token, target: Token | None) -> bool:
    """A noun cue whose "that" clause is itself negated ("the commitment that both sides
    must not fire"): the clause's negation is part of what is held."""
    return (
        tok.pos_ == "NOUN"
        and target is not None
        and target.head.i == tok.i
        and target.dep_ in ("acl", "ccomp", "relcl")
        and target.pos_ in ("VERB", "AUX")
        and any(c.dep_ == "mark" and c.lower_ == "that" for c in target.children)
        and negated(target)
    )


def _target(ctx: Context, tok: Token, kind: int, entry) -> tuple[Token | None, Token]:
    """(target token, the verb whose clause holds the cue)."""
    if kind in (DEMAND, REFUSAL, COMMIT):
        if tok.dep_ == "aux":
            return tok.head, tok.head
        return next((c for c in tok.children if c.dep_ == "xcomp"), None), tok
    if kind == EVALUATIVE and tok.pos_ == "ADV":  # "(regarded as) wrongly imprisoned"
        act = tok.head
        judged = act.head.lemma_.lower() in JUDGING and act.dep_ in ("advcl", "oprd", "xcomp")
        return act, act.head if judged else act
    if kind == EVALUATIVE:
        return _evaluative_target(tok), governing_verb(tok)
    noun = idiom_object(tok, ctx.lex) if tok.pos_ == "VERB" else None
    if noun is not None:  # "took aim at X": X, wherever the parse hangs "at"
        return next((a for p in (*tok.children, *noun.children)
                     if p.dep_ == "prep" and p.lower_ in entry.preps
                     and (a := next((c for c in p.children if c.dep_ in ("pobj", "pcomp")), None))),
                    None), governing_verb(tok)
    return _adjective_target(tok, entry) or target_token(tok, entry, AGENT_NOUNS), \
        governing_verb(tok)


def _past_repetition(target: Token | None) -> Token | None:
    """The act after "time and again" ("has threatened time and again to launch strikes"):
    the parser takes "time" for the object and loses the infinitive that follows."""
    if target is None or target.lower_ != "time" or target.i + 3 >= len(target.doc):
        return target
    doc = target.doc
    if doc[target.i + 1].lower_ != "and" or doc[target.i + 2].lower_ != "again":
        return target
    to = doc[target.i + 3]
    if to.lower_ == "to" and to.i + 1 < len(doc) and doc[to.i + 1].pos_ == "VERB":
        return doc[to.i + 1]
    return target


def _adjective_target(tok: Token, entry) -> Token | None:
    """An adjective cue's infinitive hung on the copula ("it was ready 'to support the
    parties'" parses "to support" under "was"), None when the adjective governs its own."""
    if tok.pos_ != "ADJ" or tok.dep_ != "acomp" or entry is None \
            or "to" not in entry.preps or target_token(tok, entry) is not None:
        return None
    return next((c for c in tok.head.children if c.dep_ == "xcomp" and c.i > tok.i
                 and infinitive(c)), None)


def _held_object(tok: Token) -> Token | None:
    """The object a cue participle is kept in ("keep [the treaty] suspended"; the parse may
    hang the participle on the object instead)."""
    if tok.tag_ != "VBN":
        return None
    if tok.dep_ == "acl" and tok.head.dep_ == "dobj" and tok.head.i < tok.i \
            and tok.head.head.lemma_.lower() in HOLDING:
        return tok.head
    if tok.dep_ not in ("xcomp", "oprd", "ccomp") or tok.head.lemma_.lower() not in HOLDING:
        return None
    return next((c for c in tok.head.children if c.dep_ == "dobj" and c.i < tok.i), None)


#: Phrasal verbs of looking on: "will not stand by while X" is against X.
LOOKING_ON = frozenset({"stand by", "stand aside", "sit by", "look on", "stand idly"})


def _while_clause(tok: Token, last: int) -> Token | None:
    """What a phrasal verb of looking on is about: its "while" clause."""
    if f"{tok.lemma_.lower()} {tok.doc[last].lower_}" not in LOOKING_ON:
        return None
    return next((c for c in tok.children if c.dep_ == "advcl" and any(
        m.dep_ == "mark" and m.lower_ == "while" for m in c.children)), None)


#: Nouns of haste: "will not be in a rush to sign X", "is in no hurry to X" is reluctance
#: about X, one position on the inner act.
HURRY = frozenset({"rush", "hurry", "haste"})


def _to_clause(c: Token) -> bool:
    return c.dep_ in ("acl", "relcl", "xcomp", "advcl") and any(
        g.dep_ == "aux" and g.lower_ == "to" and g.i < c.i for g in c.children)


def _hurry_noun(verb: Token) -> Token | None:
    """The noun of haste an infinitive hangs on ("in a rush [to sign]"), if any."""
    noun = verb.head
    if not _to_clause(verb) or noun.lemma_.lower() not in HURRY \
            or noun.dep_ != "pobj" or noun.head.lower_ != "in":
        return None
    return noun


def _hurried_act(cop: Token) -> Token | None:
    """The inner act of a copula of haste ("[be] in a rush to sign X": "sign")."""
    for prep in cop.children:
        if prep.dep_ == "prep" and prep.lower_ == "in":
            for noun in prep.children:
                if noun.dep_ == "pobj" and noun.lemma_.lower() in HURRY:
                    act = next((c for c in noun.children if _to_clause(c)), None)
                    if act is not None:
                        return act
    return None


def _unhurried(noun: Token) -> bool:
    """Whether haste is denied ("not in a rush", "in no hurry", "never in any hurry")."""
    cop = noun.head.head
    return any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children) or negated(cop) \
        or negated(noun.head)


#: Prepositions of a manner phrase ("with the backing of X", "under the mandate of X").
MANNER_PREPS = frozenset({"with", "without", "under"})


def _manner_backer(tok: Token, target: Token | None) -> bool:
    """Whether a noun cue in a phrase of manner names its agent with "of" ("will go to Doha
    with the backing of the members of the cabinet"): the "of" object backs, it is not
    backed, and the phrase states no side of the speaker on it."""
    return target is not None and tok.pos_ == "NOUN" and tok.dep_ == "pobj" \
        and tok.head.lower_ in MANNER_PREPS and target.head.lower_ == "of" \
        and target.head.head.i == tok.i


def _thing_subject(subj: Token) -> bool:
    """Whether an intention's subject is a thing, not who holds it ("the mission would stay
    as long as ...", "the talks would resume only when ..."): it is kept in the target."""
    return subj.pos_ == "NOUN" and not subj.ent_type_ and subj.lemma_.lower() not in AGENT_NOUNS \
        and subj.lower_ not in AGENT_NOUNS and subj.lemma_.lower() not in PEOPLE_NOUNS


#: Common nouns for people or groups (besides ``AGENT_NOUNS``).
PEOPLE_NOUNS = frozenset({"group", "movement", "party", "country", "state", "nation", "team",
                          "bloc", "union", "council", "coalition", "alliance", "administration",
                          "cabinet", "president", "minister", "people", "militia", "company",
                          "companies", "organisation", "organization", "agency", "body"})


def _phrase_tokens(target: Token, kind: int) -> list[Token]:
    tokens = span_tokens(target)
    if kind in (DEMAND, REFUSAL, COMMIT):
        # the clause without its subject, unless the subject is a name: "Hamas must disarm",
        # "said Israel would pull its troops back" name who is to act, and the same act by
        # another party is another question (a pronoun or "the group" says nothing more)
        drop = {t.i for c in target.children if c.dep_ in ("nsubj", "nsubjpass", "expl")
                and not (kind == COMMIT and _thing_subject(c)) and c.pos_ != "PROPN"
                for t in c.subtree}
        tokens = [t for t in tokens if t.i not in drop]
    return tokens


def _carried(full: list[Token] | None, target: Token | None, ctx: Context) -> list[Token] | None:
    """What a carrier noun target, or the carrier noun its antecedent is headed by, puts
    forward ("rejected the proposal for a truce": "truce"), None when it is no carrier."""
    if full:
        have = {t.i for t in full}
        head = next((t for t in full if t.head.i not in have or t.head.i == t.i), None)
        return complement(head) if head is not None else None
    if target is None:
        return None
    found = complement(target)
    if found is None:
        return None
    found = [t for t in found if ctx.segment[t.i] == ctx.segment[target.i]]
    return found or None


def read_cue(ctx: Context, tok: Token) -> Found | None:
    """The stance ``tok`` states, if it is a cue with a holder and a target."""
    ruled_out = _ruled_out(tok)
    if ruled_out is not None:
        return _read_ruled_out(ctx, tok, ruled_out)
    if _kept_until(tok):
        return _read_kept(ctx, tok)
    onus = _onus(tok)
    if onus is not None:
        return _read_onus(ctx, tok, onus)
    threat = threatened(tok)
    if threat is not None:
        return _read_threat(ctx, tok, *threat)
    act = harmful_act(tok)
    if act is not None and reporter_of(tok) is not None or act is not None \
            and ctx.speech.at(tok.idx) is not None:
        return _read_threat(ctx, tok, tok, act, None)  # "doing X would undermine the talks"
    cue = cue_at(tok, ctx.lex) or _conditional_intent(tok)
    if cue is None or _asked(tok) or _contents(tok):
        return None
    if accused_act(tok) or _conditions_a_cue(ctx, tok):
        return None  # "accused X of blocking roads", "would agree … as long as X pulled out"
    kind, sign, entry, last = cue
    if kind == LEXICAL and tok.pos_ == "VERB" and (
            (tok.lemma_.lower() in FACTIVE_CUES and not _request(tok)) or _mutual(tok)):
        return None
    if kind == LEXICAL and sign == 0 and tok.tag_ in ("VBD", "VBN") and tok.dep_ != "xcomp" \
            and not any(c.dep_ == "aux" and c.lemma_.lower() in INTENT_MODALS
                        for c in tok.children):
        return None  # "she had discussed a new exchange with X": talks held, not a position
    if kind == LEXICAL and sign == 0 and tok.pos_ == "VERB" and tok.dep_ != "xcomp":
        return None  # "will discuss the war on Monday": an agenda; "ready to discuss": a side
    if kind == LEXICAL and tok.pos_ == "VERB" and _others_purpose(tok):
        return None  # "bring the delegations together to agree on X": whose agreement it is, is theirs
    if kind == LEXICAL and tok.pos_ == "VERB" and any(
            c.dep_ == "aux" and c.lemma_.lower() in ctx.lex.demand_modals
            and c.lower_ not in ("have", "has", "had", "need") for c in tok.children):
        return None  # "the ELN must abandon kidnapping": a demand on the ELN (read off "must")
    if kind == LEXICAL and tok.pos_ == "ADJ" and entry is not None and target_token(tok, entry) is None \
            and _adjective_target(tok, entry) is None:
        return None
    target, verb = _target(ctx, tok, kind, entry)
    target = _past_repetition(target)
    if blocks_a_way(tok, target):
        return None  # "the rebels were blocking roads": an act on the ground, not a side
    if kind == DEMAND and _entailed(ctx, verb):
        return None  # "which means goods must be moved by road": the narrator's consequence
    if kind == REFUSAL and (subj := subject_of(verb)) is not None and subj.dep_ == "nsubj" \
            and _thing_subject(subj) and any(c.dep_ == "dobj" and c.i > verb.i
                                             and any(g.dep_ == "poss" for g in c.children)
                                             for c in verb.children):
        return None  # "pressure will not weaken our resolve": a forecast about a thing's effect
    if _manner_backer(tok, target):
        return None  # "acted with the backing of the cabinet": whose backing, no side on them
    if kind in (REFUSAL, COMMIT) and target is not None and target.lemma_.lower() == "be" \
            and (act := _hurried_act(target)) is not None:
        if kind == COMMIT and _unhurried(act.head):
            sign = -sign  # "will be in no hurry to hold the vote"
        target = act  # "will not be in a rush to hold the vote": on holding the vote
    if target is None and kind == LEXICAL and tok.pos_ == "VERB":
        if last == tok.i:
            target = _held_object(tok)
            verb = target.head if target is not None else verb  # "keep": its subject, its modal
        else:
            target = _while_clause(tok, last)
    if target is None and kind == EVALUATIVE and tok.dep_ not in ("nsubj", "nsubjpass", "poss") \
            and (ctx.speech.at(tok.idx) is not None or reporter_of(verb) is not None):
        judged = tok.head if tok.dep_ == "amod" and tok.head.pos_ == "NOUN" else tok
        if not _verdict(judged):
            return None  # "made real progress", "in breach of", "refrain from threats"
        target = judged
    if target is None and (kind != LEXICAL or tok.pos_ == "VERB" and entry is not None
                           and entry.prep_only):
        return None
    if target is None and kind == LEXICAL and sign < 0 and tok.dep_ == "relcl" \
            and tok.head.pos_ in ("NOUN", "PROPN") and subject_of(tok) is not None:
        target = tok.head  # "a transit Beijing denounced as a provocation"
    if target is None and kind == LEXICAL and _relative_acl(tok):
        target = tok.head  # "a claim that the two governments have rejected"
    undergoer = None
    if target is not None and kind in (REFUSAL, COMMIT) and target.dep_ == "relcl" \
            and target.head.pos_ == "NOUN" and not any(
                c.dep_ in ("dobj", "xcomp", "ccomp", "prep") for c in target.children):
        # "X was a right we will never negotiate away": on negotiating X away
        undergoer, act_word = _antecedent_of(target.head), " ".join(
            t.lower_ if t.i != target.i else t.lemma_.lower()
            for t in target.subtree if t.dep_ in ("prt", "advmod") or t.i == target.i)
        target = undergoer
    if target is None and kind == LEXICAL and tok.pos_ == "VERB" and _described(tok):
        return None  # "the commitments it signed", "a deal is yet to be signed"
    if target is None and kind in (LEXICAL, COMMIT) and tok.pos_ in ("VERB", "AUX"):
        # "the treaty could be signed if ...": the position is on signing the treaty
        head = tok.head if kind == COMMIT else tok
        undergoer = next((c for c in head.children if c.dep_ == "nsubjpass"), None)
        if undergoer is not None:
            target, act_word = undergoer, head.lemma_.lower()
    if target is not None and (target.ent_type_ in NOT_HOLDERS or (
            kind == LEXICAL and target.lemma_.lower() in SAYING_HEADS)):
        return None  # "called in the envoy on Thursday", "wish to tell the world"
    if target is not None and (target.tag_ in ("WDT", "WP") or _relative_that(target, verb)):
        if kind == EVALUATIVE:
            target = tok.head if tok.dep_ == "amod" else tok  # "what she termed an opening"
        elif (denied := _clause_denied(tok, target, verb)) is not None:
            target = denied  # "accuse X of Y, which X denies"
        elif verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
            target = verb.head  # "the plan, which the group agreed to"
        elif verb.dep_ == "relcl" and verb.head.lower_ == "one" and verb.head.dep_ == "appos" \
                and verb.head.head.pos_ in ("NOUN", "PROPN"):
            target = verb.head.head  # "a final accord, one that we would support": the accord
        else:
            return None
    if target is not None and target.lemma_.lower() in ("name", "identify", "quote") \
            and any(c.dep_ == "auxpass" for c in target.children):
        return None  # "an official who asked not to be named": a source's terms, no side
    held = _holder(ctx, tok, kind, verb)
    if held is None or _impersonal_doer(ctx, tok, verb, held[0]):
        return None
    act = tok.lemma_.lower() + ("" if last == tok.i else " " + ctx.doc[last].lower_)
    if kind == LEXICAL and act in ACTS and held[1] is None and not any(
            c.dep_ == "aux" and c.lemma_.lower() in INTENT_MODALS for c in tok.children) \
            and reporter_of(verb) is None:
        return None  # "Eritrea boycotted the talks": what was done, not a stated position
    sign = _polarity(tok, kind, sign, verb, target)
    ended = _intransitive_subject(target, ENDING) if kind == DEMAND and target is not None else None
    if ended is not None:  # "the attacks must stop": against the attacks
        target, sign = ended, -sign
    elif kind == DEMAND and target is not None:
        wanted = _intransitive_subject(target, HAPPENING)
        target = wanted if wanted is not None else target
    tokens = _phrase_tokens(target, kind) if target is not None else []
    if kind == EVALUATIVE and tok.pos_ == "ADV":
        tokens = judged_act(tok)  # "who was wrongfully held in X": someone held in X
    tokens = [t for t in tokens if ctx.segment[t.i] == ctx.segment[tok.i]]
    full = antecedent(ctx.doc, target) if target is not None else None
    own = full is None
    carried = _carried(full, target, ctx)
    if carried is not None:  # "rejected the proposal for a truce": the truce
        full = carried
    inside = resolve_inside(ctx.doc, tokens, target) if own and tokens else None
    if own and inside is None and carried is None and target is not None:
        inside = defining_clause(target, tokens, tok)  # "would never accept a truce that left X"
        if inside is None and sign < 0:
            inside = charged_party(target, tokens)  # "took aim at X, which had failed to pay"
    prop = phrase(full or inside or tokens, target) or ctx.doc[tok.i : last + 1].text.lower()
    pair = the_two(full if own and full else tokens) if own else None
    if pair is not None and "the two" in prop:  # "link the two": which two
        prop = prop.replace("the two", pair, 1)
    implied, implied_verb = None, tok
    if target is None and kind == LEXICAL and tok.pos_ == "VERB" and last == tok.i:
        implied = implied_object(ctx.doc, tok)
    elif target is not None and target.pos_ == "VERB" and (
            kind in (REFUSAL, COMMIT) or target.dep_ in ("ccomp", "xcomp")):
        implied, implied_verb = implied_object(ctx.doc, target), target  # "denied that B had accepted, even tacitly, a plan"
    went = implied is not None and place_of_return(implied_verb)
    if went:  # "ready to return to Muscat at any time": to the talks held there
        where = next(c for c in went.children if c.dep_ == "pobj").text
        talks = phrase(implied[1])
        prop = f"{implied_verb.lemma_.lower()} to {talks}" + (
            "" if where in talks.split() else f" in {where}")
    elif implied is not None:  # "A would sign only if the accord ...": sign the accord
        prop = " ".join(w for w in (prop, implied[0], phrase(implied[1])) if w)
    if undergoer is not None and prop:
        prop = f"{act_word} {prop}"
    condition = condition_of(verb, sign < 0) if kind != EVALUATIVE else None
    sent = tok.sent
    return Found(held[0], (tok.i, last + 1), sign, kind, tokens, prop, condition, held[1],
                 (sent.start, sent.end))


def _conditions_a_cue(ctx: Context, tok: Token) -> bool:
    """Whether ``tok`` lies in the condition of another cue's position ("would agree to a
    truce as long as the rebels pulled out"): the condition's words are no position."""
    head = condition_head(tok)
    return head is not None and any(
        w.i != tok.i and (cue_at(w, ctx.lex) or _conditional_intent(w)) for w in held_words(head)
    )


def _contents(tok: Token) -> bool:
    """Whether a cue is in a relative clause that tells a text's contents ("a plan under
    which Serbia would stop opposing X", "a deal whereby ..."): what the text says, not a
    position anyone states."""
    t = tok
    for _ in range(3):
        if any(c.lower_ == "whereby" or (c.dep_ == "prep" and any(
                g.dep_ == "pobj" and g.tag_ == "WDT" for g in c.children) and c.i < t.i)
               for c in t.children):
            return True
        if t.dep_ not in ("xcomp", "conj") or t.head.i == t.i:
            return False
        t = t.head
    return False


#: Verbs that deny a claim: after ", which" they deny the whole clause before.
DENYING = frozenset({"deny", "dispute", "contest"})


def _clause_denied(tok: Token, rel: Token, verb: Token) -> Token | None:
    """The clause a non-restrictive "which" stands for after a verb of denial ("A accuses B
    of arming the rebels, which B denies": the accusation, not the rebels)."""
    if tok.lemma_.lower() not in DENYING or rel.lower_ != "which" or verb.dep_ != "relcl" \
            or rel.i == 0 or rel.doc[rel.i - 1].text != ",":
        return None
    t = verb.head
    while t.head.i != t.i and not (t.pos_ in ("VERB", "AUX") and t.dep_ in (
            "ccomp", "advcl")):
        t = t.head
    return t if t.pos_ in ("VERB", "AUX") else None


def _relative_that(rel: Token, verb: Token) -> bool:
    """A relative "that" the tagger took for a conjunction ("an accusation that both
    governments have rejected": the accusation is what they rejected)."""
    return rel.lower_ == "that" and rel.dep_ in ("dobj", "pobj") and rel.i < verb.i \
        and verb.dep_ in ("relcl", "acl")


def _relative_acl(verb: Token) -> bool:
    """A relative clause parsed as a noun's complement ("an accusation [that] both sides
    have rejected"): a transitive cue with a subject, a "that" and no object of its own."""
    if verb.dep_ != "acl" or verb.pos_ != "VERB" or verb.head.pos_ != "NOUN" \
            or verb.head.i > verb.i:
        return False
    kids = list(verb.children)
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in kids) \
        and any(c.dep_ == "nsubj" for c in kids) \
        and not any(c.dep_ in ("dobj", "xcomp", "ccomp", "prep", "attr", "oprd") for c in kids)


def _antecedent_of(noun: Token) -> Token:
    """What a relative clause's noun stands for: the noun, or the subject it is said of
    ("enrichment was a right we ...": enrichment)."""
    if noun.dep_ == "attr" and noun.head.lemma_ == "be":
        subj = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.pos_ in ("NOUN", "PROPN"):
            return subj
    return noun


def _asked(tok: Token) -> bool:
    """Whether the cue's clause is an indirect question ("showed why talks cannot wait",
    "unclear how to continue the talks"): it asks, it takes no side."""
    clause = tok.head if tok.dep_ in ("aux", "neg") else tok
    return any(c.lower_ in ("how", "why", "whether") and c.i < clause.i
               for c in clause.children)


def _verdict(judged: Token) -> bool:
    """Whether an evaluative noun phrase is said of something (a predicate, the whole quote,
    or what a presenting verb presents: "a work in progress", "posed no threat"), not a
    thing named in passing ("made real progress", "in breach of the truce")."""
    j = judged
    for _ in range(4):
        if j.dep_ not in ("pobj", "prep") or j.head.i == j.i:
            break
        j = j.head
    if j.i != judged.i and j.dep_ == "prep":
        j = j.head
    return j.dep_ in PREDICATIVE or (j.dep_ == "dobj" and j.head.lemma_.lower() in PRESENTING)


def _ruled_out(be: Token) -> Token | None:
    """What a "be" rules out: "there will be no phase two", "there can be no peace while
    ...", "there is no place for foreign troops" (the noun); "our weapons are not on the
    table", "the status is not up for discussion", "not negotiable" (the subject)."""
    if be.lemma_ != "be" or be.dep_ in ("aux", "auxpass"):
        return None
    kids = list(be.children)
    if any(c.dep_ == "expl" and c.lower_ == "there" for c in kids):
        attr = next((c for c in kids if c.dep_ == "attr"), None)
        if attr is None or not any(c.dep_ == "det" and c.lower_ == "no" for c in attr.children):
            return None
        if attr.lemma_.lower() == "place":
            prep = next((c for c in attr.children if c.dep_ == "prep" and c.lower_ == "for"), None)
            return _arg(prep) if prep is not None else None
        modal = any(c.dep_ == "aux" and c.lemma_.lower() in INTENT_MODALS for c in kids)
        return attr if modal else None
    if not negated(be) and not any(c.dep_ in ("attr", "acomp") and any(
            g.dep_ == "det" and g.lower_ == "no" for g in c.children) for c in kids):
        return None
    pred = {t.lower_ for c in kids if c.dep_ in ("prep", "attr", "acomp") for t in c.subtree}
    if not pred & NEGOTIABLE:
        return None
    subj = next((c for c in kids if c.dep_ == "nsubj"), None)
    return subj if subj is not None and subj.pos_ in ("NOUN", "PROPN", "PRON") else None


def _kept_until(verb: Token) -> bool:
    """"The crossing will stay closed until the hostages are home", "the treaty stays in
    abeyance until ...": a state kept until something happens (a conditional refusal to
    change it)."""
    if verb.lemma_.lower() not in KEEPING or verb.pos_ != "VERB" or negated(verb):
        return False
    return any(c.dep_ in ("advcl", "prep") and next(iter(c.subtree)).lower_ == "until"
               for c in verb.children)


def _read_kept(ctx: Context, verb: Token) -> Found | None:
    """The position a kept state states (see ``_kept_until``): on the clause, subject
    included, held under its "until" condition."""
    condition = condition_of(verb, True)
    if condition is None:
        return None
    said = ctx.speech.at(verb.idx)  # in someone's words, theirs whatever the subject
    held = ([(said[0], said[1])], said[2]) if said else _holder(ctx, verb, COMMIT, verb)
    if held is None:
        return None
    tokens = [t for t in span_tokens(verb) if ctx.segment[t.i] == ctx.segment[verb.i]]
    prop = phrase(tokens, verb)
    sent = verb.sent
    return Found(held[0], (verb.i, verb.i + 1), 1, COMMIT, tokens, prop, condition, held[1],
                 (sent.start, sent.end)) if prop else None


def _onus(verb: Token) -> Token | None:
    """"The onus is on Pakistan to end ...", "the responsibility lies with X to ...", "it is
    up to Belgrade to remove ...": the clause the speaker wants done."""
    if verb.lemma_.lower() not in ("be", "lie", "rest") or verb.dep_ in ("aux", "auxpass"):
        return None
    kids = list(verb.children)
    subj = next((c for c in kids if c.dep_ == "nsubj"), None)
    if subj is None:
        return None
    burden = subj.lemma_.lower() in ("onus", "responsibility", "burden", "obligation")
    up_to = subj.lower_ == "it" and any(c.dep_ == "prep" and c.lower_ == "up" for c in kids)
    if not (burden or up_to) or negated(verb):
        return None
    # "it is up to Lajcak to set a date": the parse may take "to Lajcak" for an infinitive
    # too; a capitalised "verb" there is the party the onus is on, not what it must do
    return next((c for c in kids if infinitive(c) and not c.text[:1].isupper()), None)


def _read_onus(ctx: Context, verb: Token, clause: Token) -> Found | None:
    """The demand a burden put on someone states (see ``_onus``), held by the speaker."""
    held = _holder(ctx, verb, DEMAND, verb)
    if held is None:
        return None
    tokens = [t for t in span_tokens(clause) if ctx.segment[t.i] == ctx.segment[verb.i]]
    prop = phrase(tokens, clause)
    sent = verb.sent
    return Found(held[0], (verb.i, verb.i + 1), 1, DEMAND, tokens, prop, None, held[1],
                 (sent.start, sent.end)) if prop else None


def _read_threat(ctx: Context, tok: Token, verb: Token, clause: Token,
                 threat: Token | None) -> Found | None:
    """The opposition a threat states to its condition (see ``threats``), held by whoever
    makes the threat: the speaker, the reporter, or the one who will strike back."""
    held = _holder(ctx, tok, REFUSAL, verb)
    if held is None:
        return None
    tokens = condition_tokens(clause, threat) if threat is not None or clause.dep_ != "csubj" \
        else span_tokens(clause)
    subj = happening_subject(clause)
    if subj is not None:  # "should a meeting take place between A and B": the meeting
        tokens = [t for t in tokens if t.i == subj.i or t.i in {
            d.i for c in (subj, *clause.children) if c.dep_ in ("prep", "nsubj")
            for d in c.subtree}]
    tokens = [t for t in tokens if ctx.segment[t.i] == ctx.segment[tok.i]]
    # "revealing it would put the talks at risk": revealing what "it" stands for
    tokens = resolve_inside(ctx.doc, tokens, subj or clause) or tokens
    prop = phrase(tokens, subj or clause)
    sent = tok.sent
    return Found(held[0], (tok.i, tok.i + 1), -1, LEXICAL, tokens, prop, None, held[1],
                 (sent.start, sent.end)) if prop else None


def _arg(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)


def _read_ruled_out(ctx: Context, be: Token, target: Token) -> Found | None:
    """The refusal a ruling-out "be" states (see ``_ruled_out``), held by the speaker."""
    if target.pos_ == "PRON":
        full = antecedent(ctx.doc, target)
        tokens = full or []
        if not tokens:
            return None
    else:
        tokens = [t for t in span_tokens(target) if ctx.segment[t.i] == ctx.segment[be.i]
                  and not (t.dep_ == "det" and t.lower_ == "no" and t.head.i == target.i)]
    held = _holder(ctx, be, REFUSAL, be)
    if held is None:
        return None
    prop = phrase(tokens, target)
    if not prop:
        return None
    sent = be.sent
    return Found(held[0], (be.i, be.i + 1), -1, REFUSAL, tokens, prop,
                 condition_of(be, True), held[1], (sent.start, sent.end))


def _request(verb: Token) -> bool:
    """"asked the mediators for a team", "asked both sides to hold fire": a request, not a
    question ("when asked to ..." is a question put to the subject)."""
    if verb.tag_ == "VBN" and not any(c.dep_ == "aux" and c.lemma_ == "have"
                                      for c in verb.children):
        return False
    return verb.lemma_.lower() == "ask" and any(
        c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ == "for") for c in verb.children)


def _intransitive_subject(verb: Token, lemmas: frozenset[str]) -> Token | None:
    """The noun subject of an intransitive verb among ``lemmas``: with ENDING, what a demand
    wants gone ("the attacks must stop"); with HAPPENING, what it wants to come about ("the
    guarantees must come first")."""
    if verb.lemma_.lower() not in lemmas or any(
            c.dep_ in ("dobj", "xcomp", "ccomp") for c in verb.children):
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subj if subj is not None and subj.pos_ == "NOUN" else None


def _others_purpose(verb: Token) -> bool:
    """A purpose infinitive without a subject of its own after a verb whose object is people
    ("bring the delegations together [to agree on X]", "sent envoys [to negotiate]"): who is
    to do it may be the object as well as the subject, so it holds nobody's position."""
    if verb.dep_ != "advcl" or verb.i < verb.head.i:
        return False
    children = list(verb.children)
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in children) or any(
            c.dep_ in ("nsubj", "nsubjpass") for c in children):
        return False
    return any(c.dep_ == "dobj" and (c.lemma_.lower() in AGENT_NOUNS or c.ent_type_ in PEOPLE_ENTS)
               for c in verb.head.children)  # "take steps to honour X" stays the subject's


def _described(verb: Token) -> bool:
    """Whether a verb describes a thing or a fact rather than stating its subject's will: a
    relative or participial clause ("the commitments it signed"), or a passive without a
    modal of intention ("the roadmap has yet to be signed", but "it could be signed")."""
    if verb.dep_ in ("relcl", "acl"):
        return True
    children = list(verb.children)
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in children)
    return passive and not any(c.dep_ == "aux" and c.lemma_.lower() in INTENT_MODALS
                               for c in children)


def _conditional_intent(tok: Token) -> tuple[int, int, None, int] | None:
    """"would attend the meeting as long as ...", "could be signed if ...": an intention held
    under a condition is a (conditional) position on what the clause does."""
    if tok.dep_ != "aux" or tok.lemma_.lower() not in INTENT_MODALS or tok.lower_ == "can":
        # "the board can refer Iran to the Council if ...": a power it has, not an intention
        return None
    head = tok.head
    if head.lemma_.lower() in LIGHT_INTENT | COPULAS or negated(head):
        return None  # "this will constitute a provocation if ...": a verdict, not an intent
    subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and tok.i < subj.i:
        return None
    if head.lemma_.lower() in ("keep", "continue") and tok.lower_ in ("will", "would", "shall") \
            and any(c.dep_ == "xcomp" and c.tag_ == "VBG" for c in head.children):
        return COMMIT, 1, None, tok.i  # "Kenya would keep offering its good offices"
    return (COMMIT, 1, None, tok.i) if condition_of(head, False) else None


def _mutual(verb: Token) -> bool:
    """"Israel and Iran agreed to ...", "the two sides promised ...": an agreement reached."""
    if verb.lemma_.lower() not in MUTUAL:
        return False
    subj = subject_of(verb)
    if subj is None:
        return False
    return subj.lower_ in BOTH_SIDES or any(
        t.lower_ in ("both", "two") for t in subj.subtree
    ) or any(c.lower_ in ("between", "with") for c in verb.children if c.dep_ == "prep"
             and any(g.lower_ in ("themselves", "each") for g in c.subtree))


def _headline(doc: Doc, title: str | None) -> int:
    """The character offset where the body starts after a headline line (0 when none)."""
    text = text_of(doc)[:400]
    first, sep, rest = text.partition("\n")
    if sep and title and first.strip() == title.strip():
        return len(first)
    if sep and not title and rest.strip() and _headline_like(first):
        return len(first)
    return 0


def _headline_like(line: str) -> bool:
    """A first line that reads as a headline when none is given: short, and no sentence
    end ("Arvel rejects truce plan as talks stall")."""
    line = line.strip()
    return bool(line) and len(line.split()) <= 20 and not line.endswith(
        (".", "!", "?", "\"", "”", "’", "'", ":"))


def _question(sent) -> bool:
    text = text_of(sent.doc)[sent.start_char : sent.end_char]  # sent.text, without the join
    return text.rstrip().rstrip("”\"’'").endswith("?")


def _segments(doc: Doc) -> list[int]:
    """Per token, which stretch of text it is in: a new one at each line break and after a
    dateline ("KYIV, May 3 (Wire) - "), so that neither is read as a subject."""
    if not len(doc):
        return []
    text = text_of(doc)
    datelines = [m.end() for m in DATELINE.finditer(text)]
    starts = doc.to_array(IDX)
    spaces = doc.to_array(IS_SPACE).astype(bool)
    breaks = numpy.zeros(len(doc), dtype=bool)
    for i in numpy.flatnonzero(spaces).tolist():
        breaks[i] = "\n" in doc[i].text  # only whitespace tokens hold line breaks
    breaks |= numpy.isin(starts, datelines)
    return numpy.cumsum(breaks).tolist()


def cue_lemmas(lex: CueLexicon) -> frozenset[str]:
    """Every lowercased lemma on which ``read_cue`` can find a stance: the lexicon's verbs,
    phrasal verbs, nouns, adjectives, evaluative words and modals, and the words the
    special readers test (``_ruled_out``, ``_kept_until``, ``_onus``, ``cue_at``'s "have to",
    ``_modal_cue``'s "will"/"shall", ``_conditional_intent``). A token whose lemma is not
    here (and whose form is no participle in ``cue_forms``) is no cue. Keep in step with
    those readers: tests/test_nlp_speed.py checks it on the wire fixtures."""
    return frozenset(
        {*lex.verbs, *(lemma for lemma, _ in lex.phrasal), *(lemma for lemma, _ in lex.idioms),
         *lex.nouns, *lex.adjectives,
         *lex.evaluative, *lex.evaluative_verbs, *lex.evaluative_adverbs, *lex.demand_modals,
         *lex.refusal_modals,
         *INTENT_MODALS, *KEEPING,
         "be", "lie", "rest", "have", "need", "ought", "will", "shall", "put", *HARMING}
    )


def cue_forms(lex: CueLexicon) -> frozenset[str]:
    """Lowercased forms ``read_cue`` can read whatever their lemma: participles that are
    lexicon adjectives ("committed to", see ``verb_cue``)."""
    return frozenset(lex.adjectives)


def cue_positions(doc: Doc, lex: CueLexicon) -> list[int]:
    """Indices, in order, of the tokens that may be stance cues (see ``cue_lemmas``)."""
    lemmas, forms = cue_lemmas(lex), cue_forms(lex)
    return sorted(set(positions(doc, LEMMA, lambda lemma: lemma.lower() in lemmas))
                  | set(positions(doc, LOWER, forms.__contains__)))


def find_open(doc: Doc, quotes: list[dict], mentions: Mentions, skip: RangeSet,
              title: str | None = None) -> list[Found]:
    """Every open stance of the doc, at most one per holder and sentence (none in the
    headline: it restates the body)."""
    body = _headline(doc, title)
    lex = load_lexicon()
    ctx = Context(doc, lex, Holders(mentions), Speech(quotes, mentions, body, text_of(doc)),
                  mentions, _segments(doc))
    best: dict[tuple[int, int, str, bool], Found] = {}
    cues = cue_positions(doc, lex)  # read_cue finds nothing on any other token
    for sent in doc.sents:
        lo, hi = bisect_right(cues, sent.start - 1), bisect_right(cues, sent.end - 1)
        if lo == hi or doc[sent.start].idx in skip or _question(sent):
            continue
        founds = [f for tok in (doc[i] for i in cues[lo:hi])
                  if not (tok.is_punct or tok.is_space or tok.idx in skip or tok.idx < body)
                  if (f := read_cue(ctx, tok)) is not None]
        for found in founds:
            found.holders = [(ctx.holders.canonical(n), sp) for n, sp in found.holders]
            for name, span in found.holders:
                if _nested(doc, found, (name, span), founds, mentions):
                    continue
                key = (sent.start, ctx.segment[found.cue[0]], name, found.sign < 0,
                       _coordinate(doc[found.cue[0]]))
                old = best.get(key)
                if old is None or _before(doc, found, old):
                    best[key] = Found([(name, span)], *_rest(found))
    return sorted(_one_per_target(doc, best), key=lambda f: f.cue)


def _coordinate(tok: Token) -> int:
    """The verb of a coordinated clause that states a position of its own ("had to respect X
    and urged Israel to Y": "urged"; "had never approved X and that attacks must stop":
    "stop"), -1 otherwise. Its own is a clause whose subject is a thing, or an appeal to a
    named party; "hailed X and called on both sides to build on it" stays one position."""
    t = tok.head if tok.dep_ == "aux" else tok
    if t.dep_ != "conj" or t.pos_ not in ("VERB", "AUX") or t.head.pos_ not in ("VERB", "AUX"):
        return -1
    subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and subj.pos_ == "NOUN" and not subj.ent_type_ \
            and subj.lemma_.lower() not in AGENT_NOUNS | PEOPLE_NOUNS:
        return t.i
    addressed = [c for c in t.children if c.dep_ == "dobj"] + [
        g for c in t.children if c.dep_ == "prep" and c.lower_ == "on"
        for g in c.children if g.dep_ == "pobj"]
    if any(a.ent_type_ in PEOPLE_ENTS and a.lower_ not in BOTH_SIDES for a in addressed):
        return t.i
    return -1


def _one_per_target(doc: Doc, best: dict) -> list[Found]:
    """The positions of one holder, sentence and side, one per coordinated clause unless
    two share their target ("welcomed and endorsed the plan" is one position)."""
    kept: dict[tuple, list[Found]] = {}
    for key, found in best.items():
        group = kept.setdefault(key[:4], [])
        words = {t.i for t in found.target}
        for i, other in enumerate(group):
            if words & {t.i for t in other.target} or found.proposition == other.proposition:
                if _before(doc, found, other):
                    group[i] = found
                break
        else:
            group.append(found)
    return [f for group in kept.values() for f in group]


def _nested(doc: Doc, found: Found, held: tuple, founds: list[Found],
            mentions: Mentions | None = None) -> bool:
    """Whether another cue of the same holder governs this one ("denied that it had agreed
    to X" is one position, against; "would not accept X" one refusal, read off "accept").
    One holder named two ways is one holder here ("Mexico's foreign ministry said it was
    ready 'to support ...'": "it", outside the quote, and the quote's speaker, one span)."""
    name, span = held
    head = doc[found.cue[0]].head
    head = (_hurried_act(head) or head).i  # "will not be in a rush to sign": read off "sign"
    for other in founds:
        if other is found or other.cue[0] == found.cue[0]:
            continue
        if not any(h == name or (span is not None and sp == span) or (
                mentions is not None and _one_state(mentions, h, name))
                   for h, sp in other.holders):
            continue
        if found.kind == REFUSAL and other.kind == LEXICAL and other.cue[0] == head:
            return True
        if other.kind == REFUSAL and found.kind == LEXICAL:
            continue
        if any(t.i == found.cue[0] for t in other.target):
            return other.kind <= found.kind
    return False


def _participle(tok: Token) -> bool:
    """Whether a cue is a participle that adds to its clause ("would never hand X back,
    rejecting the demand that ..."): the clause's own position comes first."""
    return tok.tag_ == "VBG" and tok.dep_ in ("advcl", "xcomp") and tok.i > tok.head.i \
        and not any(c.dep_ in ("nsubj", "aux") for c in tok.children)


def _before(doc: Doc, found: Found, old: Found) -> bool:
    """Whether ``found`` wins over ``old`` (same holder, sentence and side): the clause's
    own position over a participle added to it, else the stronger cue kind."""
    added, old_added = _participle(doc[found.cue[0]]), _participle(doc[old.cue[0]])
    if added != old_added:
        return old_added
    return found.kind < old.kind


def _rest(f: Found) -> tuple:
    return (f.cue, f.sign, f.kind, f.target, f.proposition, f.condition, f.quote_id, f.sent)


def to_stance(doc: Doc, text: str, f: Found, doc_id: str, published: str | None) -> Stance:
    """The ``Stance`` record of one open finding (holder, cue and target offsets)."""
    holder, hspan = f.holders[0]
    last = doc[f.cue[1] - 1]
    cue_s, cue_e = doc[f.cue[0]].idx, last.idx + len(last.text)
    target = None
    starts, ends = [cue_s], [cue_e]
    if f.target:
        ts, te = f.target[0].idx, f.target[-1].idx + len(f.target[-1].text)
        target = Span.of(text, ts, te)
        starts.append(ts)
        ends.append(te)
    sent_s = doc[f.sent[0]].idx
    sent_e = doc[f.sent[1] - 1].idx + len(doc[f.sent[1] - 1].text)
    if hspan and sent_s <= hspan[0] < sent_e and "\n" not in text[min(hspan[0], cue_s):cue_e]:
        starts.append(hspan[0])
        ends.append(hspan[1])
    if f.condition and f.kind != EVALUATIVE:
        label = "conditional"
    else:
        label = "oppose" if f.sign < 0 else "support"
    return Stance(
        id=stable_id(doc_id, "open", holder, str(cue_s), prefix="s"),
        issue=("open:" + f.proposition.lower())[:120],
        proposition=f.proposition,
        actor=holder,
        stance=label,
        evidence=Span.of(text, min(starts), max(ends)),
        quote_id=f.quote_id,
        date=published,
        origin="open",
        holder=Span.of(text, *hspan) if hspan else None,
        cue=Span.of(text, cue_s, cue_e),
        target=target,
        condition=f.condition,
    )


def _name_span(tok: Token) -> tuple[int, int]:
    """The characters of the whole name ``tok`` is part of ("Saudi [Arabia]" -> "Saudi
    Arabia"), or of ``tok`` alone when it is no named entity."""
    if not tok.ent_type_:
        return tok.idx, tok.idx + len(tok.text)
    ent = entity_at(tok)
    return ent.start_char, ent.end_char
