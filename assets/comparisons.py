"""Claims compared across outlets: the claim_comparisons view for the stories this run touched."""

from dagster import AssetKey, AssetExecutionContext, MaterializeResult, asset

from assets._metadata import markdown_preview, run_ids
from pipelines.resources import DUCKDB_POOL, WarehouseResource
from pipelines.warehouse import apply_views

# The comparisons of the stories this run touched, built from their claims only (sql/views.sql).
_TOUCHED = "claim_comparisons_in(?::VARCHAR[])"


@asset(
    deps=[AssetKey("stories"), AssetKey("date_claims"), AssetKey("numeric_claims")],
    group_name="stories",
    kinds={"sql", "duckdb"},
    code_version="1",
    pool=DUCKDB_POOL,
    description="View claim_comparisons: numeric and date claims of different outlets in one story about the "
    "same thing, with verdict agree / compatible / conflict (claim_disagreements = the conflicts).",
)
def claim_comparisons(context: AssetExecutionContext, warehouse: WarehouseResource) -> MaterializeResult:
    with warehouse.connect() as con:
        apply_views(con)
        touched = run_ids(con, "story_articles", "story_id", context.run.run_id)
        # Built once for the counts and the preview (each read of the macro joins the claims again).
        con.execute(f"CREATE TEMP TABLE _touched_comparisons AS SELECT * FROM {_TOUCHED}", [touched])
        counts = dict(con.execute("SELECT verdict, count(*) FROM _touched_comparisons GROUP BY verdict").fetchall())
        preview = markdown_preview(
            con, "SELECT kind, verdict, object, publisher_a, text_a, publisher_b, text_b FROM _touched_comparisons "
                 "ORDER BY verdict = 'conflict' DESC, kind")
    return MaterializeResult(metadata={
        "agree": counts.get("agree", 0), "compatible": counts.get("compatible", 0),
        "conflict": counts.get("conflict", 0), "preview": preview,
    })
