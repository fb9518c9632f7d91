"""Target propositions of open stances: the phrase a cue takes a side on, normalised.

``target_token`` picks the argument a cue governs ("rejected [the plan]", "agreed [to end
the war]", "called for [a ceasefire]"); ``phrase`` turns its subtree into a short
normalised proposition (the head verb lemmatised, "to"/"that" and auxiliaries dropped,
relative and adverbial clauses cut, proper nouns kept as written, other words lower-case);
``antecedent`` resolves a bare definite target ("the plan", "the deal") to the fullest
earlier mention of the same noun in the article; ``condition_of`` finds the condition a
position is held under ("only if", "provided", "as long as", "should X happen", "not ...
until").
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from parley.nlp.actors.titles import TITLE_HEADS
from parley.nlp.stances.cues import Cue, infinitive
from parley.nlp.stances.lexicon import TRANSPARENT_NOUNS

#: Dependents of a target cut from its phrase (they describe, they are not the proposition).
CUT_DEPS = frozenset({"relcl", "advcl", "appos", "parataxis", "punct", "cc", "mark", "meta",
                      "intj", "aux", "auxpass", "neg", "expl", "preconj", "dep"})
#: Leading words dropped from a phrase.
LEADING = frozenset({"to", "that", "the", "a", "an", "any", "all", "both", "again"})
#: Words a proposition cut at ``MAX_WORDS`` may not end with ("... of the Rafah crossing under").
TRAILING = frozenset({"of", "for", "and", "or", "in", "on", "with", "under", "from", "at", "by",
                      "into", "as", "about", "over", "between", "against", "without", "this",
                      "its", "their", "his", "her", "our", "my", "your"})
#: How many tokens a proposition keeps at most.
MAX_WORDS = 12
#: Determiners that make a noun phrase point back ("the plan", "this proposal").
POINTING = frozenset({"the", "this", "that", "such", "these", "those"})
#: Pronouns a target may point back with.
POINTING_PRONOUNS = frozenset({"it", "this", "that", "them", "these", "those"})
#: Nouns that are never what a position is about.
NOT_ANTECEDENT = frozenset({"time", "statement", "interview", "conference", "people", "year",
                            "week", "day", "month", "spokesman", "spokeswoman", "official",
                            "minister", "reporter", "reporters", "journalist", "media"})
#: Words that start a condition or a circumstance: a proposition stops before them.
STOP_WORDS = frozenset({"if", "unless", "until", "provided", "providing", "once", "while",
                        "before", "after", "because", "since", "so"})
#: Nouns that point back at a proposal named before: the proposal nouns, the words for its
#: written form ("the document", "the text") and for a stated want ("the demand").
PROPOSAL_NOUNS = TRANSPARENT_NOUNS | {"document", "text", "demand", "request", "suggestion"}
#: Verbs that state what a pointing noun names ("Arvel proposed that ...": "the proposal").
STATED_BY: dict[str, frozenset[str]] = {
    "proposal": frozenset({"propose", "suggest"}), "idea": frozenset({"propose", "suggest"}),
    "suggestion": frozenset({"suggest", "propose"}), "plan": frozenset({"propose"}),
    "initiative": frozenset({"propose"}), "offer": frozenset({"offer"}),
    "demand": frozenset({"demand"}), "request": frozenset({"request"}),
}
#: How far back (tokens) an antecedent is looked for.
LOOKBACK = 600
#: Words opening a clause that states a condition.
CONDITION_OPENERS = (("only", "if"), ("only", "when"), ("only", "once"), ("as", "long", "as"), ("so", "long", "as"), ("if",),
                     ("unless",), ("provided",), ("providing",), ("once",), ("should",),
                     ("on", "condition"), ("on", "the", "condition"), ("only", "after"))
#: Words opening a condition only after a negation ("will not sign until ...").
NEGATED_OPENERS = frozenset({"until", "before", "without", "unless"})


def _arg_of_prep(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)


def _purpose_after(arg: Token | None, clause: Token, agents: frozenset[str]) -> bool:
    """Whether an infinitive after a "to" object is a purpose, not the target: "agreed to
    [the extension] to protect our people" (but "appealed to the rebels to disarm": the
    object is who is asked)."""
    return arg is not None and arg.head.lower_ == "to" and arg.pos_ == "NOUN" \
        and not arg.ent_type_ and arg.lemma_.lower() not in agents \
        and arg.lower_ not in agents and arg.i < clause.i \
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children)


def target_token(cue: Token, entry: Cue | None,
                 agents: frozenset[str] = frozenset()) -> Token | None:
    """The argument ``cue`` takes a side on (None when it governs none); ``agents`` are
    nouns for people or bodies (an object among them is who is addressed, not what)."""
    preps = entry.preps if entry is not None else frozenset()
    by_dep: dict[str, Token] = {}
    for c in cue.children:
        if c.dep_ == "prep":
            arg = _arg_of_prep(c) if c.lower_ in preps else None
            if arg is not None:
                by_dep.setdefault("prep", arg)
        elif c.dep_ == "advcl" and entry is not None and entry.prep_only and infinitive(c):
            by_dep.setdefault("xcomp", c)
        elif c.dep_ == "ccomp" and provided_clause(c):
            continue  # "accept X provided the militia leaves": the condition, not the target
        elif c.dep_ not in by_dep:
            by_dep[c.dep_] = c
    if entry is not None and entry.prep_only and "prep" not in by_dep and "xcomp" not in by_dep:
        return None
    if "xcomp" in by_dep and _purpose_after(by_dep.get("prep"), by_dep["xcomp"], agents):
        return by_dep["prep"]  # "agreed to the extension to protect our people"
    for dep in ("xcomp", "prep", "ccomp", "dobj", "pcomp", "acomp", "attr", "oprd", "acl"):
        if dep in by_dep:
            return by_dep[dep]
    return None


def _keep(tok: Token, root: Token) -> bool:
    if tok.i == root.i:
        return True
    t = tok
    while t.i != root.i:
        if t.dep_ in CUT_DEPS and not (t.dep_ == "aux" and t.lower_ == "to" and (
                t.head.i == root.i or _purpose(t.head, root))) \
                and not _joining(t) and not _purpose(t, root) and not _numbered(t):
            return False
        if t.dep_ == "conj" and t.head.i == root.i and _other_clause(t, root):
            return False
        t = t.head
    return True


def _numbered(tok: Token) -> bool:
    """Whether ``tok`` is the number that names its noun ("phase [two]", "round [three]"),
    which the parser reads as an apposition."""
    return tok.dep_ == "appos" and tok.pos_ == "NUM" and tok.i == tok.head.i + 1


def _purpose(clause: Token, root: Token) -> bool:
    """Whether ``clause`` is the purpose of the target's own verb after its object ("send
    monitors [to verify the departure of the units]"): part of what is asked."""
    return clause.dep_ == "advcl" and clause.head.i == root.i and root.pos_ == "VERB" \
        and clause.i > root.i and any(c.dep_ == "dobj" and c.i < clause.i for c in root.children) \
        and any(g.dep_ == "aux" and g.lower_ == "to" for g in clause.children) \
        and not any(g.dep_ in ("mark", "nsubj") for g in clause.children)


