"""The NLP stage: two worker processes give exactly the rows one process gives."""
from __future__ import annotations

import duckdb

from pipelines import quality, stages, warehouse
from pipelines.settings import DEFAULT_MODEL, SEEDS_DIR


def load_and_parse(db, processes):
    with warehouse.connect(str(db)) as con:
        stages.run_ingest(con, [str(SEEDS_DIR)], "run")
        stages.run_cleaning(con, "run")
    report = stages.run_nlp(str(db), "run", model_name=DEFAULT_MODEL, batch_size=2, processes=processes,
                            min_docs_per_process=1, commit_every=2, log=lambda _: None)
    with duckdb.connect(str(db), read_only=True) as con:
        rows = {t: con.execute(f"SELECT * EXCLUDE (run_id) FROM {t} ORDER BY ALL").fetchall()
                for t in ("mentions", "quotes", "numeric_claims")}
    return report, rows


def test_two_processes_match_one(tmp_path):
    single_report, single = load_and_parse(tmp_path / "one.duckdb", processes=1)
    multi_report, multi = load_and_parse(tmp_path / "two.duckdb", processes=2)
    assert single_report.articles == multi_report.articles == 5
    assert single == multi
    assert len(single["mentions"]) > 300 and len(single["quotes"]) > 50 and len(single["numeric_claims"]) > 20


def test_second_pass_has_nothing_to_do(tmp_path):
    db = tmp_path / "w.duckdb"
    load_and_parse(db, processes=1)
    again = stages.run_nlp(str(db), "run2", model_name=DEFAULT_MODEL, batch_size=2, processes=1,
                           min_docs_per_process=1, log=lambda _: None)
    assert again.articles == 0


# --- long articles, per-article failures, code versions, claims ------------------------

import json  # noqa: E402
import os  # noqa: E402

import pytest  # noqa: E402

from pipelines import code_versions  # noqa: E402
from pipelines.core import extraction  # noqa: E402
from pipelines.core.nlp import shift_rows, split_for_parsing  # noqa: E402
from pipelines.stages import nlp as nlp_stage  # noqa: E402


def quiet(_):
    return None


def nlp_run(db, run_id, **kwargs):
    options = dict(model_name=DEFAULT_MODEL, batch_size=4, processes=1, min_docs_per_process=1, log=quiet)
    options.update(kwargs)
    return stages.run_nlp(str(db), run_id, **options)


def ingest_and_clean(db, paths=(str(SEEDS_DIR),)):
    with warehouse.connect(str(db)) as con:
        stages.run_ingest(con, list(paths), "load")
        stages.run_cleaning(con, "load")


def test_split_for_parsing_cuts_at_paragraphs_and_rebuilds_the_text():
    text = "First paragraph here.\n\nSecond one, a bit longer.\n\nThird.\nwith a line\n\n" + "x" * 50
    pieces = split_for_parsing(text, 30)
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 30 for _, p in pieces)
    assert [o for o, _ in pieces] == [sum(len(p) for _, p in pieces[:i]) for i in range(len(pieces))]
    assert pieces[0][1] == "First paragraph here.\n\n"
    # No whitespace at all: hard cuts, still the same text.
    assert "".join(p for _, p in split_for_parsing("y" * 95, 30)) == "y" * 95
    assert split_for_parsing("short", 30) == [(0, "short")]


def test_shift_rows_moves_every_offset():
    rows = {"mentions": [{"start_char": 1, "end_char": 3, "sentence_index": 0}],
            "quotes": [{"start_char": 5, "end_char": 9, "speaker_start": None, "speaker_end": None,
                        "reported_by_start": 2, "reported_by_end": 4, "segments": [[5, 7], [8, 9]]}],
            "claims": [{"start_char": 0, "end_char": 2}]}
    shifted = shift_rows(rows, 100, 7)
    assert shifted["mentions"][0] == {"start_char": 101, "end_char": 103, "sentence_index": 7}
    assert shifted["quotes"][0]["segments"] == [[105, 107], [108, 109]]
    assert (shifted["quotes"][0]["speaker_start"], shifted["quotes"][0]["reported_by_start"]) == (None, 102)
    assert rows["mentions"][0]["start_char"] == 1  # the input is not modified


