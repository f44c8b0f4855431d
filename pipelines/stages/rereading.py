"""Ingest follows its code: stored raw records read by another ingest code version are read again.

Every raw record records the ingest code version that read it (raw_articles.ingest_version;
`code_versions.ingest_version`: core/ingest.py, decoding.py, language.py, charset-normalizer and
py3langid), and so does every ingest rejection (rejected_inputs.code_version). When a stored
record's version differs from the current one, the ingest stage first reads every such record
again with the current code (`ingest.read_again`), without the input files:

- a record whose decoding was a guess (not UTF-8, ASCII or a byte-order mark: a legacy page such as
  Windows-1252) kept the bytes it was decoded from (raw_articles.original_bytes) and is decoded
  again from them; any other record is read from its decoded text (raw_text), which a certain decoding
  gives whatever the code. A record of an older warehouse whose bytes were never stored is read
  from its text too, and counted (`read_from_text`);
- the record reading is redone: JSON fields (body, title, published, url, publisher, author), the
  checks (control characters, language).

Then one transaction writes what differs and nothing else: a record whose text or metadata differ
(raw_text, body_text, title, published, url, publisher, author) or encoding is updated in place
with its confidence and bytes (same raw_id, its ingested_at kept so the cleaning order stays; the run's
run_id, so the raw_articles check validates it again); when what cleaning reads changed (body,
metadata), its article or cleaning rejection is marked for cleaning again
(`recleaning.mark_raw_records_changed`), and the cleaning stage's follow-its-code path then cleans
every record again and writes what differs (the NLP pass parses a changed body again). A record
the current code rejects gets an ingest rejection with the reason and keeps its raw row (its text
is what a later code reads again); the cleaning stage skips such records, so its article leaves.
A record an earlier reading rejected that the current code reads loses that rejection and is
cleaned as a new record. Every stored record's ingest_version then moves on: a second run with the
same code reads nothing. A run that dies midway leaves every stored row as it was.

A re-decoded JSON record keeps its id, although a fresh build would give the other text another id:
its articles and every row made from them keep their keys.
"""
from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING

import duckdb
import polars as pl

from pipelines import code_versions, warehouse
from pipelines.core import ingest
from pipelines.core.decoding import CERTAIN_ENCODINGS
from pipelines.settings import IngestSettings
from pipelines.stages._common import Log, Progress, utcnow
from pipelines.stages.recleaning import mark_raw_records_changed

if TYPE_CHECKING:
    from pipelines.stages.ingest import IngestReport

# The fields of a raw record the re-reading writes; those that make a record changed (its text,
# metadata and encoding: how sure a decoding is may read differently for a JSONL line decoded alone,
# the text not); those of them the cleaning stage reads.
_READ_FIELDS = ("raw_text", "body_text", "title", "published", "url", "publisher", "author", "encoding",
                "encoding_confidence", "original_bytes")
_TEXT_FIELDS = _READ_FIELDS[:8]
_CLEANING_INPUTS = _READ_FIELDS[1:7]
_SCHEMA = {"raw_id": pl.Utf8, "raw_text": pl.Utf8, "body_text": pl.Utf8, "title": pl.Utf8, "published": pl.Utf8,
           "url": pl.Utf8, "publisher": pl.Utf8, "author": pl.Utf8, "encoding": pl.Utf8,
           "encoding_confidence": pl.Float64, "original_bytes": pl.Binary}


def ingest_out_of_date(con: duckdb.DuckDBPyConnection) -> str | None:
    """The stage's question about its code (the nothing-pending check asks it too): None when every
    stored raw record was read by the current ingest code, else how many were not and what changed."""
    version = code_versions.ingest_version()
    count, old = con.execute("SELECT count(*), min(ingest_version) FROM raw_articles "
                             "WHERE ingest_version IS DISTINCT FROM ?", [version.version]).fetchone()
    if not count:
        return None
    manifest = None
    if old is not None:
        row = con.execute("SELECT any_value(manifest) FROM code_versions WHERE stage = 'ingest' AND version = ?",
                          [old]).fetchone()
        manifest = json.loads(row[0]) if row and row[0] else None
    return f"{count} record(s) read by another ingest code version ({version.describe_change(manifest)})"


