"""What a change of the ingest code costs for what ingest rejected: from a warehouse built by an older
decoding that found every page not in UTF-8 undecodable (rejected, its bytes kept in
rejected_inputs), the current decoding with a new ingest code version reads those rejections again
from their kept bytes; the pages become raw records, then articles (cleaned, parsed, grouped) in a
real Dagster run. Measures the ingest step, the rest of the run, the counts, what the kept bytes
weigh, the second ingest step, and whether the rows equal a fresh build's.

Run by hand (never part of `make test`), e.g.:

    .venv/bin/python benchmarks/reread_rejections_cost.py /work/shared/corpora/bbc --articles 300 --seed 17 \
        --out benchmarks/results/reread_rejections_bbc300.json

Articles are drawn as benchmarks/reread_cost.py draws them (seed recorded): each one with a
character outside ASCII is written in Windows-1252 (a legacy page), the others in UTF-8.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from code_change_runs import commit, compared_rows, timed_run  # noqa: E402
from reread_cost import _COMPARED, _draw, _new_version  # noqa: E402
from pipelines import code_versions, warehouse  # noqa: E402
from pipelines.core import records  # noqa: E402
from pipelines.core.decoding import DecodeError  # noqa: E402

_REAL_DECODE = records.decode


def _utf8_only(data: bytes):
    """The older decoding: bytes that are not UTF-8 are undecodable."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise DecodeError("undecodable: binary content or unknown encoding") from None
    return _REAL_DECODE(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()

    from pipelines import stages
    from pipelines.pending import pending_work

    work = Path(tempfile.mkdtemp(prefix="reread_rejections_"))
    inputs_dir = work / "inputs"
    drawn = _draw(args.corpus, args.articles, args.seed, inputs_dir)
    inputs = [str(inputs_dir)]
    fresh_db, db = work / "fresh.duckdb", work / "old.duckdb"
    result = {"corpus": str(args.corpus), **drawn, "seed": args.seed,
              "draw": "as benchmarks/reread_cost.py: sorted .txt paths shuffled by random.Random(seed), first N",
              "commit": commit(), "fresh_build_seconds": timed_run(fresh_db, inputs)}
    records.decode = _utf8_only
    try:
        result["older_decoding_build_seconds"] = timed_run(db, inputs)
    finally:
        records.decode = _REAL_DECODE
    with warehouse.connect(str(db)) as con:
        result["older_build"] = dict(zip(
            ("raw_records", "articles", "ingest_rejections", "rejections_with_bytes_kept", "bytes_kept"),
            con.execute("SELECT (SELECT count(*) FROM raw_articles), (SELECT count(*) FROM articles), "
                        "count(*), count(record_bytes), coalesce(sum(octet_length(record_bytes)), 0) "
                        "FROM rejected_inputs WHERE stage = 'ingest'").fetchone()))
    saved = code_versions.ingest_version
    _new_version()
    try:
        with warehouse.connect(str(db)) as con:
            pending = pending_work(con, inputs).reasons
            started = time.perf_counter()
            report = stages.run_ingest(con, inputs, "reread")
            ingest_seconds = round(time.perf_counter() - started, 2)
        rest = timed_run(db, inputs)
        with warehouse.connect(str(db)) as con:
            after = pending_work(con, inputs).reasons
            counts = con.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM nlp_processed), "
                                 "(SELECT count(*) FROM rejected_inputs WHERE stage = 'ingest')").fetchone()
        started = time.perf_counter()
        with warehouse.connect(str(db)) as con:
            second = stages.run_ingest(con, inputs, "again")
        result["decoding_change"] = {
            "pending_before": pending, "ingest_stage_seconds": ingest_seconds, "rest_of_run_seconds": rest,
            "raw_records_read_again": report.reread, "rejections_read_again": report.rejections_reread,
            "records_from_rejections": report.records_from_rejections,
            "rejections_not_read_again": report.rejections_not_reread,
            "articles_after": counts[0], "articles_parsed_after": counts[1], "ingest_rejections_after": counts[2],
            "pending_after": after, "second_ingest_seconds": round(time.perf_counter() - started, 2),
            "second_ingest_rejections_read_again": second.rejections_reread,
            "rows_equal_fresh_build": compared_rows(db, _COMPARED) == compared_rows(fresh_db, _COMPARED)}
    finally:
        code_versions.ingest_version = saved
    print(json.dumps(result), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
