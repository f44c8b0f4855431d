"""The cluster deployment on this machine: PostgreSQL (Dagster's instance and the DuckLake
catalog), Redis (the Celery broker), two Celery workers, the NLP stage fanned out one task per
batch, the warehouse a DuckLake on that PostgreSQL with its Parquet files under tmp.

- A cluster run's rows on the lake equal an embedded run's on the same input, row for row
  (every table and view), both workers ran steps of it, and a reader process querying the
  lake all through the load got an answer every time.
- A worker process killed with SIGKILL in the middle of a batch (once before the batch's
  commit, once after it, before the task was acknowledged): the batch runs again on a
  worker, the run succeeds, and the rows still equal the embedded run's (nothing duplicated,
  nothing lost).

The servers are started here (pipelines/cluster/services.py); without them the tests skip
with the reason locally and fail under CI=true.
"""
from __future__ import annotations

import os
import shutil
import signal
import threading
import time
from pathlib import Path

import json
import subprocess
import sys

import pytest

from pipelines import warehouse
from pipelines.settings import PROJECT_ROOT, SEEDS_DIR
from tests.runs import run_pipeline
from tests.test_lake import READER
from tests.warehouse_compare import differences, snapshot

pytestmark = pytest.mark.scaleout

SEEDS = ("000_139efbd0edb5e04c.txt", "002_dde2061a40e5fc9d.txt", "004_052e207af823a055.txt")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("scaleout_in")
    for name in SEEDS:
        shutil.copy(SEEDS_DIR / name, directory)
    return directory


@pytest.fixture(scope="module")
def embedded(inputs, tmp_path_factory) -> dict:
    """The embedded deployment's rows over the same input (in-process Dagster, one DuckDB file)."""
    db = tmp_path_factory.mktemp("embedded") / "news.duckdb"
    assert run_pipeline(db, [inputs]).success
    return snapshot(str(db))


def new_lake(stack, name: str) -> str:
    """A fresh DuckLake with its catalog in the stack's PostgreSQL and its Parquet files under the stack's root."""
    stack.postgres.create_database(name)
    lake = f"ducklake:postgres:{stack.postgres.libpq(name)}"
    os.environ["NEWSETL_LAKE_DATA"] = str(stack.root / name)  # read once, when the lake is created
    try:
        with warehouse.connect(lake):
            pass
    finally:
        del os.environ["NEWSETL_LAKE_DATA"]
    return lake


@pytest.fixture(scope="module")
def stack(scaleout_services, tmp_path_factory):
    from pipelines.cluster.stack import LocalStack

    root = tmp_path_factory.mktemp("stack")
    hold = root / "hold"
    hold.mkdir()
    # One article per batch: three batches over three workers' worth of work, on two workers.
    with LocalStack(2, root, env={"NEWSETL_NLP_FANOUT_BATCH": "1", "NEWSETL_HOLD_BATCHES": str(hold),
                                  "NEWSETL_NLP_PROCESSES": "1"}) as running:
        running.hold_dir = hold
        yield running
        _detach_lakes_on(running.postgres.port)


def _detach_lakes_on(port: int) -> None:
    """This process's DuckDB engine keeps PostgreSQL-catalog lakes attached (pipelines/lakehouse.py);
    detach the ones on the stack's server before it stops: an attachment to a stopped server makes
    every later lake connection in the process fail."""
    from pipelines import lakehouse

    eng = lakehouse.engine()
    with eng.lock:
        for key, entry in list(eng.attached.items()):
            if f" port={port} " in f" {key[0]} ":
                del eng.attached[key]
                eng.db.execute(f"DETACH DATABASE IF EXISTS {entry[0]}")


def step_workers(result) -> dict[str, set[str]]:
    """Step key -> the Celery workers that started it (from the run's engine events)."""
    workers: dict[str, set[str]] = {}
    for event in result.all_events:
        if event.event_type_value == "ENGINE_EVENT" and "in celery worker" in (event.message or ""):
            host = event.event_specific_data.metadata["Celery worker"].value
            workers.setdefault(event.step_key, set()).add(host.split("@")[0])
    return workers


