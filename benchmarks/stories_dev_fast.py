"""Fast story tuning on the dev set: the stories stage's assignment replayed in memory.

Reads the articles and their resolved entity mentions once from the dev warehouses that
`benchmarks/stories_dev.py build` made (read only), then replays what `run_stories` does in
100-article batches (the same order, the same document frequencies growing batch by batch, the same
`StoryIndex.assign`) with every story held in memory, for a grid of StoryParams. No date claims,
quote clusters or writes: a sweep point takes a second where the stage's re-run takes ~20 s.
Figures for the docs come from `stories_dev.py score` (the real stage); this is for sweeps.

    .venv/bin/python benchmarks/stories_dev_fast.py --warehouses /tmp/storydev --name thresholds \
        --grid '{"min_probability": [0.4, 0.5]}'
"""
from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.stories_dev import LABELS, RESULTS, dev_ids, pair_scores, topics  # noqa: E402


def load_docs(db: Path, by_article_id: bool = False):
    """(dev id, ArticleDoc) of the current originals in the stage's order (`by_article_id`: keyed by
    the warehouse's article id, for a warehouse that is not a dev set)."""
    import duckdb

    from pipelines.core import stories

    con = duckdb.connect(str(db), read_only=True)
    ids = dict(con.execute("SELECT article_id, article_id FROM articles").fetchall()) if by_article_id else dev_ids(con)
    rows = con.execute("""
        SELECT a.article_id, a.body, a.title, a.publisher, a.published_at, a.ingested_at FROM articles a
        WHERE a.duplicate_of IS NULL AND a.superseded_by IS NULL
          AND EXISTS (SELECT 1 FROM nlp_processed p WHERE p.article_id = a.article_id)
        ORDER BY coalesce(a.published_at, a.ingested_at), a.article_id""").fetchall()
    mentions: dict[str, list] = {}
    for aid, eid, name, label, start in con.execute("""
            SELECT m.article_id, m.entity_id, e.name, m.label, m.start_char FROM mentions m JOIN entities e
            USING (entity_id) WHERE m.entity_id IS NOT NULL ORDER BY m.article_id, m.start_char""").fetchall():
        if label in stories.SALIENT_LABELS:
            mentions.setdefault(aid, []).append((eid, name, start))
    con.close()
    return [(ids[aid], stories.ArticleDoc(aid, body, title, pub, p, i, mentions.get(aid, [])))
            for aid, body, title, pub, p, i in rows if aid in ids]


def online_vectors(docs, params, batch: int = 100):
    """(dev id, doc, vector, title vector) per article, with document frequencies grown batch by batch
    as the stage grows them."""
    from pipelines.core import stories

    df: dict[str, int] = {}
    n_docs = 0
    for start in range(0, len(docs), batch):
        part = docs[start:start + batch]
        counts = [stories.term_counts(d) for _id, d in part]
        for c in counts:
            for term in c:
                df[term] = df.get(term, 0) + 1
        n_docs += len(part)
        for (dev_id, doc), c in zip(part, counts):
            yield dev_id, doc, stories.article_vector(c, df, n_docs, params), stories.title_vector(doc, df, n_docs)


def replay(docs, params, batch: int = 100, model=None) -> dict[str, str]:
    """dev id -> story id, assigning as the stage does batch by batch, each batch's stories then merged
    where their centroids converged (`model`: the learned similarity, else the shipped weights)."""
    from pipelines.core import stories

    index = stories.StoryIndex(params, model=model)
    story_of: dict[str, str] = {}
    grown: list[str] = []
    for n, (dev_id, doc, vector, title) in enumerate(online_vectors(docs, params, batch), 1):
        story_of[dev_id] = index.assign(doc, vector, title).story_id
        grown.append(story_of[dev_id])
        if n % batch == 0 or n == len(docs):
            into = stories.merge_targets(index.merge_converged(grown))
            story_of = {i: into.get(s, s) for i, s in story_of.items()}
            grown = []
    return story_of


def main() -> None:
    from pipelines.core.stories import WEIGHTS_FILE, StoryModel, StoryParams

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--warehouses", required=True)
    ap.add_argument("--name", required=True)
    ap.add_argument("--grid", default="{}", help='JSON: {"param": [values]}')
    ap.add_argument("--variants", default="dated,undated")
    ap.add_argument("--labels", default=str(LABELS))
    ap.add_argument("--show-false", type=int, default=0, help="print this many wrong pairs per variant")
    ap.add_argument("--weights", default=str(WEIGHTS_FILE), help="the learned similarity's weights file")
    args = ap.parse_args()
    labels = json.loads(Path(args.labels).read_text(encoding="utf-8"))
    event_of = {a["id"]: a["event"] for a in labels["articles"]}
    title_of = {a["id"]: a["title"] for a in labels["articles"]}
    docs = {v: load_docs(Path(args.warehouses) / f"{v}.duckdb") for v in args.variants.split(",")}
    grid = json.loads(args.grid)
    model = StoryModel.load(Path(args.weights))
    rows = []
    for values in itertools.product(*grid.values()):
        row = dict(zip(grid, values))
        params = dataclasses.replace(StoryParams(), **row)
        for variant, vdocs in docs.items():
            s = pair_scores(replay(vdocs, params, model=model), event_of, topics(labels))
            row[variant] = (s["precision"], s["recall"], s["topic_precision"], s["stories"], s["large_event_recall"])
            for a, b in s["false_pairs"][:args.show_false]:
                print("  x", variant, event_of[a], "|", title_of[a][:60], "||", event_of[b], "|", title_of[b][:60])
        rows.append(row)
        print(row, flush=True)
    path = RESULTS / f"stories_dev_fast_{args.name}.json"
    path.write_text(json.dumps({"labels": labels.get("seed"), "weights": {"dated": model.dated, "undated": model.undated},
                                "columns": "precision, recall, topic_precision, stories, large_event_recall",
                                "grid": grid, "rows": rows}, indent=1) + "\n")


if __name__ == "__main__":
    main()
