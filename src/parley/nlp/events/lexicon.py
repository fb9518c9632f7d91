"""The event lexicon (``parley/data/events.json``): trigger words, kinds, PLOVER types."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.strings import hash_string

from parley.errors import ConfigError

ROLES = ("setting", "statement", "act")
#: Object classes the rules check themselves; "object_words" in the lexicon adds more.
OBJECT_CLASSES = ("any", "media", "audience", "captives", "place", "someone", "person")


@dataclass(frozen=True, slots=True)
class Kind:
    """One event kind: its PLOVER type and mode, and its role in linking statements."""

    name: str
    plover: str | None
    mode: str | None
    role: str  # one of ROLES
    emit: bool = True


@dataclass(frozen=True, slots=True)
class Trigger:
    """One trigger entry: a lemma, its part of speech, its kind and the constraints."""

    lemma: str
    pos: str  # "verb" or "noun"
    kind: str
    prep: str | None = None
    particle: str | None = None
    negated: bool = False
    object: str | None = None
    not_object: str | None = None  # an object of this class unmakes it ("meet a goal")
    by: frozenset[str] = frozenset()
    compound: frozenset[str] = frozenset()
    plural: bool = False
    swap: bool = False
    infinitive: bool = False
    commits: bool = False
    mode: str | None = None


@dataclass(frozen=True)
class Lexicon:
    """Triggers indexed by lemma, and the word lists the rules consult."""

    kinds: dict[str, Kind]
    verbs: dict[str, tuple[Trigger, ...]]
    nouns: dict[str, tuple[Trigger, ...]]
    light_verbs: dict[str, frozenset[str]]  # kind -> verbs that take the noun as object
    setting_preps: frozenset[str]
    media_words: frozenset[str]
    audience_words: frozenset[str]
    captive_words: frozenset[str]
    idle_complements: frozenset[str]
    interviewer_titles: frozenset[str]
    #: object class -> the object nouns it takes ("truce": ceasefire, truce, ...)
    object_words: dict[str, frozenset[str]] = field(default_factory=dict)
    #: spaCy hashes of every trigger lemma, for a first pass over a doc's lemma array
    lemma_hashes: frozenset[int] = field(default=frozenset())
    #: well-known venues (lower case) -> (the venue as written, the city it stands in)
    venues: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: well-known cities that are no capital (lower case) -> their country's ISO code
    cities: dict[str, str] = field(default_factory=dict)
    #: cities (lower case) -> the international bodies they seat
    seats: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def city_country(self, place: str) -> str | None:
        """ "Honolulu" -> "US"; None for a city the lexicon does not know."""
        return self.cities.get(place.lower().removeprefix("the ").strip())

    def venue(self, text: str) -> str | None:
        """ "the State Department" -> "State Department, Washington"; None if unknown."""
        low = text.lower().removeprefix("the ").strip()
        found = self.venues.get(low)
        return f"{found[0]}, {found[1]}" if found else None

    def kind(self, name: str) -> Kind:
        return self.kinds[name]


def _trigger(item: dict, kinds: dict[str, Kind], classes: tuple[str, ...]) -> Trigger:
    kind = item["kind"]
    if kind not in kinds:
        raise ValueError(f"trigger {item['lemma']!r} has unknown kind {kind!r}")
    pos = item.get("pos", "verb")
    if pos not in ("verb", "noun"):
        raise ValueError(f"trigger {item['lemma']!r}: pos must be 'verb' or 'noun'")
    obj = item.get("object")
    if obj is not None and obj not in classes:
        raise ValueError(f"trigger {item['lemma']!r}: object must be one of {classes}")
    not_obj = item.get("not_object")
    if not_obj is not None and not_obj not in classes:
        raise ValueError(f"trigger {item['lemma']!r}: not_object must be one of {classes}")
    return Trigger(
        lemma=item["lemma"].lower(),
        pos=pos,
        kind=kind,
        prep=item.get("prep"),
        particle=item.get("particle"),
        negated=bool(item.get("negated", False)),
        object=obj,
        not_object=not_obj,
        by=frozenset(item.get("by", ())),
        compound=frozenset(item.get("compound", ())),
        plural=bool(item.get("plural", False)),
        swap=bool(item.get("swap", False)),
        infinitive=bool(item.get("infinitive", False)),
        commits=bool(item.get("commits", False)),
        mode=item.get("mode"),
    )


def _kind(name: str, item: dict) -> Kind:
    role = item.get("role", "act")
    if role not in ROLES:
        raise ValueError(f"kind {name!r}: role must be one of {ROLES}")
    return Kind(name, item.get("plover"), item.get("mode"), role, bool(item.get("emit", True)))


def parse_lexicon(data: dict) -> Lexicon:
    """Build a ``Lexicon`` from the parsed JSON (raises ``ValueError``/``KeyError``)."""
    kinds = {name: _kind(name, item) for name, item in data["kinds"].items()}
    words = {k: frozenset(w.lower() for w in v) for k, v in data.get("object_words", {}).items()}
    classes = OBJECT_CLASSES + tuple(words)
    verbs: dict[str, list[Trigger]] = {}
    nouns: dict[str, list[Trigger]] = {}
    for item in data["triggers"]:
        trig = _trigger(item, kinds, classes)
        (verbs if trig.pos == "verb" else nouns).setdefault(trig.lemma, []).append(trig)
    light = {k: frozenset(v) for k, v in data.get("light_verbs", {}).items()}
    for name in light:
        if name not in kinds:
            raise ValueError(f"light_verbs names unknown kind {name!r}")
    return Lexicon(
        kinds=kinds,
        verbs={k: tuple(v) for k, v in verbs.items()},
        nouns={k: tuple(v) for k, v in nouns.items()},
        light_verbs=light,
        setting_preps=frozenset(data.get("setting_preps", ())),
        media_words=frozenset(w.lower() for w in data.get("media_words", ())),
        audience_words=frozenset(w.lower() for w in data.get("audience_words", ())),
        captive_words=frozenset(w.lower() for w in data.get("captive_words", ())),
        idle_complements=frozenset(w.lower() for w in data.get("idle_complements", ())),
        interviewer_titles=frozenset(w.lower() for w in data.get("interviewer_titles", ())),
        object_words=words,
        lemma_hashes=frozenset(hash_string(w) for w in {*verbs, *nouns}),
        venues={
            k.lower(): (k, str(v))
            for k, v in data.get("venues", {}).items()
            if not k.startswith("_")
        },
        seats={
            k.lower(): tuple(v) for k, v in data.get("seats", {}).items() if not k.startswith("_")
        },
        cities={
            city.lower(): code
            for code, names in data.get("cities", {}).items()
            if not code.startswith("_")
            for city in names
        },
    )


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Load the event lexicon (the packaged one unless ``path`` is given)."""
    source = path or "parley/data/events.json"
    try:
        if path is None:
            text = resources.files("parley.data").joinpath("events.json").read_text("utf-8")
        else:
            text = Path(path).read_text("utf-8")
        return parse_lexicon(json.loads(text))
    except OSError as exc:
        raise ConfigError(f"cannot read event lexicon {source}: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(f"{source}: malformed event lexicon ({exc})") from None
