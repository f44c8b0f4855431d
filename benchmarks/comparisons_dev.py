"""Verdicts of compared numeric claims, judged by hand: comparison corpora, seeded draws, a score.

Run by hand (never part of the test suite), e.g. the corpora docs/quality.md reports:

    .venv/bin/python benchmarks/comparisons_dev.py build --reuters ../shared/corpora/reuters21578.jsonl \
        --bbc ../shared/corpora/bbc --polnear ../shared/eval/polnear --out /tmp/cmp \
        --articles 4500 --bbc-articles 600 --seed 2631            # mixed.duckdb: undated
    .venv/bin/python benchmarks/comparisons_dev.py build ... --articles 3000 --bbc-articles 0 --seed 2633 --dated
    .venv/bin/python benchmarks/comparisons_dev.py refresh --warehouse /tmp/cmp/mixed.duckdb /tmp/cmp/mixed_dated.duckdb
    .venv/bin/python benchmarks/comparisons_dev.py draw --warehouse /tmp/cmp/*.duckdb --seed 2636 --judged final \
        --exclude mixed_before second third
    .venv/bin/python benchmarks/comparisons_dev.py score --warehouse /tmp/cmp/*.duckdb --judged final --name final

`build` loads articles with no publisher (any two articles of a story are compared) through the
whole Dagster job: with --bbc, --articles random Reuters-21578 records, --bbc-articles random BBC
files and every PolNeAR article as one JSON Lines file, undated, or with --dated keeping the Reuters
and PolNeAR dates; without --bbc, N random Reuters-21578 articles as undated text files (or, with
--polnear alone, every PolNeAR article dated with its outlet). `refresh` brings stored publication
times to the current cleaning code and runs the stories stage (which makes again the story rows
whose inputs changed). `draw` takes, with the seed, 50 'conflict' and 50 'agree' number comparisons
(all when fewer; --exclude leaves out the pairs of earlier judged files) into
benchmarks/judged/comparison_verdicts_<judged>.json for a person to judge (`gold`: true when the
verdict is right: both numbers measure the same quantity (thing counted, scope, time) and the
verdict follows from the values; false otherwise, with a `why`). `score` re-reads the view on the
warehouses (after re-running the stories stage with the current code when --restory) and writes,
per verdict, the precision of the judged pairs and what became of them, with the date claims'
figures (invented days), to benchmarks/results/comparisons_dev_<name>.json.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HERE = Path(__file__).resolve().parent
JUDGED = HERE / "judged" / "comparison_verdicts.json"
RESULTS = HERE / "results"
PAIR_SQL = """
    SELECT c.claim_id_a, c.claim_id_b, c.verdict, c.object, c.predicate, c.text_a, c.text_b,
           c.sentence_a, c.sentence_b, c.article_id_a, c.article_id_b, c.subject_a, c.subject_b,
           c.scope_a, c.scope_b, c.time_a, c.time_b, aa.title, ab.title, aa.published_at, ab.published_at, c.later
    FROM claim_comparisons c JOIN articles aa ON aa.article_id = c.article_id_a
    JOIN articles ab ON ab.article_id = c.article_id_b
    WHERE c.kind = 'number' ORDER BY c.claim_id_a, c.claim_id_b"""


def _judged_path(name: str | None) -> Path:
    return JUDGED if not name else HERE / "judged" / f"comparison_verdicts_{name}.json"


def build(args: argparse.Namespace) -> None:
    from dagster import DagsterInstance, materialize

    from pipelines.jobs import ALL_ASSETS, ALL_CHECKS
    from pipelines.resources import NlpResource, WarehouseResource

    out = Path(args.out)
    if args.polnear and not args.bbc:  # every PolNeAR article, dated, with its outlet (seven outlets, one campaign)
        from stories_dev import _texts

        folder, db = out / "polnear", out / "polnear.duckdb"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        texts = {k: v for k, v in _texts(Path(args.reuters), Path(args.polnear)).items() if k.startswith("polnear:")}
        (folder / "polnear.jsonl").write_text("".join(json.dumps(
            {"url": f"https://dev.example/{k.split(':', 1)[1]}", "title": t["title"], "body": t["body"],
             "date": t["date"], "publisher": t["publisher"]}) + "\n" for k, t in sorted(texts.items())),
            encoding="utf-8")
    elif args.bbc:  # Reuters-21578, BBC and every PolNeAR article, with no date and no publisher
        from stories_dev import _texts

        name = "mixed_dated" if args.dated else "mixed"
        folder, db = out / name, out / f"{name}.duckdb"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        rng = random.Random(args.seed)
        texts = _texts(Path(args.reuters), Path(args.polnear)) if args.polnear else {}
        reuters = sorted(k for k in texts if k.startswith("reuters:"))
        if args.articles < len(reuters):  # a random part of Reuters, the rest left out
            for key in set(reuters) - set(rng.sample(reuters, args.articles)):
                del texts[key]
        bbc_files = sorted(Path(args.bbc).rglob("*.txt"))
        for path in sorted(rng.sample(bbc_files, min(args.bbc_articles, len(bbc_files)))):
            raw = path.read_bytes()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("latin-1")
            title, _, body = text.partition("\n")
            texts[f"bbc:{path.parent.name}/{path.stem}"] = {"title": title.strip(), "body": body.strip()}
        with (folder / "articles.jsonl").open("w", encoding="utf-8") as f:
            for _key, t in sorted(texts.items()):
                if len(t["body"] or "") >= 200 and t["title"]:
                    record = {"title": t["title"], "body": t["body"]}
                    if args.dated and t.get("date"):
                        record["date"] = t["date"]
                    f.write(json.dumps(record) + "\n")
    else:
        rng = random.Random(args.seed)
        rows = [json.loads(line) for line in Path(args.reuters).read_text(encoding="utf-8").splitlines()]
        rows = [r for r in rows if len(r.get("body") or "") >= 400 and r.get("title")]
        folder, db = out / "undated", out / "undated.duckdb"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for r in rng.sample(rows, args.articles):
            (folder / f"reuters_{r['id']}.txt").write_text(r["title"] + "\n\n" + r["body"], encoding="utf-8")
    db.unlink(missing_ok=True)
    started = time.perf_counter()
    result = materialize([*ALL_ASSETS, *ALL_CHECKS], resources={
        "warehouse": WarehouseResource(db_path=str(db)), "nlp": NlpResource()},
        run_config={"ops": {"raw_articles": {"config": {"paths": [str(folder)]}}}},
        instance=DagsterInstance.ephemeral(), raise_on_error=False)
    print({"seconds": round(time.perf_counter() - started, 1), "success": result.success})


def refresh(args: argparse.Namespace) -> None:
    """Bring a built warehouse's publication times to the current cleaning code (the cleaning stage
    does not re-clean stored articles) and run the stories stage, which makes again the date claims
    and story rows whose inputs changed. Prints what changed."""
    from pipelines import warehouse
    from pipelines.core.cleaning import clean_article
    from pipelines.stages.stories import run_stories

    for db in args.warehouse:
        with warehouse.connect(db) as con:
            rows = con.execute("""SELECT a.article_id, a.published_at, r.body_text, r.format, r.title, r.published,
                                         r.publisher, r.author, r.url
                                  FROM articles a JOIN raw_articles r ON r.raw_id = a.article_id
                                  WHERE a.published_at IS NOT NULL""").fetchall()
            changed = []
            for aid, stored, body, fmt, title, published, publisher, author, url in rows:
                now = clean_article(body, fmt, title=title, published=published, publisher=publisher, author=author,
                                    url=url).published_at
                if now != stored:
                    changed.append((aid, now))
            for aid, now in changed:
                con.execute("UPDATE articles SET published_at = ? WHERE article_id = ?", [now, aid])
            # Their stories' published spans as their members give them now (what a fresh build has).
            con.execute("""UPDATE stories SET first_published_at = m.first, last_published_at = m.last
                           FROM (SELECT sa.story_id, min(a.published_at) AS first, max(a.published_at) AS last
                                 FROM story_articles sa JOIN articles a USING (article_id)
                                 GROUP BY sa.story_id) m
                           WHERE stories.story_id = m.story_id AND (stories.first_published_at IS DISTINCT FROM
                                 m.first OR stories.last_published_at IS DISTINCT FROM m.last)""")
            report = run_stories(con, "refresh")
            print({"warehouse": db, "publication_times_changed": len(changed),
                   "date_claims_remade": report.date_claims_remade, "because": report.date_claims_remade_because,
                   "quotes_reclustered": report.quotes_reclustered})


def _pairs(dbs: list[Path]) -> list[tuple]:
    from pipelines import warehouse

    out = []
    for db in dbs:
        with warehouse.connect(str(db)) as con:
            warehouse.apply_views(con)
            out += con.execute(PAIR_SQL).fetchall()
    return out


def _date_claim_figures(dbs: list[Path]) -> dict:
    """Date claims by how they were resolved, and the days no text or date fixes (invented: a calendar
    day with no reference for an expression that needs one)."""
    from pipelines import warehouse

    out: dict = {}
    for db in dbs:
        with warehouse.connect(str(db), read_only=True) as con:
            out[db.name] = {
                "claims": con.execute("SELECT count(*) FROM date_claims").fetchone()[0],
                "by_resolution": dict(con.execute("SELECT resolution, count(*) FROM date_claims GROUP BY 1 "
                                                  "ORDER BY 2 DESC, 1").fetchall()),
                "by_reference": dict(con.execute("SELECT reference_source, count(*) FROM date_claims GROUP BY 1 "
                                                 "ORDER BY 2 DESC, 1").fetchall()),
                "invented_days": con.execute("SELECT count(*) FROM date_claims WHERE date_value IS NOT NULL AND "
                                             "reference_source = 'none' AND resolution <> 'absolute'").fetchone()[0],
                "date_comparisons": dict(con.execute("SELECT verdict, count(*) FROM claim_comparisons WHERE kind = "
                                                     "'date' GROUP BY 1 ORDER BY 1").fetchall()),
            }
    return out


def _said(text: str, sentence: str) -> tuple[str, str]:
    """A claim as written, letters and digits only, without a wire's ticker marks ('<VST>'): cleaning may
    since have dropped them, or kept only the name a mark held."""
    sentence = re.sub(r"<[A-Z.]+>", "", sentence)
    return re.sub(r"[^a-z0-9]", "", text.lower()), re.sub(r"[^a-z0-9]", "", sentence.lower())


def draw(args: argparse.Namespace) -> None:
    rng = random.Random(args.seed)
    pairs = _pairs([Path(w) for w in args.warehouse])
    earlier = [p for name in args.exclude or [] for p in json.loads(_judged_path(name).read_text(encoding="utf-8"))["pairs"]]
    seen = {(p["claim_id_a"], p["claim_id_b"]) for p in earlier}
    # and by what the pair says (ids change when an article's text or the claim's offsets do)
    said = {frozenset({_said(p["text_a"], p["sentence_a"]), _said(p["text_b"], p["sentence_b"])}) for p in earlier}
    judged = []
    for verdict in args.verdicts:
        some = [p for p in pairs if p[2] == verdict and (p[0], p[1]) not in seen
                and frozenset({_said(p[5], p[7]), _said(p[6], p[8])}) not in said]
        for p in rng.sample(some, min(50, len(some))):
            judged.append({"claim_id_a": p[0], "claim_id_b": p[1], "verdict": p[2], "object": p[3], "predicate": p[4],
                           "text_a": p[5], "text_b": p[6], "sentence_a": p[7], "sentence_b": p[8],
                           "subject_a": p[11], "subject_b": p[12], "scope_a": p[13], "scope_b": p[14],
                           "time_a": p[15], "time_b": p[16], "title_a": p[17], "title_b": p[18],
                           "published_a": str(p[19]), "published_b": str(p[20]), "later": p[21],
                           "gold": None, "why": None})
    path = _judged_path(args.judged)
    counts = {v: sum(1 for p in pairs if p[2] == v) for v in sorted({p[2] for p in pairs})}
    path.write_text(json.dumps({"seed": args.seed, "how_drawn": "random.Random(seed).sample of 50 "
                                + " then 50 ".join(f"'{v}'" for v in args.verdicts)
                                + " number comparisons (all when fewer), in claim id order before sampling"
                                + (f", leaving out the pairs of {', '.join(args.exclude)}" if args.exclude else ""),
                                "warehouses": args.built_with, "counts": counts,
                                "pairs": judged}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(path, len(judged), counts)


def score(args: argparse.Namespace) -> None:
    from claims_judged import wilson_interval

    dbs = [Path(w) for w in args.warehouse]
    if args.restory:
        from pipelines import warehouse
        from pipelines.stages.stories import run_stories
        from stories_dev import STORY_TABLES

        works = []
        for db in dbs:
            work = db.with_name("restory_" + db.name)
            shutil.copyfile(db, work)
            with warehouse.connect(str(work)) as con:
                for t in STORY_TABLES:
                    con.execute(f"DELETE FROM {t}")
                n = 0
                while run_stories(con, f"cmp-{n}", limit=500).articles:
                    n += 1
            works.append(work)
        dbs = works
    judged = json.loads(_judged_path(args.judged).read_text(encoding="utf-8"))
    pairs = _pairs(dbs)
    now = {(p[0], p[1]): p[2] for p in pairs}
    counts = {}
    for p in pairs:
        counts[p[2]] = counts.get(p[2], 0) + 1
    out = {"commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                    cwd=HERE).stdout.strip(), "note": args.note, "judged_file": _judged_path(
                                        args.judged).name, "judged_seed": judged["seed"], "counts_now": counts}
    for verdict in ("conflict", "agree"):
        items = [p for p in judged["pairs"] if p["verdict"] == verdict and p["gold"] is not None]
        kept = [p for p in items if now.get((p["claim_id_a"], p["claim_id_b"])) == verdict]
        out[verdict] = {
            "judged": len(items), "right_as_drawn": sum(p["gold"] for p in items),
            "precision_as_drawn": round(sum(p["gold"] for p in items) / len(items), 3) if items else None,
            "wilson_95_as_drawn": wilson_interval(sum(p["gold"] for p in items), len(items)),
            "still_" + verdict: len(kept), "right_among_still": sum(p["gold"] for p in kept),
            "precision_among_still": round(sum(p["gold"] for p in kept) / len(kept), 3) if kept else None,
            "now": {v: sum(1 for p in items if now.get((p["claim_id_a"], p["claim_id_b"]), "not compared") == v)
                    for v in {now.get((p["claim_id_a"], p["claim_id_b"]), "not compared") for p in items}}}
    out["date_claims"] = _date_claim_figures(dbs)
    path = RESULTS / f"comparisons_dev_{args.name}.json"
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(json.dumps(out, indent=1))


def tally(args: argparse.Namespace) -> None:
    """Every pair the view now gives --verdict, with what any of the --judged files says of it (right,
    wrong, or not read), to benchmarks/results/comparisons_dev_<name>.json."""
    labels = {}
    for name in args.judged:
        for p in json.loads(_judged_path(name).read_text(encoding="utf-8"))["pairs"]:
            gold = p.get("gold")
            if gold is None and args.verdict == "conflict":
                gold = p.get("real_conflict")  # a candidates file's label answers the same question
            if gold is not None:
                labels[(p["claim_id_a"], p["claim_id_b"])] = (gold, name)
                labels[frozenset({_said(p["text_a"], p["sentence_a"]), _said(p["text_b"], p["sentence_b"])})] = (
                    gold, name)
    pairs = [p for p in _pairs([Path(w) for w in args.warehouse]) if p[2] == args.verdict]
    found = [labels.get((p[0], p[1])) or labels.get(frozenset({_said(p[5], p[7]), _said(p[6], p[8])}))
             for p in pairs]
    out = {"commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                    cwd=HERE).stdout.strip(), "note": args.note, "verdict": args.verdict,
           "pairs": len(pairs), "read": sum(f is not None for f in found),
           "right": sum(1 for f in found if f and f[0]),
           "by_file": {name: {"right": sum(1 for f in found if f and f[1] == name and f[0]),
                              "wrong": sum(1 for f in found if f and f[1] == name and not f[0])}
                       for name in args.judged}}
    (RESULTS / f"comparisons_dev_{args.name}.json").write_text(json.dumps(out, indent=1) + "\n")
    print(json.dumps(out, indent=1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("--reuters", required=True)
    b.add_argument("--out", required=True)
    b.add_argument("--articles", type=int, default=2500)
    b.add_argument("--seed", type=int, default=2613)
    b.add_argument("--bbc-articles", type=int, default=600, help="with --bbc: this many random BBC files")
    b.add_argument("--dated", action="store_true", help="with --bbc: keep the Reuters and PolNeAR dates (BBC has "
                                                        "none; publishers still stripped): the 'mixed_dated' warehouse")
    b.add_argument("--polnear", help="instead: every PolNeAR article (dated, seven outlets) from this folder")
    b.add_argument("--bbc", help="instead: --articles random Reuters, --bbc-articles random BBC (this folder) "
                                 "and every PolNeAR (--polnear) article, undated, no publisher, one JSONL file "
                                 "(the 'mixed' warehouse)")
    d = sub.add_parser("draw")
    d.add_argument("--warehouse", required=True, nargs="+")
    d.add_argument("--seed", type=int, default=2614)
    d.add_argument("--judged", help="write benchmarks/judged/comparison_verdicts_<this>.json (default: the "
                                    "round-2 file comparison_verdicts.json)")
    d.add_argument("--exclude", nargs="*", help="leave out the pairs of these judged files (a fresh draw)")
    d.add_argument("--verdicts", nargs="+", default=["conflict", "agree"], choices=["conflict", "agree"],
                   help="draw these verdicts, in this order (one seed each: run once per verdict)")
    d.add_argument("--built-with", default="comparisons_dev.py build --articles 2500 --seed 2613; build --polnear",
                   help="how the warehouses were built, recorded in the judged file")
    r = sub.add_parser("refresh", help="publication times by the current cleaning, then the stories stage")
    r.add_argument("--warehouse", required=True, nargs="+")
    s = sub.add_parser("score")
    s.add_argument("--warehouse", required=True, nargs="+")
    s.add_argument("--name", required=True)
    s.add_argument("--judged", help="read benchmarks/judged/comparison_verdicts_<this>.json")
    s.add_argument("--note", default="")
    s.add_argument("--restory", action="store_true", help="re-run the stories stage with the current code first")
    t = sub.add_parser("tally", help="every pair of one verdict and what the judged files say of it")
    t.add_argument("--warehouse", required=True, nargs="+")
    t.add_argument("--verdict", default="conflict")
    t.add_argument("--judged", required=True, nargs="+")
    t.add_argument("--name", required=True)
    t.add_argument("--note", default="")
    args = ap.parse_args()
    sys.path.insert(0, str(HERE))
    {"build": build, "draw": draw, "refresh": refresh, "score": score, "tally": tally}[args.cmd](args)


if __name__ == "__main__":
    main()
