"""Cleaning follows its code: records cleaned by another cleaning code version are cleaned again.

Every article and every cleaning rejection records the cleaning code version that made it
(articles.cleaning_version, rejected_inputs.code_version; `code_versions.cleaning_version`: the
cleaning rules, dedup, version matching, published times, the cleaning stage modules and
trafilatura). When one differs from the current version, the cleaning stage first cleans every
raw record again from raw_articles, in the order they arrived and in the stage's own batches,
into temporary tables that stand in for its tables: what an article becomes depends on the
records before it (a publisher's repeated lines, which earlier article it duplicates or edits),
so only the whole sequence gives what a fresh build with the current code gives. Then, in one
transaction, only what differs is written:

- an article whose row differs (title, body, publisher, author, published_at, duplicate_of,
  similarity, its version links) is replaced by the new row (new run_id: the articles check
  validates it again, which also frees it if a failed check held it back); an unchanged article
  keeps its row and run, only its cleaning_version moves on;
- an article whose body text changed has its nlp_processed.body_hash cleared: the NLP pass
  parses it again ("article body changed", the body_hash question the NLP stage asks), and the
  entities and stories stages then treat its new rows as any re-parsed article's (new names
  resolved, quote clusters and date claims made again; it keeps its story);
- an article that is now an exact duplicate loses its NLP rows (a fresh build parses only the
  original); one that no longer is one is parsed as a new article;
- an article the current code rejects leaves articles with its NLP rows and story rows, and its
  rejection (with the reason) is in rejected_inputs; a record the old code rejected that is an
  article now loses that rejection. Both are counted in the run's report and log;
- cleaning_removals, publisher_lines, fingerprints and LSH bands are replaced for the records
  whose rows differ;
- the stories whose members changed or left are read from their members again (counts, outlets,
  published span, label: an article whose published time, publisher or title changed without
  another body is not parsed again, but its story follows; a title is also part of the story
  terms, so their document frequencies and the story's centroid follow a new title), the quote
  clusters of an article that moved in time are to be made again in the new order, and the stories
  stage's own question then makes again the date claims read against a day that moved
  (`story_members.follow_rewritten_articles`). A member keeps its story, as a re-parsed article does.
A raw record the ingest stage rejects (read again by a new ingest code, pipelines/stages/rereading.py)
is not cleaned. The raw records are never touched here. A run that dies midway leaves the stored rows as they were
(the temporary tables go with the connection); the next run starts again.
"""
from __future__ import annotations

import json

import duckdb

from pipelines import code_versions, warehouse
from pipelines.settings import IngestSettings
from pipelines.stages._common import Log, Progress
from pipelines.stages.cleaning_batch import CLEANING_ORDER, CleaningReport, clean_batch, read_at_ingest
from pipelines.stages.story_members import follow_rewritten_articles

# The tables the cleaning stage writes: the replay writes its own temporary ones of these names,
# which stand in for the stored ones (DuckDB resolves a name to the temp catalog first).
CLEANING_TABLES = ("articles", "article_fingerprints", "article_lsh_bands", "cleaning_removals",
                   "publisher_lines", "rejected_inputs")
# Columns that say when and by which run an article row was written, not what it holds.
_WRITE_COLUMNS = ("cleaned_at", "run_id", "cleaning_version")
# Per table, the columns that make two cleanings of a record the same.
_ROW_COLUMNS = {
    "cleaning_removals": "article_id, start_char, end_char, rule, text, offsets_into",
    "publisher_lines": "article_id, publisher, line_key",
    "article_fingerprints": "article_id, minhash",
    "article_lsh_bands": "article_id, band, band_hash",
}
# Rows made from an article's text by the NLP pass, and by the stories stage from those.
NLP_TABLES = ("mentions", "quotes", "numeric_claims", "date_candidates", "nlp_processed", "nlp_claims")
STORY_TABLES = ("story_articles", "story_processed", "date_claims")


