"""Peak memory and time of the ingest and cleaning stages: a whole corpus into an empty
warehouse, then a small incremental batch into an empty and into the full warehouse.

Run by hand (never part of `make test`), e.g.:

    .venv/bin/python benchmarks/ingest_cleaning_memory.py \
        --corpus ../shared/corpora/reuters21578.jsonl --batch ../shared/corpora/bbc/business \
        --batch-size 100 --out benchmarks/results/ingest_cleaning_memory.json

Each measurement runs in its own process (the stage functions on a DuckDB file, no Dagster,
no NLP), so its peak resident memory (ru_maxrss) is that step's alone; these two stages run
in one process, so that peak is the peak of all processes together for them.
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _child(db: str, inputs: list[str]) -> None:
    sys.path.insert(0, str(ROOT))
    from pipelines import stages, warehouse

    started = time.perf_counter()
    with warehouse.connect(db) as con:
        ingest = stages.run_ingest(con, inputs, "bench")
        t_ingest = time.perf_counter() - started
        cleaning = stages.run_cleaning(con, "bench")
        articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    print(json.dumps({
        "raw_added": ingest.articles_added, "rejected_at_ingest": ingest.rejected,
        "articles_added": cleaning.articles_added, "articles_total": articles,
        "ingest_seconds": round(t_ingest, 1), "total_seconds": round(time.perf_counter() - started, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))


def _measure(db: Path, inputs: list[Path]) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", str(db), *map(str, inputs)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, help="the corpus loaded whole (a .jsonl or a folder)")
    parser.add_argument("--batch", type=Path, required=True, help="folder whose first files make the incremental batch")
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--label", default="")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        batch = tmp / "batch"
        batch.mkdir()
        files = sorted(p for p in args.batch.rglob("*.txt") if p.name.upper() != "README.TXT")[:args.batch_size]
        for f in files:
            shutil.copyfile(f, batch / f"{f.parent.name}_{f.name}")
        full_db = tmp / "full.duckdb"
        results = {"label": args.label, "corpus": str(args.corpus), "batch_files": len(files)}
        results["whole_corpus"] = _measure(full_db, [args.corpus])
        results["batch_into_empty"] = _measure(tmp / "empty.duckdb", [batch])
        results["batch_into_full"] = _measure(full_db, [batch])
    print(json.dumps(results, indent=2))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
