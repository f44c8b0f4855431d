"""Stage 4: resolve mentions, speakers and claim subjects to real-world entities."""

from dagster import AssetExecutionContext, AssetKey, MaterializeResult, asset

from assets._errors import cause_logged
from assets._metadata import count_for_run, markdown_preview
from pipelines import stages
from pipelines.code_versions import entities_version
from pipelines.resources import DUCKDB_POOL, WarehouseResource


@asset(
    deps=[AssetKey("mentions"), AssetKey("quotes"), AssetKey("numeric_claims")],
    group_name="entities",
    kinds={"python", "duckdb"},
    code_version=entities_version().version,
    pool=DUCKDB_POOL,
    description="One row per real-world entity ('Putin', 'Vladimir Putin' and 'Russian President Vladimir Putin' "
    "are one), with aliases, mention/article counts, the label's source and a noise flag; links mentions, quote "
    "speakers and claim subjects. Ids come from the canonical name (load order does not matter); a renamed or "
    "merged entity's old id stays resolvable in entity_aliases; an entity whose rows went away is resolved again "
    "from those left (retired_entities keeps one no row links to any more).",
)
def entities(context: AssetExecutionContext, warehouse: WarehouseResource) -> MaterializeResult:
    with cause_logged(context, "entities step"), warehouse.connect() as con:
        report = stages.run_entities(con, context.run.run_id)
        preview = markdown_preview(
            con, "SELECT name, label, label_source, is_noise, mention_count, article_count, aliases FROM entities "
                 "WHERE run_id = ? "
                 "ORDER BY mention_count DESC", [context.run.run_id])
        updated = count_for_run(con, "entities", context.run.run_id)
    return MaterializeResult(metadata={
        "names_resolved": report.names_resolved,
        "entities_created": report.entities_created,
        "entities_renamed": report.entities_renamed,
        "candidates_loaded": report.candidates_loaded,
        # Why every name was resolved again this run (the entities code version changed), else "".
        "re_resolved_because": report.re_resolved_because or "",
        # Entities resolved again because rows linked to them went away; those no row links to any more.
        "entities_re_resolved": report.entities_re_resolved,
        "entities_retired": report.entities_retired,
        "entities_updated": updated,
        "total_rows": report.entities_total,
        "preview": preview,
    })
