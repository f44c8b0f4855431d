"""Stage 3: one spaCy pass per article -> mentions, quotes and numeric claims."""

from dagster import AssetExecutionContext, AssetSpec, MaterializeResult, MetadataValue, multi_asset

from assets._errors import cause_logged
from assets._metadata import count_for_run, markdown_preview, table_total
from assets.cleaning import articles
from pipelines import stages
from pipelines.code_versions import nlp_version
from pipelines.resources import DUCKDB_POOL, NlpResource, WarehouseResource
from pipelines.settings import get_settings

# Derived from what decides the rows (extractor sources, ranker weights, model): it changes
# when they do, and the next run re-processes the articles made by an older version.
_settings = get_settings()
NLP_CODE_VERSION = nlp_version(_settings.spacy_model, _settings.nlp_piece_chars).version

NLP_TABLES = ("mentions", "quotes", "numeric_claims")
_PREVIEWS = {
    "mentions": "SELECT text, label, canonical_name, start_char, end_char FROM mentions WHERE run_id = ?",
    "quotes": "SELECT speaker, quote_type, cue, left(text, 100) AS text FROM quotes WHERE run_id = ?",
    "numeric_claims": "SELECT text, value, qualifier, unit, object FROM numeric_claims WHERE run_id = ?",
}


@multi_asset(
    specs=[
        AssetSpec("mentions", deps=[articles], group_name="nlp", kinds={"spacy", "duckdb"}, code_version=NLP_CODE_VERSION,
                  description="Named-entity mentions with per-article canonical names; offsets index articles.body."),
        AssetSpec("quotes", deps=[articles], group_name="nlp", kinds={"spacy", "duckdb"}, code_version=NLP_CODE_VERSION,
                  description="Direct, partial and indirect quotes with speaker, cue and confidence."),
        AssetSpec("numeric_claims", deps=[articles], group_name="nlp", kinds={"spacy", "duckdb"},
                  code_version=NLP_CODE_VERSION,
                  description="Numbers the articles assert: value, range, qualifier, unit, counted object."),
    ],
    pool=DUCKDB_POOL,
)
def nlp_pass(context: AssetExecutionContext, warehouse: WarehouseResource, nlp: NlpResource):
    with cause_logged(context, "NLP step"):
        report = stages.run_nlp(
            warehouse.db_path, context.run.run_id, model_name=nlp.model, batch_size=nlp.batch_size,
            processes=nlp.processes, min_docs_per_process=nlp.min_docs_per_process, commit_every=nlp.commit_every,
            piece_chars=nlp.piece_chars, reprocess_per_run=nlp.reprocess_per_run, log=context.log.info,
        )
    context.log.info(f"NLP: {report.summary()}")
    for article_id, path, reason in report.failures:
        context.log.warning(f"NLP failed on article {article_id} ({path}): {reason}")
    with warehouse.connect() as con:
        for table in NLP_TABLES:
            yield MaterializeResult(asset_key=table, metadata={
                **nlp_table_metadata(con, table, context.run.run_id, report, nlp.model),
                "articles_in_pieces": report.long_articles,
                "reprocessing_deferred": report.deferred,
                "parse_seconds": round(report.parse_seconds, 2),
            })


def nlp_table_metadata(con, table: str, run_id: str, report, model: str) -> dict:
    """What the UI shows on each NLP table after a run (embedded asset and the cluster's fan-out)."""
    return {
        "new_rows": count_for_run(con, table, run_id),
        "total_rows": table_total(con, table),
        "articles_parsed": report.articles,
        "new_articles": report.new_articles,
        "articles_reprocessed": report.reprocessed,
        "reprocess_reasons": MetadataValue.json(report.reprocess_reasons),
        "articles_failed": report.failed,
        "held_back": report.held_back,
        "left_to_concurrent_run": report.claimed_elsewhere,
        "code_version": report.version,
        "summary": report.summary(),
        "model": model,
        "preview": markdown_preview(con, _PREVIEWS[table], [run_id]),
    }
