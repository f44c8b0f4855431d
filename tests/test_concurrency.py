"""Two pipeline processes writing one DuckDB file at once: both succeed, nothing lost,
no article parsed twice, and each run reports the rows it wrote."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import duckdb

from pipelines.settings import PROJECT_ROOT, SEEDS_DIR


def test_concurrent_runs_share_the_warehouse(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    # Overlapping inputs: both runs see the two middle seeds.
    for name in ("000_139efbd0edb5e04c.txt", "001_4eb90098a0ede75c.txt", "003_272b7305608623dc.txt"):
        shutil.copy(SEEDS_DIR / name, first)
    for name in ("001_4eb90098a0ede75c.txt", "003_272b7305608623dc.txt", "004_052e207af823a055.txt"):
        shutil.copy(SEEDS_DIR / name, second)
    db = tmp_path / "news.duckdb"
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    procs = [subprocess.Popen([sys.executable, "-m", "pipelines.cli", "run", "--input", str(folder), "--db", str(db)],
                              cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for folder in (first, second)]
    outcomes = [p.communicate(timeout=900) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err[-2000:] for _, err in outcomes]
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchall()[0][0] == 4
        assert con.execute("SELECT count(*) FROM nlp_processed").fetchall()[0][0] == 4
        assert con.execute("SELECT count(*) FROM mentions WHERE entity_id IS NULL").fetchall()[0][0] == 0
        # One entity for Putin, though both runs met him.
        assert con.execute("SELECT count(*) FROM entities WHERE name = 'Vladimir Putin'").fetchall()[0][0] == 1
        totals = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in ("mentions", "quotes")}
    # Every article parsed by exactly one of the runs ...
    parsed = [int(re.search(r"^NLP: (\d+) article\(s\) parsed ok", out, re.M).group(1))
              if "NLP:" in out else 0 for out, _ in outcomes]
    assert sum(parsed) == 4, [out for out, _ in outcomes]
    # ... and each run's 'written' column counts its own rows: together, the whole table.
    for table, total in totals.items():
        written = [int(re.search(rf"^{table}\s*\| (\d+)", out, re.M).group(1)) for out, _ in outcomes]
        assert sum(written) == total, (table, written, total)
