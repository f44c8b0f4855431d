"""Ingest follows its code: stored raw records read by another ingest code version are read again.

Every raw record records the ingest code version that read it (raw_articles.ingest_version;
`code_versions.ingest_version`: core/ingest.py, records.py, reading_again.py, decoding.py, language.py,
charset-normalizer and py3langid), and so does every ingest rejection (rejected_inputs.code_version). When a stored
record's version differs from the current one, the ingest stage first reads every such record
again with the current code (`reading_again.read_again`), without the input files:

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

An ingest rejection whose record never became a raw record is read again in the same pass
(`_RejectionsReadAgain`): from the bytes it kept (rejected_inputs.record_bytes, up to the article
limit, with its file's encoding), as `reading_again.rejected_again` reads them; a whole file that kept
none (not read into memory: a streamed file, an unsupported type; a read that failed) from its file
while it is there unchanged. One that now reads becomes raw records (new ids, the run's ingested_at)
in place of its row, which the cleaning stage then cleans as new records; one still rejected for the
same reason keeps its row as it was (one whose row, from before rejections kept their bytes, says
nothing of them is written anew with them or why not); one rejected for another reason is written
anew with its bytes. The rejections are read inside the stage's transaction and what they read as is
written a batch at a time: a whole JSONL file read again is streamed, never held in memory whole.
One that cannot be read again (rejected before rejections kept their bytes, too large to keep, its
file gone or changed) keeps its row, which says why (bytes_not_kept). Each file's latest ledger row
(ingested_files.records, rejected) moves with what reading again changed, in the same transaction.
"""
from __future__ import annotations

import json
import os
import stat
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from itertools import chain, islice
from pathlib import Path

import duckdb
import polars as pl

from pipelines import code_versions, warehouse
from pipelines.core import ingest, reading_again
from pipelines.core.decoding import CERTAIN_ENCODINGS
from pipelines.settings import IngestSettings
from pipelines.stages._common import Log, Progress, utcnow
from pipelines.stages.recleaning import mark_raw_records_changed


@dataclass
class ReadAgainCounts:
    """What reading the stored records again under a new ingest code version did (part of the
    ingest stage's report)."""
    reread_because: str | None = None  # what changed in the code, when records were read again
    reread: int = 0                    # stored raw records read again
    records_changed: int = 0           # of them, with another text or metadata: written anew
    cleaning_inputs_changed: int = 0   # of those, with another body or metadata: cleaned again
    now_rejected: int = 0              # records the current code rejects (the rejection says why)
    rejections_lifted: int = 0         # records rejected by an earlier reading that the current code reads
    read_from_text: int = 0            # uncertain decodings whose bytes were never stored: read from raw_text
    rejections_reread: int = 0         # ingest rejections read again (from their kept bytes or unchanged file)
    records_from_rejections: int = 0   # raw records they now read as (cleaned as new records)
    rejections_not_reread: int = 0     # ingest rejections that cannot be read again (the row says why)


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


# The ingest rejections of records that never became raw records (their raw record, when there is
# one, is read again with the raw records).
_OWN_REJECTIONS = ("FROM rejected_inputs WHERE stage = 'ingest' AND code_version IS DISTINCT FROM ? "
                   "AND content_hash NOT IN (SELECT raw_id FROM raw_articles)")


def ingest_out_of_date(con: duckdb.DuckDBPyConnection) -> str | None:
    """The stage's question about its code (the nothing-pending check asks it too): None when every
    stored raw record and ingest rejection was read by the current ingest code, else how many were
    not and what changed."""
    version = code_versions.ingest_version()
    count, old = con.execute("SELECT count(*), min(ingest_version) FROM raw_articles "
                             "WHERE ingest_version IS DISTINCT FROM ?", [version.version]).fetchone()
    rejections, old_rejection = con.execute(f"SELECT count(*), min(code_version) {_OWN_REJECTIONS}",
                                            [version.version]).fetchone()
    if not count and not rejections:
        return None
    if not count:
        old = old_rejection
    what = " and ".join(part for part in (f"{count} record(s)" if count else "",
                                          f"{rejections} ingest rejection(s)" if rejections else "") if part)
    manifest = None
    if old is not None:
        row = con.execute("SELECT any_value(manifest) FROM code_versions WHERE stage = 'ingest' AND version = ?",
                          [old]).fetchone()
        manifest = json.loads(row[0]) if row and row[0] else None
    return f"{what} read by another ingest code version ({version.describe_change(manifest)})"


