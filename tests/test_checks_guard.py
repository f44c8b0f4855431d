"""Checks that guard: what has not passed a check gets checked (whichever run wrote it),
failures are held back from downstream stages and views until data or suite change,
and a check with nothing new says so; invariants read the rows of the runs a check looks
at, `newsetl audit` every row."""
from __future__ import annotations

import json
import shutil

import duckdb
import pytest
from dagster import DagsterInstance

from pipelines import quality, stages, warehouse
from pipelines.definitions import defs
from pipelines.resources import NlpResource, WarehouseResource
from pipelines.settings import DEFAULT_MODEL, SEEDS_DIR

ONE_SEED = "002_dde2061a40e5fc9d.txt"


def load_without_checks(db, names, run_id="killed"):
    """What a run killed before its checks leaves: rows written, nothing checked."""
    with warehouse.connect(str(db)) as con:
        stages.run_ingest(con, [str(SEEDS_DIR / n) for n in names], run_id)
        stages.run_cleaning(con, run_id)
    stages.run_nlp(str(db), run_id, model_name=DEFAULT_MODEL, batch_size=4, processes=1, min_docs_per_process=1,
                   log=lambda _: None)


def test_rows_of_a_run_killed_before_its_check_are_checked_by_the_next(tmp_path):
    db = tmp_path / "w.duckdb"
    load_without_checks(db, [ONE_SEED, "004_052e207af823a055.txt"])
    with warehouse.connect(str(db)) as con:
        mentions = con.execute("SELECT count(*) FROM mentions").fetchall()[0][0]
        outcome = quality.run_suite(con, "mentions", "next-run")  # a different run id than the writer's
        assert outcome.success and outcome.rows_checked == mentions > 100 and len(outcome.items) == 2
        quality.record_outcome(con, outcome, "next-run")
        again = quality.run_suite(con, "mentions", "third-run")
    assert again.rows_checked == 0 and again.no_new_rows and again.success
    # Nothing new: the invariants ran on the new rows (none) and say so.
    assert [i.name for i in again.invariants] == ["mention_id unique", "offsets inside the body", "article exists"]
    assert again.summary() == "no new rows; 3 invariants (new rows) passed"


def test_a_check_reads_only_the_runs_whose_rows_changed_since_the_last_complete_check(tmp_path):
    # A check cost what the warehouse held (an anti-join of the whole table against
    # dq_checked). It now keeps the rows per writing run it saw and reads the changed runs only.
    db = tmp_path / "w.duckdb"
    load_without_checks(db, [ONE_SEED, "003_272b7305608623dc.txt"])
    suite = quality.load_suite("mentions")
    version = quality.suite_version(suite)
    with warehouse.connect(str(db)) as con:
        first = con.execute("SELECT count(*) FROM mentions").fetchall()[0][0]
        quality.record_outcome(con, quality.run_suite(con, "mentions", "r1"), "r1")
        assert con.execute("SELECT suite, rows_of, suite_version, row_count, run_id FROM dq_run_counts").fetchall() == [
            ("mentions", "killed", version, first, "r1")]
        assert quality.runs_to_check(con, suite) == ([], {}, first)  # nothing to read
        assert not quality.has_pending(con, suite)
    # A later run's rows: only that run is read (its rows, a filter on the run in the query).
    load_without_checks(db, ["004_052e207af823a055.txt"], run_id="later")
    with warehouse.connect(str(db)) as con:
        later = con.execute("SELECT count(*) FROM mentions WHERE run_id = 'later'").fetchall()[0][0]
        assert quality.runs_to_check(con, suite) == (["later"], {"later": later}, first + later)
        scope = quality._pending_sql(con, suite)
        assert "IN ('later')" in scope.query and scope.runs == ["later"]  # the invariants read that run too
        outcome = quality.run_suite(con, "mentions", "r2")
        assert outcome.success and outcome.rows_checked == later > 0 and len(outcome.items) == 1
        quality.record_outcome(con, outcome, "r2")
        assert quality.runs_to_check(con, suite)[0] == []
        # One article's rows rewritten by another run: both runs' counts change, its rows are checked.
        article = con.execute("SELECT min(article_id) FROM mentions WHERE run_id = 'killed'").fetchall()[0][0]
        con.execute("UPDATE mentions SET run_id = 'rewriter' WHERE article_id = ?", [article])
        rewritten = con.execute("SELECT count(*) FROM mentions WHERE run_id = 'rewriter'").fetchall()[0][0]
        assert quality.runs_to_check(con, suite)[:2] == (["killed", "rewriter"], {
            "killed": first - rewritten, "rewriter": rewritten})
        outcome = quality.run_suite(con, "mentions", "r3")
        assert outcome.success and outcome.rows_checked == rewritten > 0 and list(outcome.items) == [article]
        quality.record_outcome(con, outcome, "r3")
        assert quality.runs_to_check(con, suite)[0] == []
        # A run whose rows are all rewritten by another has nothing left to read, and leaves dq_run_counts.
        con.execute("UPDATE mentions SET run_id = 'rewriter' WHERE run_id = 'later'")
        assert quality.runs_to_check(con, suite)[:2] == (["rewriter"], {"later": 0, "rewriter": rewritten + later})
        quality.record_outcome(con, quality.run_suite(con, "mentions", "r4"), "r4")
        assert con.execute("SELECT rows_of, row_count FROM dq_run_counts ORDER BY 1").fetchall() == [
            ("killed", first - rewritten), ("rewriter", rewritten + later)]
        # A new version of the suite checks every run again.
        assert con.execute("UPDATE dq_run_counts SET suite_version = 'older'").fetchall() == [(2,)]
        assert quality.runs_to_check(con, suite)[0] == ["killed", "rewriter"]


