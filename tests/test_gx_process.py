"""GX in its helper process gives exactly what GX in this process gives; errors and a dead helper.

Real GX on both sides (the helper is a real second interpreter). No timing assertions.
"""
from __future__ import annotations

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