def read_again_if_out_of_date(con: duckdb.DuckDBPyConnection, run_id: str, settings: IngestSettings,
                              report: ReadAgainCounts, log: Log) -> None:
    """When `ingest_out_of_date`, read the stored records again and write what differs (module
    docstring); the counts go into `report`."""
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
    ledger: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # source_path -> [records, rejected] change
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
            item = reading_again.read_again(stored["raw_id"], stored["source_path"], stored["record_index"],
                                            stored["format"], stored["raw_text"], stored["encoding"],
                                            stored["encoding_confidence"], stored["original_bytes"],
                                            stored["size_bytes"], max_article_bytes=settings.max_article_bytes)
            raw_id = stored["raw_id"]
            if isinstance(item, ingest.Rejection):
                if rejected.get(raw_id) != item.reason:
                    now_rejected.append(item)
                    if raw_id not in rejected:
                        cleaning.append(raw_id)
                        _count(ledger, stored["source_path"], records=-1, rejected=1)
                continue
            if raw_id in rejected:
                lifted.append(raw_id)
                _count(ledger, stored["source_path"], records=1, rejected=-1)
            new = {name: getattr(item, name) for name in _READ_FIELDS}
            if any(new[name] != stored[name] for name in _TEXT_FIELDS):
                changed.append({"raw_id": raw_id, **new})
                if any(new[name] != stored[name] for name in _CLEANING_INPUTS) and raw_id not in rejected:
                    cleaning.append(raw_id)
        progress.advance(len(rows))
    now = utcnow()
    again = _RejectionsReadAgain(version.version, run_id, now, settings)

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
            warehouse.insert_frame(c, "rejected_inputs", warehouse.rows_frame(c, "rejected_inputs", [
                {**asdict(r), "record_bytes": None, "record_encoding": None,
                 "bytes_not_kept": ingest.KEPT_IN_RAW_RECORD, "stage": "ingest", "rejected_at": now,
                 "run_id": run_id, "code_version": version.version} for r in now_rejected]))
        mark_raw_records_changed(c, cleaning)
        again.write(c)
        _write_ledger(c, _added(ledger, again.ledger))
        # A rejection of a stored record whose row (from before rejections kept their bytes) says
        # nothing about them: its raw record keeps its text.
        c.execute("UPDATE rejected_inputs SET bytes_not_kept = ? WHERE stage = 'ingest' AND record_bytes IS NULL "
                  "AND bytes_not_kept IS NULL AND content_hash IN (SELECT raw_id FROM raw_articles)",
                  [ingest.KEPT_IN_RAW_RECORD])
        c.execute("UPDATE raw_articles SET ingest_version = ? WHERE ingest_version IS DISTINCT FROM ?",
                  [version.version, version.version])
        c.execute("UPDATE rejected_inputs SET code_version = ? WHERE stage = 'ingest' "
                  "AND code_version IS DISTINCT FROM ?", [version.version, version.version])

    warehouse.write_transaction(con, write)
    report.reread, report.records_changed, report.rejections_lifted = len(ids), len(changed), len(lifted)
    report.now_rejected = sum(1 for r in now_rejected if r.content_hash not in rejected)
    report.cleaning_inputs_changed = len(cleaning) - report.now_rejected
    report.rejections_reread, report.rejections_not_reread = again.reread, again.not_reread
    report.records_from_rejections = again.records_added
    log(f"read {report.reread} stored record(s) again: {report.records_changed} changed "
        f"({report.cleaning_inputs_changed} with another body or metadata, to be cleaned again), "
        f"{report.now_rejected} now rejected, {report.rejections_lifted} rejection(s) lifted"
        + (f"; {report.read_from_text} guessed decoding(s) read from their text (bytes never stored)"
           if report.read_from_text else "") + "; the others are unchanged")
    if again.reread or again.not_reread:
        log(f"read {again.reread} ingest rejection(s) again: {again.rescued} now read as "
            f"{again.records_added} new raw record(s) (cleaned as new records), "
            f"{again.reread - again.rescued} still rejected; {again.not_reread} cannot be read again "
            "(bytes_not_kept says why)")


