"""Stage 3: one spaCy pass per article -> mentions, quotes, numeric_claims.

What an article needs: a parse when it is new, when its body changed, or when
the NLP code version (pipelines/code_versions.py: extractor sources, ranker
weights, model) differs from the one its rows were made with. New articles go
first; re-processed ones replace their rows atomically, `commit_every` articles
per write. An article longer than the model takes is parsed in pieces cut at
paragraph breaks, its rows shifted back onto the whole body. An article the
parse or the extractors fail on, or whose own rows the database refuses, is
recorded (nlp_processed status 'failed', rejected_inputs stage 'nlp') and the run
goes on; a fault of the warehouse itself (disk full, I/O, a failed commit) fails
the step instead, marking nothing, and the next run parses those articles. Work is claimed under the
warehouse lock (nlp_claims), so two runs at once never parse the same article.
"""
from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

import duckdb
import polars as pl

from pipelines import code_versions, warehouse
from pipelines.processes import identity_alive, process_identity
from pipelines.stages._common import Log, Progress, utcnow

# Suites whose failure on an article holds it back from the NLP pass (see quality.py).
UPSTREAM_SUITES = ("raw_articles", "articles")
# A claim by another host cannot be checked for liveness: it expires after this long.
FOREIGN_CLAIM_TTL_HOURS = 6
REASON_NEW = "new article"
REASON_BODY = "article body changed"


@dataclass
class NlpReport:
    articles: int = 0               # articles written (parsed ok) by this run
    mentions: int = 0
    quotes: int = 0
    claims: int = 0
    parse_seconds: float = 0.0
    new_articles: int = 0
    reprocessed: int = 0            # already-processed articles parsed again (ok or failed)
    reprocess_reasons: dict[str, int] = field(default_factory=dict)
    failed: int = 0
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (article_id, source_path, reason)
    long_articles: int = 0          # parsed in pieces
    claimed_elsewhere: int = 0      # left to a concurrent run that claimed them
    held_back: int = 0              # held back by a failed upstream check
    deferred: int = 0               # re-processing left for later runs (reprocess_per_run)
    version: str = ""

    def summary(self) -> str:
        """One line for logs and the CLI: what was parsed and why."""
        parts = [f"{self.articles} article(s) parsed ok at NLP code version {self.version}"]
        if self.new_articles:
            parts.append(f"{self.new_articles} new")
        if self.reprocessed:
            why = "; ".join(f"{n} because {reason}" for reason, n in self.reprocess_reasons.items())
            parts.append(f"{self.reprocessed} re-processed ({why})")
        if self.failed:
            parts.append(f"{self.failed} failed (see rejected_inputs, stage 'nlp')")
        if self.long_articles:
            parts.append(f"{self.long_articles} long article(s) parsed in pieces")
        if self.claimed_elsewhere:
            parts.append(f"{self.claimed_elsewhere} left to a concurrent run")
        if self.held_back:
            parts.append(f"{self.held_back} held back by a failed check")
        if self.deferred:
            parts.append(f"{self.deferred} re-processing deferred to later runs")
        return ", ".join(parts)


# --- work claims --------------------------------------------------------------

def claim_owner() -> str:
    """This process, recognisably: host, pid and process start time (pids are reused)."""
    return process_identity()


def release_dead_claims(con: duckdb.DuckDBPyConnection) -> int:
    """Drop the NLP claims of processes that died (or expired): their articles are work again."""
    claims = con.execute(
        "SELECT DISTINCT owner, bool_or(claimed_at < ?) FROM nlp_claims GROUP BY owner",
        [utcnow() - timedelta(hours=FOREIGN_CLAIM_TTL_HOURS)]).fetchall()  # claimed_at is UTC, as is this
    dead = [owner for owner, expired in claims if expired or not identity_alive(owner)]
    if dead:
        con.execute("DELETE FROM nlp_claims WHERE owner IN (SELECT unnest(?))", [dead])
    return len(dead)


