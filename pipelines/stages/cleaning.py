"""Stage 2: raw_articles -> articles (boilerplate out, metadata in, duplicates marked)."""
from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import polars as pl

from pipelines import warehouse
from pipelines.core import cleaning, dedup, ingest
from pipelines.stages._common import utcnow


@dataclass
class CleaningReport:
    articles_added: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    rejected: int = 0
    rejections: list[tuple[str, str]] = field(default_factory=list)


def run_cleaning(con: duckdb.DuckDBPyConnection, run_id: str) -> CleaningReport:
    now = utcnow()
    report = CleaningReport()
    todo = con.execute("""
        SELECT r.raw_id, r.source_path, r.record_index, r.format, r.body_text, r.title, r.published, r.url,
               r.publisher, r.author, r.ingested_at
        FROM raw_articles r
        WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.article_id = r.raw_id)
          AND NOT EXISTS (SELECT 1 FROM rejected_inputs j WHERE j.content_hash = r.raw_id AND j.stage = 'cleaning')
        ORDER BY r.ingested_at, r.source_path, r.record_index
    """).fetchall()
    if not todo:
        return report

    by_body_hash = dict(con.execute(
        "SELECT body_hash, min_by(article_id, ingested_at) FROM articles GROUP BY body_hash").fetchall())
    index = dedup.NearDuplicateIndex()
    for article_id, sig in con.execute("SELECT article_id, minhash FROM article_fingerprints").fetchall():
        index.add(article_id, sig)

    article_rows, fingerprint_rows, rejected_rows = [], [], []
    for raw_id, source_path, record_index, fmt, body_text, title, published, url, publisher, author, ingested_at in todo:
        try:
            cleaned = cleaning.clean_article(body_text, fmt, title=title, published=published,
                                             publisher=publisher, author=author)
            reason = ingest.check_text(cleaned.body)
            if reason is None and cleaned.word_count < cleaning.MIN_BODY_WORDS:
                reason = f"too short: {cleaned.word_count} words after cleaning (minimum {cleaning.MIN_BODY_WORDS})"
        except cleaning.EmptyArticleError as exc:
            reason = str(exc)
        if reason:
            rejected_rows.append({"source_path": source_path, "record_index": record_index, "content_hash": raw_id,
                                  "stage": "cleaning", "reason": reason, "rejected_at": now, "run_id": run_id})
            report.rejections.append((source_path, reason))
            continue

        digest = cleaning.body_hash(cleaned.body)
        duplicate_of, similarity = by_body_hash.get(digest), None
        if duplicate_of is not None:
            similarity = 1.0
            report.exact_duplicates += 1
        else:
            by_body_hash[digest] = raw_id
            sig = dedup.signature(cleaned.body)  # only originals need a fingerprint
            if match := index.match(sig):
                duplicate_of, similarity = match
                report.near_duplicates += 1
            index.add(raw_id, sig)
            fingerprint_rows.append({"article_id": raw_id, "minhash": [int(v) for v in sig]})
        article_rows.append({
            "article_id": raw_id, "source_path": source_path, "url": url, "title": cleaned.title,
            "publisher": cleaned.publisher, "author": cleaned.author, "published_at": cleaned.published_at,
            "language": "en", "body": cleaned.body, "word_count": cleaned.word_count, "body_hash": digest,
            "duplicate_of": duplicate_of, "similarity": similarity, "ingested_at": ingested_at,
            "cleaned_at": now, "run_id": run_id,
        })

    ids = [r["article_id"] for r in article_rows]
    counts = warehouse.replace_rows(con, [
        ("articles", "article_id", ids, article_rows),
        ("article_fingerprints", "article_id", ids,
         pl.DataFrame(fingerprint_rows, schema={"article_id": pl.Utf8, "minhash": pl.List(pl.UInt64)})),
        ("rejected_inputs", "content_hash", [], rejected_rows),
    ])
    report.articles_added = counts["articles"]
    report.rejected = counts["rejected_inputs"]
    return report
