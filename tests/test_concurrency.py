"""Two pipeline processes writing one DuckDB file at once: both succeed, nothing lost."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import duckdb

from pipelines.settings import PROJECT_ROOT, SEEDS_DIR


def test_concurrent_runs_share_the_warehouse(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    for name in ("000_139efbd0edb5e04c.txt", "001_4eb90098a0ede75c.txt"):
        shutil.copy(SEEDS_DIR / name, first)
    for name in ("003_272b7305608623dc.txt", "004_052e207af823a055.txt"):
        shutil.copy(SEEDS_DIR / name, second)
    db = tmp_path / "news.duckdb"
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    procs = [subprocess.Popen([sys.executable, "-m", "pipelines.cli", "run", "--input", str(folder), "--db", str(db)],
                              cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for folder in (first, second)]
    outcomes = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err[-2000:] for _, err in outcomes]
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 4
        assert con.execute("SELECT count(*) FROM nlp_processed").fetchone()[0] == 4
        assert con.execute("SELECT count(*) FROM mentions WHERE entity_id IS NULL").fetchone()[0] == 0
        # One entity for Putin, though both runs met him.
        assert con.execute("SELECT count(*) FROM entities WHERE name = 'Vladimir Putin'").fetchone()[0] == 1
