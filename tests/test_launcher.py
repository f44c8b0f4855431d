"""The instance's run launcher (pipelines/launcher.py): runs the sensor, the schedules and the UI
create go to the warm runner when it takes them, and start cold when it cannot."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterInstance, DefaultRunLauncher, instance_for_test
from dagster._core.definitions.reconstruct import ReconstructableJob, ReconstructableRepository
from dagster._core.launcher import LaunchRunContext, WorkerStatus
from dagster._core.storage.dagster_run import DagsterRunStatus

from pipelines import runner
from pipelines.cli import main
from pipelines.launcher import WarmRunLauncher
from pipelines.processes import process_identity
from pipelines.settings import PROJECT_ROOT, SEEDS_DIR
from pipelines.sensors import landing_run_config

sys.path.insert(0, str(Path(__file__).parent))
from runner_client import exchange, start_runner  # noqa: E402

LAUNCHER_CONFIG = {"run_launcher": {"module": "pipelines.launcher", "class": "WarmRunLauncher"}}


def _create_run(instance: DagsterInstance, landing: Path):
    """A run of the whole job over `landing`, created as the landing sensor's RunRequest creates it."""
    recon = ReconstructableJob(ReconstructableRepository.for_module("pipelines.definitions", "defs",
                                                                    str(PROJECT_ROOT)), "newsetl")
    return instance.create_run_for_job(job_def=recon.get_definition(), run_config=landing_run_config(landing),
                                       job_code_origin=recon.get_python_origin())


def _wait_finished(instance: DagsterInstance, run_id: str, timeout: float = 300):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = instance.get_run_by_id(run_id)
        if run.is_finished:
            return run
        time.sleep(0.1)
    raise AssertionError(f"run {run_id} still {instance.get_run_by_id(run_id).status} after {timeout} s")


def test_the_instance_config_names_the_warm_launcher(tmp_path, monkeypatch):
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "pipelines" / "dagster.yaml", home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    with DagsterInstance.get() as instance:
        assert isinstance(instance.run_launcher, WarmRunLauncher)


class _FakeRunner:
    """A socket that answers each request with `reply` (None: accepts nothing, as a busy runner)."""

    def __init__(self, path: Path, reply: dict | None):
        self.requests: list[dict] = []
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._listener.bind(str(path))
        self._listener.listen(4)
        if reply is not None:
            threading.Thread(target=self._serve, args=(reply,), daemon=True).start()

    def _serve(self, reply: dict) -> None:
        conn, _ = self._listener.accept()
        with conn:
            self.requests.append(next(runner._messages(conn)))
            runner._send(conn, reply)

    def close(self) -> None:
        self._listener.close()


@pytest.mark.parametrize("runner_state", ["none", "busy", "stale"])
def test_a_run_the_runner_cannot_take_is_launched_cold(tmp_path, monkeypatch, runner_state):
    sock = tmp_path / "r.sock"
    monkeypatch.setenv("NEWSETL_RUNNER_SOCKET", str(sock))
    monkeypatch.setattr(runner, "HANDOFF_WAIT_SECONDS", 0.3)
    cold: list[str] = []
    monkeypatch.setattr(DefaultRunLauncher, "launch_run", lambda self, context: cold.append(context.dagster_run.run_id))
    fake = None if runner_state == "none" else _FakeRunner(sock, {"stale": True} if runner_state == "stale" else None)
    try:
        with instance_for_test(overrides=LAUNCHER_CONFIG) as instance:
            run = _create_run(instance, tmp_path)
            started = time.monotonic()
            instance.run_launcher.launch_run(LaunchRunContext(dagster_run=run, workspace=None))
            assert time.monotonic() - started < 5  # a busy runner holds the launch up for HANDOFF_WAIT_SECONDS
            assert cold == [run.run_id]
            assert runner.RUNNER_TAG not in instance.get_run_by_id(run.run_id).tags
    finally:
        if fake is not None:
            fake.close()
    if runner_state == "stale":  # the runner was offered the run, with this checkout's fingerprint
        assert fake.requests[0]["dagster_run"] == run.run_id
        assert fake.requests[0]["fingerprint"] == runner.code_fingerprint()


def test_a_run_whose_runner_died_is_reported_failed_to_run_monitoring(tmp_path):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    with instance_for_test(overrides=LAUNCHER_CONFIG) as instance:
        launcher = instance.run_launcher
        assert launcher.supports_check_run_worker_health
        run = _create_run(instance, tmp_path)
        assert launcher.check_run_worker_health(run).status == WorkerStatus.RUNNING  # a run worker's: no opinion
        instance.add_run_tags(run.run_id, {runner.RUNNER_TAG: process_identity()})  # this process: alive
        assert launcher.check_run_worker_health(instance.get_run_by_id(run.run_id)).status == WorkerStatus.RUNNING
        instance.add_run_tags(run.run_id, {runner.RUNNER_TAG: process_identity(int(gone.stdout))})
        health = launcher.check_run_worker_health(instance.get_run_by_id(run.run_id))
        assert health.status == WorkerStatus.FAILED and "is gone" in health.msg
        # A `newsetl run` killed with its run in progress: the same.
        cli_run = _create_run(instance, tmp_path)
        instance.add_run_tags(cli_run.run_id, {runner.PROCESS_TAG: process_identity(int(gone.stdout))})
        assert launcher.check_run_worker_health(instance.get_run_by_id(cli_run.run_id)).status == WorkerStatus.FAILED


