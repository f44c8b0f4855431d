"""Near-duplicate detection with MinHash LSH.

Exact duplicates (same body after case/space folding) are caught by
`cleaning.body_hash`; this finds lightly edited re-runs of the same story.
Signatures come from datasketch's MinHash; the LSH banding is done here so the
band hashes can be stored (table article_lsh_bands) and candidates found by a
join in the warehouse, without loading every fingerprint into memory.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping

import numpy as np
from datasketch import MinHash
from datasketch.lsh import _optimal_param

NUM_PERM = 128
SHINGLE_WORDS = 4
SEED = 1
SCHEME = "affine32"  # pinned: signatures are stored, and schemes cannot be compared
# Estimated Jaccard similarity of word 4-shingles above which two articles are near-duplicates.
NEAR_DUPLICATE_THRESHOLD = 0.7
# Bands x rows per band: datasketch's optimum for the threshold (equal false positive/negative
# weights), i.e. the same candidates datasketch's MinHashLSH would return.
BANDS, ROWS_PER_BAND = _optimal_param(NEAR_DUPLICATE_THRESHOLD, NUM_PERM, 0.5, 0.5)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    words = text.lower().split()
    if len(words) <= size:
        return {" ".join(words).encode()}
    return {" ".join(words[i:i + size]).encode() for i in range(len(words) - size + 1)}


def signature(text: str) -> np.ndarray:
    mh = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    mh.update_batch(list(shingles(text)))
    return mh.hashvalues.astype(np.uint64)


def band_hashes(sig: Iterable[int]) -> list[int]:
    """One 64-bit hash per LSH band of a signature (unsigned, fits UBIGINT)."""
    values = np.asarray(sig, dtype=np.uint64)
    return [int.from_bytes(hashlib.blake2b(values[b * ROWS_PER_BAND:(b + 1) * ROWS_PER_BAND].tobytes(),
                                           digest_size=8).digest(), "little")
            for b in range(BANDS)]


def similarity(a: Iterable[int], b: Iterable[int]) -> float:
    """Estimated Jaccard similarity: the share of equal MinHash values."""
    return float(np.mean(np.asarray(a, dtype=np.uint64) == np.asarray(b, dtype=np.uint64)))


def best_match(sig: Iterable[int], candidates: Mapping[str, Iterable[int]],
               threshold: float = NEAR_DUPLICATE_THRESHOLD) -> tuple[str, float] | None:
    """The most similar candidate at or above the threshold (ties: the larger key), or None."""
    best: tuple[str, float] | None = None
    for key, cand in candidates.items():
        sim = similarity(sig, cand)
        if sim >= threshold and (best is None or (sim, key) > (best[1], best[0])):
            best = (key, sim)
    return best


class NearDuplicateIndex:
    """In-memory LSH index over signatures; `match` finds the most similar earlier article.

    The pipeline keeps only one batch here and finds earlier articles through the stored
    band hashes; both use the same bands, so they return the same candidates.
    """

    def __init__(self, threshold: float = NEAR_DUPLICATE_THRESHOLD):
        self.threshold = threshold
        self._buckets: dict[tuple[int, int], set[str]] = defaultdict(set)
        self._sigs: dict[str, np.ndarray] = {}

    def add(self, key: str, sig: Iterable[int]) -> None:
        values = np.asarray(sig, dtype=np.uint64)
        self._sigs[key] = values
        for band, h in enumerate(band_hashes(values)):
            self._buckets[(band, h)].add(key)

    def signature_of(self, key: str) -> np.ndarray:
        return self._sigs[key]

    def candidates(self, sig: Iterable[int]) -> set[str]:
        found: set[str] = set()
        for band, h in enumerate(band_hashes(sig)):
            found |= self._buckets.get((band, h), set())
        return found

    def match(self, sig: Iterable[int]) -> tuple[str, float] | None:
        return best_match(sig, {k: self._sigs[k] for k in self.candidates(sig)}, self.threshold)
