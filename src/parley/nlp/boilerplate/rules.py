"""Find boilerplate lines by the editable patterns in ``parley/data/boilerplate.txt``."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

#: Boilerplate lines are short; a long line is article body whatever it starts with.
MAX_LINE = 300


@lru_cache(maxsize=8)
def load_patterns(path: str | None = None) -> re.Pattern[str]:
    """Compile the pattern file (the packaged one by default) into one regex."""
    if path is None:
        text = resources.files("parley.data").joinpath("boilerplate.txt").read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    lines = [ln.strip() for ln in text.splitlines()]
    alternatives = [ln for ln in lines if ln and not ln.startswith("#")]
    return re.compile("(?:" + "|".join(f"(?:{p})" for p in alternatives) + r")\Z", re.I)


def boilerplate_ranges(text: str, pattern: re.Pattern[str] | None = None) -> list[tuple[int, int]]:
    """Character ranges of the lines of ``text`` that are boilerplate, in order."""
    pattern = pattern or load_patterns()
    ranges: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped and len(stripped) <= MAX_LINE and pattern.match(stripped):
            start = pos + line.index(stripped)
            ranges.append((start, start + len(stripped)))
        pos += len(line)
    return ranges


def merge_ranges(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort and merge overlapping or touching ranges."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
