"""DuckDB access: short-lived connections, the schema, idempotent bulk writes.

DuckDB allows one writing process and locks the file while it writes, so:
connections are opened per unit of work and closed at once, a lock conflict is
retried for a while before failing with a clear message, and nothing here
opens the file at import time.
"""
from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl

from pipelines.settings import SQL_DIR

# Tables the pipeline fills, in stage order (used for summaries).
PIPELINE_TABLES = (
    "raw_articles", "rejected_inputs", "articles", "mentions", "quotes", "numeric_claims", "entities", "dq_results",
)

# A writer waits this long for another process to release the file (a long stage may hold it).
LOCK_RETRY_SECONDS = 600.0


class WarehouseBusyError(RuntimeError):
    pass


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return "lock" in text or "conflicting" in text


def _open(db_path: str, read_only: bool, wait_seconds: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + wait_seconds
    delay = 0.05
    while True:
        try:
            return duckdb.connect(db_path, read_only=read_only)
        except duckdb.IOException as exc:
            if not _is_lock_error(exc) or time.monotonic() >= deadline:
                if _is_lock_error(exc):
                    raise WarehouseBusyError(
                        f"{db_path} is locked by another process (a run is writing); try again when it finishes"
                    ) from exc
                raise
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


@contextmanager
def connect(db_path: str, *, read_only: bool = False, wait_seconds: float = LOCK_RETRY_SECONDS) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived connection; a writable one has the schema applied."""
    if not read_only:
        Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    elif not Path(db_path).exists():
        raise FileNotFoundError(f"no warehouse at {db_path}: run `newsetl run` first")
    con = _open(db_path, read_only, wait_seconds)
    try:
        if not read_only:
            apply_schema(con)
        yield con
    finally:
        con.close()


def read_sql_file(name: str) -> str:
    return (SQL_DIR / name).read_text(encoding="utf-8")


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(read_sql_file("tables.sql"))


def apply_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """(Re)create the analysis views in sql/views.sql; returns their names."""
    con.execute(read_sql_file("views.sql"))
    return [row[0] for row in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY view_name").fetchall()]


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [row[0] for row in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index", [table]).fetchall()]


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> int:
    """Bulk insert (Arrow scan, by column name); the table's types are the contract."""
    if frame.is_empty():
        return 0
    con.register("_incoming", frame.to_arrow())
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _incoming")
    finally:
        con.unregister("_incoming")
    return frame.height


def rows_frame(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[dict]) -> pl.DataFrame:
    """Row dicts -> a frame with exactly the table's columns (missing keys become NULL)."""
    if not rows:
        return pl.DataFrame()
    columns = table_columns(con, table)
    return pl.DataFrame([{c: r.get(c) for c in columns} for r in rows], infer_schema_length=None)


def replace_rows(
    con: duckdb.DuckDBPyConnection,
    writes: Sequence[tuple[str, str, Sequence[str], pl.DataFrame | Sequence[dict]]],
) -> dict[str, int]:
    """Idempotent batch write: for each (table, key_column, keys, rows), delete the
    rows whose key_column is in keys, then insert rows (a frame or row dicts);
    all in one transaction."""
    counts: dict[str, int] = {}
    con.execute("BEGIN TRANSACTION")
    try:
        for table, key_column, keys, rows in writes:
            frame = rows if isinstance(rows, pl.DataFrame) else rows_frame(con, table, rows)
            if keys:
                con.register("_keys", pl.DataFrame({"k": list(keys)}, schema={"k": pl.Utf8}).to_arrow())
                con.execute(f"DELETE FROM {table} WHERE {key_column} IN (SELECT k FROM _keys)")
                con.unregister("_keys")
            counts[table] = insert_frame(con, table, frame)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return counts


def table_counts(con: duckdb.DuckDBPyConnection, tables: Sequence[str] = PIPELINE_TABLES) -> dict[str, int]:
    existing = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] if t in existing else 0 for t in tables}