@dataclass
class NlpPlan:
    todo: list[tuple[str, str]]          # (article_id, reason), in processing order
    claimed_elsewhere: int = 0
    held_back: int = 0
    deferred: int = 0


def plan_and_claim(con: duckdb.DuckDBPyConnection, run_id: str, version: code_versions.CodeVersion,
                   reprocess_per_run: int = 0) -> NlpPlan:
    """Pick what needs a parse and claim it for this run, in one transaction (the
    warehouse lock makes pick-and-claim atomic against other runs; on a lake, where runs
    commit concurrently, a claim that lost to an earlier one is dropped afterwards)."""
    def pick(con: duckdb.DuckDBPyConnection) -> NlpPlan:
        release_dead_claims(con)
        rows = nlp_work(con, version.version)
        manifests = dict(con.execute("SELECT version, manifest FROM code_versions WHERE stage = 'nlp'").fetchall())
        plan = NlpPlan([])
        reprocessing = 0
        for article_id, seen, old_version, same_body, claimed, held in rows:
            if held:
                plan.held_back += 1
                continue
            if claimed:
                plan.claimed_elsewhere += 1
                continue
            if not seen:
                reason = REASON_NEW
            else:
                if reprocess_per_run and reprocessing >= reprocess_per_run:
                    plan.deferred += 1
                    continue
                reprocessing += 1
                if not same_body and old_version is not None:
                    reason = REASON_BODY
                else:
                    old = manifests.get(old_version)
                    reason = version.describe_change(json.loads(old) if old else None)
            plan.todo.append((article_id, reason))
        if plan.todo:
            now = utcnow()
            warehouse.insert_frame(con, "nlp_claims", warehouse.rows_frame(con, "nlp_claims", [
                {"article_id": aid, "run_id": run_id, "owner": claim_owner(), "claimed_at": now}
                for aid, _ in plan.todo]))
        return plan

    plan = warehouse.write_transaction(con, pick)
    if plan.todo:
        _keep_first_claims(con, run_id, plan)
    return plan


def _keep_first_claims(con: duckdb.DuckDBPyConnection, run_id: str, plan: NlpPlan) -> None:
    """A DuckLake has no keys and no file lock, so two runs planning at once can claim the same
    article. The claim committed first keeps it: DuckLake numbers rows in commit order (rowid),
    and each run checks after its own commit, so exactly one run keeps each article. (On the
    embedded file the lock and nlp_claims' key make this find nothing.)"""
    mine = f"{run_id} {claim_owner()}"
    lost = {row[0] for row in con.execute("""
        SELECT article_id FROM nlp_claims WHERE article_id IN (SELECT unnest(?))
        GROUP BY article_id HAVING arg_min(run_id || ' ' || owner, rowid) <> ?""",
        [[aid for aid, _ in plan.todo], mine]).fetchall()}
    if lost:
        warehouse.write_transaction(con, lambda c: c.execute(
            "DELETE FROM nlp_claims WHERE run_id = ? AND owner = ? AND article_id IN (SELECT unnest(?))",
            [run_id, claim_owner(), sorted(lost)]))
        plan.todo = [item for item in plan.todo if item[0] not in lost]
        plan.claimed_elsewhere += len(lost)


def record_code_version(con: duckdb.DuckDBPyConnection, version: code_versions.CodeVersion, run_id: str) -> None:
    # Insert-if-absent without ON CONFLICT: a DuckLake warehouse has no primary keys.
    con.execute("""INSERT INTO code_versions SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (
                       SELECT 1 FROM code_versions WHERE stage = ? AND version = ?)""",
                [version.stage, version.version, json.dumps(version.manifest, sort_keys=True), utcnow(), run_id,
                 version.stage, version.version])


# Errors of the database or its storage rather than of one article's rows (a full disk fails the
# commit with TransactionException or IOException): the write of the batch is the step failing,
# and the next run writes it. Only the article's own bad rows (ERRORS_OF_ARTICLE_ROWS) fail it alone.
ERRORS_OF_ARTICLE_ROWS = (duckdb.ConstraintException, duckdb.ConversionException, duckdb.TypeMismatchException,
                          duckdb.InvalidInputException)
