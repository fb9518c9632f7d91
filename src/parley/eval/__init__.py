"""Evaluation: read gold annotations (seed JSON, BRAT/PolNeAR) and score predictions.

The scoring rules are documented in :mod:`parley.eval.metrics`.
"""

from parley.eval.gold import list_brat, parse_ann, quotation, read_brat, read_seed_gold
from parley.eval.metrics import (
    PRF,
    ItemScores,
    QuoteScores,
    names_match,
    score_events,
    score_quotes,
    score_stances,
    speaker_right,
)
from parley.eval.runner import (
    EvalReport,
    PredictionFile,
    count_documents,
    evaluate,
    evaluate_brat,
    evaluate_seed,
)

__all__ = [
    "PRF",
    "EvalReport",
    "ItemScores",
    "PredictionFile",
    "QuoteScores",
    "count_documents",
    "evaluate",
    "evaluate_brat",
    "evaluate_seed",
    "list_brat",
    "names_match",
    "parse_ann",
    "quotation",
    "read_brat",
    "read_seed_gold",
    "score_events",
    "score_quotes",
    "score_stances",
    "speaker_right",
]
