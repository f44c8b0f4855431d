"""The learned merge on a larger warehouse: do stories snowball? (no labels: sizes and counts)

Run by hand:

    .venv/bin/python benchmarks/stories_merge_scale.py --reuters ../shared/corpora/reuters21578.jsonl \
        --limit 3000 --out /tmp/merge_scale --name reuters_first3000

Loads the first `--limit` Reuters-21578 records of 200+ body characters (the corpus is in time order,
so one event's reports sit close together: the dense case for merges) through the whole pipeline
into `<out>/dated.duckdb` (kept and reused when it exists), then replays story assignment in
100-article batches as `stories_dev_fast.py` does, with the shipped weights and with the same weights
without their merge model, and writes the number of stories, of story pairs, the largest stories'
sizes and the headlines of the largest ones that changed to benchmarks/results/stories_merge_scale_<name>.json.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.stories_dev import RESULTS, _reuters_date  # noqa: E402
from benchmarks.stories_dev_fast import load_docs, replay  # noqa: E402


def build(reuters: Path, limit: int, out: Path) -> Path:
    from dagster import DagsterInstance, materialize

    from pipelines.jobs import ALL_ASSETS, ALL_CHECKS
    from pipelines.resources import NlpResource, WarehouseResource

    db = out / "dated.duckdb"
    if db.exists():
        return db
    rows = [json.loads(line) for line in reuters.read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if len(r.get("body") or "") >= 200 and r.get("title")][:limit]
    (out / "in").mkdir(parents=True, exist_ok=True)
    with (out / "in" / "articles.jsonl").open("w", encoding="utf-8") as f:
        for r in rows:  # the url names the record as stories_dev.dev_ids reads it
            f.write(json.dumps({"url": f"https://dev.example/reuters__{r['id']}", "title": r["title"],
                                "body": r["body"], "date": _reuters_date(r["date"]), "publisher": "Reuters"}) + "\n")
    materialize([*ALL_ASSETS, *ALL_CHECKS], resources={
        "warehouse": WarehouseResource(db_path=str(db)), "nlp": NlpResource()},
        run_config={"ops": {"raw_articles": {"config": {"paths": [str(out / "in")]}}}},
        instance=DagsterInstance.ephemeral(), raise_on_error=False)
    return db


def main() -> None:
    from pipelines.core import stories

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reuters", required=True, type=Path)
    ap.add_argument("--limit", type=int, default=3000)
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--name", required=True)
    args = ap.parse_args()
    docs = load_docs(build(args.reuters, args.limit, args.out))
    title = {dev_id: doc.title for dev_id, doc in docs}
    shipped = stories.default_model()
    result = {"records": args.limit, "articles": len(docs), "merge_model": shipped.merge}
    story_sets = {}
    for name, model in (("without_merge_model", dataclasses.replace(shipped, merge=None)), ("shipped", shipped)):
        story_of = replay(docs, stories.StoryParams(), model=model)
        sizes = Counter(story_of.values())
        story_sets[name] = {frozenset(i for i, s in story_of.items() if s == sid) for sid in sizes}
        result[name] = {"stories": len(sizes), "story_pairs": sum(n * (n - 1) // 2 for n in sizes.values()),
                        "largest": [n for _sid, n in sizes.most_common(10)]}
        print(name, result[name], flush=True)
    grown = sorted(story_sets["shipped"] - story_sets["without_merge_model"], key=len, reverse=True)
    result["merged_stories"] = [{"articles": len(s), "headlines": sorted(title[i] for i in s)[:8]} for s in grown[:10]]
    path = RESULTS / f"stories_merge_scale_{args.name}.json"
    path.write_text(json.dumps(result, indent=1) + "\n")
    print(path)


if __name__ == "__main__":
    main()