ROWS_NOT_WRITTEN = "rows could not be written: "
# Failures once recorded against articles for a fault of the warehouse's (an older version marked
# them failed): those articles are work again.
_STEP_FAULT_FAILURE = ("^" + ROWS_NOT_WRITTEN + "(IOException|TransactionException|FatalException|"
                       "OutOfMemoryException|InternalException|InterruptException|PermissionException|"
                       "SerializationException|ConnectionException|OutOfRangeException)")

# The one definition of what the NLP pass has to do (the stage plans from it, the nothing-pending
# check counts it): articles new, changed, made by another code version, or failed by a step fault;
# exact duplicates are skipped (their original is parsed). `claimed`: a running step has it;
# `held`: a failed upstream check holds it back.
_WORK_SQL = """
    SELECT a.article_id, p.article_id IS NOT NULL AS seen, p.extractor_version,
           p.body_hash IS NOT DISTINCT FROM a.body_hash AS same_body,
           EXISTS (SELECT 1 FROM nlp_claims c WHERE c.article_id = a.article_id) AS claimed,
           EXISTS (SELECT 1 FROM dq_checked d WHERE d.article_id = a.article_id AND NOT d.passed
                   AND d.suite IN (SELECT unnest($suites))) AS held
    FROM articles a LEFT JOIN nlp_processed p USING (article_id)
    WHERE NOT (a.duplicate_of IS NOT NULL AND a.similarity >= 1.0)
      AND (p.article_id IS NULL OR p.extractor_version IS DISTINCT FROM $version
           OR p.body_hash IS DISTINCT FROM a.body_hash
           OR (p.status = 'failed' AND regexp_matches(coalesce(p.error, ''), $step_fault)))
"""


def nlp_work(con: duckdb.DuckDBPyConnection, version: str) -> list[tuple]:
    """(article_id, seen, old version, same body, claimed, held) of every article the NLP pass
    has to do at code `version`, new ones first."""
    return con.execute(_WORK_SQL + " ORDER BY seen, a.ingested_at, a.article_id",
                       {"suites": list(UPSTREAM_SUITES), "version": version,
                        "step_fault": _STEP_FAULT_FAILURE}).fetchall()


def count_needing_nlp(con: duckdb.DuckDBPyConnection, model_name: str | None = None) -> int:
    """How many articles a run would parse now: `nlp_work` less those held back or claimed by a
    running step (bodies are not read)."""
    from pipelines.settings import get_settings

    settings = get_settings()
    version = code_versions.nlp_version(model_name or settings.spacy_model, settings.nlp_piece_chars)
    return con.execute(f"SELECT count(*) FROM ({_WORK_SQL}) WHERE NOT claimed AND NOT held",
                       {"suites": list(UPSTREAM_SUITES), "version": version.version,
                        "step_fault": _STEP_FAULT_FAILURE}).fetchone()[0]


# --- parsing ------------------------------------------------------------------

@dataclass
class ArticleResult:
    article_id: str
    source_path: str
    body_hash: str
    reason: str
    pieces: int = 1
    extraction: object | None = None   # ArticleExtraction
    error: str | None = None
    chunk: int = 0                     # the commit batch it belongs to


def _piece_rows(doc, key) -> tuple[dict | None, int, str | None]:
    """Runs next to the Doc (in a worker when there are several): the rows the extraction
    component left on it, and its sentence count when later pieces of its article need it.
    Only these plain rows travel back to the parent, never the Doc."""
    from pipelines.core.extraction import ExtractionError, doc_rows
    from pipelines.core.doc_cache import sentences

    try:
        rows = doc_rows(doc)
    except ExtractionError as exc:
        return None, 0, str(exc)
    pieces = key[3]
    return rows, (len(sentences(doc)) if pieces > 1 else 0), None


