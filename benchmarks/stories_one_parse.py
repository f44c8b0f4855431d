"""What the stories stage costs when it no longer parses the date paragraphs again.

Run by hand (never part of `make test`): the same input (default: the last 100 records of
Reuters-21578) is loaded by `newsetl run` into a new warehouse once by each checkout given,
back to back, and the step times from Dagster's log are kept with the date claims each run
made (so the outputs can be compared too):

    .venv/bin/python benchmarks/stories_one_parse.py --reuters ../shared/corpora/reuters21578.jsonl \\
        --before /path/to/checkout-before --after .

Results: benchmarks/results/stories_one_parse.json.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speed import RESULTS, environment, git_revision, jsonl_slice, load_avg, run_pipeline  # noqa: E402

CLAIM_COLUMNS = "article_id, start_char, end_char, date_value, resolution, event_class, event, subject, locations, participants, sentence"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reuters", type=Path, required=True)
    parser.add_argument("--last", type=int, default=100, help="the last N records are the input")
    parser.add_argument("--before", type=Path, required=True, help="checkout whose stories stage parses again")
    parser.add_argument("--after", type=Path, default=Path("."), help="checkout to compare (default: this one)")
    args = parser.parse_args()
    total = sum(1 for _ in args.reuters.open(encoding="utf-8"))
    out: dict = {"measured_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                 "input": f"last {args.last} records of {args.reuters.name}", "runs": {}}
    claims = {}
    with tempfile.TemporaryDirectory(prefix="newsetl-stories-") as tmp:
        work = Path(tmp)
        jsonl_slice(args.reuters, work / "in" / "batch.jsonl", total - args.last, None)
        for name, project in (("before", args.before.resolve()), ("after", args.after.resolve())):
            db = work / f"{name}.duckdb"
            load = load_avg()
            result = run_pipeline(project, [work / "in"], db, environment(project, "1"), verbose=True)
            with duckdb.connect(str(db), read_only=True) as con:
                rows = con.execute(f"SELECT {CLAIM_COLUMNS} FROM date_claims").fetchall()
            claims[name] = {r[:3]: r for r in rows}
            out["runs"][name] = {"revision": git_revision(project), "load_avg_before": load, **result,
                                 "date_claims": len(rows)}
            print(name, result["seconds"], "s; stories_pass", result["steps"].get("stories_pass"), "s", flush=True)
    both = claims["before"].keys() & claims["after"].keys()
    out["date_claims_compared"] = {
        "before": len(claims["before"]), "after": len(claims["after"]), "same_expression": len(both),
        "identical_rows": sum(claims["before"][k] == claims["after"][k] for k in both),
        "same_day_and_event_class": sum(claims["before"][k][3:6] == claims["after"][k][3:6] for k in both)}
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "stories_one_parse.json"
    path.write_text(json.dumps(out, indent=2, default=str) + "\n", encoding="utf-8")
    print(json.dumps(out["date_claims_compared"]), f"\nsaved to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
