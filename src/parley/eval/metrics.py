"""Scoring rules: predicted quotes, events and stances against gold, micro-averaged.

Quotes
    *Content match*: a predicted quote matches a gold quote when their content spans share
    at least one word token (a run of letters/digits in the article text; a discontinuous
    span counts all its segments). Matching is one-to-one and greedy: the pair sharing the
    most tokens is taken first (ties: higher Dice, right speaker, then text order).
    *Strict match*: the same, but a pair only qualifies when the token Dice of the two spans,
    2|A∩B| / (|A|+|B|), is at least 0.5; taken greedily by Dice.
    *Speaker*: right when the predicted canonical name shares a capitalised name token with
    the gold speaker (tokens starting with a capital letter, compared case-insensitively;
    "U.S." reads as "US", a possessive "'s" is dropped, and capitalised function words and
    titles such as "The", "He", "Not", "Mr", "President" are ignored). When the gold speaker
    is a text span rather than a canonical name (PolNeAR's Source span, often a pronoun like
    "he" or a description like "the campaign"), the speaker is also right when the
    predicted speaker *mention* overlaps that span. A gold quote with no source at all is
    right only for a prediction with an empty speaker name. Seed gold speakers are
    canonical names: there a pronoun mention must be resolved to the name.
    *End-to-end*: a true positive is a content match whose speaker is right;
    P = TP / predicted quotes, R = TP / gold quotes.

Events
    A predicted event matches a gold event when the kind or the (non-null) PLOVER type is
    equal and the two share at least one participant (actors and recipients, by the name
    rule above); it is a true positive only when the resolved dates are equal too (both
    ``None`` counts as equal). ``date_accuracy`` is the share of kind+participant matches
    with the right date.

Stances
    A predicted stance matches a gold stance on equal issue slug and actor (name rule); it
    is a true positive when the stance label is equal too. ``label_accuracy`` is the share
    of issue+actor matches with the right label. A gold that names catalogue issues only
    (every stance's ``origin`` is "catalogue") cannot judge open-target stances, whose issue
    is a target key no catalogue slug equals: they are left out of its count.

Every count is summed over documents before P/R/F1 are computed (micro-average).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from parley.model import Analysis, Event, Quote, Span, Speaker, Stance

_WORD = re.compile(r"\w+")
_NAME_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
#: Capitalised words that are not names: sentence-initial function words and titles.
NAME_STOPWORDS = frozenset(
    """
    the a an this that these those some many most all any both each another other such
    he she it they we i you him her them me his hers its their theirs our ours my your
    who which what one ones according and or not of in on at for to by with from as but
    mr mrs ms miss dr sir madam sen senator rep representative gov governor mayor
    president vice secretary minister prime chairman chairwoman chair gen general
    judge adviser advisor spokesman spokeswoman spokesperson official officials
    """.split()
)


# -- tokens and spans ---------------------------------------------------------------------


class TokenIndex:
    """Word tokens of one text, to turn character spans into sets of token positions."""

    def __init__(self, text: str):
        bounds = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        self._starts = [s for s, _ in bounds]
        self._ends = [e for _, e in bounds]

    def tokens(self, ranges: Iterable[tuple[int, int]]) -> frozenset[int]:
        """Positions of the tokens that share at least one character with ``ranges``."""
        out: set[int] = set()
        for start, end in ranges:
            if end <= start:
                continue
            first = bisect_right(self._ends, start)  # first token ending after `start`
            last = bisect_left(self._starts, end)  # tokens starting before `end`
            out.update(range(first, last))
        return frozenset(out)


def dice(a: frozenset[int], b: frozenset[int]) -> float:
    """Token Dice coefficient 2|A∩B| / (|A|+|B|) (0.0 for two empty sets)."""
    total = len(a) + len(b)
    return 2 * len(a & b) / total if total else 0.0


def ranges_overlap(a: Span | None, b: Span | None) -> bool:
    """True when spans ``a`` and ``b`` share at least one character."""
    if a is None or b is None:
        return False
    return any(s1 < e2 and s2 < e1 for s1, e1 in a.ranges() for s2, e2 in b.ranges())


# -- names --------------------------------------------------------------------------------


def name_tokens(name: str | None) -> frozenset[str]:
    """The capitalised name tokens of ``name``, lower-cased ("the US president" -> {"us"})."""
    if not name:
        return frozenset()
    out = set()
    for token in _NAME_TOKEN.findall(name.replace(".", "")):
        token = re.sub(r"['’][sS]$", "", token)
        if token[:1].isupper() and token.lower() not in NAME_STOPWORDS:
            out.add(token.lower())
    return frozenset(out)


def names_match(gold: str | None, predicted: str | None) -> bool:
    """True when two names share a capitalised name token."""
    return bool(name_tokens(gold) & name_tokens(predicted))


def speaker_right(gold: Speaker, predicted: Speaker) -> bool:
    """Whether ``predicted`` names the gold speaker (rules in the module docstring)."""
    gold_tokens = name_tokens(gold.name)
    if gold_tokens & name_tokens(predicted.name):
        return True
    if not gold.name.strip():
        return not predicted.name.strip()
    # A gold speaker that is a text span rather than a canonical name (PolNeAR's Source:
    # "he", "Police", "The former first lady and U.S. senator"): pointing at that span is
    # right, whatever canonical name the prediction resolved it to.
    is_span = gold.mention is not None and (not gold_tokens or gold.name == gold.mention.text)
    return is_span and ranges_overlap(gold.mention, predicted.mention)


# -- one-to-one greedy matching -----------------------------------------------------------


def greedy_match(
    candidates: Iterable[tuple[tuple, int, int]],
) -> list[tuple[int, int]]:
    """Pair gold and predicted items one-to-one, best candidate first.

    ``candidates`` holds ``(sort_key, gold_index, predicted_index)``; lower keys are taken
    first and the indices break ties, so the result is deterministic.
    """
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _key, gi, pi in sorted(candidates):
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        pairs.append((gi, pi))
    return sorted(pairs)


# -- precision, recall, F1 ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1 from true positives and the two totals."""

    tp: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "predicted": self.predicted,
            "gold": self.gold,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