def _joining(cc: Token) -> bool:
    """Whether ``cc`` is the "and"/"or" between two conjoined words of one phrase ("homes,
    hospitals [and] public buildings"): kept, or the phrase runs its parts together."""
    if cc.dep_ != "cc" or cc.lower_ not in ("and", "or"):
        return False
    conj = next((c for c in cc.head.children if c.dep_ == "conj" and c.i > cc.i), None)
    if conj is None:
        return False
    if cc.head.pos_ in ("VERB", "AUX"):  # "stop X [and] open the roads", unless the clause is cut
        return conj.pos_ in ("VERB", "AUX") and not _other_clause(conj, cc.head)
    return True


def _other_clause(conj: Token, root: Token) -> bool:
    """Whether a verb conjoined to the target's verb starts a clause of its own ("would
    never hand X back and called the talks a trap": the past tense goes with the speaker)."""
    if conj.pos_ in ("VERB", "AUX") and any(
            c.dep_ in ("nsubj", "nsubjpass", "expl") or c.dep_ == "mark" and c.lower_ == "that"
            for c in conj.children):
        return True  # "recognise X, and that the vote was ...", "give up X, and no one can ..."
    return conj.pos_ == "VERB" and root.pos_ == "VERB" and conj.tag_ in ("VBD", "VBZ") \
        and root.tag_ in ("VB", "VBG")


#: Hyphens that join the parts of one word ("re-engage", "12-day").
HYPHENS = frozenset({"-", "\u2010", "\u2011"})


def _joined(tok: Token) -> bool:
    """Whether ``tok`` is a hyphen written inside a word (no space on either side)."""
    return tok.text in HYPHENS and tok.i > 0 and not tok.doc[tok.i - 1].whitespace_ \
        and not tok.whitespace_ and tok.i + 1 < len(tok.doc)


def span_tokens(root: Token) -> list[Token]:
    """The tokens of ``root``'s phrase, in order (descriptions cut); a word the tokenizer
    split at a hyphen is kept whole ("to re-engage" parses "re" and "engage" apart)."""
    tokens = [t for t in root.subtree if _keep(t, root)]
    have = {t.i for t in tokens}
    doc = root.doc
    for t in list(tokens):
        i = t.i
        while i + 2 < len(doc) and _joined(doc[i + 1]) and doc[i + 2].is_alpha:
            have |= {i + 1, i + 2}
            i += 2
    return [doc[i] for i in sorted(have)] if len(have) > len(tokens) else tokens


