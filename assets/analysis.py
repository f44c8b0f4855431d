"""Stage 5: the analysis views in sql/views.sql."""

from dagster import MaterializeResult, MetadataValue, asset

from assets._metadata import markdown_preview
from assets.entities import entities
from pipelines.resources import DUCKDB_POOL, WarehouseResource
from pipelines.code_versions import analysis_version
from pipelines.warehouse import apply_views


@asset(
    deps=[entities],
    group_name="analysis",
    kinds={"sql", "duckdb"},
    code_version=analysis_version().version,
    pool=DUCKDB_POOL,
    description="SQL views for analysis (sql/views.sql): speaker_quote_counts, entity_mention_counts, "
    "article_stats, claims_by_outlet, claim_disagreements.",
)
def analysis_views(warehouse: WarehouseResource) -> MaterializeResult:
    with warehouse.connect() as con:
        views = apply_views(con)
        top_speakers = markdown_preview(con, "SELECT speaker, quotes, articles FROM speaker_quote_counts")
    return MaterializeResult(metadata={"views": MetadataValue.json(views), "top_speakers": top_speakers})