def test_cluster_run_on_the_lake_equals_the_embedded_run_and_a_reader_answers_during_the_load(
        stack, inputs, embedded, tmp_path):
    lake = new_lake(stack, "lake_equal")
    answers, stop = tmp_path / "reader.jsonl", tmp_path / "stop"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PROJECT_ROOT), os.environ.get("PYTHONPATH", "")])}
    reader = subprocess.Popen([sys.executable, "-c", READER, lake, str(answers), str(stop)], env=env,
                              stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while not answers.exists() and reader.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)  # the load starts once the reader is polling
    try:
        result = stack.run([inputs], lake)
        during = len(answers.read_text().splitlines())
    finally:
        stop.touch()
        _, reader_err = reader.communicate(timeout=120)
    assert result.success, [e.message for e in result.all_events if e.is_failure][:3]
    got = snapshot(lake)
    assert differences(embedded, got) == []
    sizes = {t: sum(rows.values()) for t, rows in got.items()}
    assert sizes["articles"] == 3 and sizes["mentions"] > 100 and sizes["quotes"] > 10 and sizes["stories"] >= 1
    assert sizes["nlp_claims"] == 0 and sizes["held_back"] == 0
    workers = step_workers(result)
    batches = sorted(k for k in workers if k.startswith("nlp_fanout.nlp_batch["))
    assert batches == ["nlp_fanout.nlp_batch[batch_0]", "nlp_fanout.nlp_batch[batch_1]",
                       "nlp_fanout.nlp_batch[batch_2]"]
    assert set().union(*workers.values()) == {"newsetl0", "newsetl1"}  # both workers ran steps
    # A reader queried the lake all through the load: every query answered, from committed snapshots.
    lines = [json.loads(line) for line in answers.read_text().splitlines()[:during]]
    assert [line for line in lines if not line["ok"]] == [], reader_err[-2000:]
    mentions = [line["mentions"] for line in lines]
    assert any(line["articles"] > 0 and line["mentions"] < sizes["mentions"] for line in lines), lines[-5:]
    assert mentions == sorted(mentions)


def _kill_announced(hold: Path, indexes: set[int], killed: dict[int, int], stop: threading.Event) -> None:
    """Kill -9 each batch's worker process as soon as it announces itself (<index>.<pid>)."""
    while not stop.is_set() and len(killed) < len(indexes):
        for path in hold.glob("*.*"):
            index, _, tail = path.name.partition(".")
            if tail.isdigit() and int(index) in indexes and int(index) not in killed:
                os.kill(int(tail), signal.SIGKILL)
                killed[int(index)] = int(tail)
        time.sleep(0.05)


def test_a_worker_killed_mid_batch_has_its_batch_retried_nothing_duplicated(stack, inputs, embedded, tmp_path):
    lake = new_lake(stack, "lake_killed")
    for path in stack.hold_dir.iterdir():
        path.unlink()
    # Batch 0's worker dies before the batch writes anything, batch 1's after its commit
    # (before the task is acknowledged): both batches run again.
    (stack.hold_dir / "hold_at").write_text("0:before,1:after")
    killed: dict[int, int] = {}
    stop = threading.Event()
    killer = threading.Thread(target=_kill_announced, args=(stack.hold_dir, {0, 1}, killed, stop), daemon=True)
    killer.start()
    try:
        result = stack.run([inputs], lake)
    finally:
        stop.set()
        killer.join(5)
        (stack.hold_dir / "hold_at").unlink()
    assert sorted(killed) == [0, 1]
    for pid in killed.values():
        assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1][:3]
    assert result.success, [e.message for e in result.all_events if e.is_failure][:3]
    starts = [e.step_key for e in stack.events(result.run_id) if e.event_type_value == "ENGINE_EVENT"
              and "in celery worker" in (e.message or "")]
    assert starts.count("nlp_fanout.nlp_batch[batch_0]") == 2  # killed, redelivered
    assert starts.count("nlp_fanout.nlp_batch[batch_1]") == 2
    assert starts.count("nlp_fanout.nlp_batch[batch_2]") == 1
    got = snapshot(lake)
    assert differences(embedded, got) == []
    with warehouse.connect(lake, read_only=True) as con:
        assert con.execute("SELECT count(*), count(DISTINCT article_id) FROM nlp_processed").fetchone() == (3, 3)
        assert con.execute("SELECT count(*) FROM nlp_claims").fetchone()[0] == 0
