"""One real Dagster materialization of every asset and check, shared by the end-to-end tests."""
from __future__ import annotations

from dagster import DagsterInstance, materialize

from pipelines.jobs import ALL_ASSETS, ALL_CHECKS
from pipelines.resources import NlpResource, WarehouseResource


def run_pipeline(db_path, inputs):
    """Materialize the whole graph over `inputs` into the warehouse at `db_path` (one NLP process)."""
    return materialize(
        [*ALL_ASSETS, *ALL_CHECKS],
        resources={"warehouse": WarehouseResource(db_path=str(db_path)), "nlp": NlpResource(processes=1)},
        run_config={"ops": {"raw_articles": {"config": {"paths": [str(p) for p in inputs]}}}},
        instance=DagsterInstance.ephemeral(),
        raise_on_error=False,
    )
