"""Undated story merges: features of two stories deciding in place of one centroid cosine.

Run by hand on the dev sets' undated warehouses (`stories_dev.py build`); never on held-out sets:

    .venv/bin/python benchmarks/stories_undated_merge_fit.py --name r10 \
        --warehouses /tmp/storydev --labels benchmarks/judged/story_events.json \
        --warehouses /tmp/story2615 --labels benchmarks/judged/story_events_test.json \
        --warehouses /tmp/story2651 --labels benchmarks/judged/story_events_2651.json

Replays each set as the stage does (`stories_dev_fast.online_vectors`, the shipped similarity, the
cosine rule's merges after each batch: the weights' undated merge model left out) and, before each
batch's merges, takes every pair the merge stage compares (a story the batch founded or grew against
a candidate holding one of its heaviest entities, sharing two, ingested within the window): its
`stories.story_pair_features` and how many of its cross pairs of articles are one labelled event or
one topic. Fits a logistic regression (positive: most cross pairs one event) on all sets, then
replays each set with that model as the weights' 'merge_undated' at each --thresholds value
(`StoryParams.min_probability_merge_undated`), and writes the pairs nearest the cosine threshold,
the fit and the sweep to benchmarks/results/stories_undated_merge_fit_<name>.json; the model goes
into pipelines/core/stories.weights.json by hand (its 'merge_undated').

`--scale DB --name N` instead replays a larger warehouse's articles with their published dates taken
away (all of them then inside one ingest window: the dense case for undated merges), with the shipped
weights and with the same weights without their undated merge model, and writes the number of
stories and story pairs and the headlines of the largest stories that changed to
benchmarks/results/stories_undated_merge_scale_<N>.json (e.g. the first 2,901 Reuters-21578 articles
of a warehouse `stories_scale.py`-style built from them).
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.stories_dev import RESULTS, pair_scores, topics  # noqa: E402
from benchmarks.stories_dev_fast import load_docs, online_vectors, replay  # noqa: E402
from benchmarks.stories_model_fit import fit  # noqa: E402


def scale(db: Path, name: str) -> None:
    """Stories with and without the undated merge model over a warehouse's articles, dates taken away."""
    from collections import Counter

    from pipelines.core import stories

    docs = [(dev_id, dataclasses.replace(doc, published_at=None)) for dev_id, doc in load_docs(db)]
    title = {dev_id: doc.title for dev_id, doc in docs}
    shipped = stories.default_model()
    result: dict = {"articles": len(docs), "merge_undated": shipped.merge_undated}
    made, story_of = {}, {}
    for variant, model in (("cosine_rule", dataclasses.replace(shipped, merge_undated=None)), ("shipped", shipped)):
        story_of[variant] = replay(docs, stories.StoryParams(), model=model)
        sizes = Counter(story_of[variant].values())
        made[variant] = {frozenset(i for i, s in story_of[variant].items() if s == sid) for sid in sizes}
        result[variant] = {"stories": len(sizes), "story_pairs": sum(n * (n - 1) // 2 for n in sizes.values()),
                           "largest": [n for _sid, n in sizes.most_common(10)]}
        print(variant, result[variant], flush=True)
    grown = sorted(made["shipped"] - made["cosine_rule"], key=len, reverse=True)
    result["changed_stories"] = len(grown)
    # Each changed story: the sizes of the cosine rule's stories it is made of, and a headline of each.
    result["largest_changed"] = []
    for members in grown[:16]:
        parts = Counter(story_of["cosine_rule"][i] for i in members)
        result["largest_changed"].append({"articles": len(members), "from_stories": [n for _s, n in parts.most_common()],
                                          "a_headline_of_each": [title[min(i for i in members if story_of["cosine_rule"][i] == p)]
                                                                 for p, _n in parts.most_common()]})
    path = RESULTS / f"stories_undated_merge_scale_{name}.json"
    path.write_text(json.dumps(result, indent=1) + "\n")
    print(path)


def merge_pairs(docs, event_of, topic_of, params, model, batch: int = 100) -> list[dict]:
    """The pairs the merge stage compares, replayed online with `model` (without an undated merge
    model: the cosine rule): their `story_pair_features` and the share of their cross pairs of
    articles that are one labelled event, or one event or topic."""
    from pipelines.core import stories

    index = stories.StoryIndex(params, model=model)
    members: dict[str, list[str]] = {}
    grown: list[str] = []
    rows = []
    for n, (dev_id, doc, vector, title) in enumerate(online_vectors(docs, params, batch), 1):
        sid = index.assign(doc, vector, title).story_id
        members.setdefault(sid, []).append(dev_id)
        grown.append(sid)
        if n % batch and n != len(docs):
            continue
        seen: set[tuple[str, str]] = set()
        for story_id in sorted(set(grown)):
            a = index.stories[story_id]
            top = stories.heaviest_entities(a, params.salient_entities)
            for other_id in sorted(index.candidates(top)):
                key = tuple(sorted((story_id, other_id)))
                b = index.stories[other_id]
                if other_id == story_id or key in seen or not stories.spans_close(a, b, params) \
                        or sum(1 for t in top if t in b.centroid) < params.min_shared_entities:
                    continue
                seen.add(key)
                cross = [(x, y) for x in members[story_id] for y in members[other_id]]
                rows.append({"features": stories.story_pair_features(
                    a, b, top, stories.heaviest_entities(b, params.salient_entities)),
                    "one_event": sum(event_of[x] == event_of[y] for x, y in cross) / len(cross),
                    "one_topic": sum(event_of[x] == event_of[y] or topic_of.get(x) == topic_of.get(y)
                                     for x, y in cross) / len(cross), "cross_pairs": len(cross)})
        for gone, into in stories.merge_targets(index.merge_converged(grown)).items():
            members[into].extend(members.pop(gone, []))
        grown = []
    return rows


def main() -> None:
    from pipelines.core import stories

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--warehouses", action="append", default=[])
    ap.add_argument("--labels", action="append", default=[])
    ap.add_argument("--scale", type=Path, help="a warehouse's dated.duckdb to replay without dates (see above)")
    ap.add_argument("--thresholds", default="0.02,0.04,0.06,0.08,0.1,0.15,0.2")
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--name", required=True)
    args = ap.parse_args()
    if args.scale:
        return scale(args.scale, args.name)
    params = stories.StoryParams()
    cosine_rule = dataclasses.replace(stories.default_model(), merge_undated=None)
    sets = []
    for w, lab in zip(args.warehouses, args.labels):
        labels = json.loads(Path(lab).read_text(encoding="utf-8"))
        sets.append((Path(lab).name, load_docs(Path(w) / "undated.duckdb"),
                     {a["id"]: a["event"] for a in labels["articles"]}, topics(labels)))
    result = {"features": stories.STORY_PAIR_FEATURES, "sets": {}, "sweep": {},
              "columns": "precision, recall, topic_precision, large_event_recall"}
    rows = []
    for name, docs, event_of, topic_of in sets:
        set_rows = merge_pairs(docs, event_of, topic_of, params, cosine_rule)
        s = pair_scores(replay(docs, params, model=cosine_rule), event_of, topic_of)
        near = sorted(set_rows, key=lambda r: -r["features"]["cosine"])[:8]
        result["sets"][name] = {"pairs": len(set_rows), "one_event_pairs": sum(r["one_event"] >= 0.5 for r in set_rows),
                                "cosine_rule": [s["precision"], s["recall"], s["topic_precision"], s["large_event_recall"]],
                                "nearest_the_cosine_threshold": [
                                    {k: round(v, 3) for k, v in r["features"].items()} | {
                                        "one_event": round(r["one_event"], 3), "one_topic": round(r["one_topic"], 3),
                                        "cross_pairs": r["cross_pairs"]} for r in near]}
        rows += set_rows
        print(name, result["sets"][name]["pairs"], result["sets"][name]["one_event_pairs"], flush=True)
    result["model"] = fit([r["features"] for r in rows], [int(r["one_event"] >= 0.5) for r in rows],
                          stories.STORY_PAIR_FEATURES, args.l2) | {
        "sets": [name for name, *_rest in sets], "l2": args.l2,
        "fitted_by": "benchmarks/stories_undated_merge_fit.py (positive: most cross pairs of articles one event)"}
    learned = dataclasses.replace(cosine_rule, merge_undated=result["model"])
    for t in map(float, args.thresholds.split(",")):
        result["sweep"][t] = {}
        for name, docs, event_of, topic_of in sets:
            s = pair_scores(replay(docs, dataclasses.replace(params, min_probability_merge_undated=t), model=learned),
                            event_of, topic_of)
            result["sweep"][t][name] = [s["precision"], s["recall"], s["topic_precision"], s["large_event_recall"]]
        print(t, result["sweep"][t], flush=True)
    path = RESULTS / f"stories_undated_merge_fit_{args.name}.json"
    path.write_text(json.dumps(result, indent=1) + "\n")
    print(path)


if __name__ == "__main__":
    main()
