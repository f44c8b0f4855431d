"""What a change of the cleaning code costs a built warehouse: the cleaning stage cleaning every raw
record again, then the rest of a real Dagster run (NLP for the articles whose text changed,
entities, stories, checks), with how many articles were rewritten and parsed again.

Run by hand (never part of `make test`), e.g.:

    .venv/bin/python benchmarks/reclean_cost.py /work/shared/corpora/bbc --articles 300 --seed 7 \
        --out benchmarks/results/reclean_bbc300.json

Articles are drawn at random (seed recorded) from the corpus's .txt files. A warehouse is built
once with the current code; then each scenario starts from a copy of it, changes the cleaning code
in this process (a rule, and the cleaning code version as an edit of core/cleaning.py would) and
measures:
- version_only: the version changes, the behaviour does not (the cost of the re-cleaning alone);
- narrow_rule: BODY_LINE_MIN_WORDS 15 -> 40 (what counts as the first paragraph of text);
- broad_rule: short parenthesised asides ('(pictured)', '(GBP)') removed from the body.
For broad_rule a fresh build with the changed code is made too, and its articles and NLP rows
compared with the re-cleaned warehouse's.

With --stage-only the corpus (a file or folder, whole) goes through the ingest and cleaning
stages only (no Dagster, no NLP), and each scenario times the cleaning stage cleaning again:

    .venv/bin/python benchmarks/reclean_cost.py /work/shared/corpora/reuters21578.jsonl --stage-only \
        --out benchmarks/results/reclean_reuters_stage.json
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus_draw import draw_text_files  # noqa: E402
from code_change_runs import commit, compared_rows, timed_run  # noqa: E402
from pipelines import code_versions, warehouse  # noqa: E402
from pipelines.core import cleaning  # noqa: E402

_ASIDE = re.compile(r" \((?:[^()\s]+ ?){1,4}\)")


def _new_version() -> None:
    current = code_versions.cleaning_version()
    manifest = json.loads(json.dumps(current.manifest))
    manifest["files"]["cleaning.py"] = "f" * 16
    new = code_versions.CodeVersion("cleaning", "0123456789ab", manifest)
    code_versions.cleaning_version = lambda: new


def _scenario(name: str):
    """Apply a scenario's change to the cleaning code; returns a function that undoes it."""
    saved = (cleaning.BODY_LINE_MIN_WORDS, cleaning.clean_text, code_versions.cleaning_version)
    _new_version()
    if name == "narrow_rule":
        cleaning.BODY_LINE_MIN_WORDS = 40
    elif name == "broad_rule":
        original = saved[1]

        def clean_text(text, **kwargs):
            cleaned = original(text, **kwargs)
            body = _ASIDE.sub("", cleaned.body)
            return dataclasses.replace(cleaned, body=body, word_count=cleaning.count_words(body))
        cleaning.clean_text = clean_text

    def undo() -> None:
        cleaning.BODY_LINE_MIN_WORDS, cleaning.clean_text, code_versions.cleaning_version = saved
    return undo


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--stage-only", action="store_true", help="ingest and cleaning stages only, whole corpus")
    args = parser.parse_args()
    if args.stage_only:
        return _stage_only(args)

    from pipelines import stages
    from pipelines.pending import pending_work

    work = Path(tempfile.mkdtemp(prefix="reclean_"))
    inputs_dir = work / "inputs"
    drawn = draw_text_files(args.corpus, args.articles, args.seed, inputs_dir)
    inputs = [str(inputs_dir)]
    base = work / "base.duckdb"
    result = {"corpus": str(args.corpus), "articles_drawn": len(drawn), "seed": args.seed,
              "draw": "sorted .txt paths shuffled by random.Random(seed), first N", "commit": commit(),
              "build_seconds": timed_run(base, inputs), "scenarios": {}}
    with warehouse.connect(str(base)) as con:
        result["articles"] = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        build_parse = dict(con.execute("SELECT article_id, processed_at FROM nlp_processed").fetchall())
    noop = work / "noop.duckdb"
    shutil.copy(base, noop)
    result["unchanged_run_seconds"] = timed_run(noop, inputs)

    for name in ("version_only", "narrow_rule", "broad_rule"):
        db = work / f"{name}.duckdb"
        shutil.copy(base, db)
        undo = _scenario(name)
        try:
            with warehouse.connect(str(db)) as con:
                pending = pending_work(con, inputs).reasons
                started = time.perf_counter()
                report = stages.run_cleaning(con, "reclean")
                cleaning_seconds = round(time.perf_counter() - started, 2)
            rest = timed_run(db, inputs)
            with warehouse.connect(str(db)) as con:
                parsed = dict(con.execute("SELECT article_id, processed_at FROM nlp_processed").fetchall())
                after = pending_work(con, inputs).reasons
            entry = {"pending_before": pending, "cleaning_stage_seconds": cleaning_seconds,
                     "rest_of_run_seconds": rest, "records_cleaned_again": report.recleaned,
                     "articles_rewritten": report.articles_changed, "bodies_changed": report.bodies_changed,
                     "now_rejected": report.now_rejected, "rejections_lifted": report.rejections_lifted,
                     "articles_parsed_again": sum(1 for aid, at in parsed.items() if build_parse.get(aid) != at),
                     "pending_after": after}
            if name == "broad_rule":
                fresh = work / "fresh.duckdb"
                entry["fresh_build_seconds"] = timed_run(fresh, inputs)
                entry["rows_equal_fresh_build"] = compared_rows(db) == compared_rows(fresh)
        finally:
            undo()
        result["scenarios"][name] = entry
        print(name, json.dumps(entry), flush=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    shutil.rmtree(work, ignore_errors=True)


def _stage_only(args) -> None:
    from pipelines import stages

    work = Path(tempfile.mkdtemp(prefix="reclean_"))
    base = work / "base.duckdb"
    started = time.perf_counter()
    with warehouse.connect(str(base)) as con:
        stages.run_ingest(con, [str(args.corpus)], "build")
        ingested = time.perf_counter()
        stages.run_cleaning(con, "build")
        result = {"corpus": str(args.corpus), "commit": commit(), "stages": "ingest and cleaning only",
                  "raw_records": con.execute("SELECT count(*) FROM raw_articles").fetchone()[0],
                  "articles": con.execute("SELECT count(*) FROM articles").fetchone()[0],
                  "first_cleaning_seconds": round(time.perf_counter() - ingested, 2),
                  "ingest_seconds": round(ingested - started, 2), "scenarios": {}}
    for name in ("version_only", "narrow_rule"):
        db = work / f"{name}.duckdb"
        shutil.copy(base, db)
        undo = _scenario(name)
        try:
            with warehouse.connect(str(db)) as con:
                started = time.perf_counter()
                report = stages.run_cleaning(con, "reclean")
                seconds = round(time.perf_counter() - started, 2)
                again = time.perf_counter()
                stages.run_cleaning(con, "again")
                idle = round(time.perf_counter() - again, 2)
        finally:
            undo()
        entry = {"cleaning_stage_seconds": seconds, "records_cleaned_again": report.recleaned,
                 "articles_rewritten": report.articles_changed, "bodies_changed": report.bodies_changed,
                 "now_rejected": report.now_rejected, "rejections_lifted": report.rejections_lifted,
                 "next_cleaning_seconds": idle}
        result["scenarios"][name] = entry
        print(name, json.dumps(entry), flush=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
