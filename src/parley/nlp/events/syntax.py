"""Small readings of spaCy's dependency parse that the event rules share."""

from __future__ import annotations

from spacy.tokens import Token

#: Modal auxiliaries that make a clause hypothetical ("should meet", "could accept").
#: "will"/"would" are kept: scheduled and reported-future events are news ("will meet on
#: March 5", "said she would meet her counterpart on Saturday").
MODALS = frozenset({"should", "could", "might", "may", "must", "can", "ought", "shall"})
FUTURE = frozenset({"will", "would", "'ll", "’ll", "'d", "’d", "wo"})
#: Subordinators of what has not happened (yet): conditions, questions, awaited events.
CONDITION_MARKS = frozenset({"if", "whether", "unless", "until", "before", "once", "provided"})
NEGATIONS = frozenset({"not", "n't", "n’t", "never"})
FIRST_PERSON = frozenset({"i", "we", "me", "us"})
RELATIVE = frozenset({"who", "which", "that"})
#: Children of a verb that never belong to its event's evidence (to the right of it).
CUT_VERB = frozenset(
    {"advcl", "conj", "cc", "punct", "relcl", "parataxis", "mark", "csubj", "dep", "intj"}
)
#: Children of a noun phrase that end its evidence.
CUT_NP = frozenset({"relcl", "punct", "advcl", "parataxis", "ccomp", "dep", "cc", "conj"})


def has_aux(tok: Token, words: frozenset[str]) -> bool:
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in words for c in tok.children)


def negated(tok: Token) -> bool:
    """True when the verb is negated ("did not meet", "would never accept", "offered no proof")."""
    for c in tok.children:
        if c.dep_ in ("neg", "advmod") and c.lower_ in NEGATIONS:
            return True
        if c.dep_ == "dobj" and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children):
            return True
    return False


def is_passive(tok: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)


#: Prepositions whose gerund tells what was done ("signaled no breakthrough after holding
#: talks"), unlike "without holding", "instead of holding" or "by holding".
DONE_PREPS = frozenset({"after", "since", "following"})


def realised(tok: Token, allow_modal: bool = False) -> bool:
    """False for what did not (or may not) happen: infinitives, gerund objects, modals,
    conditions and indirect questions ("wants to meet", "ruled out meeting", "should meet",
    "asked whether they would meet")."""
    if _admitted(tok):  # "confirmed dispatching a team": what was admitted was done
        return realised(tok.head, allow_modal)
    if _ahead_when(tok):
        return True  # "awaiting word on when the dinner will be held": it is to be held
    if tok.dep_ == "pcomp" and tok.tag_ == "VBG" and tok.head.lower_ in DONE_PREPS:
        return realised(tok.head.head, allow_modal) if tok.head.head.i != tok.head.i else True
    if tok.dep_ in ("xcomp", "pcomp", "csubj", "csubjpass") or (
        tok.dep_ in ("acl", "advcl", "relcl", "conj") and has_aux(tok, frozenset({"to"}))
    ):
        return False
    if (
        tok.dep_ == "ccomp"
        and (tok.tag_ == "VB" or tok.tag_ == "VBP" and tok.head.tag_ == "VBD")
        and tok.head.lemma_.lower() in MANDATIVE
        and not any(c.dep_ in ("aux", "auxpass") for c in tok.children)
    ):
        return False  # "proposed that the two sides meet": a proposal, no meeting
    v = tok
    while True:
        if not allow_modal and has_aux(v, MODALS):
            return False
        if any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in v.children) and not (
            told_past(v)
        ):
            return False
        if {"so", "that"} <= {c.lower_ for c in v.children if c.dep_ == "mark"}:
            return False  # "a commission so that a truce holds": a purpose
        if v.dep_ != "conj" or v.head.i == v.i:
            break
        v = v.head  # "should meet and sign": the modal is shared
    for anc in tok.ancestors:
        if (
            anc.lower_ in CONDITION_MARKS
            or any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in anc.children)
            and not told_past(anc)
        ):
            return False  # "… provided Halvik lifted its blockade and freed the sailors"
    return True


#: Subordinators of time that tell what happened when the clauses around them did.
TIME_MARKS = frozenset({"once", "before", "until"})


