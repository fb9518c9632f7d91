"""Cue words that state no position of anyone's: a cue inside another position's condition
("would agree to a truce as long as the rebels pulled out", "unless the rebels stopped
blocking roads"), an act someone is accused of ("accused the rebels of blocking roads"), or
the physical blocking of a way ("the VLF was blocking roads": no position on roads)."""

from __future__ import annotations

from spacy.tokens import Token

from parley.nlp.stances.targets import CONDITION_OPENERS

#: Markers of a condition clause ("if X", "unless X", "once X").
CONDITION_MARKS = frozenset({"if", "unless", "provided", "providing", "once"})
#: Verbs and nouns whose "of"/"for" gerund is the act someone else is blamed for.
ACCUSING = frozenset(
    """accuse blame charge condemn criticise criticize denounce fault slam castigate
    accusation allegation charge""".split()
)


def condition_head(tok: Token) -> Token | None:
    """The word a condition clause holding ``tok`` hangs on ("agree" in "would agree to a
    truce as long as X pulled out"), None when ``tok`` is in no condition clause ("if X",
    "unless X", "provided that X", "as long as X", "but only if X")."""
    cur = tok
    while cur.head.i != cur.i:
        if cur.dep_ in ("advcl", "conj", "pcomp") and _opens_condition(cur):
            head = cur.head
            if head.lower_ in ("provided", "providing", "long") and head.head.i != head.i:
                head = head.head
            return head
        cur = cur.head
    return None


def held_words(head: Token) -> list[Token]:
    """The words whose position a condition hung on ``head`` may qualify: ``head`` and the
    verbs and adjectives it completes ("refused [to resume]", "was [ready]")."""
    out = [head]
    cur = head
    while cur.dep_ in ("xcomp", "acomp") and cur.head.i != cur.i:
        cur = cur.head
        out.append(cur)
    out += [c for c in head.children if c.dep_ in ("xcomp", "acomp")]
    return out


def _opens_condition(clause: Token) -> bool:
    head = clause.head
    if clause.dep_ == "pcomp":  # "provided that X" parsed as a preposition
        return head.lower_ in ("provided", "providing")
    if clause.dep_ == "advcl" and head.lower_ == "long" and head.dep_ == "advmod":
        return True  # "as long as X", parsed under "long"
    if clause.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in clause.children
    ):
        return not _concessive(clause)
    words = [t.lower_ for t in list(clause.subtree)[:3]]
    if clause.dep_ == "conj" and clause.pos_ not in ("VERB", "AUX"):
        return False
    return any(tuple(words[: len(o)]) == o and o != ("should",) for o in CONDITION_OPENERS)


def _concessive(clause: Token) -> bool:
    """ "even if X": no condition."""
    mark = next((c for c in clause.children if c.dep_ == "mark"), None)
    return mark is not None and mark.i > 0 and mark.doc[mark.i - 1].lower_ == "even"


def accused_act(tok: Token) -> bool:
    """Whether the gerund ``tok`` is what someone is accused of ("accused X of blocking
    roads", "blamed X for blocking the aid"): the accused's act, nobody's stated position."""
    if tok.tag_ != "VBG" or tok.dep_ != "pcomp":
        return False
    prep = tok.head
    if prep.lower_ not in ("of", "for"):
        return False
    blamed = prep.head  # the parse may hang "of" on the accused ("accused [the rebels of]")
    if blamed.dep_ == "dobj" and blamed.head.lemma_.lower() in ACCUSING:
        return True
    return blamed.lemma_.lower() in ACCUSING


#: Verbs that shut a way physically ("blocking roads"); a position only on a decision or a text.
OBSTRUCTING = frozenset({"block", "barricade", "obstruct", "close"})
#: Ways that are shut, never a proposal one could be for or against (literal ones only:
#: "blocking Kosovo's path to membership" is a political act).
WAYS = frozenset(
    """road highway street bridge lane entrance exit junction motorway railway tunnel
    checkpoint""".split()
)


def blocks_a_way(tok: Token, target: Token | None) -> bool:
    """Whether the cue ``tok`` shuts a way ("blocking roads", "closed the bridge"): an
    act on the ground, not a position on the road."""
    if target is None or tok.lemma_.lower() not in OBSTRUCTING:
        return False
    return target.lemma_.lower() in WAYS