# -- quotes -------------------------------------------------------------------------------


@dataclass(slots=True)
class QuoteDoc:
    """Quote scores of one document: the matched pairs and whether each speaker is right."""

    doc_id: str
    gold: list[Quote]
    predicted: list[Quote]
    overlap_pairs: list[tuple[int, int, bool]]  # (gold index, predicted index, speaker right)
    dice_pairs: list[tuple[int, int, bool]]

    @property
    def overlap_e2e(self) -> int:
        return sum(ok for _, _, ok in self.overlap_pairs)

    @property
    def dice_e2e(self) -> int:
        return sum(ok for _, _, ok in self.dice_pairs)

    def to_json(self, details: bool = False) -> dict[str, Any]:
        n_gold, n_pred = len(self.gold), len(self.predicted)
        out: dict[str, Any] = {
            "doc_id": self.doc_id,
            "gold": n_gold,
            "predicted": n_pred,
            "content_overlap": PRF(len(self.overlap_pairs), n_pred, n_gold).to_json(),
            "content_dice": PRF(len(self.dice_pairs), n_pred, n_gold).to_json(),
            "e2e": PRF(self.overlap_e2e, n_pred, n_gold).to_json(),
        }
        if details:
            out.update(self._details())
        return out

    def _details(self) -> dict[str, Any]:
        """What went wrong, quote by quote: the lists an extractor's author reads."""
        matched_gold = {gi for gi, _, _ in self.overlap_pairs}
        matched_pred = {pi for _, pi, _ in self.overlap_pairs}
        return {
            "missed": [_brief(q) for i, q in enumerate(self.gold) if i not in matched_gold],
            "spurious": [_brief(q) for i, q in enumerate(self.predicted) if i not in matched_pred],
            "wrong_speaker": [
                {
                    "gold": _brief(self.gold[gi]),
                    "predicted": _brief(self.predicted[pi]),
                }
                for gi, pi, ok in self.overlap_pairs
                if not ok
            ],
        }


def _brief(quote: Quote) -> dict[str, Any]:
    mention = quote.speaker.mention
    return {
        "content": quote.content.text,
        "start": quote.content.start,
        "end": quote.content.end,
        "speaker": quote.speaker.name,
        "mention": mention.text if mention else None,
    }