def phrase(tokens: list[Token], root: Token | None = None) -> str:
    """A short normalised proposition from ``tokens`` (see the module docstring)."""
    words: list[str] = []
    glue = False
    for t in tokens:
        if words and _joined(t):
            glue = True
            continue
        if t.is_punct or t.is_space or t.text in ("'s", "’s") and not words:
            continue
        if glue and words:
            glue = False
            words[-1] += "-" + (t.text if t.pos_ == "PROPN" else t.lower_)
            continue
        if not words and t.lower_ in LEADING | {"not", "never"}:
            continue
        if words and (t.lower_ in STOP_WORDS or (t.lower_ == "as" and t.i + 1 < len(t.doc) and t.nbor(1).lower_ == "long")):
            break
        if t.dep_ in ("aux", "auxpass", "neg") and root is not None and t.head.i == root.i:
            continue
        if root is not None and t.i == root.i and t.pos_ in ("VERB", "AUX") and not (
                t.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in t.children)):
            words.append(t.lemma_.lower())  # a passive keeps its participle: "being landlocked"
        elif t.pos_ == "PROPN" or (t.text[:1].isupper() and t.i != t.sent.start):
            words.append(t.text)
        else:
            words.append(t.lower_)
        if sum(1 for w in words if w not in ("and", "or")) >= MAX_WORDS:
            break
    while words and words[-1] in LEADING | TRAILING:
        words.pop()
    return " ".join(words).replace(" 's", "'s").replace(" ’s", "’s").replace(" n't", "n't")


def _content(tokens: list[Token]) -> int:
    return sum(1 for t in tokens if t.pos_ in ("NOUN", "PROPN", "ADJ", "VERB", "NUM"))


#: Dependencies of a noun that can be what a pronoun points back to.
_ANTECEDENT_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "pobj", "attr", "appos", "conj"})


def _back_from(tok: Token) -> list[Token]:
    """The words before ``tok`` in its sentence and the sentence before, nearest first:
    where a pronoun or "the two" looks for what it points back to."""
    doc, sent = tok.doc, tok.sent
    start = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    return list(reversed(doc[start : tok.i]))


def _pronoun_antecedent(target: Token) -> list[Token] | None:
    """What "it", "this" or "them" points back to: the nearest earlier noun with content
    words (not a person, a time or another pronoun) within the sentence or the one before."""
    for tok in _back_from(target):
        if tok.pos_ != "NOUN" or tok.dep_ not in _ANTECEDENT_DEPS:
            continue
        if tok.ent_type_ in ("DATE", "TIME", "PERSON") or tok.lemma_.lower() in NOT_ANTECEDENT \
                or tok.lemma_.lower() in TITLE_HEADS:  # "the American leader": a person
            continue
        cand = span_tokens(tok)
        if tok.dep_ == "dobj" and tok.head.pos_ == "VERB" and target.lower_ in ("this", "that"):
            # "agreed to halt attacks. This is good news": the act, not the thing it acts on
            cand = sorted([tok.head, *cand], key=lambda t: t.i)
        if _content(cand) >= 1:
            return cand
    return None


def the_two(tokens: list[Token]) -> str | None:
    """What a "the two" among ``tokens`` stands for ("said the operations had nothing to do
    with the talks. He would refuse any attempt to link the two"), as "X and Y": the last
    two things named before it, in its sentence or the one before (people, times and
    pronouns left out). None when there is no such "the two" or no two things."""
    two = next((t for t in tokens if t.lower_ == "two" and t.pos_ == "NUM"
                and t.dep_ in ("dobj", "pobj", "conj") and any(
                    c.lower_ == "the" for c in t.children)), None)
    if two is None:
        return None
    pair = _the_two(two)
    return " and ".join(phrase(_alone(t)) for t in pair) if pair else None


def _alone(noun: Token) -> list[Token]:
    """``noun``'s phrase without the nouns conjoined to it."""
    cut = {t.i for c in noun.children if c.dep_ in ("conj", "cc") for t in c.subtree}
    return [t for t in span_tokens(noun) if t.i not in cut]


def _the_two(target: Token) -> list[Token] | None:
    found: list[Token] = []
    for tok in _back_from(target):
        if tok.pos_ != "NOUN" or tok.dep_ not in ("dobj", "nsubj", "nsubjpass", "pobj", "conj"):
            continue
        if tok.ent_type_ in ("DATE", "TIME", "PERSON") or tok.lemma_.lower() in NOT_ANTECEDENT:
            continue
        if tok.is_ancestor(target) or any(tok.i in {t.i for t in _alone(f)} for f in found):
            continue  # the phrase "the two" is in ("any attempt to link the two"), or one taken
        found.append(tok)
        if len(found) == 2:
            return sorted(found, key=lambda t: t.i)
    return None


