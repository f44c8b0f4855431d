"""The follow-up merge (dated stories days apart, `StoryParams.merge_follow_up_min_articles`) on a
larger unlabelled warehouse: which stories it makes that the code without it does not.

Run by hand on a warehouse of dated articles (e.g. the first 3,000 Reuters-21578 records loaded
through the whole job, as `stories_scale.py` loads its base corpus):

    .venv/bin/python benchmarks/stories_follow_up_merge_scale.py --db /tmp/r12s/reuters3000/dated.duckdb \
        --name reuters_first3000

Replays the stage's assignment and merges in memory (`stories_dev_fast.replay`: its order, 100-article
batches, document frequencies grown batch by batch) with the follow-up merge off (0) and on (the
shipped value), and writes the number of stories and story pairs, and each story that differs
(largest first) with the sizes of the stories it is made of without the merge, their published
spans and a headline of each, to benchmarks/results/stories_follow_up_merge_scale_<name>.json.

`--warehouses W --labels L` (repeatable) instead re-runs the stories stage on a copy of each labelled
set's dated warehouse (`stories_dev.restory`) with the merge off and on, and writes only counts: the
story pairs the merge adds, how many are one labelled event, one topic's different events, or
neither (no pair is listed: held-out sets' errors stay unread), to
benchmarks/results/stories_follow_up_merge_pairs_<name>.json.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.stories_dev import RESULTS  # noqa: E402
from benchmarks.stories_dev_fast import load_docs, replay  # noqa: E402


def added_pairs(warehouses: list[str], label_files: list[str], name: str) -> None:
    """Counts of the story pairs the merge adds in the stage, per labelled set."""
    from itertools import combinations

    from benchmarks.stories_dev import restory, topics
    from pipelines.core import stories

    def pairs(story_of: dict[str, str]) -> set[tuple[str, str]]:
        return {(a, b) for a, b in combinations(sorted(story_of), 2) if story_of[a] == story_of[b]}

    out = {}
    for w, lab in zip(warehouses, label_files):
        labels = json.loads(Path(lab).read_text(encoding="utf-8"))
        event_of, topic_of = {a["id"]: a["event"] for a in labels["articles"]}, topics(labels)
        work = Path(w) / "work"
        work.mkdir(exist_ok=True)
        shipped = stories.StoryParams()
        story_of = {variant: restory(Path(w) / "dated.duckdb", work, 100, params) for variant, params in (
            ("without", dataclasses.replace(shipped, merge_follow_up_min_articles=0)), ("with", shipped))}
        added = pairs(story_of["with"]) - pairs(story_of["without"])
        one_event = sum(event_of[a] == event_of[b] for a, b in added)
        one_topic = sum(event_of[a] != event_of[b] and topic_of[a] == topic_of[b] for a, b in added)
        out[Path(lab).name] = {"pairs_added": len(added), "one_event": one_event, "one_topic_other_event": one_topic,
                               "neither": len(added) - one_event - one_topic,
                               "pairs_lost": len(pairs(story_of["without"]) - pairs(story_of["with"])),
                               "stories": {v: len(set(so.values())) for v, so in story_of.items()}}
        print(Path(lab).name, out[Path(lab).name], flush=True)
    path = RESULTS / f"stories_follow_up_merge_pairs_{name}.json"
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(path)


def main() -> None:
    from pipelines.core import stories

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", type=Path)
    ap.add_argument("--warehouses", action="append", default=[])
    ap.add_argument("--labels", action="append", default=[])
    ap.add_argument("--name", required=True)
    ap.add_argument("--show", type=int, default=20, help="changed stories listed")
    ap.add_argument("--params", default="{}", help='JSON: StoryParams of the merge on (default: shipped)')
    args = ap.parse_args()
    if args.warehouses:
        return added_pairs(args.warehouses, args.labels, args.name)
    docs = load_docs(args.db, by_article_id=True)
    doc_of = {dev_id: doc for dev_id, doc in docs}
    shipped = dataclasses.replace(stories.StoryParams(), **json.loads(args.params))
    result: dict = {"articles": len(docs), "params": json.loads(args.params),
                    "merge_follow_up_min_articles": shipped.merge_follow_up_min_articles}
    story_of, made = {}, {}
    for variant, params in (("without", dataclasses.replace(shipped, merge_follow_up_min_articles=0)),
                            ("with", shipped)):
        started = time.perf_counter()
        story_of[variant] = replay(docs, params)
        sizes = Counter(story_of[variant].values())
        made[variant] = {frozenset(i for i, s in story_of[variant].items() if s == sid) for sid in sizes}
        result[variant] = {"stories": len(sizes), "story_pairs": sum(n * (n - 1) // 2 for n in sizes.values()),
                           "largest": [n for _sid, n in sizes.most_common(10)],
                           "replay_seconds": round(time.perf_counter() - started, 1)}
        print(variant, result[variant], flush=True)
    changed = sorted(made["with"] - made["without"], key=len, reverse=True)
    result["changed_stories"] = len(changed)
    result["largest_changed"] = []
    for members in changed[:args.show]:
        parts = Counter(story_of["without"][i] for i in members)
        entry = {"articles": len(members), "from_stories": []}
        for part, n in parts.most_common():
            ids = sorted((i for i in members if story_of["without"][i] == part), key=lambda i: doc_of[i].seen_at)
            entry["from_stories"].append({
                "articles": n, "published": [doc_of[ids[0]].seen_at.date().isoformat(),
                                             doc_of[ids[-1]].seen_at.date().isoformat()],
                "headline": doc_of[ids[0]].title})
        result["largest_changed"].append(entry)
    path = RESULTS / f"stories_follow_up_merge_scale_{args.name}.json"
    path.write_text(json.dumps(result, indent=1) + "\n")
    print(path)


if __name__ == "__main__":
    main()
