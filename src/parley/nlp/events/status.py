"""Whether an occurrence happened, is planned, or was cancelled, read off the parse.

* cancelled: the occurrence is what was postponed, called off, cancelled, shelved or
  pushed back ("a second round, set for Oct. 3, was postponed", "called off the talks");
* planned: a future or scheduling word governs it ("will meet", "would resume", "is due
  to open", "are expected to", "agreed to meet again", "the next exchange, set for
  Saturday", "the upcoming round"), or its own date lies after the publication day;
* happened: everything else.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Token

from parley.nlp.events.syntax import FUTURE, child, has_aux

#: Verbs whose object (or passive subject) did not take place when planned.
CANCEL_VERBS = frozenset(
    """postpone cancel scrap shelve delay defer suspend adjourn abandon""".split()
)
#: Phrasal verbs with the same meaning ("called off", "put off", "pushed back").
CANCEL_PHRASAL = frozenset({("call", "off"), ("put", "off"), ("push", "back"), ("break", "off")})
#: Heads of a to-infinitive or a noun that schedule it ("due to open", "expected to meet").
PLAN_HEADS = frozenset(
    """due set schedule scheduled expect expected plan planned intend prepare agree
    pencil slate slated poise poised go consent decide""".split()
)
#: Heads of a to-infinitive that commit to it ("pledged to free", "undertook to release"):
#: they schedule the act their infinitive names, not what a phrase inside it refers to
#: ("pledged to keep the peace after a meeting": the meeting was held).
PLEDGE_HEADS = frozenset({"pledge", "promise", "vow", "undertake"})
#: Modifiers of an occurrence noun that put it ahead ("the next round").
AHEAD = frozenset(
    """next upcoming forthcoming planned proposed scheduled future coming further
    new""".split()
)
#: Nouns an occurrence is measured in ("a round of talks", "four days of talks").
MEASURES = frozenset(
    """round rounds day days week weeks month months year years hour hours session
    sessions series rest resumption start opening end part phase""".split()
)


def phrase_head(tok: Token) -> Token:
    """The noun an occurrence noun is measured by: "round" in "a third round of talks"."""
    for _ in range(2):
        prep = tok.head
        if (
            tok.dep_ == "pobj"
            and prep.lower_ == "of"
            and prep.head.pos_ == "NOUN"
            and prep.head.lemma_.lower() in MEASURES
        ):
            tok = prep.head
        else:
            break
    return tok


def cancelling(verb: Token) -> bool:
    """A verb that calls off or postpones (with its particle: "called off")."""
    lemma = verb.lemma_.lower()
    if lemma in CANCEL_VERBS:
        return True
    parts = {c.lower_ for c in verb.children if c.dep_ in ("prt", "advmod")}
    return any(lemma == v and p in parts for v, p in CANCEL_PHRASAL)


def cancelled(tok: Token, verb: Token) -> bool:
    """The occurrence (a noun, or a verb's clause) is what was called off or postponed."""
    if verb.i == tok.i and cancelling(verb):
        return True
    head = phrase_head(tok)
    if head.dep_ in ("dobj", "nsubjpass") and cancelling(head.head):
        return True
    return any(c.dep_ in ("acl", "relcl") and cancelling(c) for c in head.children)


#: Adverbs of a plan that no longer holds ("originally set for", "initially scheduled").
FORMER_PLAN = frozenset({"originally", "initially"})


def first_planned(tok: Token, verb: Token) -> bool:
    """An occurrence whose plan is told as the first one, since changed: "X was originally
    set to play host to the talks", "the talks, initially scheduled for May 3"."""
    heads = [verb.head] if scheduled(verb) else []
    heads += [
        c for c in phrase_head(tok).children if c.dep_ in ("acl", "amod") and c.lemma_.lower() in PLAN_HEADS
    ]
    return any(
        c.dep_ == "advmod" and c.lower_ in FORMER_PLAN and not _future(h)
        for h in heads
        for c in h.children
    )


def _future(verb: Token) -> bool:
    v = verb
    for _ in range(4):
        if has_aux(v, FUTURE) or any(
            c.dep_ == "aux" and c.lemma_ == "go" and c.tag_ == "VBG" for c in v.children
        ):
            return True
        if v.dep_ not in ("conj", "xcomp", "ccomp") or v.head.i == v.i:
            return False
        if v.dep_ == "ccomp" or not same_line(v, v.head):
            return False  # a headline parsed into the first sentence is not its clause
        v = v.head
    return False


#: Subordinators that make an occurrence an offer on conditions, not a plan.
CONDITIONS = frozenset({"if", "unless", "provided", "providing"})


def conditional(verb: Token) -> bool:
    """ "would sign if the blockade ends", "would agree to a ceasefire provided ...":
    a position on terms (a stance), not an occurrence."""
    for c in verb.children:
        if c.dep_ in ("advcl", "ccomp") and any(
            m.dep_ == "mark" and m.lower_ in CONDITIONS for m in c.children
        ):
            return True
        if c.dep_ == "advmod" and c.lower_ == "long" and child(c, ("advcl",)) is not None:
            return True  # "would join the meeting as long as X is on its list"
        if c.dep_ == "advcl" and any(
            m.dep_ in ("mark", "advmod")
            and m.lower_ in ONLY_WHEN
            and any(t.lower_ == "only" for t in (*m.children, *c.children))
            for m in c.children
        ):
            return True  # "the talks would resume only when the captives were freed"
    return False


#: Markers of a time clause that "only" makes a condition ("only when", "only once").
ONLY_WHEN = frozenset({"when", "once", "after"})


def same_line(a: Token, b: Token) -> bool:
    """No line break between two tokens."""
    lo, hi = sorted((a.i, b.i))
    return "\n" not in a.doc[lo : hi + 1].text


def scheduled(verb: Token, pledged: bool = False) -> bool:
    """A to-infinitive under a scheduling head: "due to open", "is to meet", "agreed to";
    with ``pledged``, also under a head that commits to it ("undertook to free")."""
    if verb.dep_ not in ("xcomp", "advcl", "ccomp") or verb.head.i == verb.i:
        return False
    if not has_aux(verb, frozenset({"to"})):
        return False
    head = verb.head
    if not same_line(verb, head):
        return False
    if head.lemma_.lower() in PLAN_HEADS or pledged and head.lemma_.lower() in PLEDGE_HEADS:
        return True
    return head.lemma_ == "be" and head.dep_ in ("ROOT", "ccomp", "conj")  # "is to meet"


def scheduled_word(tok: Token) -> bool:
    """ "due", "set", "scheduled" (or a clause of "be" with one of them) on a noun."""
    if tok.lemma_.lower() in PLAN_HEADS or tok.lemma_.lower() in ("hold", "be"):
        return True
    return any(c.lemma_.lower() in PLAN_HEADS for c in tok.children if c.dep_ == "acomp")


#: Verbs of what an occurrence does, not the body it is of ("a meeting of the Board that
#: opens on Monday": the meeting opens).
OPENING = frozenset({"open", "begin", "start", "end", "close", "convene", "conclude", "run"})


def occurrence_clauses(noun: Token) -> list[Token]:
    """The clauses on an occurrence noun, and an opening clause the parse hung on its "of"
    phrase ("the meeting of the IAEA Board of Governors that opens on Monday")."""
    out = list(noun.children)
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    for t in of.subtree if of is not None else ():
        if t.dep_ == "relcl" and t.lemma_.lower() in OPENING:
            out.append(t)
    return out


def _opens_ahead(tok: Token) -> bool:
    """ "the meeting ... that opens on Monday": a present-tense opening is scheduled."""
    return any(
        c.dep_ == "relcl" and c.lemma_.lower() in OPENING and c.tag_ in ("VBZ", "VBP")
        for c in occurrence_clauses(tok)
    )


#: Verbs that ask for an occurrence with "for" ("called for a meeting", "pressed for talks").
ASKING_FOR = frozenset({"call", "press", "push", "appeal", "ask", "urge", "lobby"})


def asked_for(tok: Token) -> Token | None:
    """The verb that asks for an occurrence noun ("called for a five-party meeting"):
    asked for, so not held yet."""
    head = phrase_head(tok)
    prep = head.head
    if (
        head.dep_ == "pobj"
        and prep.lower_ == "for"
        and prep.head.pos_ == "VERB"
        and prep.head.lemma_.lower() in ASKING_FOR
    ):
        return prep.head
    return None


#: Nouns whose to-infinitive is not done yet ("a proposal to sign the treaty").
PROPOSAL_NOUNS = frozenset(
    """proposal plan offer bid initiative call demand push effort attempt readiness
    willingness intention idea""".split()
)
#: Verbs whose "that" clause is what someone wants done ("suggested that the sides sign").
PROPOSING_VERBS = frozenset("suggest propose recommend urge demand".split())


def _proposed(verb: Token) -> bool:
    """An act put forward, not done: "a proposal to finalize and sign the treaty", "Aliyev
    suggested that the two sides first work out the principles and sign the deal later"."""
    v = verb
    while v.dep_ == "conj" and v.head.i < v.i and same_line(v, v.head):
        v = v.head
    if v.head.i == v.i or not same_line(v, v.head):
        return False
    head = v.head
    if v.dep_ == "acl" and has_aux(v, frozenset({"to"})):
        return head.lemma_.lower() in PROPOSAL_NOUNS
    if v.dep_ == "ccomp" and head.lemma_.lower() in PROPOSING_VERBS:
        return not any(c.dep_ == "aux" and c.tag_ in ("VBD", "VBZ") for c in v.children)
    return False


def _noun_ahead(tok: Token) -> bool:
    if asked_for(tok) is not None or _opens_ahead(tok):
        return True
    head = phrase_head(tok)
    for c in (*head.children, *tok.children):
        low = c.lower_
        if c.dep_ in ("amod", "det", "compound", "nmod") and low in AHEAD:
            return True
        if c.dep_ in ("acl", "amod", "relcl") and c.lemma_.lower() in PLAN_HEADS:
            return True
        if (
            c.dep_ == "acl"
            and c.lemma_.lower() in ("be", "take", "hold", "open")
            and has_aux(c, frozenset({"to"}))
        ):
            return True  # "the summit to be held in May"
    return False


def _after(value: str | None, granularity: str, published: date | None) -> bool:
    if not value or published is None:
        return False
    if granularity in ("month", "year"):
        return (
            value[: 7 if granularity == "month" else 4]
            > published.isoformat()[: 7 if granularity == "month" else 4]
        )
    return value > published.isoformat()


def status_of(tok: Token, verb: Token, date_ref: dict | None, published: date | None) -> str:
    """ "happened", "planned" or "cancelled" for an occurrence at ``tok`` under ``verb``."""
    if first_planned(tok, verb):
        return "cancelled"  # "was originally set to host the talks on November 20"
    called_off = cancelled(tok, verb) and not (tok.i == verb.i and tok.pos_ == "VERB")
    if called_off and not (_future(verb) or scheduled(verb)):
        return "cancelled"  # the calling off itself (a boycott) did happen
    if called_off and cancelling(phrase_head(tok).head):
        return "cancelled"  # "will postpone the talks"; "talks, suspended in May, will
        # resume on Monday" are planned again
    if (
        _future(verb)
        or _proposed(verb)
        or scheduled(verb, pledged=tok.i == verb.i)
        or (verb.i != tok.i or tok.pos_ == "NOUN")
        and (_noun_ahead(tok))
    ):
        return "planned"
    if date_ref and date_ref.get("resolved"):
        if _after(date_ref.get("value"), date_ref.get("granularity", "day"), published):
            return "planned"
    return "happened"
