"""Story quality on the event-labelled dev set (benchmarks/judged/story_events.json), dated and
undated, through the real pipeline.

Run by hand (never part of the test suite):

    .venv/bin/python benchmarks/stories_dev.py build --reuters ../shared/corpora/reuters21578.jsonl \
        --polnear ../shared/eval/polnear --out /tmp/storydev
    .venv/bin/python benchmarks/stories_dev.py score --warehouses /tmp/storydev --name first_run

`build` writes the labelled articles twice: dated (one JSON Lines file: title, body, date, publisher,
url) and undated (one .txt file per article: title line, body; no date, no publisher), and loads each
into its own warehouse with the whole Dagster job (ingest, cleaning, NLP, entities, stories...).
--labels benchmarks/judged/story_events_test.json: the held-out set drawn after tuning (final figure).
`score` re-runs the stories stage on a copy of each warehouse (story tables emptied first, the
articles in 100-article batches as the stage takes them) and writes pairwise story precision and
recall against the labels to benchmarks/results/stories_dev_<name>.json: a pair is two articles
put in one story; precision = the share of those in one labelled event, recall = the share of
same-event pairs found in one story; topic_precision = the share in one event or one topic (the
title word that drew them: one company, person or body; PolNeAR: the 2016 campaign);
large_event_recall = the recall over the pairs of events of LARGE_EVENT articles or more. The samples
are not part of it. `score --params` replaces StoryParams fields (a replay setting, recorded in the
file); `sweep` scores a grid of StoryParams the same way.
"""
from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
import time
from collections import Counter
from datetime import datetime
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HERE = Path(__file__).resolve().parent
LABELS = HERE / "judged" / "story_events.json"
RESULTS = HERE / "results"
STORY_TABLES = ("stories", "story_articles", "story_postings", "story_term_stats", "story_splits", "story_merges",
                "quote_clusters", "date_claims", "story_processed")


def _reuters_date(text: str) -> str:
    """'26-FEB-1987 15:01:01.79' as ISO UTC; a garbled clock ('605:12:19', a few records) keeps the day."""
    day, _, clock = text.strip().partition(" ")
    try:
        return datetime.strptime(f"{day} {clock.split('.')[0]}", "%d-%b-%Y %H:%M:%S").isoformat() + "Z"
    except ValueError:
        return datetime.strptime(day, "%d-%b-%Y").date().isoformat()


def _texts(reuters: Path, polnear: Path) -> dict[str, dict]:
    out = {}
    for line in reuters.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        out[f"reuters:{r['id']}"] = {"title": r["title"], "body": r["body"], "publisher": "Reuters",
                                     "date": _reuters_date(r["date"])}
    with (polnear / "metadata.tsv").open(encoding="utf-8") as f:
        for m in csv.DictReader(f, delimiter="\t"):
            files = list((polnear / m["compartment"] / "text").glob(m["filename"] + "*"))
            if files:
                out["polnear:" + m["filename"]] = {"title": m["title"], "body": files[0].read_text(encoding="utf-8"),
                                                   "publisher": m["publisher"], "date": m["publication_date"]}
    return out


def _safe(article_id: str) -> str:
    return article_id.replace(":", "__").replace("/", "_")


def build(args: argparse.Namespace) -> None:
    from dagster import DagsterInstance, materialize

    from pipelines.jobs import ALL_ASSETS, ALL_CHECKS
    from pipelines.resources import NlpResource, WarehouseResource

    labels = json.loads(Path(args.labels).read_text(encoding="utf-8"))
    texts = _texts(Path(args.reuters), Path(args.polnear))
    out = Path(args.out)
    (out / "dated").mkdir(parents=True, exist_ok=True)
    (out / "undated").mkdir(parents=True, exist_ok=True)
    with (out / "dated" / "articles.jsonl").open("w", encoding="utf-8") as f:
        for a in labels["articles"]:
            t = texts[a["id"]]
            f.write(json.dumps({"url": f"https://dev.example/{_safe(a['id'])}", "title": t["title"], "body": t["body"],
                                "date": t["date"], "publisher": t["publisher"]}) + "\n")
    for a in labels["articles"]:
        t = texts[a["id"]]
        (out / "undated" / f"{_safe(a['id'])}.txt").write_text(t["title"] + "\n\n" + t["body"], encoding="utf-8")
    timings = {}
    for variant in ("dated", "undated"):
        db = out / f"{variant}.duckdb"
        db.unlink(missing_ok=True)
        started = time.perf_counter()
        result = materialize([*ALL_ASSETS, *ALL_CHECKS], resources={
            "warehouse": WarehouseResource(db_path=str(db)), "nlp": NlpResource()},
            run_config={"ops": {"raw_articles": {"config": {"paths": [str(out / variant)]}}}},
            instance=DagsterInstance.ephemeral(), raise_on_error=False)
        timings[variant] = {"seconds": round(time.perf_counter() - started, 1), "success": result.success}
        print(variant, timings[variant], flush=True)
    (out / "build.json").write_text(json.dumps(timings, indent=1))


