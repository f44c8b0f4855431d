"""The dated joins of the dev sets, right and wrong, with the features the learned similarity read.

Replays the stories stage's assignment on each dev set's dated warehouse (the shipped code: the same
order, batches, document frequencies and StoryIndex.assign as `stories_dev_fast.replay`; the second
stage's merges left out) and records every article that joined a story: right
when the story already held an article of its labelled event, else wrong; with the probability it
joined at, the size of the story and the pair's features. Then, for a grid of floors on
`word_cosine` and `title_cosine` (a dated join whose words or headline share little with the story),
how many right and wrong joins each would have refused. Dev sets only: the held-out sets' errors are
not read.

    .venv/bin/python benchmarks/stories_dated_joins.py --sets /tmp/storydev:story_events.json \
        /tmp/story2615:story_events_test.json /tmp/story2651:story_events_2651.json --name dev
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.stories_dev import RESULTS  # noqa: E402
from benchmarks.stories_dev_fast import load_docs, online_vectors  # noqa: E402
from pipelines.core import stories  # noqa: E402

HERE = Path(__file__).resolve().parent
WORD_FLOORS = (0.1, 0.15, 0.2)
TITLE_FLOORS = (0.05, 0.1, None)


def joins(root: Path, labels_path: Path) -> list[dict]:
    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    event_of = {a["id"]: a["event"] for a in labels["articles"]}
    params = stories.StoryParams()
    index = stories.StoryIndex(params)
    members: dict[str, list[str]] = {}
    out = []
    for dev_id, doc, vector, title in online_vectors(load_docs(root / "dated.duckdb"), params):
        salient = stories.salient_entities(doc, params.salient_entities)
        features = {sid: stories.pair_features(doc, vector, title, salient, index.stories[sid], params)
                    for sid in index.candidates(salient)}
        a = index.assign(doc, vector, title)
        if a.method == "joined":
            held = members[a.story_id]
            out.append({"right": any(event_of.get(m) == event_of.get(dev_id) for m in held),
                        "probability": a.similarity, "story_articles": len(held),
                        "features": {k: round(v, 3) for k, v in features[a.story_id].items()}})
        members.setdefault(a.story_id, []).append(dev_id)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", nargs="+", required=True, help="warehouse folder:labels file (in benchmarks/judged)")
    ap.add_argument("--name", required=True)
    args = ap.parse_args()
    out = {"sets": []}
    for spec in args.sets:
        folder, labels = spec.rsplit(":", 1)
        rows = joins(Path(folder), HERE / "judged" / labels)
        wrong = [r for r in rows if not r["right"]]
        floors = []
        for word in WORD_FLOORS:
            for title in TITLE_FLOORS:
                def refused(r, word=word, title=title):
                    f = r["features"]
                    return f["word_cosine"] < word and (title is None or f["title_cosine"] < title)
                floors.append({"word_cosine_below": word, "title_cosine_below": title,
                               "right_refused": sum(1 for r in rows if r["right"] and refused(r)),
                               "wrong_refused": sum(1 for r in wrong if refused(r))})
        row = {"labels": labels, "joins": len(rows), "wrong_joins": len(wrong),
               "wrong_into_one_article_story": sum(1 for r in wrong if r["story_articles"] == 1),
               "right_into_one_article_story": sum(1 for r in rows if r["right"] and r["story_articles"] == 1),
               "floors": floors, "wrong": wrong,
               "right_probabilities": sorted(r["probability"] for r in rows if r["right"])}
        out["sets"].append(row)
        print(json.dumps({k: v for k, v in row.items() if k not in ("wrong", "right_probabilities")}), flush=True)
    path = RESULTS / f"stories_dated_joins_{args.name}.json"
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(path)


if __name__ == "__main__":
    main()
