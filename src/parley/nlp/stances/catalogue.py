"""The issue catalogue: disputed issues, their propositions and cue phrases, as editable data.

Each issue has a ``slug``, a ``proposition`` (what a "support" stance agrees with) and the
phrases that find it in text:

``keywords``
    mentions of the issue ("ceasefire", "direct talks"); case-insensitive, matched on
    spaCy's NORM so that "isn’t" == "is not" and "cease-fire" needs its own entry.
``support_cues`` / ``oppose_cues``
    phrases that by themselves take a side ("part of Russia", "or not at all"). A cue sets
    the polarity when the issue is mentioned in the same statement or sentence; a cue that
    contains one of the issue's keywords mentions the issue itself.
``support_verbs`` / ``oppose_verbs`` (optional)
    lemmas that move the issue toward or away from the proposition when a keyword is their
    object ("lift" / "extend" the sanctions); they override the general lexicon in rules.py.
``objects`` (optional)
    mentions of what the proposition acts on rather than of the proposition itself
    ("sanctions" for "sanctions should be lifted", "Crimea" for "Crimea is part of Russia"):
    wanting sanctions is not wanting them lifted, so only the issue's own verbs and cues
    read a stance off an object ("impose sanctions", "return Crimea"). An object listed among
    the keywords too is read as an object.
``context`` (optional)
    the issue is only looked for in articles that mention one of these ("Russia", "Kyiv"):
    "sanctions" in an article about another country are not sanctions on Russia. When two
    files define a slug and one gives no context, the joined issue has none.
``anaphors`` (optional)
    short forms that mean the issue only once it has been named ("the exchange" after "a
    prisoner exchange"): they count as keywords after a keyword of the issue.
``patterns`` (optional)
    regular expressions (case-insensitive) whose matches count as keywords, for mentions no
    fixed phrase covers ("Russia and Ukraine ... meet").

The packaged catalogue (``parley/data/issues.json``) covers the Russia–Ukraine talks; users
add files of the same shape (``PARLEY_ISSUES=path1:path2`` or ``load_catalogue(extra=...)``).
When several files define the same slug, the first file's proposition wins and the phrase
lists are joined, so a user file can add cues to a packaged issue.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.matcher import PhraseMatcher
from spacy.vocab import Vocab

from parley.errors import ConfigError

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: Match-id suffixes for the phrase matcher: keyword, support cue, oppose cue.
KEYWORD, SUPPORT, OPPOSE, ANAPHOR = "kw", "support", "oppose", "ana"
OBJECT, CONTEXT = "obj", "ctx"
#: Match kinds that name the issue.
MENTIONS = frozenset({KEYWORD, OBJECT})
_LISTS = (
    "keywords",
    "support_cues",
    "oppose_cues",
    "support_verbs",
    "oppose_verbs",
    "patterns",
    "anaphors",
    "objects",
    "context",
)


@dataclass(frozen=True, slots=True)
class Issue:
    """One disputed issue and the phrases that find it."""

    slug: str
    proposition: str
    keywords: tuple[str, ...] = ()
    support_cues: tuple[str, ...] = ()
    oppose_cues: tuple[str, ...] = ()
    support_verbs: frozenset[str] = frozenset()
    oppose_verbs: frozenset[str] = frozenset()
    patterns: tuple[re.Pattern[str], ...] = ()
    anaphors: tuple[str, ...] = ()
    objects: tuple[str, ...] = ()
    context: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {
            "slug": self.slug,
            "proposition": self.proposition,
            "keywords": list(self.keywords),
            "support_cues": list(self.support_cues),
            "oppose_cues": list(self.oppose_cues),
            "support_verbs": sorted(self.support_verbs),
            "oppose_verbs": sorted(self.oppose_verbs),
            "patterns": [p.pattern for p in self.patterns],
            "anaphors": list(self.anaphors),
            "objects": list(self.objects),
            "context": list(self.context),
        }


@dataclass
class Catalogue:
    """The issues in catalogue order, by slug, and a phrase matcher per vocabulary."""

    issues: list[Issue] = field(default_factory=list)
    # id(vocab) -> (vocab, matcher); the vocab is kept so that its id cannot be reused
    _matchers: dict[int, tuple[Vocab, PhraseMatcher]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.by_slug = {i.slug: i for i in self.issues}

    def __len__(self) -> int:
        return len(self.issues)

    def __iter__(self):
        return iter(self.issues)

    def get(self, slug: str) -> Issue | None:
        return self.by_slug.get(slug)

    def matcher(self, vocab: Vocab) -> PhraseMatcher:
        """A NORM phrase matcher for every keyword and cue (match id ``slug|kind``), cached."""
        key = id(vocab)
        if key not in self._matchers:
            self._matchers[key] = (vocab, _build_matcher(self.issues, vocab))
        return self._matchers[key][1]


def _build_matcher(issues: Iterable[Issue], vocab: Vocab) -> PhraseMatcher:
    from spacy.lang.en import English

    # A bare English tokenizer on the same vocab: patterns tokenise like the texts.
    make = English(vocab=vocab).make_doc
    matcher = PhraseMatcher(vocab, attr="NORM")
    for issue in issues:
        objects = {o.casefold() for o in issue.objects}
        keywords = tuple(k for k in issue.keywords if k.casefold() not in objects)
        for kind, phrases in (
            (KEYWORD, keywords),
            (OBJECT, issue.objects),
            (CONTEXT, issue.context),
            (SUPPORT, issue.support_cues),
            (OPPOSE, issue.oppose_cues),
            (ANAPHOR, issue.anaphors),
        ):
            docs = [make(p) for p in phrases if p.strip()]
            if docs:
                matcher.add(f"{issue.slug}|{kind}", docs)
    return matcher


def _strings(item: dict, key: str, where: str) -> tuple[str, ...]:
    value = item.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of strings")
    return tuple(v for v in value if v.strip())


def parse_issue(item: object, where: str) -> Issue:
    """An ``Issue`` from one catalogue entry; ``ConfigError`` says what is wrong."""
    if not isinstance(item, dict):
        raise ConfigError(f"{where}: an issue must be an object")
    slug, prop = item.get("slug"), item.get("proposition")
    if not isinstance(slug, str) or not _SLUG.fullmatch(slug):
        raise ConfigError(f"{where}: 'slug' must be lower-case words joined by '-' (got {slug!r})")
    if not isinstance(prop, str) or not prop.strip():
        raise ConfigError(f"{where} ({slug}): 'proposition' is missing")
    lists = {key: _strings(item, key, f"{where} ({slug})") for key in _LISTS}
    if not lists["keywords"] and not lists["patterns"] and not lists["objects"]:
        raise ConfigError(f"{where} ({slug}): give at least one keyword or pattern")
    try:
        patterns = tuple(re.compile(p, re.IGNORECASE) for p in lists["patterns"])
    except re.error as exc:
        raise ConfigError(f"{where} ({slug}): bad pattern: {exc}") from exc
    return Issue(
        slug=slug,
        proposition=prop.strip(),
        keywords=lists["keywords"],
        support_cues=lists["support_cues"],
        oppose_cues=lists["oppose_cues"],
        support_verbs=frozenset(v.lower() for v in lists["support_verbs"]),
        oppose_verbs=frozenset(v.lower() for v in lists["oppose_verbs"]),
        patterns=patterns,
        anaphors=lists["anaphors"],
        objects=lists["objects"],
        context=lists["context"],
    )


def parse_catalogue(data: object, source: str) -> list[Issue]:
    """The issues of one catalogue file's parsed JSON (``{"issues": [...]}``)."""
    if not isinstance(data, dict) or not isinstance(data.get("issues"), list):
        raise ConfigError(f"{source}: an issue catalogue is an object with an 'issues' list")
    issues = [parse_issue(item, f"{source}: issues[{n}]") for n, item in enumerate(data["issues"])]
    seen: set[str] = set()
    for issue in issues:
        if issue.slug in seen:
            raise ConfigError(f"{source}: issue {issue.slug!r} is defined twice")
        seen.add(issue.slug)
    return issues