def score_quote_doc(gold: Analysis, predicted: Analysis | None) -> QuoteDoc:
    """Match one document's predicted quotes to its gold quotes (both rules)."""
    index = TokenIndex(gold.article.text)
    g_quotes = list(gold.quotes)
    p_quotes = list(predicted.quotes) if predicted else []
    g_tokens = [index.tokens(q.content.ranges()) for q in g_quotes]
    p_tokens = [index.tokens(q.content.ranges()) for q in p_quotes]
    overlap_c, dice_c, right = [], [], {}
    for gi, gt in enumerate(g_tokens):
        for pi, pt in enumerate(p_tokens):
            shared = len(gt & pt)
            if not shared:
                continue
            d = dice(gt, pt)
            ok = speaker_right(g_quotes[gi].speaker, p_quotes[pi].speaker)
            right[gi, pi] = ok
            overlap_c.append(((-shared, -d, not ok), gi, pi))
            if d >= 0.5:
                dice_c.append(((-d, -shared, not ok), gi, pi))
    return QuoteDoc(
        doc_id=gold.doc_id,
        gold=g_quotes,
        predicted=p_quotes,
        overlap_pairs=[(g, p, right[g, p]) for g, p in greedy_match(overlap_c)],
        dice_pairs=[(g, p, right[g, p]) for g, p in greedy_match(dice_c)],
    )


@dataclass(slots=True)
class QuoteScores:
    """Quote scores summed over documents (micro-average), with the per-document detail."""

    docs: list[QuoteDoc] = field(default_factory=list)

    def add(self, doc: QuoteDoc) -> None:
        self.docs.append(doc)

    @property
    def gold(self) -> int:
        return sum(len(d.gold) for d in self.docs)

    @property
    def predicted(self) -> int:
        return sum(len(d.predicted) for d in self.docs)

    @property
    def content_overlap(self) -> PRF:
        return PRF(sum(len(d.overlap_pairs) for d in self.docs), self.predicted, self.gold)

    @property
    def content_dice(self) -> PRF:
        return PRF(sum(len(d.dice_pairs) for d in self.docs), self.predicted, self.gold)

    @property
    def e2e(self) -> PRF:
        return PRF(sum(d.overlap_e2e for d in self.docs), self.predicted, self.gold)

    @property
    def e2e_dice(self) -> PRF:
        return PRF(sum(d.dice_e2e for d in self.docs), self.predicted, self.gold)

    @property
    def speaker_accuracy(self) -> float:
        """Share of content (overlap) matches whose speaker is right."""
        return _ratio(self.e2e.tp, self.content_overlap.tp)

    def summary(self) -> dict[str, float]:
        """Flat metric name -> value, the names the evaluation gate's floors use."""
        out: dict[str, float] = {}
        for name, prf in (
            ("content_overlap", self.content_overlap),
            ("content_dice", self.content_dice),
            ("e2e", self.e2e),
            ("e2e_dice", self.e2e_dice),
        ):
            out[f"{name}_p"] = prf.precision
            out[f"{name}_r"] = prf.recall
            out[f"{name}_f1"] = prf.f1
        out["speaker_accuracy"] = self.speaker_accuracy
        return out

    def to_json(self, details: bool = False) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "content_overlap": self.content_overlap.to_json(),
            "content_dice": self.content_dice.to_json(),
            "speaker_accuracy": round(self.speaker_accuracy, 4),
            "e2e": self.e2e.to_json(),
            "e2e_dice": self.e2e_dice.to_json(),
            "documents": [d.to_json(details) for d in self.docs],
        }


# -- events and stances -------------------------------------------------------------------


@dataclass(slots=True)
class ItemScores:
    """Scores for events or stances: matches on the key fields, and which are fully right."""

    kind: str  # "events" or "stances"
    gold: int = 0
    predicted: int = 0
    matched: int = 0  # matched on the key fields (kind/PLOVER + actor; issue + actor)
    correct: int = 0  # of those, also the right date / label
    per_doc: dict[str, PRF] = field(default_factory=dict)

    @property
    def prf(self) -> PRF:
        return PRF(self.correct, self.predicted, self.gold)

    @property
    def attribute_accuracy(self) -> float:
        """Date accuracy (events) or label accuracy (stances) on key matches."""
        return _ratio(self.correct, self.matched)

    @property
    def _attribute(self) -> str:
        return "date_accuracy" if self.kind == "events" else "label_accuracy"

    def summary(self) -> dict[str, float]:
        prf = self.prf
        return {
            "p": prf.precision,
            "r": prf.recall,
            "f1": prf.f1,
            self._attribute: self.attribute_accuracy,
        }

    def to_json(self) -> dict[str, Any]:
        return {
            **self.prf.to_json(),
            "matched": self.matched,
            self._attribute: round(self.attribute_accuracy, 4),
            "documents": [{"doc_id": k, **v.to_json()} for k, v in self.per_doc.items()],
        }


