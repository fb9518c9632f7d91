"""Group the model's SOURCE, CUE and CONTENT spans into attributions.

PolNeAR's spans do not nest, so the model tags one layer; the links are left to geometry:
a content piece belongs to the nearest cue (same sentence first), every piece of one cue
is one attribution (a quote split by its attribution: "A," she said, "B."), and the cue's
source is the nearest SOURCE span in the cue's sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc
from spacy.tokens import Span as TokenSpan

#: Farthest a content piece may sit from its cue, in tokens, when not in the same sentence.
MAX_GAP = 12


@dataclass(slots=True)
class Found:
    """One attribution read off the model's spans (token spans of the analysed doc)."""

    cue: TokenSpan
    contents: list[TokenSpan] = field(default_factory=list)
    source: TokenSpan | None = None


def gap(a: TokenSpan, b: TokenSpan) -> int:
    """Tokens between two non-overlapping spans (0 when adjacent)."""
    return max(a.start - b.end, b.start - a.end, 0)


def _sent_ids(doc: Doc) -> list[int]:
    ids = [0] * len(doc)
    if doc.has_annotation("SENT_START"):
        for n, sent in enumerate(doc.sents):
            for i in range(sent.start, sent.end):
                ids[i] = n
    return ids


def _nearest(span: TokenSpan, others: list[TokenSpan], sent: list[int]) -> TokenSpan | None:
    """The span of ``others`` closest to ``span``: same sentence first, then a short gap."""
    best, best_key = None, None
    own = {sent[span.start], sent[span.end - 1]}
    for o in others:
        same = sent[o.start] in own or sent[o.end - 1] in own
        d = gap(span, o)
        if not same and d > MAX_GAP:
            continue
        key = (not same, d, o.start)
        if best_key is None or key < best_key:
            best, best_key = o, key
    return best


def link(doc: Doc, spans: list[TokenSpan]) -> list[Found]:
    """Attributions from labelled spans of ``doc`` (contents without a cue are dropped)."""
    sent = _sent_ids(doc)
    cues = [s for s in spans if s.label_ == "CUE"]
    sources = [s for s in spans if s.label_ == "SOURCE"]
    found: dict[int, Found] = {}
    for content in (s for s in spans if s.label_ == "CONTENT"):
        cue = _nearest(content, cues, sent)
        if cue is not None:
            found.setdefault(cue.start, Found(cue)).contents.append(content)
    for item in found.values():
        near = [s for s in sources if sent[s.start] == sent[item.cue.start]]
        item.source = choose_source(doc, item.cue, near, sent)
    return [found[k] for k in sorted(found)]


#: Dependents of a cue that name its source: subjects of a verb, then the owner of a noun
#: cue ("Trump's claim").
def choose_source(doc: Doc, cue: TokenSpan, near: list[TokenSpan], sent: list[int]) -> TokenSpan | None:
    """A tagged source right beside the cue, else the cue's parsed subject, else the nearest."""
    if is_passive(cue):
        # "the talks are expected to", "he was quoted as saying": the grammatical subject
        # is what is reported on, not who reports; only an agent ("by X") speaks
        subjects = {c.i for t in cue for c in t.children if c.dep_ == "nsubjpass"}
        near = [s for s in near if not any(t.i in subjects for t in s)]
    beside = [s for s in near if gap(cue, s) <= 1]
    if beside:
        return _nearest(cue, beside, sent)
    return parsed_source(doc, cue) or _nearest(cue, near, sent)


SUBJECTS = ("nsubj", "nsubjpass", "poss")


#: Verbs whose passive reports somebody else's words or beliefs ("is expected", "was
#: told"); "are convinced", "is worried" are the subject's own state and keep it as source.
HEARSAY = frozenset(
    """say report expect believe think announce confirm tell quote understand know consider
    estimate rumor rumour predict allege describe ask call schedule plan""".split()
)


def is_passive(cue: TokenSpan) -> bool:
    """True for a passive cue of hearsay ("is expected", "were told")."""
    return any(
        c.dep_ == "auxpass" and t.lemma_.lower() in HEARSAY for t in cue for c in t.children
    )


def parsed_source(doc: Doc, cue: TokenSpan) -> TokenSpan | None:
    """The cue's subject (or owner) when the model tagged no source ("officials [believe]");
    for a passive cue, the agent of "by" ("was announced by the ministry") or nobody."""
    if is_passive(cue):
        for tok in cue:
            for agent in (c for c in tok.children if c.dep_ == "agent"):
                for obj in (c for c in agent.children if c.dep_ == "pobj"):
                    first = min((t.i for t in obj.lefts if t.dep_ in NP_DEPS), default=obj.i)
                    return doc[first : obj.i + 1]
        return None
    for dep in SUBJECTS:
        for tok in cue:
            for child in tok.children:
                if child.dep_ == dep and not child.is_space:
                    first = min((t.i for t in child.lefts if t.dep_ in NP_DEPS), default=child.i)
                    return doc[first : child.i + 1]
    return None


#: Left dependents that belong to a subject noun phrase ("the state's top election official").
NP_DEPS = frozenset({"det", "compound", "amod", "poss", "nmod", "nummod", "case"})
