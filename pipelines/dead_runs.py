"""Runs whose process died: failed, and their duckdb pool slots freed, so later runs go on.

A run records the process that executes it in the tag `newsetl/process` (host, pid and start
time, pipelines/processes.py): `newsetl run` sets it when it starts the run, a run worker (runs of
the landing sensor, the schedules, the UI) when it sets up the warehouse resource. A process
killed mid-step (kill -9, out of memory) leaves its run STARTED and the pool slot its step held
taken; the pool allows one step at a time (DuckDB has one writer), so every later step would wait
for ever. `newsetl run` and the landing sensor's evaluation call `fail_runs_of_dead_processes`
first: such a run is reported failed, naming the dead process, and its slots are freed at once
(the daemon would free them only 30 s after the run ended, and only when it runs).

A run whose process is alive, or runs on another host (which cannot be told from here), is left
alone, as is a run without the tag.
"""
from __future__ import annotations

from pipelines.processes import identity_alive, process_identity

PROCESS_TAG = "newsetl/process"


def process_tags() -> dict[str, str]:
    """The tags naming this process as the one executing a run."""
    return {PROCESS_TAG: process_identity()}


def tag_run_with_this_process(instance, run) -> None:
    """Name this process on `run` unless a process is already named (a `newsetl run` tags its own)."""
    if instance is not None and run is not None and PROCESS_TAG not in run.tags:
        instance.add_run_tags(run.run_id, process_tags())


def dead_process_message(owner: str) -> str:
    return (f"The process that executed this run ({owner}) is gone (killed or out of memory): "
            f"marked failed, and the duckdb pool slots it held freed, so later runs can go on.")


def fail_runs_of_dead_processes(instance) -> list[tuple[str, str]]:
    """Report failed every started run of `instance` whose process (PROCESS_TAG) has died on this
    host, and free the concurrency slots it holds. Returns (run id, process) of each."""
    from dagster import DagsterRunStatus, RunsFilter

    failed = []
    runs = instance.get_runs(filters=RunsFilter(statuses=[DagsterRunStatus.STARTING, DagsterRunStatus.STARTED]))
    for run in runs:
        owner = run.tags.get(PROCESS_TAG)
        try:
            if owner is None or identity_alive(owner):
                continue
        except ValueError:  # not a process identity: nothing can be told
            continue
        current = instance.get_run_by_id(run.run_id)  # another caller may have failed it meanwhile
        if current is None or current.status not in (DagsterRunStatus.STARTING, DagsterRunStatus.STARTED):
            continue
        instance.report_run_failed(run, message=dead_process_message(owner))
        storage = instance.event_log_storage
        if storage.supports_global_concurrency_limits:
            storage.free_concurrency_slots_for_run(run.run_id)
        failed.append((run.run_id, owner))
    return failed
