"""Do two checkouts make the same warehouse? A check for changes meant to be speed-only.

Run by hand (never part of `make test`); corpora are arguments:

    .venv/bin/python benchmarks/same_warehouse.py --before /tmp/old-checkout \\
        --bbc ../shared/corpora/bbc --bbc-files 200 --reuters ../shared/corpora/reuters21578.jsonl

Both checkouts run `newsetl run` (a fresh interpreter with that checkout first on the
path, parse workers and GX helper as in any run) over the same inputs (seeds/, the first
--bbc-files BBC files, the first --reuters-records Reuters records) into a new warehouse
each. Then every table and view is compared row for row (tests/warehouse_compare.py: run
ids and the clock left out) and, besides, the code versions, which change with any
extractor source even when the rows do not (nlp_processed.extractor_version,
entities.code_version, quote_clusters.code_version, story_processed.code_version (the date
claims' version, which holds the entities' one), the code_versions table). Writes
benchmarks/results/same_warehouse.json and exits 1 when any row differs.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))
import warehouse_compare  # noqa: E402
from speed import copy_files, environment, git_revision  # noqa: E402

# (table, column) holding a code version: differs whenever an extractor's source does.
CODE_VERSION_COLUMNS = {("nlp_processed", "extractor_version"), ("entities", "code_version"),
                        ("quote_clusters", "code_version"), ("story_processed", "code_version")}
CODE_VERSION_TABLES = {"code_versions"}


def snapshot(db: Path) -> dict[str, Counter]:
    """warehouse_compare.snapshot without the code versions."""
    real = warehouse_compare._comparable_columns

    def columns(con, table: str) -> list[str]:
        return [c for c in real(con, table) if (table, c) not in CODE_VERSION_COLUMNS]

    warehouse_compare._comparable_columns = columns
    try:
        return {t: rows for t, rows in warehouse_compare.snapshot(str(db)).items() if t not in CODE_VERSION_TABLES}
    finally:
        warehouse_compare._comparable_columns = real


def run(project: Path, inputs: Path, db: Path) -> None:
    env = environment(project, "1")
    env["NEWSETL_CACHE_DIR"] = str(db.parent / f"cache-{db.stem}")
    out = subprocess.run([sys.executable, "-m", "pipelines.cli", "run", "--db", str(db), "--input", str(inputs)],
                         cwd=project, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"newsetl run failed in {project}:\n{out.stdout[-2000:]}\n{out.stderr[-2000:]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", type=Path, required=True, help="checkout of the code to compare against")
    parser.add_argument("--after", type=Path, default=ROOT, help="checkout under test (default: this one)")
    parser.add_argument("--bbc", type=Path, help="BBC corpus folder")
    parser.add_argument("--bbc-files", type=int, default=200)
    parser.add_argument("--reuters", type=Path, help="reuters21578.jsonl")
    parser.add_argument("--reuters-records", type=int, default=100)
    parser.add_argument("--before-revision", help="revision of --before when it is no git checkout")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "same_warehouse.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsetl-same-warehouse-") as tmp:
        work = Path(tmp)
        inputs = work / "in"
        copy_files(ROOT / "seeds", inputs / "seeds", None)
        if args.bbc:
            copy_files(args.bbc, inputs / "bbc", args.bbc_files)
        if args.reuters:
            with args.reuters.open(encoding="utf-8") as fh:
                lines = [line for _, line in zip(range(args.reuters_records), fh)]
            (inputs / "reuters.jsonl").write_text("".join(lines), encoding="utf-8")
        snaps = {}
        for side, project in (("before", args.before.resolve()), ("after", args.after.resolve())):
            db = work / f"{side}.duckdb"
            run(project, inputs, db)
            snaps[side] = snapshot(db)
            print(f"{side}: {sum(sum(c.values()) for c in snaps[side].values())} rows in {len(snaps[side])} "
                  f"tables and views", flush=True)
        diffs = warehouse_compare.differences(snaps["before"], snaps["after"])
    result = {
        "measured_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "before": args.before_revision or git_revision(args.before) or str(args.before), "after": git_revision(args.after) or str(args.after),
        "inputs": {"seeds": True, "bbc_files": args.bbc_files if args.bbc else 0,
                   "reuters_records": args.reuters_records if args.reuters else 0},
        "rows_per_table": {t: sum(c.values()) for t, c in sorted(snaps["after"].items())},
        "left_out": {"code version columns": sorted(f"{t}.{c}" for t, c in CODE_VERSION_COLUMNS),
                     "tables": sorted(CODE_VERSION_TABLES),
                     "run ids and clock": "as tests/warehouse_compare.py"},
        "differences": diffs, "same": not diffs,
    }
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print("same rows in every table and view" if not diffs else "DIFFERENT:\n" + "\n".join(diffs))
    return 0 if not diffs else 1


if __name__ == "__main__":
    sys.exit(main())
