"""Cheap prefilters over a doc's token attributes.

The components look for a few words in every article ("town of", a cue verb, "in" before a
name); walking the doc builds a Python ``Token`` per word, which cost more than the tests
themselves. ``positions`` reads one attribute column with ``Doc.to_array`` and tests each
distinct value once, so only the tokens that can match are ever built.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy
from spacy.tokens import Doc, Token


def positions(doc: Doc, attr: int, keep: Callable[[str], bool]) -> list[int]:
    """Indices, in order, of the tokens whose ``attr`` (a string-valued attribute id such as
    ``spacy.attrs.LEMMA``) satisfies ``keep``; ``keep`` sees each distinct string once."""
    if not len(doc):
        return []
    key = ("parley_scan", attr, len(doc))
    found = doc.user_data.get(key)
    if found is None:  # each component asks again: the column's distinct strings, once a doc
        values, inverse = numpy.unique(doc.to_array(attr), return_inverse=True)
        strings = doc.vocab.strings
        found = doc.user_data[key] = ([strings[int(v)] for v in values], inverse)
    words, inverse = found
    wanted = numpy.fromiter(map(keep, words), dtype=bool, count=len(words))
    return numpy.flatnonzero(wanted[inverse]).tolist()


def tokens(doc: Doc, attr: int, keep: Callable[[str], bool]) -> Iterator[Token]:
    """The tokens of ``positions`` (built only for the indices that pass)."""
    for i in positions(doc, attr, keep):
        yield doc[i]
