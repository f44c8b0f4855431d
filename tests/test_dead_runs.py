"""A `newsetl run` killed mid-step (kill -9) holds the duckdb pool's only slot: the next
`newsetl run` on the same Dagster instance marks the dead run failed, frees the slot and
finishes, and the warehouse ends equal to an uninterrupted run's."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.dead_runs import PROCESS_TAG, fail_runs_of_dead_processes, tag_run_with_this_process
from pipelines.processes import process_identity
from pipelines.resources import WarehouseResource
from pipelines.settings import PROJECT_ROOT, SEEDS_DIR
from tests.warehouse_compare import differences, snapshot

SEEDS = ("000_139efbd0edb5e04c.txt", "002_dde2061a40e5fc9d.txt")
# Long enough for a run of two articles on a loaded machine; a run waiting on a slot nobody frees
# waits for ever.
RUN_TIMEOUT = 180


def newsetl_run(db: Path, inputs: Path, dagster_home: Path | None, crash_at: str | None = None) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in ("DAGSTER_HOME", "NEWSETL_CRASH_AT")}
    env.update(NEWSETL_NLP_PROCESSES="1", NEWSETL_NLP_BATCH_SIZE="1", NEWSETL_NLP_COMMIT_EVERY="1")
    if dagster_home is not None:
        env["DAGSTER_HOME"] = str(dagster_home)
    if crash_at:
        env["NEWSETL_CRASH_AT"] = crash_at
    return subprocess.Popen([sys.executable, "-m", "pipelines.cli", "run", "--input", str(inputs), "--db", str(db)],
                            cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen, timeout: float = RUN_TIMEOUT) -> tuple[str, str]:
    try:
        return proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        pytest.fail(f"`newsetl run` did not finish within {timeout} s (waiting on the pool slot of the killed "
                    f"run?)\n{err[-3000:]}")


def dagster_home(tmp_path: Path) -> Path:
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "pipelines" / "dagster.yaml", home / "dagster.yaml")
    return home


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_a_run_killed_mid_step_is_failed_and_the_next_run_finishes(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in SEEDS:
        shutil.copy(SEEDS_DIR / name, inputs)
    home = dagster_home(tmp_path)
    db, reference_db = tmp_path / "news.duckdb", tmp_path / "reference.duckdb"

    reference = newsetl_run(reference_db, inputs, None)
    try:
        _kill_then_run_again(db, reference_db, inputs, home, reference)
    finally:
        if reference.poll() is None:
            reference.kill()
            reference.communicate()


def _kill_then_run_again(db: Path, reference_db: Path, inputs: Path, home: Path, reference: subprocess.Popen) -> None:
    from dagster import DagsterEventType, DagsterInstance, DagsterRunStatus

    killed = newsetl_run(db, inputs, home, crash_at="nlp:parsed")  # inside the NLP step, holding the slot
    _, err = finish(killed)
    assert killed.returncode == -signal.SIGKILL, err[-3000:]
    with DagsterInstance.from_config(str(home)) as instance:
        [dead] = instance.get_runs()
        assert dead.status == DagsterRunStatus.STARTED
        owner = dead.tags[PROCESS_TAG]
        assert owner.split(":")[1] == str(killed.pid)

    _, ref_err = finish(reference)
    assert reference.returncode == 0, ref_err[-3000:]
    second = newsetl_run(db, inputs, home)
    _, err = finish(second)
    assert second.returncode == 0, err[-3000:]
    assert f"run {dead.run_id} marked failed: the process that executed it ({owner}) is gone" in err

    with DagsterInstance.from_config(str(home)) as instance:
        statuses = {run.run_id: run.status for run in instance.get_runs()}
        assert statuses.pop(dead.run_id) == DagsterRunStatus.FAILURE
        assert list(statuses.values()) == [DagsterRunStatus.SUCCESS]
        failures = [entry.dagster_event.message for entry in instance.all_logs(dead.run_id)
                    if entry.dagster_event and entry.dagster_event.event_type == DagsterEventType.RUN_FAILURE]
        assert len(failures) == 1 and f"The process that executed this run ({owner}) is gone" in failures[0]
    # dq_results logs each run's check outcomes: the killed run's checks of the steps before it died
    # are in it (as '(no new rows)' rows once the second run has nothing new there), and belong there.
    expected, got = snapshot(str(reference_db)), snapshot(str(db))
    assert sum(got.pop("dq_results").values()) > sum(expected.pop("dq_results").values())
    assert differences(expected, got) == []
    assert sum(got["mentions"].values()) > 50 and sum(got["articles"].values()) == len(SEEDS)


def _started_run(instance, tags: dict[str, str]):
    """A run of a one-op job recorded as started (what a run's process reports first)."""
    from dagster import DagsterEvent, DagsterEventType, job, op

    @op
    def nothing():
        pass

    @job
    def tiny():
        nothing()

    run = instance.create_run_for_job(job_def=tiny, tags=tags)
    instance.report_dagster_event(
        DagsterEvent(event_type_value=DagsterEventType.RUN_START.value, job_name=run.job_name), run.run_id)
    return instance.get_run_by_id(run.run_id)


def _dead_process_identity() -> str:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    identity = process_identity(dead.pid)
    dead.wait()
    return identity


def test_runs_of_live_or_untagged_processes_are_left_alone(tmp_path):
    """Only a started run whose tagged process is dead on this host is failed: not one of a live
    process, of another host, or without the tag; and a run worker tags only an untagged run."""
    from dagster import DagsterInstance, DagsterRunStatus, RunsFilter

    with DagsterInstance.from_config(str(dagster_home(tmp_path))) as instance:
        dead_identity = _dead_process_identity()
        runs = {
            "dead": _started_run(instance, {PROCESS_TAG: dead_identity}),
            "alive": _started_run(instance, {PROCESS_TAG: process_identity()}),
            "other host": _started_run(instance, {PROCESS_TAG: "some-other-host:" + dead_identity.split(":", 1)[1]}),
            "untagged": _started_run(instance, {}),
        }
        assert {r.status for r in runs.values()} == {DagsterRunStatus.STARTED}
        assert fail_runs_of_dead_processes(instance) == [(runs["dead"].run_id, dead_identity)]
        assert fail_runs_of_dead_processes(instance) == []  # once only
        after = {name: instance.get_run_by_id(r.run_id).status for name, r in runs.items()}
        assert after == {"dead": DagsterRunStatus.FAILURE, "alive": DagsterRunStatus.STARTED,
                         "other host": DagsterRunStatus.STARTED, "untagged": DagsterRunStatus.STARTED}

        tag_run_with_this_process(instance, runs["untagged"])
        tag_run_with_this_process(instance, runs["other host"])
        tags = {r.run_id: r.tags.get(PROCESS_TAG) for r in instance.get_runs(
            filters=RunsFilter(run_ids=[runs["untagged"].run_id, runs["other host"].run_id]))}
        assert tags == {runs["untagged"].run_id: process_identity(),
                        runs["other host"].run_id: runs["other host"].tags[PROCESS_TAG]}


def test_the_landing_sensor_fails_a_run_whose_process_died(tmp_path, monkeypatch):
    """Runs of the sensor, the schedules and the UI wait on the same slot: the sensor's evaluation
    fails the dead run before it looks for new files."""
    from dagster import DagsterInstance, DagsterRunStatus, SkipReason, build_sensor_context

    from pipelines.sensors import landing_sensor

    monkeypatch.setenv("NEWSETL_LANDING", str(tmp_path / "landing"))
    with DagsterInstance.from_config(str(dagster_home(tmp_path))) as instance:
        dead = _started_run(instance, {PROCESS_TAG: _dead_process_identity()})
        alive = _started_run(instance, {PROCESS_TAG: process_identity()})
        assert isinstance(landing_sensor(build_sensor_context(instance=instance)), SkipReason)
        assert instance.get_run_by_id(dead.run_id).status == DagsterRunStatus.FAILURE
        assert instance.get_run_by_id(alive.run_id).status == DagsterRunStatus.STARTED


def test_a_run_not_started_by_newsetl_run_is_tagged_with_its_process(tmp_path):
    """A run worker's run (sensor, schedule, UI) names its process as the warehouse resource sets up."""
    from dagster import DagsterInstance, job, op

    @op(required_resource_keys={"warehouse"})
    def touch():
        pass

    @job
    def uses_the_warehouse():
        touch()

    with DagsterInstance.from_config(str(dagster_home(tmp_path))) as instance:
        result = uses_the_warehouse.execute_in_process(
            instance=instance, resources={"warehouse": WarehouseResource(db_path=str(tmp_path / "w.duckdb"))})
        assert result.success
        assert instance.get_run_by_id(result.run_id).tags[PROCESS_TAG] == process_identity()
