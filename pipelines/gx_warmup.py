"""Import Great Expectations in a background thread while a run's first stage works.

`import great_expectations` takes about 5 s and the first blocking check needs
it right after ingest. Started when a run starts (after the caller's own heavy
imports, so the two threads never import the same packages at once), the import
proceeds whenever the main thread waits on files, DuckDB or a worker process;
the first check then finds it done or joins it (Python's import lock makes the
check wait for the thread instead of importing twice). Nothing else changes:
pipelines.quality imports GX exactly as before.
"""
from __future__ import annotations

import sys
import threading

_thread: threading.Thread | None = None
_error: BaseException | None = None


def _import() -> None:
    global _error
    try:
        import great_expectations  # noqa: F401
    except BaseException as exc:  # the check's own import will raise it where it belongs
        _error = exc


def start() -> None:
    """Start the background import once per process (no-op when GX is imported already)."""
    global _thread
    if _thread is not None or "great_expectations" in sys.modules:
        return
    import numpy  # noqa: F401  (the base both threads need: imported here, never by both at once)

    _thread = threading.Thread(target=_import, name="newsetl-gx-import", daemon=True)
    _thread.start()


def wait(timeout: float | None = None) -> bool:
    """Join the background import; True when GX is importable now."""
    if _thread is not None:
        _thread.join(timeout)
    return _error is None and "great_expectations" in sys.modules
