"""Find quoted passages by their quotation marks, character by character.

Handles straight and curly, double and single marks (where ’ is also the apostrophe in
"Moscow’s"), guillemets, nested quotes (the outer quote owns the inner one), and quotes
that run over several paragraphs (a paragraph ending inside a quote, the next one
reopening it with an opening mark and no closing mark in between).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE, SINGLE, GUILLEMET = "double", "single", "guillemet"

#: Opening marks and the family they belong to.
OPENERS = {"“": DOUBLE, "„": DOUBLE, "‟": DOUBLE, "‘": SINGLE, "‚": SINGLE, "«": GUILLEMET, "‹": GUILLEMET}
#: Closing marks and their family.
CLOSERS = {"”": DOUBLE, "’": SINGLE, "»": GUILLEMET, "›": GUILLEMET}
#: Short elisions written with a leading apostrophe, never the start of a quote.
_ELISION = re.compile(r"(?:em|tis|twas|til|cause|n|s|\d\d?s?)\b", re.I)
_PARAGRAPH = re.compile(r"\n")


class Segmented:
    """``start`` and ``end`` of something made of ``segments``: (start, end) pairs in order."""

    __slots__ = ()
    segments: tuple[tuple[int, int], ...] | list[tuple[int, int]]

    @property
    def start(self) -> int:
        return self.segments[0][0]

    @property
    def end(self) -> int:
        return self.segments[-1][1]


@dataclass(frozen=True, slots=True)
class QuotedPassage(Segmented):
    """A quoted passage: the text between the marks, possibly over several paragraphs."""

    segments: tuple[tuple[int, int], ...]  # inner (start, end) per paragraph, marks excluded
    family: str
    open_at: int  # offset of the opening mark
    close_at: int | None  # offset of the closing mark (None when closed by paragraph end)


def _is_word(ch: str) -> bool:
    return ch.isalnum()


@dataclass(slots=True)
class _Open:
    family: str
    mark: str
    pos: int
    segments: list[tuple[int, int]]  # finished segments of earlier paragraphs
    seg_start: int  # where the current segment's text starts


class _Scanner:
    """One pass over the text; a small stack of open marks per nesting level."""

    def __init__(self, text: str):
        self.text = text
        self.stack: list[_Open] = []
        self.found: list[QuotedPassage] = []

    def prev(self, i: int) -> str:
        return self.text[i - 1] if i > 0 else " "

    def next(self, i: int) -> str:
        return self.text[i + 1] if i + 1 < len(self.text) else " "

    def open_family(self, family: str) -> int | None:
        """Index in the stack of the innermost open mark of ``family``."""
        for k in range(len(self.stack) - 1, -1, -1):
            if self.stack[k].family == family:
                return k
        return None

    def push(self, family: str, mark: str, i: int) -> None:
        self.stack.append(_Open(family, mark, i, [], i + 1))

    def close(self, k: int, i: int) -> None:
        """Close stack entry ``k`` at offset ``i``; only top-level quotes are kept."""
        entry = self.stack[k]
        del self.stack[k:]
        if k == 0:
            self._emit(entry, entry.segments + [(entry.seg_start, i)], i)

    def _emit(self, entry: _Open, segs: list[tuple[int, int]], close_at: int | None) -> None:
        segs = [(s, e) for s, e in segs if e > s]
        if segs:
            self.found.append(QuotedPassage(tuple(segs), entry.family, entry.pos, close_at))

    def straight(self, ch: str, i: int) -> None:
        family = DOUBLE if ch == '"' else SINGLE
        p, n = self.prev(i), self.next(i)
        k = self.open_family(family)
        opened_straight = k is not None and self.stack[k].mark == ch
        if opened_straight and not p.isspace() and not _is_word(n):
            self.close(k, i)  # type: ignore[arg-type]
        elif not _is_word(p) and not n.isspace() and n != ch:
            if family == SINGLE and _ELISION.match(self.text, i + 1):
                return
            if family == DOUBLE and k is not None and self.stack[k].mark == '"':
                self.close(k, i)  # a straight double after an open one closes it
                return
            self.push(family, ch, i)
        elif family == DOUBLE and opened_straight:
            self.close(k, i)  # type: ignore[arg-type]

    def curly(self, ch: str, i: int) -> None:
        if ch in "«‹" and (k := self.open_family(GUILLEMET)) is not None:
            if self.stack[k].mark in "»›" and not _is_word(self.next(i)):
                self.close(k, i)  # the closing mark of »…«
                return
        if ch in OPENERS:
            family = OPENERS[ch]
            if family == SINGLE and _ELISION.match(self.text, i + 1) and not self.open_family(SINGLE):
                return
            if family == DOUBLE and ch == "“" and (k := self.open_family(DOUBLE)) is not None:
                if self.stack[k].mark in "“„‟":
                    del self.stack[k:]  # an unclosed opener: start again from here
            self.push(family, ch, i)
            return
        family = CLOSERS[ch]
        k = self.open_family(family)
        if k is None:
            # ” used as an opener by some sites, and »…« (German style): at a word start
            if ch in "”»›" and not _is_word(self.prev(i)) and _is_word(self.next(i)):
                self.push(family, ch, i)
            return
        if family == SINGLE and (_is_word(self.next(i)) or self.prev(i).isspace()):
            return  # an apostrophe (Moscow’s, rock ’n’ roll), not a closing mark
        self.close(k, i)

    def paragraph_end(self, end: int, next_start: int) -> None:
        """A paragraph ends at ``end``: continue the top quote if the next one reopens it."""
        if not self.stack:
            return
        top = self.stack[0]
        nxt = self.text[next_start] if next_start < len(self.text) else ""
        seg = (top.seg_start, end)
        if nxt == top.mark or (nxt in OPENERS and OPENERS[nxt] == top.family):
            top.segments.append(seg)
            top.seg_start = next_start + 1
            del self.stack[1:]
            self._skip = next_start  # the reopening mark is not a new quote
            return
        if top.family != SINGLE and len(self.text[seg[0] : seg[1]].split()) >= 3:
            self._emit(top, top.segments + [seg], None)  # closed by the paragraph's end
        self.stack.clear()

    def run(self) -> list[QuotedPassage]:
        text = self.text
        self._skip = -1
        n = len(text)
        i = 0
        while i < n:
            ch = text[i]
            if ch == "\n":
                j = i
                while j < n and text[j].isspace():
                    j += 1
                end = i
                while end > 0 and text[end - 1] in " \t\r":
                    end -= 1
                self.paragraph_end(end, j)
                i = j
                continue
            if i == self._skip:
                i += 1  # the reopening mark of a continued quote
                continue
            if ch in OPENERS or ch in CLOSERS:
                self.curly(ch, i)
            elif ch == '"' or ch == "'":
                self.straight(ch, i)
            i += 1
        if self.stack:
            self.paragraph_end(len(text.rstrip()), n)
        return self.found


def find_quoted(text: str) -> list[QuotedPassage]:
    """All top-level quoted passages in ``text``, in order of their opening mark."""
    found = _Scanner(text).run()
    return sorted(found, key=lambda q: q.open_at)
