"""Attribution errors on a PolNeAR folder, by category, for the rules alone and with the model.

    .venv/bin/python bench/attribution_errors.py ../shared/corpus/polnear/dev [--json]

Matching is the evaluation's own (``parley.eval.metrics.score_quote_doc``: any shared token,
one to one). A missed gold attribution is counted by its cue as parley's parse reads it: a
verb of speech (say, tell, add, ...), another verb (believe, want, plan, call for, ...), a
noun ("claim", "view"), "according to", another preposition, punctuation (":", dashes), or
none of these. Matched attributions are counted as boundary errors (token Dice < 0.5; cut
short or too long) and wrong sources; predictions with no gold overlap are false finds.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from parley.eval.gold import read_brat
from parley.eval.metrics import TokenIndex, dice, score_quote_doc
from parley.nlp.pipeline import analyze_docs, default_tasks, load_pipeline, to_analysis

SPEECH = frozenset(
    "say tell add state claim announce declare report write explain insist argue note warn ask "
    "reply respond acknowledge admit deny confirm suggest remark comment assert maintain predict "
    "promise describe call urge stress emphasize reiterate testify recall".split()
)
ERRORS = ("boundary: token Dice < 0.5", "  cut short", "  too long",
          "wrong source: another span or name", "wrong source: gold has none, a speaker given",
          "false finds (no gold overlap)")
CATEGORIES = ("verb cue, speech", "verb cue, belief / intention / other", "noun cue",
              "according to", "other prepositions", "punctuation cue", "other")


def cue_category(doc, start: int, end: int) -> str:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return "other"
    words = span.text.lower()
    if "according" in words:
        return "according to"
    for pos in ("VERB", "AUX"):
        verbs = [t for t in span if t.pos_ == pos]
        if verbs:
            return ("verb cue, speech" if verbs[0].lemma_.lower() in SPEECH
                    else "verb cue, belief / intention / other")
    if any(t.pos_ in ("NOUN", "PROPN") for t in span):
        return "noun cue"
    if any(t.pos_ == "ADP" for t in span):
        return "other prepositions"
    if all(t.is_punct for t in span):
        return "punctuation cue"
    return "other"


def count(folder: Path, use_model: bool) -> dict:
    golds = list(read_brat(folder))
    nlp = load_pipeline(default_tasks(use_model))
    missed: Counter = Counter()
    gold_by: Counter = Counter()
    errors: Counter = Counter()
    articles = [g.article for g in golds]
    for gold, (doc, article) in zip(golds, analyze_docs(articles, nlp), strict=True):
        pred = to_analysis(doc, article)
        scored = score_quote_doc(gold, pred)
        matched = {gi for gi, _, _ in scored.overlap_pairs}
        for gi, q in enumerate(gold.quotes):
            kind = cue_category(doc, q.cue.start, q.cue.end) if q.cue else "other"
            gold_by[kind] += 1
            if gi not in matched:
                missed[kind] += 1
        index = TokenIndex(gold.article.text)
        for gi, pi, ok in scored.overlap_pairs:
            g = index.tokens(gold.quotes[gi].content.ranges())
            p = index.tokens(pred.quotes[pi].content.ranges())
            if dice(g, p) < 0.5:
                errors["boundary: token Dice < 0.5"] += 1
                errors["  cut short" if len(p) < len(g) else "  too long"] += 1
            if not ok:
                no_gold = not gold.quotes[gi].speaker.name and gold.quotes[gi].speaker.mention is None
                errors["wrong source: gold has none, a speaker given" if no_gold
                       else "wrong source: another span or name"] += 1
        errors["false finds (no gold overlap)"] += len(pred.quotes) - len(scored.overlap_pairs)
    return {"gold": dict(gold_by), "missed": dict(missed), "errors": dict(errors)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("folder", type=Path)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    rules, model = count(args.folder, False), count(args.folder, True)
    if args.json:
        print(json.dumps({"rules": rules, "model": model}, indent=2))
        return 0
    print("| category | gold | missed, rules | missed, + model |\n|---|---|---|---|")
    for kind in CATEGORIES:
        print(f"| {kind} | {rules['gold'].get(kind, 0):,} | {rules['missed'].get(kind, 0):,} "
              f"| {model['missed'].get(kind, 0):,} |")
    print("\n| matched-quote errors | rules | + model |\n|---|---|---|")
    for kind in ERRORS:
        print(f"| {kind} | {rules['errors'].get(kind, 0):,} | {model['errors'].get(kind, 0):,} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
