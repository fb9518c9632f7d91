"""Reading a stance off the dependency parse: which way a mention of an issue is pushed.

A *match* is a keyword or cue of one issue found in the text. From the match's root the
reading climbs the parse toward the statement's reporting verb, multiplying the signs of
the words it passes ("called for" +1, "an end to" -1: "called for an end to arms supplies"
is against arms supplies), flipping at negations ("would never accept"), and noting
modality ("should meet"), tentative words ("willing to discuss") and conditions ("requires
assurances that", "provided", "only if"). It stops at adjuncts ("before a ceasefire"), at
clause boundaries and at the reporting verb. No climb, no reading: a keyword nothing takes
a side on yields nothing rather than a guess.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from parley.nlp.stances import lexicon as lx
from parley.nlp.stances.catalogue import KEYWORD, OBJECT, OPPOSE, SUPPORT, Issue
from parley.nlp.stances.cues import abstained

#: Dependencies that leave the clause the keyword is an argument of.
BLOCK_DEPS = frozenset(
    {
        "advcl",
        "advmod",
        "npadvmod",
        "mark",
        "parataxis",
        "relcl",
        "punct",
        "cc",
        "meta",
        "intj",
        "prt",
        "neg",
        "aux",
        "auxpass",
        "det",
        "predet",
        "preconj",
        "case",
        "expl",
    }
)
#: Dependencies through which a head's sign applies to its dependent.
OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "xcomp", "ccomp", "attr", "oprd", "dative", "acomp"})
#: Token dependencies pruned from an evidence span unless they lie on the reading's path.
PRUNE_DEPS = frozenset({"conj", "cc", "advcl", "parataxis", "relcl", "punct", "mark", "appos"})
#: How far a reading climbs at most (a guard against pathological parses).
MAX_STEPS = 14
#: Strengths: a catalogue cue, a lexicon word, a negation or modal on the keyword alone.
CUE, LEXICAL, WEAK = 3, 2, 1


@dataclass(frozen=True, slots=True)
class Match:
    """A keyword or cue of issue ``slug`` over tokens ``[start, end)``."""

    slug: str
    kind: str  # KEYWORD, SUPPORT or OPPOSE
    start: int
    end: int


@dataclass(slots=True)
class Frame:
    """Where a statement lies: its token ranges and reporting verb, and where conditions are."""

    region: tuple[tuple[int, int], ...]
    anchor: int | None = None
    tail: bool = False  # conditions may follow the region to the sentence end (indirect speech)
    own_anchor: bool = False  # the anchor is part of the statement (a verb, not "said")

    def inside(self, i: int) -> bool:
        """In the statement or its reporting verb: where a stance may be read from."""
        return any(s <= i < e for s, e in self.region) or i == self.anchor

    def contains(self, i: int) -> bool:
        """In the statement proper: what evidence may cover."""
        return any(s <= i < e for s, e in self.region) or (self.own_anchor and i == self.anchor)

    def condition_tokens(self, sent_start: int, sent_end: int) -> list[int]:
        """Token indices of the statement inside one sentence, in order."""
        out: set[int] = set()
        for s, e in self.region:
            lo, hi = max(s, sent_start), min(e, sent_end)
            out.update(range(lo, hi))
            if self.tail and hi < sent_end and hi == e:
                out.update(range(hi, sent_end))
        return sorted(out)


@dataclass(slots=True)
class Path:
    """What a climb found: the sign toward the match, how sure, and the tokens it passed."""

    sign: int = 1
    strength: int = 0
    tentative: bool = False
    negated: bool = False
    conditioned: bool = False
    tokens: list[int] = field(default_factory=list)
    contributors: list[int] = field(default_factory=list)
    doers: list[int] = field(default_factory=list)  # subjects of the side-taking verbs passed
    #: "keyword", "object" (only the issue's own verbs say which way: "impose sanctions")
    #: or "cue" (the cue says which way; the issue's own verbs would count it twice)
    mode: str = "keyword"
    anchored: bool = False  # an issue verb has taken a side on the match

    def add(self, tok: Token, sign: int, strength: int) -> None:
        self.sign *= sign
        self.strength = max(self.strength, strength)
        self.contributors.append(tok.i)


@dataclass(frozen=True, slots=True)
class Reading:
    """One stance read from one match: issue, label, strength and evidence characters."""

    slug: str
    label: str
    strength: int
    start: int
    end: int
    at: int = 0  # the match's first token: one statement read by two sources is one vote


# -- climbing --------------------------------------------------------------------------


def _negated(tok: Token, within: tuple[int, int] = (0, 0)) -> bool:
    """True when ``tok`` is negated by its own dependents ("not", "never", "no longer").

    Dependents inside ``within`` (a cue's own tokens, "is not peace") do not count: the cue
    already says which way it points.
    """
    for child in tok.children:
        if within[0] <= child.i < within[1]:
            continue
        if child.dep_ == "neg":
            return True
        if child.dep_ == "advmod" and child.lower_ in lx.NEGATING_ADVERBS:
            return True
        if (
            child.dep_ == "advmod"
            and child.lower_ == "longer"
            and any(g.lower_ == "no" for g in child.children)
        ):
            return True
    return False


def _has_modal(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in lx.MODALS for c in tok.children)


def _particle(tok: Token) -> str | None:
    for child in tok.children:
        if child.dep_ == "prt":
            return f"{tok.lemma_.lower()} {child.lower_}"
    return None


def _verb_entry(tok: Token, issue: Issue) -> tuple[int, frozenset[str] | None, bool] | None:
    """(sign, allowed prepositions or None for any, tentative) of a verb, or None."""
    lemma = tok.lemma_.lower()
    phrasal = _particle(tok)
    for key in (phrasal, lemma):
        if key is None:
            continue
        if key in issue.support_verbs:
            return 1, None, False
        if key in issue.oppose_verbs:
            return -1, None, False
    if phrasal in lx.PHRASAL_VERBS:
        sign, preps = lx.PHRASAL_VERBS[phrasal]
        return sign, preps, False
    if lemma in lx.POSITIVE_VERBS:
        return 1, lx.POSITIVE_VERBS[lemma], False
    if lemma in lx.NEGATIVE_VERBS:
        return -1, lx.NEGATIVE_VERBS[lemma], False
    if lemma in lx.TENTATIVE_VERBS and _opening(tok):
        return 1, lx.TENTATIVE_VERBS[lemma], True
    return None


def _opening(tok: Token) -> bool:
    """ "willing to discuss", "could consider": an offer; "was discussed" is only an event."""
    if tok.dep_ == "xcomp":
        return True
    return any(c.dep_ == "aux" and c.lower_ in lx.OPENING_MODALS for c in tok.children)


def _word_entry(tok: Token, issue: Issue) -> tuple[int, frozenset[str] | None, bool] | None:
    """The stance entry of any head word: verb, noun or adjective."""
    if tok.pos_ in ("VERB", "AUX") and tok.lemma_ != "be":
        entry = _verb_entry(tok, issue)
        if entry is not None:
            return entry
    lower = tok.lower_
    if tok.pos_ in ("ADJ", "VERB"):
        if lower in lx.POSITIVE_ADJ:
            return 1, lx.POSITIVE_ADJ[lower], False
        if lower in lx.NEGATIVE_ADJ:
            return -1, lx.NEGATIVE_ADJ[lower], False
        if lower in lx.TENTATIVE_ADJ:
            return 1, frozenset(), True
    if tok.pos_ in ("NOUN", "PROPN"):
        lemma = tok.lemma_.lower()
        if lemma in issue.support_verbs or lower in issue.support_verbs:
            return 1, None, False  # "an end to the sanctions" when ending them is the point
        if lemma in issue.oppose_verbs or lower in issue.oppose_verbs:
            return -1, None, False
        if lower in lx.POSITIVE_NOUNS:
            return 1, lx.POSITIVE_NOUNS[lower], False
        if lower in lx.NEGATIVE_NOUNS:
            return -1, lx.NEGATIVE_NOUNS[lower], False
    return None


def _copula(be: Token, path: Path) -> None:
    """The predicate of "X is necessary / possible / against ..." applied to its subject."""
    for child in be.children:
        if child.dep_ in ("acomp", "attr"):
            word = child.lower_
            if word in lx.POSITIVE_ADJ:
                path.add(child, 1, LEXICAL)
            elif word in lx.NEGATIVE_ADJ:
                path.add(child, -1, LEXICAL)
            elif word in lx.TENTATIVE_ADJ:
                path.add(child, 1, LEXICAL)
                path.tentative = True
        elif child.dep_ == "prep" and child.lower_ in lx.NEGATIVE_PREPS:
            path.add(child, -1, LEXICAL)
    if _negated(be) and path.contributors:
        path.add(be, -1, WEAK)
        path.negated = True


def _cleft(be: Token, issue: Issue, path: Path) -> None:
    """ "What it needs is a ceasefire": the wh-clause subject's verb takes the attribute."""
    for child in be.children:
        if child.dep_ in ("csubj", "nsubj") and any(t.lower_ == "what" for t in child.subtree):
            verb = child if child.pos_ in ("VERB", "AUX") else None
            entry = _verb_entry(verb, issue) if verb is not None else None
            if entry is not None:
                path.add(verb, entry[0], LEXICAL)
                path.tentative = path.tentative or entry[2]
    if _negated(be) and path.contributors:
        path.add(be, -1, WEAK)
        path.negated = True


def _own(root: Token, match: Match, path: Path) -> None:
    """Negation and modality on the match's own root ("will not lay down its arms")."""
    within = (match.start, match.end)
    if path.mode == "object":
        return
    if root.pos_ in ("VERB", "AUX"):
        if _negated(root, within):
            path.add(root, -1, WEAK)
            path.negated = True
        if _has_modal(root):
            path.add(root, 1, WEAK)
    elif any(
        c.dep_ == "det" and c.lower_ == "no" and not within[0] <= c.i < within[1]
        for c in root.children
    ):
        path.add(root, -1, WEAK)
        path.negated = True


def _apply(gov: Token, dep: str, prep: str | None, issue: Issue, path: Path) -> bool:
    """Apply head ``gov``'s sign to the path; False when the climb must stop here."""
    if gov.lemma_ == "be" and path.mode == "object" and not path.anchored:
        return True  # "sanctions are necessary" says nothing about lifting them
    if gov.lemma_ == "be":
        if dep in ("nsubj", "nsubjpass"):
            _copula(gov, path)
        elif dep == "attr":
            _cleft(gov, issue, path)
        elif _negated(gov) and path.contributors:
            path.add(gov, -1, WEAK)
            path.negated = True
        return True
    if dep in ("acl", "ccomp", "prep") and gov.lower_ in lx.CONDITION_NOUNS:
        path.conditioned = True
        path.contributors.append(gov.i)
        return True
    entry = _word_entry(gov, issue)
    if entry is None:
        if prep is not None and prep in lx.NEGATIVE_PREPS:
            path.add(gov, -1, LEXICAL)
        if gov.pos_ in ("NOUN", "PROPN") and (prep is not None or dep == "compound"):
            # "the prospect of sanctions relief": the keyword only modifies another thing
            return gov.lower_ in lx.TRANSPARENT_NOUNS
        return prep is None or prep not in lx.ADJUNCT_PREPS
    sign, preps, tentative = entry
    specific = preps is None  # one of the issue's own verbs
    if (path.mode == "cue" and specific) or (
        path.mode == "object" and not path.anchored and not specific
    ):
        return True
    if prep is not None:
        if preps is not None and prep not in preps and prep not in lx.PREDICATIVE_PREPS:
            return False  # an adjunct of a word that takes sides: not what it is about
    elif gov.lemma_.lower() in lx.PREP_ONLY and gov.pos_ in ("VERB", "AUX"):
        return True
    elif dep == "nsubj":
        if not _has_modal(gov):
            return True  # "the truce ended": an event, not a wish
    elif dep not in OBJECT_DEPS and not (gov.pos_ == "NOUN" and dep in ("compound", "acl")):
        return True
    path.add(gov, sign, LEXICAL)
    path.anchored = path.anchored or preps is None
    path.tentative = path.tentative or tentative
    if not _has_modal(gov):  # "Washington must lift the sanctions" is a demand, still ours
        path.doers.extend(c.i for c in gov.children if c.dep_ == "nsubj")
    if _negated(gov):
        path.sign = -path.sign
        path.negated = True
    held = abstained(gov)
    if held is not None and not _negated(held):  # "will refrain from imposing sanctions"
        path.sign = -path.sign
        path.negated = True
    return True


def climb(doc: Doc, match: Match, issue: Issue, anchor: int | None) -> Path:
    """Walk from the match's root toward ``anchor``, collecting signs (see module doc)."""
    mode = {KEYWORD: "keyword", OBJECT: "object"}.get(match.kind, "cue")
    root = doc[match.start : match.end].root
    if root.dep_ == "prep" and root.head.pos_ in ("NOUN", "PROPN"):
        root = root.head  # "talks without intermediaries": the phrase modifies "talks"
    path = Path(tokens=[root.i], mode=mode)
    _own(root, match, path)
    cur = root
    for _ in range(MAX_STEPS):
        if cur.i == anchor or cur.head.i == cur.i:
            break
        dep, head = cur.dep_, cur.head
        if dep in BLOCK_DEPS:
            break
        if dep == "conj":
            if cur.pos_ in ("VERB", "AUX"):
                break  # a coordinated clause is a statement of its own
            cur = head  # coordinated nouns share their first conjunct's role
            path.tokens.append(cur.i)
            continue
        prep = cur.lower_ if dep == "prep" else None
        if dep in ("pobj", "pcomp") and head.head.i != head.i:
            prep = head.lower_
            path.tokens.append(head.i)
            if head.i == anchor:
                break
            dep, head = head.dep_, head.head
        if match.start <= head.i < match.end:
            cur = head
            continue
        if not _apply(head, dep, prep, issue, path):
            break
        cur = head
        path.tokens.append(cur.i)
    return path


# -- conditions ------------------------------------------------------------------------


def _marker(doc: Doc, i: int, negated: bool) -> int:
    """Length in tokens of a condition marker starting at token ``i`` (0 when none)."""
    tok = doc[i]
    word = tok.lower_
    for phrase in lx.CONDITION_PHRASES:
        if tuple(t.lower_ for t in doc[i : i + len(phrase)]) == phrase:
            return len(phrase)
    prev = doc[i - 1].lower_ if i > 0 else ""
    nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
    if word in lx.NEGATED_CONDITION_WORDS and word not in lx.CONDITION_WORDS:
        return 1 if negated else 0
    if word not in lx.CONDITION_WORDS:
        return 0
    if prev in lx.NOT_CONDITION_BEFORE or nxt in lx.NOT_CONDITION_AFTER:
        return 0
    if word in ("provided", "providing"):
        # "provided Halvik lifts ...", not "the weapons provided by" or "Kyiv provided X"
        subj = any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)
        if subj or nxt in ("by", "to", "for", "with", "in") or doc[i - 1].pos_ == "AUX":
            return 0
    if word == "once" and tok.dep_ != "mark" and tok.head.i < i:
        return 0  # "met once", not "once the guns fall silent"
    return 1


