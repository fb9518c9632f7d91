"""The date of an occurrence: the one its own words give, not the telling's.

* a clause on the noun dates it: "talks due to open in Geneva on Aug. 14", "a round that
  was due in Muscat on Thursday" (before the date of the verb that mentions the talks);
* "until June 30" ends a period (an extension's end), it does not date the agreement;
* a verb without a date of its own shares its coordinated verb's ("spoke over the hotline
  on Wednesday and agreed to stop firing"), or its governing verb's ("agreed on Thursday
  to extend");
* "a border truce … beginning on May 2" dates the ceasefire however the parse hangs it;
* a truce, extension or withdrawal agreed in what a dated announcement reports takes the
  announcement's date ("declared on Tuesday [that] A and B had agreed to a ceasefire");
* a weekday of something planned or called off is the coming one ("a round that was due
  on Thursday" in a Tuesday report), unless the text says "last".
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from spacy.tokens import Doc, Token

from parley.nlp.events.context import CLAUSE_DEPS, DateInfo, DocContext
from parley.nlp.events.status import PLAN_HEADS, cancelling, occurrence_clauses

_WEEKDAY = re.compile(
    r"^(on\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)(\s+(night|morning|"
    r"afternoon|evening))?$",
    re.I,
)
#: A month and day without a year ("Nov. 5", "on November 5", "5 November").
_MONTH_DAY = re.compile(
    r"^(on\s+)?((jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}"
    r"|\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?)$",
    re.I,
)
#: Subordinators of what an occurrence followed ("once", "after", "when").
WAKE_MARKS = frozenset({"once", "after", "when", "following"})
ENDING = frozenset({"until", "till", "through", "to", "by"})
#: Participles that give an occurrence's start ("a truce beginning on May 2").
STARTING = frozenset({"begin", "start", "take", "come"})
#: Kinds whose agreement is news on the day it is announced.
ANNOUNCED = frozenset({"ceasefire", "extension", "withdrawal"})
#: Verbs that announce what was agreed.
ANNOUNCING = frozenset({"announce", "declare", "say", "confirm", "report", "state", "tell"})


def ends_period(ctx: DocContext, d: DateInfo) -> bool:
    """A date that ends a period ("until June 30", "through May")."""
    i = ctx.token_at(d.start)
    return i > 0 and ctx.doc[i - 1].lower_ in ENDING


def _usable(ctx: DocContext, found: list[DateInfo]) -> DateInfo | None:
    return next((d for d in found if not ends_period(ctx, d) and not names_a_thing(ctx, d)), None)


def names_a_thing(ctx: DocContext, d: DateInfo) -> bool:
    """ "the 1960 Indus Waters Treaty": a year that names a document, not the date of
    what was done to it."""
    first = ctx.doc[ctx.token_at(d.start)]
    return (
        first.dep_ == "nummod"
        and first.like_num
        and first.head.pos_ in ("NOUN", "PROPN")
        and first.head.ent_type_ != "DATE"
    )


def noun_clause_date(ctx: DocContext, noun: Token) -> DateInfo | None:
    """A date in a clause on the noun ("talks due to open … on Aug. 14")."""
    for c in occurrence_clauses(noun):
        if c.dep_ in ("acl", "relcl", "amod") and c.i > noun.i and not cancelling(c):
            # "talks, which were suspended on February 3, will resume": not their date
            for t in c.subtree:
                if _in_other_relative(t, c):
                    continue  # "talks to end the conflict that began last October"
                found = _usable(ctx, ctx.dates_of(t))
                if found is not None:
                    return found
    return None


def _in_other_relative(t: Token, top: Token) -> bool:
    """Whether ``t`` is inside a relative clause on a noun below ``top`` (that clause
    dates its own noun, not the occurrence)."""
    while t.i != top.i and t.head.i != t.i:
        if t.dep_ == "relcl":
            return True
        t = t.head
    return False


def _shared(ctx: DocContext, verb: Token) -> DateInfo | None:
    """The date of the verb this one is coordinated with or complements."""
    v = verb
    for _ in range(3):
        if v.head.i == v.i:
            return None
        due = v.dep_ == "advcl" and _to_due(v)  # "are due back on June 2 to sign"
        if v.dep_ not in ("conj", "xcomp") and not due:
            return None
        v = v.head
        found = _usable(ctx, ctx.dates_of(v))
        if found is not None:
            return found
    return None


def _to_due(v: Token) -> bool:
    """A to-infinitive of purpose on "be due", "be set" ("due back on May 2 to sign")."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children):
        return False
    head = v.head
    return head.lemma_.lower() in PLAN_HEADS or any(
        c.dep_ in ("acomp", "xcomp", "attr") and c.lemma_.lower() in PLAN_HEADS
        for c in head.children
    )