def dev_ids(con) -> dict[str, str]:
    """warehouse article id -> dev article id, for the current versions of the loaded articles."""
    out = {}
    for aid, url, path in con.execute("SELECT article_id, url, source_path FROM articles "
                                      "WHERE superseded_by IS NULL").fetchall():
        key = (url or "").rsplit("/", 1)[-1] if url and "dev.example" in url else Path(path).stem
        out[aid] = key.replace("__", ":", 1)
    return out


def restory(db: Path, work: Path, batch: int, params=None) -> dict[str, str]:
    """dev id -> story id after re-running the stories stage on a copy of `db`."""
    from pipelines import warehouse
    from pipelines.stages.stories import run_stories

    copy = work / db.name
    shutil.copyfile(db, copy)
    with warehouse.connect(str(copy)) as con:
        for t in STORY_TABLES:
            con.execute(f"DELETE FROM {t}")
        n = 0
        while run_stories(con, f"dev-{n}", params=params, limit=batch).articles:
            n += 1
        ids = dev_ids(con)
        story = dict(con.execute("SELECT article_id, story_id FROM story_articles").fetchall())
        RESTORY_DATES.clear()
        RESTORY_DATES.update({f"{res}|{src}|{'day' if day else 'no day'}": n for res, src, day, n in con.execute(
            "SELECT resolution, reference_source, date_value IS NOT NULL, count(*) FROM date_claims "
            "GROUP BY ALL ORDER BY ALL").fetchall()})
    copy.unlink()
    return {ids[a]: s for a, s in story.items() if a in ids}


# The date claims of the last restory: resolution|reference_source|day or no day -> count.
RESTORY_DATES: dict[str, int] = {}


def topics(labels: dict) -> dict[str, str]:
    """The topic of each article: its labelled theme where the set has one (the multi-outlet sets),
    else how it was drawn (not a label): the title word that drew it (one company, person or body),
    'us-election-2016' for PolNeAR, else the article alone."""
    return {a["id"]: a.get("topic") or (a["drawn_by"] if a["drawn_by"] != "background" else
            ("us-election-2016" if a["id"].startswith("polnear:") else a["id"])) for a in labels["articles"]}


# Events of this many articles or more count as large (large_event_recall).
LARGE_EVENT = 6


def pair_scores(story_of: dict[str, str], event_of: dict[str, str], topic_of: dict[str, str] | None = None) -> dict:
    ids = sorted(i for i in event_of if i in story_of)
    tp = fp = fn = same_topic = 0
    wrong = []
    for a, b in combinations(ids, 2):
        same_story, same_event = story_of[a] == story_of[b], event_of[a] == event_of[b]
        tp += same_story and same_event
        fp += same_story and not same_event
        fn += same_event and not same_story
        if same_story and topic_of is not None:
            same_topic += same_event or topic_of[a] == topic_of[b]
        if same_story and not same_event:
            wrong.append([a, b])
    stories = {}
    for i in ids:
        stories.setdefault(story_of[i], []).append(i)
    # The outside judge's other question: do the articles of one large event mostly share a story?
    size = Counter(event_of[i] for i in ids)
    large_found = large_pairs = 0
    for a, b in combinations(ids, 2):
        if event_of[a] == event_of[b] and size[event_of[a]] >= LARGE_EVENT:
            large_pairs += 1
            large_found += story_of[a] == story_of[b]
    return {"large_events": sum(1 for n in size.values() if n >= LARGE_EVENT),
            "large_event_recall": round(large_found / large_pairs, 4) if large_pairs else None,
            "articles": len(ids), "missing": sorted(set(event_of) - set(story_of)), "stories": len(stories),
            "pairs_predicted": tp + fp, "pairs_gold": tp + fn,
            "precision": round(tp / (tp + fp), 4) if tp + fp else None,
            "recall": round(tp / (tp + fn), 4) if tp + fn else None,
            "topic_precision": round(same_topic / (tp + fp), 4) if tp + fp and topic_of else None,
            "false_pairs": wrong[:40]}


