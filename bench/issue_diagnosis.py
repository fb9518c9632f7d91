"""Where issue grouping loses B-cubed on a news folder (a diagnostic, not a bench).

    PYTHONPATH=src .venv/bin/python bench/predict_news.py tests/fixtures/wire > /tmp/wire.jsonl
    .venv/bin/python bench/issue_diagnosis.py tests/fixtures/wire /tmp/wire.jsonl

Prints, per gold issue, the parley groups its matched stances landed in (with the predicted
proposition beside the gold target), per parley group the gold issues it mixes, the
oracles (perfect grouping inside each article with no link across; current links cut to
one article) and the same-issue pairs found and missed, within and across articles, split
by whether the predicted target agrees with the gold one (``targets_agree``) and whether
one of the two is vague (at most two content words).
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict

from parley.eval.news import bcubed, targets_agree
from parley.eval.runner import evaluate_news
from parley.world.issues import group_issues
from parley.world.vectors import content_words


def main(folder: str, pred: str) -> None:
    rep = evaluate_news(folder, pred=pred, group=group_issues)
    items = []
    for d in rep.docs:
        for g, p in d.stance_pairs:
            items.append((d.doc_id, rep._issue(d.doc_id, p) or f"none:{p.id}", g.get("issue") or "",
                          targets_agree(g, p), len(content_words(p.proposition or "")) <= 2,
                          p.proposition, g.get("target")))
    by_gold = defaultdict(list)
    for it in items:
        by_gold[it[2]].append(it)
    for gold, its in sorted(by_gold.items(), key=lambda x: -len(x[1])):
        groups = Counter(it[1] for it in its)
        print(f"\n=== {gold} ({len(its)} stances) -> {len(groups)} groups")
        for slug, n in groups.most_common():
            print(f"   [{n}] {slug}")
            for it in its:
                if it[1] == slug:
                    print(f"        {it[0][:3]} | {it[5]!r}  (gold: {it[6]!r})")
    print("\n### parley groups that mix gold issues")
    by_pred = defaultdict(Counter)
    for it in items:
        by_pred[it[1]][it[2]] += 1
    for slug, golds in sorted(by_pred.items(), key=lambda x: -sum(x[1].values())):
        if len(golds) > 1:
            print(f"  {slug}: {dict(golds)}")

    def b(key):
        x = bcubed([(key(it), it[2]) for it in items])
        return f"P {x.precision:.3f} R {x.recall:.3f} F1 {x.f1:.3f}"
    print("\n### oracles")
    print("  parley                          ", b(lambda it: it[1]))
    print("  gold inside each article, no link across", b(lambda it: it[0] + "/" + it[2]))
    print("  one issue per article           ", b(lambda it: it[0]))
    print("  parley with links across cut     ", b(lambda it: it[0] + "/" + it[1]))
    pairs = Counter()
    for i in range(len(items)):
        for j in range(i):
            a, c = items[i], items[j]
            if a[2] != c[2] and a[1] != c[1]:
                continue
            kind = "missed" if a[2] == c[2] and a[1] != c[1] else ("found" if a[2] == c[2] else "wrong")
            pairs[(kind, "same article" if a[0] == c[0] else "across",
                   "targets agree" if a[3] and c[3] else "a target wrong",
                   "vague" if a[4] or c[4] else "")] += 1
    print("\n### pairs")
    for key, n in sorted(pairs.items()):
        print(" ", " / ".join(k for k in key if k), n)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