# Written in place of the cleaning version of the articles and cleaning rejections whose raw record
# the ingest stage read again and found changed (pipelines/stages/rereading.py), so that this stage's
# own question finds them and cleans every record again.
RAW_RECORD_CHANGED = "raw record changed"


def mark_raw_records_changed(con: duckdb.DuckDBPyConnection, raw_ids: list[str]) -> None:
    """The articles and cleaning rejections of these raw records are to be cleaned again (their raw
    record changed); inside the caller's transaction."""
    if not raw_ids:
        return
    con.execute("UPDATE articles SET cleaning_version = ? WHERE article_id IN (SELECT unnest(?))",
                [RAW_RECORD_CHANGED, raw_ids])
    con.execute("UPDATE rejected_inputs SET code_version = ? WHERE stage = 'cleaning' "
                "AND content_hash IN (SELECT unnest(?))", [RAW_RECORD_CHANGED, raw_ids])


def _out_of_date_counts(con: duckdb.DuckDBPyConnection, version: str) -> tuple[int, int, int, str | None]:
    """(articles, cleaning rejections) made by another cleaning code version, how many of the two
    only because their raw record changed, and one other version."""
    return con.execute("""
        WITH old AS (SELECT cleaning_version AS v, 1 AS article FROM articles WHERE cleaning_version IS DISTINCT FROM $v
                     UNION ALL
                     SELECT code_version, 0 FROM rejected_inputs
                     WHERE stage = 'cleaning' AND code_version IS DISTINCT FROM $v)
        SELECT coalesce(sum(article), 0), count(*) - coalesce(sum(article), 0),
               count(*) FILTER (WHERE v = $changed), min(v) FILTER (WHERE v IS DISTINCT FROM $changed) FROM old""",
                       {"v": version, "changed": RAW_RECORD_CHANGED}).fetchone()


def cleaning_out_of_date(con: duckdb.DuckDBPyConnection) -> str | None:
    """The stage's question about its code (the nothing-pending check asks it too): None when every
    article and cleaning rejection was made by the current cleaning code from its raw record as it
    is, else how many were not and what changed since."""
    version = code_versions.cleaning_version()
    articles, rejections, raw_changed, old = _out_of_date_counts(con, version.version)
    if not articles and not rejections:
        return None
    what = f"{articles} article(s)" + (f" and {rejections} rejection(s)" if rejections else "")
    if raw_changed == articles + rejections:
        return f"{what} whose raw record changed when read again by the ingest code"
    manifest = None
    if old is not None:
        row = con.execute("SELECT any_value(manifest) FROM code_versions WHERE stage = 'cleaning' AND version = ?",
                          [old]).fetchone()
        manifest = json.loads(row[0]) if row and row[0] else None
    because = version.describe_change(manifest)
    if raw_changed:
        because += f"; {raw_changed} whose raw record changed when read again by the ingest code"
    return f"{what} cleaned by another cleaning code version ({because})"


def clean_again_if_out_of_date(con: duckdb.DuckDBPyConnection, run_id: str, settings: IngestSettings,
                               report: CleaningReport, log: Log) -> None:
    """When `cleaning_out_of_date`, clean every raw record again and write what differs (module
    docstring); the counts go into `report` (a CleaningReport)."""
    because = cleaning_out_of_date(con)
    if because is None:
        return
    report.recleaned_because = because
    log(f"cleaning every raw record again: {because}")
    stored = _stored_prefix(con)
    try:
        report.recleaned = _replay(con, run_id, settings, stored, log)
        counts = warehouse.write_transaction(con, lambda c: _write_differences(c, stored))
    finally:
        for table in (*CLEANING_TABLES, *_DIFF_TABLES):
            con.execute(f"DROP TABLE IF EXISTS temp.main.{table}")
    report.articles_changed, report.bodies_changed, report.now_rejected, report.rejections_lifted = counts
    log(f"cleaned {report.recleaned} raw record(s) again: {report.articles_changed} article(s) changed "
        f"({report.bodies_changed} with another body, to be parsed again), {report.now_rejected} now rejected, "
        f"{report.rejections_lifted} rejection(s) lifted; the others are unchanged")


