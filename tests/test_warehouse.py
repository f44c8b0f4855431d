"""The schema in sql/tables.sql upgrades a warehouse written by an earlier version."""
from __future__ import annotations

import os
import time

import duckdb

import pytest

from pipelines.warehouse import ROW_KEYS, connect, replace_rows, table_columns

# The quotes table as the first release created it (no segments, no reported_by).
FIRST_RELEASE_QUOTES = """
CREATE TABLE quotes (
    quote_id VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL, text VARCHAR NOT NULL, speaker VARCHAR,
    speaker_label VARCHAR, speaker_entity_id VARCHAR, speaker_mention VARCHAR, speaker_start INTEGER,
    speaker_end INTEGER, cue VARCHAR, quote_type VARCHAR NOT NULL, confidence DOUBLE NOT NULL,
    start_char INTEGER NOT NULL, end_char INTEGER NOT NULL, run_id VARCHAR)
"""


def test_old_quotes_table_gains_segments_and_reported_by(tmp_path):
    db = str(tmp_path / "old.duckdb")
    con = duckdb.connect(db)
    con.execute(FIRST_RELEASE_QUOTES)
    con.execute("INSERT INTO quotes VALUES ('q1', 'a1', 'We will win', 'Mary Jones', 'PERSON', NULL, 'she', "
                "40, 43, 'said', 'direct', 0.9, 1, 12, 'r1')")
    con.close()

    with connect(db) as con:
        columns = table_columns(con, "quotes")
        assert {"segments", "reported_by", "reported_by_mention", "reported_by_start", "reported_by_end",
                "reported_by_label", "reported_by_entity_id"} <= set(columns)
        assert con.execute("SELECT segments, reported_by FROM quotes").fetchall() == [([[1, 12]], None)]
        assert _primary_keys(con) & {"quotes"} == set()  # its index dropped, its row kept (ROW_KEYS)
    # Applying the schema again (every writable connection does) changes nothing.
    with connect(db) as con:
        assert con.execute("SELECT count(*), any_value(segments) FROM quotes").fetchall() == [(1, [[1, 12]])]


def test_schema_file_runs_once_per_version_of_it(tmp_path):
    """A writable connection skips sql/tables.sql when the warehouse holds its digest, and runs it
    again when the file changed (here: the recorded digest is another file's)."""
    db = str(tmp_path / "w.duckdb")
    with connect(db) as con:
        (digest,) = con.execute("SELECT sql_sha1 FROM schema_applied").fetchone()
        assert len(digest) == 40
        con.execute("DROP TABLE date_candidates")
    with connect(db) as con:  # same file: not run again, so the dropped table stays dropped
        assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'date_candidates'"
                           ).fetchone() == (0,)
        con.execute("UPDATE schema_applied SET sql_sha1 = 'another file'")
    with connect(db) as con:  # a changed file runs, and its digest is recorded
        assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'date_candidates'"
                           ).fetchone() == (1,)
        assert con.execute("SELECT sql_sha1, count(*) OVER () FROM schema_applied").fetchall() == [(digest, 1)]


def _primary_keys(con) -> set[str]:
    return {t for (t,) in con.execute(
        "SELECT DISTINCT table_name FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'").fetchall()}


