"""Why a dated join days apart cannot tell one event from one topic's other events on the dev sets:
every pair of dated articles drawn by one title word (one company, person or body) and more than a
day apart, counted as one labelled event or not, by the cosine of their tf-idf vectors (the stage's
`article_vector`, document frequencies over the whole warehouse) and by how many salient entities they
share and how rare the rarest of them is (its document frequency). Counts only.

    .venv/bin/python benchmarks/stories_r14_days_apart_pairs.py
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.stories_dev_fast import load_docs  # noqa: E402

SETS = [("storydev", "story_events.json"), ("story2615", "story_events_test.json"),
        ("story2651", "story_events_2651.json"), ("w2668", "story_events_2668.json")]
HERE = Path(__file__).resolve().parent


def main() -> None:
    from pipelines.core import stories

    params = stories.StoryParams()
    out = {}
    for warehouse, labels_file in SETS:
        labels = json.loads((HERE / "judged" / labels_file).read_text(encoding="utf-8"))
        event = {a["id"]: a["event"] for a in labels["articles"]}
        topic = {a["id"]: a["drawn_by"] for a in labels["articles"]}
        docs = load_docs(Path("/tmp/r14s") / warehouse / "dated.duckdb")
        by_id = dict(docs)
        counts = {i: stories.term_counts(d) for i, d in docs}
        df: Counter = Counter()
        for c in counts.values():
            df.update(c.keys())
        vector = {i: stories.article_vector(counts[i], df, len(docs), params) for i, _d in docs}
        salient = {i: set(stories.salient_entities(d, params.salient_entities)) for i, d in docs}
        table: Counter = Counter()
        for a, b in combinations(vector, 2):
            if topic[a] != topic[b] or topic[a] == "background":
                continue
            if abs((by_id[a].published_at - by_id[b].published_at).total_seconds()) <= 86400:
                continue
            kind = "one_event" if event[a] == event[b] else "other_event"
            cos = sum(w * vector[b].get(t, 0.0) for t, w in vector[a].items())
            shared = sorted(df[t] for t in salient[a] & salient[b])
            table[f"all|{kind}"] += 1
            for th in (0.2, 0.3, 0.4, 0.5):
                table[f"cosine>={th}|{kind}"] += cos >= th
                for k in (4, 6, 10):
                    table[f"cosine>={th} and 2+ shared salient entities, the rarest in <={k} articles|{kind}"] += \
                        cos >= th and len(shared) >= 2 and shared[0] <= k
        out[f"seed {labels.get('seed')}"] = {
            "articles": len(docs), **{key: {"one_event": table[f"{key}|one_event"], "other_event": table[f"{key}|other_event"]}
                                      for key in sorted({k.split("|")[0] for k in table})}}
        print(warehouse, out[f"seed {labels.get('seed')}"]["all"], flush=True)
    (HERE / "results" / "stories_r14_days_apart_pairs.json").write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
