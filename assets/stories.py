"""Stage 5: stories across outlets, quote clusters and date claims (one pass per new article)."""

from dagster import AssetExecutionContext, AssetKey, AssetSpec, MaterializeResult, multi_asset

from assets._metadata import count_for_run, markdown_preview, run_ids, table_total
from pipelines.code_versions import date_claims_version, quote_clusters_version, stories_version
from pipelines.resources import DUCKDB_POOL, WarehouseResource

STORIES_CODE_VERSION = stories_version().version
QUOTE_CLUSTERS_CODE_VERSION = quote_clusters_version().version  # a change recomputes every cluster
DATE_CLAIMS_CODE_VERSION = date_claims_version().version  # a change makes every date claim again

_PREVIEWS = {
    "stories": "SELECT story_id, label, article_count, publisher_count, first_seen_at FROM stories WHERE run_id = ? "
               "ORDER BY article_count DESC",
    # quote_reach of this run's clusters only, built from their quotes (sql/views.sql), not the warehouse's.
    # The ids go in as a bound list: a subquery as the macro's argument was re-planned per row (minutes
    # and gigabytes for a run of 5,000 articles).
    "quote_clusters": "SELECT r.speaker, r.publishers, r.articles, r.representative_text "
                      "FROM quote_reach_in(?::VARCHAR[]) r ORDER BY r.publishers DESC, r.articles DESC",
    "date_claims": "SELECT text, date_value, resolution, event_class, event FROM date_claims WHERE run_id = ?",
}


@multi_asset(
    specs=[
        AssetSpec("stories", deps=[AssetKey("entities")], group_name="stories", kinds={"python", "duckdb"},
                  code_version=STORIES_CODE_VERSION,
                  description="Articles about the same event across outlets (stories, story_articles), grown "
                  "online: shared salient entities, tf-idf similarity, a time window; ids stable."),
        AssetSpec("quote_clusters", deps=[AssetKey("entities")], group_name="stories", kinds={"python", "duckdb"},
                  code_version=QUOTE_CLUSTERS_CODE_VERSION,
                  description="The same statement by the same speaker across articles (exact, contained, near, "
                  "paraphrase within a story); view quote_reach."),
        AssetSpec("date_claims", deps=[AssetKey("entities")], group_name="stories", kinds={"python", "duckdb"},
                  code_version=DATE_CLAIMS_CODE_VERSION,
                  description="Dates with the event they date (date candidates of the NLP pass), resolved "
                  "against the article's date; offsets index articles.body."),
    ],
    pool=DUCKDB_POOL,
)
def stories_pass(context: AssetExecutionContext, warehouse: WarehouseResource):
    # Imported here: the stage imports spaCy's stop words, which the UI's code server must not load.
    from pipelines.stages.stories import run_stories
    from pipelines.warehouse import apply_views

    with warehouse.connect() as con:
        report = run_stories(con, context.run.run_id)
        apply_views(con)  # quote_reach, read by the preview, is one of them
        for table in ("stories", "quote_clusters", "date_claims"):
            yield MaterializeResult(asset_key=table, metadata={
                "new_rows": count_for_run(con, table, context.run.run_id),
                "total_rows": table_total(con, table),
                "articles": report.articles,
                "stories_created": report.stories_created,
                "stories_grown": report.stories_grown,
                # Stories absorbed into another whose centroid had converged with theirs (story_merges).
                "stories_merged": report.stories_merged,
                "quote_clusters_grown": report.quote_clusters_grown,
                # Quotes clustered again because the quote-clustering code version changed (and why).
                "quotes_reclustered": report.quotes_reclustered,
                "reclustered_because": report.reclustered_because or "",
                # Articles whose date claims were made again (their parse, reference day, entities or code changed).
                "date_claims_remade": report.date_claims_remade,
                "date_claims_remade_because": report.date_claims_remade_because or "",
                "entity_terms_renamed": report.entity_terms_renamed,
                "preview": markdown_preview(con, _PREVIEWS[table], [
                    run_ids(con, "quote_clusters", "cluster_id", context.run.run_id) if table == "quote_clusters"
                    else context.run.run_id]),
            })