def _stored_prefix(con: duckdb.DuckDBPyConnection) -> str:
    """The stored tables' catalog and schema (the temp tables shadow the bare names)."""
    catalog, schema = con.execute("SELECT current_database(), current_schema()").fetchone()
    return '"' + catalog.replace('"', '""') + '"."' + schema.replace('"', '""') + '"'


def _replay(con: duckdb.DuckDBPyConnection, run_id: str, settings: IngestSettings, stored: str, log: Log) -> int:
    """Clean every raw record, in arrival order and the stage's batches, into temp tables."""

    for table in CLEANING_TABLES:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM {stored}.{table} LIMIT 0")
    ids = [row[0] for row in con.execute(f"SELECT r.raw_id FROM {stored}.raw_articles r WHERE "
                                         + read_at_ingest(f"{stored}.rejected_inputs") + CLEANING_ORDER).fetchall()]
    size = max(1, settings.cleaning_batch_records)
    progress = Progress("cleaning again", len(ids), "records", log)
    for start in range(0, len(ids), size):
        clean_batch(con, ids[start:start + size], run_id, settings, CleaningReport())
        progress.advance(len(ids[start:start + size]))
    return len(ids)


# Id sets of the differences, as temp tables (dropped with the replay's).
_DIFF_TABLES = ("_changed", "_gone", "_body_changed", "_moved_in_time", "_unparsed", "_lifted", "_rows_differ")