def test_big_tables_of_an_old_warehouse_lose_their_key_index_and_keep_their_rows(tmp_path):
    # Before, mentions, dq_checked and story_articles had PRIMARY KEYs: every
    # checkpoint rewrote their whole index. The upgrade re-creates them unkeyed, with their rows, under
    # views that still work; only the small control tables keep theirs.
    db = str(tmp_path / "old.duckdb")
    with connect(db) as con:
        con.execute("DROP TABLE mentions")
        con.execute("DROP TABLE dq_checked")
        con.execute("DROP TABLE story_articles")
        con.execute("""CREATE TABLE story_articles (article_id VARCHAR PRIMARY KEY, story_id VARCHAR NOT NULL,
            similarity DOUBLE NOT NULL, method VARCHAR NOT NULL, assigned_at TIMESTAMP NOT NULL, run_id VARCHAR)""")
        con.execute("INSERT INTO story_articles VALUES ('a1', 's1', 1.0, 'founder', TIMESTAMP '2026-11-28 12:00:00', "
                    "'r1')")
        con.execute("""CREATE TABLE mentions (mention_id VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL,
            entity_id VARCHAR, text VARCHAR NOT NULL, label VARCHAR NOT NULL, ner_label VARCHAR NOT NULL,
            canonical_name VARCHAR NOT NULL, start_char INTEGER NOT NULL, end_char INTEGER NOT NULL,
            sentence_index INTEGER NOT NULL, run_id VARCHAR)""")
        con.execute("""CREATE TABLE dq_checked (suite VARCHAR NOT NULL, item_key VARCHAR NOT NULL,
            table_name VARCHAR NOT NULL, article_id VARCHAR, item_version VARCHAR, suite_version VARCHAR NOT NULL,
            passed BOOLEAN NOT NULL, failures VARCHAR, run_id VARCHAR, checked_at TIMESTAMP NOT NULL,
            PRIMARY KEY (suite, item_key))""")
        con.execute("INSERT INTO mentions VALUES ('m1', 'a1', NULL, 'Mary Jones', 'PERSON', 'PERSON', 'Mary Jones', "
                    "0, 10, 0, 'r1'), ('m2', 'a1', NULL, 'Oslo', 'GPE', 'GPE', 'Oslo', 20, 24, 1, 'r1')")
        con.execute("INSERT INTO dq_checked VALUES ('mentions', 'a1', 'mentions', 'a1', 'r1', 'v1', true, NULL, "
                    "'r1', TIMESTAMP '2026-11-28 12:00:00')")
        con.execute("CREATE VIEW people AS SELECT text FROM mentions WHERE label = 'PERSON'")
        assert {"mentions", "dq_checked", "story_articles"} <= _primary_keys(con)
        con.execute("UPDATE schema_applied SET sql_sha1 = 'the release before'")
    with connect(db) as con:
        assert _primary_keys(con) == {"code_versions", "entity_aliases", "nlp_claims", "story_splits"}
        assert con.execute("SELECT article_id, story_id FROM story_articles").fetchall() == [("a1", "s1")]
        assert con.execute("SELECT mention_id, text, end_char FROM mentions ORDER BY 1").fetchall() == [
            ("m1", "Mary Jones", 10), ("m2", "Oslo", 24)]
        assert con.execute("SELECT suite, item_key, passed FROM dq_checked").fetchall() == [("mentions", "a1", True)]
        assert con.execute("SELECT * FROM people").fetchall() == [("Mary Jones",)]
        assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '%keyed'").fetchone() == (0,)


def test_an_upgrade_killed_after_renaming_a_table_aside_is_finished_by_the_next_connection(tmp_path):
    db = str(tmp_path / "w.duckdb")
    with connect(db) as con:
        con.execute("INSERT INTO story_term_stats VALUES ('e:1', 3), ('', 10)")
        # what a process killed right after the rename leaves: the rows aside, no table of the name
        con.execute("ALTER TABLE story_term_stats RENAME TO story_term_stats__keyed")
        con.execute("UPDATE schema_applied SET sql_sha1 = 'an upgrade that did not finish'")
    with connect(db) as con:
        assert con.execute("SELECT term, df FROM story_term_stats ORDER BY 1").fetchall() == [("", 10), ("e:1", 3)]
        assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '%keyed'").fetchone() == (0,)


def test_rows_that_repeat_a_row_key_are_refused_and_nothing_is_written(tmp_path):
    db = str(tmp_path / "w.duckdb")
    row = {"term": "e:1", "story_id": "s1", "weight": 1.0}
    with connect(db) as con:
        replace_rows(con, [("story_postings", "story_id", ["s1"], [row, {**row, "term": "e:2"}])])
        with pytest.raises(duckdb.ConstraintException, match=r"duplicate key \('e:1', 's2'\) .* \(term, story_id\)"):
            replace_rows(con, [("story_postings", "story_id", ["s1", "s2"],
                                [{**row, "story_id": "s2"}, {**row, "story_id": "s2", "weight": 2.0}])])
        # the failed write changed nothing: s1's rows were not deleted
        assert con.execute("SELECT term, story_id FROM story_postings ORDER BY 1").fetchall() == [
            ("e:1", "s1"), ("e:2", "s1")]
        # a row whose key is already in the table (not replaced) is refused too, as a PRIMARY KEY did
        with pytest.raises(duckdb.ConstraintException, match=r"duplicate key \('e:2', 's1'\) for story_postings"):
            replace_rows(con, [("story_postings", "story_id", ["s3"], [{**row, "story_id": "s3"},
                                                                       {**row, "term": "e:2", "weight": 5.0}])])
        assert con.execute("SELECT term, story_id, weight FROM story_postings ORDER BY 1").fetchall() == [
            ("e:1", "s1", 1.0), ("e:2", "s1", 1.0)]


# --- waiting on the lock says so, and on what -----------------------------------------

import subprocess  # noqa: E402
import sys  # noqa: E402


from pipelines import warehouse  # noqa: E402
from pipelines.cli import main  # noqa: E402

HOLD = ("import duckdb, sys, time\n"
        "con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == 'ro')\n"
        "print('holding', flush=True)\n"
        "time.sleep(120)\n")