def test_invariant_sql_reads_the_rows_of_the_runs_it_is_given():
    sql = "SELECT * FROM mentions m WHERE {new_rows:m} AND m.start_char < 0"
    assert quality.invariant_sql(sql, None) == "SELECT * FROM mentions m WHERE TRUE AND m.start_char < 0"
    assert quality.invariant_sql(sql, []) == "SELECT * FROM mentions m WHERE FALSE AND m.start_char < 0"
    assert quality.invariant_sql(sql, ["r1", "o'k"]) == (
        "SELECT * FROM mentions m WHERE m.run_id IN ('r1', 'o''k') AND m.start_char < 0")
    # Every invariant over a table whose rows carry their run marks where it reads new rows.
    for name in quality.suite_names():
        suite = quality.load_suite(name)
        if suite.get("item", {}).get("version") == "run_id":
            assert all("{new_rows:" in spec["sql"] for spec in suite.get("invariants", [])), name


def test_invariant_catches_a_corrupted_new_row_and_holds_its_article(tmp_path):
    db = tmp_path / "w.duckdb"
    load_without_checks(db, [ONE_SEED])
    with warehouse.connect(str(db)) as con:
        quality.record_outcome(con, quality.run_suite(con, "mentions", "r1"), "r1")
    load_without_checks(db, ["004_052e207af823a055.txt"], run_id="later")
    with warehouse.connect(str(db)) as con:
        # A row of the run not checked yet, broken: the check reads that run's rows and finds it.
        article_id = con.execute("SELECT min(article_id) FROM mentions WHERE run_id = 'later'").fetchall()[0][0]
        con.execute("UPDATE mentions SET end_char = 1000000 WHERE mention_id = "
                    "(SELECT min(mention_id) FROM mentions WHERE run_id = 'later')")
        outcome = quality.run_suite(con, "mentions", "r2")
        assert not outcome.success and outcome.invariant_runs == ["later"]
        bad = [i for i in outcome.invariants if not i.success]
        assert [(i.name, i.violations) for i in bad] == [("offsets inside the body", 1)]
        quality.record_outcome(con, outcome, "r2")
        warehouse.apply_views(con)
        held = con.execute("SELECT suite, article_id FROM held_back").fetchall()
        assert held == [("mentions", article_id)]
        assert con.execute("SELECT count(*) FROM original_articles").fetchall()[0][0] == 1
        # Held back, the violation is not counted again: the next check passes and reports it.
        later = quality.run_suite(con, "mentions", "r3")
    assert later.success and later.held_back == 1
    assert "1 items held back by earlier failures" in later.summary()


def test_a_checked_row_broken_in_place_is_found_by_the_audit_not_by_a_run(tmp_path):
    # A run's check reads its own runs' rows; an old row changed in place (its run and
    # the run's row count unchanged) is what `newsetl audit`, reading every row, is for.
    db = tmp_path / "w.duckdb"
    load_without_checks(db, [ONE_SEED])
    with warehouse.connect(str(db)) as con:
        quality.record_outcome(con, quality.run_suite(con, "mentions", "r1"), "r1")
        con.execute("UPDATE mentions SET end_char = 1000000 WHERE mention_id = (SELECT min(mention_id) FROM mentions)")
        outcome = quality.run_suite(con, "mentions", "r2")
        assert outcome.success and outcome.no_new_rows and outcome.invariant_runs == []
        audit = quality.audit_suite(con, "mentions")
        assert audit.invariant_runs is None and not audit.success
        assert [(i.name, i.violations) for i in audit.invariants if not i.success] == [("offsets inside the body", 1)]
        quality.record_outcome(con, audit, "audit-1")
        warehouse.apply_views(con)
        article_id = con.execute("SELECT article_id FROM articles").fetchall()[0][0]
        assert con.execute("SELECT suite, article_id FROM held_back").fetchall() == [("mentions", article_id)]
        assert quality.audit_suite(con, "mentions").success  # held back: not counted again


