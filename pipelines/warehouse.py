"""DuckDB access: short-lived connections, the schema, idempotent bulk writes.

DuckDB allows one writing process and locks the file while it writes, so:
connections are opened per unit of work and closed at once, a lock conflict is
retried for a while before failing with a clear message, and nothing here
opens the file at import time.
"""
from __future__ import annotations

import logging
import os
import re
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl

from pipelines.settings import SQL_DIR

# Tables the pipeline fills, in stage order (used for summaries).
PIPELINE_TABLES = (
    "raw_articles", "rejected_inputs", "articles", "cleaning_removals", "mentions", "quotes", "numeric_claims",
    "entities", "stories", "story_articles", "quote_clusters", "date_claims", "dq_results",
)

# A writer waits this long for another process to release the file (a long stage may hold it).
LOCK_RETRY_SECONDS = 600.0


# A step waiting for the lock says so after this long, then every WAIT_LOG_EVERY seconds.
WAIT_LOG_AFTER = 2.0
WAIT_LOG_EVERY = 30.0

# Named like dagster.get_dagster_logger's loggers, so inside a Dagster step these lines
# reach the run's event log (and the UI); elsewhere warnings go to stderr.
logger = logging.getLogger("dagster.builtin.newsetl.warehouse")


class WarehouseBusyError(RuntimeError):
    pass


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return "lock" in text or "conflicting" in text


def lock_holder(exc: Exception) -> str:
    """Who holds the lock, from DuckDB's message: 'PID 123 (python -m pipelines.cli run ...), open for writing'."""
    text = str(exc)
    match = re.search(r"Conflicting lock is held in (.+?) \(PID (\d+)\)", text)
    if not match:
        return "another process"
    pid = match.group(2)
    try:
        cmdline = " ".join(Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").replace("\0", " ").split())
    except OSError:
        cmdline = match.group(1)
    if len(cmdline) > 120:
        cmdline = cmdline[:119] + "…"
    # DuckDB adds this hint only when the holder opened the file read-only.
    mode = "open read-only" if "would be able to open this database in read-only mode" in text else "open for writing"
    return f"PID {pid} ({cmdline}), {mode}"


def crash_point(name: str) -> None:
    """Test hook for crash tests: NEWSETL_CRASH_AT=name makes this process SIGKILL itself here."""
    if os.environ.get("NEWSETL_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


def _open(db_path: str, read_only: bool, wait_seconds: float,
          on_wait: Callable[[str], None] | None = None) -> duckdb.DuckDBPyConnection:
    started = time.monotonic()
    deadline = started + wait_seconds
    delay = 0.05
    next_log = started + WAIT_LOG_AFTER
    while True:
        try:
            return duckdb.connect(db_path, read_only=read_only)
        except duckdb.IOException as exc:
            if not _is_lock_error(exc):
                raise
            now = time.monotonic()
            if now >= deadline:
                raise WarehouseBusyError(
                    f"{db_path} is locked by {lock_holder(exc)}; gave up after {now - started:.0f} s"
                ) from exc
            if now >= next_log:
                message = (f"waiting for the DuckDB lock on {db_path} ({'read' if read_only else 'write'} access): "
                           f"held by {lock_holder(exc)}; waited {now - started:.0f} s of {wait_seconds:.0f} s")
                (on_wait or logger.warning)(message)
                next_log = now + WAIT_LOG_EVERY
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


@contextmanager
def connect(db_path: str, *, read_only: bool = False, wait_seconds: float = LOCK_RETRY_SECONDS,
            on_wait: Callable[[str], None] | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived connection; a writable one has the schema applied. While another
    process holds the file, waits up to wait_seconds, saying so (on_wait, else the log)."""
    if not read_only:
        Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    elif not Path(db_path).exists():
        raise FileNotFoundError(f"no warehouse at {db_path}: run `newsetl run` first")
    con = _open(db_path, read_only, wait_seconds, on_wait)
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
    if writes:
        crash_point(f"after:{writes[0][0]}")
    return counts


def table_counts(con: duckdb.DuckDBPyConnection, tables: Sequence[str] = PIPELINE_TABLES) -> dict[str, int]:
    existing = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] if t in existing else 0 for t in tables}


def run_counts(con: duckdb.DuckDBPyConnection, run_id: str, tables: Sequence[str] = PIPELINE_TABLES) -> dict[str, int]:
    """Rows each table holds from one run (rows carry the run_id that wrote them)."""
    existing = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    return {t: con.execute(f"SELECT count(*) FROM {t} WHERE run_id = ?", [run_id]).fetchone()[0]
            if t in existing else 0 for t in tables}
