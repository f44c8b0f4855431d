"""The asset graph, its checks and the job that materializes them."""
from __future__ import annotations

from dagster import AssetSelection, define_asset_job, in_process_executor, job

from assets.analysis import analysis_views
from assets.audit import audit_invariants
from assets.checks import suite_checks
from assets.cleaning import articles
from assets.comparisons import claim_comparisons
from assets.entities import entities
from assets.ingest import raw_articles
from assets.nlp import nlp_pass
from assets.report import report
from assets.stories import stories_pass

ALL_ASSETS = [raw_articles, articles, nlp_pass, entities, stories_pass, claim_comparisons, analysis_views, report]
ALL_CHECKS = suite_checks

# In-process: one run's steps touch DuckDB one after another (one writer at a time).
newsetl_job = define_asset_job(
    "newsetl",
    selection=AssetSelection.all(),
    executor_def=in_process_executor,
    description="Ingest -> cleaning -> NLP pass -> entities -> stories, quote clusters, date claims, claims compared "
    "-> analysis views -> HTML report, with blocking GX checks.",
)


@job(executor_def=in_process_executor,
     description="Every suite's invariants over every row of the warehouse (a run's checks read their own runs' "
     "rows): `newsetl audit` as a job, on the newsetl_audit schedule (NEWSETL_AUDIT_CRON).")
def newsetl_audit():
    audit_invariants()
