"""The DuckLake backend: the same schema, the same pipeline, the same rows as the
embedded warehouse; readers answer while a load commits; concurrent writers retry conflicts;
extensions come from packages and nothing is downloaded."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from pipelines import lakehouse, warehouse
from pipelines.cli import main as cli_main
from pipelines.settings import PROJECT_ROOT, SEEDS_DIR
from runs import run_pipeline
from test_pipeline_e2e import write_bad_inputs
from warehouse_compare import differences, snapshot

# --------------------------------------------------------------------------------------------------
# schema and connections


def _columns(db):
    with warehouse.connect(db, read_only=True) as con:
        # DuckLake reports a default as a quoted literal ('1' for 1).
        return [(t, c, d, n, None if default in (None, "NULL") else default.strip("'"))
                for t, c, d, n, default in con.execute(
            "SELECT table_name, column_name, data_type, is_nullable, column_default FROM duckdb_columns() "
            "WHERE database_name = current_database() ORDER BY table_name, column_index").fetchall()]


@pytest.mark.parametrize("catalog", ["lake.ducklake", "sqlite:lake.sqlite"])
def test_lake_gets_the_schema_of_tables_sql_without_keys(tmp_path, catalog):
    embedded = str(tmp_path / "news.duckdb")
    lake = f"ducklake:{catalog.replace('lake.', str(tmp_path / 'lake.'))}"
    for db in (embedded, lake):
        with warehouse.connect(db):
            pass
    # Same tables, columns, types, NOT NULLs and defaults as the embedded file built from sql/tables.sql.
    assert _columns(lake) == _columns(embedded)
    assert ("articles", "version", "INTEGER", True, "1") in _columns(lake)
    with warehouse.connect(lake) as con:  # the default applies
        con.execute("INSERT INTO articles (article_id, source_path, language, body, word_count, body_hash, "
                    "ingested_at, cleaned_at) VALUES ('a', 'p', 'en', 'b', 1, 'h', now(), now())")
        assert con.execute("SELECT version FROM articles").fetchall() == [(1,)]
    with warehouse.connect(embedded, read_only=True) as con:
        # the small control tables keep theirs there (those that grow have row keys: warehouse.ROW_KEYS)
        assert con.execute("SELECT count(*) FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'"
                           ).fetchone()[0] == 4
    with warehouse.connect(lake) as con:
        assert warehouse.backend(lake) == f"ducklake:{'sqlite' if 'sqlite' in catalog else 'duckdb'}"
        assert con.execute("SELECT count(*) FROM duckdb_constraints() WHERE database_name = current_database() "
                           "AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')").fetchone()[0] == 0
        # A current lake is left alone: opening it again changes nothing (no new snapshot).
        snapshots = con.execute(f"SELECT count(*) FROM {con.execute('SELECT current_database()').fetchone()[0]}"
                                ".snapshots()").fetchone()[0]
    with warehouse.connect(lake) as con:
        assert lakehouse.schema_changes(con) == []
        assert con.execute(f"SELECT count(*) FROM {con.execute('SELECT current_database()').fetchone()[0]}"
                           ".snapshots()").fetchone()[0] == snapshots
    # The Parquet files of a new file-catalog lake go next to the catalog.
    assert (tmp_path / (Path(catalog.split(":")[-1]).name + ".files")).is_dir()


def test_lake_adds_columns_tables_sql_gained(tmp_path, monkeypatch):
    lake = f"ducklake:{tmp_path / 'lake.ducklake'}"
    with warehouse.connect(lake) as con:
        con.execute("ALTER TABLE quotes DROP COLUMN segments")  # a lake written before quotes had segments
        con.execute("INSERT INTO quotes (quote_id, article_id, text, quote_type, confidence, start_char, end_char) "
                    "VALUES ('q1', 'a1', 'words', 'direct', 1.0, 3, 9)")
    with warehouse.connect(lake) as con:
        # Added back, and tables.sql's backfill ran: an old row is one piece.
        assert con.execute("SELECT segments FROM quotes").fetchall() == [([[3, 9]],)]


def test_lake_connections_load_extensions_from_packages_and_never_download(tmp_path):
    lake = f"ducklake:sqlite:{tmp_path / 'lake.sqlite'}"
    with warehouse.connect(lake) as con:
        settings = dict(con.execute(
            "SELECT name, value FROM duckdb_settings() WHERE name IN "
            "('autoinstall_known_extensions', 'autoload_known_extensions')").fetchall())
        assert settings == {"autoinstall_known_extensions": "false", "autoload_known_extensions": "false"}
        loaded = dict(con.execute("SELECT extension_name, install_mode FROM duckdb_extensions() WHERE loaded "
                                  "AND extension_name IN ('ducklake', 'sqlite_scanner')").fetchall())
        # Loaded from the package files, not installed from a repository.
        assert set(loaded) == {"ducklake", "sqlite_scanner"} and "REPOSITORY" not in set(loaded.values())
        # A query that would need an extension not loaded fails at once instead of fetching it.
        with pytest.raises(duckdb.Error, match="httpfs"):
            con.execute("SELECT * FROM 'https://example.invalid/x.parquet'").fetchall()
    assert lakehouse.extension_file("ducklake").name == "ducklake.duckdb_extension"
    assert f"v{duckdb.__version__}" in str(lakehouse.extension_file("ducklake"))


def test_a_missing_extension_package_is_a_clear_error():
    with pytest.raises(lakehouse.LakeError, match=r"pip install duckdb-extension-no-such-thing==.*never downloaded"):
        lakehouse.extension_file("no_such_thing")


def test_locators_and_settings(tmp_path, monkeypatch):
    target = lakehouse.parse_target("ducklake:postgres:dbname=news host=db password=secret")
    assert (target.catalog_kind, target.catalog) == ("postgres", "dbname=news host=db password=secret")
    assert "secret" not in target.display and warehouse.display_name(target.locator) == target.display
    target = lakehouse.parse_target(f"ducklake:sqlite:{tmp_path}/c.sqlite")
    assert target.catalog_kind == "sqlite" and target.catalog_file == tmp_path / "c.sqlite"
    assert warehouse.warehouse_dir(target.locator) == tmp_path
    assert lakehouse.parse_target(f"ducklake:{tmp_path}/c.ducklake").catalog_kind == "duckdb"
    with pytest.raises(lakehouse.LakeError, match="catalog is missing"):
        lakehouse.parse_target("ducklake:")
    from pipelines.settings import get_settings

    monkeypatch.setenv("NEWSETL_DB", str(tmp_path / "w.duckdb"))
    monkeypatch.delenv("NEWSETL_WAREHOUSE", raising=False)
    assert get_settings().db_path == str(tmp_path / "w.duckdb")
    monkeypatch.setenv("NEWSETL_WAREHOUSE", f"ducklake:sqlite:{tmp_path}/c.sqlite")
    assert get_settings().db_path == f"ducklake:sqlite:{tmp_path}/c.sqlite"
    monkeypatch.setenv("NEWSETL_WAREHOUSE", "delta")
    with pytest.raises(ValueError, match="expected 'duckdb' or 'ducklake:<catalog>'"):
        get_settings()


def test_lake_data_path_setting_places_parquet_files(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSETL_LAKE_DATA", str(tmp_path / "parquet"))
    lake = f"ducklake:sqlite:{tmp_path / 'cat.sqlite'}"
    with warehouse.connect(lake) as con:
        warehouse.replace_rows(con, [("publisher_lines", "publisher", ["p"], [
            {"publisher": "p", "line_key": f"k{i}", "article_id": "a"} for i in range(100)])])
    assert list((tmp_path / "parquet").rglob("*.parquet"))
    monkeypatch.delenv("NEWSETL_LAKE_DATA")
    with warehouse.connect(lake, read_only=True) as con:  # an existing lake remembers its data path
        assert con.execute("SELECT count(*) FROM publisher_lines").fetchone()[0] == 100


def test_read_only_lake_that_does_not_exist(tmp_path):
    with pytest.raises(FileNotFoundError, match="no warehouse"):
        with warehouse.connect(f"ducklake:{tmp_path / 'none.ducklake'}", read_only=True):
            pass


# --------------------------------------------------------------------------------------------------
# several writers: conflicts are retried, batches stay idempotent

WRITER = textwrap.dedent("""
    import sys
    from pipelines import warehouse
    db, name, batches = sys.argv[1], sys.argv[2], int(sys.argv[3])
    for b in range(batches):
        rows = [{"publisher": f"{name}-{b}", "line_key": f"k{i}", "article_id": f"a{i}"} for i in range(20)]
        with warehouse.connect(db) as con:
            # each batch twice: a retried batch replaces its rows, it never duplicates them
            for _ in range(2):
                warehouse.replace_rows(con, [("publisher_lines", "publisher", [f"{name}-{b}"], rows)])
