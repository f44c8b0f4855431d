"""The warm runner (`newsetl runner`): runs handed over by `newsetl run`, same rows as a cold run,
refused when the checkout's code changed, and never used when it is not there."""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines import runner
from pipelines.cli import main
from pipelines.settings import PROJECT_ROOT, SEEDS_DIR

sys.path.insert(0, str(Path(__file__).parent))
from runner_client import NEWSETL, exchange, stale_request, start_runner  # noqa: E402
from warehouse_compare import differences, snapshot  # noqa: E402



def test_socket_path_is_per_checkout_and_settable(monkeypatch, tmp_path):
    monkeypatch.delenv("NEWSETL_RUNNER_SOCKET")
    monkeypatch.setenv("NEWSETL_CACHE_DIR", str(tmp_path))
    default = runner.socket_path()
    assert default.parent == tmp_path and re.fullmatch(r"runner-[0-9a-f]{12}\.sock", default.name)
    monkeypatch.setattr(runner, "PROJECT_ROOT", tmp_path / "another-checkout")
    assert runner.socket_path() != default
    monkeypatch.setenv("NEWSETL_RUNNER_SOCKET", str(tmp_path / "mine.sock"))
    assert runner.socket_path() == tmp_path / "mine.sock"


def test_code_fingerprint_follows_code_sql_and_suites(monkeypatch, tmp_path):
    for folder, name in (("pipelines", "a.py"), ("assets", "b.py"), ("sql", "views.sql"), ("expectations", "s.json")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / name).write_text("x")
    (tmp_path / "pyproject.toml").write_text("[project]")
    monkeypatch.setattr(runner, "PROJECT_ROOT", tmp_path)
    first = runner.code_fingerprint()
    assert runner.code_fingerprint() == first
    (tmp_path / "README.md").write_text("docs are not code")
    assert runner.code_fingerprint() == first
    (tmp_path / "expectations" / "s.json").write_text("xy")
    assert runner.code_fingerprint() != first
    second = runner.code_fingerprint()
    (tmp_path / "pipelines" / "new.py").write_text("")
    assert runner.code_fingerprint() != second
    third = runner.code_fingerprint()
    (tmp_path / "pipelines" / "core").mkdir()
    (tmp_path / "pipelines" / "core" / "weights.json").write_text("{}")  # data the extractors load
    assert runner.code_fingerprint() != third
    fourth = runner.code_fingerprint()
    (tmp_path / "pipelines" / "__pycache__").mkdir()
    (tmp_path / "pipelines" / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"")  # written by imports
    assert runner.code_fingerprint() == fourth


def test_idle_exit_is_settable_and_zero_means_never(monkeypatch):
    monkeypatch.delenv("NEWSETL_RUNNER_IDLE_SECONDS", raising=False)
    assert runner.idle_seconds() == runner.DEFAULT_IDLE_SECONDS == 3600
    monkeypatch.setenv("NEWSETL_RUNNER_IDLE_SECONDS", "90")
    assert runner.idle_seconds() == 90
    monkeypatch.setenv("NEWSETL_RUNNER_IDLE_SECONDS", "0")  # make dev's runner: it lives as long as the UI
    assert runner.idle_seconds() is None


def test_no_runner_or_a_dead_one_means_a_cold_run(monkeypatch, tmp_path):
    sock = tmp_path / "runner.sock"
    monkeypatch.setenv("NEWSETL_RUNNER_SOCKET", str(sock))
    assert runner.forward(["run"], None) is None  # no socket file
    left = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    left.bind(str(sock))  # a file a dead runner left: nobody accepts
    left.close()
    assert sock.exists()
    assert runner.forward(["run"], None) is None
    assert runner.stop_runner() is False


def test_peer_credentials_name_the_connecting_user():
    ours, theirs = socket.socketpair()
    with ours, theirs:
        assert runner._peer_uid(ours) == os.getuid()


