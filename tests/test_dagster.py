"""The Dagster code location: definitions, sensor, schedule and blocking checks."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import duckdb
from dagster import DagsterInstance, RunRequest, SkipReason, build_sensor_context, materialize

from pipelines import quality
from pipelines.definitions import defs
from pipelines.jobs import ALL_ASSETS, ALL_CHECKS
from pipelines.resources import NlpResource, WarehouseResource
from pipelines.sensors import landing_sensor, new_files_since
from pipelines.settings import SEEDS_DIR

STAGE_GROUPS = {"raw_articles": "ingest", "articles": "cleaning", "mentions": "nlp", "quotes": "nlp",
                "numeric_claims": "nlp", "entities": "entities", "analysis_views": "analysis",
                "report": "analysis"}
STAGE_GROUPS.update({"stories": "stories", "quote_clusters": "stories", "date_claims": "stories",
                     "claim_comparisons": "stories"})


def test_definitions_load_with_whole_graph():
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert keys == set(STAGE_GROUPS)
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.group_name == STAGE_GROUPS[key.to_user_string()]
        assert node.description and node.code_version
    checks = {c.name for c in graph.asset_check_keys}
    assert checks == {f"{t}_expectations" for t in
                      ("raw_articles", "articles", "mentions", "quotes", "numeric_claims", "entities",
                       "stories", "quote_clusters", "date_claims", "claim_comparisons")}
    assert defs.resolve_job_def("newsetl") is not None
    assert defs.resolve_sensor_def("landing_sensor") and defs.resolve_schedule_def("newsetl_hourly")
    assert defs.resolve_schedule_def("newsetl_audit_daily").job_name == defs.resolve_job_def("newsetl_audit").name


def test_schedule_follows_its_setting_and_off_leaves_it_stopped(monkeypatch):
    from dagster import DefaultScheduleStatus

    from pipelines.sensors import SCHEDULE_OFF, build_schedule
    from pipelines.settings import Settings

    daily = build_schedule("30 2 * * *")
    assert (daily.cron_schedule, daily.default_status) == ("30 2 * * *", DefaultScheduleStatus.RUNNING)
    off = build_schedule(SCHEDULE_OFF)
    assert off.default_status == DefaultScheduleStatus.STOPPED and off.name == daily.name == "newsetl_hourly"
    monkeypatch.delenv("NEWSETL_SCHEDULE_CRON", raising=False)
    assert Settings().schedule_cron == "0 * * * *"
    monkeypatch.setenv("NEWSETL_SCHEDULE_CRON", " off ")
    assert Settings().schedule_cron == SCHEDULE_OFF


def test_audit_schedule_follows_its_setting_and_off_leaves_it_stopped(monkeypatch):
    from dagster import DefaultScheduleStatus

    from pipelines.sensors import SCHEDULE_OFF, build_audit_schedule
    from pipelines.settings import Settings

    monkeypatch.delenv("NEWSETL_AUDIT_CRON", raising=False)
    assert Settings().audit_cron == "30 3 * * *"
    nightly = build_audit_schedule(Settings().audit_cron)
    assert (nightly.cron_schedule, nightly.default_status, nightly.job_name) == (
        "30 3 * * *", DefaultScheduleStatus.RUNNING, "newsetl_audit")
    monkeypatch.setenv("NEWSETL_AUDIT_CRON", "off")
    assert build_audit_schedule(Settings().audit_cron).default_status == DefaultScheduleStatus.STOPPED


def test_importing_definitions_opens_no_database_and_loads_no_model(tmp_path):
    # The UI's code server imports the definitions: no DuckDB file may appear, no model may load.
    code = "import sys, pipelines.definitions; print('spacy' in sys.modules, 'great_expectations' in sys.modules)"
    env = {**os.environ, "NEWSETL_DB": str(tmp_path / "x.duckdb"), "NEWSETL_LANDING": str(tmp_path / "landing")}
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=SEEDS_DIR.parent, capture_output=True,
                         text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
    assert list(tmp_path.iterdir()) == []


def test_new_files_since(tmp_path):
    assert new_files_since(tmp_path / "missing", 0) == ([], 0)
    (tmp_path / "a.txt").write_text("a")
    fresh, cursor = new_files_since(tmp_path, 0)
    assert [p.name for p in fresh] == ["a.txt"] and cursor > 0
    assert new_files_since(tmp_path, cursor) == ([], cursor)
    time.sleep(0.01)
    (tmp_path / "b.txt").write_text("b")
    fresh, cursor2 = new_files_since(tmp_path, cursor)
    assert [p.name for p in fresh] == ["b.txt"] and cursor2 > cursor


def test_landing_sensor_creates_a_missing_landing_folder(tmp_path, monkeypatch):
    landing = tmp_path / "landing"
    monkeypatch.setenv("NEWSETL_LANDING", str(landing))
    assert isinstance(landing_sensor(build_sensor_context()), SkipReason)
    assert landing.is_dir()


def test_code_location_is_named_newsetl():
    import tomllib

    from pipelines.settings import PROJECT_ROOT

    tool = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["tool"]
    assert tool["dagster"] == {"module_name": "pipelines.definitions", "code_location_name": "newsetl"}
    assert tool["dg"]["project"]["code_location_name"] == "newsetl"
    assert tool["dg"]["project"]["code_location_target_module"] == "pipelines.definitions"
    # `make dev` loads the location from pyproject.toml (with -m it would be named after the module).
    dev = [line for line in (PROJECT_ROOT / "Makefile").read_text().splitlines() if "dg dev" in line]
    assert dev and all(" -m " not in line for line in dev)


def test_landing_sensor_requests_a_run_for_new_files(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSETL_LANDING", str(tmp_path))
    assert isinstance(landing_sensor(build_sensor_context()), SkipReason)
    shutil.copy(SEEDS_DIR / "004_052e207af823a055.txt", tmp_path / "new.txt")
    context = build_sensor_context(cursor="0")
    request = landing_sensor(context)
    assert isinstance(request, RunRequest)
    assert request.run_config == {"ops": {"raw_articles": {"config": {"paths": [str(tmp_path)]}}}}
    assert request.tags["newsetl/new_files"] == "1"
    # The cursor moved: the same files do not start another run.
    assert isinstance(landing_sensor(build_sensor_context(cursor=context.cursor)), SkipReason)


def test_sensor_run_loads_landed_file(tmp_path, monkeypatch):
    landing = tmp_path / "landing"
    landing.mkdir()
    shutil.copy(SEEDS_DIR / "004_052e207af823a055.txt", landing)
    monkeypatch.setenv("NEWSETL_LANDING", str(landing))
    request = landing_sensor(build_sensor_context(cursor="0"))
    db = tmp_path / "w.duckdb"
    result = defs.resolve_job_def("newsetl").execute_in_process(
        run_config=request.run_config, instance=DagsterInstance.ephemeral(),
        resources={"warehouse": WarehouseResource(db_path=str(db)), "nlp": NlpResource(processes=1)},
    )
    assert result.success
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*), min(author) FROM articles").fetchone() == (1, "Rustam Muratov")


def test_failing_suite_blocks_downstream_and_is_recorded(tmp_path, monkeypatch):
    real_load = quality.load_suite

    def strict_articles(name):
        suite = real_load(name)
        if name != "articles":
            return suite
        return {**suite, "expectations": [
            *suite["expectations"],
            {"type": "expect_column_values_to_be_between", "kwargs": {"column": "word_count", "max_value": 400}},
        ]}

    monkeypatch.setattr(quality, "load_suite", strict_articles)
    seeds = tmp_path / "in"
    seeds.mkdir()
    for name in ("001_4eb90098a0ede75c.txt", "004_052e207af823a055.txt"):
        shutil.copy(SEEDS_DIR / name, seeds)
    db = tmp_path / "w.duckdb"
    result = materialize(
        [*ALL_ASSETS, *ALL_CHECKS],
        resources={"warehouse": WarehouseResource(db_path=str(db)), "nlp": NlpResource(processes=1)},
        run_config={"ops": {"raw_articles": {"config": {"paths": [str(seeds)]}}}},
        instance=DagsterInstance.ephemeral(), raise_on_error=False,
    )
    assert not result.success
    evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
    failed = evaluations["articles_expectations"]
    assert not failed.passed
    assert "word_count" in failed.metadata["results"].value
    assert "mentions_expectations" not in evaluations  # downstream never ran
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert materialized == {"raw_articles", "articles"}
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM mentions").fetchone()[0] == 0
        row = con.execute("SELECT unexpected_count, unexpected_examples FROM dq_results "
                          "WHERE table_name = 'articles' AND NOT success").fetchone()
    assert row[0] == 1 and '"word_count": 528' in row[1]


def test_assets_take_only_the_resources_their_stage_uses():
    # Ingest reads files and writes the warehouse: no model resource (nothing warmed on the side).
    from assets.ingest import raw_articles

    assert raw_articles.required_resource_keys - {"io_manager"} == {"warehouse"}