""")


def test_concurrent_writers_on_a_sqlite_catalog_lake_retry_and_lose_nothing(tmp_path):
    lake = f"ducklake:sqlite:{tmp_path / 'lake.sqlite'}"
    with warehouse.connect(lake):
        pass
    env = _env()
    _three_writers_commit_everything(lake, env)


def test_write_transaction_retries_a_lost_conflict(tmp_path):
    lake = f"ducklake:{tmp_path / 'lake.ducklake'}"
    with warehouse.connect(lake) as con:
        warehouse.replace_rows(con, [("publisher_lines", "publisher", [], [
            {"publisher": "p", "line_key": f"k{i}", "article_id": "a"} for i in range(5)])])
    with warehouse.connect(lake) as first, warehouse.connect(lake) as second:
        attempts = []

        def write(con):
            attempts.append(1)
            con.execute("DELETE FROM publisher_lines WHERE line_key = 'k1'")
            if len(attempts) == 1:  # a concurrent writer commits a conflicting change meanwhile
                second.execute("DELETE FROM publisher_lines WHERE line_key = 'k2'")
            con.execute("INSERT INTO publisher_lines VALUES ('p', 'k1', 'b')")

        warehouse.write_transaction(first, write)
        assert len(attempts) == 2
        assert first.execute("SELECT line_key, article_id FROM publisher_lines ORDER BY 1").fetchall() == [
            ("k0", "a"), ("k1", "b"), ("k3", "a"), ("k4", "a")]


# --------------------------------------------------------------------------------------------------
# the whole pipeline on a lake: the same rows as the embedded run; a reader answers during the load

READER = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    from pipelines import warehouse
    db, out, stop = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    while not stop.exists():
        try:
            with warehouse.connect(db, read_only=True, wait_seconds=0) as con:
                counts = dict(con.execute(
                    "SELECT 'articles', count(*) FROM articles UNION ALL SELECT 'mentions', count(*) FROM mentions "
                    "UNION ALL SELECT 'entities', count(*) FROM entities").fetchall())
            line = {"ok": True, **counts}
        except Exception as exc:
            line = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        with out.open("a") as f:
            f.write(json.dumps(line) + "\\n")
        time.sleep(0.2)
""")


