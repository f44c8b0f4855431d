"""Stage 1: input files -> raw_articles (bad inputs -> rejected_inputs).

Files are streamed: each is read once to hash it (kept when read whole, else hashed in chunks)
and parsed (a .jsonl line by line) only when new; a file the ledger has at the same size and
modification time (settled before it was ingested) is not read at all, however large; what the ledger (ingested_files) records is
the hash of the bytes parsed, and a file whose read fails part way is not recorded, so the next
run reads it again. Rows are written every `ingest_batch_records` records, so memory is bounded by a
batch, not by the corpus. A file that cannot be read, or a record that fails, becomes a
row in rejected_inputs and the run goes on (with the record's bytes, to be read again by a later
code). Every raw record and ingest rejection records the ingest code version that read it; when a
stored one's differs, the run first reads the stored records and rejections again
(pipelines/stages/rereading.py).
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from pipelines import code_versions, warehouse
from pipelines.core import ingest
from pipelines.settings import IngestSettings, get_ingest_settings
from pipelines.stages._common import Log, Progress, utcnow
from pipelines.stages.rereading import ReadAgainCounts, read_again_if_out_of_date

# Report at most this many rejection reasons in the run's log (all are in rejected_inputs).
MAX_REPORTED_REJECTIONS = 200
# Hash this many files before asking the warehouse which of them it has already seen.
FILE_GROUP = 500


@dataclass
class IngestReport(ReadAgainCounts):
    """What a run of ingest did; the counts of reading the stored records again are ReadAgainCounts'."""
    files_found: int = 0
    files_new: int = 0
    articles_added: int = 0
    exact_duplicates: int = 0
    rejected: int = 0
    batches: int = 0
    rejections: list[tuple[str, str]] = field(default_factory=list)
    missing_paths: list[str] = field(default_factory=list)


class _Batch:
    """Rows waiting to be written; flushed in one transaction."""

    def __init__(self) -> None:
        self.raw: dict[str, dict] = {}
        self.rejected: dict[tuple, dict] = {}
        self.files: list[dict] = []
        self.text_bytes = 0
        self.duplicates_in_batch = 0

    def __len__(self) -> int:
        return len(self.raw) + len(self.rejected) + len(self.files)


def _keys_frame(values: list[tuple], names: list[str]) -> pl.DataFrame:
    return pl.DataFrame(values, schema=[(n, pl.Utf8 if n != "record_index" else pl.Int64) for n in names], orient="row")


def _flush(con: duckdb.DuckDBPyConnection, batch: _Batch, report: IngestReport) -> None:
    if not len(batch):
        return
    raw_rows = list(batch.raw.values())
    if raw_rows:  # byte-identical records seen by an earlier run or batch collapse into the first
        con.register("_ids", pl.DataFrame({"raw_id": [r["raw_id"] for r in raw_rows]}).to_arrow())
        known = {r[0] for r in con.execute("SELECT raw_id FROM raw_articles JOIN _ids USING (raw_id)").fetchall()}
        con.unregister("_ids")
        report.exact_duplicates += len(known)
        raw_rows = [r for r in raw_rows if r["raw_id"] not in known]
    report.exact_duplicates += batch.duplicates_in_batch
    rejected_rows = list(batch.rejected.values())
    if rejected_rows:
        con.register("_rej", _keys_frame([k for k in batch.rejected],
                                         ["source_path", "record_index", "content_hash"]).to_arrow())
        known_rej = set(con.execute(
            "SELECT j.source_path, coalesce(j.record_index, -1), j.content_hash FROM rejected_inputs j "
            "JOIN _rej k ON k.source_path = j.source_path AND k.record_index = coalesce(j.record_index, -1) "
            "AND k.content_hash = j.content_hash").fetchall())
        con.unregister("_rej")
        rejected_rows = [row for key, row in batch.rejected.items() if key not in known_rej]
        for row in rejected_rows:
            if len(report.rejections) < MAX_REPORTED_REJECTIONS:
                report.rejections.append((row["source_path"], row["reason"]))
    counts = warehouse.replace_rows(con, [
        ("raw_articles", "raw_id", [r["raw_id"] for r in raw_rows], raw_rows),
        ("rejected_inputs", "content_hash", [], rejected_rows),
        ("ingested_files", "source_path", [], batch.files),
    ])
    report.articles_added += counts["raw_articles"]
    report.rejected += counts["rejected_inputs"]
    report.batches += 1
    batch.__init__()


# A ledger row vouches for a file unread only when the file had not been modified for this long
# when it was ingested: a file rewritten within the clock tick of its ingest (same size, same
# modification time) would otherwise never be read again.
SETTLED_BEFORE_INGEST_SECONDS = 1


def unchanged_files(con: duckdb.DuckDBPyConnection) -> set[tuple[str, int, int]]:
    """(source_path, size, modification time in ns) of the files the ingested_files ledger vouches
    for: a file found at that path with that size and time is what was ingested, and is not read
    again (by ingest, or by `newsetl run`'s nothing-pending check)."""
    return set(con.execute(f"""
        SELECT source_path, size_bytes, mtime_ns FROM ingested_files
        WHERE mtime_ns IS NOT NULL
          AND mtime_ns < epoch_ns(ingested_at) - {SETTLED_BEFORE_INGEST_SECONDS * 1_000_000_000}""").fetchall())


