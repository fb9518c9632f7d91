"""Link quotes to each other: interrupted quotes, quotes running on, replies.

- "‘We are ready,’ she said, ‘but not at any price.’" is one quote in two segments: the
  second part's cue is the same verb as the first part's.
- A quote with no attribution of its own, in the same paragraph right after an attributed
  one, continues it; at the start of the next paragraph, it is a new quote by the same
  speaker (articles quote a speaker over several paragraphs and attribute once). Alone in
  the paragraph after one that closes with the speaker's own attribution ("“…,” she said,
  according to the agency."), it continues that statement (PolNeAR annotates the two as
  one content); the agency only relayed it.
- "Lavrov responded, …" after Brennan spoke: the reply's addressee is the previous
  speaker, and the previous statement's addressee is the one who replies.
"""

from __future__ import annotations

from itertools import pairwise

from parley.nlp.quotes.cues import Cues
from parley.nlp.quotes.rules import RawQuote

#: Words allowed between two parts of one interrupted quote ("…,’ the minister said, ‘…").
MAX_GAP_WORDS = 12


def link_quotes(quotes: list[RawQuote], text: str, cues: Cues) -> list[RawQuote]:
    """Merge interrupted quotes, carry speakers to continuations, drop the unattributable."""
    out: list[RawQuote] = []
    for q in quotes:
        prev = out[-1] if out else None
        if prev is not None and q.direct and prev.direct and _continues(prev, q, text):
            prev.segments.extend(q.segments)
            prev.close_at = q.close_at
            continue
        if q.speaker is None and q.direct and prev is not None and prev.speaker is not None:
            if prev.direct and _after_own_attribution(prev, q, text):
                prev.segments.extend(q.segments)  # one statement, attributed once
                prev.close_at = q.close_at
                continue
            if _next_paragraph(prev, q, text):
                q.speaker, q.rule = prev.speaker, "continued"
        if q.speaker is not None:
            out.append(q)
    _replies(out, cues)
    return out


def _gap(prev: RawQuote, q: RawQuote, text: str) -> str:
    return text[(prev.close_at or prev.end) + 1 : q.open_at]


def _continues(prev: RawQuote, q: RawQuote, text: str) -> bool:
    """True when ``q`` is the second part of ``prev`` (same sentence or run-on)."""
    if q.open_at < 0 or prev.close_at is None:
        return False
    gap = _gap(prev, q, text)
    if "\n" in gap or len(gap.split()) > MAX_GAP_WORDS:
        return False
    same_cue = q.cue is not None and prev.cue is not None and q.cue.root.i == prev.cue.root.i
    if same_cue:
        return True
    if q.speaker is not None:
        return False
    if len(gap.split()) <= 1 and not gap.strip().endswith((".", "!", "?")):
        return True
    # "“…,” Kastanova said. “Nothing else is on offer.”": the gap is prev's attribution
    return prev.cue is not None and prev.cue.start_char >= (prev.close_at or prev.end)


def _next_paragraph(prev: RawQuote, q: RawQuote, text: str) -> bool:
    """True when ``q`` opens the paragraph right after the one ``prev`` ends."""
    gap = text[prev.end : q.open_at]
    return gap.count("\n") >= 1 and not gap.strip(" \t\r\n’”\"'»")


def _after_own_attribution(prev: RawQuote, q: RawQuote, text: str) -> bool:
    """True when ``q`` stands alone in the paragraph after the one ``prev`` closes with
    its own attribution ("“…,” she said, according to the agency." then “…”): the
    speaker goes on, the teller is not repeated."""
    if q.open_at < 0 or prev.cue is None or prev.cue.start_char < prev.end:
        return False
    after = text[q.end : (text.find("\n", q.end) + 1 or len(text) + 1) - 1]
    if after.strip(" \t\r’”\"'».,!?"):
        return False  # '"...," according to the statement.': attributed (or left) on its own
    head, _, rest = text[prev.end : q.open_at].strip().partition("\n")
    tail = head.strip(" \t’”\"'»")
    return not rest.strip() and "\n" in text[prev.end : q.open_at] and tail.endswith(".") \
        and len(tail.split()) <= MAX_GAP_WORDS and prev.cue.end_char <= prev.end + len(head) + 2


def _replies(quotes: list[RawQuote], cues: Cues) -> None:
    """Set addressees for replies: "X responded" answers the previous speaker."""
    for prev, q in pairwise(quotes):
        if q.cue is None or q.addressee is not None:
            continue
        if q.cue.root.lemma_.lower() not in cues.reply_verbs:
            continue
        if prev.speaker is not None and q.speaker is not None:
            if prev.speaker.root.i != q.speaker.root.i:
                q.addressee = prev.speaker
                if prev.addressee is None:
                    prev.addressee = q.speaker
