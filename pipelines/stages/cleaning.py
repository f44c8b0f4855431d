"""Stage 2: raw_articles -> articles (boilerplate out, metadata in, versions and duplicates marked).

Pending records are read, cleaned and written `cleaning_batch_records` at a time (one
transaction per batch), so memory is bounded by a batch. Per record:
- every span cleaning removed goes to cleaning_removals (rule, offsets, text);
- a record that fails (no text left, not English, too short, or any error) goes to
  rejected_inputs with the reason and the run goes on;
- an edit of an article already loaded (same URL; or same single-article file, or same
  publisher and title, with texts that overlap) becomes its next version
  (`supersedes` / `superseded_by`);
- otherwise exact duplicates (body hash) and near duplicates (MinHash; candidates by a
  join on the stored LSH band hashes, not by loading every fingerprint) point at their
  original via `duplicate_of`.
Each article and each cleaning rejection records the cleaning code version that made it; when one
differs from the current version, the run first cleans every raw record again
(pipelines/stages/recleaning.py) and writes what changed.
"""
from __future__ import annotations

import duckdb
import polars as pl

from pipelines import code_versions, warehouse
from pipelines.core.published import html_published_time, offset_time_in_utc
from pipelines.settings import IngestSettings, get_ingest_settings
from pipelines.stages import recleaning
from pipelines.stages._common import Log, Progress, utcnow
from pipelines.stages.cleaning_batch import CLEANING_ORDER, CleaningReport, band_frame, clean_batch, read_at_ingest
from pipelines.stages.nlp import record_code_version

__all__ = ["CleaningReport", "count_raw_to_clean", "run_cleaning"]


# Fingerprints of an older warehouse get their band hashes this many at a time.
BACKFILL_BATCH = 5000


# The stage's question, one definition (the nothing-pending check counts it): raw records not
# cleaned and not rejected by cleaning yet.
_PENDING = """
    FROM raw_articles r
    WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.article_id = r.raw_id)
      AND NOT EXISTS (SELECT 1 FROM rejected_inputs j WHERE j.content_hash = r.raw_id AND j.stage = 'cleaning')
      AND """ + read_at_ingest() + "\n"


def count_raw_to_clean(con: duckdb.DuckDBPyConnection) -> int:
    """How many raw records the cleaning stage would clean now."""
    return con.execute("SELECT count(*) " + _PENDING).fetchone()[0]


def run_cleaning(con: duckdb.DuckDBPyConnection, run_id: str, *, settings: IngestSettings | None = None,
                 log: Log | None = None) -> CleaningReport:
    """Clean every raw record not cleaned (or rejected) yet, batch by batch (progress lines through `log`)."""
    settings = settings or get_ingest_settings()
    report = CleaningReport()
    record_code_version(con, code_versions.cleaning_version(), run_id)
    _backfill_bands(con)
    _published_times_in_utc(con)
    recleaning.clean_again_if_out_of_date(con, run_id, settings, report, log or (lambda _: None))
    pending = [row[0] for row in con.execute("SELECT r.raw_id " + _PENDING + CLEANING_ORDER).fetchall()]
    size = max(1, settings.cleaning_batch_records)
    progress = Progress("cleaning", len(pending), "records", log or (lambda _: None))
    for start in range(0, len(pending), size):
        clean_batch(con, pending[start:start + size], run_id, settings, report)
        progress.advance(len(pending[start:start + size]))
    return report


def _published_times_in_utc(con: duckdb.DuckDBPyConnection) -> None:
    """Upgrade of a warehouse cleaned before published_at was kept in UTC (the offset was dropped,
    the clock time kept as written): each article whose raw record states its time with an offset
    (a JSON field, an HTML page's markup) gets that time in UTC. Once per warehouse."""
    name = "published_at_utc"
    if con.execute("SELECT count(*) FROM warehouse_upgrades WHERE name = ?", [name]).fetchone()[0]:
        return
    rows = con.execute("""
        SELECT a.article_id, a.published_at, r.published, r.format, r.body_text
        FROM articles a JOIN raw_articles r ON r.raw_id = a.article_id
        WHERE a.published_at IS NOT NULL AND (r.published IS NOT NULL OR r.format = 'html')""").fetchall()
    fixed = []
    for article_id, stored, published, fmt, body in rows:
        given = offset_time_in_utc(published) if published else None
        if given is None and fmt == "html":
            given = offset_time_in_utc(html_published_time(body))
        if given is not None and given != stored:
            fixed.append({"article_id": article_id, "published_at": given})

    def write(c: duckdb.DuckDBPyConnection) -> None:
        if fixed:
            c.register("_utc", pl.DataFrame(fixed, schema={"article_id": pl.Utf8, "published_at": pl.Datetime("us")}).to_arrow())
            c.execute("UPDATE articles SET published_at = u.published_at FROM _utc u "
                      "WHERE articles.article_id = u.article_id")
            c.unregister("_utc")
        c.execute("INSERT INTO warehouse_upgrades VALUES (?, ?)", [name, utcnow()])

    warehouse.write_transaction(con, write)


def _backfill_bands(con: duckdb.DuckDBPyConnection) -> None:
    """Band hashes for fingerprints written before they were stored (older warehouses)."""
    while True:
        rows = con.execute("""
            SELECT f.article_id, f.minhash FROM article_fingerprints f
            WHERE NOT EXISTS (SELECT 1 FROM article_lsh_bands b WHERE b.article_id = f.article_id)
            LIMIT ?""", [BACKFILL_BATCH]).fetchall()
        if not rows:
            return
        warehouse.insert_frame(con, "article_lsh_bands", band_frame([(aid, sig) for aid, sig in rows]))
