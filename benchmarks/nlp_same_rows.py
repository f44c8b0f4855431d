"""Do two checkouts' NLP stages write the same rows? A check for changes meant to be speed-only.

Run by hand (never part of `make test`); corpora are arguments:

    .venv/bin/python benchmarks/nlp_same_rows.py --before /tmp/old-checkout \\
        --bbc ../shared/corpora/bbc --reuters ../shared/corpora/reuters21578.jsonl

Both checkouts ingest, clean and parse the same input (seeds/, the first --bbc-files
BBC files and the first --reuters-records Reuters records) into a new warehouse each,
in a subprocess with that checkout first on the path, with two parse processes and
small commit batches (so worker hand-out and batch boundaries are exercised), once
with the default piece size and once with small pieces (so most articles are parsed
in pieces). Compared: every row of mentions, quotes and numeric_claims (all columns
but run_id) and of nlp_processed (all but run_id, processed_at and extractor_version, which
changes with any extractor source even when the rows do not). Writes
benchmarks/results/nlp_same_rows.json and exits 1 when anything differs.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Runs inside the checkout under test: argv = input dir, db path, piece chars ('' = default), output json.
RUN = r"""
import hashlib, json, sys
import duckdb
from pipelines import stages, warehouse
from pipelines.settings import DEFAULT_MODEL
inputs, db, piece, out = sys.argv[1], sys.argv[2], int(sys.argv[3] or 0) or None, sys.argv[4]
with warehouse.connect(db) as con:
    stages.run_ingest(con, [inputs], "run")
    stages.run_cleaning(con, "run")
report = stages.run_nlp(db, "run", model_name=DEFAULT_MODEL, batch_size=8, processes=2, min_docs_per_process=1,
                        commit_every=50, piece_chars=piece, log=lambda _: None)
result = {"articles": report.articles, "failed": report.failed, "in_pieces": report.long_articles, "tables": {}}
with duckdb.connect(db, read_only=True) as con:
    for table, volatile in (("mentions", "run_id"), ("quotes", "run_id"), ("numeric_claims", "run_id"),
                            ("nlp_processed", "run_id, processed_at, extractor_version")):
        rows = con.execute(f"SELECT * EXCLUDE ({volatile}) FROM {table} ORDER BY ALL").fetchall()
        result["tables"][table] = {"rows": len(rows), "sha1": hashlib.sha1(repr(rows).encode()).hexdigest()}
json.dump(result, open(out, "w"))
"""


def run(project: Path, inputs: Path, work: Path, piece: int | None, name: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(project))
    out = work / f"{name}.json"
    subprocess.run([sys.executable, "-c", RUN, str(inputs), str(work / f"{name}.duckdb"), str(piece or ""), str(out)],
                   cwd=project, env=env, check=True)
    return json.loads(out.read_text())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", type=Path, required=True, help="checkout of the code to compare against")
    parser.add_argument("--after", type=Path, default=ROOT, help="checkout under test (default: this one)")
    parser.add_argument("--bbc", type=Path, help="BBC corpus folder")
    parser.add_argument("--bbc-files", type=int, default=150)
    parser.add_argument("--reuters", type=Path, help="reuters21578.jsonl")
    parser.add_argument("--reuters-records", type=int, default=300)
    parser.add_argument("--small-pieces", type=int, default=3000, help="piece size of the second comparison")
    parser.add_argument("--label", default="", help="what is compared (e.g. the two revisions), kept in the results")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "nlp_same_rows.json")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="newsetl-same-rows-") as tmp:
        work = Path(tmp)
        inputs = work / "in"
        inputs.mkdir()
        for f in sorted((ROOT / "seeds").glob("*.txt")):
            shutil.copy(f, inputs)
        if args.bbc:
            for i, f in enumerate(sorted(args.bbc.rglob("*.txt"))[:args.bbc_files]):
                shutil.copy(f, inputs / f"bbc_{i}_{f.name}")
        if args.reuters:
            with args.reuters.open(encoding="utf-8") as fh:
                lines = [line for _, line in zip(range(args.reuters_records), fh)]
            (inputs / "reuters.jsonl").write_text("".join(lines), encoding="utf-8")
        comparisons = []
        for piece in (None, args.small_pieces):
            label = "default pieces" if piece is None else f"pieces of {piece} characters"
            before = run(args.before.resolve(), inputs, work, piece, f"before_{piece}")
            after = run(args.after.resolve(), inputs, work, piece, f"after_{piece}")
            comparisons.append({"pieces": label, "same": before == after, "before": before, "after": after})
            print(f"{label}: {'same rows' if before == after else 'DIFFERENT'} "
                  f"({after['articles']} articles, {after['in_pieces']} in pieces)", flush=True)
    result = {"measured_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
              "before": str(args.before), "after": str(args.after), "label": args.label,
              "inputs": {"seeds": True, "bbc_files": args.bbc_files if args.bbc else 0,
                         "reuters_records": args.reuters_records if args.reuters else 0},
              "comparisons": comparisons, "same": all(c["same"] for c in comparisons)}
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0 if result["same"] else 1


if __name__ == "__main__":
    sys.exit(main())