def _clause_end(doc: Doc, i: int, sent_end: int) -> int:
    while i < sent_end and doc[i].text not in (",", ";", ":", "—", "–"):
        i += 1
    return i


def conditions(doc: Doc, match: Match, frame: Frame, negated: bool) -> tuple[bool, bool]:
    """(the stance is conditional, the match is itself inside a condition clause)."""
    sent = doc[match.start].sent
    tokens = frame.condition_tokens(sent.start, sent.end)
    conditional = inside = False
    skip_to = -1
    for i in tokens:
        if i < skip_to or match.start <= i < match.end:
            continue
        n = _marker(doc, i, negated)
        if not n:
            continue
        skip_to = i + n
        end = _clause_end(doc, i + n, sent.end)
        if i < match.start and match.end <= end:
            inside = True
        else:
            conditional = True
    return conditional, inside


# -- reading ---------------------------------------------------------------------------


def _prune(tok: Token, keep: set[int], out: list[int]) -> None:
    out.append(tok.i)
    for child in tok.children:
        if child.dep_ in PRUNE_DEPS and child.i not in keep:
            continue
        _prune(child, keep, out)


def evidence(doc: Doc, top: Token, path: Path, frame: Frame | None) -> tuple[int, int]:
    """Character offsets of the clause that carries the stance, clipped to the statement."""
    toks: list[int] = []
    _prune(top, set(path.tokens), toks)
    sent = top.sent
    lo, hi = min(toks), max(toks) + 1
    lo, hi = max(lo, sent.start), min(hi, sent.end)
    if frame is not None:
        region = [(s, e) for s, e in frame.region if s < hi and lo < e]
        if region:
            lo, hi = max(lo, region[0][0]), min(hi, region[-1][1])
    while lo < hi - 1 and (doc[lo].is_punct or doc[lo].lower_ == "that" and doc[lo].dep_ == "mark"):
        lo += 1
    while hi - 1 > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
        hi -= 1
    return doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text)


