"""A seeded draw of plain-text articles from a corpus folder, copied into a landing folder (the
benchmarks that load a random part of the BBC corpus through the pipeline share this draw)."""
from __future__ import annotations

import random
import shutil
from pathlib import Path


def draw_text_files(corpus: Path, n: int, seed: int, into: Path) -> list[str]:
    """Copy `n` of the corpus's .txt files, shuffled with `seed`, into `into` (named
    '<folder>_<file>'); returns their paths relative to the corpus, in draw order."""
    files = sorted(corpus.rglob("*.txt"))
    random.Random(seed).shuffle(files)
    into.mkdir(parents=True)
    for f in files[:n]:
        shutil.copy(f, into / f"{f.parent.name}_{f.name}")
    return [str(f.relative_to(corpus)) for f in files[:n]]
