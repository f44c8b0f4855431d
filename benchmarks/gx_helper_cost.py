"""What the GX helper process costs, in CPU seconds: its import + context, and the validations of a run.

Run by hand (never part of `make test`):

    .venv/bin/python benchmarks/gx_helper_cost.py --before /tmp/old-checkout --rounds 3

A warehouse is made once by `newsetl run` over seeds/ (or given with --db). Then, for each
checkout in turn (before and this one, alternating, --rounds times), a fresh interpreter with
that checkout first on the path starts the GX helper (pipelines.gx_process), waits until it has
imported GX and built its context, and sends it every suite's rows from the warehouse (what a
run over seeds/ validates), then the same rows of each suite with one null in its item key
column (its first column when it has no item spec: most of these fail, with failing items and
example rows). Measured: the helper's own CPU
(user + system, /proc/<pid>/stat) at ready and after each group, and the outcomes (compared
between the checkouts: they must be identical). CPU seconds rather than wall seconds: the
machine may be shared. Writes benchmarks/results/gx_helper_cost.json.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Runs inside the checkout under test: argv = warehouse path, output json.
MEASURE = r"""
import json, os, sys, time
import duckdb, polars as pl
from pipelines import gx_process, quality

def helper_cpu():
    fields = open(f"/proc/{gx_process._state['process'].pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

db, out = sys.argv[1], sys.argv[2]
with duckdb.connect(db, read_only=True) as con:
    run_id = con.execute("SELECT run_id FROM dq_results ORDER BY checked_at DESC LIMIT 1").fetchone()[0]
    frames = {}
    for name in quality.suite_names():
        suite = quality.load_suite(name)
        query = suite["query"]
        params = None if "item" in suite else [run_id] * query.count("?")
        frame = pl.from_arrow(con.sql(query, params=params).to_arrow_table())
        if not frame.is_empty():
            frames[name] = frame
started = time.perf_counter()
assert gx_process.start()
gx_process._state["conn"].poll(None)  # the helper's 'ready' message: GX imported, context built
result = {"ready_wall": time.perf_counter() - started, "ready_cpu": helper_cpu(), "outcomes": {}}

def comparable(o):
    return [o.rows_checked, o.success, sorted(o.items.items(), key=repr), sorted(o.failed_items.items(), key=repr),
            [[e.expectation, e.kwargs, e.success, e.unexpected_count, e.examples] for e in o.outcomes]]

for group in ("passing", "failing"):
    before = helper_cpu()
    for name, frame in frames.items():
        suite = quality.load_suite(name)
        if group == "failing":
            key = (suite.get("item") or {}).get("key") or frame.columns[0]
            frame = frame.with_columns(pl.when(pl.int_range(pl.len()) == 0).then(None).otherwise(pl.col(key)).alias(key))
        result["outcomes"][f"{group}/{name}"] = comparable(quality.validate_frame(suite, frame))
    result[f"{group}_cpu"] = helper_cpu() - before
result["suites"] = len(frames)
result["rows"] = sum(f.height for f in frames.values())
gx_process.stop()
json.dump(result, open(out, "w"), default=str)
"""


def measure(project: Path, db: Path, out: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(project))
    subprocess.run([sys.executable, "-c", MEASURE, str(db), str(out)], cwd=project, env=env, check=True)
    return json.loads(out.read_text())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="the checkout to compare with")
    parser.add_argument("--db", type=Path, help="a warehouse to take the rows from (default: a new seeds run)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gx_helper_cost_") as tmp:
        work = Path(tmp)
        db = args.db
        if db is None:
            db = work / "seeds.duckdb"
            subprocess.run([sys.executable, "-m", "pipelines.cli", "run", "--input", str(ROOT / "seeds"),
                            "--db", str(db)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                           env=dict(os.environ, PYTHONPATH=str(ROOT)))
        rounds = {"before": [], "after": []}
        for i in range(args.rounds):
            for label, project in (("before", args.before), ("after", ROOT)):
                rounds[label].append({**measure(project, db, work / f"{label}{i}.json"),
                                      "load_average": os.getloadavg()[0]})
    same = all(r["outcomes"] == rounds["before"][0]["outcomes"] for rs in rounds.values() for r in rs)

    def median(label: str, key: str) -> float:
        values = sorted(r[key] for r in rounds[label])
        return round(values[len(values) // 2], 2)

    summary = {label: {key: median(label, key) for key in ("ready_cpu", "passing_cpu", "failing_cpu", "ready_wall")}
               for label in rounds}
    results = {
        "measured_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "before": str(args.before),
        "cpu_count": os.cpu_count(), "suites": rounds["after"][0]["suites"], "rows": rounds["after"][0]["rows"],
        "outcomes_identical": same, "median": summary,
        "rounds": {label: [{k: v for k, v in r.items() if k != "outcomes"} for r in rs] for label, rs in rounds.items()},
    }
    path = ROOT / "benchmarks" / "results" / "gx_helper_cost.json"
    path.write_text(json.dumps(results, indent=1) + "\n")
    print(json.dumps({k: results[k] for k in ("suites", "rows", "outcomes_identical", "median")}, indent=1))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