def score(args: argparse.Namespace) -> None:
    import subprocess

    labels = json.loads(Path(args.labels).read_text(encoding="utf-8"))
    event_of = {a["id"]: a["event"] for a in labels["articles"]}
    root = Path(args.warehouses)
    work = root / "work"
    work.mkdir(exist_ok=True)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=HERE).stdout.strip()
    overrides = json.loads(args.params) if args.params else {}
    params = None
    if overrides:
        import dataclasses

        from pipelines.core.stories import StoryParams
        params = dataclasses.replace(StoryParams(), **overrides)
    out = {"labels": str(Path(args.labels).resolve().relative_to(HERE.parent)), "seed": labels["seed"], "commit": commit,
           "note": args.note, "batch": args.batch, "params": overrides}
    for variant in ("dated", "undated"):
        started = time.perf_counter()
        story_of = restory(root / f"{variant}.duckdb", work, args.batch, params)
        out[variant] = pair_scores(story_of, event_of, topics(labels)) | {
            "stories_stage_seconds": round(time.perf_counter() - started, 2), "date_claims": dict(RESTORY_DATES),
            "invented_days": sum(n for k, n in RESTORY_DATES.items()
                                 if k.endswith("|none|day") and not k.startswith("absolute|"))}
        print(variant, {k: v for k, v in out[variant].items() if k not in ("false_pairs", "missing")}, flush=True)
    path = RESULTS / f"stories_dev_{args.name}.json"
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(path)




def sweep(args: argparse.Namespace) -> None:
    """Story precision/recall over a grid of StoryParams (for tuning on the dev set)."""
    import dataclasses
    import itertools

    from pipelines.core.stories import StoryParams

    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    event_of = {a["id"]: a["event"] for a in labels["articles"]}
    root = Path(args.warehouses)
    work = root / "work"
    work.mkdir(exist_ok=True)
    grid = json.loads(args.grid)
    rows = []
    for values in itertools.product(*grid.values()):
        params = dataclasses.replace(StoryParams(), **dict(zip(grid, values)))
        row = dict(zip(grid, values))
        for variant in args.variants.split(","):
            s = pair_scores(restory(root / f"{variant}.duckdb", work, args.batch, params), event_of, topics(labels))
            row[variant] = (s["precision"], s["recall"], s["topic_precision"])
        rows.append(row)
        print(row, flush=True)
    path = RESULTS / f"stories_dev_sweep_{args.name}.json"
    path.write_text(json.dumps({"grid": grid, "rows": rows}, indent=1) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("--reuters", required=True)
    b.add_argument("--polnear", required=True)
    b.add_argument("--out", required=True)
    b.add_argument("--labels", default=str(LABELS), help="the labelled set (default: the dev set)")
    s = sub.add_parser("score")
    s.add_argument("--warehouses", required=True)
    s.add_argument("--name", required=True)
    s.add_argument("--note", default="")
    s.add_argument("--batch", type=int, default=100)
    s.add_argument("--labels", default=str(LABELS), help="the labelled set (default: the dev set)")
    s.add_argument("--params", default="", help='JSON: StoryParams fields to replace (a replay setting, e.g. '
                   '{"merge_follow_up_min_articles": 0} turns the follow-up merge off); default: the shipped ones')
    w = sub.add_parser("sweep")
    w.add_argument("--warehouses", required=True)
    w.add_argument("--name", required=True)
    w.add_argument("--grid", required=True, help='JSON: {"param": [values]}')
    w.add_argument("--variants", default="dated,undated")
    w.add_argument("--batch", type=int, default=100)
    args = ap.parse_args()
    {"build": build, "score": score, "sweep": sweep}[args.cmd](args)


if __name__ == "__main__":
    main()
