"""Warehouse access: short-lived connections, the schema, idempotent bulk writes.

The warehouse is the embedded DuckDB file (default) or a DuckLake (`ducklake:...`
locator, see pipelines/settings.py and pipelines/lakehouse.py); `connect(db)` gives a
DuckDB connection on either, with a lake attached and USEd so the same SQL runs.

DuckDB allows one writing process and locks the file while it writes, so:
connections are opened per unit of work and closed at once, a lock conflict is
retried for a while before failing with a clear message, and nothing here
opens the file at import time. On a lake with a SQLite or PostgreSQL catalog several
writers commit concurrently: a write that loses a conflict is retried (replace_rows,
write_transaction).
"""
from __future__ import annotations

import hashlib
import logging
import os
import random
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

import duckdb
import polars as pl

from pipelines import lakehouse
from pipelines.lakehouse import is_lake
from pipelines.settings import SQL_DIR

# Tables the pipeline fills, in stage order (used for summaries).
PIPELINE_TABLES = (
    "raw_articles", "rejected_inputs", "articles", "cleaning_removals", "mentions", "quotes", "numeric_claims",
    "entities", "stories", "story_articles", "quote_clusters", "date_claims", "dq_results",
)

# Row keys of the tables that have no PRIMARY KEY in the embedded file (none has one in a lake):
# every table that grows with the corpus. DuckDB rewrites a table's whole key index at every
# checkpoint, and each short-lived writable connection checkpoints when it closes, so every write
# paid in proportion to the table (0.05-0.55 s per table on all of Reuters). The keys are
# enforced where rows go in: insert_frame refuses rows that repeat a key, among themselves or with
# rows already in the table (writers replace by key: delete, then insert).
ROW_KEYS: dict[str, tuple[str, ...]] = {
    "ingested_files": ("source_path", "file_hash"), "raw_articles": ("raw_id",), "articles": ("article_id",),
    "article_fingerprints": ("article_id",), "nlp_processed": ("article_id",),
    "mentions": ("mention_id",), "quotes": ("quote_id",), "numeric_claims": ("claim_id",),
    "date_candidates": ("date_candidate_id",), "date_claims": ("date_claim_id",), "quote_clusters": ("quote_id",),
    "entities": ("entity_id",), "stories": ("story_id",), "story_articles": ("article_id",),
    "story_processed": ("article_id",), "story_postings": ("term", "story_id"), "story_term_stats": ("term",),
    "story_merges": ("story_id",),
    "dq_checked": ("suite", "item_key"), "dq_run_counts": ("suite", "rows_of"),
}

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


class WarehouseVersionError(RuntimeError):
    """The warehouse file was written by a newer DuckDB than the pinned one."""


class WarehouseDamagedError(RuntimeError):
    """The warehouse file is damaged (a checksum that does not match, a truncated file, a
    write-ahead log that cannot be replayed); the message says how to recover."""


# DuckDB's words for a file held by another process (the embedded file, a DuckDB-file lake
# catalog, a SQLite catalog): matched as phrases, never 'lock' alone ('block' has it too).
_LOCK_ERROR = re.compile(r"could not set lock on file|conflicting lock is held|database is locked", re.I)
# DuckDB's words for a damaged file or write-ahead log.
_DAMAGE = re.compile(r"corrupt database file|checksum .* does not match|could not read enough bytes from file|"
                     r"failure while replaying wal|not a valid duckdb database file", re.I)


def _is_lock_error(exc: Exception) -> bool:
    return bool(_LOCK_ERROR.search(str(exc)))


