"""Language identification (py3langid) with its model kept decompressed between runs.

py3langid ships its model xz-compressed (4.5 MB, 68 MB unpacked) and decompresses it on
every load: about a second of CPU in each process that checks a language. The
first load here writes the unpacked arrays to a cache folder (`NEWSETL_CACHE_DIR`), one
.npy file per array, named by the py3langid version and the model file's hash; later
loads memory-map them. The identifier is built from the same arrays either way, so its
scores are the library's own. A cache that is missing, unreadable, corrupt or cannot be
written only costs the slow load: it never fails a run.
"""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from array import array
from functools import lru_cache
from importlib import metadata
from itertools import islice
from pathlib import Path

import numpy as np

from pipelines.settings import cache_dir

# Below this many letters (telegraphic briefs: "Qtly div 45 cts vs 45 cts prior") the guess is noise.
MIN_LETTERS_FOR_LANGUAGE_CHECK = 100
# Characters of a text the language is judged on.
LANGUAGE_SAMPLE_CHARS = 5000
# The arrays of a py3langid model file, in the order its loader returns them.
MODEL_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")

logger = logging.getLogger(__name__)


def _model_path() -> Path:
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    return Path(MODEL_DIR) / MODEL_FILE


def model_cache_folder(model_path: Path, root: Path) -> Path:
    """The cache folder of one model file: py3langid's version and the file's content hash."""
    digest = hashlib.sha256(model_path.read_bytes()).hexdigest()[:16]
    return root / f"py3langid-{metadata.version('py3langid')}-{digest}"


def _read_cached(folder: Path) -> dict[str, np.ndarray]:
    arrays = {name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False) for name in MODEL_ARRAYS}
    # A truncated or mixed-up folder fails here rather than classifying with a broken model.
    if not (arrays["ptc"].ndim == 2 and arrays["ptc"].shape[1] == len(arrays["pc"]) == len(arrays["classes"])
            and len(arrays["out_feat"]) == len(arrays["nextmove_row"]) and arrays["nextmove"].size % 256 == 0):
        raise ValueError(f"inconsistent model arrays in {folder}")
    return arrays


def _unpack(model_path: Path) -> dict[str, np.ndarray]:
    """The model file's arrays, decompressed by py3langid's own loader."""
    from py3langid.modelio import load_model

    return dict(zip(MODEL_ARRAYS, (np.asarray(values) for values in load_model(model_path))))


def _write_cache(folder: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write the arrays into a temporary folder beside `folder`, then rename it into place:
    a reader sees a whole folder or none, and of two writers at once the first rename wins."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        for name, values in arrays.items():
            np.save(staging / f"{name}.npy", values, allow_pickle=False)
        os.replace(staging, folder)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        if not folder.is_dir():
            raise


def model_arrays(model_path: Path, root: Path) -> dict[str, np.ndarray]:
    """The model's arrays, from the cache under `root` when it holds them (else unpacked and cached)."""
    folder = model_cache_folder(model_path, root)
    try:
        return _read_cached(folder)
    except Exception:  # noqa: BLE001 - missing, unreadable or inconsistent: unpacked and (re)written below
        pass
    arrays = _unpack(model_path)
    try:
        shutil.rmtree(folder, ignore_errors=True)
        _write_cache(folder, arrays)
    except Exception as exc:  # noqa: BLE001 - an unwritable cache costs the next run the same load
        logger.debug("language model cache not written: %s", exc)
    return arrays


def _stdlib_array(values: np.ndarray) -> array:
    # The DFA walk indexes one element per byte of text: a stdlib array indexes faster than numpy.
    out = array(values.dtype.char)
    out.frombytes(memoryview(np.ascontiguousarray(values)).cast("B"))
    return out


def build_identifier(arrays: dict[str, np.ndarray]):
    """py3langid's identifier (normalized probabilities) from the model arrays, in the types
    py3langid's own loader gives it."""
    from py3langid.langid import LanguageIdentifier

    return LanguageIdentifier(np.asarray(arrays["ptc"]), np.asarray(arrays["pc"]), arrays["classes"].tolist(),
                              _stdlib_array(arrays["nextmove"]), arrays["out_feat"].tolist(), norm_probs=True,
                              tk_row=_stdlib_array(arrays["nextmove_row"]))


@lru_cache(maxsize=1)
def language_identifier():
    """The identifier, loaded once per process; normalized probabilities, so a confidence
    threshold means something."""
    try:
        return build_identifier(model_arrays(_model_path(), cache_dir()))
    except Exception as exc:  # noqa: BLE001 - py3langid's own load path, as before the cache
        logger.debug("language model cache unusable, loading py3langid's file: %s", exc)
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str | None, float]:
    """ISO 639-1 code and probability, or (None, 0.0) when there is too little text to judge."""
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    # Counting stops at the letter that decides: the first hundred or so characters, not 5,000.
    letters = (ch for ch in sample if ch.isalpha())
    if next(islice(letters, MIN_LETTERS_FOR_LANGUAGE_CHECK - 1, None), None) is None:
        return None, 0.0
    lang, prob = language_identifier().classify(sample)
    return lang, float(prob)
