"""Whether GX in a helper process still pays: `newsetl run` with the helper and without it.

Run by hand (never part of `make test`):

    .venv/bin/python benchmarks/gx_helper_pays.py --bbc ../shared/corpora/bbc --files 20 --pairs 3

Each pair is two fresh `newsetl run` subprocesses over the same `--files` BBC articles into new
warehouses, one with NEWSETL_GX_PROCESS=1 (GX imported in a helper process started with the run,
while ingest and cleaning work) and one with NEWSETL_GX_PROCESS=0 (GX imported in the run's own
process at the first check), in alternating order. Nothing is warm on either side: every run is a
new interpreter. Measured as benchmarks/speed.py measures a run: wall seconds from launch to exit,
CPU seconds of the process tree, peak memory and process count, and the `--timings` profile.

Writes benchmarks/results/gx_helper_pays.json.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from speed import RESULTS, environment, git_revision, load_avg, run_pipeline  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bbc", type=Path, required=True)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=RESULTS / "gx_helper_pays.json")
    args = parser.parse_args()

    env = environment(ROOT, "1")
    pairs = []
    with tempfile.TemporaryDirectory(prefix="newsetl-gx-") as tmp:
        tmp = Path(tmp)
        inputs = tmp / "in"
        inputs.mkdir()
        for source in sorted(args.bbc.rglob("*.txt"))[: args.files]:
            shutil.copy(source, inputs / f"{source.parent.name}_{source.name}")
        for pair in range(args.pairs):
            sides = ["helper", "in_process"] if pair % 2 == 0 else ["in_process", "helper"]
            measured = {}
            for side in sides:
                side_env = dict(env, NEWSETL_GX_PROCESS="1" if side == "helper" else "0")
                db = tmp / f"{side}_{pair}" / "news.duckdb"
                db.parent.mkdir()
                load = load_avg()
                result = run_pipeline(ROOT, [inputs], db, side_env)
                measured[side] = {"seconds": result["seconds"], "cpu_seconds": result["cpu_seconds"],
                                  "peak_memory_mib": result["peak_memory_mib"],
                                  "max_processes": result["max_processes"], "load_avg_before": load[0],
                                  "steps": result.get("steps"), "gx": result.get("gx")}
                print(f"pair {pair + 1} {side}: {result['seconds']:.1f} s wall, {result['cpu_seconds']:.1f} s CPU, "
                      f"{result['max_processes']} processes (load {load[0]})", flush=True)
            measured["in_process_over_helper"] = round(measured["in_process"]["seconds"] / measured["helper"]["seconds"], 3)
            pairs.append(measured)

    ratios = [p["in_process_over_helper"] for p in pairs]
    result = {
        "measured_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "revision": git_revision(ROOT),
        "machine": {"cpus": os.cpu_count()},
        "files": args.files,
        "pairs": pairs,
        "median": {side: {key: statistics.median(p[side][key] for p in pairs)
                          for key in ("seconds", "cpu_seconds", "peak_memory_mib", "max_processes")}
                   for side in ("helper", "in_process")},
        "median_in_process_over_helper": statistics.median(ratios),
        "note": "shared 2-core machine (other engineers' jobs ran meanwhile): see load_avg_before",
    }
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"written {args.out}: in-process / helper wall {statistics.median(ratios):.2f} (per pair {ratios})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