class _Merger:
    """Joins the rows of an article's pieces (in order) into its ArticleExtraction, offsets shifted
    back onto the whole body; a failure of any piece is the article's, named with the piece."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict]] = {}
        self.sentences_before = 0

    def take(self, article: ArticleResult, piece: int, offset: int, payload, error: str | None) -> bool:
        """Add one piece; True when it was the article's last."""
        from pipelines.core.extraction import ROW_KINDS, ArticleExtraction
        from pipelines.core.nlp import shift_rows

        if piece == 0:
            self.rows, self.sentences_before = {kind: [] for kind in ROW_KINDS}, 0
        if article.error is None:
            rows, sentences, extract_error = payload if payload is not None else (None, 0, None)
            error = error or extract_error
            if error is None:
                try:
                    shifted = shift_rows(rows, offset, self.sentences_before)
                    for kind in self.rows:
                        self.rows[kind] += shifted[kind]
                    self.sentences_before += sentences
                except Exception as exc:  # noqa: BLE001 - recorded as this article's failure
                    error = f"{type(exc).__name__}: {exc}"
            if error is not None:
                where = f" (piece {piece + 1} of {article.pieces}, offset {offset})" if article.pieces > 1 else ""
                article.error = f"{error}{where}"[:800]
        if piece < article.pieces - 1:
            return False
        if article.error is None:
            try:
                article.extraction = ArticleExtraction.from_rows(article.article_id, self.rows)
            except Exception as exc:  # noqa: BLE001
                article.error = f"{type(exc).__name__}: {exc}"[:800]
        return True


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


# --- the stage ----------------------------------------------------------------

def run_nlp(
    db_path: str,
    run_id: str,
    *,
    model_name: str,
    batch_size: int,
    processes: int,
    min_docs_per_process: int,
    commit_every: int = 500,
    piece_chars: int | None = None,
    reprocess_per_run: int = 0,
    batch_chars: int | None = None,
    log: Log = print,
) -> NlpReport:
    """Parse every article that needs it once and write its mentions, quotes and claims.

    The connection is opened per commit, not held during parsing, so the file
    is locked only while rows are written (`commit_every` articles at a time).
    """
    from pipelines.core.extraction import load_extraction_pipeline
    from pipelines.core.nlp import DEFAULT_PIECE_CHARS

    piece_chars = piece_chars or DEFAULT_PIECE_CHARS
    version = code_versions.nlp_version(model_name, piece_chars)
    report = NlpReport(version=version.version)
    with warehouse.connect(db_path) as con:
        record_code_version(con, version, run_id)
        plan = plan_and_claim(con, run_id, version, reprocess_per_run)
    report.claimed_elsewhere, report.held_back, report.deferred = plan.claimed_elsewhere, plan.held_back, plan.deferred
    if not plan.todo:
        return report
    try:
        _parse_and_write(db_path, run_id, plan, report, version, model_name=model_name, batch_size=batch_size,
                         processes=processes, min_docs_per_process=min_docs_per_process,
                         commit_every=max(1, commit_every), piece_chars=piece_chars, batch_chars=batch_chars,
                         log=log, load=load_extraction_pipeline)
    finally:  # claims of a failed step are released (a killed one's expire with its process)
        with warehouse.connect(db_path) as con:
            con.execute("DELETE FROM nlp_claims WHERE run_id = ? AND owner = ?", [run_id, claim_owner()])
    return report