def _in_phrase(ctx: DocContext, verb: Token) -> DateInfo | None:
    """A date anywhere in the verb's own clause, outside its sub-clauses."""
    todo = [verb]
    while todo:
        t = todo.pop()
        found = _usable(ctx, [d for d in ctx.dates_of(t) if ctx.token_at(d.start) == t.i])
        if found is not None:
            return found
        todo += [c for c in t.children if not (c.dep_ in CLAUSE_DEPS and c.pos_ in ("VERB", "AUX"))]
    return None


def occurrence_date(ctx: DocContext, ev, heads: list[Token]) -> DateInfo | None:
    """The date of an occurrence (``heads``: its trigger noun and the noun's phrase head)."""
    for noun in heads:
        if noun.pos_ == "NOUN":
            found = noun_clause_date(ctx, noun)
            if found is not None:
                return found
    found = _phase_date(ctx, heads)
    if found is not None:
        return found
    found = _set_aside(ctx, ev) or _beginning(ctx, ev)
    if found is not None:
        return found
    aside = scheduled_aside(ev.token)
    if aside is not None:  # "In the next handover, set for Saturday, ..."
        for t in aside.subtree:
            found = _usable(ctx, ctx.dates_of(t))
            if found is not None:
                return found
    if ev.date is not None and not ends_period(ctx, ev.date):
        return ev.date
    for verb in (ev.anchor, ev.token):
        found = _usable(ctx, ctx.dates_of(verb)) or _shared(ctx, verb)
        if found is not None:
            return found
    found = _in_phrase(ctx, ev.anchor)
    governing = _governing(ev.token) if ev.token.pos_ == "NOUN" else None
    if found is None and governing is not None:  # "concluded their meeting … on Friday"
        found = _usable(ctx, ctx.dates_of(governing))
    if found is None and ev.kind.name in ANNOUNCED:
        found = _announced(ctx, governing or ev.anchor)
    if found is None:
        found = _in_the_wake(ctx, governing or ev.anchor)
    return found


#: Nouns of a part of an occurrence: "at the close of talks in X" tells the talks.
PHASE_NOUNS = frozenset({"close", "end", "conclusion", "start", "opening", "sidelines", "margins"})


def _phase_date(ctx: DocContext, heads: list[Token]) -> DateInfo | None:
    """ "agreed on Wednesday to extend the truce ... at the close of a round of talks":
    talks told by their close are dated by the act done at it (the day of "agreed",
    climbing from "extend" to the verb it completes)."""
    for noun in heads:
        of = noun.head
        if noun.dep_ != "pobj" or of.lower_ != "of" or of.head.lemma_.lower() not in PHASE_NOUNS:
            continue
        phase = of.head
        verb = phase.head.head if phase.dep_ == "pobj" else phase.head
        for _ in range(3):
            if verb.pos_ not in ("VERB", "AUX"):
                break
            found = _usable(ctx, ctx.dates_of(verb))
            if found is not None:
                return found
            if verb.dep_ not in ("xcomp", "conj") or verb.head.i == verb.i:
                break
            verb = verb.head
    return None


def _in_the_wake(ctx: DocContext, verb: Token) -> DateInfo | None:
    """ "held drills after X had toured the region in March": a month or a year
    given to the clause it followed dates what came of it (not a day: "after talks on
    Monday, X signed" may be days apart)."""
    for c in verb.children:
        if c.dep_ != "advcl" or not any(
            m.dep_ == "mark" and m.lower_ in WAKE_MARKS for m in c.children
        ):
            continue
        for t in c.subtree:
            for d in ctx.dates_of(t):
                if d.ref.get("granularity") in ("month", "year") and not ends_period(ctx, d):
                    return d
    return None


def _announced(ctx: DocContext, verb: Token) -> DateInfo | None:
    """ "X declared on Tuesday that A and B had agreed to a ceasefire": a truce (or an
    extension, a withdrawal) told as news is dated by the announcement."""
    if verb.dep_ != "ccomp" or verb.head.i == verb.i:
        return None
    head = verb.head
    if head.lemma_.lower() not in ANNOUNCING:
        return None
    return _usable(ctx, [d for d in ctx.dates_of(head) if not ctx.skipped(d.start)])


def _set_aside(ctx: DocContext, ev) -> DateInfo | None:
    """ "postponed the talks, due to open on May 20": a scheduling phrase set off by a
    comma after the noun dates the noun's occurrence (the parse may hang it on the verb)."""
    tok, verb = ev.token, ev.anchor
    if tok.pos_ != "NOUN" or verb.i == tok.i:
        return None
    for c in verb.children:
        taking_place = c.lemma_.lower() == "take" and any(
            o.dep_ == "dobj" and o.lower_ == "place" for o in c.children
        )
        if (
            c.i > tok.i
            and (c.lemma_.lower() in PLAN_HEADS or taking_place)
            and ctx.doc[c.left_edge.i - 1].text == ","
        ):
            for t in c.subtree:
                found = _usable(ctx, ctx.dates_of(t))
                if found is not None:
                    return found
    return None


