"""The work of each stage against the warehouse; Dagster assets are thin wrappers.

Each stage picks only what it has not processed yet and writes idempotently
(delete-then-insert per batch in one transaction), so re-runs add nothing.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import polars as pl

from pipelines import warehouse
from pipelines.core import cleaning, dedup, ingest
from pipelines.core.entities import EntityRegistry, RegisteredEntity

Log = Callable[[str], None]


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


# --------------------------------------------------------------------------- ingest
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


# --------------------------------------------------------------------------- cleaning
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


# --------------------------------------------------------------------------- NLP pass
@dataclass
class NlpReport:
    articles: int = 0
    mentions: int = 0
    quotes: int = 0
    claims: int = 0
    parse_seconds: float = 0.0


def articles_needing_nlp(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(article_id, body) not yet processed; exact duplicates are skipped (their original is processed)."""
    return con.execute("""
        SELECT a.article_id, a.body FROM articles a
        WHERE NOT EXISTS (SELECT 1 FROM nlp_processed p WHERE p.article_id = a.article_id)
          AND NOT (a.duplicate_of IS NOT NULL AND a.similarity >= 1.0)
        ORDER BY a.ingested_at, a.article_id
    """).fetchall()


def run_nlp(
    db_path: str,
    run_id: str,
    *,
    model_name: str,
    batch_size: int,
    processes: int,
    min_docs_per_process: int,
    commit_every: int = 500,
    log: Log = print,
) -> NlpReport:
    """Parse every new article once and write its mentions, quotes and claims.

    The connection is opened per commit, not held during parsing, so the file
    is locked only while rows are written.
    """
    import time

    from pipelines.core.extraction import extract_article, load_extraction_pipeline
    from pipelines.core.nlp import parse_many

    with warehouse.connect(db_path) as con:
        todo = articles_needing_nlp(con)
    report = NlpReport()
    if not todo:
        return report
    nlp = load_extraction_pipeline(model_name)
    n_process = max(1, min(processes, len(todo) // max(1, min_docs_per_process)))
    log(f"NLP pass over {len(todo)} articles with {model_name} (batch {batch_size}, {n_process} process(es))")

    pending: list = []
    started = time.perf_counter()

    def flush() -> None:
        if not pending:
            return
        ids = [e.article_id for e in pending]
        mentions = [dict(m, run_id=run_id) for e in pending for m in e.mentions]
        quotes = [dict(q, run_id=run_id) for e in pending for q in e.quotes]
        claims = [dict(c, run_id=run_id) for e in pending for c in e.claims]
        now = utcnow()
        processed = [{"article_id": e.article_id, "model": model_name, "mentions": len(e.mentions),
                      "quotes": len(e.quotes), "claims": len(e.claims), "processed_at": now, "run_id": run_id}
                     for e in pending]
        with warehouse.connect(db_path) as con:
            warehouse.replace_rows(con, [
                ("mentions", "article_id", ids, mentions),
                ("quotes", "article_id", ids, quotes),
                ("numeric_claims", "article_id", ids, claims),
                ("nlp_processed", "article_id", ids, processed),
            ])
        report.articles += len(pending)
        report.mentions += len(mentions)
        report.quotes += len(quotes)
        report.claims += len(claims)
        pending.clear()

    for doc, article_id in parse_many(nlp, ((body, aid) for aid, body in todo),
                                      batch_size=batch_size, n_process=n_process):
        pending.append(extract_article(doc, article_id))
        if len(pending) >= commit_every:
            flush()
            log(f"  {report.articles}/{len(todo)} articles")
    flush()
    report.parse_seconds = time.perf_counter() - started
    return report


# --------------------------------------------------------------------------- entities
@dataclass
class EntitiesReport:
    names_resolved: int = 0
    entities_created: int = 0
    entities_total: int = 0


# Every name the entities stage links: (table, label column, name column, entity id column).
_LINKED_NAMES = (
    ("mentions", "label", "canonical_name", "entity_id"),
    ("quotes", "speaker_label", "speaker", "speaker_entity_id"),
    ("quotes", "reported_by_label", "reported_by", "reported_by_entity_id"),
    ("numeric_claims", "about_label", "about", "entity_id"),
)


def run_entities(con: duckdb.DuckDBPyConnection, run_id: str) -> EntitiesReport:
    """Resolve unlinked mentions, speakers and claim subjects to entities; refresh counts."""
    now = utcnow()
    report = EntitiesReport()
    registry = EntityRegistry(
        RegisteredEntity(eid, name, label, set(aliases))
        for eid, name, label, aliases in con.execute("SELECT entity_id, name, label, aliases FROM entities").fetchall()
    )
    before = set(registry.entities)
    names = con.execute(" UNION ".join(
        f"SELECT DISTINCT {label}, {name} FROM {table} "
        f"WHERE {entity_id} IS NULL AND {label} IS NOT NULL AND {name} IS NOT NULL"
        for table, label, name, entity_id in _LINKED_NAMES)).fetchall()
    # Fuller names first, so 'Vladimir Putin' exists before 'Putin' looks for it.
    names.sort(key=lambda ln: (-len(ln[1].split()), ln[1], ln[0]))
    mapping = []
    for label, name in names:
        entity = registry.resolve(label, name)
        mapping.append({"label": label, "name": name, "entity_id": entity.entity_id})
    report.names_resolved = len(mapping)
    changed = {m["entity_id"] for m in mapping}
    report.entities_created = len(set(registry.entities) - before)

    entity_rows = [
        {"entity_id": e.entity_id, "name": e.name, "label": e.label, "aliases": sorted(e.aliases),
         "mention_count": 0, "article_count": 0, "updated_at": now, "run_id": run_id}
        for eid, e in registry.entities.items() if eid in changed
    ]
    con.execute("BEGIN TRANSACTION")
    try:
        if mapping:
            con.register("_names", pl.DataFrame(mapping).to_arrow())
            for table, label, name, entity_id in _LINKED_NAMES:
                con.execute(f"""UPDATE {table} SET {entity_id} = n.entity_id FROM _names n
                                WHERE {table}.{entity_id} IS NULL AND {table}.{label} = n.label
                                  AND {table}.{name} = n.name""")
            con.unregister("_names")
        if entity_rows:
            frame = pl.DataFrame(entity_rows, schema_overrides={"aliases": pl.List(pl.Utf8)})
            con.execute("DELETE FROM entities WHERE entity_id IN (SELECT unnest(?))", [list(changed)])
            warehouse.insert_frame(con, "entities", frame)
            # Counts are derived from mentions, so they stay right however entities merge.
            con.execute("""
                UPDATE entities SET mention_count = c.mentions, article_count = c.articles
                FROM (SELECT entity_id, count(*) AS mentions, count(DISTINCT article_id) AS articles
                      FROM mentions WHERE entity_id IS NOT NULL GROUP BY entity_id) c
                WHERE entities.entity_id = c.entity_id AND entities.run_id = ?""", [run_id])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    report.entities_total = con.execute("SELECT count(*) FROM entities").fetchone()[0]
    return report
