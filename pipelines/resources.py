"""Dagster resources: the warehouse file, the NLP model and GX's helper process, configurable per run.

Defaults come from pipelines.settings (environment variables), so the UI, the
CLI and the tests agree unless a run's config overrides them.
"""
from __future__ import annotations

from contextlib import AbstractContextManager

import duckdb
from dagster import ConfigurableResource, InitResourceContext
from pydantic import Field

from pipelines import gx_process, warehouse
from pipelines.dead_runs import tag_run_with_this_process
from pipelines.settings import get_settings

# All DuckDB work runs in this Dagster concurrency pool (limit 1: one writer at a time).
DUCKDB_POOL = "duckdb"

# The resources' defaults are the settings when this module is first imported (a class body is
# evaluated once).
_defaults = get_settings()


class WarehouseResource(ConfigurableResource):
    """The warehouse: the DuckDB file or a `ducklake:` locator; connections are opened per unit of work."""

    db_path: str = Field(default=_defaults.db_path,
                         description="Path of the DuckDB warehouse file, or ducklake:<catalog> (NEWSETL_WAREHOUSE)")

    def connect(self, read_only: bool = False) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        return warehouse.connect(self.db_path, read_only=read_only)

    def setup_for_execution(self, context: InitResourceContext) -> None:
        # The run's steps share one DuckDB instance; the file is released whenever no step holds a
        # connection for a moment (warehouse.hold), and at the end of the run.
        warehouse.hold(self.db_path)
        # A run worker (runs of the sensor, the schedules, the UI) names itself on its run, so a
        # later run can tell when it died and free the pool slot it held (pipelines/dead_runs.py).
        tag_run_with_this_process(context.instance, context.run)

    def teardown_after_execution(self, context: InitResourceContext) -> None:
        warehouse.release(self.db_path)


class NlpResource(ConfigurableResource):
    """The spaCy model (an installed package, never downloaded) and how to batch it."""

    model: str = Field(default=_defaults.spacy_model, description="Installed spaCy pipeline package name")
    batch_size: int = Field(default=_defaults.nlp_batch_size, description="Documents per nlp.pipe batch")
    processes: int = Field(default=_defaults.nlp_processes, description="Worker processes for nlp.pipe")
    min_docs_per_process: int = Field(
        default=_defaults.nlp_min_docs_per_process,
        description="Articles needed per extra process (small runs stay in one process)",
    )
    piece_chars: int = Field(default=_defaults.nlp_piece_chars,
                             description="Articles longer than this are parsed in pieces (paragraph boundaries)")
    commit_every: int = Field(default=_defaults.nlp_commit_every,
                              description="Articles per atomic write (bounds how long the warehouse is locked)")
    reprocess_per_run: int = Field(default=_defaults.nlp_reprocess_per_run,
                                   description="Re-processed articles per run after a code change (0 = all)")


class GxResource(ConfigurableResource):
    """Great Expectations for the checks. With `helper_process` the run starts, as its resources are
    set up, a helper process that imports GX (seconds) on the other core while ingest and cleaning
    work, and validates the checks' rows there (pipelines/gx_process.py); it ends with the process."""

    helper_process: bool = Field(default=_defaults.gx_process,
                                 description="Validate in a helper process started with the run (NEWSETL_GX_PROCESS)")

    def setup_for_execution(self, context: InitResourceContext) -> None:
        if self.helper_process:
            gx_process.start()
