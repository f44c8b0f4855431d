"""The local scale-out stack in one context manager, and a run of the pipeline on it.

    with LocalStack(workers=2, root=tmp) as stack:
        result = stack.run(["seeds/"], db_path)

starts PostgreSQL (databases `dagster` for the Dagster instance and `lake` for a DuckLake
catalog), Redis (the Celery broker and result store), a DAGSTER_HOME whose dagster.yaml is
pipelines/cluster/dagster.yaml, and `workers` Celery workers that run the steps. The
scaleout tests, `make cluster` (python -m pipelines.cluster) and benchmarks/scaleout.py use it.
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Mapping, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

from pipelines.cluster.services import CeleryWorkers, Postgres, Redis
from pipelines.settings import PROJECT_ROOT

CLUSTER_DAGSTER_YAML = Path(__file__).with_name("dagster.yaml")


@contextmanager
def _environ(values: Mapping[str, str]):
    """Set environment variables for the block (the run coordinator reads them), then restore."""
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


class LocalStack:
    """Postgres + Redis + Dagster instance on Postgres + N Celery workers, all under `root`."""

    def __init__(self, workers: int, root: str | Path, *, env: Mapping[str, str] | None = None,
                 start_workers: bool = True):
        self.worker_count = workers
        self.root = Path(root)
        self.extra_env = dict(env or {})
        self.start_workers = start_workers
        self._stack = ExitStack()
        self.postgres: Postgres | None = None
        self.redis: Redis | None = None
        self.workers: CeleryWorkers | None = None
        self.env: dict[str, str] = {}

    def __enter__(self) -> LocalStack:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            self.postgres = self._stack.enter_context(Postgres())
            self.redis = self._stack.enter_context(Redis())
            self.postgres.create_database("dagster")
            # psycopg2 named: SQLAlchemy 2.1 maps a bare postgresql:// to psycopg 3, which Dagster does not ship.
            dagster_url = self.postgres.url("dagster").replace("postgresql://", "postgresql+psycopg2://", 1)
            self.postgres.create_database("lake")
            home = self.root / "dagster_home"
            home.mkdir(exist_ok=True)
            shutil.copy(CLUSTER_DAGSTER_YAML, home / "dagster.yaml")
            self.env = {
                "DAGSTER_HOME": str(home),
                "NEWSETL_DAGSTER_PG_URL": dagster_url,
                "NEWSETL_CELERY_BROKER": self.redis.url(0),
                "NEWSETL_CELERY_BACKEND": self.redis.url(1),
                # DuckLake catalog for the lake backend (i16a's NEWSETL_WAREHOUSE settings read it).
                "NEWSETL_LAKE_PG": self.postgres.libpq("lake"),
                "PYTHONPATH": os.pathsep.join(p for p in (str(PROJECT_ROOT), os.environ.get("PYTHONPATH")) if p),
                **self.extra_env,
            }
            if self.start_workers:
                self.start_more_workers(self.worker_count)
        except BaseException:
            self._stack.close()
            raise
        return self

    def start_more_workers(self, count: int) -> CeleryWorkers:
        workers = CeleryWorkers(count, self.env, log_dir=self.root / f"workers{len(self._worker_sets())}",
                                cwd=PROJECT_ROOT)
        self._stack.enter_context(workers)
        if self.workers is None:
            self.workers = workers
        return workers

    def _worker_sets(self) -> list:
        return [p for p in self.root.glob("workers*")]

    def __exit__(self, *exc) -> None:
        self._stack.close()

    def run(self, paths: Sequence[str], db_path: str, *, run_config: dict | None = None,
            tags: Mapping[str, str] | None = None):
        """Run the cluster job over `paths` into the warehouse `db_path`; returns Dagster's ExecuteJobResult."""
        from dagster import DagsterInstance, execute_job, reconstructable

        from pipelines.cluster.definitions import cluster_job

        config = {
            "ops": {"raw_articles": {"config": {"paths": [str(p) for p in paths]}}},
            "resources": {"warehouse": {"config": {"db_path": str(db_path)}}},
        }
        for key, value in (run_config or {}).items():
            config.setdefault(key, {}).update(value)
        with _environ(self.env), DagsterInstance.get() as instance:
            return execute_job(reconstructable(cluster_job), instance=instance, run_config=config,
                               tags=dict(tags or {}), raise_on_error=False)

    def events(self, run_id: str) -> list:
        """Every event the instance recorded for a run, including those of a step attempt whose worker died
        (a Celery task returns its events only when it finishes; the engine events go straight to the log)."""
        from dagster import DagsterInstance

        with _environ(self.env), DagsterInstance.get() as instance:
            return [record.dagster_event for record in instance.all_logs(run_id) if record.dagster_event]