def antecedent(doc: Doc, target: Token) -> list[Token] | None:
    """The fullest earlier mention of a bare definite target's noun ("the plan" -> "a
    five-point plan for a truce"), what a pronoun stands for, or None when the target says
    enough itself."""
    if target.pos_ == "PRON" and target.lower_ in POINTING_PRONOUNS:
        return _pronoun_antecedent(target)
    if target.pos_ == "NOUN" and target.lemma_.lower() not in PROPOSAL_NOUNS:
        return _named_before(doc, target)
    if target.pos_ != "NOUN":
        return None
    own = span_tokens(target)
    det = next((c for c in target.children if c.dep_ in ("det", "poss")), None)
    if _content(own) > 1 or det is None or det.lower_ not in POINTING:
        return None
    if any(c.dep_ in ("relcl", "acl") for c in target.children):
        return None  # "the agreement they signed in January" says which one
    lemma = target.lemma_
    stated_by = STATED_BY.get(lemma.lower(), frozenset())
    other = None  # a proposal named with another word ("the plan" after "a roadmap for ...")
    for tok in reversed(doc[max(0, target.i - LOOKBACK) : target.sent.start]):
        if tok.pos_ == "VERB" and tok.lemma_.lower() in stated_by:
            said = _stated(tok)  # "Arvel proposed that the border reopen": what was proposed
            if said is not None:
                return said
        if tok.pos_ != "NOUN":
            continue
        if tok.lemma_ == lemma or (other is None and tok.lemma_.lower() in TRANSPARENT_NOUNS):
            cand = span_tokens(tok)
            if _content(cand) > 1:
                if tok.lemma_ == lemma:
                    return cand
                other = cand
    if other is None and lemma.lower() in REPORTED_IDEAS:
        return _reported_before(doc, target)
    return other


#: Nouns too general to point back at one thing named before.
GENERAL_NOUNS = NOT_ANTECEDENT | frozenset({
    "situation", "issue", "matter", "question", "thing", "way", "side", "sides", "country",
    "region", "area", "world", "government", "group", "party", "parties", "war", "fighting",
    "violence", "people", "number", "part", "end", "case", "point", "position"})


#: Verbs that state what a pointing noun names when they do not share its stem ("prosecutors
#: alleged that ... He rejected the accusation"; "the rebels freed three soldiers ... welcomed
#: the release").
ACCUSING = frozenset({"accuse", "allege", "blame", "charge"})
NOUN_VERBS: dict[str, frozenset[str]] = {
    "accusation": ACCUSING, "allegation": ACCUSING, "charge": ACCUSING,
    "claim": frozenset({"claim", "allege"}), "release": frozenset({"release", "free"}),
}


def _accused_of(verb: Token) -> list[Token]:
    """The "of"/"for" of a verb of accusing, on the verb or on the accused ("accused the
    rebels [of] taxing the trade": the parser often hangs it on "rebels")."""
    heads = [verb] + [c for c in verb.children if c.dep_ == "dobj"]
    return [c for h in heads for c in h.children
            if c.dep_ == "prep" and c.lower_ in ("of", "for") and _arg_of_prep(c) is not None]


def _named_before(doc: Doc, target: Token) -> list[Token] | None:
    """What a bare definite noun that names no proposal stands for ("rejected the
    accusation" after "A accused B of X"; "welcomed the release" after "the rebels
    released three soldiers"): the clause of the nearest earlier verb of the same stem
    (its subject left out; "accused B [of X]": X), else the fuller earlier mention of the
    same noun ("the exercises" -> "joint U.S.-South Korean exercises"; round 5 measured it
    losing B-cubed, 0.624 -> 0.618, before the grouper had topics; round 8 +0.003). None
    when the target says enough itself."""
    lemma = target.lemma_.lower()
    if lemma in GENERAL_NOUNS or target.ent_type_ or len(lemma) < 4:
        return None
    det = next((c for c in target.children if c.dep_ == "det"), None)
    if det is None or det.lower_ not in POINTING or _content(span_tokens(target)) > 1 \
            or any(c.dep_ in ("relcl", "acl", "prep", "poss") for c in target.children):
        return None
    return _said_before(doc, target)


def _said_before(doc: Doc, target: Token) -> list[Token] | None:
    lemma = target.lemma_.lower()
    stem = lemma[:5]
    verbs = NOUN_VERBS.get(lemma, frozenset())
    for tok in reversed(doc[max(0, target.i - LOOKBACK) : target.sent.start]):
        if tok.pos_ == "VERB" and (len(lemma) >= 5 and tok.lemma_.lower()[:5] == stem
                                   or tok.lemma_.lower() in verbs) \
                and tok.dep_ not in ("amod", "compound"):
            said = next((c for c in tok.children if c.dep_ == "ccomp"), None)
            if said is None and tok.lemma_.lower() in ACCUSING:
                said = next((_arg_of_prep(c) for c in _accused_of(tok)), None)
            if said is not None and tok.lemma_.lower() in verbs:
                cand = span_tokens(said)  # "alleged [that Saab diverted $350m]"
                if _content(cand) > 1:
                    return cand
            drop = {t.i for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "advmod")
                    for t in c.subtree}
            cand = [t for t in span_tokens(tok) if t.i not in drop]
            if _content(cand) > 1:
                return cand
    return _same_noun_before(doc, target, {target.i})  # "the exercises": "joint ... exercises"


#: Nouns that carry a proposition in their complement ("a proposal [for a 30-day truce]",
#: "the demand [that they pull out of the city]", "the offer [of talks]"): the head says only
#: that something was put forward, the complement what.
CARRIER_NOUNS = frozenset({"proposal", "offer", "demand", "call", "request", "idea",
                           "suggestion", "bid", "plan", "initiative", "attempt", "push",
                           "appeal", "proposition", "decision", "pledge", "promise",
                           "readiness", "willingness"})
