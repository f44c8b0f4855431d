"""Stage 2: clean raw articles into articles (boilerplate out, metadata in, duplicates marked)."""

from dagster import AssetExecutionContext, MaterializeResult, asset

from assets._metadata import count_for_run, markdown_preview, table_total
from assets.ingest import raw_articles
from pipelines import stages
from pipelines.code_versions import cleaning_version
from pipelines.resources import DUCKDB_POOL, WarehouseResource


@asset(
    deps=[raw_articles],
    group_name="cleaning",
    kinds={"python", "duckdb"},
    code_version=cleaning_version().version,
    pool=DUCKDB_POOL,
    description="Cleaned English articles: page furniture removed by structural rules (menus and share blocks, "
    "mastheads, trailing link lists, captions by layout, credits, a publisher's repeated lines), every removed "
    "span recorded in cleaning_removals; HTML through trafilatura; title/publisher/author/date from the content; "
    "an edited article becomes a new version (supersedes/superseded_by); duplicate_of marks exact and near "
    "duplicates (MinHash, candidates from stored LSH bands). Records cleaned by another cleaning code version are "
    "cleaned again and the articles that change are rewritten (their NLP redone).",
)
def articles(context: AssetExecutionContext, warehouse: WarehouseResource) -> MaterializeResult:
    with warehouse.connect() as con:
        report = stages.run_cleaning(con, context.run.run_id, log=context.log.info)
        for path, reason in report.rejections:
            context.log.warning(f"rejected at cleaning {path}: {reason}")
        preview = markdown_preview(
            con, "SELECT article_id, title, publisher, published_at, word_count, duplicate_of, left(body, 120) AS body "
                 "FROM articles WHERE run_id = ? ORDER BY source_path", [context.run.run_id])
        added = count_for_run(con, "articles", context.run.run_id)
        total = table_total(con, "articles")
    return MaterializeResult(metadata={
        "new_rows": added,
        "exact_duplicates": report.exact_duplicates,
        "near_duplicates": report.near_duplicates,
        "new_versions": report.new_versions,
        "removals_recorded": report.removals,
        "batches": report.batches,
        "rejected": report.rejected,
        "cleaned_again": report.recleaned,
        "changed_by_cleaning_again": report.articles_changed,
        "total_rows": total,
        "preview": preview,
    })
