"""Great Expectations (GX Core 1.x) suites: what has not passed a check yet gets checked.

Suites live in expectations/<table>.json: a SQL query selecting the rows to
check, an `item` spec saying which column identifies the unit a failure holds
back (an article's rows, a record, an entity) and which column says what wrote
it (run_id), a list of GX expectations by their snake_case type and kwargs, and
`invariants`: SQL checks across rows and tables (unique keys, offsets inside the
article's body, the article exists). An invariant may mark where it reads the rows to
check with `{new_rows:ALIAS}`: a check puts there the rows of the runs it looks at
(those with rows not checked yet, see runs_to_check), so its cost follows the batch,
not the warehouse; whenever a check reads the whole table (a new suite version, most
of the table rewritten), and in `newsetl audit`, the invariants read every row.

Checked state lives in dq_checked, one row per (suite, item): an item is checked
again when its rows are rewritten (a new item version) or the suite changes (its
content hash), so rows written by a run that died before its check are checked
by the next one. An item that failed stays there with passed = false: it is
held back (view held_back) from downstream stages and the analysis views until
its rows or the suite change.

GX is imported lazily, once per process (pipelines/gx_validation.py): the import takes seconds
and the Dagster code server imports this module; a check with nothing new never imports it. A
run starts a helper process that imports GX while the run does other work and validates there
(pipelines/gx_process.py); suites and the one batch definition are built once per process.
"""
from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from typing import Callable, Sequence

import duckdb
import polars as pl

from pipelines import gx_process, warehouse
# The outcomes and GX's own validation, under the names the checks, the CLI and the tests use.
from pipelines.gx_validation import (MAX_EXAMPLES, ExpectationOutcome, InvariantOutcome, SuiteOutcome,  # noqa: F401
                                     _invariant_count, _jsonable, suite_version, validate_in_process)
from pipelines.settings import EXPECTATIONS_DIR


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


def validate_frame(suite: dict, frame: pl.DataFrame) -> SuiteOutcome:
    """Validate rows against a suite with GX; failing expectations carry example rows,
    and with an `item` spec, the items (item key column) whose rows failed. GX runs in the
    run's GX helper process when one was started (pipelines.gx_process), else here."""
    return start_validation(suite, frame)()


def start_validation(suite: dict, frame: pl.DataFrame) -> Callable[[], SuiteOutcome]:
    """validate_frame in two halves: with a GX helper the frame is handed over now and the returned
    function waits for the outcome, so the caller's own queries run meanwhile on this core; the
    function must be called before the next validation starts."""
    if frame.is_empty():
        empty = SuiteOutcome(suite["name"], suite["table"], 0, [], version=suite_version(suite))
        return lambda: empty
    waiter = gx_process.start_validation(suite, frame)

    def outcome() -> SuiteOutcome:
        result = waiter()
        if result is None:  # no helper, or it died: here
            started = time.perf_counter()
            result = validate_in_process(suite, frame)
            gx_process.record_in_process(suite["name"], frame.height, time.perf_counter() - started)
        return result
    return outcome


def _sql_literals(values: Sequence[object]) -> str:
    """Values as a comma-separated list of SQL string literals (a constant IN list DuckDB pushes into a scan)."""
    return ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)


def _pending_query(suite: dict, runs: Sequence[str] | None = None) -> str:
    """The suite's rows whose item was not checked at its current version by this version of the suite.

    In two steps, so a check costs what is new, not what the warehouse holds: the pending item
    keys first (DuckDB prunes the query's computed columns, which only the key and version are
    read from), then the query's rows for those keys only (a semi-join DuckDB pushes down to
    the table scan, below the computed columns: offsets against bodies, regexps). With `runs`,
    only the rows those runs wrote (see runs_to_check), as a list of literals: a constant IN
    filter DuckDB pushes into the table scan, where a list parameter is tested row by row."""
    item = suite["item"]
    in_runs = _sql_literals(runs or ())
    # With runs, the ledger's rows of those runs only: the same answer (the version must match), and a
    # check reads the few rows of its runs instead of hashing the ledger of every item ever checked.
    ledger_runs = f"AND d.item_version IN ({in_runs})" if runs else ""
    unchecked = f"""NOT EXISTS (SELECT 1 FROM dq_checked d
                                 WHERE d.suite = $suite AND d.item_key = CAST({{q}}."{item['key']}" AS VARCHAR)
                                   AND d.item_version IS NOT DISTINCT FROM CAST({{q}}."{item['version']}" AS VARCHAR)
                                   AND d.suite_version = $suite_version {ledger_runs})"""
    of_runs = f"""{{q}}."{item['version']}" IN ({in_runs}) AND """ if runs else ""
    return f"""SELECT q.* FROM ({suite["query"]}) q
               WHERE q."{item['key']}" IN (SELECT DISTINCT p."{item['key']}" FROM ({suite["query"]}) p
                                          WHERE {of_runs.format(q="p")}{unchecked.format(q="p")})
                 AND {of_runs.format(q="q")}{unchecked.format(q="q")}"""