#: Entity types of an "of" argument that says whose the proposal is, not what it is.
OWNER_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def _no_subject_pronoun(clause: Token) -> list[Token]:
    drop = {t.i for c in clause.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "PRON"
            for t in c.subtree}
    return [t for t in span_tokens(clause) if t.i not in drop]


def complement(noun: Token) -> list[Token] | None:
    """What a carrier noun puts forward ("a proposal for a month-long halt to the fighting":
    "month-long halt to the fighting"; "the demand that they pull out of the city": "pull out
    of the city"; "the offer of talks": "talks"), None when ``noun`` is no carrier or has no
    such complement. A "for"/"of" phrase the parser hung on the verb right after the noun
    ("carried a proposal [for ...]") counts as the noun's."""
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in CARRIER_NOUNS:
        return None
    preps = [c for c in noun.children if c.dep_ == "prep" and c.i > noun.i]
    after = noun.i + 1 < len(noun.doc) and noun.doc[noun.i + 1]
    if after and after.dep_ == "prep" and after.head.i == noun.head.i and after.head.i != noun.i:
        preps.append(after)
    for c in noun.children:
        if c.dep_ in ("acl", "ccomp") and c.i > noun.i and c.pos_ in ("VERB", "AUX") and any(
                g.dep_ in ("mark", "aux") and g.lower_ in ("that", "to") for g in c.children):
            cand = _no_subject_pronoun(c)
            if _content(cand) >= 1:
                return cand
    for prep in preps:
        if prep.lower_ not in ("for", "of"):
            continue
        arg = _arg_of_prep(prep)
        if arg is None or arg.ent_type_ in OWNER_ENTS or arg.pos_ in ("PROPN", "PRON"):
            continue
        cand = span_tokens(arg)
        if _content(cand) >= 1:
            return cand
    return None


#: Pointing nouns that may stand for what the sentence before reports someone said ("X said
#: Y could accept a route under its control. Z rejected that idea.").
REPORTED_IDEAS = frozenset({"idea", "proposal", "suggestion"})
#: Verbs that report what someone said.
REPORTING = frozenset({"say", "tell", "suggest", "propose", "argue", "insist", "add"})


def _reported_before(doc: Doc, target: Token) -> list[Token] | None:
    """The last clause the sentence before reports ("he said [Y could accept a route ...]")."""
    sent = target.sent
    if sent.start == 0:
        return None
    before = doc[sent.start - 1].sent
    for tok in reversed(before):
        if tok.pos_ == "VERB" and tok.lemma_.lower() in REPORTING:
            clause = next((c for c in tok.children if c.dep_ == "ccomp"), None)
            if clause is not None:
                cand = span_tokens(clause)
                return cand if _content(cand) > 1 else None
    return None


#: Verbs whose object is a text or an offer: with none written ("A would sign only if
#: ..."), what they act on is the proposal the article names nearest.
BARE_TRANSACTIVE = frozenset({"sign", "ratify", "accept", "approve", "endorse", "initial"})
#: Nouns that name a written proposal (what "sign" or "accept" takes).
WRITTEN_PROPOSALS = frozenset({"deal", "agreement", "accord", "pact", "treaty", "plan",
                               "proposal", "roadmap", "resolution", "bill", "draft", "text",
                               "document", "framework", "package", "offer", "initiative",
                               "arrangement", "memorandum", "declaration"})


#: Verbs of going back, and the nouns for talks they go back to ("would not go back").
RETURNING = frozenset({"return", "go", "come"})
TALK_NOUNS = frozenset({"talks", "negotiations", "dialogue", "table", "process", "round"})


#: Entity types of a place one goes back to ("return to Muscat": to the talks held there).
PLACES = frozenset({"GPE", "LOC", "FAC"})


def _place(tok: Token) -> bool:
    """Whether ``tok`` names a place, here or where the article names it again (the
    entity recogniser reads "return to Muscat" as a person, "due in Muscat" as a place)."""
    if tok.ent_type_ in PLACES:
        return True
    return tok.pos_ == "PROPN" and any(
        e.label_ in PLACES and e.text == tok.text for e in tok.doc.ents)


def place_of_return(verb: Token) -> Token | None:
    """The "to" of a verb of going back whose object is a place ("ready to return [to]
    Muscat"): what is gone back to is the talks held there. None otherwise."""
    if verb.lemma_.lower() not in RETURNING:
        return None
    for c in verb.children:
        arg = _arg_of_prep(c) if c.dep_ == "prep" and c.lower_ == "to" else None
        if arg is not None and _place(arg) and not any(
                g.dep_ in ("prep", "compound", "amod") for g in arg.children):
            return c
    return None


