"""GX in its helper process gives exactly what GX in this process gives; errors and a dead helper.

Real GX on both sides (the helper is a real second interpreter). No timing assertions.
"""
from __future__ import annotations

import subprocess
import sys

import polars as pl
import pytest

from pipelines import gx_process, quality

SUITE = {
    "name": "sample", "table": "sample", "query": "SELECT 1",
    "item": {"key": "id", "version": "v", "article": "article"},
    "expectations": [
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "text"}},
        {"type": "expect_column_values_to_be_between", "kwargs": {"column": "n", "min_value": 0, "max_value": 10}},
        {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "id"}},
    ],
}
FRAME = pl.DataFrame({
    "id": ["a", "b", "c", "d"], "v": ["1", "1", "2", "1"], "article": ["x", "x", "y", "z"],
    "text": ["one", None, "three", "four"], "n": [1, 5, 11, 10],
})


def comparable(outcome: quality.SuiteOutcome) -> tuple:
    return (outcome.rows_checked, outcome.version, outcome.items, outcome.failed_items,
            [(o.expectation, o.success, o.unexpected_count, o.examples) for o in outcome.outcomes])


@pytest.fixture
def helper():
    gx_process.stop()
    assert gx_process.start()
    yield
    gx_process.stop()


def test_helper_validates_exactly_as_in_process(helper):
    remote = quality.validate_frame(SUITE, FRAME)
    local = quality.validate_in_process(SUITE, FRAME)
    assert comparable(remote) == comparable(local)
    assert remote.failed_items == {"b": ["expect_column_values_to_not_be_null(text)"],
                                   "c": ["expect_column_values_to_be_between(n)"]}
    assert [o.success for o in remote.outcomes] == [False, False, True]
    assert remote.outcomes[0].examples[0]["id"] == "b"
    # Suites are built once per process and reused: a second frame gets its own result.
    clean = quality.validate_frame(SUITE, FRAME.filter(pl.col("id").is_in(["a", "d"])))
    assert clean.success and clean.rows_checked == 2 and clean.failed_items == {}
    # A passing suite is validated with result_format BASIC only: the counts are still there.
    assert [o.unexpected_count for o in clean.outcomes] == [0, 0, 0]
    timings = gx_process.timings()
    assert timings["helper_import_seconds"] is not None
    assert [v["where"] for v in timings["validations"][-2:]] == ["helper", "helper"]


def test_an_error_in_the_helper_is_raised_in_the_check(helper):
    broken = {**SUITE, "expectations": [{"type": "expect_column_values_to_be_between",
                                         "kwargs": {"column": "no_such_column", "min_value": 0}}]}
    outcome = quality.validate_frame(broken, FRAME)  # GX reports a missing column as a failed expectation
    assert not outcome.success
    unknown = {**SUITE, "expectations": [{"type": "expect_nothing_that_exists", "kwargs": {}}]}
    with pytest.raises(RuntimeError, match="failed in the GX process: AttributeError"):
        quality.validate_frame(unknown, FRAME)
    # The helper survives an error: the next check still validates there.
    assert comparable(quality.validate_frame(SUITE, FRAME)) == comparable(quality.validate_in_process(SUITE, FRAME))
    assert gx_process.timings()["validations"][-1]["where"] == "helper"


def test_a_started_validation_runs_while_the_check_works_and_frees_the_helper(helper):
    quality.validate_frame(SUITE, FRAME)  # the helper is ready
    finish = quality.start_validation(SUITE, FRAME)
    # The frame is with the helper; this process is free meanwhile (the lock stays held until the reply).
    assert not gx_process._lock.acquire(blocking=False)
    outcome = finish()
    assert comparable(outcome) == comparable(quality.validate_in_process(SUITE, FRAME))
    assert finish() is outcome  # waiting twice gives the same outcome
    assert gx_process._lock.acquire(blocking=False)
    gx_process._lock.release()
    # run_suite's own queries fail between start and wait: the reply is still collected, the lock freed.
    finish = quality.start_validation(SUITE, FRAME)
    with pytest.raises(ZeroDivisionError):
        try:
            1 / 0
        finally:
            finish()
    assert set(quality.validate_frame(SUITE, FRAME).failed_items) == {"b", "c"}
    assert quality.start_validation(SUITE, FRAME.clear())().rows_checked == 0


def test_a_dead_helper_means_in_process_validation(helper):
    gx_process._state["process"].kill()
    gx_process._state["process"].wait()
    outcome = quality.validate_frame(SUITE, FRAME)
    assert set(outcome.failed_items) == {"b", "c"}
    assert gx_process.timings()["validations"][-1]["where"] == "in-process"


def test_disabled_helper(monkeypatch):
    gx_process.stop()
    monkeypatch.setenv("NEWSETL_GX_PROCESS", "0")
    assert not gx_process.start()
    assert set(quality.validate_frame(SUITE, FRAME).failed_items) == {"b", "c"}
    assert gx_process.timings()["validations"][-1]["where"] == "in-process"


def test_the_helper_defers_what_gx_imports_but_never_runs(helper):
    quality.validate_frame(SUITE, FRAME)  # a failing suite: validated with BASIC, then COMPLETE
    status = gx_process.helper_deferred_status()
    # GX imported them (scipy.stats, altair), their code never ran; this process imports GX eagerly.
    assert {"scipy.stats", "altair", "mistune", "jsonschema"} <= set(status)
    assert {name: state for name, state in status.items() if state != "deferred" and name.count(".") == 0} == {
        "scipy": "executed"}  # `from scipy import stats` runs scipy's small __init__ to find stats in it
    assert status["scipy.stats"] == "deferred"


def test_a_deferred_module_loads_on_first_use():
    code = ("from pipelines import gx_process; gx_process.defer_imports(); import scipy.stats; "
            "before = gx_process.deferred_status()['scipy.stats']; "
            "print(before, scipy.stats.norm.cdf(0.0), gx_process.deferred_status()['scipy.stats'])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["deferred", "0.5", "executed"]


def test_a_run_starts_the_helper_as_its_resources_are_set_up(tmp_path):
    """No asset starts it: the checks' `gx` resource does, when the run sets up its resources."""
    from dagster import materialize

    from assets.checks import suite_checks
    from assets.ingest import raw_articles
    from pipelines.resources import WarehouseResource
    from pipelines.settings import SEEDS_DIR

    gx_process.stop()
    try:
        check = next(c for c in suite_checks if any(k.name == "raw_articles_expectations" for k in c.check_keys))
        result = materialize([raw_articles, check], resources={"warehouse": WarehouseResource(
            db_path=str(tmp_path / "w.duckdb"))}, run_config={"ops": {"raw_articles": {"config": {
                "paths": [str(sorted(SEEDS_DIR.glob("*.txt"))[0])]}}}})
        assert result.success
        assert [e.passed for e in result.get_asset_check_evaluations()] == [True]
        assert gx_process._state["process"].poll() is None  # started, and alive for the process's next run
        assert gx_process.timings()["validations"][-1] == {**gx_process.timings()["validations"][-1],
                                                          "suite": "raw_articles", "rows": 1, "where": "helper"}
    finally:
        gx_process.stop()