def test_long_article_is_parsed_in_pieces_with_offsets_into_the_body(tmp_path):
    db = tmp_path / "w.duckdb"
    ingest_and_clean(db)
    with warehouse.connect(str(db)) as con:  # one long article: the five cleaned seeds end to end
        con.execute("""INSERT INTO articles SELECT * REPLACE ('long' AS article_id, 'long-hash' AS body_hash,
                         (SELECT string_agg(body, '\n\n' ORDER BY article_id) FROM articles) AS body)
                       FROM articles LIMIT 1""")
        con.execute("DELETE FROM articles WHERE article_id <> 'long'")
    report = nlp_run(db, "r1", piece_chars=4000)
    assert (report.articles, report.long_articles, report.failed) == (1, 1, 0)
    with duckdb.connect(str(db), read_only=True) as con:
        stored_body, = con.execute("SELECT body FROM articles").fetchone()
        pieces, status = con.execute("SELECT pieces, status FROM nlp_processed").fetchone()
        mentions = con.execute("SELECT text, start_char, end_char, sentence_index FROM mentions").fetchall()
        quotes = con.execute("SELECT text, segments FROM quotes").fetchall()
        claims = con.execute("SELECT text, start_char, end_char FROM numeric_claims").fetchall()
    assert len(stored_body) > 4000 * 4 and pieces == len(split_for_parsing(stored_body, 4000)) and status == "ok"
    assert len(mentions) > 300 and len(quotes) > 50 and len(claims) > 20
    assert all(stored_body[s:e] == t for t, s, e, _ in mentions)
    assert all(stored_body[s:e] == t for t, s, e in claims)
    assert all(" … ".join(stored_body[a:b] for a, b in segs) == t for t, segs in quotes)
    # Sentence indexes keep counting across pieces.
    assert max(m[3] for m in mentions) > 100


def test_article_over_the_model_limit_fails_alone_and_is_recorded(tmp_path, monkeypatch):
    # The model's hard limit (E088) lowered below one seed: that seed fails, the others are parsed.
    nlp = extraction.load_extraction_pipeline(DEFAULT_MODEL)
    monkeypatch.setattr(nlp, "max_length", 5000)
    db = tmp_path / "w.duckdb"
    ingest_and_clean(db)
    report = nlp_run(db, "r1")
    with duckdb.connect(str(db), read_only=True) as con:
        too_long = con.execute("SELECT count(*) FROM articles WHERE length(body) > 5000").fetchone()[0]
        rejected = con.execute("SELECT content_hash, reason FROM rejected_inputs WHERE stage = 'nlp'").fetchall()
        statuses = dict(con.execute("SELECT status, count(*) FROM nlp_processed GROUP BY 1").fetchall())
    assert too_long >= 1 and report.failed == too_long and report.articles == 5 - too_long
    assert statuses == {"ok": 5 - too_long, "failed": too_long}
    assert len(rejected) == too_long
    assert all("E088" in reason and article_id in reason for article_id, reason in rejected)
    # A failure is recorded, so it never blocks later NLP steps: nothing left to do at this version.
    monkeypatch.undo()
    assert nlp_run(db, "r2").articles == 0


def test_extractor_failure_on_one_article_does_not_stop_the_others(tmp_path, monkeypatch):
    real = extraction.extract_rows

    def flaky(doc):
        if "Orda.kz" in doc.text:
            raise ValueError("extractor bug")
        return real(doc)

    monkeypatch.setattr(extraction, "extract_rows", flaky)
    db = tmp_path / "w.duckdb"
    ingest_and_clean(db)
    report = nlp_run(db, "r1")
    assert (report.articles, report.failed) == (4, 1)
    article_id, path, reason = report.failures[0]
    assert path.endswith("004_052e207af823a055.txt") and reason == "ValueError: extractor bug"
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("SELECT stage, reason FROM rejected_inputs").fetchone()
        assert con.execute("SELECT count(*) FROM mentions WHERE article_id = ?", [article_id]).fetchone()[0] == 0
    assert row[0] == "nlp" and article_id in row[1] and "004_052e207af823a055.txt" in row[1]
    # The rejection is written after this run's articles check: the next run's check sees it and passes
    # (its suite once allowed only ingest and cleaning, so one NLP failure failed every later run's check).
    with warehouse.connect(str(db)) as con:
        outcome = quality.run_suite(con, "rejected_inputs", "r2")
    assert (outcome.success, outcome.rows_checked) == (True, 1)


