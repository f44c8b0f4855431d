"""docs/performance.md's rows and section for runs the Dagster instance launches (the landing sensor,
the schedules, the UI), from benchmarks/results/speed_dagster_runs.json (benchmarks/dagster_runs.py)."""
from __future__ import annotations

from perf_format import load, med, s, spread, verdict, x

NAME = "speed_dagster_runs.json"
SIDES = (("run_worker", "in a new run worker (Dagster's default launcher)"),
         ("warm_runner", "handed to the warm runner (`WarmRunLauncher`)"))


def target_rows() -> list[tuple[str, str, str]]:
    """The seeds target for a sensor-made run, each way it can be launched."""
    data = load(NAME)
    if not data:
        return []
    rows = []
    for side, how in SIDES:
        ratio = med(r[side]["ratio_bare_over_run"] for r in data["repetitions"])
        rows.append((f"5 new articles into a new warehouse, a run the landing sensor made, {how}: bare / run >= 0.5 "
                     f"(`{data['revision']}`, {len(data['repetitions'])} pairs)", x(ratio), verdict(ratio >= 0.5)))
    return rows


def section(lines: list[str]) -> None:
    """Sensor-made runs of the sample articles: a new run worker against the warm runner."""
    data = load(NAME)
    if not data:
        return
    reps = data["repetitions"]
    lines += ["## Runs the sensor, the schedules and the UI launch", "",
              f"`benchmarks/dagster_runs.py`, `{data['revision']}`, {data['measured_at']}: the sample articles from a "
              "landing folder into a new warehouse, through a run created as the landing sensor creates it, in a "
              "Dagster instance configured by `pipelines/dagster.yaml`. A new run worker is `python -m dagster api "
              "execute_run` (what Dagster's default launcher starts for every run), timed from launch to exit; the "
              "warm runner's run is launched through the instance, whose `WarmRunLauncher` hands it to "
              "`newsetl runner`, timed from launch to the run's finished status. Each side is followed by the bare "
              "parse of the texts it parsed; the sides alternate which goes first."
              f" The runner was ready {s(data['runner_ready_seconds'])} after its start, paid once and in no figure.",
              "", "| launched | pairs | bare | run | bare / run |", "|---|---|---|---|---|"]
    for side, how in SIDES:
        bare = [r[side]["bare_seconds"] for r in reps]
        run = [r[side]["seconds"] for r in reps]
        lines.append(f"| {how} | {len(reps)} | {s(med(bare))}{spread(bare)} | {s(med(run))}{spread(run)} | "
                     f"{x(med(r[side]['ratio_bare_over_run'] for r in reps))} "
                     f"({', '.join(x(r[side]['ratio_bare_over_run']) for r in reps)}) |")
    launch = med(r["warm_runner"].get("launch_seconds") for r in reps)
    load_ = med(r["load_avg_before"][0] for r in reps)
    lines += ["", f"Handing a run over took {s(launch, 2)} of the launch (the median). Load average at the start of "
              f"a pair: {load_:.1f} (the median). A run through the instance also records each of its events (step "
              "starts and ends, materializations, check evaluations) in the instance's storage, SQLite files under "
              "`DAGSTER_HOME` with a commit per event, which a `newsetl run` without `DAGSTER_HOME` (an in-memory "
              "instance) does not; a run worker pays the same.", ""]
