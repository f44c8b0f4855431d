"""What makes a run start fast: the nothing-pending check.

Real parts only: the real model, a real DuckDB file
under tmp_path, the real CLI. No timing assertions (speed is measured by
benchmarks/speed.py, not here).
"""
from __future__ import annotations

import re
import shutil

import duckdb

from pipelines import pending, quality, stages, warehouse
from pipelines.cli import main
from pipelines.settings import DEFAULT_MODEL, SEEDS_DIR
from pipelines.stages.stories import run_stories

SEEDS = sorted(SEEDS_DIR.glob("*.txt"))


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
        assert pending.pending_work(con, inputs).reasons == ["articles not grouped into stories yet"]
        run_stories(con, "run")
        # Every stage is done, but no check has run: the run must still start, for the checks.
        work = pending.pending_work(con, inputs)
        assert "articles" in work.unchecked_suites and "mentions" in work.unchecked_suites
        warehouse.apply_views(con)
        for name in quality.suite_names():
            quality.record_outcome(con, quality.run_suite(con, name, "run"), "run")
        assert not pending.pending_work(con, inputs).anything
        # A missing input path is nothing to do (the ingest stage skips it too).
        assert not pending.pending_work(con, [*inputs, str(tmp_path / "absent")]).anything
        # A new extractor version is work again: the NLP stage re-parses what the old one made.
        con.execute("UPDATE nlp_processed SET extractor_version = 'older'")
        assert pending.pending_work(con, inputs).articles_to_parse == 1


# Runs `newsetl run` in a fresh interpreter and reports what it imported and parsed.
_PROBE = r"""
import json, sys
from pipelines import cli, code_versions
parsed = []
real = code_versions.behaviour
code_versions.behaviour = lambda *args: parsed.append(args[1:]) or real(*args)
code = cli.main(sys.argv[1:])
heavy = ("dagster", "spacy", "thinc", "great_expectations", "scipy", "sklearn", "torch")
print(json.dumps({"code": code, "parsed": len(parsed), "heavy_modules": sorted(m for m in heavy if m in sys.modules)}))
"""


def nothing_new_probe(tmp_path, seed, db) -> dict:
    import json
    import os
    import subprocess
    import sys

    from pipelines.settings import PROJECT_ROOT

    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    env["NEWSETL_CACHE_DIR"] = str(tmp_path / "cache")
    out = subprocess.run([sys.executable, "-c", _PROBE, "run", "--input", str(seed), "--db", str(db)],
                         cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert "nothing new to do" in out.stdout, out.stdout + out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


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
    assert re.search(r"^raw_articles +\| 0 +\| 1 *$", second, re.M)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM dq_results").fetchone()[0] == dq_rows
        assert con.execute("SELECT count(*) FROM speaker_quote_counts").fetchone()[0] > 0

    # In a fresh interpreter, as `newsetl run` is: no Dagster, spaCy or GX import, and with the
    # behaviour hashes remembered from an earlier process no source is parsed for the code versions.
    first_probe = nothing_new_probe(tmp_path, seed, db)
    probe = nothing_new_probe(tmp_path, seed, db)
    assert first_probe["code"] == probe["code"] == 0 and first_probe["parsed"] > 0
    assert probe["parsed"] == 0 and probe["heavy_modules"] == []

    # --force still goes through Dagster: every check runs (on no new rows) and is recorded.
    assert main(["run", "--input", str(seed), "--db", str(db), "--force"]) == 0
    forced = capsys.readouterr().out
    assert "articles_expectations" in forced and "nothing new to do" not in forced
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM dq_results").fetchone()[0] > dq_rows

    # A changed file is new work again.
    seed.write_text(seed.read_text(encoding="utf-8") + "\nA closing line was added later.\n", encoding="utf-8")
    assert main(["run", "--input", str(seed), "--db", str(db)]) == 0
    assert "nothing new to do" not in capsys.readouterr().out


