"""A disk that fills during the NLP write, then is freed: every article parsed afterwards, none failed.

Run by hand on a small file system of your own (root: `mount -t tmpfs -o size=24m tmpfs /mnt/small`):

    .venv/bin/python benchmarks/disk_full.py --mount /mnt/small --out benchmarks/results/disk_full.json

The seeds are ingested and cleaned into a warehouse on that file system; a filler file then takes
all but --leave bytes of it and the NLP step runs (its batch write meets the full disk); the filler
is removed and the NLP step runs again. The result holds what the first step raised, the NLP
statuses after it (none may be 'failed'), and the second step's outcome against a clean run's rows.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import duckdb  # noqa: E402

from pipelines import stages, warehouse  # noqa: E402
from pipelines.settings import DEFAULT_MODEL, SEEDS_DIR  # noqa: E402


def nlp(db: str, run_id: str):
    return stages.run_nlp(db, run_id, model_name=DEFAULT_MODEL, batch_size=4, processes=1, min_docs_per_process=1,
                          commit_every=2, log=lambda _: None)


def load(db: str) -> None:
    with warehouse.connect(db) as con:
        stages.run_ingest(con, [str(SEEDS_DIR)], "load")
        stages.run_cleaning(con, "load")


def counts(db: str) -> dict:
    with duckdb.connect(db, read_only=True) as con:
        return {"statuses": dict(con.execute("SELECT status, count(*) FROM nlp_processed GROUP BY ALL").fetchall()),
                **{t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                   for t in ("mentions", "quotes", "numeric_claims")}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mount", type=Path, required=True, help="an empty small file system")
    parser.add_argument("--leave", type=int, default=40_000, help="bytes left free before the NLP step")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    db = str(args.mount / "w.duckdb")
    load(db)
    filler = args.mount / "filler"
    st = os.statvfs(args.mount)
    filler.write_bytes(b"\0" * max(0, st.f_bavail * st.f_frsize - args.leave))
    result: dict = {"mount_bytes": st.f_blocks * st.f_frsize, "left_free": args.leave}
    try:
        nlp(db, "full")
        result["first_step"] = "finished (the disk did not fill)"
    except Exception as exc:  # noqa: BLE001 - what the step raised is the measurement
        cause = exc.__cause__ or exc
        result["first_step"] = f"failed: {type(exc).__name__} caused by {type(cause).__name__}: {str(cause)[:160]}"
    filler.unlink()
    result["after_fault"] = counts(db)
    second = nlp(db, "freed")
    result["second_step"] = second.summary()
    result["after_freeing"] = counts(db)
    with tempfile.TemporaryDirectory() as tmp:
        clean = str(Path(tmp) / "clean.duckdb")
        load(clean)
        nlp(clean, "clean")
        result["clean_run"] = counts(clean)
    result["same_as_clean_run"] = result["after_freeing"] == result["clean_run"]
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
