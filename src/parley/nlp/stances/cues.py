"""The open-stance cue lexicon (``data/stance_cues.json``): words that take a side.

An entry gives a sign toward the word's argument (``+1`` support, ``-1`` oppose, ``0``
tentative: "willing to discuss", "open to talks") and the prepositions through which the
argument attaches. The file is general English, editable without touching the code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Token

_SIGNS = {"+": 1, "-": -1, "0": 0}


@dataclass(frozen=True, slots=True)
class Cue:
    """A side-taking word: its sign and the prepositions that attach its argument."""

    sign: int
    preps: frozenset[str]
    prep_only: bool = False  # takes a side only through ``preps`` ("called for", "warned against")


@dataclass(frozen=True, slots=True)
class CueLexicon:
    verbs: dict[str, Cue]
    phrasal: dict[tuple[str, str], int]  # (lemma, particle) -> sign
    idioms: dict[tuple[str, str], Cue]  # (verb lemma, object lemma) -> "took aim at"
    nouns: dict[str, Cue]
    adjectives: dict[str, Cue]
    evaluative: dict[str, int]  # lemma -> sign
    evaluative_verbs: dict[str, int]  # lemma -> sign: "stability matters"
    evaluative_adverbs: dict[str, int]  # lemma -> sign: "wrongfully detained"
    demand_modals: frozenset[str]
    refusal_modals: frozenset[str]


def _entries(block: dict, prep_only: frozenset[str] = frozenset()) -> dict[str, Cue]:
    out = {}
    for word, value in block.items():
        (sign, preps), = value.items()
        out[word] = Cue(_SIGNS[sign], frozenset(preps), word in prep_only)
    return out


def parse_lexicon(data: dict) -> CueLexicon:
    """The lexicon from the JSON document's shape (see the file's ``_comment``)."""
    prep_only = frozenset(data.get("prep_only", ()))
    evaluative = {w: _SIGNS[s] for s, words in data.get("evaluative", {}).items() for w in words}
    judging = {w: _SIGNS[s] for s, words in data.get("evaluative_verbs", {}).items() for w in words}
    manner = {w: _SIGNS[s] for s, words in data.get("evaluative_adverbs", {}).items() for w in words}
    return CueLexicon(
        verbs=_entries(data.get("verbs", {}), prep_only),
        phrasal={tuple(k.split()): int(v) for k, v in data.get("phrasal", {}).items()},
        idioms={tuple(k.split()): v for k, v in _entries(data.get("idioms", {})).items()},
        nouns=_entries(data.get("nouns", {})),
        adjectives=_entries(data.get("adjectives", {})),
        evaluative=evaluative,
        evaluative_verbs=judging,
        evaluative_adverbs=manner,
        demand_modals=frozenset(data.get("demand_modals", ())),
        refusal_modals=frozenset(data.get("refusal_modals", ())),
    )


@lru_cache(maxsize=1)
def load_lexicon() -> CueLexicon:
    """The packaged lexicon, read once per process."""
    text = resources.files("parley.data").joinpath("stance_cues.json").read_text("utf-8")
    return parse_lexicon(json.loads(text))


# -- finding cues on the parse ------------------------------------------------------------

#: Cue kinds, strongest first: which cue of a sentence a holder's stance is read from.
LEXICAL, REFUSAL, DEMAND, COMMIT, EVALUATIVE = 0, 1, 2, 3, 4
#: Prepositions a phrasal cue's argument may hang from ("hold off on", "stand by").
PHRASAL_PREPS = frozenset({"on", "from", "to", "with", "by", "against", "of", "for"})
#: Modals of ability: a refusal with them is a demand on the subject ("Iran cannot enrich"
#: in Washington's words is Washington's position, not Iran's).
ABILITY = frozenset({"can", "could"})
#: Verbs whose refusal or promise is no position ("would not say", "will comment").
SAYING = frozenset({"say", "comment", "announce", "disclose", "confirm", "speak", "elaborate",
                    "reveal", "tell", "specify", "provide", "know", "see", "rule"})
#: Verbs too light for a first-person "we will ..." to be a commitment.
LIGHT = frozenset({"be", "have", "get", "go", "come", "take", "make", "do", "let", "happen",
                   "need", "see", "know", "say", "tell", "give"})
FIRST_PERSON_SUBJECTS = frozenset({"i", "we"})
#: Verbs of things coming about: "would never come", "will not happen" forecast, refuse nothing.
HAPPENING = frozenset({"come", "happen", "occur", "arrive", "last", "follow", "materialise",
                       "materialize"})


def negated(tok: Token) -> bool:
    """Whether ``tok`` is negated by a dependent ("not", "never", "no longer", "at no point")."""
    for c in tok.children:
        low = c.lower_
        if c.dep_ == "neg" or low == "never":
            return True
        if low == "longer" and any(g.lower_ == "no" for g in c.children):
            return True
        if c.dep_ == "prep" and low == "at" and any(
            g.lower_ == "point" and any(d.lower_ == "no" for d in g.children) for g in c.children
        ):
            return True
    return False


#: Verbs of holding back from an act: "will refrain from / abstain from seeking X".
ABSTAINING = frozenset({"refrain", "abstain", "desist"})


def abstained(tok: Token) -> Token | None:
    """The verb that holds back from the act ``tok`` names ("refrain from [seeking] X",
    "abstain from", "avoid [escalating]", "stop short of [backing] X"), else None: the
    holder means not to do it, so it counts as negated."""
    head = tok.head
    if tok.dep_ == "pcomp" and head.lower_ == "from" and head.head.lemma_.lower() in ABSTAINING:
        return head.head
    if tok.dep_ == "pcomp" and head.lower_ == "of" and head.head.lower_ == "short" \
            and head.head.head.lemma_.lower() in ("stop", "fall"):
        return head.head.head
    if tok.dep_ == "xcomp" and tok.tag_ == "VBG" and head.lemma_.lower() == "avoid":
        return head
    return None


#: Verbs that hold their object in the state a participle names ("will keep the treaty
#: suspended", "left the crossing closed").
HOLDING = frozenset({"keep", "leave", "hold"})


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)


def infinitive(c: Token) -> bool:
    """Whether ``c`` is a verb's infinitival complement: an xcomp, or a "to" clause the
    parse hung on as a purpose ("offered on Saturday to hold talks")."""
    return c.dep_ == "xcomp" or (c.dep_ == "advcl" and c.i > c.head.i and any(
        g.dep_ == "aux" and g.lower_ == "to" and g.i < c.i for g in c.children))


def verb_cue(tok: Token, lex: CueLexicon) -> tuple[int, Cue | None, int] | None:
    """(sign, entry, last cue token) of a side-taking verb or participle, or None."""
    lemma = tok.lemma_.lower()
    for c in tok.children:
        if c.dep_ in ("prt", "prep") and (lemma, c.lower_) in lex.phrasal:
            preps = PHRASAL_PREPS | ({c.lower_} if c.dep_ == "prep" else set())
            return lex.phrasal[(lemma, c.lower_)], Cue(0, frozenset(preps)), c.i
    noun = idiom_object(tok, lex)
    if noun is not None:  # "took aim at X": the cue runs to the object
        idiom = lex.idioms[(lemma, noun.lemma_.lower())]
        return idiom.sign, idiom, noun.i
    entry = lex.verbs.get(lemma)
    if entry is None and tok.tag_ == "VBN":
        entry = lex.adjectives.get(tok.lower_)  # "dedicated to", "committed to", "opposed to"
    if entry is None:
        return None
    if entry.prep_only and not any(
        (c.dep_ == "prep" and c.lower_ in entry.preps) or infinitive(c) for c in tok.children
    ):
        return None
    return entry.sign, entry, tok.i


def idiom_object(tok: Token, lex: CueLexicon) -> Token | None:
    """The object that makes ``tok`` a side-taking idiom ("took [aim] at X", "took [issue]
    with X"), when one of the idiom's prepositions hangs on the verb or on that object."""
    lemma = tok.lemma_.lower()
    for c in tok.children:
        entry = lex.idioms.get((lemma, c.lemma_.lower())) if c.dep_ == "dobj" else None
        if entry is not None and any(p.dep_ == "prep" and p.lower_ in entry.preps
                                     for p in (*tok.children, *c.children)):
            return c
    return None


def _wants_clause(tok: Token) -> bool:
    """"has to", "need to", "ought to": an obligation on its infinitive ("to" next)."""
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return nxt is not None and nxt.lower_ == "to" and any(
        c.dep_ == "xcomp" and c.i > nxt.i for c in tok.children)


def _modal_cue(tok: Token, lex: CueLexicon) -> tuple[int, int, Cue | None, int] | None:
    head = tok.head
    lemma = tok.lemma_.lower()
    subj = _subject(head)
    if subj is not None and tok.i < subj.i:
        return None  # "should no deal be reached": a condition, not a demand
    if head.lemma_.lower() in SAYING and lemma not in lex.demand_modals:
        return None
    if lemma in lex.demand_modals and lemma not in ("have", "need") \
            and tok.lower_ not in ("have", "has", "had", "need"):  # "we've had": a perfect
        return DEMAND, 1, None, tok.i
    if _holds_back_from_a_cue(head, lex):
        return None  # "we will refrain from backing X": the act held back from says it
    if lemma in lex.refusal_modals and negated(head) and not any(
            c.dep_ == "auxpass" for c in head.children) \
            and head.lemma_.lower() not in HAPPENING:  # "will not be achieved": a forecast
        negs = [c.i for c in head.children if c.dep_ == "neg" or c.lower_ == "never"]
        return REFUSAL, -1, None, max([tok.i, *negs])
    if lemma in ("will", "shall") and subj is not None and subj.lower_ in FIRST_PERSON_SUBJECTS \
            and head.lemma_.lower() not in LIGHT:
        return COMMIT, 1, None, tok.i
    return None


def _holds_back_from_a_cue(head: Token, lex: CueLexicon) -> bool:
    """ "(we will) refrain from backing X": the holding-back verb governs an act that is a cue
    of its own, whose (flipped) reading is the position; the will to hold back adds none."""
    return any(
        (held := abstained(t)) is not None and held.i == head.i
        and (found := cue_at(t, lex)) is not None and found[0] == LEXICAL
        for t in head.subtree if t.i > head.i and t.pos_ == "VERB"
    )


def cue_at(tok: Token, lex: CueLexicon) -> tuple[int, int, Cue | None, int] | None:
    """(kind, sign, entry, last token) when ``tok`` is a cue, else None."""
    lemma = tok.lemma_.lower()
    pos = tok.pos_
    if pos in ("VERB", "AUX") and tok.dep_ not in ("aux", "auxpass"):
        if tok.dep_ in ("acl", "amod") and tok.tag_ == "VBN" and not (
                tok.dep_ == "acl" and tok.head.dep_ == "dobj"
                and tok.head.head.lemma_.lower() in HOLDING) \
                and not any(c.dep_ == "nsubj" for c in tok.children):
            return None  # "talks requested by Washington": a description ("keep the
            # treaty suspended", parsed as one, and "a claim that X have rejected", a
            # relative clause with a subject of its own, are not)
        if lemma in ("have", "need", "ought") and _wants_clause(tok):
            return DEMAND, 1, None, tok.i
        found = verb_cue(tok, lex) if pos == "VERB" else None
        if found is not None:
            return LEXICAL, found[0], found[1], found[2]
        if pos == "VERB" and lemma in lex.evaluative_verbs and _judges_subject(tok):
            return EVALUATIVE, lex.evaluative_verbs[lemma], None, tok.i
    if pos == "NOUN" and lemma in lex.nouns:
        entry = lex.nouns[lemma]
        if any((c.dep_ == "prep" and c.lower_ in entry.preps) or c.dep_ == "acl"
               for c in tok.children):
            return LEXICAL, entry.sign, entry, tok.i
    if pos == "ADJ" and lemma in lex.adjectives and tok.dep_ in ("acomp", "ROOT", "oprd", "conj"):
        return LEXICAL, lex.adjectives[lemma].sign, lex.adjectives[lemma], tok.i
    if tok.dep_ == "aux" and pos in ("AUX", "VERB"):
        return _modal_cue(tok, lex)
    if lemma in lex.evaluative and pos in ("ADJ", "NOUN"):
        return EVALUATIVE, lex.evaluative[lemma], None, tok.i
    if pos == "ADV" and tok.lower_ in lex.evaluative_adverbs and tok.dep_ == "advmod" \
            and tok.head.pos_ == "VERB":  # "wrongfully held": the act is judged
        return EVALUATIVE, lex.evaluative_adverbs[tok.lower_], None, tok.i
    return None


def _judges_subject(verb: Token) -> bool:
    """A verb that judges its subject alone ("calm and stability matter greatly"): a noun
    subject, no object, not a question ("what matters is ...", "it does not matter")."""
    subj = _subject(verb)
    return subj is not None and subj.pos_ in ("NOUN", "PROPN", "ADJ") and subj.dep_ == "nsubj" \
        and not any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in verb.children) \
        and not negated(verb)
