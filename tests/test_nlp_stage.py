"""The NLP stage: two worker processes give exactly the rows one process gives."""
from __future__ import annotations

import duckdb

from pipelines import stages, warehouse
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
