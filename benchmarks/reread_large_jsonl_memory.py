"""Peak memory of reading again a large JSONL file that an older ingest code rejected whole.

A synthetic JSONL file (the records of a JSONL corpus, written `--copies` times, each copy's
records made distinct by a field) is ingested by an "older" ingest code that knew no .jsonl
suffix: the whole file is one rejection that keeps no bytes (read again from its file while it
is there unchanged). Then a new ingest code version reads the rejection again: every record of
the file becomes a raw record. That step runs in its own process, so its peak resident memory
(ru_maxrss) is its alone; the process's memory after the imports and before the step is
recorded too, and the peak of what Python itself allocated during the step (tracemalloc: the records,
rows and frames; not DuckDB's own memory, which holds the rows written until the transaction commits).
tracemalloc slows the step, so its time is no speed figure.

Run by hand (never part of `make test`), e.g.:

    nice .venv/bin/python benchmarks/reread_large_jsonl_memory.py \
        --corpus /work/shared/corpora/reuters21578.jsonl --copies 3 \
        --label "before" --out benchmarks/results/reread_large_jsonl_memory_before.json
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _child(phase: str, db: str, path: str) -> None:
    sys.path.insert(0, str(ROOT))
    from pipelines import code_versions, stages, warehouse
    from pipelines.core import ingest

    if phase == "build":  # the older code: .jsonl unknown, the whole file one rejection
        ingest.TEXT_SUFFIXES.pop(".jsonl")
    else:  # a new ingest code version: the rejection is read again
        manifest = json.loads(json.dumps(code_versions.ingest_version().manifest))
        manifest["files"]["ingest.py"] = "0" * 16
        new = code_versions.CodeVersion("ingest", "0123456789ab", manifest)
        code_versions.ingest_version = lambda: new
    with warehouse.connect(db) as con:
        before_mb = _rss_mb()
        started = time.perf_counter()
        tracemalloc.start()
        report = stages.run_ingest(con, [path], phase)
        python_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        seconds = time.perf_counter() - started
        raw = con.execute("SELECT count(*) FROM raw_articles").fetchone()[0]
        rejected = con.execute("SELECT count(*) FROM rejected_inputs").fetchone()[0]
    print(json.dumps({
        "phase": phase, "raw_articles": raw, "rejected_inputs": rejected,
        "rejections_reread": report.rejections_reread, "records_from_rejections": report.records_from_rejections,
        "seconds": round(seconds, 1), "rss_before_step_mb": before_mb,
        "python_peak_mb": round(python_peak / 2**20, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))


def _run(phase: str, db: Path, path: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", phase, str(db), str(path)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _write_file(corpus: Path, copies: int, out: Path) -> tuple[int, int]:
    records = 0
    with open(corpus, encoding="utf-8") as source, open(out, "w", encoding="utf-8") as target:
        lines = [line for line in source if line.strip()]
        for copy in range(copies):
            for line in lines:
                record = json.loads(line)
                record["copy"] = copy
                target.write(json.dumps(record, ensure_ascii=False) + "\n")
                records += 1
    return records, out.stat().st_size


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(*sys.argv[2:5])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, help="a JSONL corpus whose records make the file")
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--label", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--tmp", type=Path, default=None, help="folder for the file and the warehouse")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        path = Path(tmp) / "wire.jsonl"
        records, size = _write_file(args.corpus, args.copies, path)
        db = Path(tmp) / "news.duckdb"
        build = _run("build", db, path)
        reread = _run("reread", db, path)
    result = {"label": args.label, "corpus": str(args.corpus), "copies": args.copies, "file_records": records,
              "file_bytes": size, "load_average": list(os.getloadavg()), "build": build, "reread": reread}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