def _parse_and_write(db_path, run_id, plan, report, version, *, model_name, batch_size, processes,
                     min_docs_per_process, commit_every, piece_chars, log, load, batch_chars=None) -> None:
    """Feed the articles' pieces to the parse (worker processes that live for the whole step
    when there are enough articles, else this process) and write each commit batch as soon
    as its last article is back, while the workers go on with the next batch's pieces."""
    from pipelines.core.extraction import load_extractor_data
    from pipelines.core.nlp import split_for_parsing
    from pipelines.core.parse_workers import ParseWorkers, parse_in_process

    from pipelines.settings import get_settings

    batch_chars = batch_chars or get_settings().nlp_batch_chars
    nlp = load(model_name)
    n_process = max(1, min(processes, len(plan.todo) // max(1, min_docs_per_process)))
    reasons = Counter(reason for _, reason in plan.todo)
    log(f"NLP pass over {len(plan.todo)} articles with {model_name} (code version {version.version}, batch "
        f"{batch_size}, {n_process} process(es)): " + "; ".join(f"{n} {r}" for r, n in reasons.items()))
    started = time.perf_counter()
    progress = Progress("NLP", len(plan.todo), "articles", log)
    articles: dict[int, ArticleResult] = {}   # by sequence number, until written
    chunk_sizes: dict[int, int] = {}          # commit batch -> articles fetched for it
    # Pieces not yet handed to the parse (an article not reached yet counts one): lets the
    # workers' last batches shrink so both finish together.
    left = [len(plan.todo)]

    def pieces():
        """(text, (article seq, piece, offset, pieces)); bodies fetched one commit batch at a time."""
        seq = 0
        for number, chunk in enumerate(_chunks(plan.todo, commit_every)):
            with warehouse.connect(db_path) as con:
                con.register("_ids", pl.DataFrame({"article_id": [aid for aid, _ in chunk]},
                                                  schema={"article_id": pl.Utf8}).to_arrow())
                fetched = {aid: (path, body, digest) for aid, path, body, digest in con.execute(
                    "SELECT a.article_id, a.source_path, a.body, a.body_hash FROM articles a "
                    "JOIN _ids USING (article_id)").fetchall()}
                con.unregister("_ids")
            chunk_sizes[number] = sum(1 for aid, _ in chunk if aid in fetched)
            left[0] -= len(chunk) - chunk_sizes[number]
            for aid, reason in chunk:
                if aid not in fetched:
                    continue
                path, body, digest = fetched.pop(aid)
                parts = split_for_parsing(body, piece_chars) if len(body) > piece_chars else [(0, body)]
                if len(parts) > 1:
                    log(f"NLP: {path} ({len(body):,} characters) is parsed in {len(parts)} pieces")
                articles[seq] = ArticleResult(aid, path, digest, reason, pieces=len(parts), chunk=number)
                left[0] += len(parts) - 1
                for i, (offset, text) in enumerate(parts):
                    left[0] -= 1
                    yield text, (seq, i, offset, len(parts))
                seq += 1

    def write(batch: list[ArticleResult]) -> None:
        try:
            _write(db_path, run_id, model_name, version.version, batch, report, log)
        except Exception as exc:  # not one article's failure (those are recorded): name the batch
            first = batch[0]
            raise RuntimeError(f"NLP step failed on the batch of {len(batch)} articles from {first.article_id} "
                               f"({first.source_path}): {type(exc).__name__}: {exc}") from exc

    def consume(results) -> None:
        merger, batch = _Merger(), []
        for (seq, piece, offset, _), payload, error in results:
            warehouse.crash_point("nlp:parsed")  # crash tests: die mid-parse, workers running
            article = articles[seq]
            if not merger.take(article, piece, offset, payload, error):
                continue
            del articles[seq]
            progress.advance(1, article.source_path)
            batch.append(article)
            if len(batch) == chunk_sizes[article.chunk]:
                write(batch)
                batch = []

    if n_process > 1:
        load_extractor_data()  # before the fork: one copy for all workers
        with ParseWorkers(nlp, _piece_rows, processes=n_process, batch_size=batch_size,
                          batch_chars=batch_chars) as workers:
            consume(workers.parse(pieces(), remaining=lambda: left[0]))
            if workers.restarts:
                log(f"NLP worker processes died and were replaced {workers.restarts} time(s)")
    else:
        consume(parse_in_process(nlp, pieces(), _piece_rows, batch_size, batch_chars))
    report.parse_seconds = time.perf_counter() - started


def _write(db_path: str, run_id: str, model_name: str, version: str, results: list[ArticleResult],
           report: NlpReport, log: Log) -> None:
    """Replace the rows of a batch of articles atomically; if the batch cannot be written,
    write its articles one by one so only the article whose rows are bad fails."""
    now = utcnow()

    def writes(batch: list[ArticleResult]):
        ok = [r for r in batch if r.error is None]
        failed = [r for r in batch if r.error is not None]
        ok_ids = [r.article_id for r in ok]
        rows = {kind: [dict(row, run_id=run_id) for r in ok for row in getattr(r.extraction, kind)]
                for kind in ("mentions", "quotes", "claims", "dates")}
        processed = [{"article_id": r.article_id, "model": model_name, "extractor_version": version,
                      "body_hash": r.body_hash, "status": "failed" if r.error else "ok", "error": r.error,
                      "pieces": r.pieces,
                      "mentions": len(r.extraction.mentions) if r.extraction else 0,
                      "quotes": len(r.extraction.quotes) if r.extraction else 0,
                      "claims": len(r.extraction.claims) if r.extraction else 0,
                      "processed_at": now, "run_id": run_id} for r in batch]
        rejected = [{"source_path": r.source_path, "record_index": None, "content_hash": r.article_id,
                     "stage": "nlp", "reason": f"NLP failed on article {r.article_id} ({r.source_path}): {r.error}",
                     "rejected_at": now, "run_id": run_id} for r in failed]
        # A failed article keeps the rows of its last successful parse (its status says 'failed').
        return [
            ("mentions", "article_id", ok_ids, rows["mentions"]),
            ("quotes", "article_id", ok_ids, rows["quotes"]),
            ("numeric_claims", "article_id", ok_ids, rows["claims"]),
            ("date_candidates", "article_id", ok_ids, rows["dates"]),
            ("nlp_processed", "article_id", [r.article_id for r in batch], processed),
            ("rejected_inputs", "content_hash", [], rejected),
            ("nlp_claims", "article_id", [r.article_id for r in batch], []),
        ]

    def account(batch: list[ArticleResult], counts: dict[str, int]) -> None:
        for r in batch:
            if r.reason == REASON_NEW:
                report.new_articles += 1
            else:
                report.reprocessed += 1
                report.reprocess_reasons[r.reason] = report.reprocess_reasons.get(r.reason, 0) + 1
            report.long_articles += r.pieces > 1
            if r.error is None:
                report.articles += 1
            else:
                report.failed += 1
                report.failures.append((r.article_id, r.source_path, r.error))
                log(f"NLP failed on article {r.article_id} ({r.source_path}): {r.error}")
        report.mentions += counts.get("mentions", 0)
        report.quotes += counts.get("quotes", 0)
        report.claims += counts.get("numeric_claims", 0)

    try:
        with warehouse.connect(db_path) as con:
            counts = warehouse.replace_rows(con, writes(results))
        account(results, counts)
        return
    except ERRORS_OF_ARTICLE_ROWS as exc:
        if len(results) == 1 and results[0].error is not None:
            raise
        log(f"writing {len(results)} articles' NLP rows failed ({type(exc).__name__}: {str(exc)[:200]}); "
            "writing them one by one")
    # One connection for the batch, a transaction per article: each close checkpoints the file, a cost
    # that grows with the warehouse (500 of them made one bad article cost minutes on all of Reuters).
    # Any other error (disk full, I/O, a lost transaction) propagates: the step fails, nothing is
    # marked failed, and the next run parses these articles again.
    with warehouse.connect(db_path) as con:
        for result in results:
            try:
                counts = warehouse.replace_rows(con, writes([result]))
            except ERRORS_OF_ARTICLE_ROWS as exc:
                if result.error is not None:
                    raise
                result.extraction, result.error = None, f"{ROWS_NOT_WRITTEN}{type(exc).__name__}: {exc}"[:800]
                counts = warehouse.replace_rows(con, writes([result]))
            account([result], counts)
