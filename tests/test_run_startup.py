"""What makes a run start fast: the nothing-pending check and the NLP worker pool.

Real parts only: the real model in real worker processes, a real DuckDB file
under tmp_path, the real CLI. No timing assertions (speed is measured by
benchmarks/speed.py, not here).
"""
from __future__ import annotations

import shutil

import duckdb
import pytest

from pipelines import pending, stages, warehouse
from pipelines.cli import main
from pipelines.core import parse_pool
from pipelines.core.extraction import extract_article, extract_rows
from pipelines.core.nlp import ModelNotInstalledError
from pipelines.settings import DEFAULT_MODEL, SEEDS_DIR

SEEDS = sorted(SEEDS_DIR.glob("*.txt"))


def _extracted(pairs):
    """(article_id, rows with ids) as the NLP stage writes them."""
    return {aid: extract_article(doc, aid).__dict__ for doc, aid in pairs}


def test_pool_gives_the_rows_of_an_in_process_parse(nlp):
    texts = [(p.read_text(encoding="utf-8"), p.stem) for p in SEEDS[:3]]
    pool = parse_pool.ParsePool(DEFAULT_MODEL, processes=2)
    try:
        from_pool = list(pool.parse(iter(texts), batch_size=1))
    finally:
        pool.shutdown()
    # Input order is kept although two workers answer in any order.
    assert [aid for _, aid in from_pool] == [p.stem for p in SEEDS[:3]]
    in_process = [(nlp(text), aid) for text, aid in texts]
    for doc, _ in in_process:
        doc.user_data["newsetl_rows"] = extract_rows(doc)
    assert _extracted(from_pool) == _extracted(in_process)
    assert sum(len(r["mentions"]) for r in _extracted(from_pool).values()) > 100
    assert pool.processes == 0  # shut down


def test_pool_raises_the_workers_error_in_the_caller():
    pool = parse_pool.ParsePool("no_such_spacy_model_package", processes=1)
    with pytest.raises(ModelNotInstalledError, match="no_such_spacy_model_package"):
        list(pool.parse(iter([("Some text.", 1)])))
    assert pool.processes == 0


def test_prestarted_pool_is_used_by_the_nlp_stage(tmp_path):
    db = str(tmp_path / "w.duckdb")
    with warehouse.connect(db) as con:
        stages.run_ingest(con, [str(SEEDS[0])], "run")
        stages.run_cleaning(con, "run")
    pool = parse_pool.prestart(DEFAULT_MODEL)
    try:
        assert parse_pool.prestarted(DEFAULT_MODEL) is pool
        report = stages.run_nlp(db, "run", model_name=DEFAULT_MODEL, batch_size=4, processes=1,
                                min_docs_per_process=200, log=lambda _: None)
        assert pool.processes == 1  # still alive: the stage does not stop a pool it did not start
    finally:
        parse_pool.shutdown_all()
    assert parse_pool.prestarted(DEFAULT_MODEL) is None
    assert report.articles == 1 and report.mentions > 30
    with duckdb.connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM nlp_processed").fetchone()[0] == 1


def test_pending_work_follows_the_stages(tmp_path):
    db = str(tmp_path / "w.duckdb")
    inputs = [str(SEEDS[0])]
    with warehouse.connect(db) as con:
        work = pending.pending_work(con, inputs)
        assert work.new_files == 1 and work.anything
        stages.run_ingest(con, inputs, "run")
        work = pending.pending_work(con, inputs)
        assert (work.new_files, work.raw_to_clean) == (0, 1)
        stages.run_cleaning(con, "run")
        assert pending.pending_work(con, inputs).articles_to_parse == 1
    stages.run_nlp(db, "run", model_name=DEFAULT_MODEL, batch_size=4, processes=1, min_docs_per_process=200,
                   log=lambda _: None)
    with warehouse.connect(db) as con:
        work = pending.pending_work(con, inputs)
        assert work.names_to_resolve > 10 and work.reasons == [f"{work.names_to_resolve} name(s) not resolved to entities yet"]
        stages.run_entities(con, "run")
        assert not pending.pending_work(con, inputs).anything
        # A missing input path is nothing to do (the ingest stage skips it too).
        assert not pending.pending_work(con, [*inputs, str(tmp_path / "absent")]).anything


def test_cli_skips_the_run_when_nothing_is_pending(tmp_path, capsys):
    seed = tmp_path / SEEDS[1].name
    shutil.copy(SEEDS[1], seed)
    db = tmp_path / "news.duckdb"
    assert main(["run", "--input", str(seed), "--db", str(db)]) == 0
    first = capsys.readouterr().out
    assert "articles_expectations" in first and "nothing new to do" not in first
    with duckdb.connect(str(db), read_only=True) as con:
        dq_rows = con.execute("SELECT count(*) FROM dq_results").fetchone()[0]

    assert main(["run", "--input", str(seed), "--db", str(db)]) == 0
    second = capsys.readouterr().out
    assert "nothing new to do" in second and "articles_expectations" not in second
    assert "raw_articles    | 0     | 1" in second
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM dq_results").fetchone()[0] == dq_rows
        assert con.execute("SELECT count(*) FROM speaker_quote_counts").fetchone()[0] > 0

    # --force still goes through Dagster: every check runs (on no new rows) and is recorded.
    assert main(["run", "--input", str(seed), "--db", str(db), "--force"]) == 0
    forced = capsys.readouterr().out
    assert "articles_expectations" in forced and "nothing new to do" not in forced
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM dq_results").fetchone()[0] > dq_rows
    assert parse_pool.prestarted(DEFAULT_MODEL) is None  # the CLI stops its worker

    # A changed file is new work again.
    seed.write_text(seed.read_text(encoding="utf-8") + "\nA closing line was added later.\n", encoding="utf-8")
    assert main(["run", "--input", str(seed), "--db", str(db)]) == 0
    assert "nothing new to do" not in capsys.readouterr().out


def test_a_dead_worker_fails_the_parse_instead_of_hanging_it():
    pool = parse_pool.ParsePool(DEFAULT_MODEL, processes=1)
    worker = pool._workers[0]
    worker.kill()
    worker.join(timeout=30)
    with pytest.raises(parse_pool.WorkerDiedError, match="died"):
        list(pool.parse(iter([("Some text.", 1)])))
    assert pool.processes == 0
