"""Stage 3: one spaCy pass per article -> mentions, quotes, numeric_claims."""
from __future__ import annotations

from dataclasses import dataclass

import duckdb

from pipelines import warehouse
from pipelines.stages._common import Log, utcnow


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

    with warehouse.connect(db_path) as con:
        todo = articles_needing_nlp(con)
    report = NlpReport()
    if not todo:
        return report
    from pipelines.core import parse_pool

    n_process = max(1, min(processes, len(todo) // max(1, min_docs_per_process)))
    # Worker processes send back rows, not Docs; one started at run start (`newsetl run`)
    # has its model loaded already. A single process without one parses here.
    pool = own_pool = None
    if (pool := parse_pool.prestarted(model_name)) is not None:
        pool.ensure_workers(n_process)
    elif n_process > 1:
        pool = own_pool = parse_pool.ParsePool(model_name, n_process)
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

    items = ((body, aid) for aid, body in todo)
    if pool is not None:  # rows and their ids come from the workers: no spaCy in this process
        extracted = pool.extract(items, batch_size=batch_size)
    else:
        from pipelines.core.extraction import extract_article, load_extraction_pipeline
        from pipelines.core.nlp import parse_many

        extracted = (extract_article(doc, article_id) for doc, article_id in
                     parse_many(load_extraction_pipeline(model_name), items, batch_size=batch_size))
    try:
        for extraction in extracted:
            pending.append(extraction)
            if len(pending) >= commit_every:
                flush()
                log(f"  {report.articles}/{len(todo)} articles")
    finally:
        if own_pool is not None:
            own_pool.shutdown()
    flush()
    report.parse_seconds = time.perf_counter() - started
    return report
