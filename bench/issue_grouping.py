"""How well emergent issues group stances, on gold targets, with and without word vectors.

Each gold stance of a news folder (newsdev, the invented wire set) becomes an open stance
whose proposition is the gold ``target`` phrase, as if the per-article extractor had found
every stance perfectly; ``parley.world.group_issues`` then groups them over the whole
folder, in publication order, as the hub would. The bench prints the B-cubed precision,
recall and F1 against the gold ``issue`` labels, beside two baselines measured in the same
run: one issue per stance, one issue per article, and the words alone (at the threshold
the vectors use, and at the best threshold for words alone, chosen on the same set). This isolates the grouping from the
stance extractor; ``parley eval --news`` scores the two together.

    .venv/bin/python bench/issue_grouping.py                      # newsdev and wire
    .venv/bin/python bench/issue_grouping.py tests/fixtures/wire --json
    .venv/bin/python bench/issue_grouping.py --save-cost 2000   # + what grouping adds to a save
    .venv/bin/python bench/issue_grouping.py --on-predicted      # + the ceiling on predicted stances
    .venv/bin/python bench/issue_grouping.py --params '{"threshold": 0.45}'   # a variant

``--on-predicted`` runs the pipeline over each folder (about a minute each) and groups its
predicted stances twice: as they are (what ``parley eval --news`` reports), and with every
matched prediction's proposition replaced by its gold target. The second is what the
grouper would reach if the stance reader found every target: the grouper's own ceiling on
the stances actually predicted.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from _common import ROOT, SHARED
from parley.eval.news import bcubed, read_news
from parley.model import Analysis, Span, Stance, stable_id
from parley.world.issues import Params, group_issues, group_issues_without_vectors
from parley.world.vectors import no_vectors

DEFAULT = [SHARED / "corpus" / "newsdev", ROOT / "tests" / "fixtures" / "wire"]


def gold_analyses(folder: Path) -> tuple[list[Analysis], dict[str, str]]:
    """One analysis per report with its gold stances as open stances; stance id -> gold issue."""
    analyses, gold = [], {}
    for report in read_news(folder):
        text = report.article.text
        stances = []
        for i, g in enumerate(report.stances):
            start = max(text.find(g["evidence"]), 0)
            sid = stable_id(report.doc_id, i, prefix="s")
            stances.append(Stance(id=sid, issue=f"open:{sid}", proposition=g["target"],
                                  actor=g["holder"], stance=g["polarity"],
                                  evidence=Span.of(text, start, start + len(g["evidence"])),
                                  origin="open"))
            gold[f"{report.doc_id}/{sid}"] = g["issue"]
        analyses.append(Analysis(report.doc_id, report.article, stances=stances))
    return analyses, gold


def score(folder: Path, params: Params | None = None) -> dict[str, dict[str, float]]:
    """B-cubed of each grouping on one folder (``params``: the grouper's, for a variant)."""
    analyses, gold = gold_analyses(folder)
    groupings = {
        "one issue per stance": {k: k for k in gold},
        "one issue per article": {k: k.split("/")[0] for k in gold},
        "words only": group_issues_without_vectors(analyses),
        "words + vectors": group_issues(analyses, params=params),
    }
    out = {}
    for name, found in groupings.items():
        out[name] = _scores(found, gold)
    # Without vectors the scores are lower, so the same threshold is unfair to it: give it
    # its own best threshold, chosen on the very set it is scored on (a generous baseline).
    tries = [(_scores(group_issues(analyses, vectors=no_vectors(),
                                   params=Params(vectors=0.0, threshold=t)), gold), t)
             for t in (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)]
    best = max(tries, key=lambda st: st[0]["f1"])
    out["words only, best threshold"] = {**best[0], "threshold": best[1]}
    return out


def on_predicted(folder: Path, params: Params | None = None) -> dict[str, dict[str, float]]:
    """B-cubed of the grouping of the predicted stances, and with gold targets put in."""
    import copy

    from parley.eval.runner import evaluate_news

    box: dict[str, list[Analysis]] = {}

    def keep(analyses: list[Analysis]) -> dict[str, str]:
        box["analyses"] = analyses
        return group_issues(analyses, params=params)

    report = evaluate_news(folder, group=keep)
    out = {"predicted targets": _bc(report.issues)}
    analyses = copy.deepcopy(box["analyses"])
    stance = {(a.doc_id, s.id): s for a in analyses for s in a.stances}
    for doc in report.docs:
        for g, p in doc.stance_pairs:
            stance[(doc.doc_id, p.id)].proposition = g["target"]
    report.issue_of = group_issues(analyses, params=params)
    out["gold targets on predicted stances"] = _bc(report.issues)
    return out


def _bc(b) -> dict[str, float]:
    return {"f1": round(b.f1, 3), "p": round(b.precision, 3), "r": round(b.recall, 3)}


def _scores(found: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    b = bcubed([(found[k], gold[k]) for k in sorted(gold)])
    return {"f1": round(b.f1, 3), "p": round(b.precision, 3), "r": round(b.recall, 3)}


def save_cost(count: int, batch: int = 100) -> dict[str, float]:
    """Seconds to save ``count`` generated articles (a third of their stances open) into a
    fresh SQLite store with grouping, and with the same stances taken as catalogued (no
    grouping), in alternating batches; their ratio."""
    import dataclasses
    import tempfile
    import time

    from hub import ArticleFactory
    from parley.store import Store

    analyses = list(ArticleFactory().stream(count))
    plain = [dataclasses.replace(a, stances=[dataclasses.replace(s, origin="catalogue")
                                             for s in a.stances]) for a in analyses]
    times = {"grouped": 0.0, "plain": 0.0}
    with tempfile.TemporaryDirectory() as tmp, Store.open(f"{tmp}/g.db") as grouped, \
            Store.open(f"{tmp}/p.db") as ungrouped:
        for start in range(0, count, batch):
            for name, store, items in (("grouped", grouped, analyses), ("plain", ungrouped, plain)):
                t = time.perf_counter()
                for a in items[start:start + batch]:
                    store.save_analysis(a, url=a.article.url)
                times[name] += time.perf_counter() - t
    return {"articles": count, "grouped_s": round(times["grouped"], 2),
            "plain_s": round(times["plain"], 2),
            "ratio": round(times["grouped"] / times["plain"], 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--save-cost", type=int, metavar="N", default=0, help=(
        "also time saving N generated articles with grouping vs without (e.g. 2000)"))
    parser.add_argument("--on-predicted", action="store_true", help=(
        "also group the pipeline's predicted stances, as predicted and with gold targets"))
    parser.add_argument("--params", metavar="JSON", default="", help=(
        "a variant of the grouper's parameters for 'words + vectors' and --on-predicted, "
        "e.g. '{\"threshold\": 0.45}'"))
    args = parser.parse_args(argv)
    params = Params(**json.loads(args.params)) if args.params else None
    results = {}
    for folder in args.folders:
        if not folder.is_dir():
            print(f"skipped {folder}: not found", file=sys.stderr)
            continue
        results[str(folder)] = score(folder, params)
        if args.on_predicted:
            results[str(folder)].update(on_predicted(folder, params))
    cost = save_cost(args.save_cost) if args.save_cost else None
    if args.json:
        print(json.dumps({**results, **({"save_cost": cost} if cost else {})}, indent=2))
        return 0
    if cost:
        print(f"save {cost['articles']} articles: with grouping {cost['grouped_s']} s, without "
              f"{cost['plain_s']} s: {cost['ratio']:.2f}x")
    for folder, rows in results.items():
        print(folder)
        base = rows["words only, best threshold"]["f1"]
        for name, b in rows.items():
            ratio = f"  ({b['f1'] / base:.2f}x words only at its best)" if base else ""
            if name in ("predicted targets", "gold targets on predicted stances"):
                ratio = "  (predicted stances)"
            print(f"  {name:34} P {b['p']:.3f}  R {b['r']:.3f}  F1 {b['f1']:.3f}{ratio}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