def damage_message(db_path: str, exc: Exception) -> str | None:
    """What to tell an operator when `exc` says the warehouse is damaged (else None)."""
    text = str(exc)
    if not _DAMAGE.search(text) or is_lake(db_path):
        return None
    detail = text.splitlines()[0][:300]
    wal = f"{db_path}.wal"
    if "replaying wal" in text.lower():
        return (f"the write-ahead log {wal} cannot be replayed into {db_path} ({detail}): it probably belongs to "
                f"another file (a .wal left beside a restored or replaced warehouse, or copied with another "
                f"file). Move {wal} aside to open the warehouse as of its last checkpoint; the changes in that "
                "log are then not in it: `newsetl run` re-loads what is missing from the inputs, and "
                "`newsetl audit` checks every row")
    return (f"the warehouse {db_path} is damaged ({detail}). To recover: restore a copy of the file taken "
            "before the damage (with its .wal, if it had one) and run `newsetl audit` to check every row; or "
            f"move {db_path} aside and re-load everything from the inputs with `newsetl run` (a new file). "
            "A storage fault (a full or failing disk) is the usual cause: check the disk first")


def _leftover_wal(db_path: str) -> int:
    """Bytes of a write-ahead log waiting beside the file (0: none)."""
    try:
        return Path(f"{db_path}.wal").stat().st_size
    except OSError:
        return 0


def _note_leftover_wal(db_path: str, size: int) -> None:
    """Say so when a write-ahead log was waiting beside the file: DuckDB replays it when it belongs
    to this file and may skip one that belongs to another (its changes are then not in the warehouse)."""
    logger.warning("%s.wal (%d bytes) was left by a process that stopped before writing it into %s; DuckDB "
                   "replays it if it belongs to this file, and skips one left by another file (a restored or "
                   "replaced warehouse), whose changes are then not in the warehouse", db_path, size, db_path)


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


# A file written by a newer DuckDB (e.g. 2.0) than the pinned one: see README, "DuckDB version".
_NEWER_FILE = "created with an newer version of duckdb"


def _open(db_path: str, read_only: bool, wait_seconds: float,
          on_wait: Callable[[str], None] | None = None, attempt: Callable[[], object] | None = None):
    started = time.monotonic()
    deadline = started + wait_seconds
    delay = 0.05
    next_log = started + WAIT_LOG_AFTER
    while True:
        try:
            if attempt:
                return attempt()
            wal_bytes = _leftover_wal(db_path)
            con = duckdb.connect(db_path, read_only=read_only)
            if wal_bytes:
                _note_leftover_wal(db_path, wal_bytes)
            return con
        except duckdb.Error as exc:
            if (message := damage_message(db_path, exc)) is not None:
                raise WarehouseDamagedError(message) from exc
            if not isinstance(exc, duckdb.IOException):
                raise
            if _NEWER_FILE in str(exc).lower().replace("a newer", "an newer"):
                raise WarehouseVersionError(
                    f"{db_path} was written by a newer DuckDB than the pinned {duckdb.__version__} and cannot be "
                    "opened by it; copy it to the older storage format as the README says "
                    "(section 'DuckDB version'), or rebuild it with `newsetl run`") from exc
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
    """A short-lived connection to the warehouse `db_path`: the embedded DuckDB file, or a
    `ducklake:` locator (the lake attached and USEd, so the same SQL runs on both); a writable
    one has the schema applied. While another process holds the file (an embedded warehouse or
    a DuckDB-file lake catalog), waits up to wait_seconds, saying so (on_wait, else the log)."""
    if is_lake(db_path):
        with _connect_lake(db_path, read_only, wait_seconds, on_wait) as con:
            yield con
        return
    if not read_only:
        Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    elif not Path(db_path).exists():
        raise FileNotFoundError(f"no warehouse at {db_path}: run `newsetl run` first")
    try:
        holder = _held.get(os.path.abspath(db_path)) if _held else None
        if holder is not None and holder.pid == os.getpid():
            with holder.connection(wait_seconds, on_wait) as con:
                if not read_only:
                    apply_schema(con)
                yield con
            return
        con = _open(db_path, read_only, wait_seconds, on_wait)
        try:
            if not read_only:
                apply_schema(con)
            yield con
        finally:
            con.close()
    except duckdb.Error as exc:  # a damaged block found while reading or writing
        if (message := damage_message(db_path, exc)) is not None:
            raise WarehouseDamagedError(message) from exc
        raise


