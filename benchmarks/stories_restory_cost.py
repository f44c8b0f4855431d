"""What the stories stage costs over a whole warehouse: its story tables emptied (on a copy) and every
article assigned again in one call (stories, quote clusters, date claims), timed.

Run by hand on a warehouse a whole-corpus run left (e.g. the large warehouse of stories_scale.py);
run it from two checkouts back to back to compare code on one machine load:

    .venv/bin/python benchmarks/stories_restory_cost.py --db /tmp/large.duckdb --name reuters_all

Results: benchmarks/results/stories_restory_<name>.json (one entry per revision measured).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.stories_dev import STORY_TABLES  # noqa: E402


def main() -> None:
    from pipelines import warehouse
    from pipelines.stages.stories import run_stories

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--name", required=True)
    ap.add_argument("--results", default=str(Path(__file__).resolve().parent / "results"),
                    help="folder of the results file (another checkout's figures go to this one's)")
    args = ap.parse_args()
    code = Path(__file__).resolve().parent.parent
    revision = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=code).stdout.strip() or code.name
    with tempfile.TemporaryDirectory() as work:
        copy = Path(work) / "restory.duckdb"
        shutil.copyfile(args.db, copy)
        with warehouse.connect(str(copy)) as con:
            for table in STORY_TABLES:
                con.execute(f"DELETE FROM {table}")
            started = time.perf_counter()
            report = run_stories(con, "restory")
            seconds = time.perf_counter() - started
            stories = con.execute("SELECT count(*) FROM stories").fetchone()[0]
    entry = {"revision": revision, "measured_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
             "load_average": round(os.getloadavg()[0], 1), "articles": report.articles, "stories": stories,
             "seconds": round(seconds, 1)}
    path = Path(args.results) / f"stories_restory_{args.name}.json"
    data = json.loads(path.read_text()) if path.exists() else {"db": Path(args.db).name, "runs": []}
    data["runs"].append(entry)
    path.write_text(json.dumps(data, indent=1) + "\n")
    print(json.dumps(entry))


if __name__ == "__main__":
    main()
