"""Stage 1: ingest input files into raw_articles (bad inputs into rejected_inputs)."""

from dagster import AssetExecutionContext, Config, MaterializeResult, MetadataValue, asset
from pydantic import Field

from assets._metadata import count_for_run, markdown_preview, table_total
from pipelines import stages
from pipelines.resources import DUCKDB_POOL, WarehouseResource
from pipelines.code_versions import ingest_version
from pipelines.settings import get_settings


def default_input_paths() -> list[str]:
    settings = get_settings()
    return [*settings.input_paths, settings.landing_dir]


class IngestConfig(Config):
    paths: list[str] = Field(
        default_factory=default_input_paths,
        description="Files or directories to ingest (default: NEWSETL_INPUTS and the landing directory)",
    )


@asset(
    group_name="ingest",
    kinds={"python", "duckdb"},
    code_version=ingest_version().version,
    pool=DUCKDB_POOL,
    description="One row per distinct input record (content hash as id), decoded to text; files streamed and "
    "written in batches. Unreadable files and directories, symlink loops, records over NEWSETL_MAX_ARTICLE_BYTES, "
    "empty, binary, malformed (also nested too deep) or non-English inputs go to rejected_inputs with the reason. Records read by another ingest code version "
    "are read again (decoded again from their bytes when the decoding was not certain) and those that change "
    "are rewritten (cleaned again); so are the ingest rejections, from the bytes they keep (those that now read "
    "become raw records).",
)
def raw_articles(context: AssetExecutionContext, config: IngestConfig, warehouse: WarehouseResource) -> MaterializeResult:
    with warehouse.connect() as con:
        report = stages.run_ingest(con, config.paths, context.run.run_id, log=context.log.info)
        for path in report.missing_paths:
            context.log.warning(f"input path does not exist, skipped: {path}")
        for path, reason in report.rejections:
            context.log.warning(f"rejected {path}: {reason}")
        preview = markdown_preview(
            con, "SELECT raw_id, source_path, format, encoding, size_bytes FROM raw_articles WHERE run_id = ? "
                 "ORDER BY source_path, record_index", [context.run.run_id])
        rejected_preview = markdown_preview(
            con, "SELECT source_path, record_index, reason FROM rejected_inputs WHERE run_id = ? AND stage = 'ingest'",
            [context.run.run_id])
        total = table_total(con, "raw_articles")
        added = count_for_run(con, "raw_articles", context.run.run_id)
    return MaterializeResult(metadata={
        "files_found": report.files_found,
        "files_new": report.files_new,
        "new_rows": added,
        "rejected": report.rejected,
        "exact_duplicates_collapsed": report.exact_duplicates,
        "batches": report.batches,
        "read_again": report.reread,
        "changed_by_reading_again": report.records_changed,
        "rejections_read_again": report.rejections_reread,
        "records_from_rejections": report.records_from_rejections,
        "total_rows": total,
        "preview": preview,
        "rejected_preview": rejected_preview,
        "paths": MetadataValue.json(list(config.paths)),
    })