def _count(ledger: dict[str, list[int]], source_path: str, *, records: int, rejected: int) -> None:
    ledger[source_path][0] += records
    ledger[source_path][1] += rejected


def _added(*ledgers: dict[str, list[int]]) -> dict[str, list[int]]:
    total: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for ledger in ledgers:
        for path, (records, rejected) in ledger.items():
            _count(total, path, records=records, rejected=rejected)
    return total


def _write_ledger(c: duckdb.DuckDBPyConnection, ledger: dict[str, list[int]]) -> None:
    """The records and rejected counts of each file's latest ledger row moved by what reading again
    changed (a record now rejected, a rejection now read), so they stay what a fresh read finds."""
    changes = [(path, r, j) for path, (r, j) in sorted(ledger.items()) if r or j]
    if not changes:
        return
    c.register("_ledger", pl.DataFrame(changes, schema={"source_path": pl.Utf8, "records": pl.Int64,
                                                         "rejected": pl.Int64}, orient="row").to_arrow())
    c.execute("""
        UPDATE ingested_files SET records = ingested_files.records + d.records,
                                  rejected = ingested_files.rejected + d.rejected
        FROM _ledger d, (SELECT source_path, max(ingested_at) AS latest FROM ingested_files GROUP BY source_path) l
        WHERE ingested_files.source_path = d.source_path AND l.source_path = d.source_path
          AND ingested_files.ingested_at = l.latest""")
    c.unregister("_ledger")


# Kept bytes fetched at a time (a rejection keeps up to the article limit).
_KEPT_BYTES_PER_FETCH = 64_000_000


@dataclass
class _RejectionsReadAgain:
    """Every ingest rejection read by another code version whose record never became a raw record,
    read again by the current code and written, inside the stage's one transaction (`write`): from
    its kept bytes (`reading_again.rejected_again`), or, for a whole file that kept none, from the file
    while it is there unchanged. One that now reads gives new raw records (in place of its row); one
    still rejected for the same reason, whose row keeps its bytes or says why not, keeps its row (its
    version moves on with the others); one rejected for another reason, or whose row (from before
    rejections kept their bytes) says nothing about them, is written anew with its bytes or why not;
    one that cannot be read again says why (bytes_not_kept).

    What a rejection reads as is streamed: rows are written every `ingest_batch_records` records (or
    ingest.MAX_BATCH_TEXT_BYTES of text), so a whole JSONL file read again from disk, of any size, is never
    held in memory whole; kept bytes are fetched a bounded amount at a time."""
    version: str
    run_id: str
    now: datetime
    settings: IngestSettings
    # What the last `write` did (the transaction may run it again: it starts over each time).
    ledger: dict[str, list[int]] = field(default_factory=dict)
    reread: int = 0
    rescued: int = 0
    not_reread: int = 0
    records_added: int = 0

    def write(self, c: duckdb.DuckDBPyConnection) -> None:
        self.ledger = defaultdict(lambda: [0, 0])
        self.reread = self.rescued = self.not_reread = self.records_added = 0
        rows = c.execute("SELECT source_path, record_index, content_hash, reason, coalesce(octet_length(record_bytes), -1), "
                         f"record_encoding, bytes_not_kept {_OWN_REJECTIONS} "
                         "ORDER BY source_path, record_index NULLS FIRST, content_hash", [self.version]).fetchall()
        out = _Writer(c, self.settings, set(c.execute(
            "SELECT source_path, coalesce(record_index, -1), content_hash FROM rejected_inputs WHERE stage = 'ingest'"
        ).fetchall()))
        chunk: list[tuple] = []
        size = 0
        for row in rows + [None]:
            if row is None or (chunk and size + max(row[4], 0) > _KEPT_BYTES_PER_FETCH):
                kept = _kept_bytes(c, [r[:3] for r in chunk if r[4] >= 0])
                for one in chunk:
                    self._read_one(c, one, kept.pop((one[0], _index(one[1]), one[2]), None), out)
                chunk, size = [], 0
            if row is not None:
                chunk.append(row)
                size += max(row[4], 0)
        out.flush()
        self.records_added = out.records_added

    def _read_one(self, c: duckdb.DuckDBPyConnection, row: tuple, kept: bytes | None, out: _Writer) -> None:
        path, index, digest, reason, _, encoding, note = row
        key = (path, _index(index), digest)
        outcome: ingest.ReadOutcome | None = None
        if kept is not None:
            items = reading_again.rejected_again(path, index, digest, kept, encoding,
                                                 max_article_bytes=self.settings.max_article_bytes)
        elif index is None:
            items, new_note, outcome = _whole_file_again(path, digest, self.settings)
        else:
            items, new_note = None, note or ingest.REJECTED_BEFORE_BYTES_WERE_KEPT
        if items is None:
            self.not_reread += 1
            if new_note != note:
                out.notes.append((*key, new_note))
            return
        self.reread += 1
        first = list(islice(items, 2))
        if (len(first) == 1 and isinstance(first[0], ingest.Rejection) and first[0].reason == reason
                and (first[0].source_path, first[0].record_index, first[0].content_hash) == (path, index, digest)
                and (kept is not None or note is not None)):
            return  # rejected as it was, and its row says what it keeps: its version moves on
        out.replace(key)
        records = rejected = 0
        for item in chain(first, items):
            if isinstance(item, ingest.Rejection):
                rejected += 1
                out.rejection({**asdict(item), "bytes_not_kept": ingest.why_not_kept(item), "stage": "ingest",
                               "rejected_at": self.now, "run_id": self.run_id, "code_version": self.version})
            else:
                records += 1
                out.record({**asdict(item), "ingested_at": self.now, "run_id": self.run_id,
                            "ingest_version": self.version})
        if not rejected:
            self.rescued += 1
        # A file whose read failed has no ledger row (the run's ingest reads it as a new file),
        # unless it failed past the I/O (a fault of the code: its ledger row counts the rejection).
        if (kept is not None or digest != ingest.content_hash(f"unreadable:{path}".encode())
                or c.execute("SELECT count(*) FROM ingested_files WHERE source_path = ? AND file_hash = ?",
                             [path, outcome.digest if outcome else None]).fetchone()[0] > 0):
            _count(self.ledger, path, records=records, rejected=rejected - 1)