# --- one DuckDB instance for the steps of a run ----------------------------------------
# Opening the file costs about 28 ms (DuckDB starts an instance and reads the catalog) and closing
# it after a write about 12 ms (a checkpoint): with some 25 connections a run, about a second of a
# small run. While a run holds the warehouse (`hold`), connect() reuses one instance, kept by an
# anchor connection, and the file is released HOLD_LINGER_SECONDS after the last connection
# closes: steps follow each other within milliseconds, so they share the instance, while a long
# stretch without a connection (the parse between the NLP stage's commits) frees the file for
# other processes' readers as before. A read-only connect in the holding process gets a
# connection to the shared (writable) instance: DuckDB allows one configuration per file.
HOLD_LINGER_SECONDS = 0.25
_held: dict[str, _Holder] = {}


class _Holder:
    """The anchor connection of one held warehouse file, opened on demand, closed when idle."""

    def __init__(self, path: str):
        self.path, self.pid = path, os.getpid()
        self._lock = threading.Lock()
        self._anchor: duckdb.DuckDBPyConnection | None = None
        self._users = 0
        self._timer: threading.Timer | None = None
        self.holds = 0  # hold() calls not yet released

    @contextmanager
    def connection(self, wait_seconds: float, on_wait) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self._anchor is None:
                self._anchor = _open(self.path, False, wait_seconds, on_wait)
            self._users += 1
            con = duckdb.connect(self.path)  # DuckDB's instance cache: the anchor's instance
        try:
            yield con
        finally:
            con.close()
            with self._lock:
                self._users -= 1
                if self._users == 0 and self._anchor is not None:
                    self._timer = threading.Timer(HOLD_LINGER_SECONDS, self._expire)
                    self._timer.daemon = True
                    self._timer.start()

    def _expire(self) -> None:
        with self._lock:
            if self._users == 0 and self._anchor is not None:
                self._close_anchor()

    def close(self) -> None:
        """Close the anchor now (checkpoint, file released): the end of the hold."""
        with self._lock:
            self._close_anchor()

    def _close_anchor(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._anchor is not None:
            anchor, self._anchor = self._anchor, None
            anchor.close()


def hold(db_path: str) -> bool:
    """From now on this process's connections to the embedded warehouse `db_path` share one
    DuckDB instance (see HOLD_LINGER_SECONDS) until release(); a lake is never held. Whether it holds."""
    if is_lake(db_path):
        return False
    key = os.path.abspath(db_path)
    holder = _held.get(key)
    if holder is None or holder.pid != os.getpid():  # a forked child holds nothing of its parent's
        holder = _held[key] = _Holder(key)
    holder.holds += 1
    return True


def release(db_path: str) -> None:
    """End one hold(db_path); after the last, the shared instance closes now (checkpoint, file released)."""
    key = os.path.abspath(db_path)
    holder = None if is_lake(db_path) else _held.get(key)
    if holder is None or holder.pid != os.getpid():
        return
    holder.holds -= 1
    if holder.holds <= 0:
        del _held[key]
        holder.close()


@contextmanager
def _connect_lake(db: str, read_only: bool, wait_seconds: float,
                  on_wait: Callable[[str], None] | None) -> Iterator[duckdb.DuckDBPyConnection]:
    with ExitStack() as stack:
        con = _open(lakehouse.parse_target(db).display, read_only, wait_seconds, on_wait,
                    attempt=lambda: stack.enter_context(lakehouse.open_lake(db, read_only=read_only)))
        if not read_only:
            _retry_conflicts(lambda: lakehouse.apply_lake_schema(con), con)
        yield con


def backend(db_path: str) -> str:
    """'duckdb' (the embedded file) or 'ducklake:<catalog kind>'."""
    return f"ducklake:{lakehouse.parse_target(db_path).catalog_kind}" if is_lake(db_path) else "duckdb"


def display_name(db_path: str) -> str:
    """The warehouse for messages: the file, or the lake locator with any password masked."""
    return lakehouse.parse_target(db_path).display if is_lake(db_path) else str(db_path)


def warehouse_dir(db_path: str) -> Path:
    """The directory the warehouse lives in (the report goes here): the file's or catalog file's
    directory; for a PostgreSQL catalog, NEWSETL_LAKE_DATA when local, else ./warehouse."""
    if not is_lake(db_path):
        return Path(db_path).resolve().parent
    target = lakehouse.parse_target(db_path)
    if target.catalog_file is not None:
        return target.catalog_file.parent
    data = lakehouse.lake_data_path()
    return Path(data).resolve() if data and "://" not in data else Path("warehouse").resolve()


def exists(db_path: str) -> bool:
    """Whether the warehouse exists (a PostgreSQL-catalog lake is assumed to)."""
    if not is_lake(db_path):
        return Path(db_path).exists()
    return lakehouse.catalog_exists(lakehouse.parse_target(db_path)) is not False


# A write that lost a conflict against a concurrent writer (a lake with several writers) is retried.
CONFLICT_RETRIES = 20
CONFLICT_RETRY_MAX_DELAY = 2.0


def _retry_conflicts(fn: Callable[[], object], con: duckdb.DuckDBPyConnection):
    delay = 0.05
    for attempt in range(CONFLICT_RETRIES + 1):
        try:
            return fn()
        except duckdb.Error as exc:
            if attempt == CONFLICT_RETRIES or not lakehouse.is_conflict(exc):
                raise
            logger.info("transaction conflict (%s); retrying", str(exc).splitlines()[-1][:160])
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, CONFLICT_RETRY_MAX_DELAY)


