"""How far the story features can tell one event's articles from other events' on a multi-outlet set.

Run by hand (the warehouses `stories_dev.py build` made for the set; read only):

    .venv/bin/python benchmarks/stories_outlets_pairs.py --warehouses /tmp/w2672 \
        --labels benchmarks/judged/story_events_2672.json --name 2672

Every pair of articles (the later one read against a story of the earlier one alone, vectors as the
stage builds them online) is one labelled event or not. Counted at cuts of the features the learned
similarity reads (`cosine`, `entity_cosine`, `word_cosine`, `title_cosine`), over all pairs (undated:
nothing else tells them apart) and over the pairs published at most 2 days apart (dated), with the
probabilities the shipped dated and undated models give them; plus pairs sharing entities that few
articles of the set name (`rare_entities`). Writes benchmarks/results/stories_outlets_pairs_<name>.json.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.stories_dev import RESULTS  # noqa: E402
from benchmarks.stories_dev_fast import load_docs, online_vectors  # noqa: E402

CUTS = (0.1, 0.15, 0.2, 0.3, 0.4)
FEATURES = ("cosine", "entity_cosine", "word_cosine", "title_cosine")
NEAR_DAYS = 2.0


def pairs(db: Path, event_of: dict[str, str]) -> list[dict]:
    from pipelines.core import stories
    from pipelines.core.stories import StoryParams, StoryState, default_model, pair_features

    params = StoryParams()
    model = default_model()
    rows = list(online_vectors(load_docs(db), params))
    out = []
    for i, (a, da, va, _ta) in enumerate(rows):
        for b, db_, vb, tb in rows[i + 1:]:
            story = StoryState("a", "", dict(va), da.published_at, da.published_at, da.seen_at, da.seen_at,
                               da.ingested_at, articles=1)
            salient = stories.salient_entities(db_, params.salient_entities)
            f = pair_features(db_, vb, tb, salient, story, params)
            out.append({"same": event_of[a] == event_of[b], "features": f, "p": model.probability(f),
                        "shared_salient": sum(1 for t in salient if t in story.centroid)})
    return out


def table(rows: list[dict]) -> dict:
    out = {"pairs": [sum(r["same"] for r in rows), sum(not r["same"] for r in rows)]}
    for k in FEATURES:
        out[k] = {str(c): [sum(1 for r in rows if r["same"] and r["features"][k] >= c),
                           sum(1 for r in rows if not r["same"] and r["features"][k] >= c)] for c in CUTS}
    out["probability"] = {str(c): [sum(1 for r in rows if r["same"] and r["p"] >= c),
                                   sum(1 for r in rows if not r["same"] and r["p"] >= c)]
                          for c in (0.02, 0.06, 0.2, 0.35, 0.5)}
    return out


def rare_entities(db: Path, event_of: dict[str, str]) -> dict:
    docs = load_docs(db)
    ents = {i: Counter(e for e, _n, _s in d.entities) for i, d in docs}
    df = Counter(e for c in ents.values() for e in c)
    ids = [i for i, _d in docs]
    out = {}
    for max_df in (2, 3, 5, 8):
        for need in (1, 2):
            same = diff = 0
            for k, a in enumerate(ids):
                for b in ids[k + 1:]:
                    if sum(1 for e in ents[a] if e in ents[b] and df[e] <= max_df) >= need:
                        same += event_of[a] == event_of[b]
                        diff += event_of[a] != event_of[b]
            out[f"named by <= {max_df} articles, {need}+ shared"] = [same, diff]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--warehouses", required=True)
    ap.add_argument("--labels", required=True)
    ap.add_argument("--name", required=True)
    args = ap.parse_args()
    labels = json.loads(Path(args.labels).read_text(encoding="utf-8"))
    event_of = {a["id"]: a["event"] for a in labels["articles"]}
    root = Path(args.warehouses)
    undated = pairs(root / "undated.duckdb", event_of)
    dated = [r for r in pairs(root / "dated.duckdb", event_of)
             if r["features"].get("log_days_apart", math.inf) <= math.log1p(NEAR_DAYS)]
    out = {"labels": args.labels, "seed": labels["seed"],
           "columns": "per cut: [one-event pairs at or above it, other pairs at or above it]",
           "undated_all_pairs": table(undated), f"dated_within_{NEAR_DAYS:g}_days": table(dated),
           "rare_entities_undated": rare_entities(root / "undated.duckdb", event_of)}
    path = RESULTS / f"stories_outlets_pairs_{args.name}.json"
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