def _env():
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(PROJECT_ROOT), os.environ.get("PYTHONPATH", "")])}


def load_while_reading(lake: str, inputs, root: Path) -> dict:
    """Run the pipeline into `lake` while another process queries it every 0.2 s; returns the run,
    the reader's answers during the load, and a snapshot of the lake after it."""
    with warehouse.connect(lake):  # the empty lake (its tables) exists before the reader starts
        pass
    answers, stop = root / "reader.jsonl", root / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, lake, str(answers), str(stop)], env=_env(),
                              stderr=subprocess.PIPE, text=True)
    # The load starts once the reader is polling (its first line), so its answers span the load.
    deadline = time.monotonic() + 300
    while not answers.exists() and reader.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    result = run_pipeline(lake, inputs)
    loaded_lines = len(answers.read_text().splitlines())
    stop.touch()
    _, err = reader.communicate(timeout=120)
    lines = [json.loads(line) for line in answers.read_text().splitlines()[:loaded_lines]]
    return {"result": result, "reader": lines, "reader_err": err, "snapshot": snapshot(lake)}


@pytest.fixture(scope="module")
def lake_and_embedded(tmp_path_factory):
    root = tmp_path_factory.mktemp("lake")
    seeds = root / "a_seeds"
    import shutil

    shutil.copytree(SEEDS_DIR, seeds)
    write_bad_inputs(root / "incoming")
    inputs = [seeds, root / "incoming"]
    embedded = str(root / "news.duckdb")
    lake = f"ducklake:sqlite:{root / 'lake' / 'catalog.sqlite'}"
    embedded_result = run_pipeline(embedded, inputs)
    loaded = load_while_reading(lake, inputs, root)
    snapshots = (snapshot(embedded), loaded["snapshot"])  # before the second run adds its check results
    second = run_pipeline(lake, inputs)
    return {"embedded": embedded, "lake": lake, "root": root,
            "results": (embedded_result, loaded["result"], second),
            "reader": loaded["reader"], "reader_err": loaded["reader_err"], "inputs": inputs, "snapshots": snapshots}


