"""Blocking data-quality checks: each stage's GX suite on what has not passed it yet.

A check validates the rows not yet checked at their current version (whichever
run wrote them: a run killed before its check leaves them for the next), then
runs the suite's whole-table SQL invariants. A failure stops downstream assets
in this run and holds the failing items back (view held_back) in later runs
until their rows or the suite change; the UI shows the failing expectations
with example rows, or 'no new rows' when there was nothing new to validate;
every outcome is recorded in dq_results.
"""

from dagster import (AssetCheckExecutionContext, AssetCheckResult, AssetCheckSeverity, AssetKey, MetadataValue,
                     asset_check)

from assets._errors import cause_logged
from pipelines import quality
from pipelines.resources import DUCKDB_POOL, GxResource, WarehouseResource

# Suites (expectations/<name>.json) guarding each asset; the articles check also covers
# the rejections both ingest and cleaning wrote.
SUITES = {
    "raw_articles": ("raw_articles",),
    "articles": ("articles", "rejected_inputs", "cleaning_removals"),
    "mentions": ("mentions",),
    "quotes": ("quotes",),
    "numeric_claims": ("numeric_claims",),
    "entities": ("entities",),
    "stories": ("stories", "story_articles"),
    "quote_clusters": ("quote_clusters",),
    "date_claims": ("date_claims",),
    "claim_comparisons": ("claim_comparisons",),
}


# One resource for every check (a run sets it up once); bound here, so every job with these checks has it.
GX = GxResource()


def check_description(outcomes: list[quality.SuiteOutcome]) -> str:
    """One line per suite for the UI and the CLI ('articles: no new rows; 3 invariants (new rows) passed')."""
    return " | ".join(f"{o.suite}: {o.summary()}" for o in outcomes)


def _suite_check(asset: str, suites: tuple[str, ...]):
    @asset_check(
        asset=AssetKey(asset),
        name=f"{asset}_expectations",
        blocking=True,
        pool=DUCKDB_POOL,
        resource_defs={"gx": GX},
        description="Great Expectations suite(s) " + ", ".join(f"expectations/{s}.json" for s in suites)
        + " on the rows not checked yet, plus whole-table SQL invariants; failing items are held back.",
    )
    def _check(context: AssetCheckExecutionContext, warehouse: WarehouseResource, gx: GxResource) -> AssetCheckResult:
        # `gx` is not called: its set-up, at the run's start, began GX's import in the helper process
        # the suites validate in (pipelines/gx_process.py).
        with cause_logged(context, f"check {asset}_expectations"), warehouse.connect() as con:
            outcomes = [quality.run_suite(con, suite, context.run.run_id) for suite in suites]
            for outcome in outcomes:
                quality.record_outcome(con, outcome, context.run.run_id)
        description = check_description(outcomes)
        for outcome in outcomes:
            if outcome.failed_items:
                context.log.error(f"{outcome.suite}: {len(outcome.failed_items)} item(s) failed and are held back: "
                                  + ", ".join(f"{k} ({', '.join(v)})" for k, v in list(outcome.failed_items.items())[:5]))
        no_new_rows = all(o.no_new_rows for o in outcomes)
        return AssetCheckResult(
            passed=all(o.success for o in outcomes),
            severity=AssetCheckSeverity.ERROR,
            description=description,
            metadata={
                "rows_checked": outcomes[0].rows_checked,
                "no_new_rows": no_new_rows,
                "items_checked": sum(len(o.items) for o in outcomes),
                "items_failed": sum(len(o.failed_items) for o in outcomes),
                "held_back": sum(o.held_back for o in outcomes),
                "expectations": sum(len(o.outcomes) for o in outcomes),
                "invariants": sum(len(o.invariants) for o in outcomes),
                "suite_versions": MetadataValue.json({o.suite: o.version for o in outcomes}),
                "failed_expectations": MetadataValue.json([
                    {"suite": o.suite, "expectation": f.expectation, "kwargs": f.kwargs,
                     "unexpected_count": f.unexpected_count}
                    for o in outcomes for f in o.failures
                ] + [{"suite": o.suite, "invariant": i.name, "violations": i.violations}
                     for o in outcomes for i in o.invariants if not i.success]),
                "results": MetadataValue.md("\n\n".join(
                    f"**{o.suite}**: {o.summary()}\n\n" + o.markdown() for o in outcomes)),
            },
        )

    return _check


suite_checks = [_suite_check(asset, suites) for asset, suites in SUITES.items()]