def read_again_if_out_of_date(con: duckdb.DuckDBPyConnection, run_id: str, settings: IngestSettings,
                              report: IngestReport, log: Log) -> None:
    """When `ingest_out_of_date`, read the stored records again and write what differs (module
    docstring); the counts go into `report` (an IngestReport)."""
    from pipelines.stages.nlp import record_code_version

    version = code_versions.ingest_version()
    record_code_version(con, version, run_id)
    because = ingest_out_of_date(con)
    if because is None:
        return
    report.reread_because = because
    log(f"reading the stored raw records again: {because}")
    ids = [r[0] for r in con.execute("SELECT raw_id FROM raw_articles WHERE ingest_version IS DISTINCT FROM ? "
                                     "ORDER BY raw_id", [version.version]).fetchall()]
    rejected = dict(con.execute("SELECT content_hash, reason FROM rejected_inputs WHERE stage = 'ingest' AND "
                                "content_hash IN (SELECT raw_id FROM raw_articles)").fetchall())
    changed: list[dict] = []      # records whose text or metadata differ
    cleaning: list[str] = []      # records whose cleaning inputs differ, or now rejected
    now_rejected: list[ingest.Rejection] = []
    lifted: list[str] = []
    size = max(1, settings.ingest_batch_records)
    progress = Progress("reading again", len(ids), "records", log)
    columns = ("raw_id, source_path, record_index, format, size_bytes, " + ", ".join(_READ_FIELDS))
    for start in range(0, len(ids), size):
        con.register("_ids", pl.DataFrame({"raw_id": ids[start:start + size]}, schema={"raw_id": pl.Utf8}).to_arrow())
        cursor = con.execute(f"SELECT {columns} FROM raw_articles JOIN _ids USING (raw_id)")
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, row)) for row in cursor.fetchall()]
        con.unregister("_ids")
        for stored in rows:
            if stored["original_bytes"] is None and stored["encoding"] not in CERTAIN_ENCODINGS:
                report.read_from_text += 1
            item = ingest.read_again(stored["raw_id"], stored["source_path"], stored["record_index"],
                                     stored["format"], stored["raw_text"], stored["encoding"],
                                     stored["encoding_confidence"], stored["original_bytes"], stored["size_bytes"],
                                     max_article_bytes=settings.max_article_bytes)
            raw_id = stored["raw_id"]
            if isinstance(item, ingest.Rejection):
                if rejected.get(raw_id) != item.reason:
                    now_rejected.append(item)
                    if raw_id not in rejected:
                        cleaning.append(raw_id)
                continue
            if raw_id in rejected:
                lifted.append(raw_id)
            new = {name: getattr(item, name) for name in _READ_FIELDS}
            if any(new[name] != stored[name] for name in _TEXT_FIELDS):
                changed.append({"raw_id": raw_id, **new})
                if any(new[name] != stored[name] for name in _CLEANING_INPUTS) and raw_id not in rejected:
                    cleaning.append(raw_id)
        progress.advance(len(rows))

    def write(c: duckdb.DuckDBPyConnection) -> None:
        if changed:
            c.register("_reread", pl.DataFrame(changed, schema=_SCHEMA).to_arrow())
            assignments = ", ".join(f"{name} = n.{name}" for name in _READ_FIELDS)
            c.execute(f"UPDATE raw_articles SET {assignments}, run_id = ? FROM _reread n "
                      "WHERE raw_articles.raw_id = n.raw_id", [run_id])
            c.unregister("_reread")
        gone = sorted(lifted + [r.content_hash for r in now_rejected])
        if gone:
            c.execute("DELETE FROM rejected_inputs WHERE stage = 'ingest' AND content_hash IN (SELECT unnest(?))",
                      [gone])
        if now_rejected:
            now = utcnow()
            warehouse.insert_frame(c, "rejected_inputs", warehouse.rows_frame(c, "rejected_inputs", [
                {**asdict(r), "stage": "ingest", "rejected_at": now, "run_id": run_id, "code_version": version.version}
                for r in now_rejected]))
        mark_raw_records_changed(c, cleaning)
        c.execute("UPDATE raw_articles SET ingest_version = ? WHERE ingest_version IS DISTINCT FROM ?",
                  [version.version, version.version])

    warehouse.write_transaction(con, write)
    report.reread, report.records_changed, report.rejections_lifted = len(ids), len(changed), len(lifted)
    report.now_rejected = sum(1 for r in now_rejected if r.content_hash not in rejected)
    report.cleaning_inputs_changed = len(cleaning) - report.now_rejected
    log(f"read {report.reread} stored record(s) again: {report.records_changed} changed "
        f"({report.cleaning_inputs_changed} with another body or metadata, to be cleaned again), "
        f"{report.now_rejected} now rejected, {report.rejections_lifted} rejection(s) lifted"
        + (f"; {report.read_from_text} guessed decoding(s) read from their text (bytes never stored)"
           if report.read_from_text else "") + "; the others are unchanged")
