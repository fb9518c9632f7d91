"""The reporting-cue lexicon (``parley/data/cues.json``) and the cue tests on tokens."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.tokens import Span, Token


@dataclass(frozen=True)
class Cues:
    """Cue words by role; see the comment at the top of the data file."""

    verbs: frozenset[str]
    object_verbs: frozenset[str]
    infinitive_verbs: frozenset[str]
    prep_verbs: dict[str, frozenset[str]]  # preposition -> verbs taking its object as content
    weak_verbs: frozenset[str]
    particles: dict[str, frozenset[str]]
    nouns: frozenset[str]
    according_to: tuple[str, ...]
    reply_verbs: frozenset[str]
    not_content: frozenset[str] = frozenset()
    not_content_verbs: frozenset[str] = frozenset()

    @property
    def any_verbs(self) -> frozenset[str]:
        """Every verb that can be a cue with some complement."""
        preps = frozenset(v for vs in self.prep_verbs.values() for v in vs)
        return self.verbs | self.object_verbs | self.infinitive_verbs | preps

    def is_verb_cue(self, tok: Token, lexicon: frozenset[str] | None = None) -> bool:
        """True when ``tok`` is a reporting verb (phrasal ones with their particle)."""
        if tok.pos_ not in ("VERB", "AUX") and tok.tag_ not in ("VBD", "VBZ", "VBP", "VBG", "VBN"):
            return False
        lemma = tok.lemma_.lower()
        if lemma in (self.verbs if lexicon is None else lexicon):
            return True
        parts = self.particles.get(lemma)
        return bool(parts) and any(c.dep_ in ("prt", "acomp") and c.lower_ in parts for c in tok.children)

    def cue_tokens(self, tok: Token) -> Span:
        """The cue as written: the verb with an adjacent particle ("pointed out")."""
        doc = tok.doc
        parts = self.particles.get(tok.lemma_.lower(), ())
        end = tok.i + 1
        for child in tok.rights:
            if child.dep_ in ("prt", "acomp") and child.lower_ in parts and child.i <= end + 1:
                end = child.i + 1
        return doc[tok.i : end]


def _data_text(path: str | None) -> str:
    if path is None:
        return resources.files("parley.data").joinpath("cues.json").read_text("utf-8")
    return Path(path).read_text("utf-8")


@lru_cache(maxsize=4)
def load_cues(path: str | None = None) -> Cues:
    """Load the cue lexicon (the packaged one unless ``path`` is given)."""
    data = json.loads(_data_text(path))
    return Cues(
        verbs=frozenset(v.lower() for v in data["verbs"]),
        object_verbs=frozenset(data.get("object_verbs", [])),
        infinitive_verbs=frozenset(data.get("infinitive_verbs", [])),
        prep_verbs={k: frozenset(v) for k, v in data.get("prep_verbs", {}).items()},
        weak_verbs=frozenset(data.get("weak_verbs", [])),
        particles={k: frozenset(v) for k, v in data.get("particles", {}).items()},
        nouns=frozenset(data.get("nouns", [])),
        according_to=tuple(data.get("according_to", ["according to"])),
        reply_verbs=frozenset(data.get("addressed_by_reply", [])),
        not_content=frozenset(data.get("not_content", [])),
        not_content_verbs=frozenset(data.get("not_content_verbs", [])),
    )
