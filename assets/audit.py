"""The warehouse audit: every suite's invariants over every row.

A run's checks read the rows of the runs they look at, so their cost follows the batch; what
only a pass over every row finds (an old row changed in place, a row a later change left
dangling) this job finds, on its own schedule (NEWSETL_AUDIT_CRON) or started from the UI.
The logic is pipelines.quality.audit_warehouse, the same as `newsetl audit`.
"""

from dagster import Failure, MetadataValue, OpExecutionContext, Output, op

from pipelines import quality
from pipelines.resources import DUCKDB_POOL, WarehouseResource


@op(pool=DUCKDB_POOL, description="Every suite's invariants over every row of the warehouse, recorded in "
    "dq_results under this run's id; violating items are held back. Fails when an invariant fails.")
def audit_invariants(context: OpExecutionContext, warehouse: WarehouseResource):
    with warehouse.connect() as con:
        outcomes = quality.audit_warehouse(con, context.run.run_id)
    lines = {o.suite: quality.audit_line(o) for o in outcomes}
    for line in lines.values():
        context.log.info(line)
    audit = MetadataValue.md("\n".join(f"- {line}" for line in lines.values()))
    failed = [lines[o.suite] for o in outcomes if not o.success]
    if failed:
        raise Failure(description="; ".join(failed), metadata={"audit": audit})
    yield Output(len(outcomes), metadata={"suites": len(outcomes), "audit": audit})