def test_a_launcher_with_other_settings_is_refused(tmp_path, monkeypatch):
    """The runner's resources keep the settings of their import; a run meant for another warehouse
    (or model, or batch size) must start in a run worker of its own."""
    from pipelines.resources import default_settings
    from pipelines.settings import get_settings

    same = {k: v for k, v in os.environ.items() if k.startswith("NEWSETL_")}
    assert get_settings() == default_settings()
    assert runner._same_settings({"cwd": str(tmp_path), "env": same})
    other_db = dict(same, NEWSETL_DB=str(tmp_path / "elsewhere.duckdb"))
    assert not runner._same_settings({"cwd": str(tmp_path), "env": other_db})
    assert not runner._same_settings({"cwd": str(tmp_path), "env": dict(same, NEWSETL_NLP_BATCH_SIZE="7")})


def test_sensor_runs_go_to_the_warm_runner_and_terminate_there(tmp_path, monkeypatch):
    sock, home, landing = tmp_path / "r.sock", tmp_path / "dagster_home", tmp_path / "landing"
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "pipelines" / "dagster.yaml", home / "dagster.yaml")
    shutil.copytree(SEEDS_DIR, landing)
    for key, value in {"NEWSETL_RUNNER_SOCKET": str(sock), "DAGSTER_HOME": str(home),
                       "NEWSETL_DB": str(tmp_path / "news.duckdb"), "NEWSETL_RUNNER_IDLE_SECONDS": "300"}.items():
        monkeypatch.setenv(key, value)
    process = start_runner(None)
    try:
        # A launcher that gives up after the runner agreed (it waited too long): the runner skips the run.
        env = {k: v for k, v in os.environ.items() if k.startswith("NEWSETL_")}
        assert exchange(sock, {"dagster_run": "given-up", "instance_ref": "", "cwd": str(tmp_path), "env": env,
                               "fingerprint": runner.code_fingerprint()}, replies=1) == [{"accepted": process.pid}]
        with DagsterInstance.get() as instance:
            assert isinstance(instance.run_launcher, WarmRunLauncher)
            run = _create_run(instance, landing)
            instance.launch_run(run.run_id, workspace=None)
            done = _wait_finished(instance, run.run_id)
            assert done.status == DagsterRunStatus.SUCCESS
            assert done.tags[runner.RUNNER_TAG].split(":")[1] == str(process.pid)
            messages = [e.message for e in instance.all_logs(run.run_id)]
            assert any("Handed to the warm runner (pid " in m for m in messages), messages
            assert any(m.startswith("Started in the warm runner") for m in messages)
            steps = instance.get_run_step_stats(run.run_id)
            assert len(steps) == 18 and {s.status.value for s in steps} == {"SUCCESS"}
            with duckdb.connect(str(tmp_path / "news.duckdb"), read_only=True) as con:
                assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
                assert con.execute("SELECT count(*) FROM nlp_processed WHERE status = 'ok'").fetchone()[0] == 5

            # Terminate (the UI's button) a run the runner executes: it ends canceled and the runner exits.
            for path in landing.iterdir():  # five changed articles: work for the parse
                path.write_text(path.read_text(encoding="utf-8") + "\n\nUpdated at noon.\n", encoding="utf-8")
            second = _create_run(instance, landing)
            instance.launch_run(second.run_id, workspace=None)
            deadline = time.monotonic() + 60
            while instance.get_run_by_id(second.run_id).status != DagsterRunStatus.STARTED:
                assert time.monotonic() < deadline, instance.get_run_by_id(second.run_id).status
                time.sleep(0.02)
            assert instance.run_launcher.terminate(second.run_id) is True
            assert _wait_finished(instance, second.run_id, 120).status == DagsterRunStatus.CANCELED
        assert process.wait(timeout=120) == 0
        log = process.stdout.read()
        assert "Dagster run given-up: its launcher gave up" in log
        assert f"run 1: Dagster run {run.run_id} started" in log and "run 1: SUCCESS in" in log
        assert "run 2: CANCELED in" in log and "the run was terminated: exiting" in log
        assert not sock.exists()
    finally:
        process.kill()
    # The runner let go of the warehouse: a cold run opens it and loads what the canceled run left.
    assert main(["run", "--db", str(tmp_path / "news.duckdb"), "--input", str(landing)]) == 0
    with duckdb.connect(str(tmp_path / "news.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 10
        # 5 + the 2 whose body changed: cleaning drops the added line from the other 3 (exact duplicates).
        assert con.execute("SELECT count(*) FROM nlp_processed WHERE status = 'ok'").fetchone()[0] == 7
        assert con.execute("SELECT count(*) FROM articles WHERE similarity = 1.0").fetchone()[0] == 3
