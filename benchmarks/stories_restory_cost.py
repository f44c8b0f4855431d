"""What the stories stage costs over a whole warehouse: its story tables emptied (on a copy) and every
article assigned again in one call (stories, quote clusters, date claims), timed.

Run by hand on a warehouse a whole-corpus run left (e.g. the large warehouse of stories_scale.py);
run it from two checkouts back to back to compare code on one machine load:

    .venv/bin/python benchmarks/stories_restory_cost.py --db /tmp/large.duckdb --name reuters_all

With --last N only the N latest articles are assigned again, in one call, against the stories of all
the others (their memberships forgotten on the copy; the stored stories keep their weights): what one
batch costs in a large warehouse.

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
    ap.add_argument("--last", type=int, default=0, help="assign only the N latest articles again (0: all)")
    args = ap.parse_args()
    code = Path(__file__).resolve().parent.parent
    revision = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=code).stdout.strip() or code.name
    with tempfile.TemporaryDirectory() as work:
        copy = Path(work) / "restory.duckdb"
        shutil.copyfile(args.db, copy)
        with warehouse.connect(str(copy)) as con:
            if args.last:
                run_stories(con, "refresh")  # rows another code version made are made again first, untimed
                con.execute("""DELETE FROM story_articles WHERE article_id IN (
                    SELECT article_id FROM articles ORDER BY coalesce(published_at, ingested_at) DESC, article_id
                    LIMIT ?)""", [args.last])
            else:
                for table in STORY_TABLES:
                    con.execute(f"DELETE FROM {table}")
            started = time.perf_counter()
            report = run_stories(con, "restory")
            seconds = time.perf_counter() - started
            stories = con.execute("SELECT count(*) FROM stories").fetchone()[0]
    entry = {"revision": revision, "measured_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
             "load_average": round(os.getloadavg()[0], 1), "articles": report.articles, "stories": stories,
             "stories_merged": getattr(report, "stories_merged", None),
             "seconds": round(seconds, 1)}
    path = Path(args.results) / f"stories_restory_{args.name}.json"
    data = json.loads(path.read_text()) if path.exists() else {"db": Path(args.db).name, "runs": []}
    data["runs"].append(entry)
    path.write_text(json.dumps(data, indent=1) + "\n")
    print(json.dumps(entry))


if __name__ == "__main__":
    main()