def _read(path: str) -> object:
    try:
        return json.loads(Path(path).read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read issue catalogue {path}: {exc}") from exc


def _packaged() -> object:
    return json.loads(resources.files("parley.data").joinpath("issues.json").read_text("utf-8"))


def env_paths() -> tuple[str, ...]:
    """The catalogue files named by ``PARLEY_ISSUES`` (':'-separated; empty when unset)."""
    return tuple(p for p in os.environ.get("PARLEY_ISSUES", "").split(os.pathsep) if p)


@lru_cache(maxsize=8)
def load_catalogue(extra: tuple[str, ...] | None = None, packaged: bool = True) -> Catalogue:
    """The packaged catalogue plus ``extra`` files (default: ``PARLEY_ISSUES``).

    User files come first: for a slug defined more than once, the first proposition wins
    and the keyword, cue, verb and pattern lists are joined (first file's entries first).
    """
    if extra is None:
        extra = env_paths()
    sources = [(parse_catalogue(_read(path), path)) for path in extra]
    if packaged:
        sources.append(parse_catalogue(_packaged(), "parley/data/issues.json"))
    issues: dict[str, Issue] = {}
    for source in sources:
        for issue in source:
            issues[issue.slug] = merge(issues[issue.slug], issue) if issue.slug in issues else issue
    return Catalogue(list(issues.values()))


def _join(first: tuple, second: tuple) -> tuple:
    return first + tuple(x for x in second if x not in first)


def merge(first: Issue, second: Issue) -> Issue:
    """``first`` with ``second``'s phrases added (``first``'s proposition kept)."""
    return Issue(
        slug=first.slug,
        proposition=first.proposition,
        keywords=_join(first.keywords, second.keywords),
        support_cues=_join(first.support_cues, second.support_cues),
        oppose_cues=_join(first.oppose_cues, second.oppose_cues),
        # a verb one file calls "oppose" is not also "support" because another file says so
        support_verbs=first.support_verbs | (second.support_verbs - first.oppose_verbs),
        oppose_verbs=first.oppose_verbs | (second.oppose_verbs - first.support_verbs),
        patterns=_join(first.patterns, second.patterns),
        anaphors=_join(first.anaphors, second.anaphors),
        objects=_join(first.objects, second.objects),
        # no context on either side means "everywhere", and that wins
        context=_join(first.context, second.context) if first.context and second.context else (),
    )
