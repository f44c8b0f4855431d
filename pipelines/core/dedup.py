"""Near-duplicate detection with MinHash LSH (datasketch).

Exact duplicates (same body after case/space folding) are caught by
`cleaning.body_hash`; this finds lightly edited re-runs of the same story.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

# numpy and datasketch (which imports scipy) are imported where used: a run with nothing
# new imports the stage modules to ask what is pending and must not pay for them.

NUM_PERM = 128
SHINGLE_WORDS = 4
SEED = 1
SCHEME = "affine32"  # pinned: signatures are stored, and schemes cannot be compared
# Estimated Jaccard similarity of word 4-shingles above which two articles are near-duplicates.
NEAR_DUPLICATE_THRESHOLD = 0.7


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    words = text.lower().split()
    if len(words) <= size:
        return {" ".join(words).encode()}
    return {" ".join(words[i:i + size]).encode() for i in range(len(words) - size + 1)}


def signature(text: str) -> np.ndarray:
    import numpy as np
    from datasketch import MinHash

    mh = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    mh.update_batch(list(shingles(text)))
    return mh.hashvalues.astype(np.uint64)


class NearDuplicateIndex:
    """LSH index over signatures; `match` finds the most similar earlier article."""

    def __init__(self, threshold: float = NEAR_DUPLICATE_THRESHOLD):
        from datasketch import MinHashLSH

        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._hashes: dict = {}

    def add(self, key: str, sig: Iterable[int]) -> None:
        mh = _minhash(sig)
        self._lsh.insert(key, mh)
        self._hashes[key] = mh

    def match(self, sig: Iterable[int]) -> tuple[str, float] | None:
        mh = _minhash(sig)
        best: tuple[str, float] | None = None
        for key in self._lsh.query(mh):
            similarity = mh.jaccard(self._hashes[key])
            if similarity >= self.threshold and (best is None or (similarity, key) > (best[1], best[0])):
                best = (key, similarity)
        return best


def _minhash(sig: Iterable[int]):
    import numpy as np
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashvalues=np.asarray(sig, dtype=np.uint64))