def test_the_audit_job_records_under_its_run_and_fails_on_a_violation(tmp_path):
    db = tmp_path / "w.duckdb"
    load_without_checks(db, [ONE_SEED])
    job = defs.resolve_job_def("newsetl_audit")
    resources = {"warehouse": WarehouseResource(db_path=str(db))}
    clean = job.execute_in_process(instance=DagsterInstance.ephemeral(), resources=resources)
    assert clean.success
    with warehouse.connect(str(db)) as con:
        con.execute("UPDATE quotes SET start_char = -1 WHERE quote_id = (SELECT min(quote_id) FROM quotes)")
    broken = job.execute_in_process(instance=DagsterInstance.ephemeral(), resources=resources, raise_on_error=False)
    assert not broken.success
    failure = next(e for e in broken.all_events if e.is_step_failure).step_failure_data.error
    assert "quotes: 3 invariants on every row FAILED: offsets inside the body (1)" in failure.message
    with warehouse.connect(str(db), read_only=True) as con:
        recorded = con.execute("SELECT run_id, count(*), count(*) FILTER (WHERE NOT success) FROM dq_results "
                               "GROUP BY run_id ORDER BY count(*) FILTER (WHERE NOT success)").fetchall()
        held = con.execute("SELECT suite FROM dq_checked WHERE NOT passed").fetchall()
    assert [(run, failed) for run, _n, failed in recorded] == [(clean.run_id, 0), (broken.run_id, 1)]
    assert recorded[0][1] == recorded[1][1] > 10  # one row per suite's invariants (and a row per suite)
    assert held == [("quotes",)]


def run_job(db, inputs):
    return defs.resolve_job_def("newsetl").execute_in_process(
        run_config={"ops": {"raw_articles": {"config": {"paths": [str(p) for p in inputs]}}}},
        instance=DagsterInstance.ephemeral(), raise_on_error=False,
        resources={"warehouse": WarehouseResource(db_path=str(db)), "nlp": NlpResource(processes=1)},
    )


@pytest.fixture
def strict_articles_suite(monkeypatch):
    """The articles suite with one more expectation: at most 400 words (one seed has 528)."""
    real_load = quality.load_suite
    state = {"strict": True}

    def load(name):
        suite = real_load(name)
        if name != "articles" or not state["strict"]:
            return suite
        return {**suite, "expectations": [
            *suite["expectations"],
            {"type": "expect_column_values_to_be_between", "kwargs": {"column": "word_count", "max_value": 400}},
        ]}

    monkeypatch.setattr(quality, "load_suite", load)
    return state


def test_failed_article_is_held_back_in_later_runs_until_the_suite_changes(tmp_path, strict_articles_suite):
    seeds = tmp_path / "in"
    seeds.mkdir()
    for name in ("001_4eb90098a0ede75c.txt", "004_052e207af823a055.txt"):
        shutil.copy(SEEDS_DIR / name, seeds)
    db = tmp_path / "w.duckdb"

    first = run_job(db, [seeds])
    assert not first.success
    checks = {e.check_name: e for e in first.get_asset_check_evaluations()}
    assert not checks["articles_expectations"].passed and "mentions_expectations" not in checks
    with duckdb.connect(str(db), read_only=True) as con:
        held = con.execute("SELECT d.article_id, a.word_count, d.failures FROM dq_checked d JOIN articles a "
                           "USING (article_id) WHERE NOT d.passed").fetchall()
    assert len(held) == 1 and held[0][1] == 528 and "expect_column_values_to_be_between(word_count)" in held[0][2]
    held_id = held[0][0]

    # Next run, same suite: the check has no new rows and passes, visibly; the failed article
    # stays out of NLP, entities and the views, the other one goes through.
    second = run_job(db, [seeds])
    assert second.success
    articles_check = {e.check_name: e for e in second.get_asset_check_evaluations()}["articles_expectations"]
    assert articles_check.passed and articles_check.metadata["no_new_rows"].value is True
    assert articles_check.metadata["held_back"].value == 1
    assert "no new rows" in articles_check.description and "1 items held back" in articles_check.description
    with duckdb.connect(str(db), read_only=True) as con:
        processed = [r[0] for r in con.execute("SELECT article_id FROM nlp_processed").fetchall()]
        viewed = [r[0] for r in con.execute("SELECT article_id FROM original_articles").fetchall()]
        listed = con.execute("SELECT item_key, suite FROM held_back").fetchall()
    assert held_id not in processed and len(processed) == 1 and viewed == processed
    assert listed == [(held_id, "articles")]

    # The suite changes (the extra rule is dropped): the article is checked again, released and parsed.
    strict_articles_suite["strict"] = False
    third = run_job(db, [seeds])
    assert third.success
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM nlp_processed").fetchall()[0][0] == 2
        assert con.execute("SELECT count(*) FROM held_back").fetchall()[0][0] == 0
        assert con.execute("SELECT count(*) FROM original_articles").fetchall()[0][0] == 2
        assert con.execute("SELECT count(*) FROM mentions WHERE article_id = ? AND entity_id IS NULL",
                           [held_id]).fetchall()[0][0] == 0
