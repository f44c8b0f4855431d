"""The NLP multi-asset as a fan-out for the cluster (graph-backed: plan -> one step per batch -> collect).

Same asset keys as assets/nlp.py (mentions, quotes, numeric_claims), so every check and
every downstream asset (entities, stories, comparisons, views, report) is the embedded
deployment's, unchanged; they read only what changed, as they do there. Each `nlp_batch`
step is one Celery task on whichever worker is free; a worker killed mid-batch gets its
task redelivered (pipelines/cluster/celery_config.py), and the step's RetryPolicy covers a
batch that failed for a passing reason (a lake commit conflict, a dropped connection).
"""

from dagster import (
    AssetIn, AssetOut, DynamicOut, DynamicOutput, In, Nothing, OpExecutionContext, Out, Output,
    RetryPolicy, graph_multi_asset, op,
)

from assets._errors import cause_logged
from assets.nlp import NLP_CODE_VERSION, NLP_TABLES, nlp_table_metadata
from pipelines.cluster import nlp_batches
from pipelines.resources import DUCKDB_POOL, NlpResource, WarehouseResource
from pipelines.settings import get_cluster_settings



@op(ins={"after": In(Nothing)}, out={"batches": DynamicOut(nlp_batches.Batch), "plan": Out(dict)},
    pool=DUCKDB_POOL)
def plan_nlp_batches(context: OpExecutionContext, warehouse: WarehouseResource, nlp: NlpResource):
    """Claim what needs a parse for this run and emit it as batches (NEWSETL_NLP_FANOUT_BATCH articles each)."""
    with cause_logged(context, "NLP planning"):
        plan = nlp_batches.plan_batches(
            warehouse.db_path, context.run.run_id, model_name=nlp.model, piece_chars=nlp.piece_chars,
            batch_articles=get_cluster_settings().nlp_fanout_batch, reprocess_per_run=nlp.reprocess_per_run)
    context.log.info(f"NLP fan-out: {sum(len(b.todo) for b in plan.batches)} article(s) in {len(plan.batches)} "
                     f"batch(es); {plan.claimed_elsewhere} left to a concurrent run, {plan.held_back} held back")
    yield Output({"version": plan.version, "claimed_elsewhere": plan.claimed_elsewhere,
                  "held_back": plan.held_back, "deferred": plan.deferred, "batches": len(plan.batches)},
                 output_name="plan")
    for batch in plan.batches:
        yield DynamicOutput(batch, mapping_key=f"batch_{batch.index}", output_name="batches")


@op(retry_policy=RetryPolicy(max_retries=2, delay=2))
def nlp_batch(context: OpExecutionContext, batch: nlp_batches.Batch, warehouse: WarehouseResource,
              nlp: NlpResource) -> dict:
    """Parse one batch on this worker and commit its rows in one transaction (idempotent per batch)."""
    with cause_logged(context, f"NLP batch {batch.index}"):
        report = nlp_batches.run_batch(warehouse.db_path, context.run.run_id, batch, model_name=nlp.model,
                                       batch_size=nlp.batch_size, piece_chars=nlp.piece_chars,
                                       log=context.log.info)
    context.log.info(f"NLP batch {batch.index}: {report['articles']} parsed ok, {report['failed']} failed")
    return report


@op(out={table: Out(Nothing) for table in NLP_TABLES}, pool=DUCKDB_POOL)
def nlp_collect(context: OpExecutionContext, reports: list[dict], plan: dict, warehouse: WarehouseResource,
                nlp: NlpResource):
    """The fan-out's report, as the embedded NLP asset's metadata."""
    report = nlp_batches.merge_reports(reports, plan)
    context.log.info(f"NLP: {report.summary()} in {plan['batches']} batch(es)")
    for article_id, path, reason in report.failures:
        context.log.warning(f"NLP failed on article {article_id} ({path}): {reason}")
    with warehouse.connect() as con:
        for table in NLP_TABLES:
            yield Output(None, output_name=table, metadata={
                **nlp_table_metadata(con, table, context.run.run_id, report, nlp.model),
                "batches": plan["batches"],
            })


@graph_multi_asset(
    outs={table: AssetOut(group_name="nlp", code_version=NLP_CODE_VERSION, kinds={"spacy", "duckdb"})
          for table in NLP_TABLES},
    ins={"articles": AssetIn(key="articles", dagster_type=Nothing)},
    name="nlp_fanout",
)
def nlp_fanout(articles):
    batches, plan = plan_nlp_batches(after=articles)
    reports = batches.map(nlp_batch).collect()
    return nlp_collect(reports, plan)
