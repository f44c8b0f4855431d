"""Near-duplicate detection."""
from __future__ import annotations

import numpy as np

from pipelines.core.dedup import NearDuplicateIndex, signature
from pipelines.settings import SEEDS_DIR


def test_light_edit_is_a_near_duplicate_and_other_story_is_not():
    original = (SEEDS_DIR / "003_272b7305608623dc.txt").read_text(encoding="utf-8")
    edited = original.replace("Kremlin spokesman", "Kremlin press secretary").replace("Monday", "Tuesday")
    other = (SEEDS_DIR / "002_dde2061a40e5fc9d.txt").read_text(encoding="utf-8")
    index = NearDuplicateIndex()
    index.add("orig", signature(original))
    match = index.match(signature(edited))
    assert match is not None and match[0] == "orig" and 0.8 < match[1] <= 1.0
    assert index.match(signature(other)) is None


def test_signature_is_deterministic():
    assert (signature("a b c d e f g") == signature("a b c d e f g")).all()
    assert len(signature("short")) == 128


def test_stored_bands_find_the_same_candidates_as_datasketch():
    from datasketch import MinHash, MinHashLSH

    from pipelines.core.dedup import BANDS, NUM_PERM, SCHEME, SEED, band_hashes

    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS_DIR.iterdir())}
    texts["edited"] = texts["003_272b7305608623dc.txt"].replace("Putin", "Russian President Putin")
    lsh = MinHashLSH(threshold=0.7, num_perm=NUM_PERM)
    ours = NearDuplicateIndex()
    for key, text in texts.items():
        sig = signature(text)
        lsh.insert(key, MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashvalues=sig))
        ours.add(key, sig)
        assert len(band_hashes(sig)) == BANDS
    for key, text in texts.items():
        sig = signature(text)
        assert ours.candidates(sig) == set(lsh.query(MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME,
                                                             hashvalues=sig)))
    assert ours.candidates(signature(texts["edited"])) == {"003_272b7305608623dc.txt", "edited"}


def test_signature_is_datasketchs_minhash():
    """Stored fingerprints stay comparable: the numpy MinHash gives datasketch's values, and the
    bands are datasketch's optimum for the threshold."""
    import random

    from datasketch import MinHash
    from datasketch.lsh import _optimal_param

    from pipelines.core.dedup import BANDS, NEAR_DUPLICATE_THRESHOLD, NUM_PERM, ROWS_PER_BAND, SCHEME, SEED, shingles

    rng = random.Random(7)
    words = [w for p in sorted(SEEDS_DIR.iterdir()) for w in p.read_text(encoding="utf-8").split()]
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS_DIR.iterdir())] + ["", "one", "Ünïcode ☃ text"]
    texts += [" ".join(rng.choices(words, k=rng.randint(1, 400))) for _ in range(50)]
    for text in texts:
        reference = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
        reference.update_batch(list(shingles(text)))
        ours = signature(text)
        assert ours.dtype == np.uint64 and ours.tolist() == reference.hashvalues.astype(np.uint64).tolist()
    assert (BANDS, ROWS_PER_BAND) == _optimal_param(NEAR_DUPLICATE_THRESHOLD, NUM_PERM, 0.5, 0.5)
