"""Statements a stance can be read from: who holds it, which tokens say it, and when.

Three sources, all already on the doc when the stances component runs:

* quotes (``doc._.parley_quotes``): the speaker's words; the reporting verb is the anchor
  ("rejected", "ruled out", "called for" take sides, "said" does not);
* events (``doc._.parley_events``) of a kind that takes a side (demand, rejection,
  agreement, ...): the event's actors and evidence;
* verbs that take a side ("Kastanova ruled out direct talks") whose subject is a known
  actor: many positions are reported, not quoted.

The same position may come from several sources; the component keeps one per actor and
issue.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from spacy.attrs import LEMMA
from spacy.tokens import Doc, Token

from parley.nlp.ranges import RangeSet, content_ranges
from parley.nlp.scan import tokens
from parley.nlp.stances import lexicon as lx
from parley.nlp.stances.rules import Frame

#: Actor kinds that can hold a position (not places or unknown names).
HOLDER_KINDS = frozenset({"person", "organisation", "state", "government", "group"})
#: Event kinds whose evidence states a position.
STANCE_EVENTS = frozenset(
    {
        "demand",
        "rejection",
        "agreement",
        "praise",
        "criticism",
        "proposal",
        "offer",
        "concession",
        "appeal",
        "request",
        "support",
        "threat",
        "acceptance",
        "refusal",
    }
)
#: Verbs that can head a reported position (lexicon verbs and phrasal-verb heads).
TRIGGERS = frozenset(
    set(lx.POSITIVE_VERBS)
    | set(lx.NEGATIVE_VERBS)
    | set(lx.TENTATIVE_VERBS)
    | {k.split()[0] for k in lx.PHRASAL_VERBS}
    | lx.STATEMENT_VERBS
) - {"need", "require", "hold", "open", "allow", "end", "cut", "reach", "ask"}


@dataclass(slots=True)
class Unit:
    """One statement: the actors holding it, its frame in the doc, its quote and date."""

    actors: tuple[str, ...]
    frame: Frame
    sents: tuple[tuple[int, int], ...]  # token ranges of the sentences the issue may be named in
    quote_id: str | None = None
    date: str | None = None
    rank: int = 0  # which source's evidence is preferred: quotes 0, events 1, verbs 2


class Mentions:
    """Actor mentions by character offset: which actor a token refers to."""

    def __init__(self, actors: list[dict]):
        rows = []
        self.kinds: dict[str, str] = {}
        self.countries: dict[str, str | None] = {}
        for actor in actors:
            kind = actor.get("kind", "unknown")
            self.kinds[actor["name"]] = kind
            self.countries[actor["name"]] = actor.get("country")
            if kind not in HOLDER_KINDS:
                continue
            for m in actor.get("mentions", []):
                rows.append((m["start"], m["end"], actor["name"]))
        rows.sort()
        self._starts = [r[0] for r in rows]
        self._rows = rows

    def at(self, start: int, end: int) -> str | None:
        """The actor whose mention covers ``[start, end)`` best (None when none does)."""
        i = bisect_right(self._starts, end - 1)
        best, size = None, -1
        for s, e, name in self._rows[max(0, i - 8) : i]:
            if s <= start < e or start <= s < end:
                overlap = min(e, end) - max(s, start)
                if overlap > size:
                    best, size = name, overlap
        return best

    def within(self, start: int, end: int) -> list[str]:
        """Every actor with a mention inside ``[start, end)``, in text order."""
        i = bisect_right(self._starts, end - 1)
        return [name for s, e, name in self._rows[max(0, i - 12) : i] if start <= s and e <= end]

    def token(self, tok: Token) -> str | None:
        return self.at(tok.idx, tok.idx + len(tok.text))

    def holds(self, name: str) -> bool:
        return self.kinds.get(name, "person") in HOLDER_KINDS

    def speaks_for(self, holders: tuple[str, ...]) -> Callable[[Token], bool]:
        """A test: does one of ``holders`` answer for what ``subject`` does?

        Pronouns and names of no known actor pass (they are usually the holder or a thing);
        a known actor passes when it is a holder or of a holder's country ("Russia" in
        Lavrov's words, "Kelmora" in Aasgaard's).
        """
        countries = {self.countries.get(h) for h in holders} - {None}

        def test(subject: Token) -> bool:
            if subject.pos_ == "PRON":
                return True
            name = self.token(subject)
            return name is None or name in holders or self.countries.get(name) in countries

        return test


def _tokens(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return (span.start, span.end) if span is not None and len(span) else None


def _sents(doc: Doc, ranges: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    out = []
    for s, e in ranges:
        for i in (s, e - 1):
            sent = doc[i].sent
            if (sent.start, sent.end) not in out:
                out.append((sent.start, sent.end))
    return tuple(sorted(out))


def _is_question(text: str) -> bool:
    words = text.lstrip().split(maxsplit=1)
    return text.rstrip().endswith("?") or (bool(words) and words[0].lower() in ("whether", "if"))


def quote_units(doc: Doc, quotes: list[dict], mentions: Mentions, dates: dict) -> list[Unit]:
    """A unit per quote whose speaker is a known actor (questions and factive reports skipped)."""
    units = []
    for q in quotes:
        speaker = _speaker(q, mentions)
        content = q["content"]
        if speaker is None or _is_question(content["text"]):
            continue
        ranges = [r for s, e in content_ranges(content) if (r := _tokens(doc, s, e)) is not None]
        if not ranges:
            continue
        anchor = None
        if q.get("cue"):
            cue = _tokens(doc, q["cue"]["start"], q["cue"]["end"])
            if cue is not None:
                anchor = doc[cue[0] : cue[1]].root.i
                if doc[anchor].lemma_.lower() in lx.FACTIVE_CUES:
                    continue  # "pointed out that X declined": a fact reported, not a position
        frame = Frame(tuple(ranges), anchor, tail=not q["direct"])
        sents = _sents(doc, ranges + ([(anchor, anchor + 1)] if anchor is not None else []))
        date = dates.get(q.get("event_id"))
        units.append(Unit((speaker,), frame, sents, q.get("id"), date))
    return units


def _speaker(q: dict, mentions: Mentions) -> str | None:
    """The quote's canonical speaker, via its mention when the name was not resolved."""
    sp = q.get("speaker") or {}
    name = sp.get("name") or ""
    if sp.get("actor_id") and name and mentions.holds(name):
        return name
    m = sp.get("mention")
    return mentions.at(m["start"], m["end"]) if m else None


