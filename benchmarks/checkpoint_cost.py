"""What closing a writable connection costs on a large warehouse, with and without a PRIMARY KEY.

Run by hand (never part of `make test`) on a kept warehouse from an earlier load made while these
tables still had their keys (`benchmarks/speed.py --keep-full`):

    .venv/bin/python benchmarks/checkpoint_cost.py --db KEPT.duckdb

DuckDB checkpoints when the last connection to a file closes, and a checkpoint rewrites the whole
key index of every table the connection changed. newsetl opens a short-lived connection per unit
of work, so that rewrite was paid by every write, in proportion to the table. On a copy
of the warehouse, for the largest tables of warehouse.ROW_KEYS (many rows per article, and one row
per article): the table as kept (its PRIMARY KEY index, if it still has one) and an unkeyed copy of
it (CREATE TABLE AS), the rows of the first 1 and 500 articles replaced (delete + insert in one
transaction) and the connection closed, each timed; the median of --repeat rounds. Writes
benchmarks/results/checkpoint_cost.json.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import polars as pl

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
# table -> the column holding the article id (raw_articles: its raw id, which the article id is)
TABLES = {"mentions": "article_id", "quotes": "article_id", "numeric_claims": "article_id", "articles": "article_id",
          "raw_articles": "raw_id", "nlp_processed": "article_id", "story_articles": "article_id"}
ARTICLES = (1, 500)


def _has_key(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return con.execute("SELECT count(*) FROM duckdb_constraints() WHERE table_name = ? AND constraint_type = "
                       "'PRIMARY KEY'", [table]).fetchone()[0] > 0


def _replace_and_close(db: str, table: str, column: str, ids: list[str]) -> tuple[float, float]:
    """Seconds to replace the rows of `ids` (in `column`) in `table` (one transaction) and to close
    the connection."""
    con = duckdb.connect(db)
    con.register("_ids", pl.DataFrame({"a": ids}).to_arrow())
    rows = con.execute(f"SELECT * FROM {table} WHERE {column} IN (SELECT a FROM _ids)").pl()
    con.register("_rows", rows.to_arrow())
    started = time.perf_counter()
    con.execute("BEGIN TRANSACTION")
    con.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT a FROM _ids)")
    con.execute(f"INSERT INTO {table} SELECT * FROM _rows")
    con.execute("COMMIT")
    written = time.perf_counter()
    con.close()
    return written - started, time.perf_counter() - written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True, help="a kept whole-corpus warehouse (copied, not changed)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="newsetl-checkpoint-") as tmp:
        db = str(Path(tmp) / "w.duckdb")
        shutil.copyfile(args.db, db)
        con = duckdb.connect(db)
        keyed = {t: _has_key(con, t) for t in TABLES}
        sizes = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        for table in TABLES:
            con.execute(f"CREATE TABLE {table}_unkeyed AS SELECT * FROM {table}")
        ids = [r[0] for r in con.execute("SELECT DISTINCT article_id FROM mentions ORDER BY 1 LIMIT ?",
                                         [max(ARTICLES)]).fetchall()]
        con.close()
        cases = []
        for table in TABLES:
            for variant in ("as kept", "unkeyed"):
                name = table if variant == "as kept" else f"{table}_unkeyed"
                for n in ARTICLES:
                    rounds = [_replace_and_close(db, name, TABLES[table], ids[:n]) for _ in range(args.repeat)]
                    cases.append({"table": table, "variant": variant, "primary_key": keyed[table] and variant == "as kept",
                                  "rows": sizes[table], "articles_replaced": n,
                                  "write_seconds": round(statistics.median(r[0] for r in rounds), 4),
                                  "close_seconds": round(statistics.median(r[1] for r in rounds), 4)})
                    print(f"{name:24s} {n:4d} articles: write {cases[-1]['write_seconds']:.3f} s, "
                          f"close {cases[-1]['close_seconds']:.3f} s", flush=True)
    revision = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    out = {"measured_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "revision": revision,
           "duckdb": duckdb.__version__, "warehouse_articles": articles, "repeat": args.repeat, "cases": cases}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "checkpoint_cost.json").write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "perf_doc.py")], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