def runs_to_check(con: duckdb.DuckDBPyConnection, suite: dict) -> tuple[list[str], dict[str, int], int] | None:
    """For a suite whose item version is the run that wrote the rows (the run_id column of its
    table): the runs whose rows may hold unchecked items, and the rows of each now. A run whose
    row count is the one recorded in dq_run_counts by a complete check of this suite version has
    nothing new: its rows are those that check saw (a rewrite gives rows the writing run's id,
    so it changes the counts of both runs). So a check reads the counts (one column of one table)
    and the rows of the changed runs, not the whole table. Returns the changed runs,
    their rows, and the table's rows; None: the suite's items are versioned otherwise."""
    if suite["item"]["version"] != "run_id":
        return None
    counts = dict(con.execute(f"SELECT CAST(run_id AS VARCHAR), count(*) FROM {suite['table']} GROUP BY ALL"
                              ).fetchall())
    seen = dict(con.execute("SELECT rows_of, row_count FROM dq_run_counts WHERE suite = ? AND suite_version = ?",
                            [suite["name"], suite_version(suite)]).fetchall())
    changed = {run: n for run, n in counts.items() if seen.get(run) != n}
    # Runs whose rows are all gone (rewritten by later runs) have nothing to read; their count,
    # 0, is recorded, which removes their row from dq_run_counts.
    changed.update({run: 0 for run in seen.keys() - counts.keys()})
    return sorted((run for run, n in changed.items() if n), key=str), changed, sum(counts.values())


@dataclass(frozen=True)
class PendingScope:
    """Where a check looks: the query for the rows of a suite's items not checked yet (None:
    there are none) with its parameters, the row counts of the runs it looks at (recorded with
    the outcome; None: it looks at the whole table), and the runs whose rows the invariants
    read (None: every row)."""

    query: str | None
    params: dict
    counts: dict[str, int] | None
    runs: list[str] | None


def _pending_sql(con: duckdb.DuckDBPyConnection, suite: dict) -> PendingScope:
    """Where a suite's check looks this time (see runs_to_check)."""
    params = {"suite": suite["name"], "suite_version": suite_version(suite)}
    runs = runs_to_check(con, suite)
    if runs is None:
        return PendingScope(_pending_query(suite), params, None, None)
    names, counts, rows = runs
    if not names:  # nothing written since the last complete check
        return PendingScope(None, params, counts, [])
    # Rows without a run id only the whole table finds; most of the table changed (a new suite
    # version, a warehouse from before dq_run_counts): a filter would save nothing.
    if None in counts or 2 * sum(counts.values()) > rows:
        return PendingScope(_pending_query(suite), params, counts, None)
    return PendingScope(_pending_query(suite, runs=names), params, counts, names)


def pending_rows(con: duckdb.DuckDBPyConnection, suite: dict) -> tuple[pl.DataFrame, PendingScope]:
    """The rows of a suite's items not checked yet, and where the check looked for them."""
    scope = _pending_sql(con, suite)
    frame = (pl.DataFrame() if scope.query is None
             else pl.from_arrow(con.sql(scope.query, params=scope.params).to_arrow_table()))
    return frame, scope


def has_pending(con: duckdb.DuckDBPyConnection, suite: dict) -> bool:
    """Whether a suite has rows not checked yet (without fetching them)."""
    scope = _pending_sql(con, suite)
    return scope.query is not None and con.execute(f"SELECT EXISTS ({scope.query})", scope.params).fetchall()[0][0]


