"""Stories, quote clusters and compared claims on real corpora: the samples mixed with BBC
and Reuters articles, timing per 100-article batch, and judged sets drawn at random.

Run by hand (never part of `make test`), e.g.:

    .venv/bin/python benchmarks/stories_corpus.py --bbc ../shared/corpora/bbc \
        --reuters ../shared/corpora/reuters21578.jsonl --per-corpus 200 --seed 12

1. Loads seeds/ + N random BBC files + N random Reuters records through the whole pipeline
   (Dagster, one run), so the story stage runs as in production (one batch).
2. Re-runs the stories stage alone on the same warehouse in batches of 100 articles (story
   tables emptied first) and records the time per batch as the warehouse grows.
3. Checks the samples: one story, and which other articles joined it.
4. Draws, with the recorded seed, 50 article pairs sharing at least two entities, 50 quote
   pairs by one speaker in one story, and 100 numeric-claim pairs in one story about the
   same counted object, with what the system decided, into benchmarks/judged/*.json for a
   person to judge (the `gold` fields) BEFORE looking at the system's answers; with
   --score, reads the judged files back and writes precision/recall.
Results: benchmarks/results/stories_corpus.json.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb
from dagster import DagsterInstance, materialize

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipelines import warehouse  # noqa: E402
from pipelines.jobs import ALL_ASSETS, ALL_CHECKS  # noqa: E402
from pipelines.resources import NlpResource, WarehouseResource  # noqa: E402
from pipelines.settings import SEEDS_DIR  # noqa: E402
from pipelines.stages.stories import run_stories  # noqa: E402

HERE = Path(__file__).resolve().parent
JUDGED = HERE / "judged"
RESULTS = HERE / "results" / "stories_corpus.json"
STORY_TABLES = ("stories", "story_articles", "story_postings", "story_term_stats", "story_splits", "quote_clusters",
                "date_claims", "story_processed")


def build_inputs(root: Path, bbc: Path, reuters: Path, n: int, rng: random.Random) -> list[Path]:
    seeds = root / "seeds"
    shutil.copytree(SEEDS_DIR, seeds)
    bbc_dir = root / "bbc"
    files = sorted(p for p in bbc.rglob("*.txt") if p.name.upper() != "README.TXT")
    for f in rng.sample(files, n):
        target = bbc_dir / f.parent.name / f.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, target)
    lines = [line for line in reuters.read_text(encoding="utf-8").splitlines()
             if len(json.loads(line).get("body") or "") > 400]
    (root / "reuters").mkdir()
    (root / "reuters" / "sample.jsonl").write_text("\n".join(rng.sample(lines, n)) + "\n", encoding="utf-8")
    return [seeds, bbc_dir, root / "reuters"]


def time_batches(db: Path, batch: int) -> list[dict]:
    with warehouse.connect(str(db)) as con:
        for t in STORY_TABLES:
            con.execute(f"DELETE FROM {t}")
    out = []
    while True:
        with warehouse.connect(str(db)) as con:
            stored = con.execute("SELECT count(*) FROM story_articles").fetchone()[0]
            started = time.perf_counter()
            report = run_stories(con, f"bench-{len(out)}", limit=batch)
            if not report.articles:
                break
            warehouse.apply_views(con)
            q = time.perf_counter()
            touched = con.execute("SELECT count(*) FROM claim_comparisons WHERE story_id IN "
                                  "(SELECT story_id FROM story_articles WHERE run_id = ?)",
                                  [f"bench-{len(out)}"]).fetchone()[0]
            done = time.perf_counter()
        out.append({"articles_before": stored, "batch_articles": report.articles,
                    "stories_stage_seconds": round(q - started, 3), "comparisons_query_seconds": round(done - q, 3),
                    "comparisons": touched, "date_claims": report.date_claims})
        print(out[-1], flush=True)
    return out


def seed_check(db: Path) -> dict:
    """Stories holding the sample articles, and which other articles joined them."""
    with warehouse.connect(str(db), read_only=True) as con:
        seed_stories = [r[0] for r in con.execute(
            """SELECT DISTINCT story_id FROM story_articles sa JOIN articles a USING (article_id)
               WHERE a.source_path LIKE '%/seeds/%'""").fetchall()]
        joined = con.execute(
            """SELECT a.source_path, a.title FROM story_articles sa JOIN articles a USING (article_id)
               WHERE sa.story_id IN (SELECT unnest(?)) AND a.source_path NOT LIKE '%/seeds/%'""",
            [seed_stories]).fetchall()
        sizes = con.execute("SELECT article_count, count(*) FROM stories GROUP BY 1 ORDER BY 1").fetchall()
    return {"seed_stories": len(seed_stories), "unrelated_joined": [list(j) for j in joined],
            "story_size_histogram": sizes}


def draw_judged_sets(con: duckdb.DuckDBPyConnection, rng: random.Random,
                     claim_pairs: int = 100) -> dict[str, list[dict]]:
    pairs = con.execute("""
        WITH ents AS (SELECT DISTINCT article_id, entity_id FROM mentions
                      WHERE entity_id IS NOT NULL AND label IN ('PERSON','ORG','GPE','NORP','LOC','FAC','EVENT'))
        SELECT a.article_id, b.article_id FROM ents a JOIN ents b ON a.entity_id = b.entity_id
         AND a.article_id < b.article_id
        GROUP BY ALL HAVING count(*) >= 2 ORDER BY ALL""").fetchall()
    story = dict(con.execute("SELECT article_id, story_id FROM story_articles").fetchall())
    text = {aid: (title, body) for aid, title, body in con.execute("SELECT article_id, title, body FROM articles").fetchall()}
    # Random candidate pairs are nearly all different events, so half the pairs are drawn from
    # the pairs the system put in one story (for precision), half from the candidates (recall).
    same = con.execute("""SELECT a.article_id, b.article_id FROM story_articles a JOIN story_articles b
                          ON a.story_id = b.story_id AND a.article_id < b.article_id ORDER BY ALL""").fetchall()
    drawn = rng.sample(same, min(25, len(same)))
    drawn += rng.sample([p for p in pairs if p not in set(drawn)], min(50 - len(drawn), len(pairs)))
    rng.shuffle(drawn)
    stories = [{"a": a, "b": b, "title_a": text[a][0], "title_b": text[b][0], "lead_a": text[a][1][:400],
                "lead_b": text[b][1][:400], "system_same": story.get(a) == story.get(b), "gold_same": None}
               for a, b in drawn]
    quotes = con.execute("""
        SELECT qa.quote_id, qb.quote_id, qa.speaker, qa.text, qb.text, ca.cluster_id = cb.cluster_id
        FROM quotes qa JOIN quotes qb ON qa.speaker_entity_id = qb.speaker_entity_id AND qa.quote_id < qb.quote_id
        JOIN story_articles sa ON sa.article_id = qa.article_id JOIN story_articles sb ON sb.article_id = qb.article_id
        JOIN quote_clusters ca ON ca.quote_id = qa.quote_id JOIN quote_clusters cb ON cb.quote_id = qb.quote_id
        WHERE sa.story_id = sb.story_id AND qa.quote_type <> 'indirect' AND qb.quote_type <> 'indirect'
        ORDER BY ALL""").fetchall()
    # Same stratification as the story pairs: half from the system's clusters, half at random.
    clustered = [q for q in quotes if q[5]]
    drawn_q = rng.sample(clustered, min(25, len(clustered)))
    drawn_q += rng.sample([q for q in quotes if q not in drawn_q], min(50 - len(drawn_q), len(quotes)))
    rng.shuffle(drawn_q)
    quote_set = [{"a": a, "b": b, "speaker": s, "text_a": ta, "text_b": tb, "system_same": same, "gold_same": None}
                 for a, b, s, ta, tb, same in drawn_q]
    # Claim pairs in one story about one counted object, whatever the outlet (the corpora are
    # one outlet each): would they be compared, and with which verdict.
    claims = con.execute("""
        WITH c AS (SELECT n.*, sa.story_id FROM numeric_claims n JOIN story_articles sa USING (article_id)
                   WHERE n.object_lemma IS NOT NULL AND n.qualifier NOT IN ('up', 'down'))
        SELECT a.claim_id, b.claim_id, a.sentence, a.text, a.predicate, a.qualifier, a.value, a.value_low,
               a.value_high, b.sentence, b.text, b.predicate, b.qualifier, b.value, b.value_low, b.value_high,
               a.predicate IS NOT NULL AND a.predicate = b.predicate
                 AND coalesce(a.unit, '') = coalesce(b.unit, '') AS compared
        FROM c a JOIN c b ON a.story_id = b.story_id AND a.object_lemma = b.object_lemma
         AND a.claim_id < b.claim_id AND a.article_id <> b.article_id
        ORDER BY ALL""").fetchall()
    claim_set = []
    for row in rng.sample(claims, min(claim_pairs, len(claims))):
        (ia, ib, sa_, ta, pa, qa, va, la, ha, sb_, tb, pb, qb, vb, lb, hb, compared) = row
        claim_set.append({"a": ia, "b": ib, "sentence_a": sa_, "text_a": ta, "predicate_a": pa,
                          "interval_a": [qa, va, la, ha], "sentence_b": sb_, "text_b": tb, "predicate_b": pb,
                          "interval_b": [qb, vb, lb, hb], "system_compared": bool(compared),
                          "system_verdict": verdict(qa, va, la, ha, qb, vb, lb, hb) if compared else None,
                          "gold_same_thing": None, "gold_verdict": None})
    return {"story_pairs": stories, "quote_pairs": quote_set, "claim_pairs": claim_set}


def verdict(qa, va, la, ha, qb, vb, lb, hb) -> str:
    """The same interval logic as the claim_comparisons view (sql/views.sql), in Python."""
    def interval(q, v, lo, hi):
        inf = float("inf")
        if q in ("<", "<="):
            return -inf, hi if hi is not None else v, False, q == "<"
        if q in (">", ">="):
            return lo if lo is not None else v, inf, q == ">", False
        low, high = (lo if lo is not None else v), (hi if hi is not None else v)
        return (low * 0.9, high * 1.1, False, False) if q == "~" else (low, high, False, False)
    if (qa, va, la, ha) == (qb, vb, lb, hb):
        return "agree"
    a, b = interval(qa, va, la, ha), interval(qb, vb, lb, hb)
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    if lo < hi:
        return "compatible"
    if lo == hi and not any((lo == x[0] and x[2]) or (hi == x[1] and x[3]) for x in (a, b)):
        return "compatible"
    return "conflict"


def load_judged() -> dict[str, list[dict]]:
    """The judged files; claim pairs from every claim_pairs*.json (the sample warehouse's and
    the large one's)."""
    judged = {k: json.loads((JUDGED / f"{k}.json").read_text()) for k in ("story_pairs", "quote_pairs")}
    judged["claim_pairs"] = [c for path in sorted(JUDGED.glob("claim_pairs*.json"))
                             for c in json.loads(path.read_text())]
    return judged


def score(judged: dict[str, list[dict]]) -> dict:
    def pr(items, sys_key, gold_key):
        tp = sum(1 for i in items if i[sys_key] and i[gold_key])
        fp = sum(1 for i in items if i[sys_key] and not i[gold_key])
        fn = sum(1 for i in items if not i[sys_key] and i[gold_key])
        return {"pairs": len(items), "gold_positive": tp + fn, "system_positive": tp + fp, "tp": tp, "fp": fp,
                "fn": fn, "precision": round(tp / (tp + fp), 3) if tp + fp else None,
                "recall": round(tp / (tp + fn), 3) if tp + fn else None}
    claims = judged["claim_pairs"]
    both = [c for c in claims if c["system_compared"] and c["gold_same_thing"]]
    return {
        "story_membership": pr(judged["story_pairs"], "system_same", "gold_same"),
        "quote_clusters": pr(judged["quote_pairs"], "system_same", "gold_same"),
        "claims_compared": pr(claims, "system_compared", "gold_same_thing"),
        "claim_verdict_accuracy_on_compared_same_thing": {
            "pairs": len(both), "right": sum(1 for c in both if c["system_verdict"] == c["gold_verdict"])},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bbc", type=Path, required=True)
    parser.add_argument("--reuters", type=Path, required=True)
    parser.add_argument("--per-corpus", type=int, default=200)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--keep", type=Path, help="keep the warehouse here")
    parser.add_argument("--score", action="store_true", help="score the judged files and update the results")
    parser.add_argument("--rerun", default="", help="re-run the stories stage on --keep and re-score (describe "
                        "the change being measured)")
    parser.add_argument("--suffix", default="", help="file name suffix of re-drawn judged sets")
    parser.add_argument("--claim-pairs", type=int, default=100, help="claim pairs to draw")
    parser.add_argument("--draw-only", default="", help="only (re)draw these judged sets (comma-separated) from --keep")
    args = parser.parse_args()
    if args.score:
        judged = load_judged()
        results = json.loads(RESULTS.read_text())
        results["judged"] = score(judged)
        RESULTS.write_text(json.dumps(results, indent=2, default=str) + "\n")
        print(json.dumps(results["judged"], indent=2))
        return

    if args.rerun:  # the current code's stories stage on a kept warehouse, scored on the judged pairs
        batches = time_batches(args.keep, args.batch)
        with warehouse.connect(str(args.keep), read_only=True) as con:
            story = dict(con.execute("SELECT article_id, story_id FROM story_articles").fetchall())
            cluster = dict(con.execute("SELECT quote_id, cluster_id FROM quote_clusters").fetchall())
        judged = load_judged()
        for p in judged["story_pairs"]:
            p["system_same"] = story.get(p["a"]) == story.get(p["b"])
        for p in judged["quote_pairs"]:
            p["system_same"] = cluster.get(p["a"]) == cluster.get(p["b"])
        results = json.loads(RESULTS.read_text())
        results["after_tuning"] = {"change": args.rerun, "judged": score(judged), "batches": batches,
                                   "samples": seed_check(args.keep)}
        RESULTS.write_text(json.dumps(results, indent=2, default=str) + "\n")
        print(json.dumps(results["after_tuning"], indent=2, default=str))
        return
    if args.draw_only:  # re-draw the judged sets from a kept warehouse
        with warehouse.connect(str(args.keep), read_only=True) as con:
            judged = draw_judged_sets(con, random.Random(args.seed), args.claim_pairs)
        JUDGED.mkdir(exist_ok=True)
        for name, items in judged.items():
            if name in args.draw_only.split(","):
                (JUDGED / f"{name}{args.suffix}.json").write_text(json.dumps(items, indent=1, ensure_ascii=False, default=str)
                                                     + "\n")
        return
    rng = random.Random(args.seed)
    root = Path(tempfile.mkdtemp(prefix="stories_bench_"))
    inputs = build_inputs(root, args.bbc, args.reuters, args.per_corpus, rng)
    db = args.keep or root / "news.duckdb"
    started = time.perf_counter()
    result = materialize([*ALL_ASSETS, *ALL_CHECKS], resources={
        "warehouse": WarehouseResource(db_path=str(db)), "nlp": NlpResource()},
        run_config={"ops": {"raw_articles": {"config": {"paths": [str(p) for p in inputs]}}}},
        instance=DagsterInstance.ephemeral(), raise_on_error=False)
    pipeline_seconds = time.perf_counter() - started
    checks = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}

    one_batch = seed_check(db)
    batches = time_batches(db, args.batch)
    batched = seed_check(db)
    with warehouse.connect(str(db), read_only=True) as con:
        totals = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("articles", "stories", "quote_clusters", "date_claims", "numeric_claims")}
        judged = draw_judged_sets(con, random.Random(args.seed))
    JUDGED.mkdir(exist_ok=True)
    for name, items in judged.items():
        path = JUDGED / f"{name}.json"
        if path.exists():
            print(f"{path} exists (judged already?): not overwritten")
            continue
        path.write_text(json.dumps(items, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    results = {"seed": args.seed, "per_corpus": args.per_corpus, "pipeline_seconds": round(pipeline_seconds, 1),
               "checks": checks, "totals": totals, "samples_one_batch": one_batch,
               "samples_batches_of_100": batched, "batches": batches,
               "note": "timings on a 2-core machine shared with other jobs (contended)"}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(json.dumps({k: v for k, v in results.items() if k != "batches"}, indent=2, default=str))


if __name__ == "__main__":
    main()
