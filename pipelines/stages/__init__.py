"""The work of each stage against the warehouse; Dagster assets are thin wrappers.

Each stage picks only what it has not processed yet and writes idempotently
(delete-then-insert per batch in one transaction), so re-runs add nothing.
One module per stage; this package re-exports their entry points, each imported when
first used: `newsetl run`'s nothing-pending check reads one query of two stages and must
not pay for the others' imports (spaCy's above all).
"""
from __future__ import annotations

import importlib

from pipelines.stages._common import Log, utcnow

_EXPORTS = {
    "CleaningReport": "cleaning", "run_cleaning": "cleaning",
    "EntitiesReport": "entities", "run_entities": "entities",
    "IngestReport": "ingest", "run_ingest": "ingest",
    "NlpReport": "nlp", "count_needing_nlp": "nlp", "run_nlp": "nlp",
}

__all__ = sorted([*_EXPORTS, "Log", "utcnow"])


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
