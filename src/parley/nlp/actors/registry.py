"""The actor registry: canonical names, aliases, dated titles and metonyms, as editable data.

The packaged registry (``parley/data/actors.json``) starts with the main actors of the
Russia–Ukraine–US negotiations; users add their own files of the same shape
(``PARLEY_ACTORS=path1:path2`` or ``load_registry(extra=[...])``).
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from parley.errors import ConfigError

_DOTS = re.compile(r"(?<=\b[A-Za-z])\.")
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """``text`` without diacritics ("Erdoğan" -> "Erdogan")."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1 << 16)
def normalize(name: str) -> str:
    """A lookup key: lower case, no accents, no leading "the", "U.S." == "US", ’ == '."""
    key = fold(name).replace("’", "'").replace("`", "'").strip().strip(".,;:")
    key = _DOTS.sub("", key)
    key = _SPACE.sub(" ", key).lower()
    if key.startswith("the "):
        key = key[4:]
    if key.endswith("'s"):
        key = key[:-2]
    return key


def slugify(name: str) -> str:
    """A readable, stable id for an actor name ("Sergey Lavrov" -> "sergey-lavrov")."""
    slug = re.sub(r"[^\w]+", "-", name.lower(), flags=re.UNICODE).strip("-")
    return slug or "actor"


@dataclass(frozen=True, slots=True)
class Title:
    """A title an actor held between two dates (open-ended when ``to`` is None)."""

    title: str
    forms: tuple[str, ...]
    start: str | None
    end: str | None
    #: The short role, lower case, without the country ("prime minister"), when known.
    role: str | None = None

    def held_on(self, day: str | None) -> bool:
        if day is None:
            return self.end is None  # no date: assume the article is current
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(slots=True)
class RegistryActor:
    """One curated actor."""

    name: str
    kind: str
    country: str | None = None
    gender: str | None = None
    aliases: tuple[str, ...] = ()
    titles: tuple[Title, ...] = ()
    metonyms: tuple[str, ...] = ()
    #: The country (ISO code) a group or movement comes from and fights in ("Houthis":
    #: "YE"); its ``country`` when it has one. Not a country it speaks for.
    home: str | None = None
    #: Since when the group is the de facto authority in its home country's capital
    #: (ISO date): from then the capital's name stands for the group.
    capital_since: str | None = None

    @property
    def id(self) -> str:
        return slugify(self.name)

    def holds_capital(self, day: str | None) -> bool:
        """Whether the group held its home country's capital on ``day`` (None: today)."""
        return self.capital_since is not None and (day is None or self.capital_since <= day[:10])

    @property
    def surname(self) -> str | None:
        parts = self.name.split()
        return parts[-1].lower() if self.kind == "person" and len(parts) > 1 else None


@dataclass
class Registry:
    """Lookups by alias, title (on a date), metonym and place name."""

    actors: list[RegistryActor] = field(default_factory=list)
    places: set[str] = field(default_factory=set)
    _alias: dict[str, RegistryActor] = field(default_factory=dict)
    _metonym: dict[str, RegistryActor] = field(default_factory=dict)
    _titles: dict[str, list[tuple[Title, RegistryActor]]] = field(default_factory=dict)

    def add(self, actor: RegistryActor) -> None:
        self.actors.append(actor)
        for alias in (actor.name, *actor.aliases, *_short_forms(actor)):
            self._alias.setdefault(normalize(alias), actor)
        for m in actor.metonyms:
            self._metonym[normalize(m)] = actor
        for title in actor.titles:
            for form in (title.title, *title.forms):
                self._titles.setdefault(normalize(form), []).append((title, actor))

    def by_alias(self, name: str) -> RegistryActor | None:
        return self._alias.get(normalize(name))

    def by_metonym(self, name: str) -> RegistryActor | None:
        return self._metonym.get(normalize(name))

    def by_title(
        self, phrase: str, day: str | None, present: frozenset[str] = frozenset()
    ) -> RegistryActor | None:
        """Who held the title written as ``phrase`` on ``day``.

        When several held it ("the president"), the one among ``present`` (names already
        in the article) wins; None when that still leaves more than one or none.
        """
        holders = {a.name: a for t, a in self._titles.get(normalize(phrase), []) if t.held_on(day)}
        if len(holders) > 1:
            holders = {n: a for n, a in holders.items() if n in present}
        return next(iter(holders.values())) if len(holders) == 1 else None

    def is_place(self, name: str) -> bool:
        return normalize(name) in self.places

    def extend(self, data: dict, source: str) -> None:
        """Add the actors and places of one registry file's parsed JSON."""
        try:
            for item in data.get("actors", []):
                self.add(_actor(item))
            self.places.update(normalize(p) for p in data.get("places", []))
        except (KeyError, TypeError, AttributeError) as exc:
            raise ConfigError(f"{source}: malformed actor registry ({exc})") from exc


