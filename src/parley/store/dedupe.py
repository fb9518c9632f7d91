"""Near-duplicate detection: MinHash signatures of an article's body and their LSH bands.

Syndicated copies of one wire story differ in headline, boilerplate and a sentence or two.
The body (boilerplate ranges removed) is lower-cased, split into words, and cut into
overlapping 5-word shingles; a 128-permutation MinHash (datasketch) estimates the Jaccard
similarity of two shingle sets. To find candidates without comparing against every stored
article, the signature is cut into 32 bands of 4 values; each band hashes to a *bucket*
(a 64-bit integer) stored in ``minhash_bands``. Articles sharing a bucket are candidates,
and a candidate (sharing at least ``MIN_SHARED`` buckets) whose estimated similarity is at
least ``THRESHOLD`` is a near-duplicate.
With 32 bands of 4 rows a pair at similarity 0.8 becomes a candidate with probability
> 0.9999, a pair at 0.3 with about 0.23 (those are then rejected by the full comparison).
"""

from __future__ import annotations

import hashlib
import re
from functools import cache

import numpy as np

from parley.model import Article

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE = 5
#: Estimated Jaccard similarity at or above which two bodies are one story.
THRESHOLD = 0.8
#: A stored article is a candidate when it shares this many buckets (a pair at similarity
#: 0.8 shares 13 of 32 on average; requiring 2 misses it with probability ~5e-6).
MIN_SHARED = 2
#: At most this many candidates are compared per save (the ones sharing most buckets).
MAX_CANDIDATES = 50
#: Bodies with fewer words are never grouped (too little text to tell copies apart).
MIN_WORDS = 20
_SCHEME = "affine32"  # pinned: signatures stored by one run must compare with the next
_WORD = re.compile(r"\w+")


@cache
def _permutations():
    """The MinHash permutations, built once (datasketch is imported here, not at start-up:
    it pulls in scipy, which would slow down every process that only reads the store)."""
    from datasketch import MinHash

    return MinHash, MinHash(num_perm=NUM_PERM, seed=1, scheme=_SCHEME).permutations


def warm_up() -> None:
    """Build the permutations now (1.3 s, mostly scipy's import), not on the first save: for
    a process whose only job is saving (``parley.ingest.writer``), while it waits for work."""
    _permutations()


def body_text(article: Article) -> str:
    """The article's text with its boilerplate ranges removed."""
    if not article.boilerplate:
        return article.text
    parts, pos = [], 0
    for start, end in sorted(article.boilerplate):
        if start > pos:
            parts.append(article.text[pos:start])
        pos = max(pos, end)
    parts.append(article.text[pos:])
    return " ".join(parts)


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    """The set of ``size``-word shingles of ``text`` (lower-cased, punctuation dropped)."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def signature(article: Article) -> np.ndarray | None:
    """The MinHash signature (``NUM_PERM`` uint32) of the body, or None when it is too short."""
    text = body_text(article)
    if len(_WORD.findall(text)) < MIN_WORDS:
        return None
    minhash_class, permutations = _permutations()
    minhash = minhash_class(num_perm=NUM_PERM, seed=1, scheme=_SCHEME, permutations=permutations)
    minhash.update_batch(sorted(shingles(text)))
    return minhash.hashvalues.astype("<u4")


def to_bytes(sig: np.ndarray) -> bytes:
    """Serialise a signature for the ``minhash_signatures`` table."""
    return sig.astype("<u4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    """Read a signature back from its stored bytes."""
    return np.frombuffer(data, dtype="<u4")


def buckets(sig: np.ndarray) -> list[tuple[int, int]]:
    """``(band, bucket)`` pairs: each band's values hashed to a signed 64-bit integer."""
    raw = sig.astype("<u4").tobytes()
    width = ROWS * 4
    out = []
    for band in range(BANDS):
        digest = hashlib.blake2b(
            raw[band * width : (band + 1) * width], digest_size=8, person=band.to_bytes(16, "little")
        ).digest()
        out.append((band, int.from_bytes(digest, "little", signed=True)))
    return out


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)
