"""Near-duplicate detection with MinHash LSH.

Exact duplicates (same body after case/space folding) are caught by
`cleaning.body_hash`; this finds lightly edited re-runs of the same story.
Signatures are datasketch's MinHash (scheme "affine32", SHA-1 of each shingle), computed
here with numpy: importing datasketch pulls in scipy, a second or more of every run that
cleans anything; tests/test_dedup.py checks the values against datasketch's own.
The LSH banding is done here too, so the band hashes can be stored (table
article_lsh_bands) and candidates found by a join in the warehouse, without loading every
fingerprint into memory.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping

import numpy as np

NUM_PERM = 128
SHINGLE_WORDS = 4
SEED = 1
SCHEME = "affine32"  # pinned: signatures are stored, and schemes cannot be compared
# Estimated Jaccard similarity of word 4-shingles above which two articles are near-duplicates.
NEAR_DUPLICATE_THRESHOLD = 0.7
# Bands x rows per band: datasketch's optimum for the threshold and NUM_PERM (its
# lsh._optimal_param with equal false positive/negative weights; the test recomputes it),
# i.e. the same candidates datasketch's MinHashLSH would return.
BANDS, ROWS_PER_BAND = 14, 9



def _affine_permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutations h -> a*h + b (mod 2^32, a odd), drawn from SEED as it draws them."""
    generator = np.random.RandomState(SEED)
    a = generator.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    return a, generator.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)


_PERM_A, _PERM_B = _affine_permutations()


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    words = text.lower().split()
    if len(words) <= size:
        return {" ".join(words).encode()}
    return {" ".join(words[i:i + size]).encode() for i in range(len(words) - size + 1)}


def signature(text: str) -> np.ndarray:
    """The MinHash of the text's word 4-shingles (NUM_PERM values, as uint64 for storage)."""
    hv = np.array([int.from_bytes(hashlib.sha1(s).digest()[:4], "little") for s in shingles(text)],
                  dtype=np.uint32).reshape(-1, 1)
    # The MurmurHash3 finalizer, then the permutations; uint32 arithmetic wraps, which is the modulo.
    hv ^= hv >> np.uint32(16)
    hv *= np.uint32(0x85EBCA6B)
    hv ^= hv >> np.uint32(13)
    hv *= np.uint32(0xC2B2AE35)
    hv ^= hv >> np.uint32(16)
    return (hv * _PERM_A + _PERM_B).min(axis=0).astype(np.uint64)


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
