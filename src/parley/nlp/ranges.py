"""Character ranges: a quote content's segments, and membership in O(log n) per lookup."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable


def content_ranges(span: dict) -> list[tuple[int, int]]:
    """The ``(start, end)`` ranges of a span's JSON: its ``segments``, else the span itself.

    A quote's content interrupted by its attribution ("We will, he said, not sign") has one
    segment per piece; an uninterrupted one has none and covers ``start``..``end``.
    """
    return [(int(s), int(e)) for s, e in span.get("segments") or [(span["start"], span["end"])]]


class RangeSet:
    """Half-open character ranges, merged; ``pos in ranges`` tests membership."""

    __slots__ = ("_starts", "_ends")

    def __init__(self, ranges: Iterable[tuple[int, int]] = ()):
        merged: list[list[int]] = []
        for start, end in sorted((int(s), int(e)) for s, e in ranges if e > s):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [s for s, _ in merged]
        self._ends = [e for _, e in merged]

    def __contains__(self, pos: int) -> bool:
        k = bisect_right(self._starts, pos) - 1
        return k >= 0 and pos < self._ends[k]

    def __bool__(self) -> bool:
        return bool(self._starts)

    def __len__(self) -> int:
        return len(self._starts)
