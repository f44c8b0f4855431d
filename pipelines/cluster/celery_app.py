"""The Celery app the workers run (`celery -A pipelines.cluster.celery_app worker`).

Dagster's own task (dagster_celery.tasks.create_task: execute one step of a run against the
Dagster instance in DAGSTER_HOME) on an app configured like the executor that submits it
(broker, result store and delivery settings from pipelines/cluster/celery_config.py).
"""
from __future__ import annotations

from dagster_celery.make_app import make_app
from dagster_celery.tasks import create_task

from pipelines.cluster.celery_config import celery_config_source
from pipelines.settings import get_cluster_settings

_settings = get_cluster_settings()

app = make_app({"broker": _settings.celery_broker, "backend": _settings.celery_backend})
app.conf.update(celery_config_source())

execute_plan = create_task(app)
