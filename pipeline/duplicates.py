"""Store helpers: near-duplicate detection (syndicated copies with small edits), pure logic.

Articles are compared as sets of word 3-shingles. MinHash (datasketch's) gives each article
NUM_BANDS locality-sensitive keys (bands of ROWS_PER_BAND MinHash values); the store keeps
the keys in an indexed table, so the candidates of a new article are one lookup however
large the archive. Candidates are then checked with the exact Jaccard similarity of their
shingle sets: an article is a near duplicate of another when it is at least
NEAR_DUPLICATE_THRESHOLD. With 20 bands of 3 rows a pair at that similarity becomes a
candidate with probability 1 - (1 - 0.5**3)**20 = 0.93, at 0.6 with 0.99, and two unrelated
articles (similarity about 0.01) with 0.00002.

Most candidates are far from the threshold: articles of one family of copies share a band
with hundreds of others (a syndicated agency text and its regional rewrites), at similarity
0.1-0.3. The store keeps each article's 60 MinHash values, so all of an article's
candidates are screened in one vectorised comparison: a candidate whose estimated
similarity (the share of equal MinHash values) is below PREFILTER_SIMILARITY is not
compared exactly. A pair at 0.5 is screened out with probability 0.0005 (binomial, 60
draws at 0.5, at most 17 equal), one at 0.6 with less than 1e-6; the rule is a function
of the pair, so marking stays independent of the order articles arrive in.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Hashable
from collections.abc import Set as AbstractSet
from functools import lru_cache

import numpy as np

NEAR_DUPLICATE_THRESHOLD = 0.5
NUM_BANDS = 20
ROWS_PER_BAND = 3
NUM_PERM = NUM_BANDS * ROWS_PER_BAND
SHINGLE_WORDS = 3
# Fixed: the keys stored by earlier runs must stay comparable (datasketch 2's "affine32"
# scheme, see signature()).
MINHASH_SEED = 1
MINHASH_SCHEME = "affine32"
PREFILTER_SIMILARITY = 0.3
# Equal MinHash values a candidate needs to be compared exactly (18 of 60).
PREFILTER_MATCHES = math.ceil(PREFILTER_SIMILARITY * NUM_PERM)

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


# MinHash by hand, the exact values of datasketch's MinHash(num_perm=NUM_PERM,
# seed=MINHASH_SEED, scheme="affine32") (tests/test_archive.py checks them against
# datasketch): importing datasketch imports all of its sketches and with them
# scipy.integrate, 0.65 s at the start of every run that stores an article, about a tenth
# of a nightly run. The scheme is three steps: SHA-1's first 4 bytes as the item's hash,
# the MurmurHash3 32-bit finalizer, then h -> a * h + b modulo 2**32 per permutation.
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35))


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) of the NUM_PERM permutations: a odd (a bijection on 32 bits)."""
    gen = np.random.RandomState(MINHASH_SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def _fmix32(hv: np.ndarray) -> np.ndarray:
    shift1, multiply1, shift2, multiply2 = _FMIX32
    hv = (hv ^ (hv >> shift1)) * multiply1
    hv = (hv ^ (hv >> shift2)) * multiply2
    return hv ^ (hv >> shift1)


def signature(items: set[str]) -> np.ndarray:
    """The NUM_PERM MinHash values of a shingle set (uint32; empty for no shingles)."""
    if not items:
        return np.empty(0, dtype=np.uint32)
    hashes = np.fromiter(
        (
            int.from_bytes(hashlib.sha1(item.encode("utf-8")).digest()[:4], "little")
            for item in items
        ),
        dtype=np.uint32,
        count=len(items),
    )
    a, b = _permutations()
    # uint32 arithmetic wraps around: that is the modulo 2**32.
    return (_fmix32(hashes)[:, None] * a + b).min(axis=0)


def keys_of(values: np.ndarray) -> list[int]:
    """NUM_BANDS keys of a signature as signed 64-bit integers (SQLite's INTEGER)."""
    if not values.size:
        return []
    wide = values.astype(np.uint64)  # the bytes the keys were first made from: stable
    keys = []
    for band in range(NUM_BANDS):
        chunk = wide[band * ROWS_PER_BAND : (band + 1) * ROWS_PER_BAND].tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def matching_values(mine: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Equal MinHash values of one signature with each row of others (n x NUM_PERM)."""
    if not mine.size or not others.size:
        return np.zeros(len(others), dtype=np.int64)
    return np.count_nonzero(others == mine, axis=1)


def worth_comparing(mine: np.ndarray, other: np.ndarray) -> bool:
    """Whether a candidate pair passes the MinHash screen (a missing signature passes:
    the exact comparison decides)."""
    if mine.size != NUM_PERM or other.size != NUM_PERM:
        return True
    return int(np.count_nonzero(mine == other)) >= PREFILTER_MATCHES
