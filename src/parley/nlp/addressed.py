"""Names someone is speaking to ("told Erem News", "speaking to Radio X", "in an interview
with the Meridian Post"): an outlet or an audience, not a doer nor a side."""

from __future__ import annotations

from spacy.tokens import Token

#: Verbs of saying something to someone ("told X", "speaking to X", "said to X").
TELLING = frozenset("tell say speak talk".split())
#: Nouns of something said to someone ("in an interview with X"; not "talks with X").
SAID_TO = frozenset("interview remark comment statement".split())


def addressed(tok: Token) -> bool:
    """Whether the name ``tok`` is part of is said to ("told Erem News", "said to the
    Meridian Post", "speaking to Radio X", "in an interview with Radio X")."""
    while tok.dep_ in ("compound", "flat", "amod", "det", "poss", "nmod") and tok.head.i != tok.i:
        tok = tok.head
    head = tok.head
    if tok.dep_ in ("dobj", "dative") and head.lemma_.lower() == "tell":
        return True
    if tok.dep_ == "pobj" and head.lower_ in ("to", "with"):
        said = head.head
        if said.pos_ in ("VERB", "AUX"):
            return said.lemma_.lower() in TELLING
        return said.pos_ == "NOUN" and said.lemma_.lower() in SAID_TO
    return False
