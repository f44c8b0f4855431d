"""The Dagster run launcher of the instance (`run_launcher` in pipelines/dagster.yaml): runs the
landing sensor, the schedules and the UI create go to the warm runner when one is listening.

Dagster's own launcher (`DefaultRunLauncher`) starts a fresh run worker per run, which pays
Dagster's, spaCy's, the model's and GX's start-up every time: most of a run of a handful of new
files (issue 14). `WarmRunLauncher` first offers the run to this checkout's `newsetl runner`
(pipelines/runner.py), which executes it with all of that loaded; when there is no runner, or it
runs other code (stale), or it is busy with another run for longer than a launch may wait, the
run is launched as `DefaultRunLauncher` launches it. Either way it is the same run in the same
instance: the UI shows its steps, checks, logs and outcome alike, and a run the runner executes
carries the tag `newsetl/warm_runner` naming its process.

Terminating such a run marks it canceling; the runner sees that within half a second, interrupts
the run (it ends canceled, what it committed is kept) and exits, as a run worker would. If the
runner is already gone, the run is marked canceled at once.

Run monitoring (`run_monitoring` in pipelines/dagster.yaml) asks the launcher whether a run's worker
is alive: a run the runner or a `newsetl run` executes fails soon after that process is gone
(killed, out of memory) instead of staying "started" for ever, and the monitoring then frees the
duckdb pool's slot it held, which would otherwise keep every later run queued; of a run in a run
worker it says nothing, as Dagster's default launcher does not.

Importing this module loads nothing heavy: the daemon and the webserver import it with the
instance.
"""
from __future__ import annotations

from dagster import DefaultRunLauncher
from dagster._core.launcher import CheckRunHealthResult, LaunchRunContext, WorkerStatus
from dagster._serdes import serialize_value

from pipelines import runner
from pipelines.processes import identity_alive, process_identity


class WarmRunLauncher(DefaultRunLauncher):
    """Hands a run to the warm runner when it takes it, else launches it as DefaultRunLauncher does."""

    def launch_run(self, context: LaunchRunContext) -> None:
        run = context.dagster_run

        def tag(pid: int) -> None:  # before the runner starts the run: cancellation finds it by this
            self._instance.add_run_tags(run.run_id, {runner.RUNNER_TAG: process_identity(pid)})

        pid = runner.hand_over_dagster_run(run.run_id, serialize_value(self._instance.get_ref()), tag)
        if pid is None:
            super().launch_run(context)
            return
        self._instance.report_engine_event(
            f"Handed to the warm runner (pid {pid}, `newsetl runner`) instead of a new run worker.",
            run, cls=self.__class__)

    def terminate(self, run_id: str) -> bool:
        """Ask the warm runner to stop a run it executes (it polls for the canceling status);
        other runs are terminated as DefaultRunLauncher does."""
        run = self._instance.get_run_by_id(run_id)
        owner = run.tags.get(runner.RUNNER_TAG) if run else None
        if owner is None:
            return super().terminate(run_id)
        if run.is_finished:
            return False
        self._instance.report_run_canceling(run)
        if not identity_alive(owner):
            self._instance.report_run_canceled(
                run, message=f"The warm runner that executed this run ({owner}) is gone.")
        return True

    @property
    def supports_check_run_worker_health(self) -> bool:
        return True

    def check_run_worker_health(self, run) -> CheckRunHealthResult:
        """For a run the warm runner or a `newsetl run` executes: whether that process still lives.
        For runs in a run worker: running (Dagster's default launcher cannot tell either)."""
        owner = run.tags.get(runner.RUNNER_TAG) or run.tags.get(runner.PROCESS_TAG)
        if owner is None or identity_alive(owner):
            return CheckRunHealthResult(WorkerStatus.RUNNING)
        return CheckRunHealthResult(WorkerStatus.FAILED, f"the process that executed this run ({owner}) is gone")