def _runner_env(sock: Path) -> dict:
    """The environment of a runner on `sock` and of its clients (no NEWSETL_DB: the tests choose)."""
    env = dict(os.environ, NEWSETL_RUNNER_SOCKET=str(sock), NEWSETL_RUNNER_IDLE_SECONDS="300")
    env.pop("NEWSETL_DB", None)
    return env


def _newsetl(args: list[str], env: dict, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*NEWSETL, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def cold_seeds(tmp_path_factory):
    """The sample articles loaded by a cold run (no runner), the reference for the runner's rows."""
    db = tmp_path_factory.mktemp("cold") / "news.duckdb"
    assert main(["run", "--no-runner", "--db", str(db), "--input", str(SEEDS_DIR)]) == 0
    return db


def test_runner_serves_runs_with_the_same_rows_and_client_settings(tmp_path, cold_seeds):
    sock = tmp_path / "r.sock"
    env = _runner_env(sock)
    process = start_runner(env)
    try:
        assert sock.stat().st_mode & 0o777 == 0o600  # nobody else's runs
        # The client's working directory and NEWSETL_DB reach the run: a relative path, resolved there.
        work = tmp_path / "client"
        work.mkdir()
        client_env = dict(env, NEWSETL_DB="warm.duckdb")
        first = _newsetl(["run", "--input", str(SEEDS_DIR), "--timings", "t.json"], client_env, work)
        assert first.returncode == 0, first.stderr
        assert re.search(r"^articles +\| 5 +\| 5 *$", first.stdout, re.M), first.stdout
        assert "articles_expectations" in first.stdout and "FAILED" not in first.stdout
        timings = json.loads((work / "t.json").read_text())
        assert "runner_received" in timings["marks"] and len(timings["steps"]) == 18
        # What the runner paid before serving (GX import, warm-up) is not timed as part of the run.
        assert timings["warmup"] == {} and timings["gx"]["helper_import_seconds"] is None
        assert len(timings["gx"]["validations"]) >= 10
        assert not differences(snapshot(str(cold_seeds)), snapshot(str(work / "warm.duckdb")))

        again = _newsetl(["run", "--input", str(SEEDS_DIR)], client_env, work)
        assert again.returncode == 0 and "nothing new to do" in again.stdout

        # --no-runner runs in the client's own process: the runner serves no third run.
        cold = _newsetl(["run", "--no-runner", "--input", str(SEEDS_DIR)], client_env, work)
        assert cold.returncode == 0 and "nothing new to do" in cold.stdout

        # A run's failure is the client's exit status (a missing input: status 2).
        missing = _newsetl(["run", "--input", str(tmp_path / "absent")], client_env, work)
        assert missing.returncode == 2 and "input path does not exist" in missing.stderr

        stop = _newsetl(["runner", "--stop"], env, work)
        assert stop.returncode == 0 and "stopped" in stop.stdout
        assert process.wait(timeout=60) == 0
        log = process.stdout.read()
        assert re.findall(r"^run \d+: exit (\d)", log, re.M) == ["0", "0", "2"], log
        assert "stopped after 3 run(s)" in log and not sock.exists()
    finally:
        process.kill()


def test_runner_refuses_other_code_and_the_client_runs_cold(tmp_path):
    sock = tmp_path / "r.sock"
    env = _runner_env(sock)
    process = start_runner(env)
    try:
        assert exchange(sock, stale_request(tmp_path)) == [{"stale": True}]
        assert process.wait(timeout=60) == 0
        assert "code changed" in process.stdout.read() and not sock.exists()
    finally:
        process.kill()
    # With the runner gone, `newsetl run` runs in its own process.
    db = tmp_path / "news.duckdb"
    assert main(["run", "--db", str(db), "--input", str(SEEDS_DIR / "002_dde2061a40e5fc9d.txt")]) == 0
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 1


def test_a_renewing_runner_starts_afresh_in_the_same_process(tmp_path):
    """`newsetl runner --renew` (what make dev starts): stale code means a fresh runner with the new
    code, in the same process (make dev stops it by that pid), not cold runs from then on."""
    sock = tmp_path / "r.sock"
    env = _runner_env(sock)
    process = start_runner(env, "--renew", cwd=tmp_path)
    try:
        assert exchange(sock, stale_request(tmp_path)) == [{"stale": True}]
        lines = [process.stdout.readline() for _ in range(3)]
        assert "code changed" in lines[0] and lines[1] == "runner renewing itself (stale)\n", lines
        assert lines[2].startswith("runner ready") and f"(pid {process.pid})" in lines[2], lines
        served = _newsetl(["run", "--db", str(tmp_path / "news.duckdb"), "--input",
                           str(SEEDS_DIR / "002_dde2061a40e5fc9d.txt"), "--timings", "t.json"], env, tmp_path)
        assert served.returncode == 0, served.stderr
        assert "runner_received" in json.loads((tmp_path / "t.json").read_text())["marks"]  # the renewed one ran it
        assert _newsetl(["runner", "--stop"], env, tmp_path).returncode == 0
        assert process.wait(timeout=60) == 0 and not sock.exists()
    finally:
        process.kill()


def test_ctrl_c_in_the_client_interrupts_the_run_and_the_runner_exits(tmp_path):
    sock = tmp_path / "r.sock"
    env = _runner_env(sock)
    process = start_runner(env)
    db = tmp_path / "news.duckdb"
    try:
        client = subprocess.Popen([*NEWSETL, "run", "--db", str(db), "--input", str(SEEDS_DIR)], env=env,
                                  cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = process.stdout.readline()
        assert line.startswith("run 1: started (run --db"), line
        client.send_signal(signal.SIGINT)  # what Ctrl-C in its terminal does
        _, err = client.communicate(timeout=120)
        assert client.returncode == 130 and "interrupted: the runner stops the run" in err
        assert process.wait(timeout=120) == 0
        log = process.stdout.read()
        assert "interrupted by its client: exiting" in log and not sock.exists()
    finally:
        process.kill()
    # The runner let go of the warehouse: a cold run opens it and finishes what the interrupted one left.
    assert main(["run", "--db", str(db), "--input", str(SEEDS_DIR)]) == 0
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
        assert con.execute("SELECT count(*) FROM nlp_processed").fetchone()[0] == 5


def test_sigterm_stops_a_runner_started_in_the_background(tmp_path):
    """A shell's background job ignores SIGINT, and after a run Dagster leaves SIGTERM mapped to
    SIGINT's handler: the runner re-arms SIGTERM, so `kill` stops it (and removes its socket)."""
    sock = tmp_path / "r.sock"
    env = _runner_env(sock)
    process = subprocess.Popen([*NEWSETL, "runner"], env=env, cwd=PROJECT_ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        assert "runner ready" in process.stdout.readline()  # its rehearsal was a Dagster run already
        served = _newsetl(["run", "--db", str(tmp_path / "news.duckdb"), "--input",
                           str(SEEDS_DIR / "002_dde2061a40e5fc9d.txt")], env, tmp_path)
        assert served.returncode == 0, served.stderr
        process.terminate()
        assert process.wait(timeout=60) == 130
        assert "runner interrupted: exiting" in process.stdout.read() and not sock.exists()
    finally:
        process.kill()


def test_a_client_gone_before_its_run_began_stops_the_run_not_the_runner_uncaught(tmp_path):
    """The client hangs up right after its request: the interrupt arrives as the run begins, and is
    the client's (exit 0, socket removed), not an uncaught one (exit 130)."""
    sock = tmp_path / "r.sock"
    env = _runner_env(sock)
    process = start_runner(env)
    try:
        request = {"argv": ["run", "--db", str(tmp_path / "news.duckdb"), "--input", str(SEEDS_DIR)],
                   "cwd": str(tmp_path), "env": {}, "fingerprint": runner.code_fingerprint(), "started": None}
        assert exchange(sock, request, replies=0) == []  # sent, then closed at once
        assert process.wait(timeout=120) == 0
        assert "interrupted by its client: exiting" in process.stdout.read() and not sock.exists()
    finally:
        process.kill()
