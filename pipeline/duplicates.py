"""Store helpers: near-duplicate detection (syndicated copies with small edits), pure logic.

Articles are compared as sets of word 3-shingles. datasketch's MinHash gives each article
NUM_BANDS locality-sensitive keys (bands of ROWS_PER_BAND MinHash values); the store keeps
the keys in an indexed table, so the candidates of a new article are one lookup however
large the archive. Candidates are then checked with the exact Jaccard similarity of their
shingle sets: an article is a near duplicate of another when it is at least
NEAR_DUPLICATE_THRESHOLD. With 20 bands of 3 rows a pair at that similarity becomes a
candidate with probability 1 - (1 - 0.5**3)**20 = 0.93, at 0.6 with 0.99, and two unrelated
articles (similarity about 0.01) with 0.00002.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Hashable
from collections.abc import Set as AbstractSet
from functools import lru_cache
from typing import Any

import numpy as np

NEAR_DUPLICATE_THRESHOLD = 0.5
NUM_BANDS = 20
ROWS_PER_BAND = 3
NUM_PERM = NUM_BANDS * ROWS_PER_BAND
SHINGLE_WORDS = 3
# Fixed: the keys stored by earlier runs must stay comparable (scheme named explicitly, as
# datasketch 2 changed its default once).
MINHASH_SEED = 1
MINHASH_SCHEME = "affine32"

_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[str]:
    """Lower-cased word 3-grams; a text of fewer words is one shingle of all of them."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def jaccard(a: AbstractSet[Hashable], b: AbstractSet[Hashable]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def jaccard_sorted(a: np.ndarray, b: np.ndarray) -> float:
    """jaccard() of two sets given as sorted arrays of distinct values (a sixth of the
    memory of a set of Python ints, so that many more articles fit in a cache)."""
    if not a.size or not b.size:
        return 0.0
    both = np.intersect1d(a, b, assume_unique=True).size
    return both / (a.size + b.size - both)


@lru_cache(maxsize=1)
def _permutations() -> Any:
    # One MinHash object's permutations, reused: building them costs more than hashing.
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)


def band_keys(items: set[str]) -> list[int]:
    """NUM_BANDS keys as signed 64-bit integers (SQLite's INTEGER); empty for no shingles."""
    if not items:
        return []
    from datasketch import MinHash

    minhash = MinHash(
        num_perm=NUM_PERM,
        seed=MINHASH_SEED,
        permutations=_permutations().permutations,
        scheme=MINHASH_SCHEME,
    )
    minhash.update_batch([item.encode("utf-8") for item in items])
    values = minhash.hashvalues
    keys = []
    for band in range(NUM_BANDS):
        chunk = values[band * ROWS_PER_BAND : (band + 1) * ROWS_PER_BAND].tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys
