"""Compare two warehouses row for row (any backend), ignoring what differs between runs by nature:
run ids and the clock (timestamps other than publication dates). Shared by the lake tests."""
from __future__ import annotations

from collections import Counter

from pipelines import warehouse

# Columns that hold the id of the run that wrote a row (dq_checked.item_version and
# dq_run_counts.rows_of are that run's id).
RUN_COLUMNS = {"run_id", "item_version", "rows_of"}
# The embedded file's record of which sql/tables.sql ran on it (a lake applies its translation instead).
BOOKKEEPING_TABLES = {"schema_applied"}


def _comparable_columns(con, table: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? AND database_name = current_database() "
        "ORDER BY column_index", [table]).fetchall()
    # Timestamps are when a run did something (ingested_at, checked_at, first_seen_at = coalesce(published,
    # ingested), ...); only publication dates come from the articles.
    return [name for name, data_type in rows
            if name not in RUN_COLUMNS and not (data_type.startswith("TIMESTAMP") and "published" not in name)]


def snapshot(db: str) -> dict[str, Counter]:
    """Every table and view of the warehouse as a multiset of rows over its comparable columns."""
    with warehouse.connect(db, read_only=True) as con:
        relations = con.execute(
            "SELECT table_name, false FROM duckdb_tables() WHERE database_name = current_database() AND NOT internal "
            "UNION ALL SELECT view_name, true FROM duckdb_views() WHERE database_name = current_database() "
            "AND NOT internal ORDER BY 1").fetchall()
        result = {}
        for name, is_view in relations:
            if name in BOOKKEEPING_TABLES:
                continue
            columns = _comparable_columns(con, name)
            select = ", ".join(f'"{c}"' for c in columns)
            # A view's list() aggregates have no order unless the view gives one: compare them as sets.
            result[name] = Counter(tuple(_hashable(v, sort_lists=is_view) for v in row)
                                   for row in con.execute(f'SELECT {select} FROM "{name}"').fetchall())
        return result


def _hashable(value, sort_lists=False):
    if isinstance(value, list):
        items = tuple(_hashable(v, sort_lists) for v in value)
        return tuple(sorted(items, key=repr)) if sort_lists else items
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v, sort_lists)) for k, v in value.items()))
    return value


def differences(a: dict[str, Counter], b: dict[str, Counter], limit: int = 3) -> list[str]:
    """Human-readable differences between two snapshots (empty when they hold the same rows)."""
    out = []
    for table in sorted(set(a) | set(b)):
        if table not in a or table not in b:
            out.append(f"{table}: only in {'first' if table in a else 'second'}")
            continue
        only_a, only_b = a[table] - b[table], b[table] - a[table]
        if only_a or only_b:
            out.append(f"{table}: {sum(only_a.values())} rows only in first, e.g. {list(only_a)[:limit]}; "
                       f"{sum(only_b.values())} only in second, e.g. {list(only_b)[:limit]}")
    return out