def _top(doc: Doc, path: Path, frame: Frame, root: Token) -> Token:
    """The highest token of the climb that still belongs to the statement."""
    inside = [i for i in path.tokens if frame.contains(i)]
    return doc[inside[-1]] if inside else root


def _contrasted(doc: Doc, start: int) -> bool:
    """True when a cue is introduced as a contrary ("anything but a provocation")."""
    for phrase in lx.CONTRAST_BEFORE:
        lo = start - len(phrase)
        if lo >= 0 and tuple(t.lower_ for t in doc[lo:start]) == phrase:
            return True
    # one determiner or adjective may sit between: "anything but a Kelmoran provocation"
    for skip in (1, 2):
        for phrase in lx.CONTRAST_BEFORE[:5]:
            lo = start - skip - len(phrase)
            between = doc[start - skip : start] if lo >= 0 else ()
            if (
                lo >= 0
                and all(t.pos_ in ("DET", "ADJ", "PROPN") for t in between)
                and tuple(t.lower_ for t in doc[lo : start - skip]) == phrase
            ):
                return True
    return False


def _tentative(span) -> bool:
    """True when a cue only opens the door ("willing to discuss", "possible")."""
    return any(t.lemma_.lower() in lx.TENTATIVE_VERBS or t.lower_ in lx.TENTATIVE_ADJ for t in span)


