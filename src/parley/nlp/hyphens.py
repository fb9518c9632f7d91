"""``parley_hyphens``: one word written with a hyphen is one node of the parse.

spaCy's tokenizer splits "re-establish" into "re", "-", "establish", and the small
English parser sometimes attaches the three pieces side by side to the word above them
("said they would [re] [-] [establish] ties": three clauses of "said", "they would" under
the first, "ties" under the last). Every rule that takes a clause's subtree then cuts the
word in two ("they would re"). After the parser, pieces of one hyphenated word (no space
between them) that hang from the same head by the same relation are joined under the
last piece, which takes over the others' dependants.

(No ``from __future__ import annotations`` here: spaCy validates factory signatures.)
"""

import numpy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc

HYPHENS = frozenset({"-", "\u2010", "\u2011"})


def join_hyphenated(doc: Doc) -> Doc:
    """Re-head side-by-side pieces of hyphenated words onto their last piece (in place)."""
    if not doc.has_annotation("DEP"):
        return doc
    n = len(doc)
    if n < 3:
        return doc
    codes = [doc.vocab.strings.add(h) for h in HYPHENS]
    hyphens = numpy.flatnonzero(numpy.isin(doc.to_array(ORTH), codes)).tolist()
    done = -1
    for h in hyphens:  # only the hyphen tokens are looked at, not every token
        i = h - 1
        if i <= done or i < 0 or h + 1 >= n:
            continue
        first, hyphen = doc[i], doc[h]
        if first.whitespace_ or hyphen.whitespace_:
            continue
        end = i + 2  # the last piece: "anti-war", "re-establish", "so-called"
        while end + 2 < n and not doc[end].whitespace_ and doc[end + 1].text in HYPHENS \
                and not doc[end + 1].whitespace_:
            end += 2  # "state-of-the-art" has more pieces
        done = end
        pieces = [doc[k] for k in range(i, end + 1)]
        last = pieces[-1]
        above = last.head
        if above.i not in range(i, end + 1) and all(
            p.head.i == above.i and p.dep_ == last.dep_ for p in pieces[:-1]
        ):
            for p in pieces[:-1]:
                for c in list(p.children):
                    c.head = last
                p.head = last
                p.dep_ = "punct" if p.text in HYPHENS else "compound"
    return doc


@Language.factory("parley_hyphens")
def make_hyphens(nlp: Language, name: str):
    return join_hyphenated
