"""Great Expectations' part of a check: a frame of rows validated against a suite, and the outcomes.

GX is imported lazily, once per process (`gx_context`): the import takes seconds. The outcomes
are plain dataclasses, so the GX helper process (pipelines/gx_process.py) can send them back.
"""
from __future__ import annotations

import hashlib
import json
import math
import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import polars as pl

# Seconds this process spent importing GX and building its context (None: not imported here).
IMPORT_SECONDS: dict[str, float | None] = {"seconds": None}

MAX_EXAMPLES = 5


@dataclass
class ExpectationOutcome:
    expectation: str
    kwargs: dict
    success: bool
    unexpected_count: int | None = None
    examples: list[dict] = field(default_factory=list)


@dataclass
class InvariantOutcome:
    """A whole-table SQL invariant: rows returned are violations (held-back items excluded)."""

    name: str
    violations: int
    examples: list[dict] = field(default_factory=list)
    items: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # key -> (article, version)

    @property
    def success(self) -> bool:
        return self.violations == 0


@dataclass
class SuiteOutcome:
    suite: str
    table: str
    rows_checked: int
    outcomes: list[ExpectationOutcome]
    version: str = ""
    # item key -> (article_id, item version) of every item checked; failed item key -> failed expectations
    items: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    failed_items: dict[str, list[str]] = field(default_factory=dict)
    invariants: list[InvariantOutcome] = field(default_factory=list)
    held_back: int = 0  # items of this suite held back before this check
    quarantine: bool = True
    # rows per run of the runs this check looked at (recorded in dq_run_counts with the outcome)
    run_counts: dict[str, int] | None = None
    # the runs whose rows the invariants read where they mark new rows (None: every row)
    invariant_runs: list[str] | None = None

    @property
    def invariant_scope(self) -> str:
        return "whole table" if self.invariant_runs is None else "new rows"

    @property
    def success(self) -> bool:
        return all(o.success for o in self.outcomes) and all(i.success for i in self.invariants)

    @property
    def failures(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success]

    @property
    def no_new_rows(self) -> bool:
        return self.rows_checked == 0

    def summary(self) -> str:
        """One line: what was checked and what held back ('no new rows; 4 invariants (new rows) passed')."""
        parts = ["no new rows" if self.no_new_rows else
                 f"{self.rows_checked} new rows of {len(self.items)} items, {len(self.outcomes)} expectations"
                 + (f", {len(self.failed_items)} items failed" if self.failed_items else "")]
        if self.invariants:
            bad = [i for i in self.invariants if not i.success]
            parts.append(f"{_invariant_count(len(self.invariants))} ({self.invariant_scope}) " +
                         ("passed" if not bad else "FAILED: " + ", ".join(f"{i.name} ({i.violations})" for i in bad)))
        if self.held_back:
            parts.append(f"{self.held_back} items held back by earlier failures")
        return "; ".join(parts)

    def markdown(self) -> str:
        lines = ["| expectation | column(s) | result | unexpected |", "|---|---|---|---|"]
        for o in self.outcomes:
            cols = o.kwargs.get("column") or ", ".join(str(v) for k, v in o.kwargs.items() if k.startswith("column"))
            lines.append(f"| {o.expectation} | {cols} | {'pass' if o.success else '**FAIL**'} | {o.unexpected_count or 0} |")
        for i in self.invariants:
            lines.append(f"| invariant: {i.name} | (SQL, {self.invariant_scope}) | {'pass' if i.success else '**FAIL**'} "
                         f"| {i.violations} |")
        for i in self.invariants:
            if i.examples:
                lines += ["", f"Example rows violating `{i.name}`:", "",
                          "```json", *(json.dumps(r, default=str, ensure_ascii=False)[:500] for r in i.examples), "```"]
        for o in self.failures:
            if o.examples:
                lines += ["", f"Example rows failing `{o.expectation}` ({o.kwargs}):", "",
                          "```json", *(json.dumps(r, default=str, ensure_ascii=False)[:500] for r in o.examples), "```"]
        return "\n".join(lines)


def suite_version(suite: dict) -> str:
    """Content hash of a suite: editing it makes every item pending again."""
    return hashlib.sha256(json.dumps(suite, sort_keys=True).encode()).hexdigest()[:12]

