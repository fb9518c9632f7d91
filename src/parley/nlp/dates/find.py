"""Find the date expressions of a text or a parsed spaCy ``Doc`` and resolve each one.

On plain text only parley's own patterns run, and every expression is read in the default
(past-preferring) direction. On a ``Doc`` two things are added: spaCy's DATE entities that
the patterns did not cover ("2012" with no preposition, "the summer of 2010"), and the
tense of the clause an expression sits in, so that "will meet on Friday" reads forwards.

The expression span holds the date words only: prepositions that merely introduce a date
("on Friday", "in March", "over the weekend") are left out, words that build or shift it
("last", "next", "this", "ago", "between ... and", "from ... to", "the day before") are
kept. ``resolve(span text, published)`` therefore gives back the same reading, except where
the clause's tense changed the direction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from parley.model import DateRef, Span
from parley.nlp.dates.patterns import MONTH, WEEKDAY, context_ok
from parley.nlp.dates.rules import (
    Hit,
    Resolution,
    drop_overlaps,
    match_expression,
    normalise,
    parse_published,
    scan,
    unresolved,
)
from parley.nlp.extensions import text_of

_LEAD = re.compile(r"(?i)^(?:(?:on|in|at|by|during|since|until|till|over|as\s+of|throughout)\s+)+")
_TRAIL = re.compile(r"(?:['\u2019]s|['\u2019]|[\s,;:!?])+$")
#: A spaCy DATE entity the patterns cannot read is kept (unresolved) only when it points at
#: a time ("years ago", "that day", "last summer"); durations, ages and frequencies
#: ("six weeks", "40-year-old", "annually") are not dates and are dropped.
_TIME_WORD = re.compile(
    r"(?i:\b(?:ago|recent(?:ly)?|coming|past|last|next|this|these|that|earlier|later|early|late"
    r"|mid|end|beginning|spring|summer|fall|autumn|winter|today|tonight|yesterday|tomorrow"
    rf"|weekend)\b)|{MONTH}|{WEEKDAY}|\b\d{{4}}s?\b"
)
_AGE = re.compile(r"(?i)\b(?:old|aged?|ages)\b|(?<![\d'\u2019])\d0s\b")  # "in her mid-30s"

_DANGLING = re.compile(r"(?i)\b(?:of|the|a|in|on|to)$")  # "the end of" (World War II)
#: Kinds a present progressive or copula can put ahead ("is meeting on Friday", "is the
#: nominee in November"); for month-days they misled more often than they helped.
_NEAR_KINDS = frozenset({"weekday", "relative_period", "month"})
_NAMES_CHECKED = frozenset({"relative_day", "weekday"})
#: "earlier in the day", "later in the day": the day just told (anaphoric).
_SAME_DAY = re.compile(r"(?i)(?:earlier|later)\s+in\s+the\s+day")
_SAME_DAY_REACH = 400
_SINCE = re.compile(r"(?i)\bsince\s+$")
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "\u2019ll", "wo"})
#: Verbs and adjectives that put what they govern ahead ("is scheduled for Friday").
_SCHEDULE = frozenset({"schedule", "slate", "plan", "expect", "due", "set", "intend", "pencil"})


def find_dates(
    source: Doc | str,
    published: date | datetime | str | None,
    *,
    skip: Iterable[Iterable[int]] = (),
    entities: bool = True,
) -> list[DateRef]:
    """Every date expression in ``source`` resolved against ``published``, in text order.

    ``skip`` holds ``[start, end]`` character ranges (boilerplate) whose dates are ignored;
    ``entities`` adds spaCy's DATE entities that parley's patterns missed (``Doc`` only).
    """
    anchor = parse_published(published)
    doc = source if isinstance(source, Doc) else None
    text = source if isinstance(source, str) else text_of(source)
    hits = scan(text, anchor)
    if doc is not None and entities:
        hits = _add_entities(doc, text, hits, anchor)
    ranges = [(int(s), int(e)) for s, e in skip]
    refs: list[DateRef] = []
    for hit in hits:
        if any(hit.start < e and s < hit.end for s, e in ranges):
            continue
        res = hit.resolution
        if doc is not None and anchor is not None and hit.pattern and hit.pattern.directional:
            near = hit.pattern.kind in _NEAR_KINDS
            tense = clause_tense(doc, hit.start, hit.end, text, near=near)
            if tense is not None:
                res = hit.pattern.handler(hit.match, anchor, tense) or res  # type: ignore[arg-type]
        if _SAME_DAY.fullmatch(text[hit.start : hit.end]):
            res = _day_told_before(text, hit.start, refs) or res
        refs.append(
            DateRef(
                Span.of(text, hit.start, hit.end), res.value, res.granularity, res.end, res.resolved
            )
        )
    return refs


def _day_told_before(text: str, start: int, refs: list[DateRef]) -> Resolution | None:
    """ "earlier in the day" is the day the paragraph has just told ("On Friday ... later
    in the day"), else the publication day."""
    if not refs:
        return None
    last = refs[-1]
    between = text[last.expression.end : start]
    if last.granularity != "day" or last.end or not last.resolved or "\n\n" in between:
        return None
    if len(between) > _SAME_DAY_REACH:
        return None
    return Resolution(last.value)


def _add_entities(doc: Doc, text: str, hits: list[Hit], anchor: date | None) -> list[Hit]:
    """Add the DATE entities that no pattern hit overlaps (trimmed to their date words)."""
    extra: list[Hit] = []
    for ent in doc.ents:
        if ent.label_ != "DATE" or any(
            h.start < ent.end_char and ent.start_char < h.end for h in hits
        ):
            continue
        found = entity_hit(ent, anchor, text)
        if found is not None:
            extra.append(found)
    return drop_overlaps(hits + extra) if extra else hits


def entity_hit(ent: SpacySpan, anchor: date | None, doc_text: str | None = None) -> Hit | None:
    """A spaCy DATE entity as a ``Hit``, or None when it is a duration, an age or noise.

    ``doc_text`` is ``ent.doc.text`` when the caller has it (spaCy rebuilds it per access).
    """
    raw = ent.text
    lead = _LEAD.match(raw)
    start = ent.start_char + (lead.end() if lead else 0)
    trail = _TRAIL.search(raw)
    end = ent.start_char + (trail.start() if trail else len(raw))
    if end <= start:
        return None
    text = normalise(raw[start - ent.start_char : end - ent.start_char])
    found = match_expression(text, anchor)
    if found:
        pat = found[0]
        if pat.kind in _NAMES_CHECKED:  # "Russia Today" is a DATE entity to spaCy
            doc_text = text_of(ent.doc) if doc_text is None else doc_text
            m = pat.finder.match(doc_text, start)
            if m and not context_ok(pat.kind, doc_text, m):
                return None
        return Hit(start, end, pat, found[1], found[2])
    if _AGE.search(text) or not _TIME_WORD.search(text) or _DANGLING.search(text):
        return None
    unit = re.search(r"(?i)\b(day|week|month|year|decade|centur)", text)
    gran = (
        {"day": "day", "week": "week", "month": "month"}.get(unit.group(1).lower(), "year")
        if unit
        else "day"
    )
    return Hit(start, end, None, None, unresolved(gran))


def clause_tense(
    doc: Doc, start: int, end: int, text: str | None = None, *, near: bool = True
) -> str | None:
    """The tense ("past", "future" or None) of the clause governing ``doc.text[start:end]``.

    Future: "will"/"shall", "is going to", "is scheduled/expected/due", the present
    progressive ("is meeting on Friday"), a present copula ("the vote is on Friday"),
    headline infinitives ("Putin to meet"). Past: a past-tense verb or auxiliary, or a
    perfect ("has met"). A date that names a thing ("Monday's debate", "the Nov. 8
    election") takes only a clear future from the verb ("will use Monday's debate"): the
    debate's day is not the telling's. "since April 25" is past whatever the verb.
    The present progressive and copula are weak cues: ``near=False`` (used for month-days,
    measured on PolNeAR train) ignores them ("is highlighting his win on Feb. 1").
    """
    if _SINCE.search(text_of(doc) if text is None else text, max(0, start - 12), start):
        return "past"
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    named = span.root.dep_ in ("poss", "compound", "amod", "nmod")
    verb, direct = _governing_verb(span.root)
    if verb is None:
        return None
    tense = _verb_tense(verb, direct and near and not named)
    if tense is None and verb.dep_ in ("xcomp", "ccomp") and verb.head is not verb:
        # "is going to meet", "expects them to meet": the governing verb carries the tense.
        head = verb.head
        if head.lemma_.lower() in _SCHEDULE | {"go"} and _verb_tense(head, True) == "future":
            return "future"
    # "discussed Monday's debate": the telling is past, the debate may still be ahead.
    return None if named and tense == "past" else tense


def _governing_verb(token: Token) -> tuple[Token | None, bool]:
    """The first verb (or scheduling adjective) above ``token``; whether no noun intervenes."""
    tok, direct = token.head, True
    for _ in range(8):
        if tok.i == token.i:
            return None, direct
        if tok.pos_ in ("VERB", "AUX") or tok.lemma_.lower() in _SCHEDULE:
            return tok, direct
        if tok.pos_ in ("NOUN", "PROPN", "PRON"):
            direct = False
        if tok.head.i == tok.i:
            return None, direct
        tok = tok.head
    return None, direct


def _verb_tense(verb: Token, direct: bool) -> str | None:
    """The tense ``verb`` itself is in (``direct``: weak present cues count)."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in _FUTURE_AUX for a in auxes):
        return "future"
    past = verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes)
    perfect = verb.tag_ == "VBN" and any(a.lemma_ == "have" for a in auxes)
    if verb.lemma_.lower() in _SCHEDULE and verb.tag_ != "VB":
        if verb.tag_ == "VBN" and verb.dep_ == "acl" and not auxes and not direct:
            return None  # "the signing, first set for June 2, was pushed back": the nearest
        return None if past else "future"  # "was scheduled for Friday" could be either
    if past or perfect or verb.tag_ == "VBN" and verb.dep_ == "acl" and not auxes:
        return "past"  # "met", "has met", "the accord reached in December"
    present_be = [a for a in auxes if a.lemma_ == "be" and a.tag_ in ("VBZ", "VBP")]
    if direct and verb.tag_ == "VBG" and present_be:
        return "future"
    if direct and verb.lemma_ == "be" and verb.tag_ in ("VBZ", "VBP") and not auxes:
        return "future"
    if verb.dep_ == "ROOT" and verb.tag_ == "VB" and any(a.lower_ == "to" for a in auxes):
        return "future"
    return None
