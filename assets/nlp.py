"""Stage 3: one spaCy pass per article -> mentions, quotes and numeric claims."""

from dagster import AssetExecutionContext, AssetSpec, MaterializeResult, multi_asset

from assets._metadata import count_for_run, markdown_preview, table_total
from assets.cleaning import articles
from pipelines import stages
from pipelines.resources import DUCKDB_POOL, NlpResource, WarehouseResource

NLP_CODE_VERSION = "1"

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
    report = stages.run_nlp(
        warehouse.db_path, context.run_id, model_name=nlp.model, batch_size=nlp.batch_size,
        processes=nlp.processes, min_docs_per_process=nlp.min_docs_per_process, log=context.log.info,
    )
    with warehouse.connect() as con:
        for table in ("mentions", "quotes", "numeric_claims"):
            yield MaterializeResult(asset_key=table, metadata={
                "new_rows": count_for_run(con, table, context.run_id),
                "total_rows": table_total(con, table),
                "articles_parsed": report.articles,
                "parse_seconds": round(report.parse_seconds, 2),
                "model": nlp.model,
                "preview": markdown_preview(con, _PREVIEWS[table], [context.run_id]),
            })
