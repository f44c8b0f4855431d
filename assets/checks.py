"""Blocking data-quality checks: each stage's GX suite on the rows that stage just wrote.

A failing suite stops downstream assets, shows the failing expectations with
example rows in the UI, and is recorded in the dq_results table.
"""

from dagster import (AssetCheckExecutionContext, AssetCheckResult, AssetCheckSeverity, AssetKey, MetadataValue,
                     asset_check)

from pipelines import quality
from pipelines.resources import DUCKDB_POOL, WarehouseResource

# Suites (expectations/<name>.json) guarding each asset; the articles check also covers
# the rejections both ingest and cleaning wrote.
SUITES = {
    "raw_articles": ("raw_articles",),
    "articles": ("articles", "rejected_inputs", "cleaning_removals"),
    "mentions": ("mentions",),
    "quotes": ("quotes",),
    "numeric_claims": ("numeric_claims",),
    "entities": ("entities",),
    # Issue 12
    "stories": ("stories", "story_articles"),
    "quote_clusters": ("quote_clusters",),
    "date_claims": ("date_claims",),
    "claim_comparisons": ("claim_comparisons",),
}


def _suite_check(asset: str, suites: tuple[str, ...]):
    @asset_check(
        asset=AssetKey(asset),
        name=f"{asset}_expectations",
        blocking=True,
        pool=DUCKDB_POOL,
        description="Great Expectations suite(s) " + ", ".join(f"expectations/{s}.json" for s in suites)
        + " on the rows this run wrote.",
    )
    def _check(context: AssetCheckExecutionContext, warehouse: WarehouseResource) -> AssetCheckResult:
        with warehouse.connect() as con:
            outcomes = [quality.run_suite(con, suite, context.run.run_id) for suite in suites]
            for outcome in outcomes:
                quality.record_outcome(con, outcome, context.run.run_id)
        return AssetCheckResult(
            passed=all(o.success for o in outcomes),
            severity=AssetCheckSeverity.ERROR,
            metadata={
                "rows_checked": outcomes[0].rows_checked,
                "expectations": sum(len(o.outcomes) for o in outcomes),
                "failed_expectations": MetadataValue.json([
                    {"suite": o.suite, "expectation": f.expectation, "kwargs": f.kwargs,
                     "unexpected_count": f.unexpected_count}
                    for o in outcomes for f in o.failures
                ]),
                "results": MetadataValue.md("\n\n".join(
                    f"**{o.suite}** ({o.rows_checked} rows)\n\n"
                    + (o.markdown() if o.outcomes else "_no new rows to check_") for o in outcomes)),
            },
        )

    return _check


suite_checks = [_suite_check(asset, suites) for asset, suites in SUITES.items()]