def test_pipeline_on_a_lake_writes_the_same_rows_as_the_embedded_run(lake_and_embedded):
    embedded_result, lake_result, _ = lake_and_embedded["results"]
    assert embedded_result.success and lake_result.success
    assert all(e.passed for e in lake_result.get_asset_check_evaluations())
    embedded, lake = lake_and_embedded["snapshots"]
    assert differences(embedded, lake) == []
    sizes = {t: sum(rows.values()) for t, rows in lake.items()}
    # Not vacuous: every stage wrote, and the issue-10 guarantees have rows to compare.
    assert sizes["mentions"] > 300 and sizes["quotes"] > 50 and sizes["entities"] > 30 and sizes["stories"] >= 1
    assert sizes["rejected_inputs"] >= 5 and sizes["dq_checked"] > 100 and sizes["dq_results"] > 50
    with warehouse.connect(lake_and_embedded["lake"], read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles WHERE version = 2 AND supersedes IS NOT NULL").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM held_back").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM speaker_quote_counts").fetchone()[0] > 5


def test_a_second_run_on_the_lake_adds_nothing(lake_and_embedded):
    second = lake_and_embedded["results"][2]
    assert second.success
    with warehouse.connect(lake_and_embedded["lake"], read_only=True) as con:
        written = warehouse.run_counts(con, second.run_id)
    assert {t: n for t, n in written.items() if n and t != "dq_results"} == {}


def test_a_reader_answers_while_the_lake_loads(lake_and_embedded):
    lines = lake_and_embedded["reader"]
    errors = [line for line in lines if line["ok"] is False]
    assert errors == [], lake_and_embedded["reader_err"][-2000:]
    answers = [line for line in lines if line["ok"]]
    with warehouse.connect(lake_and_embedded["lake"], read_only=True) as con:
        final_mentions = con.execute("SELECT count(*) FROM mentions").fetchone()[0]
    # Answers came while the load was under way: articles in, their mentions not (all) yet.
    assert any(a["articles"] > 0 and a["mentions"] < final_mentions for a in answers), answers[-5:]
    mentions = [a["mentions"] for a in answers]
    assert mentions == sorted(mentions)  # each answer is a committed snapshot: counts never go back


def test_newsetl_sql_and_report_on_a_lake(lake_and_embedded, capsys):
    lake = lake_and_embedded["lake"]
    query = "SELECT publisher, count(*) AS n FROM original_articles GROUP BY 1 ORDER BY 1"
    assert cli_main(["sql", "--db", lake, "--format", "json", query]) == 0
    on_lake = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert cli_main(["sql", "--db", lake_and_embedded["embedded"], "--format", "json", query]) == 0
    assert on_lake == [json.loads(line) for line in capsys.readouterr().out.splitlines()] and len(on_lake) >= 4
    assert cli_main(["sql", "--db", lake, "DELETE FROM articles"]) == 1  # read-only
    assert "read-only" in capsys.readouterr().err.lower()
    # `newsetl run` on the lake: nothing new after the fixture's two runs, answered before Dagster starts.
    inputs = [arg for path in lake_and_embedded["inputs"] for arg in ("--input", str(path))]
    assert cli_main(["run", "--db", lake, *inputs]) == 0
    printed = capsys.readouterr().out
    assert "nothing new to do" in printed and f"warehouse: {lake}" in printed
    out = lake_and_embedded["root"] / "r" / "index.html"
    assert cli_main(["report", "--db", lake, "--out", str(out)]) == 0
    assert "Who is quoted most" in out.read_text(encoding="utf-8")