def _short_forms(actor: RegistryActor) -> tuple[str, ...]:
    """A long personal name without its middle names ("Recep Tayyip Erdogan" -> "Recep Erdogan")."""
    parts = actor.name.split()
    if actor.kind != "person" or len(parts) < 3 or any(p[:1].islower() for p in parts):
        return ()
    return (f"{parts[0]} {parts[-1]}",)


#: "Secretary of State": the "of" phrase is the office itself, not whose it is.
OFFICE_OF = re.compile(
    r"^(?:\S+ )?(secretary of (?:state|defen[cs]e|war|the treasury|homeland security))\b", re.I
)


def short_role(title: str) -> str:
    """A registry title as a role: "President of Russia" -> "president", but "US Secretary
    of State" -> "secretary of state" (its "of" names the office; the country is said apart)."""
    office = OFFICE_OF.match(title)
    if office is not None:
        return office.group(1).lower()
    return title.split(" of ")[0].lower()


def role_on(actor: RegistryActor, day: str | None) -> str | None:
    """The short role ``actor`` held on ``day`` according to the registry, if any."""
    for title in actor.titles:
        if title.held_on(day):
            return title.role or short_role(title.title)
    return None


def leaders_data(rows: list[dict]) -> dict:
    """The open leaders list (``open/leaders.json``) in the registry file's shape.

    One actor per person (rows of one person merged on their Wikidata id), each office a
    title held from its first year to the end of its last.
    """
    people: dict[str, dict] = {}
    for row in rows:
        key = row.get("wikidata") or row["name"]
        item = people.setdefault(
            key, {"name": row["name"], "kind": "person", "country": row.get("country"), "titles": []}
        )
        start, end = row.get("from_year"), row.get("to_year")
        item["titles"].append(
            {
                "title": row["office"],
                "role": row.get("title"),
                "from": str(start) if start else None,
                "to": str(end + 1) if end else None,
            }
        )
    return {"actors": list(people.values())}


def _actor(item: dict) -> RegistryActor:
    titles = tuple(
        Title(t["title"], tuple(t.get("forms", [])), t.get("from"), t.get("to"), t.get("role"))
        for t in item.get("titles", [])
    )
    return RegistryActor(
        name=item["name"],
        kind=item.get("kind", "unknown"),
        country=item.get("country"),
        gender=item.get("gender"),
        aliases=tuple(item.get("aliases", [])),
        titles=titles,
        metonyms=tuple(item.get("metonyms", [])),
        home=item.get("home") or item.get("country"),
        capital_since=item.get("capital_since"),
    )


def _read(path: str) -> dict:
    try:
        return json.loads(Path(path).read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read actor registry {path}: {exc}") from exc


@lru_cache(maxsize=8)
def load_registry(extra: tuple[str, ...] | None = None, packaged: bool = True) -> Registry:
    """The packaged registry plus ``extra`` files (default: ``PARLEY_ACTORS``, ':'-separated).

    User files come first, so their entries win over packaged ones with the same alias.
    """
    if extra is None:
        extra = tuple(p for p in os.environ.get("PARLEY_ACTORS", "").split(os.pathsep) if p)
    registry = Registry()
    for path in extra:
        registry.extend(_read(path), path)
    if packaged:
        text = resources.files("parley.data").joinpath("actors.json").read_text("utf-8")
        registry.extend(json.loads(text), "parley/data/actors.json")
        for name in ("groups.json",):
            text = resources.files("parley.data").joinpath(name).read_text("utf-8")
            registry.extend(json.loads(text), f"parley/data/{name}")
        # the open list last: every curated entry shadows it
        text = resources.files("parley.data").joinpath("open/leaders.json").read_text("utf-8")
        registry.extend(leaders_data(json.loads(text)), "parley/data/open/leaders.json")
    return registry
