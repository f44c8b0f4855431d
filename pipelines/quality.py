"""Great Expectations (GX Core 1.x) suites run on the rows a stage just wrote.

Suites live in expectations/<table>.json: a SQL query selecting the rows to
check (with `?` bound to the run id) and a list of GX expectations by their
snake_case type and kwargs, so a person can read and edit them.

GX is imported inside `validate_frame` only: the import takes seconds and the
Dagster code server imports this module.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any

import duckdb
import polars as pl

from pipelines import warehouse
from pipelines.settings import EXPECTATIONS_DIR

MAX_EXAMPLES = 5


@dataclass
class ExpectationOutcome:
    expectation: str
    kwargs: dict
    success: bool
    unexpected_count: int | None = None
    examples: list[dict] = field(default_factory=list)


@dataclass
class SuiteOutcome:
    suite: str
    table: str
    rows_checked: int
    outcomes: list[ExpectationOutcome]

    @property
    def success(self) -> bool:
        return all(o.success for o in self.outcomes)

    @property
    def failures(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success]

    def markdown(self) -> str:
        lines = ["| expectation | column(s) | result | unexpected |", "|---|---|---|---|"]
        for o in self.outcomes:
            cols = o.kwargs.get("column") or ", ".join(str(v) for k, v in o.kwargs.items() if k.startswith("column"))
            lines.append(f"| {o.expectation} | {cols} | {'pass' if o.success else '**FAIL**'} | {o.unexpected_count or 0} |")
        for o in self.failures:
            if o.examples:
                lines += ["", f"Example rows failing `{o.expectation}` ({o.kwargs}):", "",
                          "```json", *(json.dumps(r, default=str, ensure_ascii=False)[:500] for r in o.examples), "```"]
        return "\n".join(lines)


def suite_names() -> list[str]:
    return sorted(p.stem for p in EXPECTATIONS_DIR.glob("*.json"))


@lru_cache(maxsize=None)
def load_suite(name: str) -> dict:
    path = EXPECTATIONS_DIR / f"{name}.json"
    suite = json.loads(path.read_text(encoding="utf-8"))
    for key in ("name", "table", "query", "expectations"):
        if key not in suite:
            raise ValueError(f"{path}: suite is missing {key!r}")
    return suite


def _gx_class_name(snake: str) -> str:
    return "".join(part.capitalize() for part in snake.split("_"))


@lru_cache(maxsize=1)
def _gx_context():
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    return context, context.data_sources.add_pandas("newsetl")


def _jsonable(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if hasattr(value, "tolist"):
        return value.tolist()
    return value


def validate_frame(suite: dict, frame: pl.DataFrame) -> SuiteOutcome:
    """Validate rows against a suite with GX; failing expectations carry example rows."""
    if frame.is_empty():
        return SuiteOutcome(suite["name"], suite["table"], 0, [])
    import great_expectations as gx

    context, source = _gx_context()
    pdf = frame.to_arrow().to_pandas()
    asset_name = f"{suite['name']}_{id(frame)}"
    asset = source.add_dataframe_asset(asset_name)
    try:
        batch = asset.add_batch_definition_whole_dataframe("rows").get_batch(batch_parameters={"dataframe": pdf})
        gx_suite = gx.ExpectationSuite(name=suite["name"])
        for spec in suite["expectations"]:
            expectation_class = getattr(gx.expectations, _gx_class_name(spec["type"]))
            gx_suite.add_expectation(expectation_class(**spec["kwargs"]))
        result = batch.validate(gx_suite, result_format="COMPLETE")
    finally:
        source.delete_asset(asset_name)

    outcomes = []
    for res in result.results:
        config = res.expectation_config
        details = res.result or {}
        index = details.get("unexpected_index_list") or []
        rows = []
        for idx in index[:MAX_EXAMPLES]:
            position = idx if isinstance(idx, int) else idx.get("index") if isinstance(idx, dict) else None
            if isinstance(position, int) and 0 <= position < len(pdf):
                rows.append({k: _jsonable(v) for k, v in pdf.iloc[position].to_dict().items()})
        if not rows and details.get("partial_unexpected_list"):
            rows = [{"value": _jsonable(v)} for v in details["partial_unexpected_list"][:MAX_EXAMPLES]]
        kwargs = {k: v for k, v in config.kwargs.items() if k not in ("batch_id",)}
        outcomes.append(ExpectationOutcome(config.type, kwargs, bool(res.success),
                                           details.get("unexpected_count"), rows))
    return SuiteOutcome(suite["name"], suite["table"], len(pdf), outcomes)


def run_suite(con: duckdb.DuckDBPyConnection, name: str, run_id: str) -> SuiteOutcome:
    """Validate the rows that run `run_id` wrote to the suite's table."""
    suite = load_suite(name)
    query = suite["query"]
    frame = pl.from_arrow(con.sql(query, params=[run_id] * query.count("?")).to_arrow_table())
    return validate_frame(suite, frame)


def record_outcome(con: duckdb.DuckDBPyConnection, outcome: SuiteOutcome, run_id: str) -> None:
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    rows = [{
        "run_id": run_id, "table_name": outcome.table, "suite": outcome.suite, "expectation": o.expectation,
        "kwargs": json.dumps(o.kwargs, default=str, sort_keys=True), "success": o.success,
        "rows_checked": outcome.rows_checked, "unexpected_count": o.unexpected_count,
        "unexpected_examples": json.dumps(o.examples, default=str, ensure_ascii=False) if o.examples else None,
        "checked_at": now,
    } for o in outcome.outcomes]
    if not rows:
        rows = [{"run_id": run_id, "table_name": outcome.table, "suite": outcome.suite, "expectation": "(no new rows)",
                 "kwargs": "{}", "success": True, "rows_checked": 0, "unexpected_count": 0,
                 "unexpected_examples": None, "checked_at": now}]
    warehouse.insert_frame(con, "dq_results", pl.DataFrame(rows, infer_schema_length=None))
