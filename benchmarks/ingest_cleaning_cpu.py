"""CPU seconds of the ingest and cleaning stages, this code against an older revision, on the
same inputs side by side, and whether both wrote the same rows.

Run by hand (never part of `make test`), e.g.:

    .venv/bin/python benchmarks/ingest_cleaning_cpu.py --before HEAD~3 --repeat 3 \
        --input seeds=seeds --input bbc400=/tmp/bbc400 --input reuters2000=/tmp/reuters2000.jsonl \
        --out benchmarks/results/ingest_cleaning_cpu.json

Each measurement is a fresh process running the two stage functions on a new DuckDB file
(no Dagster, GX or NLP); the two revisions alternate, so both meet the same machine load.
CPU seconds (user + system, the process's own resource usage) are reported because wall
seconds on a shared machine mostly measure the other load; the first repetition also pays
for writing the language model cache (NEWSETL_CACHE_DIR, a fresh folder per revision).
Every table the two stages write is compared row for row (run ids and timestamps aside).
"""
from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGE_TABLES = ("raw_articles", "rejected_inputs", "ingested_files", "articles", "cleaning_removals",
                "article_fingerprints", "article_lsh_bands", "publisher_lines")


def _child(db: str, inputs: list[str]) -> None:
    import resource

    from pipelines import stages, warehouse

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    marks = [cpu()]
    started = time.perf_counter()
    with warehouse.connect(db) as con:
        stages.run_ingest(con, inputs, "bench")
        marks.append(cpu())
        stages.run_cleaning(con, "bench")
        marks.append(cpu())
    print(json.dumps({"ingest_cpu": round(marks[1] - marks[0], 3), "cleaning_cpu": round(marks[2] - marks[1], 3),
                      "wall": round(time.perf_counter() - started, 3)}))


def _measure(code: Path, db: Path, inputs: list[str], cache: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(code), "NEWSETL_CACHE_DIR": str(cache)}
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "ingest_cleaning_cpu.py"), "--child", str(db),
                          *inputs], capture_output=True, text=True, check=True, env=env, cwd=code)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _export(code: Path, revision: str, target: Path) -> None:
    archive = subprocess.run(["git", "archive", revision], cwd=code, capture_output=True, check=True).stdout
    target.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")


def _differences(db_a: Path, db_b: Path) -> list[str]:
    sys.path.insert(0, str(ROOT / "tests"))
    sys.path.insert(0, str(ROOT))
    from warehouse_compare import differences, snapshot

    a, b = snapshot(str(db_a)), snapshot(str(db_b))
    return differences({t: a[t] for t in STAGE_TABLES}, {t: b[t] for t in STAGE_TABLES})


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", required=True, help="git revision to compare against")
    parser.add_argument("--input", action="append", required=True, metavar="NAME=PATH[,PATH]")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    revision = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True).stdout.strip()
    results = {"measured_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "after": f"{revision}+changes",
               "before": args.before, "repeat": args.repeat, "load_average_start": list(os.getloadavg()), "cases": {}}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        _export(ROOT, args.before, tmp / "before")
        codes = {"before": tmp / "before", "after": ROOT}
        for spec in args.input:
            name, paths = spec.split("=", 1)
            inputs = [str(Path(p).resolve()) for p in paths.split(",")]
            runs: dict[str, list[dict]] = {"before": [], "after": []}
            for i in range(args.repeat):
                for side, code in codes.items():
                    db = tmp / f"{name}-{side}-{i}.duckdb"
                    runs[side].append(_measure(code, db, inputs, tmp / f"cache-{side}"))
            case = {"inputs": inputs, "load_average_end": list(os.getloadavg()),
                    "differences": _differences(tmp / f"{name}-before-0.duckdb", tmp / f"{name}-after-0.duckdb")}
            for side in codes:
                for key in ("ingest_cpu", "cleaning_cpu"):
                    values = [r[key] for r in runs[side]]
                    case[f"{side}_{key}"] = {"median": statistics.median(values), "first": values[0],
                                             "later_median": statistics.median(values[1:] or values), "all": values}
            results["cases"][name] = case
            print(name, "differences:", case["differences"] or "none",
                  {k: v["median"] for k, v in case.items() if k.endswith("_cpu")}, flush=True)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