def told_past(clause: Token) -> bool:
    """A time clause in the past under a main clause in the past that nothing puts ahead:
    told, not awaited ("Beijing held war games once the Speaker had made a trip to Taiwan",
    "fighting went on until the truce took effect"); not "would resume talks once the
    captives were freed", nor any "if", "unless" or "provided"."""
    marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
    if not marks or not marks <= TIME_MARKS or clause.dep_ != "advcl":
        return False
    if not (clause.tag_ == "VBD" or clause.tag_ == "VBN" and has_aux(clause, frozenset({"had"}))):
        return False
    main = clause.head
    return (
        main.tag_ == "VBD"
        and not has_aux(main, MODALS | FUTURE)
        and not any(c.dep_ == "mark" for c in main.children)
    )


def _ahead_when(tok: Token) -> bool:
    """A clause in the future that asks only when or where ("on when the dinner will be
    held", "asked where the talks would take place"): the occurrence itself is expected."""
    return (
        tok.dep_ in ("pcomp", "ccomp")
        and has_aux(tok, FUTURE)
        and any(
            c.dep_ == "advmod" and c.lower_ in ("when", "where") and c.i < tok.i
            for c in tok.children
        )
    )


#: Verbs whose that-clause in the bare subjunctive is what they call for ("proposed that
#: the two Koreas meet", "demanded that the army withdraw").
MANDATIVE = frozenset(
    {"propose", "suggest", "demand", "insist", "urge", "recommend", "ask", "request", "want"}
)
#: Verbs whose gerund object tells something done ("admitted sending", "recalled meeting").
ADMITTING = frozenset({"admit", "acknowledge", "confirm", "recall", "recount", "describe"})


def _admitted(tok: Token) -> bool:
    head = tok.head
    return (
        tok.dep_ == "xcomp"
        and tok.tag_ == "VBG"
        and head.i != tok.i
        and head.lemma_.lower() in ADMITTING
        and not any(c.dep_ == "neg" for c in head.children)
    )


def subject(verb: Token) -> tuple[Token | None, str]:
    """Who does ``verb``: (token, how) with how in own/climbed/agent/passive/none.

    Climbs through conjuncts, participles and complements ("Lavrov confirmed … and
    praised …"); an agentless passive has no doer ("points have been agreed upon").
    """
    v, how = verb, "own"
    if (
        verb.tag_ == "VBN"
        and verb.dep_ == "advcl"
        and not any(c.dep_ == "aux" for c in verb.children)
    ):
        return None, "passive"  # "Asked to describe the device, X said": X was asked
    for _ in range(6):
        if v.i == verb.i and is_passive(v):  # a conjunct's passive is not its own
            agent = next((c for c in v.children if c.dep_ == "agent"), None)
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
            return (pobj, "agent") if pobj is not None else (None, "passive")
        subj = next((c for c in v.children if c.dep_ in ("nsubj", "csubj")), None)
        if subj is not None:
            if subj.lower_ in RELATIVE and v.dep_ == "relcl":
                return v.head, how
            return subj, how
        if v.dep_ == "acl" and v.tag_ == "VBN":
            return None, "none"  # "an article published …": no subject of its own
        if v.dep_ == "pcomp" and v.head.lower_ in DONE_PREPS and v.head.head.i != v.head.i:
            v, how = v.head.head, "climbed"  # "X signaled ... after holding talks": X held
            continue
        if v.dep_ not in ("conj", "advcl", "xcomp", "ccomp", "acomp") or v.head.i == v.i:
            return None, "none"
        v, how = v.head, "climbed"  # "they were due to meet": up through "due"
    return None, "none"


def child(tok: Token, deps: tuple[str, ...], word: str | None = None) -> Token | None:
    """The first child with one of ``deps`` (and, if given, lower-case text ``word``)."""
    for c in tok.children:
        if c.dep_ in deps and (word is None or c.lower_ == word):
            return c
    return None


def pobj(prep: Token | None) -> Token | None:
    return child(prep, ("pobj", "pcomp")) if prep is not None else None


def objects(tok: Token) -> list[Token]:
    return [c for c in tok.children if c.dep_ in ("dobj", "dative")]


def right_edge(tok: Token, quoted, cut: frozenset[str] = CUT_NP) -> int:
    """Index of the last token of ``tok``'s phrase, stopping at clauses and quotations.

    ``quoted(token)`` tells which tokens lie inside a direct quotation; a preposition left
    without its object ("criticized this assertion as ‘…’") is not taken.
    """
    end = tok.i
    for c in tok.rights:
        if c.dep_ in cut or c.is_space or quoted(c) or "\n" in c.doc[end : c.i].text:
            break
        sub = right_edge(c, quoted)
        if sub == c.i and c.dep_ in ("prep", "agent", "dative", "cc"):
            break
        end = sub
    return end
