"""The cluster code location (`dagster dev -m pipelines.cluster.definitions`, `make cluster`).

The embedded deployment's assets and checks, except that the NLP stage fans out
(pipelines/cluster/assets.py), and the job runs on the Celery executor: every step is a
Celery task on a worker (`celery -A pipelines.cluster.celery_app worker`), the run's
state lives in the Dagster instance on PostgreSQL (pipelines/cluster/dagster.yaml), the
rows in the warehouse the workers' settings name (the DuckLake catalog in production).
Importing this module opens no database, loads no model and contacts no broker.
"""
from __future__ import annotations

from dagster import AssetSelection, Definitions, define_asset_job
from dagster_celery import celery_executor

from assets.nlp import nlp_pass
from pipelines.cluster.assets import nlp_fanout
from pipelines.cluster.celery_config import celery_config_source
from pipelines.jobs import ALL_ASSETS, ALL_CHECKS
from pipelines.resources import NlpResource, WarehouseResource
from pipelines.sensors import hourly_schedule, landing_sensor

CLUSTER_ASSETS = [nlp_fanout if a is nlp_pass else a for a in ALL_ASSETS]

# Broker and result store from the environment (NEWSETL_CELERY_BROKER / _BACKEND), read when a run starts.
cluster_executor = celery_executor.configured({
    "broker": {"env": "NEWSETL_CELERY_BROKER"},
    "backend": {"env": "NEWSETL_CELERY_BACKEND"},
    "config_source": celery_config_source(),
    "retries": {"enabled": {}},
}, name="newsetl_celery")

newsetl_cluster_job = define_asset_job(
    "newsetl",
    selection=AssetSelection.all(),
    executor_def=cluster_executor,
    description="The newsetl pipeline on the cluster: every step a Celery task; the NLP stage one task per batch.",
)

defs = Definitions(
    assets=CLUSTER_ASSETS,
    asset_checks=ALL_CHECKS,
    jobs=[newsetl_cluster_job],
    # The embedded deployment's landing sensor and hourly schedule, targeting the cluster job.
    sensors=[landing_sensor.with_updated_job(newsetl_cluster_job)],
    schedules=[hourly_schedule.with_updated_job(newsetl_cluster_job)],
    resources={"warehouse": WarehouseResource(), "nlp": NlpResource()},
    executor=cluster_executor,
)


def cluster_job():
    """The resolved job (module-level, so `dagster.reconstructable(cluster_job)` works from tests and scripts)."""
    return defs.resolve_job_def("newsetl")
