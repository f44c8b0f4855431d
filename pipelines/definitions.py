"""The Dagster code location (`dagster dev -m pipelines.definitions`).

Importing this module opens no database and loads no model.
"""
from __future__ import annotations

from dagster import Definitions, in_process_executor

from pipelines.jobs import ALL_ASSETS, ALL_CHECKS, newsetl_audit, newsetl_job
from pipelines.resources import NlpResource, WarehouseResource
from pipelines.sensors import audit_schedule, hourly_schedule, landing_sensor

defs = Definitions(
    assets=ALL_ASSETS,
    asset_checks=ALL_CHECKS,
    jobs=[newsetl_job, newsetl_audit],
    sensors=[landing_sensor],
    schedules=[hourly_schedule, audit_schedule],
    resources={"warehouse": WarehouseResource(), "nlp": NlpResource()},
    executor=in_process_executor,
)
