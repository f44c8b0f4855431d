"""What a change of the publication-time parser costs a built warehouse, and whether the rows made
from the articles' times (story spans, date claims, quote clusters) then equal a fresh build's.

Run by hand (never part of `make test`), e.g.:

    .venv/bin/python benchmarks/published_change_cost.py /work/shared/corpora/reuters21578.jsonl \
        --articles 300 --seed 5 --out benchmarks/results/published_change_reuters300.json

A run of consecutive dated Reuters records (a start drawn at random with the seed; consecutive, so
the wire's stories hold several reports) is built by a real Dagster run with the current code. Then
the publication-time parser changes in this process, with the cleaning code version, as an edit of
core/published.py would: the wire's times, written without a zone, are read as Japan time and
moved to UTC (nine hours earlier; a report filed before 09:00 moves to the day before). The next real
run cleans every record again (every article's published time changes, no body does) and the
stories stage follows; a fresh build of the same records with the changed code is made and the
stories, date claims and quote clusters compared (story membership too: the shift keeps the order).
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from code_change_runs import commit, compared_rows, timed_run  # noqa: E402
from pipelines import code_versions, warehouse  # noqa: E402
from pipelines.core import cleaning  # noqa: E402

_COMPARED = {
    "stories": "story_id, label, first_published_at, last_published_at, article_count, publisher_count",
    "story_articles": "article_id, story_id, method",
    "date_claims": "date_claim_id, article_id, text, date_value, resolution, reference_date, reference_source",
    "story_processed": "article_id, date_claims, reference_date",
    "quote_clusters": "quote_id, cluster_id, speaker_key, match",
    "articles": "article_id, publisher, published_at, body",
}


def _draw(corpus: Path, n: int, seed: int, into: Path) -> dict:
    records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    start = random.Random(seed).randrange(0, len(records) - n)
    into.mkdir(parents=True)
    (into / "wire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records[start:start + n]))
    return {"records": len(records), "start": start, "drawn": n}


def _japan_time_parser():
    real = cleaning.parse_datetime

    def parse(text):
        parsed = real(text)
        return parsed - timedelta(hours=9) if parsed is not None else None
    return parse


def _change_code() -> None:
    manifest = json.loads(json.dumps(code_versions.cleaning_version().manifest))
    manifest["files"]["published.py"] = "e" * 16
    new = code_versions.CodeVersion("cleaning", "eeeeeeeeeeee", manifest)
    code_versions.cleaning_version = lambda: new
    cleaning.parse_datetime = _japan_time_parser()


def _rows(db: Path) -> dict[str, list]:
    return compared_rows(db, _COMPARED)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    from pipelines.pending import pending_work

    work = Path(tempfile.mkdtemp(prefix="published_"))
    inputs = [str(work / "inputs")]
    result = {"corpus": str(args.corpus), "seed": args.seed,
              "draw": "consecutive records from a start drawn by random.Random(seed).randrange",
              **_draw(args.corpus, args.articles, args.seed, work / "inputs"), "commit": commit()}
    db = work / "news.duckdb"
    result["build_seconds"] = timed_run(db, inputs)
    built = _rows(db)
    result["unchanged_run_seconds"] = timed_run(db, inputs)
    with warehouse.connect(str(db), read_only=True) as con:
        result["built"] = dict(zip(("articles", "stories", "stories_of_two_or_more", "date_claims", "quote_clusters"),
                                   con.execute("""SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM stories),
                                                         (SELECT count(*) FROM stories WHERE article_count > 1),
                                                         (SELECT count(*) FROM date_claims),
                                                         (SELECT count(DISTINCT cluster_id) FROM quote_clusters)""")
                                   .fetchone()))

    _change_code()
    with warehouse.connect(str(db), read_only=True) as con:
        result["pending_before"] = pending_work(con, inputs).reasons
    result["changed_run_seconds"] = timed_run(db, inputs)
    after = _rows(db)
    with warehouse.connect(str(db), read_only=True) as con:
        result["pending_after"] = pending_work(con, inputs).reasons
    result["second_run_seconds"] = timed_run(db, inputs)
    result["second_run_changed_rows"] = _rows(db) != after
    fresh = work / "fresh.duckdb"
    result["fresh_build_seconds"] = timed_run(fresh, inputs)
    fresh_rows = _rows(fresh)
    result["changed"] = {t: len(set(after[t]) - set(built[t])) for t in _COMPARED}
    result["rows_differing_from_fresh_build"] = {
        t: len(set(after[t]) ^ set(fresh_rows[t])) for t in _COMPARED}
    result["equals_fresh_build"] = after == fresh_rows
    print(json.dumps(result, indent=2, default=str), flush=True)
    args.out.write_text(json.dumps(result, indent=2, default=str) + "\n")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
