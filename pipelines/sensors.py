"""Incremental loading: a sensor on the landing directory and an hourly schedule; the daily audit."""
from __future__ import annotations

from pathlib import Path

from dagster import (DagsterInvariantViolationError, DefaultScheduleStatus, DefaultSensorStatus, RunRequest,
                     ScheduleDefinition, SensorEvaluationContext, SkipReason, sensor)

from pipelines.core.ingest import discover_inputs
from pipelines.dead_runs import fail_runs_of_dead_processes
from pipelines.jobs import newsetl_audit, newsetl_job
from pipelines.settings import get_settings


def new_files_since(landing_dir: Path, cursor_ns: int) -> tuple[list[Path], int]:
    """Files in the landing directory changed after `cursor_ns`, and the new cursor.

    The inode change time (ctime) is used, not mtime: moving a file into the
    directory keeps its old mtime but updates its ctime.
    """
    if not landing_dir.is_dir():
        return [], cursor_ns
    stamped = [(p, p.stat().st_ctime_ns) for p in discover_inputs([landing_dir])]
    fresh = [p for p, ctime in stamped if ctime > cursor_ns]
    return fresh, max([cursor_ns, *(ctime for _, ctime in stamped)])


def landing_run_config(landing_dir: Path) -> dict:
    return {"ops": {"raw_articles": {"config": {"paths": [str(landing_dir)]}}}}


@sensor(
    job=newsetl_job,
    minimum_interval_seconds=get_settings().sensor_interval_seconds,
    default_status=DefaultSensorStatus.RUNNING,
    description="Starts a run when new files appear in the landing directory (NEWSETL_LANDING).",
)
def landing_sensor(context: SensorEvaluationContext):
    # Runs started here, by the schedules or the UI wait for the duckdb pool's slot: a run whose
    # process was killed mid-step would hold it for ever.
    try:
        instance = context.instance
    except DagsterInvariantViolationError:  # a bare test context has no instance
        instance = None
    for run_id, owner in fail_runs_of_dead_processes(instance) if instance is not None else ():
        context.log.warning(f"run {run_id} marked failed: the process that executed it ({owner}) is gone")
    landing = Path(get_settings().landing_dir)
    landing.mkdir(parents=True, exist_ok=True)  # a fresh clone has none: the folder to drop files into
    fresh, cursor = new_files_since(landing, int(context.cursor or 0))
    if not fresh:
        return SkipReason(f"no new files in {landing}")
    context.update_cursor(str(cursor))
    return RunRequest(
        run_key=f"landing-{cursor}",
        run_config=landing_run_config(landing),
        tags={"newsetl/new_files": str(len(fresh))},
    )


SCHEDULE_OFF = "off"


def _cron_schedule(name: str, job, cron: str, description: str) -> ScheduleDefinition:
    """A schedule of `job` at `cron` (UTC), or stopped by default when `cron` is "off"."""
    off = cron == SCHEDULE_OFF
    return ScheduleDefinition(
        name=name,
        job=job,
        cron_schedule="0 * * * *" if off else cron,  # a stopped schedule still needs a valid cron string
        default_status=DefaultScheduleStatus.STOPPED if off else DefaultScheduleStatus.RUNNING,
        description=description,
    )


def build_schedule(cron: str) -> ScheduleDefinition:
    """The schedule re-running the whole job: `cron` (UTC), or stopped by default when it is "off"."""
    return _cron_schedule("newsetl_hourly", newsetl_job, cron,
                          "Runs the whole pipeline over the configured inputs and the landing directory "
                          "(NEWSETL_SCHEDULE_CRON, hourly by default); every stage skips what it has already processed.")


def build_audit_schedule(cron: str) -> ScheduleDefinition:
    """The schedule of the whole-warehouse audit: `cron` (UTC), or stopped by default when it is "off"."""
    return _cron_schedule("newsetl_audit_daily", newsetl_audit, cron,
                          "Checks every row of the warehouse against the suites' invariants (NEWSETL_AUDIT_CRON, "
                          "daily at 03:30 UTC by default); a run's own checks read the rows of their runs.")


hourly_schedule = build_schedule(get_settings().schedule_cron)
audit_schedule = build_audit_schedule(get_settings().audit_cron)
