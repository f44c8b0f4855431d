"""Fit the stories' learned similarity (pipelines/core/stories.weights.json) on dev sets.

Reads each dev set's articles and resolved entity mentions from the warehouses that
`benchmarks/stories_dev.py build` made (read only), then replays the labelled events as stories
would grow online (Miranda et al. 2018): in the stage's order and 100-article batches, with its
document frequencies, each article is compared with every candidate story the stage would look at
(`StoryIndex.candidates` for its salient entities, inside the time window, past the shared-entity
checks) built so far from the *labelled* events; a pair is positive when the candidate is the
article's own event. Then the article joins its event's story (or founds it). Logistic regressions
(L2, Newton's method, numpy), each over the pairs of every set given: 'dated' on the dated
warehouses' pairs over --dated-features, 'undated' on the undated ones' over --undated-features (no
time feature), 'follow_up' on the dated pairs the follow-up path scores (stories.is_follow_up: an
article a day or more from the span of a story of --follow-up-min-articles or more) over
--follow-up-features. --variants says which to fit; the others keep their weights in --out.

    .venv/bin/python benchmarks/stories_model_fit.py --variants follow_up \
        --warehouses /tmp/storydev --labels benchmarks/judged/story_events.json \
        --warehouses /tmp/story2615 --labels benchmarks/judged/story_events_test.json \
        --warehouses /tmp/story2651 --labels benchmarks/judged/story_events_2651.json

Only dev sets (seeds 2611, 2615, 2651) are used: the held-out sets measure.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.stories_dev import LABELS  # noqa: E402
from benchmarks.stories_dev_fast import load_docs, online_vectors  # noqa: E402


def gold_pairs(docs, event_of: dict[str, str], params, batch: int = 100,
               follow_ups: bool = False) -> tuple[list[dict], list[int]]:
    """(features, same event) for every (article, candidate labelled story) pair, replayed online;
    `follow_ups`: only the pairs the follow-up path scores (stories.is_follow_up)."""
    from pipelines.core import stories

    index = stories.StoryIndex(params)  # holds the labelled stories; its model is never asked
    rows, labels = [], []
    for dev_id, doc, vector, title in online_vectors(docs, params, batch):
        salient = stories.salient_entities(doc, params.salient_entities)
        event = event_of[dev_id]
        for sid in sorted(index.candidates(salient)):
            story = index.stories[sid]
            if not stories.in_window(doc, story, params.window_days, params.dated_window_days):
                continue
            if sum(1 for t in salient if t in story.centroid) < params.min_shared_entities:
                continue
            features = stories.pair_features(doc, vector, title, salient, story, params)
            if "time_factor" in features and features["shared_entity_weight"] < params.min_shared_entity_weight:
                continue  # the stage never scores it
            if follow_ups and not stories.is_follow_up(features, story, params):
                continue
            rows.append(features)
            labels.append(int(sid == event))
        story = index.stories.get(event)
        if story is None:
            story = stories.StoryState(event, event, {}, doc.published_at, doc.published_at, doc.seen_at,
                                       doc.seen_at, doc.ingested_at)
            index.add_story(story)
        index._grow(story, vector, doc)
    return rows, labels


def fit(rows: list[dict], labels: list[int], names: tuple[str, ...], l2: float) -> dict:
    """Logistic regression by Newton's method with an L2 penalty on the weights (not the bias)."""
    x = np.array([[1.0] + [r[n] for n in names] for r in rows])
    y = np.array(labels, dtype=float)
    w = np.zeros(x.shape[1])
    penalty = np.eye(x.shape[1]) * l2
    penalty[0, 0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        gradient = x.T @ (p - y) + penalty @ w
        hessian = x.T @ (x * (p * (1 - p))[:, None]) + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    p = 1.0 / (1.0 + np.exp(-x @ w))
    return {"bias": round(float(w[0]), 6), "weights": {n: round(float(v), 6) for n, v in zip(names, w[1:])},
            "pairs": len(labels), "positives": int(y.sum()),
            "log_loss": round(float(-np.mean(y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12))), 4)}


def main() -> None:
    from pipelines.core import stories

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--warehouses", required=True, action="append",
                    help="a dev set's warehouses (stories_dev.py build --out); repeat with --labels for several sets")
    ap.add_argument("--labels", action="append", help="the labels of each --warehouses, in order (default: the dev set)")
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--dated-features", default=",".join(("cosine", "entity_cosine", "word_cosine", "shared_entity_weight",
                                                          "salient_share", "title_cosine", "time_factor",
                                                          "log_days_apart")))
    ap.add_argument("--undated-features", default="cosine,entity_cosine",
                    help="without dates the dev set supported no more than these (docs/quality.md)")
    ap.add_argument("--follow-up-features", default=",".join(("cosine", "entity_cosine", "word_cosine",
                                                              "shared_entity_weight", "salient_share", "title_cosine",
                                                              "time_factor", "log_relative_days")))
    ap.add_argument("--follow-up-min-articles", type=int, default=2,
                    help="the follow-up model's pairs: stories of this many articles or more (the stage applies it "
                         "to StoryParams.follow_up_min_articles; fitted on the smaller ones too, it has more pairs)")
    ap.add_argument("--variants", default="dated,undated",
                    help="the models to fit; any other keeps its weights from --out")
    ap.add_argument("--dated-window-days", type=float, default=stories.StoryParams().dated_window_days,
                    help="the candidates' dated window the pairs are drawn from (StoryParams.dated_window_days)")
    ap.add_argument("--out", default=str(stories.WEIGHTS_FILE))
    args = ap.parse_args()
    label_paths = args.labels or [str(LABELS)]
    if len(label_paths) != len(args.warehouses):
        ap.error("give one --labels per --warehouses")
    sets = [(Path(w), json.loads(Path(lab).read_text(encoding="utf-8")), Path(lab).name)
            for w, lab in zip(args.warehouses, label_paths)]
    params = dataclasses.replace(stories.StoryParams(), dated_window_days=args.dated_window_days,
                                 follow_up_min_articles=args.follow_up_min_articles)
    out = json.loads(Path(args.out).read_text(encoding="utf-8")) if Path(args.out).exists() else {}
    variants = args.variants.split(",")
    out["fitted_on"] = ("each model on the sets it names, labelled events replayed online "
                        "(benchmarks/stories_model_fit.py)")
    for variant, names in (("dated", tuple(args.dated_features.split(","))),
                           ("undated", tuple(args.undated_features.split(","))),
                           ("follow_up", tuple(args.follow_up_features.split(",")))):
        if variant not in variants:
            continue
        rows, ys = [], []
        for warehouses, labels, _name in sets:
            event_of = {a["id"]: a["event"] for a in labels["articles"]}
            warehouse = warehouses / ("undated.duckdb" if variant == "undated" else "dated.duckdb")
            set_rows, set_ys = gold_pairs(load_docs(warehouse), event_of, params, follow_ups=variant == "follow_up")
            rows += set_rows
            ys += set_ys
        rows_ok = [(r, y) for r, y in zip(rows, ys) if all(n in r for n in names)]
        out[variant] = fit([r for r, _ in rows_ok], [y for _, y in rows_ok], names, args.l2) | {
            "sets": [f"{name} (seed {labels.get('seed')})" for _w, labels, name in sets], "l2": args.l2,
            "dated_window_days": args.dated_window_days} | (
            {"story_min_articles": args.follow_up_min_articles} if variant == "follow_up" else {})
        print(variant, out[variant], flush=True)
    Path(args.out).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(args.out)


if __name__ == "__main__":
    main()