def _index(record_index: int | None) -> int:
    return -1 if record_index is None else record_index


def _kept_bytes(c: duckdb.DuckDBPyConnection, keys: list[tuple]) -> dict[tuple, bytes]:
    """The kept bytes of these ingest rejections, by (source_path, record_index or -1, content_hash)."""
    if not keys:
        return {}
    c.register("_kept", pl.DataFrame([(p, _index(i), h) for p, i, h in keys], orient="row", schema={
        "source_path": pl.Utf8, "record_index": pl.Int64, "content_hash": pl.Utf8}).to_arrow())
    try:
        return {(p, i, h): b for p, i, h, b in c.execute(
            "SELECT j.source_path, coalesce(j.record_index, -1), j.content_hash, j.record_bytes FROM rejected_inputs j "
            "JOIN _kept k ON j.stage = 'ingest' AND j.source_path = k.source_path "
            "AND coalesce(j.record_index, -1) = k.record_index AND j.content_hash = k.content_hash").fetchall()}
    finally:
        c.unregister("_kept")


class _Writer:
    """The rows reading the rejections again makes, written a batch at a time: the rows they replace
    are deleted before the rows in their place are inserted; a rejection whose key is stored (a run
    also made it anew) is not written twice; exact copies of a stored record collapse into it, as in a
    first read; notes (what a row that stays now says) are written at the end."""

    def __init__(self, c: duckdb.DuckDBPyConnection, settings: IngestSettings, present: set[tuple]) -> None:
        self.c, self.limit, self.present = c, max(1, settings.ingest_batch_records), present
        self.notes: list[tuple[str, int, str, str]] = []
        self.replaced: list[tuple] = []
        self.rejections: list[dict] = []
        self.records: list[dict] = []
        self.seen_records: set[str] = set()
        self.text_bytes = self.records_added = 0

    def replace(self, key: tuple) -> None:
        self.replaced.append(key)
        self.present.discard(key)

    def rejection(self, row: dict) -> None:
        key = (row["source_path"], _index(row["record_index"]), row["content_hash"])
        if key not in self.present:
            self.present.add(key)
            self.rejections.append(row)
            self.text_bytes += len(row["record_bytes"] or b"")
            self._maybe_flush()

    def record(self, row: dict) -> None:
        if row["raw_id"] not in self.seen_records:
            self.seen_records.add(row["raw_id"])
            self.records.append(row)
            self.text_bytes += len(row["raw_text"]) + len(row["body_text"])
            self._maybe_flush()

    def _maybe_flush(self) -> None:
        if (len(self.records) + len(self.rejections) >= self.limit
                or self.text_bytes >= ingest.MAX_BATCH_TEXT_BYTES):
            self._write_batch()

    def _write_batch(self) -> None:
        c = self.c
        keys = {"source_path": pl.Utf8, "record_index": pl.Int64, "content_hash": pl.Utf8}
        match = ("j.stage = 'ingest' AND j.source_path = k.source_path "
                 "AND coalesce(j.record_index, -1) = k.record_index AND j.content_hash = k.content_hash")
        if self.replaced:
            c.register("_gone", pl.DataFrame(self.replaced, schema=keys, orient="row").to_arrow())
            c.execute(f"DELETE FROM rejected_inputs j WHERE EXISTS (SELECT 1 FROM _gone k WHERE {match})")
            c.unregister("_gone")
        if self.rejections:
            warehouse.insert_frame(c, "rejected_inputs", warehouse.rows_frame(c, "rejected_inputs", self.rejections))
        if self.records:
            c.register("_new", pl.DataFrame({"raw_id": [r["raw_id"] for r in self.records]}).to_arrow())
            known = {r[0] for r in c.execute("SELECT raw_id FROM raw_articles JOIN _new USING (raw_id)").fetchall()}
            c.unregister("_new")
            rows = [r for r in self.records if r["raw_id"] not in known]
            self.records_added += warehouse.insert_frame(c, "raw_articles", warehouse.rows_frame(c, "raw_articles", rows))
        self.replaced, self.rejections, self.records, self.text_bytes = [], [], [], 0

    def flush(self) -> None:
        self._write_batch()
        if self.notes:
            keys = {"source_path": pl.Utf8, "record_index": pl.Int64, "content_hash": pl.Utf8, "note": pl.Utf8}
            self.c.register("_notes", pl.DataFrame(self.notes, schema=keys, orient="row").to_arrow())
            self.c.execute("UPDATE rejected_inputs j SET bytes_not_kept = k.note FROM _notes k WHERE j.stage = 'ingest' "
                           "AND j.source_path = k.source_path AND coalesce(j.record_index, -1) = k.record_index "
                           "AND j.content_hash = k.content_hash")
            self.c.unregister("_notes")
            self.notes = []