@pytest.fixture
def holder(tmp_path):
    db = str(tmp_path / "held.duckdb")
    duckdb.connect(db).close()
    procs = []

    def hold(mode):
        proc = subprocess.Popen([sys.executable, "-c", HOLD, db, mode], stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "holding"
        procs.append(proc)
        return proc

    yield db, hold
    for proc in procs:
        proc.kill()
        proc.wait()


def test_waiting_writer_logs_who_holds_the_lock(holder, monkeypatch):
    db, hold = holder
    proc = hold("rw")
    monkeypatch.setattr(warehouse, "WAIT_LOG_AFTER", 0.0)
    messages = []
    with pytest.raises(warehouse.WarehouseBusyError) as err:
        with warehouse.connect(db, wait_seconds=1.0, on_wait=messages.append):
            pass
    assert messages and messages[0].startswith(f"waiting for the DuckDB lock on {db} (write access): held by "
                                               f"PID {proc.pid} (")
    assert "open for writing" in messages[0] and HOLD.splitlines()[0][:20] in messages[0]
    assert f"locked by PID {proc.pid}" in str(err.value)


def test_writer_blocked_by_a_reader_does_not_blame_a_run(holder, monkeypatch):
    db, hold = holder
    proc = hold("ro")
    with pytest.raises(warehouse.WarehouseBusyError) as err:
        with warehouse.connect(db, wait_seconds=0.2):
            pass
    assert f"PID {proc.pid}" in str(err.value) and "open read-only" in str(err.value)


def test_sql_lock_error_mentions_wait(holder, capsys):
    db, hold = holder
    proc = hold("rw")
    assert main(["sql", "--db", db, "--wait", "0.3", "SELECT 1"]) == 1
    err = capsys.readouterr().err
    assert f"PID {proc.pid}" in err and "--wait SECONDS" in err and "a run is writing" not in err


# --- one instance for a run's steps (warehouse.hold) ------------------------------------------------
PROBE = ("import duckdb, sys\n"
         "try:\n"
         "    duckdb.connect(sys.argv[1], read_only=True).close(); print('opened')\n"
         "except duckdb.IOException:\n"
         "    print('locked')\n")


def _other_process_can_read(db: str) -> bool:
    out = subprocess.run([sys.executable, "-c", PROBE, db], capture_output=True, text=True, check=True).stdout
    return out.strip() == "opened"


def test_held_warehouse_shares_one_instance_and_frees_the_file_when_idle(tmp_path, monkeypatch):
    db = str(tmp_path / "held.duckdb")
    monkeypatch.setattr(warehouse, "HOLD_LINGER_SECONDS", 30.0)  # idle only when the test says so
    assert warehouse.hold(db)
    try:
        with warehouse.connect(db) as con:
            con.execute("CREATE TABLE t (x INTEGER)")
            con.execute("INSERT INTO t VALUES (1)")
        # Between connections the instance lives on: another process cannot open the file yet...
        assert not _other_process_can_read(db)
        with warehouse.connect(db, read_only=True) as con:  # read-only in the holder: the shared instance
            assert con.execute("SELECT sum(x) FROM t").fetchone()[0] == 1
            with warehouse.connect(db) as inner:  # nested connections too
                inner.execute("INSERT INTO t VALUES (2)")
            assert con.execute("SELECT sum(x) FROM t").fetchone()[0] == 3
        # ...until the linger passes without a connection: then the file is free, the rows committed.
        warehouse._held[os.path.abspath(db)]._expire()
        assert _other_process_can_read(db)
        with warehouse.connect(db) as con:  # the next connection opens the instance again
            assert con.execute("SELECT sum(x) FROM t").fetchone()[0] == 3
    finally:
        warehouse.release(db)
    assert os.path.abspath(db) not in warehouse._held
    assert _other_process_can_read(db)
    with duckdb.connect(db, read_only=True) as con:  # a plain read-only open in this process works again
        assert con.execute("SELECT count(*) FROM t").fetchone()[0] == 2


def test_held_warehouse_is_released_after_the_linger_and_holds_nest(tmp_path, monkeypatch):
    db = str(tmp_path / "held.duckdb")
    monkeypatch.setattr(warehouse, "HOLD_LINGER_SECONDS", 0.05)
    warehouse.hold(db)
    warehouse.hold(db)  # two resources of one run on the same file
    try:
        with warehouse.connect(db) as con:
            con.execute("CREATE TABLE t (x INTEGER)")
        deadline = time.monotonic() + 10
        while not _other_process_can_read(db):  # the timer closed the anchor
            assert time.monotonic() < deadline
            time.sleep(0.05)
        warehouse.release(db)
        assert os.path.abspath(db) in warehouse._held  # one hold left
    finally:
        warehouse.release(db)
    assert os.path.abspath(db) not in warehouse._held
    assert not warehouse.hold("ducklake:sqlite:/nonexistent/lake.sqlite")  # a lake is never held
