"""Where `newsetl run` spends the seconds and CPU seconds beyond the bare parse, for 400 BBC articles
into a new warehouse: a summary of results files already measured, nothing run here.

    .venv/bin/python benchmarks/run_cpu_breakdown.py [--run-cpu run_cpu_TAG.json]

Reads benchmarks/results/speed_small.json (wall seconds of the run's phases and steps beside the bare
parse, one invocation of benchmarks/speed.py: the run whose whole time is the median of its
repetitions), the given run_cpu file (CPU seconds per process and per Dagster step of the run
process: the latest without cProfile by default, its "after" side), run_cpu_nlp_parent.json (the
NLP step's own process) and speed_parse_schedule.json (the workers' idle time at the step's end).
Writes benchmarks/results/run_cpu_breakdown.json.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"

CHECK_SUFFIX = "_expectations"


def _load(name: str) -> dict:
    return json.loads((RESULTS / name).read_text(encoding="utf-8"))


def _median_run(runs: list[dict]) -> dict:
    ordered = sorted(runs, key=lambda r: r["pipeline"]["seconds"])
    return ordered[len(ordered) // 2]


def _grouped(steps: dict[str, float]) -> dict[str, float]:
    """Steps by kind: the NLP step, the 10 checks together, each other step."""
    out: dict[str, float] = {}
    for step, seconds in steps.items():
        key = "the checks (all)" if step.endswith(CHECK_SUFFIX) else step
        out[key] = out.get(key, 0.0) + (seconds or 0.0)
    return {k: round(v, 2) for k, v in sorted(out.items(), key=lambda kv: -kv[1])}


def wall(speed: dict) -> dict:
    run = _median_run([r for r in speed["runs"] if r["case"] == "bbc_400"])
    p, bare = run["pipeline"], run["bare"]
    ph = p["phases"]
    steps = _grouped(p["steps"])
    before_steps = sum(ph[k] for k in ("interpreter_and_cli_import", "pending_check", "dagster_import",
                                       "definitions_import", "dagster_instance", "run_start_to_first_step"))
    after_steps = sum(ph[k] for k in ("run_end_to_return", "summary_and_timings", "exit"))
    other_steps = sum(v for k, v in steps.items() if k != "nlp_pass")
    return {
        "measured_at": speed["measured_at"], "revision": speed["revision"], "load_avg_before": run["load_avg_before"],
        "bare_seconds": bare["seconds"], "bare_import_and_load": bare["import_load_seconds"],
        "bare_parse": bare["parse_seconds"], "run_seconds": p["seconds"],
        "gap_seconds": round(p["seconds"] - bare["seconds"], 2),
        "gap": {
            "before the first step (CLI, pending check, Dagster import and instance, run start)": round(before_steps, 2),
            "the NLP step beyond the whole bare parse (import + load + parse)":
                round(steps["nlp_pass"] - bare["seconds"], 2),
            "the other steps (ingest, cleaning, checks, entities, stories, comparisons, report)": round(other_steps, 2),
            "after the last step (return, summary, exit)": round(after_steps, 2),
            "between steps and rounding": round(p["seconds"] - bare["seconds"] - before_steps
                                                - (steps["nlp_pass"] - bare["seconds"]) - other_steps - after_steps, 2),
        },
        "steps": steps,
        "phases": {k: round(v, 2) for k, v in ph.items()},
        "gx_helper_import_seconds": p["gx"]["helper_import_seconds"],
    }


def cpu(run_cpu: dict, bare_cpu: float) -> dict:
    side = run_cpu["sides"]["after"]
    rounds = side["rounds"]

    def med(values):
        values = [v for v in values if v is not None]
        return round(statistics.median(values), 2) if values else None

    by_process = {p: med(r["cpu_by_process"].get(p) for r in rounds) for p in ("run process", "parse workers", "GX helper")}
    total = med(r["cpu_seconds"] for r in rounds)
    steps = {}
    for r in rounds:
        for step, value in _grouped(r["run_process_cpu_by_step"]).items():
            steps.setdefault(step, []).append(value)
    return {
        "file": run_cpu.get("_file"), "measured_at": run_cpu["measured_at"], "revision": side["revision"],
        "rounds": len(rounds), "load_avg_before": [r["load_avg_before"][0] for r in rounds],
        "cpu_seconds_all_processes": total, "bare_cpu_seconds": bare_cpu,
        "gap_cpu_seconds": round(total - bare_cpu, 2) if total is not None else None,
        "by_process": by_process,
        "parse_workers_beyond_the_bare_parse": round(by_process["parse workers"] - bare_cpu, 2),
        "run_process_by_step": dict(sorted(((k, med(v)) for k, v in steps.items()), key=lambda kv: -(kv[1] or 0))),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--run-cpu", help="run_cpu results file name (default: the latest without cProfile)")
    args = parser.parse_args()
    speed = _load("speed_small.json")
    if args.run_cpu:
        run_cpu = _load(args.run_cpu) | {"_file": args.run_cpu}
    else:
        found = [(json.loads(p.read_text(encoding="utf-8")), p.name) for p in RESULTS.glob("run_cpu_*.json")]
        found = [(d, n) for d, n in found if "sides" in d and not d.get("cprofile")]
        data, name = max(found, key=lambda dn: dn[0]["measured_at"])
        run_cpu = data | {"_file": name}
    bare_runs = [r for r in speed["runs"] if r["case"] == "bbc_400"]
    bare_cpu = round(statistics.median(r["bare"]["cpu_seconds"] for r in bare_runs), 2)
    result = {"wall_quiet_machine": wall(speed), "cpu": cpu(run_cpu, bare_cpu)}
    for name, key in (("run_cpu_nlp_parent.json", "nlp_step_own_process"), ("speed_parse_schedule.json", "parse_schedule")):
        if (RESULTS / name).exists():
            data = _load(name)
            result[key] = {k: v for k, v in data.items() if k not in ("costs", "lengths")}
    out = RESULTS / "run_cpu_breakdown.json"
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: result[k] for k in ("wall_quiet_machine", "cpu")}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
