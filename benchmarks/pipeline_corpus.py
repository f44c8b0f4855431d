"""Throughput of the whole pipeline on a corpus, and of spaCy alone on the same bodies.

Run by hand (never part of `make test`), e.g.:

    .venv/bin/python benchmarks/pipeline_corpus.py --input ../shared/corpora/bbc --batches 4
    .venv/bin/python benchmarks/pipeline_corpus.py --input ../shared/corpora/reuters21578.jsonl

The corpus is copied into a landing folder in `--batches` parts and each part is
loaded by its own Dagster run (the incremental path: each run processes only
the new articles). Per-stage step times come from Dagster's event log; the
spaCy-only figure parses the same article bodies with the same settings, so
the difference is what the pipeline adds around the model.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb
from dagster import DagsterInstance, materialize

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipelines.core.ingest import discover_inputs  # noqa: E402
from pipelines.core.nlp import load_model  # noqa: E402
from pipelines.jobs import ALL_ASSETS, ALL_CHECKS  # noqa: E402
from pipelines.resources import NlpResource, WarehouseResource  # noqa: E402
from pipelines.settings import get_settings  # noqa: E402

TABLES = ("raw_articles", "rejected_inputs", "articles", "mentions", "quotes", "numeric_claims", "entities")


def split_into_batches(source: Path, landing: Path, batches: int, limit: int | None) -> list[list[Path]]:
    """Copy the corpus into per-batch folders; a .jsonl is split by lines."""
    parts: list[list[Path]] = [[] for _ in range(batches)]
    if source.is_file() and source.suffix == ".jsonl":
        lines = source.read_text(encoding="utf-8").splitlines()[:limit]
        size = -(-len(lines) // batches)
        for b in range(batches):
            target = landing / f"batch{b}" / f"{source.stem}_{b}.jsonl"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("\n".join(lines[b * size:(b + 1) * size]) + "\n", encoding="utf-8")
            parts[b].append(target.parent)
        return parts
    files = discover_inputs([source])
    files = [f for f in files if f.suffix.lower() in {".txt", ".md", ".html", ".htm", ".json", ".jsonl"}
             and f.name.upper() != "README.TXT"][:limit]
    size = -(-len(files) // batches)
    for b in range(batches):
        folder = landing / f"batch{b}"
        for f in files[b * size:(b + 1) * size]:
            target = folder / f.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, target)
        parts[b].append(folder)
    return parts


def step_seconds(result) -> dict[str, float]:
    seconds: dict[str, float] = {}
    for event in result.all_events:
        if event.is_step_success:
            seconds[event.step_key] = round(event.event_specific_data.duration_ms / 1000, 2)
    return seconds


def spacy_only_seconds(db: Path, model: str, batch_size: int, processes: int) -> tuple[float, int, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        bodies = [r[0] for r in con.execute(
            "SELECT a.body FROM articles a JOIN nlp_processed USING (article_id)").fetchall()]
    nlp = load_model(model)
    n_process = max(1, min(processes, len(bodies) // max(1, get_settings().nlp_min_docs_per_process)))
    started = time.perf_counter()
    words = sum(len(doc) for doc in nlp.pipe(bodies, batch_size=batch_size, n_process=n_process))
    return time.perf_counter() - started, len(bodies), words


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", required=True, type=Path, help="corpus folder or .jsonl file")
    parser.add_argument("--batches", type=int, default=1, help="incremental runs to split the corpus into")
    parser.add_argument("--limit", type=int, help="use only the first N files/records")
    parser.add_argument("--out", type=Path, help="JSON figures (default benchmarks/results/pipeline_<name>.json)")
    parser.add_argument("--skip-spacy-only", action="store_true", help="do not time spaCy alone")
    args = parser.parse_args()

    nlp = NlpResource()
    work = Path(tempfile.mkdtemp(prefix="newsetl-bench-"))
    db = work / "news.duckdb"
    parts = split_into_batches(args.input, work / "landing", args.batches, args.limit)
    runs = []
    total_started = time.perf_counter()
    for number, paths in enumerate(parts, start=1):
        started = time.perf_counter()
        result = materialize(
            [*ALL_ASSETS, *ALL_CHECKS],
            resources={"warehouse": WarehouseResource(db_path=str(db)), "nlp": nlp},
            run_config={"ops": {"raw_articles": {"config": {"paths": [str(p) for p in paths]}}},
                        "loggers": {"console": {"config": {"log_level": "WARNING"}}}},
            instance=DagsterInstance.ephemeral(), raise_on_error=False,
        )
        elapsed = time.perf_counter() - started
        with duckdb.connect(str(db), read_only=True) as con:
            counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        checks = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
        runs.append({"run": number, "seconds": round(elapsed, 2), "success": result.success,
                     "steps": step_seconds(result), "checks_passed": all(checks.values()), "totals": counts})
        print(f"run {number}/{len(parts)}: {elapsed:.1f}s success={result.success} totals={counts}", flush=True)
    total = time.perf_counter() - total_started

    figures = {
        "corpus": str(args.input), "batches": args.batches, "limit": args.limit,
        "model": nlp.model, "batch_size": nlp.batch_size, "processes": nlp.processes,
        "total_seconds": round(total, 2), "runs": runs, "final_totals": runs[-1]["totals"],
    }
    nlp_step = sum(r["steps"].get("nlp_pass", 0.0) for r in runs)
    figures["nlp_step_seconds"] = round(nlp_step, 2)
    if not args.skip_spacy_only:
        seconds, docs, tokens = spacy_only_seconds(db, nlp.model, nlp.batch_size, nlp.processes)
        figures["spacy_only"] = {"seconds": round(seconds, 2), "docs": docs, "tokens": tokens,
                                 "tokens_per_second": round(tokens / seconds)}
        figures["pipeline_overhead_vs_spacy"] = round(total / seconds, 2)
        figures["nlp_step_overhead_vs_spacy"] = round(nlp_step / seconds, 2)
    out = args.out or Path(__file__).parent / "results" / f"pipeline_{args.input.stem}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in figures.items() if k != "runs"}, indent=2))
    print(f"written to {out}; warehouse left at {db}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
