"""Unnamed sources within one article: "a Sudanese official said …", then "the official
told …", "he said": the later mentions carry the actor the first one stood for."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.tokens import Span

#: Head nouns of an unnamed source ("a senior official", "a diplomatic source").
SOURCE_HEADS = frozenset("official source diplomat".split())
#: How many sentences back "the official" may find the unnamed source it repeats.
SOURCE_WINDOW = 6
#: How many sentences back "he"/"she" may carry an unnamed speaker.
PRONOUN_WINDOW = 2


@dataclass
class UnnamedSources:
    """Where an unnamed source spoke, in text order: (char, sentence, actor)."""

    chars: list[int] = field(default_factory=list)
    entries: list[tuple[int, int, object, str | None]] = field(default_factory=list)

    def note(self, char: int, sent: int, cluster, head: str | None = None) -> None:
        """An unnamed source at ``char`` (sentence ``sent``; ``head``: "official", "source",
        None for a pronoun) stood for ``cluster``."""
        at = bisect_left(self.chars, char)
        if at < len(self.chars) and self.chars[at] == char:
            return
        self.chars.insert(at, char)
        self.entries.insert(at, (char, sent, cluster, head))

    def last(
        self, char: int, sent: int, window: int, head: str | None = None
    ) -> tuple[int, object] | None:
        """The latest unnamed source before ``char``, at most ``window`` sentences back (with
        ``head``: the latest one called so, "the official" after "a Hamas official")."""
        for k in range(bisect_left(self.chars, char) - 1, -1, -1):
            start, where, cluster, called = self.entries[k]
            if sent - where > window:
                return None
            if head is None or called == head:
                return start, cluster
        return None


def unnamed_source(mention: Span) -> bool:
    """ "a diplomatic source", "the official": one source the text does not name."""
    root = mention.root
    return root.lower_ in SOURCE_HEADS and root.tag_ not in ("NNS", "NNPS") and not any(
        t.ent_type_ == "PERSON" for t in mention
    )


def repeats_source(mention: Span) -> bool:
    """ "the official", "the senior source", "the same diplomat": a definite description of
    one unnamed source that names no state, body or person of its own."""
    root = mention.root
    if root.lower_ not in SOURCE_HEADS or root.tag_ in ("NNS", "NNPS") or len(mention) < 2:
        return False
    if mention[0].lower_ not in ("the", "this", "that"):
        return False
    if any(c.dep_ in ("poss", "prep", "relcl", "acl", "appos") for c in root.children):
        return False  # "the official in charge of …", "the army's official"
    return not any(t.text[:1].isupper() for t in mention[1:])
