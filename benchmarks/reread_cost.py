"""What a change of the ingest code (decoding, record reading) costs a built warehouse: the ingest
stage reading every stored record again, then the rest of a real Dagster run (cleaning again for the
records that changed, NLP for the articles whose text changed, entities, stories, checks), with how
many records changed and how many articles were rewritten and parsed again; and what keeping the
bytes of the records whose decoding was a guess costs in storage.

Run by hand (never part of `make test`), e.g.:

    .venv/bin/python benchmarks/reread_cost.py /work/shared/corpora/bbc --articles 300 --seed 17 \
        --out benchmarks/results/reread_bbc300.json
    .venv/bin/python benchmarks/reread_cost.py seeds --articles 0 --out benchmarks/results/reread_seeds.json

Articles are drawn at random (seed recorded; --articles 0: every .txt file of the folder). Each one
that has a character outside ASCII is written in Windows-1252 when it can be (a legacy page, as
old scrapers saved them), the others in UTF-8. A warehouse is built with the current code (it is
also the fresh build the scenarios are compared with); then:
- version_only: from a copy of it, the ingest code version changes and the behaviour does not
  (the cost of reading every record again alone);
- decoding_change: from a warehouse built with an older decoding (the legacy pages guessed as
  Windows-1250: '£' read as 'Ł'), the current decoding with a new ingest code version: the
  legacy pages are decoded again from their kept bytes and their articles follow.

With --stage-only the corpus (a file or folder, whole, as it is) goes through the ingest and cleaning
stages only (no Dagster, no NLP), and the ingest stage reads every record again after a version-only
change:

    .venv/bin/python benchmarks/reread_cost.py /work/shared/corpora/reuters21578.jsonl --stage-only \
        --out benchmarks/results/reread_reuters_stage.json
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from code_change_runs import COMPARED, commit, compared_rows, timed_run  # noqa: E402
from pipelines import code_versions, warehouse  # noqa: E402
from pipelines.core import records  # noqa: E402
from pipelines.core.decoding import Decoded  # noqa: E402

_COMPARED = {"raw_articles": "raw_id, encoding, raw_text, body_text, title, published, publisher, author", **COMPARED}

_REAL_DECODE = records.decode


def _draw(corpus: Path, n: int, seed: int, into: Path) -> dict:
    """Copy n drawn .txt files (all when n is 0) into `into`, those with non-ASCII text in Windows-1252."""
    files = sorted(corpus.rglob("*.txt"))
    random.Random(seed).shuffle(files)
    chosen = files[:n] if n else files
    into.mkdir(parents=True)
    legacy = 0
    for f in chosen:
        data = f.read_bytes()
        try:
            text = data.decode("utf-8")
            if not text.isascii():
                data = text.encode("cp1252")
                legacy += 1
        except (UnicodeDecodeError, UnicodeEncodeError):
            pass
        (into / f"{f.parent.name}_{f.name}").write_bytes(data)
    return {"files": len(chosen), "written_in_windows_1252": legacy}


def _older_decoding(data: bytes) -> Decoded:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return Decoded(data.decode("cp1250", errors="replace"), "cp1250", 0.8)
    return _REAL_DECODE(data)


def _new_version() -> None:
    manifest = json.loads(json.dumps(code_versions.ingest_version().manifest))
    manifest["files"]["decoding.py"] = "f" * 16
    new = code_versions.CodeVersion("ingest", "0123456789ab", manifest)
    code_versions.ingest_version = lambda: new


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--stage-only", action="store_true", help="ingest and cleaning stages only, whole corpus")
    args = parser.parse_args()
    if args.stage_only:
        return _stage_only(args)

    from pipelines import stages
    from pipelines.pending import pending_work

    work = Path(tempfile.mkdtemp(prefix="reread_"))
    inputs_dir = work / "inputs"
    drawn = _draw(args.corpus, args.articles, args.seed, inputs_dir)
    inputs = [str(inputs_dir)]
    base, old = work / "base.duckdb", work / "old.duckdb"
    result = {"corpus": str(args.corpus), **drawn, "seed": args.seed,
              "draw": "sorted .txt paths shuffled by random.Random(seed), first N (0: all)", "commit": commit(),
              "build_seconds": timed_run(base, inputs), "scenarios": {}}
    with warehouse.connect(str(base)) as con:
        result["raw_records"], result["articles"] = con.execute(
            "SELECT (SELECT count(*) FROM raw_articles), (SELECT count(*) FROM articles)").fetchone()
        result["storage"] = dict(zip(
            ("records_with_bytes_kept", "bytes_kept", "raw_text_bytes", "body_text_bytes"),
            con.execute("SELECT count(original_bytes), coalesce(sum(octet_length(original_bytes)), 0), "
                        "sum(strlen(raw_text)), sum(strlen(body_text)) FROM raw_articles").fetchone()))
    noop = work / "noop.duckdb"
    shutil.copy(base, noop)
    result["unchanged_run_seconds"] = timed_run(noop, inputs)
    records.decode = _older_decoding
    result["older_decoding_build_seconds"] = timed_run(old, inputs)
    records.decode = _REAL_DECODE
    saved = code_versions.ingest_version
    fresh = compared_rows(base, _COMPARED)

    for name, start in (("version_only", base), ("decoding_change", old)):
        db = work / f"{name}.duckdb"
        shutil.copy(start, db)
        _new_version()
        try:
            with warehouse.connect(str(db)) as con:
                pending = pending_work(con, inputs).reasons
                build_parse = dict(con.execute("SELECT article_id, processed_at FROM nlp_processed").fetchall())
                build_run = dict(con.execute("SELECT article_id, run_id FROM articles").fetchall())
                started = time.perf_counter()
                report = stages.run_ingest(con, inputs, "reread")
                ingest_seconds = round(time.perf_counter() - started, 2)
            rest = timed_run(db, inputs)
            with warehouse.connect(str(db)) as con:
                parsed = dict(con.execute("SELECT article_id, processed_at FROM nlp_processed").fetchall())
                runs = dict(con.execute("SELECT article_id, run_id FROM articles").fetchall())
                after = pending_work(con, inputs).reasons
            again = time.perf_counter()
            with warehouse.connect(str(db)) as con:
                second = stages.run_ingest(con, inputs, "again")
            entry = {"pending_before": pending, "ingest_stage_seconds": ingest_seconds, "rest_of_run_seconds": rest,
                     "records_read_again": report.reread, "records_changed": report.records_changed,
                     "cleaning_inputs_changed": report.cleaning_inputs_changed, "now_rejected": report.now_rejected,
                     "read_from_text": report.read_from_text,
                     "articles_rewritten": sum(1 for aid, run in runs.items() if build_run.get(aid) != run),
                     "articles_parsed_again": sum(1 for aid, at in parsed.items() if build_parse.get(aid) != at),
                     "pending_after": after, "second_ingest_seconds": round(time.perf_counter() - again, 2),
                     "second_ingest_read_again": second.reread,
                     "rows_equal_fresh_build": compared_rows(db, _COMPARED) == fresh}
        finally:
            code_versions.ingest_version = saved
        result["scenarios"][name] = entry
        print(name, json.dumps(entry), flush=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    shutil.rmtree(work, ignore_errors=True)


def _stage_only(args) -> None:
    from pipelines import stages

    work = Path(tempfile.mkdtemp(prefix="reread_"))
    db = work / "base.duckdb"
    with warehouse.connect(str(db)) as con:
        started = time.perf_counter()
        stages.run_ingest(con, [str(args.corpus)], "build")
        ingested = time.perf_counter()
        stages.run_cleaning(con, "build")
        cleaned = time.perf_counter()
        result = {"corpus": str(args.corpus), "commit": commit(), "stages": "ingest and cleaning only",
                  "raw_records": con.execute("SELECT count(*) FROM raw_articles").fetchone()[0],
                  "ingest_seconds": round(ingested - started, 2), "cleaning_seconds": round(cleaned - ingested, 2),
                  "storage": dict(zip(
                      ("records_with_bytes_kept", "bytes_kept", "raw_text_bytes"),
                      con.execute("SELECT count(original_bytes), coalesce(sum(octet_length(original_bytes)), 0), "
                                  "sum(strlen(raw_text)) FROM raw_articles").fetchone()))}
    _new_version()
    with warehouse.connect(str(db)) as con:
        started = time.perf_counter()
        report = stages.run_ingest(con, [str(args.corpus)], "reread")
        reread = time.perf_counter()
        cleaning = stages.run_cleaning(con, "reread")
        result["version_only"] = {
            "ingest_stage_seconds": round(reread - started, 2), "records_read_again": report.reread,
            "records_changed": report.records_changed, "next_cleaning_seconds": round(time.perf_counter() - reread, 2),
            "records_cleaned_again": cleaning.recleaned}
        started = time.perf_counter()
        second = stages.run_ingest(con, [str(args.corpus)], "again")
        result["version_only"].update(second_ingest_seconds=round(time.perf_counter() - started, 2),
                                      second_ingest_read_again=second.reread)
    print(json.dumps(result), flush=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
