"""kill -9 at a point in each stage, then run again: the warehouse ends equal to an
uninterrupted run's, every row has been checked, and no spaCy worker outlives its run.

The processes kill themselves with SIGKILL at named points (NEWSETL_CRASH_AT, see
warehouse.crash_point): after a stage commits, and mid-parse while nlp.pipe's two
worker processes are running. The crashes are chained on one warehouse (each run
resumes what the one before left), next to a reference run on another file.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import duckdb
import pytest

from pipelines import quality
from pipelines.settings import PROJECT_ROOT, SEEDS_DIR

SEEDS = ("000_139efbd0edb5e04c.txt", "002_dde2061a40e5fc9d.txt", "004_052e207af823a055.txt")
CRASH_POINTS = ("after:raw_articles", "after:articles", "nlp:parsed", "after:mentions", "after:entities")

# Columns that legitimately differ between runs (who wrote a row, and when).
VOLATILE = {"run_id", "ingested_at", "cleaned_at", "processed_at", "updated_at", "rejected_at"}
TABLES = ("ingested_files", "raw_articles", "rejected_inputs", "articles", "article_fingerprints", "nlp_processed",
          "mentions", "quotes", "numeric_claims", "entities")


def newsetl_run(db: Path, inputs: Path, marker: str, crash_at: str | None = None) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in ("DAGSTER_HOME", "NEWSETL_CRASH_AT")}
    # Two worker processes from the first chunk on, and NLP commits of two articles.
    env.update(NEWSETL_NLP_PROCESSES="2", NEWSETL_NLP_MIN_DOCS_PER_PROCESS="1", NEWSETL_NLP_BATCH_SIZE="1",
               NEWSETL_NLP_COMMIT_EVERY="2", NEWSETL_TEST_MARKER=marker)
    if crash_at:
        env["NEWSETL_CRASH_AT"] = crash_at
    return subprocess.Popen([sys.executable, "-m", "pipelines.cli", "run", "--input", str(inputs), "--db", str(db)],
                            cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def processes_with(marker: str) -> list[int]:
    """Live processes whose environment carries the marker (a run and the workers it forked)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            environ = (proc / "environ").read_bytes()
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if f"NEWSETL_TEST_MARKER={marker}".encode() in environ and state != "Z":
            found.append(int(proc.name))
    return found


def snapshot(db: Path) -> dict[str, list]:
    with duckdb.connect(str(db), read_only=True) as con:
        out = {}
        for table in TABLES:
            columns = [c for (c,) in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
                [table]).fetchall() if c not in VOLATILE]
            out[table] = con.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY ALL").fetchall()
        return out


def unchecked(db: Path) -> dict[str, int]:
    """Rows of each suite not checked at their current version (0 everywhere = all checked)."""
    with duckdb.connect(str(db), read_only=True) as con:
        result = {}
        for name in quality.suite_names():
            suite = quality.load_suite(name)
            if "item" not in suite:  # checks the rows of its own run only (stories, claim_comparisons)
                continue
            result[name] = con.sql(f"SELECT count(*) FROM ({quality._pending_query(suite)})", params={
                "suite": name, "suite_version": quality.suite_version(suite)}).fetchall()[0][0]
        return result


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc (Linux)")
def test_kill_9_in_every_stage_then_rerun_equals_an_uninterrupted_run(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in SEEDS:
        shutil.copy(SEEDS_DIR / name, inputs)
    reference_db, crashed_db = tmp_path / "reference.duckdb", tmp_path / "crashed.duckdb"
    reference = newsetl_run(reference_db, inputs, marker=f"ref-{uuid.uuid4()}")

    for point in CRASH_POINTS:
        marker = f"crash-{uuid.uuid4()}"
        proc = newsetl_run(crashed_db, inputs, marker, crash_at=point)
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == -signal.SIGKILL, (point, err[-2000:])
        # No process of the killed run is left (nlp.pipe's workers die with it).
        deadline = time.monotonic() + 30
        while processes_with(marker) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert processes_with(marker) == [], point

    final = newsetl_run(crashed_db, inputs, marker=f"final-{uuid.uuid4()}")
    out, err = final.communicate(timeout=600)
    assert final.returncode == 0, err[-3000:]
    ref_out, ref_err = reference.communicate(timeout=600)
    assert reference.returncode == 0, ref_err[-3000:]

    expected, got = snapshot(reference_db), snapshot(crashed_db)
    for table in TABLES:
        assert got[table] == expected[table], table
    assert len(got["articles"]) == 3 and len(got["mentions"]) > 100
    assert unchecked(crashed_db) == {name: 0 for name in quality.suite_names() if "item" in quality.load_suite(name)}
    with duckdb.connect(str(crashed_db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM dq_checked WHERE NOT passed").fetchall()[0][0] == 0
        assert con.execute("SELECT count(*) FROM nlp_claims").fetchall()[0][0] == 0
