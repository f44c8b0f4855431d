"""The cleaning stage's batch: raw records cleaned, matched against stored versions and duplicates,
and written in one transaction (used by a run's new records and by cleaning again,
pipelines/stages/recleaning.py)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

import duckdb
import polars as pl

from pipelines import code_versions, warehouse
from pipelines.core import cleaning, dedup, ingest, versions
from pipelines.settings import IngestSettings
from pipelines.stages._common import utcnow

MAX_REPORTED_REJECTIONS = 200


@dataclass
class CleaningReport:
    articles_added: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    new_versions: int = 0
    rejected: int = 0
    removals: int = 0
    batches: int = 0
    rejections: list[tuple[str, str]] = field(default_factory=list)
    # Cleaning again under a new cleaning code version (pipelines/stages/recleaning.py).
    recleaned_because: str | None = None  # what changed in the code, when records were cleaned again
    recleaned: int = 0             # raw records cleaned again
    articles_changed: int = 0      # article rows written anew (text, metadata, duplicate or version links; new articles)
    bodies_changed: int = 0        # of them, with another body: the NLP pass parses them again
    now_rejected: int = 0          # articles the current code rejects (their rows go; the rejection says why)
    rejections_lifted: int = 0     # records rejected by the old code that are articles now


# The order records are cleaned in (an earlier record is the original of a later copy, the
# previous version of a later edit): arrival order, one definition for cleaning and re-cleaning.
CLEANING_ORDER = " ORDER BY r.ingested_at, r.source_path, r.record_index"


def read_at_ingest(rejected_inputs: str = "rejected_inputs") -> str:
    """The condition on a raw record `r` that it is an input to clean: no ingest rejection of it (a
    stored record that a new ingest code rejected when reading it again keeps its raw row)."""
    return (f"NOT EXISTS (SELECT 1 FROM {rejected_inputs} i WHERE i.content_hash = r.raw_id "
            "AND i.stage = 'ingest')")


def _register(con: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame) -> None:
    con.register(name, frame.to_arrow())


def band_frame(items: list[tuple[str, object]]) -> pl.DataFrame:
    ids, bands, hashes = [], [], []
    for article_id, sig in items:
        for band, h in enumerate(dedup.band_hashes(sig)):
            ids.append(article_id)
            bands.append(band)
            hashes.append(h)
    return pl.DataFrame({"article_id": ids, "band": bands, "band_hash": hashes},
                        schema={"article_id": pl.Utf8, "band": pl.Int16, "band_hash": pl.UInt64})


def _clean_one(record: dict, repeated: frozenset[str]) -> tuple[cleaning.CleanedArticle | None, str | None, tuple]:
    """(cleaned, rejection reason, removals) for one raw record; never raises."""
    try:
        cleaned = cleaning.clean_article(record["body_text"], record["format"], title=record["title"],
                                         published=record["published"], publisher=record["publisher"],
                                         author=record["author"], url=record["url"], repeated_lines=repeated)
    except cleaning.EmptyArticleError as exc:
        return None, str(exc), exc.removals
    except Exception as exc:  # one bad record never stops the run
        return None, f"cleaning failed for {record['source_path']}: {ingest.describe_error(exc)}", ()
    reason = ingest.check_text(cleaned.body)
    if reason is None and cleaned.word_count < cleaning.MIN_BODY_WORDS:
        reason = f"too short: {cleaned.word_count} words after cleaning (minimum {cleaning.MIN_BODY_WORDS})"
    return (None if reason else cleaned), reason, cleaned.removals


def _repeated_lines(con: duckdb.DuckDBPyConnection, publishers: set[str], min_articles: int) -> dict[str, frozenset[str]]:
    """Per publisher (lower-cased), the short lines found in at least `min_articles` of its articles."""
    if not publishers:
        return {}
    _register(con, "_pubs", pl.DataFrame({"publisher": sorted(publishers)}, schema={"publisher": pl.Utf8}))
    rows = con.execute("""
        SELECT publisher, line_key FROM publisher_lines JOIN _pubs USING (publisher)
        GROUP BY publisher, line_key HAVING count(DISTINCT article_id) >= ?""", [min_articles]).fetchall()
    con.unregister("_pubs")
    found: dict[str, set[str]] = {}
    for publisher, key in rows:
        found.setdefault(publisher, set()).add(key)
    return {p: frozenset(keys) for p, keys in found.items()}


def _previous_versions(con: duckdb.DuckDBPyConnection, keys: list[tuple[int, str, str]]) -> dict[tuple[str, str], dict]:
    """Latest stored article for each (kind, key) identity."""
    if not keys:
        return {}
    _register(con, "_vkeys", pl.DataFrame(keys, schema=[("pos", pl.Int64), ("kind", pl.Utf8), ("key", pl.Utf8)],
                                          orient="row"))
    # One equality join per kind of identity (hash joins, not a scan per key).
    columns = ("k.kind, k.key, a.article_id, coalesce(a.version, 1), a.title, a.body, a.body_hash, a.ingested_at "
               "FROM _vkeys k JOIN articles a ON ")
    rows = con.execute(f"""
        SELECT {columns} a.url = k.key WHERE k.kind = 'url' AND a.superseded_by IS NULL
        UNION ALL
        SELECT {columns} a.source_path = k.key JOIN raw_articles r ON r.raw_id = a.article_id
        WHERE k.kind = 'source_path' AND r.record_index IS NULL AND a.superseded_by IS NULL
        UNION ALL
        SELECT {columns} lower(regexp_replace(trim(a.publisher), '\\s+', ' ', 'g')) || '|'
                         || lower(regexp_replace(trim(a.title), '\\s+', ' ', 'g')) = k.key
        WHERE k.kind = 'publisher_title' AND a.superseded_by IS NULL
        ORDER BY 8, 3""").fetchall()
    con.unregister("_vkeys")
    found: dict[tuple[str, str], dict] = {}
    for kind, key, article_id, version, title, body, body_hash, _ in rows:  # later rows (newer) win
        found[(kind, key)] = {"article_id": article_id, "version": version, "title": title, "body": body,
                              "body_hash": body_hash}
    return found


def _exact_originals(con: duckdb.DuckDBPyConnection, hashes: set[str]) -> dict[str, str]:
    if not hashes:
        return {}
    _register(con, "_hashes", pl.DataFrame({"body_hash": sorted(hashes)}, schema={"body_hash": pl.Utf8}))
    rows = con.execute("SELECT body_hash, min_by(article_id, ingested_at) FROM articles JOIN _hashes USING (body_hash) "
                       "GROUP BY body_hash").fetchall()
    con.unregister("_hashes")
    return dict(rows)


def _stored_candidates(con: duckdb.DuckDBPyConnection, sigs: dict[str, object]) -> dict[str, dict[str, list[int]]]:
    """Per new article, the stored latest originals sharing an LSH band with it, with their signatures."""
    if not sigs:
        return {}
    bands = band_frame(list(sigs.items())).rename({"article_id": "new_id"})
    _register(con, "_bands", bands)
    rows = con.execute("""
        SELECT DISTINCT q.new_id, f.article_id, f.minhash
        FROM _bands q JOIN article_lsh_bands b ON b.band = q.band AND b.band_hash = q.band_hash
        JOIN article_fingerprints f ON f.article_id = b.article_id
        JOIN articles a ON a.article_id = f.article_id
        WHERE a.superseded_by IS NULL""").fetchall()
    con.unregister("_bands")
    found: dict[str, dict[str, list[int]]] = {}
    for new_id, article_id, minhash in rows:
        found.setdefault(new_id, {})[article_id] = minhash
    return found


def clean_batch(con: duckdb.DuckDBPyConnection, ids: list[str], run_id: str, settings: IngestSettings,
                report: CleaningReport) -> None:
    """Clean the raw records `ids` (in this order) against the articles cleaned before them and
    write the results in one transaction (re-cleaning runs it on its stand-in tables)."""
    now = utcnow()
    version = code_versions.cleaning_version().version
    _register(con, "_todo", pl.DataFrame({"raw_id": ids, "pos": list(range(len(ids)))},
                                         schema={"raw_id": pl.Utf8, "pos": pl.Int64}))
    cursor = con.execute("""
        SELECT r.raw_id, r.source_path, r.record_index, r.format, r.body_text, r.title, r.published, r.url,
               r.publisher, r.author, r.ingested_at
        FROM raw_articles r JOIN _todo t USING (raw_id) ORDER BY t.pos""")
    columns = [d[0] for d in cursor.description]
    records = [dict(zip(columns, row)) for row in cursor.fetchall()]
    con.unregister("_todo")

    # 1. Clean; then re-clean the articles of publishers whose repeated lines are known.
    results = [_clean_one(r, frozenset()) for r in records]
    candidates = [cleaning.furniture_candidates(r["body_text"]) if res[0] and res[0].publisher else set()
                  for r, res in zip(records, results)]
    publishers = {res[0].publisher.lower() for res in results if res[0] and res[0].publisher}
    repeated = _repeated_lines(con, publishers, settings.repeated_line_min_articles)
    for i, (record, res) in enumerate(zip(records, results)):
        lines = repeated.get(res[0].publisher.lower(), frozenset()) if res[0] and res[0].publisher else frozenset()
        if lines & candidates[i]:
            results[i] = _clean_one(record, lines)

    # 2. Versions, exact and near duplicates, in input order.
    keys_of: dict[int, list[tuple[str, str]]] = {}
    for i, (record, (cleaned, _, _)) in enumerate(zip(records, results)):
        if cleaned is not None:
            keys_of[i] = versions.version_keys(url=record["url"], source_path=record["source_path"],
                                               record_index=record["record_index"], publisher=cleaned.publisher,
                                               title=cleaned.title)
    stored_versions = _previous_versions(con, [(i, k, v) for i, ks in keys_of.items() for k, v in ks])
    digests = {i: cleaning.body_hash(results[i][0].body) for i in keys_of}
    exact = _exact_originals(con, set(digests.values()))
    sigs = {records[i]["raw_id"]: dedup.signature(results[i][0].body) for i in keys_of if digests[i] not in exact}
    stored_near = _stored_candidates(con, sigs)

    batch_versions: dict[tuple[str, str], dict] = {}
    batch_index = dedup.NearDuplicateIndex()
    article_rows: list[dict] = []
    rows_by_id: dict[str, dict] = {}
    supersede: list[tuple[str, str]] = []   # (old stored article, new article)
    superseded_now: set[str] = set()
    fingerprint_items: list[tuple[str, object]] = []
    removal_rows: list[dict] = []
    rejected_rows: list[dict] = []
    line_rows: list[dict] = []

    for i, (record, (cleaned, reason, removals)) in enumerate(zip(records, results)):
        raw_id = record["raw_id"]
        source = cleaned.removals_source if cleaned else ("html_text" if record["format"] == "html" else "body_text")
        removal_rows += [{"article_id": raw_id, "start_char": r.start, "end_char": r.end, "rule": r.rule,
                          "text": r.text, "offsets_into": source, "run_id": run_id} for r in removals]
        if cleaned is None:
            rejected_rows.append({"source_path": record["source_path"], "record_index": record["record_index"],
                                  "content_hash": raw_id, "stage": "cleaning", "reason": reason,
                                  "rejected_at": now, "run_id": run_id, "code_version": version})
            if len(report.rejections) < MAX_REPORTED_REJECTIONS:
                report.rejections.append((record["source_path"], reason))
            continue

        digest = digests[i]
        previous, matched_by = None, None
        for key in keys_of[i]:
            candidate = batch_versions.get(key) or stored_versions.get(key)
            # Only a URL names one article for good: a file name is reused (a scraper rewrites
            # its latest.txt) and a daily column keeps its title, so those need the texts to overlap.
            if candidate is not None and (key[0] == "url" or versions.same_story(candidate["body"], cleaned.body)):
                previous, matched_by = candidate, key[0]
                break
        if previous is not None and previous["body_hash"] == digest:
            previous = None  # same text again: an exact duplicate below, not an edit
        own = previous["article_id"] if previous is not None else None
        duplicate_of, similarity = None, None
        if (original := exact.get(digest)) is not None and original != own:
            duplicate_of, similarity = original, 1.0
            report.exact_duplicates += 1
        else:
            sig = sigs.get(raw_id)
            if sig is None:
                sig = dedup.signature(cleaned.body)
            # A new version is not a duplicate of its own earlier text, but may still be
            # another outlet's copy of a story: match against everything else.
            pool = dict(stored_near.get(raw_id, {}))
            pool.update({k: batch_index.signature_of(k) for k in batch_index.candidates(sig)})
            for old in superseded_now | {own}:
                pool.pop(old, None)
            if match := dedup.best_match(sig, pool):
                duplicate_of, similarity = match
                report.near_duplicates += 1
            if duplicate_of is None:
                batch_index.add(raw_id, sig)
                fingerprint_items.append((raw_id, sig))
                exact.setdefault(digest, raw_id)

        row = {
            "article_id": raw_id, "source_path": record["source_path"], "url": record["url"], "title": cleaned.title,
            "publisher": cleaned.publisher, "author": cleaned.author, "published_at": cleaned.published_at,
            "language": "en", "body": cleaned.body, "word_count": cleaned.word_count, "body_hash": digest,
            "duplicate_of": duplicate_of, "similarity": similarity, "ingested_at": record["ingested_at"],
            "cleaned_at": now, "run_id": run_id, "version": 1, "supersedes": None, "superseded_by": None,
            "version_of": None, "changes": None, "cleaning_version": version,
        }
        if previous is not None:
            row.update(version=previous["version"] + 1, supersedes=previous["article_id"], version_of=matched_by,
                       changes=json.dumps(versions.describe_changes(previous["title"], previous["body"],
                                                                    cleaned.title, cleaned.body), ensure_ascii=False))
            report.new_versions += 1
            superseded_now.add(previous["article_id"])
            if previous["article_id"] in rows_by_id:
                rows_by_id[previous["article_id"]]["superseded_by"] = raw_id
            else:
                supersede.append((previous["article_id"], raw_id))
        for key in keys_of[i]:
            batch_versions[key] = {"article_id": raw_id, "version": row["version"], "title": cleaned.title,
                                   "body": cleaned.body, "body_hash": digest}
        article_rows.append(row)
        rows_by_id[raw_id] = row
        if cleaned.publisher and duplicate_of is None:
            line_rows += [{"publisher": cleaned.publisher.lower(), "line_key": key, "article_id": raw_id}
                          for key in candidates[i]]

    _write_batch(con, ids, article_rows, fingerprint_items, removal_rows, rejected_rows, line_rows, supersede, report)


def _write_batch(con, ids, article_rows, fingerprint_items, removal_rows, rejected_rows, line_rows, supersede,
                 report: CleaningReport) -> None:
    """All of a batch in one transaction: re-running a batch replaces its rows."""
    fingerprints = pl.DataFrame({"article_id": [a for a, _ in fingerprint_items],
                                 "minhash": [[int(v) for v in s] for _, s in fingerprint_items]},
                                schema={"article_id": pl.Utf8, "minhash": pl.List(pl.UInt64)})
    frames = [
        ("articles", warehouse.rows_frame(con, "articles", article_rows)),
        ("article_fingerprints", fingerprints),
        ("article_lsh_bands", band_frame(fingerprint_items)),
        ("cleaning_removals", warehouse.rows_frame(con, "cleaning_removals", removal_rows)),
        ("publisher_lines", warehouse.rows_frame(con, "publisher_lines", line_rows)),
        ("rejected_inputs", warehouse.rows_frame(con, "rejected_inputs", rejected_rows)),
    ]
    con.execute("BEGIN TRANSACTION")
    try:
        _register(con, "_ids", pl.DataFrame({"k": ids}, schema={"k": pl.Utf8}))
        for table in ("articles", "article_fingerprints", "article_lsh_bands", "cleaning_removals", "publisher_lines"):
            con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT k FROM _ids)")
        con.unregister("_ids")
        counts = {table: warehouse.insert_frame(con, table, frame) for table, frame in frames}
        if supersede:
            _register(con, "_sup", pl.DataFrame(supersede, schema=[("old", pl.Utf8), ("new", pl.Utf8)], orient="row"))
            con.execute("UPDATE articles SET superseded_by = s.new FROM _sup s WHERE articles.article_id = s.old")
            con.unregister("_sup")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    warehouse.crash_point("after:articles")  # crash tests: die right after a cleaning batch commits
    report.articles_added += counts["articles"]
    report.rejected += counts["rejected_inputs"]
    report.removals += counts["cleaning_removals"]
    report.batches += 1