def _gx_class_name(snake: str) -> str:
    return "".join(part.capitalize() for part in snake.split("_"))


@lru_cache(maxsize=1)
def gx_context():
    """GX's ephemeral context and the one whole-dataframe batch definition every suite validates
    through (the frame is a batch parameter), built once per process (importing GX takes seconds;
    each data asset or batch definition added rewrites GX's project config)."""
    started = time.perf_counter()
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig


    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    asset = context.data_sources.add_pandas("newsetl").add_dataframe_asset("rows")
    batch_definition = asset.add_batch_definition_whole_dataframe("rows")
    IMPORT_SECONDS["seconds"] = round(time.perf_counter() - started, 3)
    return context, batch_definition


@lru_cache(maxsize=None)
def _gx_suite(suite_json: str):
    """The GX ExpectationSuite of a suite, built once per process and suite version."""
    gx_context()  # first: it times the import
    import great_expectations as gx

    suite = json.loads(suite_json)
    gx_suite = gx.ExpectationSuite(name=suite["name"])
    for spec in suite["expectations"]:
        expectation_class = getattr(gx.expectations, _gx_class_name(spec["type"]))
        gx_suite.add_expectation(expectation_class(**spec["kwargs"]))
    return gx_suite


def _jsonable(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if hasattr(value, "tolist"):
        return value.tolist()
    return value

def validate_in_process(suite: dict, frame: pl.DataFrame) -> SuiteOutcome:
    """validate_frame's work, in this process: GX imported (once) here."""
    if frame.is_empty():
        return SuiteOutcome(suite["name"], suite["table"], 0, [], version=suite_version(suite))
    gx_suite = _gx_suite(json.dumps(suite, sort_keys=True))
    _, batch_definition = gx_context()
    pdf = frame.to_arrow().to_pandas()
    batch = batch_definition.get_batch(batch_parameters={"dataframe": pdf})
    # BASIC (success and unexpected counts) costs about a third less than COMPLETE, which adds
    # every unexpected row's index; those are needed only when something failed (the failing
    # items, example rows), so a failure validates again with COMPLETE and its result is used.
    result = batch.validate(gx_suite, result_format="BASIC")
    if not result.success:
        result = batch.validate(gx_suite, result_format="COMPLETE")

    item = suite.get("item") or {}
    keys = frame[item["key"]].cast(pl.Utf8).to_list() if item else []
    outcomes, failed_items = [], {}
    for res in result.results:
        config = res.expectation_config
        details = res.result or {}
        index = details.get("unexpected_index_list") or []
        positions = [idx if isinstance(idx, int) else idx.get("index") if isinstance(idx, dict) else None
                     for idx in index]
        positions = [p for p in positions if isinstance(p, int) and 0 <= p < len(pdf)]
        rows = [{k: _jsonable(v) for k, v in pdf.iloc[p].to_dict().items()} for p in positions[:MAX_EXAMPLES]]
        if not rows and details.get("partial_unexpected_list"):
            rows = [{"value": _jsonable(v)} for v in details["partial_unexpected_list"][:MAX_EXAMPLES]]
        kwargs = {k: v for k, v in config.kwargs.items() if k not in ("batch_id",)}
        outcomes.append(ExpectationOutcome(config.type, kwargs, bool(res.success),
                                           details.get("unexpected_count"), rows))
        if not res.success and item:
            # Rows named by GX fail their items; a failure without row positions fails every item checked.
            culprits = {keys[p] for p in positions} if positions else set(keys)
            label = f"{config.type}({kwargs.get('column') or kwargs.get('column_A') or ''})"
            for key in culprits:
                failed_items.setdefault(key, []).append(label)
    items = {}
    if item:
        articles = frame[item["article"]].cast(pl.Utf8).to_list() if item.get("article") else [None] * len(keys)
        versions = frame[item["version"]].cast(pl.Utf8).to_list()
        items = {k: (a, v) for k, a, v in zip(keys, articles, versions)}
    return SuiteOutcome(suite["name"], suite["table"], len(pdf), outcomes, version=suite_version(suite),
                        items=items, failed_items=failed_items, quarantine=item.get("quarantine", True))


def _invariant_count(n: int) -> str:
    return f"{n} invariant{'s' if n != 1 else ''}"