def _write_differences(con: duckdb.DuckDBPyConnection, stored: str) -> tuple[int, int, int, int]:
    """Bring the stored tables to the replay's (temp.main.*), writing only what differs, inside the
    caller's transaction. Returns (articles changed, bodies changed, now rejected, rejections lifted)."""
    new, version = "temp.main", code_versions.cleaning_version().version
    columns = ", ".join(c for c in con.table(f"{new}.articles").columns if c not in _WRITE_COLUMNS)
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _changed AS SELECT article_id FROM (
                        SELECT {columns} FROM {new}.articles EXCEPT SELECT {columns} FROM {stored}.articles)""")
    # Rejected now: cleaned from a raw record before, not now (a row without a raw record, which
    # nothing here can clean again, stays).
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _gone AS
                    SELECT article_id FROM {stored}.articles
                    WHERE article_id IN (SELECT raw_id FROM {stored}.raw_articles)
                    EXCEPT SELECT article_id FROM {new}.articles""")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _body_changed AS
                    SELECT n.article_id FROM {new}.articles n JOIN {stored}.articles o USING (article_id)
                    WHERE n.body IS DISTINCT FROM o.body""")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _moved_in_time AS
                    SELECT n.article_id FROM {new}.articles n JOIN {stored}.articles o USING (article_id)
                    WHERE n.published_at IS DISTINCT FROM o.published_at""")
    # A fresh build does not parse an exact duplicate (its original is parsed).
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _unparsed AS
                    SELECT article_id FROM _gone UNION
                    SELECT article_id FROM {new}.articles WHERE duplicate_of IS NOT NULL AND similarity >= 1.0""")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _lifted AS
                    SELECT content_hash AS article_id FROM {stored}.rejected_inputs WHERE stage = 'cleaning'
                    INTERSECT SELECT article_id FROM {new}.articles""")

    changed = con.execute("SELECT count(*) FROM _changed").fetchone()[0]
    bodies = con.execute("SELECT count(*) FROM _body_changed").fetchone()[0]
    gone = con.execute("SELECT count(*) FROM _gone").fetchone()[0]
    lifted = con.execute("SELECT count(*) FROM _lifted").fetchone()[0]
    stories = [sid for (sid,) in con.execute(f"""
        SELECT DISTINCT story_id FROM {stored}.story_articles
        WHERE article_id IN (SELECT article_id FROM _changed UNION SELECT article_id FROM _gone)""").fetchall()]
    moved_in_time = [aid for (aid,) in con.execute("SELECT article_id FROM _moved_in_time").fetchall()]
    # Another title on the same body: not parsed again, but the title is part of its story terms.
    old_titles = dict(con.execute(f"""
        SELECT o.article_id, o.title FROM {new}.articles n JOIN {stored}.articles o USING (article_id)
        WHERE n.title IS DISTINCT FROM o.title AND n.body IS NOT DISTINCT FROM o.body""").fetchall())

    # Articles: changed rows replaced, rows now rejected out, the others keep their row and run.
    con.execute(f"DELETE FROM {stored}.articles WHERE article_id IN (SELECT article_id FROM _changed "
                "UNION SELECT article_id FROM _gone)")
    con.execute(f"INSERT INTO {stored}.articles BY NAME SELECT * FROM {new}.articles "
                "WHERE article_id IN (SELECT article_id FROM _changed)")
    con.execute(f"UPDATE {stored}.articles SET cleaning_version = ? WHERE cleaning_version IS DISTINCT FROM ?",
                [version, version])
    # Another body: the NLP pass's own question (its body_hash against the article's) finds it.
    con.execute(f"UPDATE {stored}.nlp_processed SET body_hash = NULL "
                "WHERE article_id IN (SELECT article_id FROM _body_changed)")
    for table in NLP_TABLES:
        con.execute(f"DELETE FROM {stored}.{table} WHERE article_id IN (SELECT article_id FROM _unparsed)")
    for table in STORY_TABLES:
        con.execute(f"DELETE FROM {stored}.{table} WHERE article_id IN (SELECT article_id FROM _gone)")

    # The cleaning stage's other rows, per record whose rows differ.
    for table, cols in _ROW_COLUMNS.items():
        _replace_differing(con, stored, new, table, "article_id", cols, "TRUE")
    _replace_differing(con, stored, new, "rejected_inputs", "content_hash",
                       "content_hash, source_path, record_index, reason", "stage = 'cleaning'")
    con.execute(f"UPDATE {stored}.rejected_inputs SET code_version = ? "
                "WHERE stage = 'cleaning' AND code_version IS DISTINCT FROM ?", [version, version])
    # The stories stage's rows made from the articles that changed (publisher, published time,
    # duplicate or version links) or left, from the stored tables: the replay's stand-ins go first.
    for table in CLEANING_TABLES:
        con.execute(f"DROP TABLE temp.main.{table}")
    follow_rewritten_articles(con, stories, moved_in_time, old_titles)
    return changed, bodies, gone, lifted


def _replace_differing(con: duckdb.DuckDBPyConnection, stored: str, new: str, table: str, key: str, cols: str,
                       where: str) -> None:
    """Replace the stored rows of `table` (those matching `where`) by the replay's for every `key`
    whose rows differ in `cols` (in either direction, counting repeats)."""
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _rows_differ AS SELECT DISTINCT {key} AS k FROM (
                        (SELECT {cols} FROM {new}.{table} WHERE {where}
                         EXCEPT ALL SELECT {cols} FROM {stored}.{table} WHERE {where})
                        UNION ALL
                        (SELECT {cols} FROM {stored}.{table} WHERE {where}
                         EXCEPT ALL SELECT {cols} FROM {new}.{table} WHERE {where}))""")
    con.execute(f"DELETE FROM {stored}.{table} WHERE {where} AND {key} IN (SELECT k FROM _rows_differ)")
    con.execute(f"INSERT INTO {stored}.{table} BY NAME SELECT * FROM {new}.{table} "
                f"WHERE {where} AND {key} IN (SELECT k FROM _rows_differ)")