def read(
    doc: Doc,
    match: Match,
    issue: Issue,
    frame: Frame,
    speaks_for: Callable[[Token], bool] | None = None,
) -> Reading | None:
    """The stance ``match`` expresses in the statement ``frame``, or None when it takes none.

    ``speaks_for(subject)`` says whether the statement's holder answers for what a subject
    does ("Russia requires" in Lavrov's words does; "the Council keeps its sanctions" in
    Kastanova's does not): a side taken by somebody else is not the holder's stance.
    """
    path = climb(doc, match, issue, frame.anchor)
    if speaks_for is not None and not all(speaks_for(doc[i]) for i in path.doers):
        return None
    if match.kind in (KEYWORD, OBJECT):
        if not path.strength or not any(frame.inside(i) for i in path.contributors):
            return None
        if match.kind == OBJECT and not path.anchored:
            return None
        sign, strength = path.sign, path.strength
    else:
        if _contrasted(doc, match.start):
            return None
        sign = (1 if match.kind == SUPPORT else -1) * path.sign
        strength = CUE
        path.tentative = path.tentative or _tentative(doc[match.start : match.end])
    conditional, inside = conditions(doc, match, frame, path.negated)
    if inside:  # the issue is the condition of something else, not what is wanted
        return None
    if conditional or path.conditioned or (path.tentative and sign > 0):
        label = "conditional"
    else:
        label = "support" if sign > 0 else "oppose"
    root = doc[match.start : match.end].root
    start, end = evidence(doc, _top(doc, path, frame, root), path, frame)
    anchor = frame.anchor
    if anchor is not None and anchor in path.contributors and doc[anchor].idx < start:
        start = doc[anchor].idx  # "rejected | a call for a ceasefire": the verb took the side
    if match.kind in (SUPPORT, OPPOSE):  # the cue itself is evidence, wherever the clause was cut
        cue = doc[match.start : match.end]
        start, end = min(start, cue.start_char), max(end, cue.end_char)
    return Reading(match.slug, label, strength, start, end, match.start)


__all__ = ["Frame", "Match", "Path", "Reading", "climb", "conditions", "read", "OPPOSE"]
