"""Static word vectors for comparing short phrases (stance targets) written in other words.

The vectors are GloVe 6B 50d, cut to the 30,000 most frequent words and shipped with parley
(``parley/data/vectors``; built by ``scripts/build_vectors.py``, public domain). A phrase is
the weighted mean of its words' vectors minus the mean vector of frequent words (so that
"the same register" does not count as meaning), with rarer words weighing more: a word's
weight grows with the log of its frequency rank, which is the order the file keeps.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from parley.errors import ConfigError

#: The shipped vectors.
VECTOR_FILE = "glove-50d-30k.npz"
#: Words too common to say what a target is about.
STOP = frozenset(
    """the a an of to in on for and or with by from its their his her that this be as at any
    all into over under than not no it is are was were will would could should must have has
    had been being both which who whom whose they them then there what when where while about
    after before against between during without within upon further new more most other such
    only own same so too very can just also our your we you he she him us i me my""".split()
)
#: A word; a hyphenated one counts as its parts ("cease-fire": cease, fire), which the
#: vector file knows better (newsdev B-cubed 0.838 -> 0.844, wire 0.615 -> 0.621).
_WORD = re.compile(r"[^\W\d_]+")
#: How many of the most frequent words make the mean that is taken away.
_CENTRE = 5000


def content_words(text: str) -> list[str]:
    """The lower-case content words of ``text`` (three letters or more, no stop words;
    the parts of a hyphenated word)."""
    out = []
    for raw in _WORD.findall(text or ""):
        word = raw.lower()
        if len(word) > 2 and word not in STOP:
            out.append(word)
    return out


@dataclass(frozen=True, slots=True)
class WordVectors:
    """Words in frequency order and their vectors (centred, float32)."""

    index: dict[str, int]
    vectors: np.ndarray

    @property
    def dim(self) -> int:
        return int(self.vectors.shape[1])

    def weight(self, word: str) -> float:
        """How much a word says: grows with its frequency rank (unknown words: the most)."""
        if not self.index:
            return 1.0
        rank = self.index.get(word, len(self.index))
        return math.log(1.0 + rank / 100.0)

    def phrase(self, words: list[str], scale: list[float] | None = None) -> np.ndarray:
        """The unit vector of a phrase's words (zeros when none is known); ``scale``, one
        factor per word, weighs some words down (the grouper's article names)."""
        out = np.zeros(self.dim, dtype=np.float32)
        for i, word in enumerate(words):
            row = self.index.get(word)
            if row is None and "-" in word:
                row = self.index.get(word.replace("-", ""))
            if row is not None:
                out += (scale[i] if scale else 1.0) * self.weight(word) * self.vectors[row]
        norm = float(np.linalg.norm(out))
        return out / norm if norm else out


@lru_cache(maxsize=1)
def load_vectors() -> WordVectors:
    """The shipped vectors (loaded once per process, ~6 MB in memory)."""
    try:
        ref = resources.files("parley.data").joinpath("vectors", VECTOR_FILE)
        with ref.open("rb") as handle, np.load(handle) as data:
            words = data["words"].tobytes().decode("utf-8").split("\n")
            vectors = data["vectors"].astype(np.float32)
    except (OSError, KeyError, ValueError) as exc:
        raise ConfigError(f"cannot read the word vectors {VECTOR_FILE}: {exc}") from None
    vectors -= vectors[:_CENTRE].mean(axis=0)
    return WordVectors({w: i for i, w in enumerate(words)}, vectors)


def no_vectors() -> WordVectors:
    """An empty vector table: phrases compare by their words alone (for measuring)."""
    return WordVectors({}, np.zeros((0, 1), dtype=np.float32))