def test_rows_that_cannot_be_written_fail_their_article_alone(tmp_path, monkeypatch):
    # Two rows of one span share a key: the batch's write fails, its articles are written one by one
    # (over one connection), and only the article with the bad rows fails, with the database's reason.
    real = extraction.extract_rows

    def doubled(doc):
        rows = real(doc)
        if "Orda.kz" in doc.text:
            rows["mentions"].append(dict(rows["mentions"][0]))
        return rows

    monkeypatch.setattr(extraction, "extract_rows", doubled)
    connections = []
    real_connect = warehouse.connect
    monkeypatch.setattr(warehouse, "connect", lambda *a, **k: connections.append(1) or real_connect(*a, **k))
    db = tmp_path / "w.duckdb"
    ingest_and_clean(db)
    opened_before = len(connections)
    report = nlp_run(db, "r1", commit_every=10)
    assert (report.articles, report.failed) == (4, 1)
    article_id, path, reason = report.failures[0]
    assert path.endswith("004_052e207af823a055.txt")
    assert reason.startswith("rows could not be written: ConstraintException: duplicate key (") and "mention_id" in reason
    # plan, fetch, the failed batch write, the one-by-one writes, the claims release: 5 connections
    assert len(connections) - opened_before == 5
    with duckdb.connect(str(db), read_only=True) as con:
        per_article = dict(con.execute("SELECT article_id, count(*) FROM mentions GROUP BY ALL").fetchall())
        status = dict(con.execute("SELECT article_id, status FROM nlp_processed").fetchall())
    assert len(per_article) == 4 and article_id not in per_article and min(per_article.values()) > 20
    assert sorted(status.values()) == ["failed", "ok", "ok", "ok", "ok"] and status[article_id] == "failed"


