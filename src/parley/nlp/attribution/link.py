"""Group the model's SOURCE, CUE and CONTENT spans into attributions.

PolNeAR's spans do not nest, so the model tags one layer; the links are left to geometry:
a content piece belongs to the nearest cue (same sentence first; with no tagged cue near it,
the verb it is the object or clause of), the pieces of one cue are one attribution when they
sit on either side of it ("A," she said, "B.") or run on, and the cue's source is a SOURCE
span beside it, else its parsed subject (or that of the verb it hangs on: "..., saying"),
else the nearest SOURCE span in the cue's sentence.
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
        if cue is None:
            cue = parsed_cue(doc, content)
        if cue is not None:
            found.setdefault(cue.start, Found(cue)).contents.append(content)
    out = []
    for k in sorted(found):
        item = found[k]
        said = [(c.start, c.end) for c in item.contents]
        near = [s for s in sources if sent[s.start] == sent[item.cue.start] and not _within(s, said)]
        item.source = choose_source(doc, item.cue, near, sent, said)
        out.extend(split(item))
    return out


#: Most tokens between two pieces of one content on the same side of its cue (a closing
#: mark and a comma); farther apart they are two attributions that share the cue.
PIECE_GAP = 3


def split(item: Found) -> list[Found]:
    """One attribution per run of content pieces: pieces on either side of the cue ("A," she
    said, "B.") or right after one another belong together; a piece farther on is another
    thing the same source said (its own cue was missed) and makes an attribution of its own."""
    pieces = sorted(item.contents, key=lambda s: s.start)
    groups = [[pieces[0]]]
    for p in pieces[1:]:
        last = groups[-1][-1]
        across = last.end <= item.cue.start and p.start >= item.cue.end
        if across or gap(last, p) <= PIECE_GAP:
            groups[-1].append(p)
        else:
            groups.append([p])
    return [Found(item.cue, g, item.source) for g in groups]


def parsed_cue(doc: Doc, content: TokenSpan) -> TokenSpan | None:
    """The verb the content hangs on, when the model tagged no cue near it ("the minister
    [rejected] the offer"): a content's head is the verb that reports it."""
    head = content.root.head
    if head.i in range(content.start, content.end) or head.pos_ != "VERB":
        return None
    if content.root.dep_ not in CONTENT_DEPS:
        return None
    return doc[head.i : head.i + 1]


#: How a content piece hangs on its reporting verb: object, clause, or quoted complement.
CONTENT_DEPS = frozenset({"dobj", "ccomp", "xcomp", "obj", "pobj", "attr", "oprd"})


#: Dependents of a cue that name its source: subjects of a verb, then the owner of a noun
#: cue ("Trump's claim").
def _within(span: TokenSpan, ranges: list[tuple[int, int]]) -> bool:
    """Whether ``span`` overlaps one of the token ``ranges`` (an attribution's contents)."""
    return any(span.start < end and start < span.end for start, end in ranges)


def choose_source(
    doc: Doc, cue: TokenSpan, near: list[TokenSpan], sent: list[int],
    said: list[tuple[int, int]] = (),
) -> TokenSpan | None:
    """A tagged source right beside the cue, else the cue's parsed subject, else the nearest.
    Nobody inside what is said (``said``: the contents' token ranges) is its source."""
    if is_passive(cue):
        # "the talks are expected to", "he was quoted as saying": the grammatical subject
        # is what is reported on, not who reports; only an agent ("by X") speaks
        subjects = {c.i for t in cue for c in t.children if c.dep_ == "nsubjpass"}
        near = [s for s in near if not any(t.i in subjects for t in s)]
    beside = [s for s in near if gap(cue, s) <= 1]
    if beside:
        return _nearest(cue, beside, sent)
    parsed = parsed_source(doc, cue)
    if parsed is not None and _within(parsed, said):
        # '"Both sides reiterated ...," read the statement': the subject of the quoted
        # verb the cue was parsed as a conjunct of is inside the quotation
        parsed = None
    return parsed or _nearest(cue, near, sent)


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
    heads = list(cue)
    for _ in range(CLIMB + 1):
        for dep in SUBJECTS:
            for tok in heads:
                for child in tok.children:
                    if child.dep_ == dep and not child.is_space:
                        first = min((t.i for t in child.lefts if t.dep_ in NP_DEPS), default=child.i)
                        return doc[first : child.i + 1]
        for tok in heads:
            if tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
                # "a letter saying that ...", "one saying that ...": the noun speaks
                noun = tok.head
                first = min((t.i for t in noun.lefts if t.dep_ in NP_DEPS), default=noun.i)
                return doc[first : noun.i + 1]
        # no subject of its own: a cue that continues a clause ("..., saying", "agreed to
        # [discuss]", "said A and [warned] B", "after [saying] A, she ...") speaks with the
        # subject of the verb it hangs on
        heads = [t.head.head if t.dep_ == "pcomp" and t.head.dep_ == "prep" else t.head
                 for t in heads if t.dep_ in SHARED_SUBJECT and t.head not in heads]
        heads = [t for t in heads if not (is_passive(doc[t.i : t.i + 1]))]
        if not heads:
            break
    return None


#: Links by which a subjectless cue shares the subject of its head verb, and how far up.
SHARED_SUBJECT = frozenset({"xcomp", "advcl", "conj", "pcomp"})
CLIMB = 2


#: Left dependents that belong to a subject noun phrase ("the state's top election official").
NP_DEPS = frozenset({"det", "compound", "amod", "poss", "nmod", "nummod", "case"})