def event_units(doc: Doc, events: list[dict], mentions: Mentions) -> list[Unit]:
    """A unit per event of a kind that states a position, held by the event's actors."""
    units = []
    for ev in events:
        actors = _holders(ev.get("actors") or [], mentions)
        if ev.get("kind") not in STANCE_EVENTS or not actors:
            continue
        r = _tokens(doc, ev["evidence"]["start"], ev["evidence"]["end"])
        if r is None:
            continue
        root = doc[r[0] : r[1]].root
        frame = Frame((r,), root.i, tail=True, own_anchor=True)
        units.append(Unit(actors, frame, _sents(doc, [r]), None, ev.get("date"), rank=1))
    return units


def _holders(actors: list[str], mentions: Mentions) -> tuple[str, ...]:
    """An event's actors that hold its position: a person speaks for their own government
    ("Zelensky maintained that Kiev would never ..." is Zelensky's stance, not Kiev's too)."""
    people = {mentions.countries.get(a) for a in actors if mentions.kinds.get(a) == "person"}
    people.discard(None)
    return tuple(
        a
        for a in actors
        if mentions.holds(a)
        and (mentions.kinds.get(a) == "person" or mentions.countries.get(a) not in people)
    )


def _subject(verb: Token, mentions: Mentions) -> str | None:
    """The actor doing ``verb``: its subject, a passive's agent, or a coordinated verb's."""
    tok = verb
    for _ in range(3):
        for child in tok.children:
            if child.dep_ == "nsubj":
                return mentions.token(child)
            if child.dep_ == "agent":
                objs = [g for g in child.children if g.dep_ == "pobj"]
                return mentions.token(objs[0]) if objs else None
        if tok.dep_ in ("conj", "xcomp") and tok.head.i != tok.i:
            tok = tok.head  # "rejected X and called for Y", "wants to meet"
        else:
            break
    return None


def _reporter(verb: Token, mentions: Mentions) -> str | None:
    """The actor who reports the clause ``verb`` is in ("Rudzik said [the minister would ...]")."""
    tok = verb
    for _ in range(4):
        if tok.dep_ not in ("ccomp", "conj", "xcomp") or tok.head.i == tok.i:
            return None
        tok = tok.head
        if verb.dep_ == "ccomp" or tok.dep_ != "conj":
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                return mentions.token(subj)
    return None


def _named_person(verb: Token, actor: str, mentions: Mentions) -> bool:
    """True when ``verb``'s subject is a person named by name (not "he", not a title)."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return mentions.kinds.get(actor) == "person" and subj is not None and subj.pos_ == "PROPN"


def verb_units(doc: Doc, mentions: Mentions, quotes: list[dict], skip: RangeSet) -> list[Unit]:
    """A unit per side-taking verb whose subject is a known actor."""
    inside = [(q["content"]["start"], q["content"]["end"], _speaker(q, mentions)) for q in quotes]
    cues = {q["cue"]["start"] for q in quotes if q.get("cue")}
    units = []
    for tok in tokens(doc, LEMMA, lambda lemma: lemma.lower() in TRIGGERS):
        if tok.pos_ != "VERB":
            continue
        if tok.idx in cues or tok.idx in skip:
            continue  # a quote's reporting verb: the quote's unit reads it
        actor = _subject(tok, mentions)
        if actor is None or not mentions.holds(actor):
            continue
        quoted = [sp for s, e, sp in inside if s <= tok.idx < e]
        reporter = _reporter(tok, mentions)
        if reporter is not None and reporter != actor:
            quoted.append(reporter)
        if quoted and (quoted[0] == actor or not _named_person(tok, actor, mentions)):
            continue  # reported speech: the speaker holds it, unless a named person acts
        region = (tok.left_edge.i, tok.right_edge.i + 1)
        frame = Frame((region,), tok.i, tail=True, own_anchor=True)
        units.append(Unit((actor,), frame, _sents(doc, [region]), rank=2))
    return units
