"""``parley_paragraphs``: a line break ends a sentence, before the parser runs.

A headline has no full stop, and neither has a dateline or a list item; left to itself
the parser runs the headline into the first sentence of the body ("India and China weigh
moves ... end Foreign Minister Ana Velarde on Friday met ..."), and the body's first
sentence is then misparsed. Marking the token after a line break as a sentence start
keeps them apart (the parser respects preset sentence starts).

(No ``from __future__ import annotations`` here: spaCy validates factory signatures.)
"""

import numpy
from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc

#: Dashes that close a dateline ("KHARTOUM, March 3 (Wire) -").
DASHES = frozenset({"-", "--", "\u2013", "\u2014"})
#: How many tokens a dateline may take before its dash.
DATELINE_LEN = 14


def mark_paragraphs(doc: Doc) -> Doc:
    """Set ``is_sent_start`` on the first token after each line break, and on the first
    token after a paragraph's dateline (in place)."""
    last = len(doc) - 1
    spaces = numpy.flatnonzero(doc.to_array(IS_SPACE)).tolist() if len(doc) else []
    for tok in (doc[i] for i in spaces):  # line breaks are whitespace tokens
        if tok.i < last and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
            _dateline(doc, tok.i + 1)
    if len(doc) and not doc[0].is_space:
        _dateline(doc, 0)
    return doc


def _dateline(doc: Doc, first: int) -> None:
    """ "KHARTOUM, March 3 (Wire) - The army ...": the report starts after the dash."""
    i = first  # the place in capitals, then a comma or the agency's bracket
    while i < len(doc) - 1 and doc[i].is_alpha and doc[i].text.isupper():
        i += 1
    if i > first and len(doc[first].text) > 2 and (doc[i].text in DASHES or doc[i].text == ":") \
            and i + 1 < len(doc) and doc[i + 1].text[:1].isupper():
        doc[i + 1].is_sent_start = True  # the short forms "CAIRO - The army ...", "KABUL: ..."
        return
    if i == first or doc[i].text not in (",", "(") or len(doc[first].text) < 2:
        return
    for tok in doc[first : min(first + DATELINE_LEN, len(doc) - 1)]:
        if "\n" in tok.text or tok.text in (".", "!", "?") and tok.i > first + 1:
            return
        if tok.text in DASHES and tok.i > first + 1:
            doc[tok.i + 1].is_sent_start = True
            return


@Language.factory("parley_paragraphs")
def make_paragraphs(nlp: Language, name: str):
    return mark_paragraphs