def implied_object(doc: Doc, verb: Token) -> tuple[str, list[Token]] | None:
    """What an object-taking verb written without its object acts on ("A would sign only
    if the final accord ..."; "they would not go back until ..."): the nearest
    proposal noun (talks, for a verb of going back) of its sentence, else the nearest
    earlier one (within ``LOOKBACK`` tokens), resolved like a bare definite target; with the
    word that joins it to the verb ("", "to"). None when the verb is not such a verb, has
    an object, or no such noun is named."""
    lemma = verb.lemma_.lower()
    children = list(verb.children)
    if lemma in BARE_TRANSACTIVE:
        nouns, join = WRITTEN_PROPOSALS, ""
        if any(c.dep_ in ("dobj", "xcomp", "ccomp", "nsubjpass", "prep", "prt") for c in children):
            return None
    elif lemma in RETURNING:
        nouns, join = TALK_NOUNS, "to"
        back = any(c.dep_ in ("prt", "advmod") and c.lower_ == "back" for c in children)
        place = place_of_return(verb) is not None  # "return to Muscat at any time"
        if place:  # the talks held there, not "the table" or "the round"
            nouns = TALK_NOUNS - {"table", "process", "round"}
        if (lemma != "return" and not back) or any(
                c.dep_ in ("dobj", "xcomp", "ccomp") or c.dep_ == "prep" and not place
                for c in children):
            return None
    else:
        return None

    def named(t: Token) -> bool:
        return t.pos_ == "NOUN" and (t.lemma_.lower() in nouns or t.lower_ in nouns)

    sent = verb.sent
    near = sorted((t for t in sent if named(t)), key=lambda t: abs(t.i - verb.i))
    if not near:
        near = [t for t in reversed(doc[max(0, sent.start - LOOKBACK) : sent.start])
                if named(t)][:1]
    if not near:
        return None
    noun = near[0]
    return join, antecedent(doc, noun) or span_tokens(noun)


def _stated(verb: Token) -> list[Token] | None:
    """What a verb of proposing states (its clause or object, the subject of the clause
    kept: "proposed that the Authority take over the crossing")."""
    for dep in ("ccomp", "xcomp", "dobj"):
        arg = next((c for c in verb.children if c.dep_ == dep), None)
        if arg is not None:
            cand = span_tokens(arg)
            return cand if _content(cand) > 1 else None
    return None


def _opens(tokens: list[Token]) -> int:
    """How many leading tokens open a condition (0 when they do not)."""
    low = [t.lower_ for t in tokens[:3]]
    for opener in CONDITION_OPENERS:
        if tuple(low[: len(opener)]) == opener:
            return len(opener)
    return 0


def condition_of(verb: Token, negated: bool) -> str | None:
    """The condition ``verb``'s position is held under, as written (None when unconditional);
    on a verb that only carries another ("would keep observing the truce as long as ..."),
    the condition of that one."""
    found = _condition_of(verb, negated)
    if found is None and verb.lemma_.lower() in ("keep", "continue"):
        for c in verb.children:
            if c.dep_ == "xcomp":
                found = _condition_of(c, negated)
    return found


def _condition_of(verb: Token, negated: bool) -> str | None:
    tok = verb
    for _ in range(3):
        for c in tok.children:
            found = _condition_clause(c, verb, negated)
            if found is not None:
                return found
        if tok.dep_ == "xcomp" and tok.head.i != tok.i:
            tok = tok.head
        else:
            break
    if tok.dep_ == "ccomp" and tok.head.lemma_.lower() in REPORTING_HEADS:
        # "said the army was ready for a truce, provided that X": the parse hangs the
        # condition on "said", after the reported clause; it is the reported position's
        # ("stated before X set off" is when it was said: no "before"/"until" here)
        for c in tok.head.children:
            if c.i > tok.i and c.dep_ in ("advcl", "prep", "conj"):
                found = _condition_clause(c, verb, False)
                if found is not None:
                    return found
    return None


def provided_clause(clause: Token) -> bool:
    """ "accept X provided the militia leaves": the parse makes the clause after a bare
    "provided" a complement of the verb; it is the condition of its position."""
    i = clause.left_edge.i
    return i > 0 and clause.doc[i - 1].lower_ in ("provided", "providing") \
        and clause.doc[i - 1].head.i == clause.head.i


#: Reporting verbs whose trailing condition belongs to the clause they report.
REPORTING_HEADS = frozenset("say add tell state insist stress note".split())