def _whole_file_again(path: str, digest: str, settings: IngestSettings
                      ) -> tuple[Iterator[ingest.RawRecord | ingest.Rejection] | None, str | None,
                                 ingest.ReadOutcome | None]:
    """A whole-file rejection that kept no bytes, read again from its file when it is there and
    unchanged (a file whose read failed: whatever it holds now): its records as they are read (a
    JSONL file streamed), and the outcome that holds the hash of what was read once they are all
    read; else None and why it cannot be."""
    limits = {"max_article_bytes": settings.max_article_bytes, "max_file_bytes": settings.max_file_bytes}
    file = Path(path)
    try:
        st = os.stat(file)
    except OSError:
        return None, ingest.NOT_A_FILE if os.path.lexists(file) else ingest.FILE_GONE, None
    if not stat.S_ISREG(st.st_mode):
        return None, ingest.NOT_A_FILE, None
    outcome = ingest.ReadOutcome()
    if digest == ingest.content_hash(f"unreadable:{path}".encode()):
        return ingest.read_records(file, outcome=outcome, **limits), None, outcome
    try:
        data, now_digest, _ = ingest.read_input(file, **limits)
    except OSError as exc:
        return None, f"its file cannot be read now ({ingest.describe_error(exc)}): read again when it can be", None
    if now_digest != digest:
        return None, ingest.FILE_CHANGED, None
    return ingest.read_records(file, data, outcome=outcome, **limits), None, outcome
