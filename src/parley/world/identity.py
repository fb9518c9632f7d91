"""One actor across articles: when two names written in different articles are one person.

Per article, ``parley.nlp.actors`` already resolves "Marsh" to "Lena Marsh". Across
articles, the store keeps one actor row per canonical name; this module says when a new
name is a person already stored under a fuller (or shorter) form, so that the hub's actor
page gathers everything the person said:

- names compare on their *name words*: lower case, without accents, honorifics and
  punctuation ("Gen. Osman Abdelrahim al-Nour" -> osman abdelrahim al nour);
- two names are one person when the words of one are all among the other's, they share at
  least two words including the last (the surname), and what the articles say about them
  agrees: the same country and the same affiliation where both are known;
- a name of one word ("Khan", "Ali") is never merged: a surname alone is ambiguous;
- a name matching several stored people is not merged either.

Registry actors are not touched (the curated registry decides their names and aliases).
"""

from __future__ import annotations

import re
import unicodedata

#: Words before a name that are not part of it.
HONORIFICS = frozenset(
    """mr mrs ms miss dr prof sir dame gen general col colonel maj major capt captain lt
    adm admiral sheikh sheik president minister ambassador rev father""".split()
)
_WORD = re.compile(r"[a-z0-9]+")


def name_words(name: str) -> tuple[str, ...]:
    """The name words of ``name``: lower case, accents and honorifics removed."""
    plain = unicodedata.normalize("NFKD", name or "")
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    words = _WORD.findall(plain)
    while words and words[0] in HONORIFICS:
        words = words[1:]
    return tuple(words)


def last_key(name: str) -> str | None:
    """The indexed key of a name: its last name word (None for an empty name)."""
    words = name_words(name)
    return words[-1][:100] if words else None


def _agree(a: str | None, b: str | None) -> bool:
    return not a or not b or a.casefold() == b.casefold()


def same_person(name: str, country: str | None, affiliation: str | None,
                other: str, other_country: str | None, other_affiliation: str | None) -> bool:
    """Whether ``name`` and ``other`` (each with what its article said) are one person."""
    a, b = name_words(name), name_words(other)
    if len(a) < 2 or len(b) < 2 or a[-1] != b[-1]:
        return False
    small, large = (set(a), set(b)) if len(a) <= len(b) else (set(b), set(a))
    if not small <= large or len(small) < 2:
        return False
    return _agree(country, other_country) and _agree(affiliation, other_affiliation)


def match(name: str, country: str | None, affiliation: str | None,
          candidates: list[tuple[int, str, str | None, str | None]]) -> int | None:
    """The id of the one stored person ``name`` is, among ``(id, name, country,
    affiliation)`` candidates; None when none or several are."""
    found = {cid for cid, other, c, aff in candidates
             if same_person(name, country, affiliation, other, c, aff)}
    return found.pop() if len(found) == 1 else None
