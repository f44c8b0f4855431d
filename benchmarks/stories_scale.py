"""Cost of the stories stage per 100-article batch on an empty and on a large warehouse.

Run by hand, e.g.:

    .venv/bin/python benchmarks/stories_scale.py --base ../shared/corpora/reuters21578.jsonl \
        --batches ../shared/corpora/bbc --name reuters_all

Run 1 loads seeds/ + the base corpus (all of it unless --base-limit) through the whole
pipeline; then two runs each add 100 new articles (BBC files drawn with --seed) and the
Dagster event log gives the time of the `stories_pass` step (story assignment, quote
clustering, date claims) and of `claim_comparisons` (views + this batch's comparisons).
The same two batches are also loaded into an empty warehouse for the baseline.
Results: benchmarks/results/stories_scale_<name>.json.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from dagster import DagsterInstance, materialize

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipelines import warehouse  # noqa: E402
from pipelines.jobs import ALL_ASSETS, ALL_CHECKS  # noqa: E402
from pipelines.resources import NlpResource, WarehouseResource  # noqa: E402
from pipelines.settings import SEEDS_DIR  # noqa: E402

STEPS = ("nlp_pass", "entities", "stories_pass", "claim_comparisons")


def run(db: Path, paths: list[Path]) -> dict:
    started = time.perf_counter()
    result = materialize(
        [*ALL_ASSETS, *ALL_CHECKS],
        resources={"warehouse": WarehouseResource(db_path=str(db)), "nlp": NlpResource()},
        run_config={"ops": {"raw_articles": {"config": {"paths": [str(p) for p in paths]}}},
                    "loggers": {"console": {"config": {"log_level": "WARNING"}}}},
        instance=DagsterInstance.ephemeral(), raise_on_error=False)
    steps = {}
    for event in result.all_events:
        if event.is_step_success and event.step_key in STEPS:
            steps[event.step_key] = round(event.event_specific_data.duration_ms / 1000, 3)
    checks = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    with warehouse.connect(str(db), read_only=True) as con:
        sizes = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in ("articles", "stories", "story_postings", "quote_clusters", "date_claims")}
    return {"seconds": round(time.perf_counter() - started, 1), "steps": steps,
            "checks_passed": all(checks.values()), "success": result.success, "warehouse_after": sizes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", type=Path, required=True, help="corpus filling the large warehouse (.jsonl)")
    parser.add_argument("--base-limit", type=int, default=0, help="records of the base corpus (0 = all)")
    parser.add_argument("--batches", type=Path, required=True, help="folder of .txt articles for the batches")
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--name", default="large")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="stories_scale_"))
    base = work / "base"
    shutil.copytree(SEEDS_DIR, base / "seeds")
    lines = args.base.read_text(encoding="utf-8").splitlines()
    if args.base_limit:
        lines = lines[:args.base_limit]
    (base / "corpus.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rng = random.Random(args.seed)
    files = sorted(p for p in args.batches.rglob("*.txt") if p.name.upper() != "README.TXT")
    picked = rng.sample(files, 2 * args.batch_size)
    batch_dirs = []
    for b in range(2):
        folder = work / f"batch{b}"
        for f in picked[b * args.batch_size:(b + 1) * args.batch_size]:
            target = folder / f.parent.name / f.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, target)
        batch_dirs.append(folder)

    out = {"base": str(args.base.name), "base_records": len(lines), "batch_size": args.batch_size, "seed": args.seed,
           "note": "2-core machine shared with other jobs: contended timings"}
    empty_db = work / "empty.duckdb"
    out["empty_warehouse"] = [run(empty_db, [d]) for d in batch_dirs]
    print(json.dumps(out["empty_warehouse"], indent=1), flush=True)
    large_db = work / "large.duckdb"
    out["base_load"] = run(large_db, [base])
    print(json.dumps(out["base_load"], indent=1), flush=True)
    out["large_warehouse"] = [run(large_db, [d]) for d in batch_dirs]
    print(json.dumps(out["large_warehouse"], indent=1), flush=True)
    path = Path(__file__).resolve().parent / "results" / f"stories_scale_{args.name}.json"
    path.write_text(json.dumps(out, indent=2) + "\n")
    print(path)


if __name__ == "__main__":
    main()