def test_quarantine_on_a_lake_holds_back_a_corrupted_article(tmp_path):
    from pipelines import quality, stages
    from pipelines.settings import DEFAULT_MODEL

    lake = f"ducklake:{tmp_path / 'lake.ducklake'}"
    with warehouse.connect(lake) as con:
        stages.run_ingest(con, [str(SEEDS_DIR / "002_dde2061a40e5fc9d.txt")], "r0")
        stages.run_cleaning(con, "r0")
    stages.run_nlp(lake, "r0", model_name=DEFAULT_MODEL, batch_size=4, processes=1, min_docs_per_process=1,
                   log=lambda _: None)
    with warehouse.connect(lake) as con:
        quality.record_outcome(con, quality.run_suite(con, "mentions", "r1"), "r1")
        # A checked row broken in place: the audit (every row) finds it; a run's check reads its own runs.
        con.execute("UPDATE mentions SET end_char = 1000000 WHERE mention_id = (SELECT min(mention_id) FROM mentions)")
        assert quality.run_suite(con, "mentions", "r2").success
        outcome = quality.audit_suite(con, "mentions")
        assert not outcome.success
        quality.record_outcome(con, outcome, "audit")
        warehouse.apply_views(con)
        article_id = con.execute("SELECT article_id FROM articles").fetchone()[0]
        assert con.execute("SELECT suite, article_id, failures FROM held_back").fetchall() == [
            ("mentions", article_id, json.dumps(["invariant: offsets inside the body"]))]
        assert con.execute("SELECT count(*) FROM original_articles").fetchone()[0] == 0


@pytest.mark.parametrize("mine_first", [False, True])
def test_two_runs_claiming_the_same_article_on_a_lake_leave_it_to_the_first_commit(tmp_path, mine_first):
    from pipelines.stages import nlp as nlp_stage

    lake = f"ducklake:{tmp_path / 'lake.ducklake'}"
    owner = nlp_stage.claim_owner()
    now = nlp_stage.utcnow()
    mine = [{"article_id": a, "run_id": "mine", "owner": owner, "claimed_at": now} for a in ("a1", "a2")]
    other = [{"article_id": "a1", "run_id": "other", "owner": owner, "claimed_at": now}]
    with warehouse.connect(lake) as con:
        # No key on the lake: both claims of a1 commit (as two planners' transactions would).
        for rows in ((mine, other) if mine_first else (other, mine)):
            warehouse.replace_rows(con, [("nlp_claims", "article_id", [], rows)])
        plan = nlp_stage.NlpPlan(todo=[("a1", "new"), ("a2", "new")])
        nlp_stage._keep_first_claims(con, "mine", plan)
        claims = con.execute("SELECT article_id, run_id FROM nlp_claims ORDER BY 1, 2").fetchall()
    if mine_first:
        assert plan.todo == [("a1", "new"), ("a2", "new")] and plan.claimed_elsewhere == 0
        assert claims == [("a1", "mine"), ("a1", "other"), ("a2", "mine")]  # the other run drops its own
    else:
        assert plan.todo == [("a2", "new")] and plan.claimed_elsewhere == 1
        assert claims == [("a1", "other"), ("a2", "mine")]


def test_a_file_written_by_a_newer_duckdb_is_a_clear_error(tmp_path):
    # DuckDB 1.5.5's own message for a file written by DuckDB 2.0 (the storage version of 2.0 files).
    message = ("IO Error: Trying to read a database file with version number 999, but we can only read versions "
               "between 64 and 68.\nThe database file was created with an newer version of DuckDB.")

    def newer_file():
        raise duckdb.IOException(message)

    with pytest.raises(warehouse.WarehouseVersionError, match=r"newer DuckDB than the pinned 1\.5\.5.*README"):
        warehouse._open(str(tmp_path / "w.duckdb"), False, 1.0, attempt=newer_file)


