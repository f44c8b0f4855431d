"""The learned merge with entity-specificity features: dev, held-out aggregates and the Reuters scale run.

Run by hand, after `stories_dev.py build` of each set and `stories_merge_scale.py` of the Reuters run:

    .venv/bin/python benchmarks/stories_merge_specific.py --weights /tmp/w.json --dir /tmp/sets \
        --scale /tmp/scale/dated.duckdb --name r10

`--weights`: a weights file whose merge model `stories_model_fit.py --variants merge` fitted (dev sets
only). Replays each set's dated warehouse (`stories_dev_fast.replay`) without and with the merge model,
also with the merge gated on `heaviest_entity_shared` reaching --gate (each story's heaviest entity held
by the other), and writes only aggregate figures for the held-out sets (their errors are not read). On
the Reuters warehouse it lists the stories the merge model changed (headlines) for reading.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.stories_dev import HERE, RESULTS, pair_scores, topics  # noqa: E402
from benchmarks.stories_dev_fast import load_docs, replay  # noqa: E402

SETS = (("dev 2611", "storydev", "story_events.json"), ("dev 2615", "story2615", "story_events_test.json"),
        ("dev 2651", "story2651", "story_events_2651.json"), ("held-out 2627", "story2627", "story_events_2627.json"),
        ("held-out 2641", "story2641", "story_events_2641.json"))


def gated(gate: float):
    """A StoryIndex._converged that also needs `heaviest_entity_shared` >= gate for a dated merge days apart."""
    from pipelines.core import stories

    plain = stories.StoryIndex._converged

    def converged(self, story, other, top, cosine):
        gap = stories.span_gap_days(story, other)
        if gap is not None and gap > self.params.merge_max_gap_days:
            features = stories.merge_features(story, other, top, stories.heaviest_entities(other, 8))
            if features["heaviest_entity_shared"] < gate:
                return False
        return plain(self, story, other, top, cosine)
    return plain, converged


def main() -> None:
    from pipelines.core import stories

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--weights", required=True, type=Path)
    ap.add_argument("--dir", required=True, type=Path, help="the sets' warehouses (one folder per set, as SETS names)")
    ap.add_argument("--scale", required=True, type=Path, help="stories_merge_scale.py's dated.duckdb")
    ap.add_argument("--gate", type=float, default=1.0)
    ap.add_argument("--name", required=True)
    args = ap.parse_args()
    model = stories.StoryModel.load(args.weights)
    plain, with_gate = gated(args.gate)
    variants = (("without_merge_model", dataclasses.replace(model, merge=None), plain),
                ("merge_model", model, plain), (f"merge_model_gated_{args.gate}", model, with_gate))
    result = {"commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                       cwd=HERE).stdout.strip(),
              "merge_model": model.merge, "columns": "precision, recall, topic_precision, large_event_recall",
              "sets": {}, "reuters": {}}
    for name, folder, labels_file in SETS:
        labels = json.loads((HERE / "judged" / labels_file).read_text(encoding="utf-8"))
        event_of = {a["id"]: a["event"] for a in labels["articles"]}
        docs = load_docs(args.dir / folder / "dated.duckdb")
        result["sets"][name] = {}
        for variant, m, converged in variants:
            stories.StoryIndex._converged = converged
            s = pair_scores(replay(docs, stories.StoryParams(), model=m), event_of, topics(labels))
            result["sets"][name][variant] = [s["precision"], s["recall"], s["topic_precision"], s["large_event_recall"]]
        print(name, result["sets"][name], flush=True)
    docs = load_docs(args.scale)
    title = {dev_id: doc.title for dev_id, doc in docs}
    made = {}
    for variant, m, converged in variants:
        stories.StoryIndex._converged = converged
        story_of = replay(docs, stories.StoryParams(), model=m)
        sizes = Counter(story_of.values())
        made[variant] = {frozenset(i for i, s in story_of.items() if s == sid) for sid in sizes}
        result["reuters"][variant] = {"stories": len(sizes),
                                      "story_pairs": sum(n * (n - 1) // 2 for n in sizes.values())}
        if variant != "without_merge_model":
            grown = sorted(made[variant] - made["without_merge_model"], key=len, reverse=True)
            result["reuters"][variant]["changed_stories"] = [
                {"articles": len(s), "headlines": sorted(title[i] for i in s)[:10]} for s in grown[:15]]
        print(variant, result["reuters"][variant]["stories"], flush=True)
    stories.StoryIndex._converged = plain
    path = RESULTS / f"stories_merge_specific_{args.name}.json"
    path.write_text(json.dumps(result, indent=1) + "\n")
    print(path)


if __name__ == "__main__":
    main()
