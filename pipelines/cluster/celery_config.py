"""The Celery settings shared by the Dagster celery executor (which submits steps) and the workers.

What makes a killed worker's step run again instead of being lost: a task is acknowledged only
after it finished (`task_acks_late`), and when the pool process running it dies (kill -9, OOM)
the message goes back to the queue (`task_reject_on_worker_lost`); each worker takes one task at
a time (`worker_prefetch_multiplier` 1, concurrency 1), so nothing waits behind a busy worker.
A whole worker machine that disappears has its unacknowledged task redelivered by Redis after
`visibility_timeout`.
"""
from __future__ import annotations

from pipelines.settings import get_cluster_settings


def celery_config_source() -> dict:
    """Celery's lowercase settings (the executor's `config_source`, the workers' app config)."""
    settings = get_cluster_settings()
    return {
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "broker_connection_retry_on_startup": True,
        "broker_transport_options": {"visibility_timeout": settings.celery_visibility_timeout,
                                     "max_retries": 3, "interval_start": 0, "interval_step": 0.2,
                                     "interval_max": 0.5},
        "result_backend_transport_options": {"visibility_timeout": settings.celery_visibility_timeout},
        "result_expires": 86400,
    }