def _any_name_match(gold: Sequence[str], predicted: Sequence[str]) -> bool:
    return any(names_match(g, p) for g in gold for p in predicted)


def _event_key(gold: Event, pred: Event) -> bool:
    same_kind = gold.kind == pred.kind or (gold.plover is not None and gold.plover == pred.plover)
    return same_kind and _any_name_match(
        [*gold.actors, *gold.recipients], [*pred.actors, *pred.recipients]
    )


def _stance_key(gold: Stance, pred: Stance) -> bool:
    return gold.issue == pred.issue and names_match(gold.actor, pred.actor)


def _score_items(
    scores: ItemScores,
    doc_id: str,
    text: str,
    gold: list[Any],
    predicted: list[Any],
    key: Callable[[Any, Any], bool],
    attribute: Callable[[Any], Any],
) -> None:
    """Greedy one-to-one matching on ``key``; right attribute and evidence overlap first."""
    index = TokenIndex(text)
    g_ev = [index.tokens(x.evidence.ranges()) for x in gold]
    p_ev = [index.tokens(x.evidence.ranges()) for x in predicted]
    cands = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            if key(g, p):
                ok = attribute(g) == attribute(p)
                cands.append(((not ok, -len(g_ev[gi] & p_ev[pi])), gi, pi))
    pairs = greedy_match(cands)
    correct = sum(attribute(gold[g]) == attribute(predicted[p]) for g, p in pairs)
    scores.gold += len(gold)
    scores.predicted += len(predicted)
    scores.matched += len(pairs)
    scores.correct += correct
    scores.per_doc[doc_id] = PRF(correct, len(predicted), len(gold))


def score_event_doc(scores: ItemScores, gold: Analysis, predicted: Analysis | None) -> None:
    """Add one document's event matches to ``scores``."""
    pred = list(predicted.events) if predicted else []
    _score_items(
        scores,
        gold.doc_id,
        gold.article.text,
        list(gold.events),
        pred,
        _event_key,
        lambda e: e.date_value,
    )


def score_stance_doc(scores: ItemScores, gold: Analysis, predicted: Analysis | None) -> None:
    """Add one document's stance matches to ``scores``."""
    pred = list(predicted.stances) if predicted else []
    if all(s.origin == "catalogue" for s in gold.stances):
        pred = [s for s in pred if s.origin == "catalogue"]
    _score_items(
        scores,
        gold.doc_id,
        gold.article.text,
        list(gold.stances),
        pred,
        _stance_key,
        lambda s: s.stance,
    )


# -- convenience: whole collections -------------------------------------------------------


Predictions = Iterable[Analysis] | Mapping[str, Analysis]


def _pairs(
    gold_docs: Iterable[Analysis], predicted: Predictions
) -> Iterable[tuple[Analysis, Analysis | None]]:
    by_id = predicted if isinstance(predicted, Mapping) else {a.doc_id: a for a in predicted}
    for gold in gold_docs:
        yield gold, by_id.get(gold.doc_id)


def score_quotes(gold_docs: Iterable[Analysis], predicted: Predictions) -> QuoteScores:
    """Score predicted analyses' quotes against gold documents, paired by ``doc_id``."""
    scores = QuoteScores()
    for gold, pred in _pairs(gold_docs, predicted):
        scores.add(score_quote_doc(gold, pred))
    return scores


def score_events(gold_docs: Iterable[Analysis], predicted: Predictions) -> ItemScores:
    """Score predicted events against gold documents, paired by ``doc_id``."""
    scores = ItemScores("events")
    for gold, pred in _pairs(gold_docs, predicted):
        score_event_doc(scores, gold, pred)
    return scores


def score_stances(gold_docs: Iterable[Analysis], predicted: Predictions) -> ItemScores:
    """Score predicted stances against gold documents, paired by ``doc_id``."""
    scores = ItemScores("stances")
    for gold, pred in _pairs(gold_docs, predicted):
        score_stance_doc(scores, gold, pred)
    return scores