def write_transaction(con: duckdb.DuckDBPyConnection, fn: Callable[[duckdb.DuckDBPyConnection], object]):
    """Run fn(con) in one transaction and commit; if the commit loses a conflict against a
    concurrent writer (a lake with several writers), roll back and run fn again. fn must only
    write through con (it may run more than once). Returns fn's result."""
    def once():
        con.execute("BEGIN TRANSACTION")
        try:
            result = fn(con)
            con.execute("COMMIT")
        except BaseException:
            try:
                con.execute("ROLLBACK")
            except duckdb.Error:
                pass  # a failed COMMIT has already ended the transaction
            raise
        return result

    return _retry_conflicts(once, con)


def read_sql_file(name: str) -> str:
    return (SQL_DIR / name).read_text(encoding="utf-8")


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """sql/tables.sql on the embedded file (a lake connection gets its translation at connect),
    unless the file already ran on this warehouse: its digest is kept in `schema_applied`, since
    every step opens several writable connections and the file's upgrade statements scan whole
    tables (a cost that grew with the warehouse)."""
    sql = read_sql_file("tables.sql")
    digest = hashlib.sha1(sql.encode("utf-8")).hexdigest()
    try:
        if con.execute("SELECT sql_sha1 FROM schema_applied").fetchall() == [(digest,)]:
            return
    except duckdb.CatalogException:  # a new warehouse, or one from before the marker
        pass
    con.execute(sql)
    if _drop_row_key_indexes(con):
        con.execute(sql)  # creates the unkeyed tables
    _copy_back_keyed_rows(con)  # also finishes an upgrade that a killed process left half done
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM schema_applied")
        # The digest inline (hex digits only): a bound parameter makes DuckDB import pandas, half a
        # second on the run's first connection.
        con.execute(f"INSERT INTO schema_applied VALUES ('{digest}', now() AT TIME ZONE 'UTC')")  # UTC, as every TIMESTAMP
        con.execute("COMMIT")
    except duckdb.TransactionException:  # another connection of this process recorded it first
        con.execute("ROLLBACK")


_KEYED_SUFFIX = "__keyed"


def _drop_row_key_indexes(con: duckdb.DuckDBPyConnection) -> bool:
    """Upgrade of a warehouse made before ROW_KEYS: a table there that still has its PRIMARY KEY
    (DuckDB cannot drop one) is renamed aside, to be re-created from tables.sql and refilled."""
    keyed = [t for (t,) in con.execute(
        "SELECT DISTINCT table_name FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY' "
        "AND database_name = current_database()").fetchall() if t in ROW_KEYS]
    for table in keyed:
        logger.warning("upgrading the warehouse: %s loses its primary-key index (rows kept)", table)
        con.execute(f"ALTER TABLE {table} RENAME TO {table}{_KEYED_SUFFIX}")
    return bool(keyed)