def _beginning(ctx: DocContext, ev) -> DateInfo | None:
    """ "observe a border truce … beginning on May 2": a start the parse hung on the
    verb after the noun dates the noun's occurrence."""
    tok, verb = ev.token, ev.anchor
    if tok.pos_ != "NOUN" or verb.i == tok.i:
        return None
    for c in verb.children:
        if c.i > tok.i and c.tag_ == "VBG" and c.lemma_.lower() in STARTING:
            for t in c.subtree:
                found = _usable(ctx, ctx.dates_of(t))
                if found is not None:
                    return found
    return None


def _governing(noun: Token) -> Token | None:
    """The verb whose object or subject the noun's phrase is (up through prepositions)."""
    tok = noun
    for _ in range(4):
        if tok.dep_ not in ("dobj", "nsubj", "nsubjpass", "pobj", "prep", "advmod", "prt"):
            return None  # "stayed away from talks … on Tuesday": through "away"
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        if tok.pos_ == "VERB":
            return tok
    return None


def ahead(
    d: DateInfo | None, published: date | None, doc: Doc | None = None
) -> DateInfo | None:
    """A bare weekday read backwards, for something planned or called off: the coming one
    (not the weekday of a clause told in the past: "announced on Friday that it would
    send negotiators", "the talks were suspended on Tuesday")."""
    if d is None or published is None or not d.ref.get("resolved"):
        return d
    if doc is not None and told_in_past(doc, d):
        return d
    text = str(d.ref.get("expression", {}).get("text", "")).strip()
    value = d.ref.get("value")
    if not value or value >= published.isoformat():
        return d
    if _MONTH_DAY.match(text) and len(value) == 10:
        # "would return to Tunis on Nov. 5" told in March: next November, not last
        then = date.fromisoformat(value)
        if (published - then).days > 60:
            later = then.replace(year=then.year + 1) if (then.month, then.day) != (2, 29) else then
            return DateInfo(dict(d.ref, value=later.isoformat()), d.start, d.owners, d.sent)
        return d
    if not _WEEKDAY.match(text):
        return d
    later = (date.fromisoformat(value) + timedelta(days=7)).isoformat()
    ref = dict(d.ref, value=later, end=later if d.ref.get("end") else d.ref.get("end"))
    return DateInfo(ref, d.start, d.owners, d.sent)


def told_in_past(doc: Doc, d: DateInfo) -> bool:
    """Whether a weekday hangs ("on Friday", bare "Friday") on a verb in the past tense
    that neither plans nor is due ("announced on Friday", "were suspended on Tuesday")."""
    tok = next((t for t in doc if t.idx <= d.start < t.idx + len(t.text)), None)
    if tok is None:
        return False
    if tok.dep_ == "compound" and tok.head.i > tok.i:  # "on Friday evening"
        tok = tok.head
    head = tok.head
    if tok.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ == "on":
        head = head.head
    elif tok.dep_ not in ("npadvmod", "tmod"):
        return False
    if head.pos_ not in ("VERB", "AUX") or head.lemma_.lower() in PLAN_HEADS | {"be"}:
        return False
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in FUTURE_AUX for c in head.children):
        return False
    if head.tag_ == "VBD":
        return True
    return head.tag_ == "VBN" and any(
        c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in head.children
    )


#: Auxiliaries that put a clause ahead or make it unreal.
FUTURE_AUX = frozenset({"will", "would", "shall", "should", "'ll", "may", "might", "could"})


def scheduled_aside(noun: Token) -> Token | None:
    """ "the next exchange, due on Saturday", "In the next handover, set for Saturday, ...":
    a scheduling word set off by a comma right after a noun said to be ahead, which the
    parse hung on the clause around the noun."""
    if noun.pos_ != "NOUN" or not any(
        c.dep_ == "amod" and c.lower_ in ("next", "upcoming", "coming") for c in noun.children
    ):
        return None
    doc = noun.doc
    after = noun.right_edge.i + 1
    if after + 1 >= len(doc) or doc[after].text != ",":
        return None
    word = doc[after + 1]
    if word.lemma_.lower() not in PLAN_HEADS or word.head.i == noun.i:
        return None
    if word.dep_ not in ("acomp", "advcl", "amod", "acl", "conj", "xcomp", "prep"):
        return None
    return word
