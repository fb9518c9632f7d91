"""PolNeAR gold statistics that matter when tuning a quote extractor (train and dev only).

Usage: .venv/bin/python bench/corpus_stats.py [--corpus ../shared/corpus/polnear] [--top 60]

Counts use the annotation file parley eval scores against (the first .ann per text in
sorted order). Cue words are grouped "lemma-ish": spaCy lemmas (in context) of the cue's
tokens, lower-cased, auxiliaries dropped unless the cue is nothing else ("has said" ->
"say", "according to" -> "accord to").
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import Counter
from pathlib import Path

import spacy

from parley.eval.gold import list_brat, parse_ann, quotation, read_text
from parley.eval.metrics import name_tokens
from parley.nlp.pipeline import MODEL

ROOT = Path(__file__).resolve().parents[1]
SPLITS = ("train", "dev")  # the test split is deliberately never read
PRONOUNS = frozenset(
    "he she they it we i you him her them us me his hers their theirs its our ours my your "
    "who which that this these those one".split()
)


def source_kind(text: str | None) -> str:
    """missing, pronoun, description (no capitalised name) or named."""
    if not text:
        return "missing"
    if text.strip().lower() in PRONOUNS:
        return "pronoun"
    return "named" if name_tokens(text) else "description"


def cue_key(doc, ranges) -> str:
    """The lemma-ish key of a cue: verb lemmas, other words lower-cased, no auxiliaries or
    adverbs ("also said" -> "say"); a punctuation-only cue (":") is shown as itself."""
    spans = [doc.char_span(s, e, alignment_mode="expand") for s, e in ranges]
    tokens = [t for span in spans if span is not None for t in span]
    words = [t for t in tokens if not t.is_punct]
    if not words:
        return "(punct) " + " ".join(t.text for t in tokens)
    content = [t for t in words if t.pos_ not in ("AUX", "ADV", "PART")] or words
    return " ".join(t.lemma_.lower() if t.pos_ in ("VERB", "AUX") else t.lower_ for t in content)


def position(cue, content) -> str:
    """Where the cue sits relative to the content: before, after, inside or missing."""
    if not cue:
        return "missing"
    if cue[-1][1] <= content[0][0]:
        return "before"
    if cue[0][0] >= content[-1][1]:
        return "after"
    return "inside"


def split_stats(folder: Path, nlp) -> dict:
    """Every count for one split."""
    per_doc, quoted, src, cues, cue_pos = [], Counter(), Counter(), Counter(), Counter()
    lengths, discontinuous, no_content = [], 0, 0
    for brat in list_brat(folder):
        text = read_text(brat.text_path)
        doc = nlp(text)
        atts = parse_ann(read_text(brat.ann_path), str(brat.ann_path))
        per_doc.append(len(atts))
        for att in atts:
            content = att.roles.get("Content")
            if not content:
                no_content += 1
                continue
            quoted[quotation(text, content)] += 1
            discontinuous += len(content) > 1
            lengths.append(sum(len(text[s:e].split()) for s, e in content))
            source = att.roles.get("Source")
            src[source_kind(" ".join(text[s:e] for s, e in source) if source else None)] += 1
            cue = att.roles.get("Cue")
            cue_pos[position(cue, content)] += 1
            if cue:
                cues[cue_key(doc, cue)] += 1
    return {
        "per_doc": per_doc,
        "quoted": quoted,
        "source": src,
        "cues": cues,
        "cue_pos": cue_pos,
        "lengths": lengths,
        "discontinuous": discontinuous,
        "no_content": no_content,
    }


def _share(counter: Counter, total: int) -> str:
    return ", ".join(f"{k} {v} ({v / total:.1%})" for k, v in counter.most_common())


def report(name: str, st: dict, top: int) -> None:
    """Print one split's statistics."""
    per_doc, n = st["per_doc"], sum(st["quoted"].values())
    q = statistics.quantiles(per_doc, n=10)
    print(
        f"== {name}: {len(per_doc)} documents, {sum(per_doc)} attributions "
        f"({st['no_content']} without content, left out below: {n} scored)"
    )
    print(
        f"attributions per doc: mean {statistics.mean(per_doc):.1f}, median "
        f"{statistics.median(per_doc):.0f}, p10 {q[0]:.0f}, p90 {q[-1]:.0f}, "
        f"min {min(per_doc)}, max {max(per_doc)}"
    )
    print(f"content in quotation marks: {_share(st['quoted'], n)}")
    print(f"discontinuous content: {st['discontinuous']} ({st['discontinuous'] / n:.1%})")
    lq = statistics.quantiles(st["lengths"], n=10)
    print(
        f"content length (words): median {statistics.median(st['lengths']):.0f}, "
        f"p10 {lq[0]:.0f}, p90 {lq[-1]:.0f}"
    )
    print(f"source: {_share(st['source'], n)}")
    print(f"cue relative to content: {_share(st['cue_pos'], n)}")
    n_cues = sum(st["cues"].values())
    common = st["cues"].most_common(top)
    covered = sum(c for _, c in common)
    print(
        f"top {top} cues (of {len(st['cues'])} distinct, covering {covered / n_cues:.1%} "
        f"of {n_cues} cues):"
    )
    for i in range(0, len(common), 4):
        print("  " + "".join(f"{k[:22]:<23}{c:>5}   " for k, c in common[i : i + 4]).rstrip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "polnear"
    )
    parser.add_argument("--top", type=int, default=60)
    parser.add_argument("--split", choices=SPLITS, action="append")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus_stats: no PolNeAR folder at {args.corpus}", file=sys.stderr)
        return 1
    nlp = spacy.load(MODEL, exclude=["parser", "ner", "senter"])
    for split in args.split or SPLITS:
        report(split, split_stats(args.corpus / split, nlp), args.top)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