def run_ingest(
    con: duckdb.DuckDBPyConnection,
    paths: Sequence[str],
    run_id: str,
    *,
    settings: IngestSettings | None = None,
    log: Log | None = None,
) -> IngestReport:
    """Ingest every new file under `paths`; returns what was added and rejected (progress lines,
    files done of found, through `log`)."""
    settings = settings or get_ingest_settings()
    now = utcnow()
    report = IngestReport()
    version = code_versions.ingest_version()
    read_again_if_out_of_date(con, run_id, settings, report, log or (lambda _: None))
    # A missing input (e.g. a landing folder not created yet) is reported, not fatal.
    report.missing_paths = [p for p in paths if not Path(p).exists() and not Path(p).is_symlink()]
    files, problems = ingest.walk_inputs([p for p in paths if p not in report.missing_paths])
    report.files_found = len(files)
    progress = Progress("ingest", len(files), "files", log or (lambda _: None))
    batch = _Batch()

    def reject(item: ingest.Rejection) -> None:
        key = (item.source_path, item.record_index if item.record_index is not None else -1, item.content_hash)
        if key not in batch.rejected:
            batch.text_bytes += len(item.record_bytes or b"")  # the bytes a rejection keeps count in the batch
        batch.rejected.setdefault(key, {**item.__dict__, "bytes_not_kept": ingest.why_not_kept(item), "stage": "ingest",
                                        "rejected_at": now, "run_id": run_id, "code_version": version.version})

    for problem in problems:
        reject(problem)

    def unreadable(path: Path, exc: OSError) -> None:
        reject(ingest.Rejection(str(path), None, ingest.content_hash(f"unreadable:{path}".encode()),
                                f"unreadable file {path}: {ingest.describe_error(exc)}"))

    limits = {"max_article_bytes": settings.max_article_bytes, "max_file_bytes": settings.max_file_bytes}
    unchanged = unchanged_files(con)
    for start in range(0, len(files), FILE_GROUP):
        group = files[start:start + FILE_GROUP]
        # Each file is read once to decide whether it is new: a file read whole keeps its bytes
        # (up to ingest.MAX_BATCH_TEXT_BYTES for the group) and is parsed from them, so what is recorded
        # as ingested is the hash of what was parsed; a streamed file is hashed again as it is parsed.
        # A file the ledger already has at this size and modification time is not read at all.
        hashed: list[tuple[Path, str, int, int, bytes | None]] = []
        held = skipped = 0
        for path in group:
            try:
                st = os.stat(path)
                if (str(path), st.st_size, st.st_mtime_ns) in unchanged:
                    skipped += 1
                    continue
                mtime_ns = st.st_mtime_ns
                data, digest, size = ingest.read_input(path, **limits)
            except OSError as exc:  # gone or failing now: not recorded, the next run reads it again
                unreadable(path, exc)
                continue
            if data is not None and held + len(data) > ingest.MAX_BATCH_TEXT_BYTES:
                data = None
            held += len(data) if data is not None else 0
            hashed.append((path, digest, size, mtime_ns, data))
        con.register("_files", _keys_frame([(str(p), h) for p, h, *_ in hashed], ["source_path", "file_hash"]).to_arrow())
        seen = set(con.execute("SELECT f.source_path, f.file_hash FROM ingested_files f "
                               "JOIN _files k USING (source_path, file_hash)").fetchall())
        con.unregister("_files")

        progress.advance(len(group) - len(hashed))  # unreadable or unchanged: done
        for i, (path, digest, size, mtime_ns, data) in enumerate(hashed):
            hashed[i] = (path, digest, size, mtime_ns, None)  # the bytes go with this file
            progress.advance(1, str(path))
            if (str(path), digest) in seen:
                continue
            report.files_new += 1
            records = rejected = 0
            outcome = ingest.ReadOutcome()
            for item in ingest.read_records(path, data, outcome=outcome, **limits):
                if isinstance(item, ingest.Rejection):
                    rejected += 1
                    reject(item)
                else:
                    records += 1
                    if item.raw_id in batch.raw:
                        batch.duplicates_in_batch += 1
                    else:
                        batch.raw[item.raw_id] = {**item.__dict__, "ingested_at": now, "run_id": run_id,
                                                  "ingest_version": version.version}
                        batch.text_bytes += len(item.raw_text) + len(item.body_text)
                if (max(len(batch.raw), len(batch.rejected)) >= settings.ingest_batch_records
                        or batch.text_bytes >= ingest.MAX_BATCH_TEXT_BYTES):
                    _flush(con, batch, report)
            if outcome.failed:  # read part way: its records are kept, the file is read again next run
                report.files_new -= 1
                continue
            batch.files.append({"source_path": str(path), "file_hash": outcome.digest or digest,
                                "size_bytes": outcome.size if outcome.digest else size, "mtime_ns": mtime_ns,
                                "records": records, "rejected": rejected, "ingested_at": now, "run_id": run_id})
        _flush(con, batch, report)
    _flush(con, batch, report)
    return report
