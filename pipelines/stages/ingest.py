"""Stage 1: input files -> raw_articles (bad inputs -> rejected_inputs)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipelines import warehouse
from pipelines.core import ingest
from pipelines.stages._common import utcnow


@dataclass
class IngestReport:
    files_found: int = 0
    files_new: int = 0
    articles_added: int = 0
    exact_duplicates: int = 0
    rejected: int = 0
    rejections: list[tuple[str, str]] = field(default_factory=list)
    missing_paths: list[str] = field(default_factory=list)


def run_ingest(con: duckdb.DuckDBPyConnection, paths: Sequence[str], run_id: str) -> IngestReport:
    now = utcnow()
    report = IngestReport()
    # A missing input (e.g. a landing folder not created yet) is reported, not fatal.
    report.missing_paths = [p for p in paths if not Path(p).exists()]
    files = ingest.discover_inputs([p for p in paths if Path(p).exists()])
    report.files_found = len(files)
    seen_files = set(con.execute("SELECT source_path, file_hash FROM ingested_files").fetchall())
    known_raw = {row[0] for row in con.execute("SELECT raw_id FROM raw_articles").fetchall()}
    known_rejections = set(con.execute(
        "SELECT source_path, coalesce(record_index, -1), content_hash FROM rejected_inputs").fetchall())

    raw_rows, rejected_rows, file_rows = [], [], []
    for path in files:
        data = path.read_bytes()
        file_hash = ingest.content_hash(data)
        if (str(path), file_hash) in seen_files:
            continue
        report.files_new += 1
        records = rejected = 0
        for item in ingest.read_records(path, data):
            if isinstance(item, ingest.Rejection):
                rejected += 1
                key = (item.source_path, item.record_index if item.record_index is not None else -1, item.content_hash)
                if key not in known_rejections:
                    known_rejections.add(key)
                    rejected_rows.append({**item.__dict__, "stage": "ingest", "rejected_at": now, "run_id": run_id})
                    report.rejections.append((item.source_path, item.reason))
                continue
            records += 1
            if item.raw_id in known_raw:  # byte-identical input seen before: collapse
                report.exact_duplicates += 1
                continue
            known_raw.add(item.raw_id)
            raw_rows.append({**item.__dict__, "ingested_at": now, "run_id": run_id})
        file_rows.append({"source_path": str(path), "file_hash": file_hash, "size_bytes": len(data),
                          "records": records, "rejected": rejected, "ingested_at": now, "run_id": run_id})

    counts = warehouse.replace_rows(con, [
        ("raw_articles", "raw_id", [r["raw_id"] for r in raw_rows], raw_rows),
        ("rejected_inputs", "content_hash", [], rejected_rows),
        ("ingested_files", "source_path", [], file_rows),
    ])
    report.articles_added = counts["raw_articles"]
    report.rejected = counts["rejected_inputs"]
    return report
