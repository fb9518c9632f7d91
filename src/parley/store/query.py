"""The search box language, parsed once into a ``SearchQuery`` for both databases.

Syntax (case-insensitive filter names, terms separated by spaces)::

    ceasefire                      articles containing the word (stemmed: "talks" ~ "talk")
    "prisoner exchange"            the exact phrase
    -sanctions  -"peace plan"      exclude a word or a phrase
    speaker:Volkova  speaker:"Anna Volkova"   quoted by that actor (full name or surname)
    actor:"Northland"              naming that actor
    issue:border-crossings         with a stance on that issue (slug)
    site:example.org               from that site (site name or host, subdomains included)
    from:2025-04-01  to:2025-04    published in that range (YYYY, YYYY-MM or YYYY-MM-DD;
                                   "to:" includes the whole month/year given)

Terms are ANDed. Repeating a filter (``speaker:a speaker:b``) means either of them.

Handling of bad input is strict, with a message saying what to change: an unbalanced
quote, an unknown filter name (``foo:bar``), an empty or malformed filter value, a bad
date, ``from`` after ``to``, a repeated ``from``/``to``, or a negated filter all raise
``InputError("query", ...)``. A colon that does not follow a bare word (``10:30``,
``http://x``) is an ordinary character, and ``word:`` with nothing after it is a word.
Terms without any letter or digit (a lone ``-``, ``""``) are dropped.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

from parley.errors import InputError

#: Filter names and what they select.
FILTERS = ("speaker", "actor", "issue", "site", "from", "to")
_FILTER = re.compile(r"^([A-Za-z]+):(.*)$", re.S)
_WORDLIKE = re.compile(r"\w")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# Control characters match nothing in an article, and a NUL ends a string in SQLite's FTS5
# parser ("unterminated string") and is refused by PostgreSQL: they count as spaces.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Term:
    """A word or phrase to find (``negated``: to exclude)."""

    text: str
    phrase: bool = False
    negated: bool = False

    def words(self) -> list[str]:
        """The term's words (a phrase has several)."""
        return self.text.split()


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A parsed search: text terms and filters (each filter tuple means "any of these")."""

    terms: tuple[Term, ...] = ()
    speakers: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    issues: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()
    date_from: str | None = None  # inclusive ISO day
    date_to: str | None = None  # inclusive ISO day
    text: str = field(default="", compare=False)

    @property
    def include(self) -> tuple[Term, ...]:
        """Terms that must match."""
        return tuple(t for t in self.terms if not t.negated)

    @property
    def exclude(self) -> tuple[Term, ...]:
        """Terms that must not match."""
        return tuple(t for t in self.terms if t.negated)

    @property
    def has_filters(self) -> bool:
        """True when any filter is set."""
        return bool(self.speakers or self.actors or self.issues or self.sites
                    or self.date_from or self.date_to)

    def is_empty(self) -> bool:
        """True when there is nothing to search for (no terms, no filters)."""
        return not self.terms and not self.has_filters


def _fail(reason: str) -> InputError:
    # One line whatever the query held (a phrase may span lines): the edges print it as is.
    return InputError("query", " ".join(reason.split()))


def _tokens(text: str) -> list[tuple[str, bool, bool, bool]]:
    """Split into (token, quoted, negated, phrase): ``phrase`` when the token is all quoted."""
    out: list[tuple[str, bool, bool, bool]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        negated = text[i] == "-" and i + 1 < n and not text[i + 1].isspace()
        if negated:
            i += 1
        start = i
        # Read a bare run up to whitespace or an opening quote.
        while i < n and not text[i].isspace() and text[i] != '"':
            i += 1
        prefix = text[start:i]
        if i < n and text[i] == '"' and (prefix == "" or prefix.endswith(":")):
            close = text.find('"', i + 1)
            if close == -1:
                raise _fail(f'unbalanced quote: the " at character {i + 1} is never closed')
            out.append((prefix + text[i + 1 : close], True, negated, prefix == ""))
            i = close + 1
            continue
        if i < n and text[i] == '"':
            raise _fail(f'unexpected quote at character {i + 1}: put a space before a phrase')
        out.append((prefix, False, negated, False))
    return out


def _parse_date(value: str, name: str) -> str:
    """``YYYY[-MM[-DD]]`` -> the first (``from``) or last (``to``) ISO day it covers."""
    match = _DATE.match(value)
    if not match:
        raise _fail(f"{name}: expects a date as YYYY-MM-DD (or YYYY-MM, YYYY), got {value!r}")
    year, month, day = int(match.group(1)), match.group(2), match.group(3)
    try:
        if day is not None:
            return date(year, int(month), int(day)).isoformat()
        if month is not None:
            m = int(month)
            last = calendar.monthrange(year, m)[1] if 1 <= m <= 12 else 0
            return date(year, m, 1 if name == "from" else last).isoformat()
        return date(year, 1, 1).isoformat() if name == "from" else date(year, 12, 31).isoformat()
    except ValueError:
        raise _fail(f"{name}: {value!r} is not a real date") from None


def parse_query(text: str) -> SearchQuery:
    """Parse the search box language (see the module docstring) into a ``SearchQuery``."""
    terms: list[Term] = []
    filters: dict[str, list[str]] = {name: [] for name in FILTERS}
    for token, quoted, negated, phrase in _tokens(_CONTROL.sub(" ", text)):
        match = None if phrase else _FILTER.match(token)
        if match:
            name, value = match.group(1).lower(), match.group(2).strip()
            is_word = (not value and not quoted) or value.startswith("//")
            if not is_word:
                _add_filter(filters, name, value, negated, match.group(1))
                continue
            if name in FILTERS and not value:
                raise _fail(f"{name}: needs a value, e.g. {name}:{_EXAMPLES[name]}")
        words = " ".join(token.split())
        if not _WORDLIKE.search(words):
            continue  # "", "-", "…": nothing either search engine could match
        terms.append(Term(words, phrase=phrase and " " in words, negated=negated))
    date_from = _parse_date(filters["from"][0], "from") if filters["from"] else None
    date_to = _parse_date(filters["to"][0], "to") if filters["to"] else None
    if date_from and date_to and date_from > date_to:
        raise _fail(f"from:{date_from} is after to:{date_to}")
    return SearchQuery(
        terms=tuple(terms),
        speakers=tuple(filters["speaker"]),
        actors=tuple(filters["actor"]),
        issues=tuple(v.lower() for v in filters["issue"]),
        sites=tuple(v.lower() for v in filters["site"]),
        date_from=date_from,
        date_to=date_to,
        text=text,
    )


_EXAMPLES = {
    "speaker": '"Anna Volkova"', "actor": "Northland", "issue": "border-crossings",
    "site": "example.org", "from": "2025-04-01", "to": "2025-04-30",
}


def _add_filter(filters: dict[str, list[str]], name: str, value: str, negated: bool,
                written: str) -> None:
    if name not in filters:
        known = ", ".join(f"{f}:" for f in FILTERS)
        raise _fail(f"unknown filter '{written}:' (known: {known}); "
                    f'to search for the text itself, put it in quotes: "{written}:{value}"')
    if negated:
        raise _fail(f"filters cannot be negated (-{written}:{value})")
    if not value:
        raise _fail(f"{name}: needs a value, e.g. {name}:{_EXAMPLES[name]}")
    if name in ("from", "to") and filters[name]:
        raise _fail(f"{name}: may be given only once")
    filters[name].append(" ".join(value.split()))
