"""The HTML report next to the warehouse (`<warehouse dir>/report/<warehouse name>/index.html`); logic in pipelines.report."""

from dagster import AssetKey, MaterializeResult, MetadataValue, asset

from assets.analysis import analysis_views
from pipelines.resources import DUCKDB_POOL, WarehouseResource


@asset(
    # After the views and the cross-outlet stage, whose tables and views it charts.
    deps=[analysis_views, AssetKey("claim_comparisons"), AssetKey("quote_clusters")],
    group_name="analysis",
    kinds={"html", "plotly"},
    code_version="1",
    pool=DUCKDB_POOL,
    description="Self-contained HTML report (opens offline): stories, who is quoted and mentioned most, quote reach, "
    "numbers outlets disagree on, data quality; each chart with its SQL. Written next to the warehouse.",
)
def report(warehouse: WarehouseResource) -> MaterializeResult:
    # Imported here: plotly is not needed to load the code location.
    from pipelines.report import default_report_path, write_report
    from pipelines.warehouse import display_name

    result = write_report(warehouse.db_path, default_report_path(warehouse.db_path))
    return MaterializeResult(metadata={
        "path": MetadataValue.path(str(result.path)),
        # A browser refuses a file:// link from a web page such as this UI: the command opens it.
        "open": MetadataValue.md(f"`newsetl report --db {display_name(warehouse.db_path)} --open` writes it again and opens it "
                                 f"(or open `{result.path}` in the browser)"),
        "size_bytes": result.bytes,
        "charts": result.charts,
        "tables": result.tables,
        "sections": MetadataValue.json(result.sections),
        "missing_or_empty": MetadataValue.md("\n".join(f"- {n}" for n in result.notes) or "_nothing_"),
    })
