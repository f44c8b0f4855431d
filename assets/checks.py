"""Blocking data-quality checks: each stage's GX suite on the rows that stage just wrote.

A failing suite stops downstream assets, shows the failing expectations with
example rows in the UI, and is recorded in the dq_results table.
"""

from dagster import (AssetCheckExecutionContext, AssetCheckResult, AssetCheckSeverity, AssetKey, MetadataValue,
                     asset_check)

from pipelines import quality
from pipelines.resources import DUCKDB_POOL, WarehouseResource

# Suite (expectations/<name>.json) guarding each asset.
SUITES = ("raw_articles", "articles", "mentions", "quotes", "numeric_claims", "entities")


def _suite_check(table: str):
    @asset_check(
        asset=AssetKey(table),
        name=f"{table}_expectations",
        blocking=True,
        pool=DUCKDB_POOL,
        description=f"Great Expectations suite expectations/{table}.json on the rows this run wrote to {table}.",
    )
    def _check(context: AssetCheckExecutionContext, warehouse: WarehouseResource) -> AssetCheckResult:
        with warehouse.connect() as con:
            outcome = quality.run_suite(con, table, context.run.run_id)
            quality.record_outcome(con, outcome, context.run.run_id)
        return AssetCheckResult(
            passed=outcome.success,
            severity=AssetCheckSeverity.ERROR,
            metadata={
                "rows_checked": outcome.rows_checked,
                "expectations": len(outcome.outcomes),
                "failed_expectations": MetadataValue.json([
                    {"expectation": o.expectation, "kwargs": o.kwargs, "unexpected_count": o.unexpected_count}
                    for o in outcome.failures
                ]),
                "results": MetadataValue.md(outcome.markdown() if outcome.outcomes else "_no new rows to check_"),
            },
        )

    return _check


suite_checks = [_suite_check(table) for table in SUITES]