_NEW_ROWS = re.compile(r"\{new_rows:(\w+)\}")


def invariant_sql(sql: str, runs: Sequence[str] | None) -> str:
    """An invariant's SQL reading the rows of `runs` where it says `{new_rows:ALIAS}` (the
    ALIAS.run_id of those runs, as literals the scan can filter on), or every row (runs None)."""
    if runs is None:
        condition = "TRUE"
    elif not runs:
        condition = "FALSE"
    else:
        condition = "{alias}.run_id IN (" + _sql_literals(runs) + ")"
    return _NEW_ROWS.sub(lambda m: condition.format(alias=m.group(1)), sql)


def run_invariants(con: duckdb.DuckDBPyConnection, suite: dict,
                   runs: Sequence[str] | None = None) -> list[InvariantOutcome]:
    """The suite's SQL invariants, over the rows of `runs` where they mark it (None: every row);
    each returns violating rows (with item_key when it names an item). Violations by items
    already held back by this suite are not counted again."""
    outcomes = []
    for spec in suite.get("invariants", []):
        query = f"""SELECT v.* FROM ({invariant_sql(spec["sql"], runs)}) v"""
        cursor = con.execute(query)
        columns = [d[0] for d in cursor.description]
        rows = [dict(zip(columns, r)) for r in cursor.fetchall()]
        if "item_key" in columns:
            held = {k for (k,) in con.execute(
                "SELECT item_key FROM dq_checked WHERE suite = ? AND NOT passed", [suite["name"]]).fetchall()}
            rows = [r for r in rows if str(r["item_key"]) not in held]
        items = {str(r["item_key"]): (r.get("article_id"), None if r.get("item_version") is None else str(r["item_version"]))
                 for r in rows if r.get("item_key") is not None}
        outcomes.append(InvariantOutcome(spec["name"], len(rows),
                                         [{k: _jsonable(v) for k, v in r.items()} for r in rows[:MAX_EXAMPLES]], items))
    return outcomes


def held_back_count(con: duckdb.DuckDBPyConnection, suite_name: str) -> int:
    return con.execute("SELECT count(*) FROM dq_checked WHERE suite = ? AND NOT passed", [suite_name]).fetchall()[0][0]


def run_suite(con: duckdb.DuckDBPyConnection, name: str, run_id: str) -> SuiteOutcome:
    """Check what has not passed this suite yet: rows of items never checked, rewritten
    since their check, or checked by another version of the suite (whichever run wrote
    them), plus the suite's invariants over the rows of the runs looked at (see
    invariant_sql). A suite without an `item` spec checks the rows of run `run_id` (its
    query binds `?` to the run id) and its invariants read every row."""
    suite = load_suite(name)
    runs: list[str] | None = None
    scope = None
    if "item" not in suite:
        query = suite["query"]
        frame = pl.from_arrow(con.sql(query, params=[run_id] * query.count("?")).to_arrow_table())
    else:
        frame, scope = pending_rows(con, suite)
        runs = scope.runs
    # GX validates in its helper while this process reads the held-back count and the invariants.
    finish = start_validation(suite, frame)
    try:
        held_back = held_back_count(con, suite["name"]) if scope is not None else 0
        invariants = run_invariants(con, suite, runs)
    finally:
        outcome = finish()
    if scope is not None:
        outcome.held_back = held_back
        outcome.run_counts = scope.counts
    outcome.invariants = invariants
    outcome.invariant_runs = runs
    return outcome


def audit_suite(con: duckdb.DuckDBPyConnection, name: str) -> SuiteOutcome:
    """A suite's invariants over every row of the warehouse (`newsetl audit`): what a run's check,
    reading the rows of its own runs, cannot see (rows of earlier runs that a later change broke)."""
    suite = load_suite(name)
    outcome = SuiteOutcome(suite["name"], suite["table"], 0, [], version=suite_version(suite),
                           quarantine=suite.get("item", {}).get("quarantine", True))
    outcome.invariants = run_invariants(con, suite, None)
    outcome.held_back = held_back_count(con, suite["name"])
    return outcome