def _copy_back_keyed_rows(con: duckdb.DuckDBPyConnection) -> None:
    """The rows of each table renamed aside go into its unkeyed successor, one transaction per table."""
    aside = _tables(con)
    for table in (t for t in ROW_KEYS if t + _KEYED_SUFFIX in aside):
        def refill(c: duckdb.DuckDBPyConnection, table: str = table) -> None:
            c.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {table}{_KEYED_SUFFIX}")
            c.execute(f"DROP TABLE {table}{_KEYED_SUFFIX}")

        write_transaction(con, refill)


def apply_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """(Re)create the analysis views in sql/views.sql; returns their names."""
    con.execute(read_sql_file("views.sql"))
    return [row[0] for row in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE NOT internal AND database_name = current_database() "
        "ORDER BY view_name").fetchall()]


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """The table's columns in order. Bound as a relation: duckdb_columns() binds every view of the
    warehouse first, some 25 ms per new connection, paid by every write of every step."""
    return con.table(table).columns


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> int:
    """Bulk insert (Arrow scan, by column name); the table's types are the contract. For a table in
    ROW_KEYS, rows that repeat its key (among themselves or with rows already there) are refused
    with a ConstraintException before anything is written, as a PRIMARY KEY would."""
    if frame.is_empty():
        return 0
    _refuse_repeated_keys(table, frame)
    con.register("_incoming", frame.to_arrow())
    try:
        _refuse_present_keys(con, table)
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
    all in one transaction (retried whole if it loses a conflict to a concurrent writer)."""
    def write(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
        counts: dict[str, int] = {}
        for table, key_column, keys, rows in writes:
            frame = rows if isinstance(rows, pl.DataFrame) else rows_frame(con, table, rows)
            if keys:
                con.register("_keys", pl.DataFrame({"k": list(keys)}, schema={"k": pl.Utf8}).to_arrow())
                con.execute(f"DELETE FROM {table} WHERE {key_column} IN (SELECT k FROM _keys)")
                con.unregister("_keys")
            counts[table] = insert_frame(con, table, frame)
        return counts

    counts = write_transaction(con, write)
    if writes:
        crash_point(f"after:{writes[0][0]}")
    return counts


def _refuse_repeated_keys(table: str, frame: pl.DataFrame) -> None:
    """What a PRIMARY KEY did for the tables in ROW_KEYS: rows that repeat a key are an error."""
    key = ROW_KEYS.get(table)
    if not key or frame.height < 2:
        return
    keys = frame.select(key)
    repeated = keys.filter(keys.is_duplicated())
    if repeated.height:
        raise duckdb.ConstraintException(
            f"duplicate key {repeated.row(0)} in the {repeated.height} rows for {table} that repeat "
            f"its row key ({', '.join(key)})")


def _refuse_present_keys(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Rows registered as _incoming whose key is already in the table are an error (a semi-join on
    the key columns: it reads those columns, not the table's rows)."""
    key = ROW_KEYS.get(table)
    if not key:
        return
    columns = ", ".join(f't."{c}"' for c in key)
    present = con.execute(f"SELECT {columns} FROM {table} t SEMI JOIN _incoming i USING ({', '.join(key)}) "
                          "LIMIT 1").fetchone()
    if present:
        raise duckdb.ConstraintException(
            f"duplicate key {present} for {table}: a row with this row key ({', '.join(key)}) is already there")


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()").fetchall()}


def table_counts(con: duckdb.DuckDBPyConnection, tables: Sequence[str] = PIPELINE_TABLES) -> dict[str, int]:
    existing = _tables(con)
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] if t in existing else 0 for t in tables}


def run_counts(con: duckdb.DuckDBPyConnection, run_id: str, tables: Sequence[str] = PIPELINE_TABLES) -> dict[str, int]:
    """Rows each table holds from one run (rows carry the run_id that wrote them)."""
    existing = _tables(con)
    return {t: con.execute(f"SELECT count(*) FROM {t} WHERE run_id = ?", [run_id]).fetchone()[0]
            if t in existing else 0 for t in tables}
