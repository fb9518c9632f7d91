"""Countries by name, alternative name, demonym and capital (the open data plus curated names).

The generated list (``parley/data/open/countries.json``, see ``scripts/build_data.py``) gives
every country's names, demonyms and capitals; ``parley/data/country_names.json`` adds the
short forms articles use ("U.S.", "Britain", "Turkey") and wins where the two disagree.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

from parley.nlp.actors.registry import normalize


@dataclass(frozen=True, slots=True)
class Country:
    """One country or territory, as the open data and the curated names describe it."""

    code: str  # ISO 3166-1 alpha-2
    name: str
    names: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]
    un_member: bool = False


@dataclass(slots=True)
class CountryIndex:
    """Look a country up by any of its names, its demonym or its capital."""

    countries: dict[str, Country] = field(default_factory=dict)
    _names: dict[str, str] = field(default_factory=dict)
    _demonyms: dict[str, str] = field(default_factory=dict)
    _capitals: dict[str, str] = field(default_factory=dict)

    def add(self, country: Country, curated: bool = False) -> None:
        self.countries[country.code] = country
        for table, values in (
            (self._names, country.names),
            (self._demonyms, country.demonyms),
            (self._capitals, country.capitals),
        ):
            for value in values:
                keys = {normalize(value)}
                if table is self._capitals:
                    keys.add(normalize(_unquoted(value)))  # "Sana'a" written "Sanaa"
                for key in keys:
                    if curated:
                        table[key] = country.code
                    else:
                        table.setdefault(key, country.code)

    def name_starts(self) -> frozenset[str]:
        """The first words of the names of more than one word ("united", "guinea" of "guinea-bissau")."""
        parts = (re.split(r"[\s\-]+", key) for key in self._names)
        return frozenset(words[0] for words in parts if len(words) > 1)

    def by_name(self, name: str) -> str | None:
        """The code of the country called ``name`` ("Iran", "the United States", "U.S.")."""
        return self._names.get(normalize(name))

    def by_demonym(self, word: str) -> str | None:
        """The code for a demonym ("Israeli", "Sudanese"), plural or possessive too."""
        key = normalize(word)
        code = self._demonyms.get(key)
        if code is None and key.endswith("s"):
            code = self._demonyms.get(key[:-1])
        return code

    def by_capital(self, name: str) -> str | None:
        """The code of the country whose capital is ``name`` ("Tehran" -> "IR")."""
        return self._capitals.get(normalize(name)) or self._capitals.get(normalize(_unquoted(name)))

    def code(self, text: str) -> str | None:
        """The country ``text`` names by name, demonym or capital, else None."""
        return self.by_name(text) or self.by_demonym(text) or self.by_capital(text)

    def name(self, code: str) -> str | None:
        country = self.countries.get(code)
        return country.name if country else None


def _unquoted(name: str) -> str:
    """A name without its apostrophes ("Sana'a" -> "Sanaa", as many reports write it)."""
    return name.replace("'", "").replace("\u2019", "")


def _read(name: str) -> object:
    return json.loads(resources.files("parley.data").joinpath(name).read_text("utf-8"))


@lru_cache(maxsize=1)
def load_countries() -> CountryIndex:
    """The packaged country index (generated list, then curated names over it)."""
    index = CountryIndex()
    for row in _read("open/countries.json"):  # type: ignore[union-attr]
        capitals = tuple(row["capitals"])
        # "Washington D.C." is written "Washington" in running text
        short = tuple(c.split(" D.C.")[0] for c in capitals if " D.C." in c)
        index.add(
            Country(
                code=row["code"],
                name=row["name"],
                names=(row["name"], row["official"], *row["aliases"]),
                demonyms=tuple(row["demonyms"]),
                capitals=capitals + short,
                un_member=row["un_member"],
            )
        )
    curated = _read("country_names.json")
    for code, extra in curated.items():  # type: ignore[union-attr]
        if code.startswith("_"):
            continue
        base = index.countries.get(code)
        index.add(
            Country(
                code=code,
                name=base.name if base else extra["names"][0],
                names=tuple(extra.get("names", ())),
                demonyms=tuple(extra.get("demonyms", ())),
                capitals=tuple(extra.get("capitals", ())),
                un_member=base.un_member if base else False,
            ),
            curated=True,
        )
        if base is not None:
            index.countries[code] = replace(base, name=extra.get("display", base.name))
    return index