# --------------------------------------------------------------------------------------------------
# the same on a PostgreSQL catalog (several writers, several machines): starts Debian's PostgreSQL


@pytest.fixture(scope="module")
def postgres_lake(postgres, tmp_path_factory):
    import uuid

    root = tmp_path_factory.mktemp("pglake")
    name = f"lake_{uuid.uuid4().hex[:8]}"
    postgres.create_database(name)
    lake = f"ducklake:postgres:{postgres.libpq(name)}"
    # The data path is given once, when the lake is created; later connections read it from the catalog.
    os.environ["NEWSETL_LAKE_DATA"] = str(root / "parquet")
    try:
        with warehouse.connect(lake):
            pass
    finally:
        del os.environ["NEWSETL_LAKE_DATA"]
    return {"lake": lake, "root": root}


@pytest.mark.scaleout
def test_pipeline_on_a_postgres_catalog_lake_equals_the_embedded_run_and_readers_answer(
        postgres_lake, lake_and_embedded):
    loaded = load_while_reading(postgres_lake["lake"], lake_and_embedded["inputs"], postgres_lake["root"])
    assert loaded["result"].success
    assert differences(lake_and_embedded["snapshots"][0], loaded["snapshot"]) == []
    assert list((postgres_lake["root"] / "parquet").rglob("*.parquet"))  # the rows live as Parquet files
    assert warehouse.backend(postgres_lake["lake"]) == "ducklake:postgres"
    answers = [line for line in loaded["reader"] if line["ok"]]
    assert [line for line in loaded["reader"] if line["ok"] is False] == [], loaded["reader_err"][-2000:]
    final = sum(loaded["snapshot"]["mentions"].values())
    assert any(a["articles"] > 0 and a["mentions"] < final for a in answers), answers[-5:]


@pytest.mark.scaleout
def test_concurrent_writers_on_a_postgres_catalog_lake_retry_and_lose_nothing(postgres, tmp_path):
    import uuid

    name = f"lake_{uuid.uuid4().hex[:8]}"
    postgres.create_database(name)
    lake = f"ducklake:postgres:{postgres.libpq(name)}"
    data = tmp_path / "parquet"
    os.environ["NEWSETL_LAKE_DATA"] = str(data)
    try:
        with warehouse.connect(lake):
            pass
    finally:
        del os.environ["NEWSETL_LAKE_DATA"]
    _three_writers_commit_everything(lake, _env())


def test_a_duckdb_file_catalog_is_one_process_at_a_time_and_the_waiter_names_the_holder(tmp_path):
    lake = f"ducklake:{tmp_path / 'lake.ducklake'}"
    probe = textwrap.dedent("""
        import sys
        from pipelines import warehouse
        try:
            with warehouse.connect(sys.argv[1], read_only=True, wait_seconds=1):
                print("opened")
        except warehouse.WarehouseBusyError as exc:
            print("busy:", exc)
    """)
    with warehouse.connect(lake):
        held = subprocess.run([sys.executable, "-c", probe, lake], env=_env(), capture_output=True, text=True,
                              timeout=300)
    assert held.stdout.startswith("busy:") and f"PID {os.getpid()}" in held.stdout, held.stderr[-1000:]
    # Closed: the catalog file is let go at once (detached with the process's last connection).
    free = subprocess.run([sys.executable, "-c", probe, lake], env=_env(), capture_output=True, text=True, timeout=300)
    assert free.stdout.strip() == "opened", free.stderr[-1000:]


def _three_writers_commit_everything(lake: str, env: dict) -> None:
    """Three writer processes, 8 commits each, at once: every row of every commit is there once."""
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, lake, name, "8"], env=env, stderr=subprocess.PIPE,
                                text=True) for name in ("w1", "w2", "w3")]
    for w in writers:
        _, err = w.communicate(timeout=600)
        assert w.returncode == 0, err[-2000:]
    with warehouse.connect(lake, read_only=True) as con:
        rows = con.execute("SELECT publisher, count(*) FROM publisher_lines GROUP BY 1 ORDER BY 1").fetchall()
    assert rows == [(f"{w}-{b}", 20) for w in ("w1", "w2", "w3") for b in range(8)]
