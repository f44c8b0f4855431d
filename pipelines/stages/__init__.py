"""The work of each stage against the warehouse; Dagster assets are thin wrappers.

Each stage picks only what it has not processed yet and writes idempotently
(delete-then-insert per batch in one transaction), so re-runs add nothing.
One module per stage; this package re-exports their entry points.
"""
from pipelines.stages._common import Log, utcnow
from pipelines.stages.cleaning import CleaningReport, run_cleaning
from pipelines.stages.entities import EntitiesReport, run_entities
from pipelines.stages.ingest import IngestReport, run_ingest
from pipelines.stages.nlp import NlpReport, articles_needing_nlp, run_nlp

__all__ = [
    "CleaningReport", "EntitiesReport", "IngestReport", "Log", "NlpReport", "articles_needing_nlp",
    "run_cleaning", "run_entities", "run_ingest", "run_nlp", "utcnow",
]