def _condition_clause(c: Token, verb: Token, negated: bool) -> str | None:
    """The condition the dependent ``c`` of ``verb``'s clause states, as written, if any."""
    if c.dep_ == "advmod" and c.lower_ == "long":  # "as long as X", parsed under "long"
        clause = next((g for g in c.children if g.dep_ == "advcl"), None)
        if clause is not None:
            words = [t.text for t in clause.subtree if t.dep_ != "mark" or t.head != clause]
            return " ".join(w for w in words if w not in ",.\"“”").strip() or None
    if c.dep_ not in ("advcl", "prep", "ccomp", "conj") or c.i < verb.sent.start:
        return None
    sub = list(c.subtree)
    n = _opens(sub)
    if c.dep_ == "ccomp" and provided_clause(c):
        sub = [verb.doc[sub[0].i - 1], *sub]  # "accept X provided the militia leaves"
        n = 1
    if c.dep_ == "conj" and (n == 0 or c.pos_ not in ("VERB", "AUX")):
        return None  # "welcomed a truce but only if X stopped": the parse joins the condition
    if c.dep_ == "advcl" and n == 0:
        mark = next((m for m in c.children if m.dep_ == "mark"), None)
        if mark is not None and mark.i > 0 and mark.lower_ == "if" \
                and verb.doc[mark.i - 1].lower_ == "even":
            return None  # "even if X meets the demands, Y will not ...": concessive, no condition
        if mark is not None and mark.lower_ in ("if", "unless", "provided", "once"):
            n = sub.index(mark) + 1
        elif sub[0].lower_ == "should" and sub[0].head.i == c.i:
            n = 1
    if n == 0 and negated and sub[0].lower_ in NEGATED_OPENERS and c.dep_ != "ccomp":
        n = 1
    if n:
        words = [t.text for t in sub[n:] if not t.is_punct]
        if words[:1] == ["that"] and len(words) > 1:  # "provided that X", "on condition that X"
            words = words[1:]
        text = " ".join(words).strip()
        if text:
            return text.replace(" 's", "'s")
    return None


#: Determiners that always point back ("that phase", "this plan"); "the" does only before a
#: proposal noun ("respect the deal"), elsewhere it also names a thing for the first time.
DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})


def _bare_pointing(noun: Token) -> bool:
    """Whether ``noun`` is a bare pointing noun phrase ("that phase", "the deal"): a
    demonstrative, or "the" before a proposal noun, and no word that says which one."""
    if noun.pos_ != "NOUN" or noun.ent_type_ or noun.lemma_.lower() in GENERAL_NOUNS:
        return False
    det = next((c for c in noun.children if c.dep_ == "det"), None)
    if det is None or not (det.lower_ in DEMONSTRATIVES or (
            det.lower_ == "the" and noun.lemma_.lower() in PROPOSAL_NOUNS)):
        return False
    return _content(span_tokens(noun)) == 1 and not any(
        c.dep_ in ("relcl", "acl", "poss", "amod", "compound", "nummod") or c.dep_ == "prep"
        and getattr(_arg_of_prep(c), "pos_", "") != "PRON" for c in noun.children)


def _same_noun_before(doc: Doc, noun: Token, skip: set[int]) -> list[Token] | None:
    """The nearest earlier mention of ``noun``'s lemma that says more ("the second phase
    of the truce" for "that phase"), in its sentence or before (within ``LOOKBACK``),
    outside ``skip`` (the phrase being resolved)."""
    lemma = noun.lemma_
    for tok in reversed(doc[max(0, noun.i - LOOKBACK) : noun.i]):
        if tok.i in skip or tok.pos_ != "NOUN" or tok.lemma_ != lemma:
            continue
        cand = span_tokens(tok)
        if _content(cand) > 1 and not any(t.i in skip for t in cand) \
                and not any(t.lower_ in DEMONSTRATIVES and t.head.i == tok.i for t in cand):
            return cand
    return None


def _thing_said(clause: list[Token] | None) -> list[Token] | None:
    """What a clause found for a noun is about, as a noun phrase, to stand in a phrase
    ("agreed on Thursday [on the main rules for the vote]": the main rules for the vote):
    the verb's object, else its first argument that is no time; the clause when it has
    neither."""
    if not clause:
        return clause
    have = {t.i for t in clause}
    head = next((t for t in clause if t.head.i not in have or t.head.i == t.i), None)
    if head is None or head.pos_ != "VERB":
        return clause
    args = [c for c in head.children if c.dep_ == "dobj"] + [
        a for c in head.children if c.dep_ == "prep" and (a := _arg_of_prep(c)) is not None]
    for arg in args:
        if arg.pos_ == "NOUN" and not arg.ent_type_:
            return span_tokens(arg)
    return clause


#: Dependencies that keep a word in the clause of its head (not a clause of its own).
_IN_CLAUSE = frozenset({"dobj", "pobj", "prep", "xcomp", "acomp", "aux", "neg", "dative"})


def _object_antecedent(pron: Token) -> list[Token] | None:
    """What an object pronoun inside a target stands for ("ready to seek [it]" after "peace
    can be achieved if ..."; "revealing [it]" after "asked for the details of how ..."): the
    nearest earlier noun, in its sentence or the one before, that is no argument of the
    pronoun's own clause ("both parties are ready to seek it": not the parties), no person,
    time or general word, taken with the noun phrase it is part of ("the details of how the
    hostages were freed", not "the hostages")."""
    clause, head = set(), pron
    while head.dep_ in _IN_CLAUSE and head.head.i != head.i:
        head = head.head
        clause.add(head.i)
    clause.add(head.i)
    for tok in _back_from(pron):
        if tok.pos_ != "NOUN" or tok.dep_ not in _ANTECEDENT_DEPS or tok.head.i in clause:
            continue
        if tok.ent_type_ in ("DATE", "TIME", "PERSON") or tok.lemma_.lower() in GENERAL_NOUNS:
            continue
        top = tok
        for up in tok.ancestors:
            if up.i in clause or up.i >= pron.i or pron.is_ancestor(up) or up.is_ancestor(pron):
                break
            if up.pos_ == "NOUN" and up.dep_ in _ANTECEDENT_DEPS \
                    and up.lemma_.lower() not in GENERAL_NOUNS:
                top = up
        cand = [t for t in span_tokens(top) if t.i < pron.i]
        if _content(cand) >= 1:
            return cand
    return None