def audit_warehouse(con: duckdb.DuckDBPyConnection, audit_id: str) -> list[SuiteOutcome]:
    """Every suite's invariants over every row, each outcome recorded under run `audit_id`
    (violating items held back); `newsetl audit` and the Dagster audit job call this."""
    outcomes = []
    for name in suite_names():
        outcome = audit_suite(con, name)
        if outcome.invariants:
            record_outcome(con, outcome, audit_id)
            outcomes.append(outcome)
    return outcomes


def audit_line(outcome: SuiteOutcome) -> str:
    """One line of an audit's outcome ('quotes: 3 invariants on every row FAILED: offsets inside the body (1)')."""
    bad = [f"{i.name} ({i.violations})" for i in outcome.invariants if not i.success]
    return (f"{outcome.suite}: {_invariant_count(len(outcome.invariants))} on every row "
            + (f"FAILED: {', '.join(bad)}" if bad else "passed")
            + (f"; {outcome.held_back} items held back before" if outcome.held_back else ""))


def record_outcome(con: duckdb.DuckDBPyConnection, outcome: SuiteOutcome, run_id: str) -> None:
    """Write the outcome to dq_results (one row per expectation and invariant) and the
    checked state of every item to dq_checked (failed items are held back)."""
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
    rows += [{"run_id": run_id, "table_name": outcome.table, "suite": outcome.suite,
              "expectation": f"invariant: {i.name}", "kwargs": "{}", "success": i.success,
              "rows_checked": outcome.rows_checked, "unexpected_count": i.violations,
              "unexpected_examples": json.dumps(i.examples, default=str, ensure_ascii=False) if i.examples else None,
              "checked_at": now} for i in outcome.invariants]

    checked = []
    for key, (article, version) in outcome.items.items():
        failures = outcome.failed_items.get(key)
        checked.append({"suite": outcome.suite, "item_key": key, "table_name": outcome.table,
                        "article_id": article if outcome.quarantine else None, "item_version": version,
                        "suite_version": outcome.version, "passed": not failures,
                        "failures": json.dumps(failures) if failures else None, "run_id": run_id, "checked_at": now})
    seen = set(outcome.items)
    for invariant in outcome.invariants:
        for key, (article, version) in invariant.items.items():
            if key in seen:
                continue
            seen.add(key)
            checked.append({"suite": outcome.suite, "item_key": key, "table_name": outcome.table,
                            "article_id": article if outcome.quarantine else None, "item_version": version,
                            "suite_version": outcome.version, "passed": False,
                            "failures": json.dumps([f"invariant: {invariant.name}"]), "run_id": run_id,
                            "checked_at": now})
    def write(con: duckdb.DuckDBPyConnection) -> None:
        warehouse.insert_frame(con, "dq_results", pl.DataFrame(rows, infer_schema_length=None))
        if checked:
            con.register("_checked", warehouse.rows_frame(con, "dq_checked", checked).to_arrow())
            con.execute("DELETE FROM dq_checked WHERE suite = ? AND item_key IN (SELECT item_key FROM _checked)",
                        [outcome.suite])
            con.execute("INSERT INTO dq_checked BY NAME SELECT * FROM _checked")
            con.unregister("_checked")
        if outcome.run_counts:
            runs = [run for run in outcome.run_counts if run is not None]
            counted = [{"suite": outcome.suite, "rows_of": run, "suite_version": outcome.version,
                        "row_count": outcome.run_counts[run], "run_id": run_id, "checked_at": now}
                       for run in runs if outcome.run_counts[run]]
            con.register("_counted", pl.DataFrame({"r": runs}, schema={"r": pl.Utf8}).to_arrow())
            con.execute("DELETE FROM dq_run_counts WHERE suite = ? AND rows_of IN (SELECT r FROM _counted)",
                        [outcome.suite])
            con.unregister("_counted")
            warehouse.insert_frame(con, "dq_run_counts", warehouse.rows_frame(con, "dq_run_counts", counted))

    # One transaction; replayed whole if it loses a conflict to a concurrent writer on a lake
    # (checks of other tables committing their outcomes at the same time).
    warehouse.write_transaction(con, write)
    warehouse.crash_point(f"after:check:{outcome.suite}")
