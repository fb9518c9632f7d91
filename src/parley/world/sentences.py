"""Phrase vectors trained for sentence similarity: WordLlama's token embeddings, mean-pooled.

The static GloVe vectors (``parley.world.vectors``) know that "weapons" ~ "arms"; they were
trained on co-occurrence, not on which sentences mean the same, so "a longer truce" and
"the truce extension" are not much closer than any two phrases about Gaza. WordLlama
(``wordllama`` on PyPI, MIT) ships, inside its wheel, a 32,000 x 256 table of token
embeddings cut from Llama 2's and trained so that the mean of a text's token vectors
compares texts by meaning (its "l2_supercat" model), and the tokenizer for it. This module
reads the two files from the installed package and pools them itself, without importing
``wordllama`` (whose ``WordLlama.load`` looks for the tokenizer in another folder and then
downloads it from a model hub, and whose import sets the root logger's level): nothing is
fetched at run time.

``load_encoder()`` is None when the package is not installed or ``PARLEY_SENTENCE_VECTORS``
is ``0``/``off``; the grouper then compares targets with the GloVe vectors alone.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from parley.errors import ConfigError

#: The files of WordLlama's default model, inside the installed package.
WEIGHTS = ("weights", "l2_supercat_256.safetensors")
TOKENIZER = ("tokenizers", "l2_supercat_tokenizer_config.json")
#: The environment switch: ``0``/``off``/``false``/``no`` keeps the GloVe vectors alone.
SWITCH = "PARLEY_SENTENCE_VECTORS"


@dataclass(frozen=True, slots=True)
class PhraseEncoder:
    """A tokenizer and its token table (float16, 16 MB); ``embed`` gives unit vectors."""

    tokenizer: object  # tokenizers.Tokenizer
    table: np.ndarray

    @property
    def dim(self) -> int:
        return int(self.table.shape[1])

    def embed(self, text: str) -> np.ndarray:
        """The unit mean of ``text``'s token vectors (zeros for an empty text)."""
        ids = self.tokenizer.encode(text or "", add_special_tokens=False).ids if text else []
        if not ids:
            return np.zeros(self.dim, dtype=np.float32)
        out = self.table[np.clip(ids, 0, len(self.table) - 1)].astype(np.float32).mean(axis=0)
        norm = float(np.linalg.norm(out))
        return out / norm if norm else out


def _package_dir(name: str) -> Path | None:
    """Where an installed package lives, found without importing (running) it."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def enabled() -> bool:
    """Whether the environment allows the sentence vectors (the default)."""
    return os.environ.get(SWITCH, "1").strip().lower() not in {"0", "off", "false", "no"}


@lru_cache(maxsize=1)
def _load() -> PhraseEncoder | None:
    root = _package_dir("wordllama")
    if root is None:
        return None
    try:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer
    except ImportError:
        return None
    try:
        tokenizer = Tokenizer.from_file(str(root.joinpath(*TOKENIZER)))
        table = load_file(str(root.joinpath(*WEIGHTS)))["embedding.weight"]
    except Exception as exc:  # tokenizers raises plain Exception on a bad file
        raise ConfigError(f"cannot read WordLlama's embeddings in {root}: {exc}") from None
    return PhraseEncoder(tokenizer, np.ascontiguousarray(table, dtype=np.float16))


def load_encoder() -> PhraseEncoder | None:
    """The shipped sentence-similarity encoder (loaded once per process, ~0.1 s), or None
    when ``wordllama`` is not installed or ``PARLEY_SENTENCE_VECTORS`` turns it off."""
    return _load() if enabled() else None
