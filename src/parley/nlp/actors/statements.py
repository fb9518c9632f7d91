"""A statement, communiqué, declaration or readout speaks for its author, never for itself.

"a statement by the Department of State noted …", "the Azerbaijani Foreign Ministry's
statement said …", "a Saudi statement said …", "the joint US-Saudi statement said …": the
speaker is the author (the "by"/"from" object, the possessor, or the names written before
the noun; several authors make one joint actor), and a later bare "the statement" is the
author of the last statement the article attributed. The document is never an actor.
"""

from __future__ import annotations

import re
from itertools import permutations
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

if TYPE_CHECKING:  # pragma: no cover
    from parley.nlp.actors.resolve import Cluster, DocActors

#: Nouns naming a document that speaks for whoever issued it.
STATEMENTS = frozenset(
    "statement statements communique communiqué communiques communiqués declaration readout "
    "release".split()
)
#: Words in front of the noun that say nothing of its author ("a joint written statement").
PLAIN = frozenset(
    """joint separate new written brief short official earlier later final previous
    latest first second third press terse lengthy strongly worded strongly-worded""".split()
)
#: Tokens that separate joint authors written before the noun ("US-Saudi", "US/Saudi").
JOINERS = frozenset({"-", "–", "/", "and", ",", "&"})
#: How many sentences back a bare "the statement" may find the author of the last statement.
WINDOW = 8


def is_statement(tok: Token) -> bool:
    return tok.lower_ in STATEMENTS or tok.lemma_.lower() in STATEMENTS


def _phrase(tok: Token) -> Span:
    """The noun phrase ``tok`` heads, up to ``tok`` (no relative clause or apposition after)."""
    return tok.doc[tok.left_edge.i : tok.i + 1]


def _author_spans(mention: Span) -> list[Span]:
    """The phrases naming a statement's author(s), as the text writes them."""
    root = mention.root
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ in ("by", "from", "of"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and not pobj.like_num and pobj.pos_ != "NUM":
                return [_phrase(pobj), *(_phrase(c) for c in pobj.conjuncts)]
        if child.dep_ == "poss" and child.pos_ != "PRON":
            return [_phrase(child), *(_phrase(c) for c in child.conjuncts)]
    groups: list[list[Token]] = [[]]
    for tok in root.doc[mention.start : root.i]:
        if tok.dep_ in ("det", "predet") or tok.lower_ in PLAIN or tok.lower_ in JOINERS:
            groups.append([])
        elif tok.is_stop and tok.is_lower:
            groups.append([])
        else:
            groups[-1].append(tok)
    return [root.doc[g[0].i : g[-1].i + 1] for g in groups if g]


def _one(actors: DocActors, span: Span, speaker: bool) -> list[Cluster]:
    """The actor(s) one author phrase names ("US/Saudi" written as one token names two)."""
    from parley.nlp.actors.mention_words import STATE_BODIES

    for tok in span:
        found = actors.by_char.get(tok.idx)
        if found is not None:
            return [found]
    parts = [p for p in re.split(r"[/–-]", span.text) if p.strip()] if len(span) == 1 else [span.text]
    states = [actors.state(code) for p in parts for code in [actors.countries.code(p.strip())] if code]
    if states and len(states) == len(parts):
        return states
    named = any(t.text[:1].isupper() for t in span)
    if not named and span.root.lemma_.lower() not in STATE_BODIES:
        return []  # "the mediators' statement" names nobody in particular
    found = actors.resolve(span, speaker)
    return [found] if found is not None else []


def joint_actor(actors: DocActors, members: list[Cluster]) -> Cluster:
    """Several actors as one joint actor ("A and B"); the same ones named in another order
    ("B and A") are the same joint actor."""
    names = [" and ".join(c.name for c in p) for p in permutations(members)] if len(members) < 5 else []
    name = next((n for n in names if n in actors.clusters), " and ".join(c.name for c in members))
    return actors.cluster(name, "group")


def statement_author(actors: DocActors, mention: Span, speaker: bool = True) -> Cluster | None:
    """Who a statement (the mention's head noun) speaks for; None when the text does not say."""
    authors: list[Cluster] = []
    for span in _author_spans(mention):
        for c in _one(actors, span, speaker):
            if c not in authors and not is_statement(span.root):
                authors.append(c)
    here = actors._sent_of(mention.start_char)
    if not authors:
        last = actors.last_statement
        subject = mention.root.dep_ in ("nsubj", "nsubjpass") or speaker
        if last is not None and subject and here - last[0] <= WINDOW:
            return last[1]
        return None
    if len(authors) == 1:
        found = authors[0]
    else:  # "the joint US-Saudi statement": the authors together
        found = joint_actor(actors, authors)
    actors.last_statement = (here, found)
    return found


#: Prepositions by which a speaker says something through a document ("in a statement").
THROUGH = frozenset({"in", "through", "via"})


def note_spoken_statement(actors: DocActors, speaker: Span, author: Cluster) -> None:
    """ "…," the army said in a statement. "…," according to the statement: a statement the
    speaker issued ("in a statement" on the speaker's verb) is the speaker's, so a later
    bare "the statement" speaks for that speaker."""
    verb = speaker.root.head
    if speaker.root.dep_ not in ("nsubj", "nsubjpass") or verb.pos_ not in ("VERB", "AUX"):
        return
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in THROUGH:
            if any(c.dep_ == "pobj" and is_statement(c) for c in child.children):
                actors.last_statement = (actors._sent_of(speaker.start_char), author)
                return


def _joint_statement_in(sent: Span) -> bool:
    """The sentence speaks "in a joint statement" (or "through", "via" one)."""
    return any(
        is_statement(tok) and tok.head.lower_ in THROUGH and any(c.lower_ == "joint" for c in tok.children)
        for tok in sent
    )


def joint_speaker(actors: DocActors, speaker: Span, found: Cluster) -> Cluster | None:
    """Several authors speaking as one: "A and B said in a joint statement …" and "…," the
    A and B joint statement added (parsed as "A" joined to "statement") are A and B together,
    one joint actor as "the joint A-B statement" is; None when the speaker speaks alone."""
    root = speaker.root
    others = sorted(root.conjuncts, key=lambda t: t.i)
    if not others:
        return None
    statement = next((c for c in others if c.i > root.i and is_statement(c)), None)
    if statement is not None:  # "the A and B joint statement": B is written before the noun
        parts = [(root, None), *((None, s) for s in _author_spans(root.doc[statement.left_edge.i : statement.i + 1]))]
    elif _joint_statement_in(root.sent):  # "A and B said in a joint statement" (either named)
        parts = sorted([(root, None), *((c, None) for c in others)], key=lambda p: p[0].i)
    else:
        return None
    members: list[Cluster] = []
    for tok, span in parts:
        for c in [found] if tok is root else _one(actors, span if span is not None else _phrase(tok), False):
            if c not in members:
                members.append(c)
    if len(members) < 2:
        return None
    joint = joint_actor(actors, members)
    actors.last_statement = (actors._sent_of(speaker.start_char), joint)
    return joint
