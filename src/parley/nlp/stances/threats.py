"""Threats of retaliation: "X will hit back if Y", "countermeasures would follow should Y",
"warned of consequences if Y" state opposition to Y, the act the threat is meant to deter.

A threat is a conditional promise of harm; what an analyst records is the position on the
condition (the holder is against it happening), not a conditional wish to retaliate."""

from __future__ import annotations

from spacy.tokens import Token

#: Verbs of striking back, alone or with "back" ("hit back", "strike back", "retaliate").
RETALIATING = frozenset({"retaliate", "avenge"})
#: Verbs that threaten only with force in them ("respond firmly", "react with force"; not
#: "respond to the proposal if it is sent in writing").
RESPONDING = frozenset({"respond", "react", "answer"})
FORCEFUL = frozenset({"firmly", "forcefully", "strongly", "decisively", "resolutely",
                      "harshly", "robustly", "militarily", "swiftly", "resolute", "severely"})
BACK_VERBS = frozenset({"hit", "strike", "fight"})

#: Nouns for what a threat promises ("countermeasures would follow", "warned of consequences").
THREAT_NOUNS = frozenset({
    "countermeasure", "countermeasures", "consequence", "consequences", "retaliation",
    "reprisal", "reprisals", "response", "repercussion", "repercussions",
})
#: Verbs a threat noun arrives with ("countermeasures will follow", "face consequences").
THREAT_ARRIVING = frozenset({"follow", "come", "ensue", "face", "take", "bear"})

CONDITION_MARKS = frozenset({"if", "should"})


def _striking_back(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    if lemma in RETALIATING:
        return True
    if lemma in RESPONDING:
        return any(c.dep_ == "advmod" and c.lower_ in FORCEFUL for c in verb.children) \
            or any(c.dep_ == "prep" and c.lower_ == "with" for c in verb.children) \
            and not any(c.dep_ == "prep" and c.lower_ == "to" for c in verb.children)
    return lemma in BACK_VERBS and any(
        c.dep_ in ("prt", "advmod") and c.lower_ == "back" for c in verb.children)


def _threat_noun(verb: Token) -> bool:
    """"countermeasures would follow", "will face consequences", "take countermeasures"."""
    return verb.lemma_.lower() in THREAT_ARRIVING and any(
        c.dep_ in ("nsubj", "dobj") and c.lemma_.lower() in THREAT_NOUNS for c in verb.children)


def _inverted_should(clause: Token) -> bool:
    """"should a meeting take place": "should" before the clause's subject."""
    subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is not None and any(
        c.dep_ == "aux" and c.lower_ == "should" and c.i < subj.i for c in clause.children)


def _conditional_clause(c: Token) -> bool:
    return c.pos_ in ("VERB", "AUX") and c.dep_ in ("advcl", "ccomp") and (
        _inverted_should(c) or c.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ == "if" for m in c.children))


def _condition(verb: Token) -> tuple[Token, Token | None] | None:
    """(the clause ``verb``'s threat is conditioned on, the part of it that is the threat or
    None): an "if" or inverted "should" clause on the threat or on the clauses that report
    it, or, as the parse often has it, an inverted "should" clause the threat hangs under
    ("Should anyone meddle in X, we will hit back")."""
    below, node = None, verb
    for _ in range(3):
        for c in node.children:
            if (below is None or c.i != below.i) and _conditional_clause(c):
                return c, None
        if below is not None and node.pos_ in ("VERB", "AUX") and _inverted_should(node):
            return node, below
        if node.head.i == node.i or node.dep_ not in ("ccomp", "advcl", "conj"):
            break
        below, node = node, node.head
    if node.head.i == node.i and below is not None and node.pos_ in ("VERB", "AUX") \
            and _inverted_should(node):
        return node, below
    return None


def threatened(tok: Token) -> tuple[Token, Token, Token | None] | None:
    """(the threat's verb, the condition clause, the threat's part of it) when ``tok`` states a threat: the modal of
    a striking-back verb ("will hit back", "would follow" of countermeasures) or "warn of"
    a threat noun, with a condition; else None."""
    if tok.dep_ == "aux" and tok.lemma_.lower() in ("will", "would", "shall"):
        verb = tok.head
        if not (_striking_back(verb) or _threat_noun(verb)):
            return None
    elif tok.lemma_.lower() == "warn" and tok.pos_ == "VERB":
        verb = tok
        if not any(c.dep_ == "prep" and c.lower_ == "of" and any(
                g.dep_ == "pobj" and g.lemma_.lower() in THREAT_NOUNS for g in c.children)
                for c in tok.children):
            return None
    else:
        return None
    if any(c.dep_ == "neg" for c in verb.children):
        return None  # "will not respond if ...": no threat
    found = _condition(verb)
    return (verb, *found) if found is not None else None


def condition_tokens(clause: Token, threat: Token | None) -> list[Token]:
    """The condition clause's words without its marker or "should" and without the threat
    (when the parse hung the threat inside the clause)."""
    inside = {t.i for t in threat.subtree} if threat is not None else set()
    return [t for t in clause.subtree if t.i not in inside and not t.is_punct
            and not (t.head.i == clause.i and (t.dep_ == "mark" or (
                t.dep_ == "aux" and t.lower_ == "should")))]


def happening_subject(clause: Token) -> Token | None:
    """"should a meeting take place between A and B": the meeting is what is threatened
    against, the "take place" adds nothing."""
    place = any(c.dep_ == "dobj" and c.lower_ == "place" for c in clause.children)
    if not (place and clause.lemma_.lower() == "take"
            or clause.lemma_.lower() in ("happen", "occur", "go") and not any(
                c.dep_ in ("dobj", "xcomp", "ccomp") for c in clause.children)):
        return None
    subj = next((c for c in clause.children if c.dep_ == "nsubj"), None)
    return subj if subj is not None and subj.pos_ == "NOUN" else None



#: Verbs of harm a reported act is said to do ("doing X would undermine the talks": the
#: speaker is against doing X). Only a clause subject counts: with a noun subject ("the
#: sanctions would jeopardise the talks") it is often a forecast about someone else's act.
HARMING = frozenset({"undermine", "jeopardise", "jeopardize", "endanger", "imperil", "derail",
                     "sabotage", "torpedo", "wreck", "threaten"})
RISK_NOUNS = frozenset({"risk", "jeopardy", "danger"})


def _harming(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    if lemma in HARMING:
        return any(c.dep_ == "dobj" for c in verb.children)
    return lemma == "put" and any(  # "put at risk", "put in jeopardy"
        c.dep_ == "prep" and c.lower_ in ("at", "in") and any(
            g.dep_ == "pobj" and g.lemma_.lower() in RISK_NOUNS for g in c.children)
        for c in verb.children)


def harmful_act(verb: Token) -> Token | None:
    """The act a verb of harm says would do harm, when it is the verb's clause subject
    ("revealing the list would put the talks at risk": revealing the list); else None."""
    if verb.pos_ != "VERB" or not _harming(verb) or any(c.dep_ == "neg" for c in verb.children):
        return None
    return next((c for c in verb.children if c.dep_ == "csubj" and c.tag_ == "VBG"), None)
