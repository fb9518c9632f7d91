"""The one "position changed" rule, used by the positions library, the hub and the mail.

A holder's stances on one issue are read in timeline order (by date: the stance's, else
its article's; then article, then position in the article). A stance *changes* the
position when its label differs from the holder's previous *known* label on that issue.
"unclear" is never a known label: it neither counts as a change nor hides one ("oppose",
"unclear", "support" is one change, at "support"). Catalogued and emergent issues follow
the same rule: an emergent issue is an issue slug like any other.
"""

from __future__ import annotations

from collections.abc import Hashable

#: The label that says nothing about a position (ignored by change detection).
UNCLEAR = "unclear"


def is_change(known: str | None, label: str) -> bool:
    """Whether taking ``label`` after the last known label ``known`` changes the position:
    "unclear" never does, and a first known label does not either."""
    return label != UNCLEAR and known is not None and label != known


class ChangeTracker:
    """Walks stances in timeline order and says which of them change a position.

    ``key`` names a track: a (holder, issue) pair, whatever identifies the holder (an actor
    id, a name, a country).
    """

    __slots__ = ("known",)

    def __init__(self) -> None:
        self.known: dict[Hashable, str] = {}

    def step(self, key: Hashable, label: str) -> tuple[bool, str | None]:
        """Record the next stance of track ``key``: (changed, previous known label if so)."""
        before = self.known.get(key)
        changed = is_change(before, label)
        if label != UNCLEAR:
            self.known[key] = label
        return changed, before if changed else None