def test_code_change_reprocesses_in_batches_and_says_why(tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    ingest_and_clean(db)
    first = nlp_run(db, "r1")
    assert (first.new_articles, first.reprocessed) == (5, 0)

    def snapshot():
        with duckdb.connect(str(db), read_only=True) as con:
            return ({t: con.execute(f"SELECT * EXCLUDE (run_id) FROM {t} ORDER BY ALL").fetchall()
                     for t in ("mentions", "quotes", "numeric_claims")},
                    con.execute("SELECT DISTINCT extractor_version FROM nlp_processed").fetchall())

    rows_before, versions_before = snapshot()
    # An extractor source changes: its hash changes the NLP code version.
    real_hashes = code_versions._file_hashes

    def edited(files):
        hashes = real_hashes(files)
        key = "quotes/attribution.py"
        return {**hashes, key: "edited"} if key in hashes else hashes

    monkeypatch.setattr(code_versions, "_file_hashes", edited)
    code_versions.nlp_version.cache_clear()
    writes = []
    real_replace = warehouse.replace_rows
    monkeypatch.setattr(warehouse, "replace_rows", lambda con, w: writes.append(len(w[3][2])) or real_replace(con, w))
    second = nlp_run(db, "r2", commit_every=2)
    assert (second.new_articles, second.reprocessed, second.articles) == (0, 5, 5)
    assert second.reprocess_reasons == {"quotes/attribution.py changed": 5}
    assert writes == [2, 2, 1]  # atomic batches of commit_every articles
    rows_after, versions_after = snapshot()
    assert rows_after == rows_before  # same extractors in fact: same rows, now stamped with the new version
    assert versions_after == [(second.version,)] != versions_before
    assert nlp_run(db, "r3").articles == 0
    code_versions.nlp_version.cache_clear()


def test_reprocessing_per_run_is_bounded_and_new_articles_go_first(tmp_path):
    db = tmp_path / "w.duckdb"
    ingest_and_clean(db)
    nlp_run(db, "r1")
    with warehouse.connect(str(db)) as con:  # as if made by an older version
        con.execute("UPDATE nlp_processed SET extractor_version = 'old'")
    report = nlp_run(db, "r2", reprocess_per_run=2)
    assert (report.reprocessed, report.deferred) == (2, 3)
    assert report.reprocess_reasons == {"processed before code versions were recorded": 2}
    assert nlp_run(db, "r3").reprocessed == 3


def test_articles_claimed_by_a_live_run_are_skipped_and_dead_claims_released(tmp_path):
    db = tmp_path / "w.duckdb"
    ingest_and_clean(db)
    with warehouse.connect(str(db)) as con:
        first, second = [r[0] for r in con.execute("SELECT article_id FROM articles ORDER BY 1 LIMIT 2").fetchall()]
        alive = nlp_stage.claim_owner()  # this very process: alive
        dead = alive.rsplit(":", 1)[0] + ":1"  # same pid, another start time: a process that is gone
        con.execute("INSERT INTO nlp_claims VALUES (?, 'other', ?, now()), (?, 'other', ?, now())",
                    [first, alive, second, dead])
    report = nlp_run(db, "r1")
    assert (report.articles, report.claimed_elsewhere) == (4, 1)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT article_id, run_id FROM nlp_claims").fetchall() == [(first, "other")]
        assert con.execute("SELECT count(*) FROM nlp_processed WHERE article_id = ?", [second]).fetchone()[0] == 1


# --- long-lived worker processes that send back rows ------------------------------

import signal  # noqa: E402

from pipelines.core import parse_workers  # noqa: E402


def test_worker_killed_on_one_article_fails_that_article_alone(tmp_path, monkeypatch):
    # Two workers; the extractors SIGKILL their own process on one article (as an out-of-memory
    # kill would), and the model refuses another (its length limit lowered below that body).
    db = tmp_path / "w.duckdb"
    ingest_and_clean(db)
    with duckdb.connect(str(db), read_only=True) as con:
        bodies = dict(con.execute("SELECT article_id, body FROM articles ORDER BY length(body)").fetchall())
    killer_id, too_long_id = list(bodies)[0], list(bodies)[-1]
    killer_start = bodies[killer_id][:60]
    real = extraction.extract_rows

    def deadly(doc):
        if doc.text.startswith(killer_start) and os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(doc)

    parent = os.getpid()
    monkeypatch.setattr(extraction, "extract_rows", deadly)
    nlp = extraction.load_extraction_pipeline(DEFAULT_MODEL)
    monkeypatch.setattr(nlp, "max_length", len(bodies[too_long_id]) - 1)
    report = nlp_run(db, "r1", processes=2, batch_size=2, commit_every=2)
    assert (report.articles, report.failed) == (3, 2)
    reasons = {article_id: reason for article_id, _, reason in report.failures}
    assert set(reasons) == {killer_id, too_long_id}
    assert reasons[killer_id] == "NLP worker process died while parsing it (killed by signal 9)"
    assert "E088" in reasons[too_long_id]
    with duckdb.connect(str(db), read_only=True) as con:
        statuses = dict(con.execute("SELECT article_id, status FROM nlp_processed").fetchall())
        rejected = con.execute("SELECT content_hash, stage FROM rejected_inputs ORDER BY 1").fetchall()
        assert con.execute("SELECT count(*) FROM mentions WHERE article_id IN (?, ?)",
                           [killer_id, too_long_id]).fetchone()[0] == 0
        assert con.execute("SELECT count(DISTINCT article_id) FROM mentions").fetchone()[0] == 3
        assert con.execute("SELECT count(*) FROM nlp_claims").fetchone()[0] == 0
    assert statuses == {aid: ("failed" if aid in (killer_id, too_long_id) else "ok") for aid in bodies}
    assert rejected == sorted([(killer_id, "nlp"), (too_long_id, "nlp")])


def test_parse_workers_return_results_in_input_order_and_stop(nlp):
    texts = [f"Item number {i} was parsed by a worker." for i in range(23)]

    def sentence_count(doc, key):
        return key, len(doc), sum(1 for _ in doc.sents)

    with parse_workers.ParseWorkers(nlp, sentence_count, processes=2, batch_size=3) as workers:
        results = list(workers.parse((text, i) for i, text in enumerate(texts)))
        processes = [w.process for w in workers._workers]
        again = list(workers.parse([("One more.", "last")]))  # the same workers, a second call
        assert [w.process for w in workers._workers] == processes and workers.restarts == 0
    assert [key for key, _, _ in results] == list(range(23))
    assert all(error is None and payload == (key, 9, 1) for key, payload, error in results)
    assert again == [("last", ("last", 3, 1), None)]
    assert len(processes) == 2 and [p.exitcode for p in processes] == [0, 0]  # stopped, not killed


# --- a fault of the warehouse while writing is the step's, never an article's -------------------

DISK_FULL = 'Failed to commit: Could not write file "w.duckdb.wal": No space left on device'


@pytest.mark.parametrize("fault", [duckdb.TransactionException, duckdb.IOException, duckdb.OutOfRangeException])
def test_disk_full_during_the_write_fails_the_step_and_marks_nothing(tmp_path, monkeypatch, fault):
    db = tmp_path / "w.duckdb"
    ingest_and_clean(db)
    real_insert = warehouse.insert_frame
    writes = []

    def full_disk(con, table, frame):
        if table == "mentions" and frame.height:
            writes.append(frame.height)
            if len(writes) >= 2:  # the first batch fits, then the disk is full for rows (not for a status)
                raise fault(DISK_FULL)
        return real_insert(con, table, frame)

    monkeypatch.setattr(warehouse, "insert_frame", full_disk)
    with pytest.raises(RuntimeError, match="NLP step failed on the batch of 2 articles") as failed:
        nlp_run(db, "r1", commit_every=2)
    assert isinstance(failed.value.__cause__, fault)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT status, count(*) FROM nlp_processed GROUP BY ALL").fetchall() == [("ok", 2)]
        assert con.execute("SELECT count(*) FROM rejected_inputs WHERE stage = 'nlp'").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM nlp_claims").fetchone()[0] == 0
    monkeypatch.setattr(warehouse, "insert_frame", real_insert)  # space freed
    again = nlp_run(db, "r2")
    assert (again.articles, again.failed, again.new_articles) == (3, 0, 3)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT status, count(*) FROM nlp_processed GROUP BY ALL").fetchall() == [("ok", 5)]


def test_articles_once_failed_by_a_warehouse_fault_are_parsed_again(tmp_path):
    # Failures an older version recorded for a full disk are not the articles': they are work again,
    # while a failure of the article's own rows stays recorded.
    db = tmp_path / "w.duckdb"
    ingest_and_clean(db)
    nlp_run(db, "r1")
    with warehouse.connect(str(db)) as con:
        ids = [r[0] for r in con.execute("SELECT article_id FROM nlp_processed ORDER BY 1").fetchall()]
        con.execute("UPDATE nlp_processed SET status = 'failed', error = ? WHERE article_id = ?",
                    ["rows could not be written: TransactionException: " + DISK_FULL, ids[0]])
        con.execute("UPDATE nlp_processed SET status = 'failed', error = ? WHERE article_id = ?",
                    ["rows could not be written: IOException: Could not write all bytes", ids[1]])
        con.execute("UPDATE nlp_processed SET status = 'failed', error = ? WHERE article_id = ?",
                    ["rows could not be written: ConstraintException: duplicate key", ids[2]])
        assert nlp_stage.count_needing_nlp(con) == 2
    again = nlp_run(db, "r2")
    assert (again.articles, again.reprocessed, again.failed) == (2, 2, 0)
    with duckdb.connect(str(db), read_only=True) as con:
        assert dict(con.execute("SELECT article_id, status FROM nlp_processed").fetchall()) == {
            **{i: "ok" for i in ids}, ids[2]: "failed"}


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Asia/Tokyo", "America/Los_Angeles"])
def test_a_fresh_claim_is_not_expired_in_any_time_zone(tmp_path, zone):
    # claimed_at is UTC; east of UTC+6 a comparison with DuckDB's local now() took every claim for
    # one older than the TTL, so two concurrent runs parsed the same articles.
    db = tmp_path / "w.duckdb"
    ingest_and_clean(db)
    with warehouse.connect(str(db)) as con:
        article = con.execute("SELECT min(article_id) FROM articles").fetchone()[0]
        con.execute(f"SET TimeZone = '{zone}'")
        con.execute("INSERT INTO nlp_claims VALUES (?, 'other', ?, ?)",
                    [article, nlp_stage.claim_owner(), nlp_stage.utcnow()])
        assert nlp_stage.release_dead_claims(con) == 0
        assert con.execute("SELECT count(*) FROM nlp_claims").fetchone()[0] == 1
        # A claim older than the TTL (by the UTC clock) does expire.
        con.execute("UPDATE nlp_claims SET claimed_at = claimed_at - INTERVAL (? + 1) HOUR",
                    [nlp_stage.FOREIGN_CLAIM_TTL_HOURS])
        assert nlp_stage.release_dead_claims(con) == 1


def test_progress_lines_say_what_is_parsed_how_many_of_how_many_and_the_rate(tmp_path):
    import re

    db = tmp_path / "w.duckdb"
    ingest_and_clean(db)
    lines = []
    nlp_run(db, "r1", piece_chars=4000, log=lines.append)
    assert any(re.fullmatch(r"NLP: /\S+\.txt \([\d,]+ characters\) is parsed in \d+ pieces", line) for line in lines)
    assert re.fullmatch(r"NLP: 5 of 5 articles \(100\.0%\), \d+\.\d/s", lines[-1]), lines[-1]


def test_progress_reports_every_interval_with_what_is_left():
    from pipelines.stages._common import Progress

    lines, clock = [], iter([5.0, 12.0, 14.0, 30.0])
    progress = Progress("NLP", 400, "articles", lines.append, every=10.0)
    progress._clock = lambda: next(clock)
    progress.started = progress._last = 0.0
    progress.advance(100, "/in/a.txt")  # 5 s: quiet
    progress.advance(100, "/in/b.txt")  # 12 s: a line
    progress.advance(100, "/in/c.txt")  # 14 s: quiet
    progress.advance(100, "/in/d.txt")  # all done: a line
    assert lines == ["NLP: 200 of 400 articles (50.0%), 16.7/s, about 12 s left; at /in/b.txt",
                     "NLP: 400 of 400 articles (100.0%), 13.3/s"]