def resolve_inside(doc: Doc, tokens: list[Token], root: Token | None) -> list[Token] | None:
    """``tokens`` with a bare pointing noun phrase inside them ("move to [that phase]",
    "respect [the deal]") replaced by the fuller earlier mention of its noun ("move to
    [the second phase of the truce]"), or an object pronoun by what it stands for ("seek
    [it]": ``_object_antecedent``), None when there is none to replace. The root itself
    is left to ``antecedent``."""
    have = {t.i for t in tokens}
    for noun in tokens:
        if root is not None and noun.i == root.i:
            continue
        if noun.pos_ == "PRON" and noun.lower_ in ("it", "this", "that") \
                and noun.dep_ in ("dobj", "pobj"):
            full = _object_antecedent(noun)
            if full is None or any(t.i in have for t in full):
                continue
            at = next(k for k, t in enumerate(tokens) if t.i == noun.i)
            return tokens[:at] + full + tokens[at + 1:]
        if not _bare_pointing(noun):
            continue
        full = _same_noun_before(doc, noun, have) or _thing_said(_said_before(doc, noun))
        if full is None or any(t.i in have for t in full):
            continue
        inner = {t.i for t in noun.subtree}
        at = next(k for k, t in enumerate(tokens) if t.i in inner)
        rest = [t for t in tokens if t.i not in inner]
        return rest[:at] + full + rest[at:]
    return None


def defining_clause(noun: Token, tokens: list[Token], cue: Token | None = None) -> list[Token] | None:
    """``tokens`` (the phrase of a noun that says nothing else: "a text", "a truce") with
    the relative clause that says which one ("a text [that leaves foreign troops on its
    soil]", "a truce [that left the group in the capital]"); None when the noun says more
    itself or has no such clause, or the clause holds the ``cue`` ("a transit Beijing
    denounced"). A clause set off by a comma only describes, and stays cut."""
    if noun.pos_ != "NOUN" or _content(tokens) != 1:
        return None
    rel = next((c for c in noun.children if c.dep_ == "relcl" and c.i > noun.i), None)
    if rel is None or (cue is not None and any(t.i == cue.i for t in rel.subtree)):
        return None
    first = min(t.i for t in rel.subtree)
    if first == 0 or noun.doc[first - 1].is_punct:
        return None
    clause = span_tokens(rel)
    if _content(clause) < 1:
        return None
    have = {t.i for t in tokens}
    return sorted(tokens + [t for t in clause if t.i not in have], key=lambda t: t.i)


#: Entity types of a party: a state, a people, a body.
PARTY_TYPES = frozenset({"GPE", "NORP", "ORG"})


def charged_party(noun: Token, tokens: list[Token]) -> list[Token] | None:
    """A party opposed for what a comma-set relative clause says it did ("took aim at
    Kestria, which he said had failed to pay the money it pledged"): the party with that
    clause (its reporting verb left out), since the act is what is disputed; else None."""
    if noun.ent_type_ not in PARTY_TYPES or noun.pos_ != "PROPN":
        return None
    rel = next((c for c in noun.children if c.dep_ == "relcl" and c.i > noun.i), None)
    if rel is None or not noun.doc[rel.left_edge.i - 1].is_punct:
        return None
    said = next((c for c in rel.children if c.dep_ == "ccomp"), None) \
        if rel.lemma_.lower() in ("say", "state", "claim", "allege") else None
    clause = [t for t in span_tokens(said or rel) if t.tag_ not in ("WDT", "WP")]
    if _content(clause) < 2:
        return None
    have = {t.i for t in tokens}
    return sorted(tokens + [t for t in clause if t.i not in have], key=lambda t: t.i)


def judged_act(adverb: Token) -> list[Token]:
    """The act an evaluative adverb judges, with whom it was done to when a relative clause
    says so ("every citizen who was [wrongfully] held in X": citizen held in X; "citizens
    whom Y regarded as [wrongly] imprisoned": citizens imprisoned), the adverb left out."""
    act = adverb.head
    clause = act.head if act.dep_ in ("advcl", "oprd", "xcomp") and act.head.dep_ == "relcl" else act
    noun = clause.head if clause.dep_ == "relcl" and clause.head.pos_ in ("NOUN", "PROPN") else None
    drop = {adverb.i} | {c.i for c in act.children if c.lower_ == "as" and c.i < act.i}
    words = [t for t in span_tokens(act) if t.i not in drop and t.tag_ not in ("WDT", "WP")]
    return ([noun] if noun is not None else []) + words
