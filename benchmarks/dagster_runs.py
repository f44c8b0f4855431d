"""What a run the Dagster instance launches (the landing sensor, a schedule, the UI) costs, in a
new run worker and in the warm runner, next to the bare spaCy parse of the same texts.

Run by hand (never part of `make test`):

    .venv/bin/python benchmarks/dagster_runs.py --repeat 5

Each repetition, its sides in alternating order, loads the sample articles from a landing folder
into a new warehouse (the same path each time: the runner takes runs whose settings match its
own) through a run created as the landing sensor's RunRequest creates it, in one Dagster
instance (pipelines/dagster.yaml, so the instance's launcher is WarmRunLauncher):

- `run_worker`: the run executed by `python -m dagster api execute_run`, what Dagster's default
  launcher starts for every run (a new interpreter that imports Dagster and the code location and
  loads spaCy, the model and GX); timed from launch to exit;
- `warm_runner`: the same kind of run launched through the instance (`instance.launch_run`), which
  WarmRunLauncher hands to `newsetl runner`; timed from launch to the run's finished status, read
  from the instance every 20 ms;
- `bare`: a new interpreter importing spaCy, loading the model and parsing the texts the run
  parsed (benchmarks/speed.py's bare parse), right after each side.

The runner's start-up (its warm-up and rehearsal run) is paid once and recorded, not counted.
Writes benchmarks/results/speed_dagster_runs.json, which benchmarks/perf_doc.py renders into
docs/performance.md.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import speed  # noqa: E402


def _create_run(instance, landing: Path):
    """A run of the whole job over `landing`, as the landing sensor's RunRequest creates it."""
    from dagster._core.definitions.reconstruct import ReconstructableJob, ReconstructableRepository

    from pipelines.sensors import landing_run_config

    recon = ReconstructableJob(ReconstructableRepository.for_module("pipelines.definitions", "defs", str(ROOT)),
                               "newsetl")
    return instance.create_run_for_job(job_def=recon.get_definition(), run_config=landing_run_config(landing),
                                       job_code_origin=recon.get_python_origin())


def _fresh_warehouse(db: Path) -> None:
    for path in (db, db.with_name(db.name + ".wal")):
        path.unlink(missing_ok=True)
    shutil.rmtree(db.parent / "report", ignore_errors=True)


def run_in_worker(instance, landing: Path, env: dict) -> dict:
    """The run in a new run worker (`dagster api execute_run`), timed from launch to exit."""
    from dagster._grpc.types import ExecuteRunArgs
    from dagster._serdes import serialize_value

    run = _create_run(instance, landing)
    args = serialize_value(ExecuteRunArgs(job_origin=run.job_code_origin, run_id=run.run_id,
                                          instance_ref=instance.get_ref()))
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "dagster", "api", "execute_run", args], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    status = instance.get_run_by_id(run.run_id).status.value
    if done.returncode != 0 or status != "SUCCESS":
        raise RuntimeError(f"run worker: {status}, exit {done.returncode}\n{done.stderr[-3000:]}")
    return {"seconds": round(seconds, 3), "status": status, "run_id": run.run_id}


def run_in_runner(instance, landing: Path) -> dict:
    """The run launched through the instance (WarmRunLauncher hands it to the runner), timed from
    launch to its finished status."""
    from pipelines import runner

    run = _create_run(instance, landing)
    started = time.perf_counter()
    instance.launch_run(run.run_id, workspace=None)
    launched = time.perf_counter() - started
    while not (current := instance.get_run_by_id(run.run_id)).is_finished:
        time.sleep(0.02)
    seconds = time.perf_counter() - started
    if current.status.value != "SUCCESS" or runner.RUNNER_TAG not in current.tags:
        raise RuntimeError(f"warm runner: {current.status.value}, tags {current.tags}")
    return {"seconds": round(seconds, 3), "launch_seconds": round(launched, 3), "status": current.status.value,
            "run_id": run.run_id}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--input", type=Path, default=ROOT / "seeds", help="the files a landing folder receives")
    parser.add_argument("--blas-threads", default="1")
    parser.add_argument("--out", type=Path, default=speed.RESULTS / "speed_dagster_runs.json")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="newsetl-dagster-runs-"))
    home, landing, db = work / "dagster_home", work / "landing", work / "warehouse" / "news.duckdb"
    home.mkdir()
    db.parent.mkdir()
    shutil.copy(ROOT / "pipelines" / "dagster.yaml", home / "dagster.yaml")
    shutil.copytree(args.input, landing)
    env = speed.environment(ROOT, args.blas_threads)
    env.update(DAGSTER_HOME=str(home), NEWSETL_DB=str(db), NEWSETL_SCHEDULE_CRON="off", NEWSETL_AUDIT_CRON="off")
    os.environ.clear()
    os.environ.update(env)  # the launcher forwards this process's settings: the runner's must match
    settings = speed.pipeline_settings(ROOT, env)

    from dagster import DagsterInstance

    rows = []
    with speed.warm_runner(ROOT, env) as ready:
        os.environ["NEWSETL_RUNNER_SOCKET"] = env["NEWSETL_RUNNER_SOCKET"]
        with DagsterInstance.get() as instance:
            for repetition in range(1, args.repeat + 1):
                sides = ["run_worker", "warm_runner"] if repetition % 2 else ["warm_runner", "run_worker"]
                row = {"repetition": repetition, "order": sides, "load_avg_before": speed.load_avg()}
                for side in sides:
                    _fresh_warehouse(db)
                    row[side] = (run_in_worker(instance, landing, env) if side == "run_worker"
                                 else run_in_runner(instance, landing))
                    texts = speed.parsed_texts(db)
                    bare = speed.run_bare(texts, work, env, settings["model"],
                                          speed.bare_processes(len(texts), settings), settings["batch_size"])
                    row[side]["bare_seconds"] = bare["seconds"]
                    row[side]["ratio_bare_over_run"] = round(bare["seconds"] / row[side]["seconds"], 3)
                    row[side]["docs"] = bare["docs"]
                row["load_avg_after"] = speed.load_avg()
                rows.append(row)
                print(f"repetition {repetition}: run worker {row['run_worker']['seconds']:.1f} s "
                      f"(ratio {row['run_worker']['ratio_bare_over_run']:.2f}), warm runner "
                      f"{row['warm_runner']['seconds']:.1f} s (ratio {row['warm_runner']['ratio_bare_over_run']:.2f})",
                      flush=True)
    result = {
        "measured_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "revision": speed.git_revision(ROOT),
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "settings": settings,
        "input": str(args.input.relative_to(ROOT) if args.input.is_relative_to(ROOT) else args.input),
        "runner_ready_seconds": ready,
        "repetitions": rows,
    }
    for side in ("run_worker", "warm_runner"):
        ratios = sorted(r[side]["ratio_bare_over_run"] for r in rows)
        seconds = sorted(r[side]["seconds"] for r in rows)
        result[f"{side}_median"] = {"seconds": seconds[len(seconds) // 2], "ratio_bare_over_run": ratios[len(ratios) // 2]}
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k.endswith("_median")}))
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
