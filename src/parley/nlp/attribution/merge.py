"""Merge the model's attributions into the rules' quotes.

Where the rules fire they win: a model attribution whose content overlaps a rule quote is
the same attribution, and only lends its source when the rule quote has none and they
share the cue. Everything else the model found is added, so the model only ever adds
recall; that includes a model attribution on the same cue as a rule quote but with other
content ("said A, and [warned that B]" where the rules took only A): one cue, two things said.
"""

from __future__ import annotations

from parley.nlp.ranges import content_ranges


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def _cue(q: dict) -> list[tuple[int, int]]:
    cue = q.get("cue")
    return [(cue["start"], cue["end"])] if cue else []


def same_attribution(rule: dict, found: dict) -> bool:
    """True when a model quote and a rule quote share content characters (sharing only the
    cue is not enough: the model found something else the same cue reports)."""
    return _overlap(content_ranges(rule["content"]), content_ranges(found["content"]))


def _extent(q: dict) -> tuple[int, int]:
    """The first and last character of a quote's content and cue together. Quotes whose
    extents are apart share no character, so ``merge`` tests ``same_attribution`` (which
    builds every range of both, for every pair) only where the extents meet."""
    ranges = content_ranges(q["content"]) + _cue(q)
    return min(s for s, _ in ranges), max(e for _, e in ranges)


def merge(rules: list[dict], found: list[dict]) -> list[dict]:
    """The rule quotes, plus the model quotes that none of them covers, in text order."""
    out = list(rules)
    extents = [_extent(r) for r in rules]  # content and cue offsets are never changed below
    for q in found:
        lo, hi = _extent(q)
        twins = [r for r, (s, e) in zip(rules, extents, strict=True)
                 if s < hi and lo < e and same_attribution(r, q)]
        if not twins:
            out.append(q)
            continue
        for r in twins:
            if r["speaker"]["mention"] is None and q["speaker"]["mention"] is not None:
                if _overlap(_cue(r), _cue(q)):
                    r["speaker"] = dict(q["speaker"])
                    r["_speaker_i"] = q["_speaker_i"]
    out.sort(key=lambda q: (q["content"]["start"], q["content"]["end"]))
    return out
