"""The DuckLake backend of the warehouse: attach a lake, translate the schema, load extensions.

pipelines/warehouse.py is the one entry point (`warehouse.connect(db)`); it hands a `ducklake:`
locator to `open_lake` here. A lake connection is a DuckDB connection with the lake attached and
USEd, so every stage, check, view and query runs the same SQL on both backends.

- Extensions (ducklake, and sqlite_scanner / postgres_scanner for those catalogs) are loaded from
  the `duckdb-extension-*` Python packages pinned in requirements.lock, never downloaded:
  autoinstall and autoload of known extensions are off on lake connections.
- Loading an extension verifies its signature (~0.3 s per extension), so each process keeps one
  in-memory DuckDB instance with the extensions loaded; a connection is a cursor of it. A lake
  with a SQLite or PostgreSQL catalog stays attached once opened (attaching costs ~0.2 s; every
  transaction still reads the catalog's latest snapshot). A DuckDB-file catalog is locked by the
  process that attaches it, so it is attached while a connection uses it and detached as soon as
  the last one closes, like the embedded file.
- The schema comes from sql/tables.sql, translated: DuckLake has no PRIMARY KEY, UNIQUE or
  indexes, so the tables are created from the columns (types, NOT NULL, defaults) that
  tables.sql gives in a scratch in-memory database. Keys stay unique because every write
  replaces by key (warehouse.replace_rows) and the GX suites check them.
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.settings import LAKE_PREFIX, SQL_DIR, lake_data_path

# Lake connections never fetch anything: extensions come from installed packages only.
ENGINE_CONFIG = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
}

# The extension each kind of catalog needs besides ducklake itself.
CATALOG_EXTENSIONS = {"duckdb": (), "sqlite": ("sqlite_scanner",), "postgres": ("postgres_scanner",)}


class LakeError(RuntimeError):
    """A lake that cannot be opened as configured (missing extension package, bad locator, no data path)."""


def is_lake(db: str) -> bool:
    return str(db).startswith(LAKE_PREFIX)


@dataclass(frozen=True)
class LakeTarget:
    """A parsed `ducklake:` locator."""

    locator: str
    catalog_kind: str   # duckdb | sqlite | postgres
    catalog: str        # the catalog file (absolute) or the PostgreSQL connection string

    @property
    def attach_string(self) -> str:
        prefix = "" if self.catalog_kind == "duckdb" else f"{self.catalog_kind}:"
        return f"{LAKE_PREFIX}{prefix}{self.catalog}"

    @property
    def catalog_file(self) -> Path | None:
        return None if self.catalog_kind == "postgres" else Path(self.catalog)

    @property
    def display(self) -> str:
        """The locator with any password masked (for messages and the report)."""
        return re.sub(r"(password\s*=\s*)(\S+)", r"\1***", self.locator, flags=re.I)

    def default_data_path(self) -> str | None:
        """Where a new lake writes its Parquet files: NEWSETL_LAKE_DATA, else next to a file catalog."""
        configured = lake_data_path()
        if configured:
            return configured
        if self.catalog_file is not None:
            return str(self.catalog_file) + ".files"
        return None


def parse_target(db: str) -> LakeTarget:
    """`ducklake:<file>`, `ducklake:duckdb:<file>`, `ducklake:sqlite:<file>` or `ducklake:postgres:<conninfo>`."""
    if not is_lake(db):
        raise LakeError(f"not a DuckLake locator: {db!r} (expected '{LAKE_PREFIX}...')")
    rest = db[len(LAKE_PREFIX):].strip()
    kind = "duckdb"
    for candidate in ("duckdb", "sqlite", "postgres"):
        if rest.startswith(candidate + ":"):
            kind, rest = candidate, rest[len(candidate) + 1:].strip()
            break
    if not rest:
        raise LakeError(f"{db!r}: the catalog is missing (a file, sqlite:<file> or postgres:<connection string>)")
    catalog = rest if kind == "postgres" else str(Path(rest).expanduser().resolve())
    return LakeTarget(locator=db, catalog_kind=kind, catalog=catalog)


def extension_file(name: str) -> Path:
    """The extension binary shipped by the `duckdb-extension-<name>` package for this DuckDB version."""
    package = f"duckdb_extension_{name}"
    spec = importlib.util.find_spec(package)
    version = duckdb.__version__
    pip_name = f"duckdb-extension-{name.replace('_', '-')}=={version}"
    if spec is None or not spec.submodule_search_locations:
        raise LakeError(f"the DuckDB extension {name!r} is not installed: `pip install {pip_name}` "
                        "(extensions are loaded from packages, never downloaded at run time)")
    path = Path(next(iter(spec.submodule_search_locations))) / "extensions" / f"v{version}" / f"{name}.duckdb_extension"
    if not path.is_file():
        raise LakeError(f"{package} has no build for DuckDB {version} ({path} missing): install {pip_name}")
    return path


class _Engine:
    """One in-memory DuckDB instance per process, with the extensions loaded once and the lakes
    attached (reference counted: a DuckDB-file catalog is detached when its last user closes)."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.db = duckdb.connect(":memory:", config=dict(ENGINE_CONFIG))
        self.loaded: set[str] = set()
        self.attached: dict[tuple[str, bool], list] = {}   # (catalog, read_only) -> [alias, users, keep]
        self.lock = threading.RLock()

    def load(self, name: str) -> None:
        if name not in self.loaded:
            self.db.execute(f"LOAD '{extension_file(name)}'")
            self.loaded.add(name)


_engine: _Engine | None = None
_engine_lock = threading.Lock()


def engine() -> _Engine:
    """The process's engine; a forked child makes its own (a DuckDB instance must not cross a fork)."""
    global _engine
    with _engine_lock:
        if _engine is None or _engine.pid != os.getpid():
            _engine = _Engine()
        return _engine


def _prepare_sqlite_catalog(path: Path) -> None:
    """A new SQLite catalog is put in WAL mode: readers then never block a committing writer
    (in SQLite's default journal mode a reader's shared lock makes the writer's commit fail)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA journal_mode=WAL")
    finally:
        con.close()


def _alias(target: LakeTarget, read_only: bool) -> str:
    digest = hashlib.sha1(f"{target.catalog_kind}:{target.catalog}".encode()).hexdigest()[:10]
    return f"lake_{digest}{'_ro' if read_only else ''}"


def catalog_exists(target: LakeTarget) -> bool | None:
    """Whether the catalog exists (None: cannot tell without connecting, i.e. PostgreSQL)."""
    return None if target.catalog_file is None else target.catalog_file.exists()


def _attach(eng: _Engine, target: LakeTarget, read_only: bool) -> str:
    """Attach the lake in the engine (or count one more user of it); returns its alias."""
    with eng.lock:
        key = (target.catalog, read_only)
        entry = eng.attached.get(key)
        if entry is None and read_only and target.catalog_kind == "duckdb":
            # A DuckDB file cannot be attached twice: a reader in a process that has it open for
            # writing shares that attachment. Other catalogs get a read-only attachment of their own.
            entry = eng.attached.get((target.catalog, False))
        if entry is not None:
            entry[1] += 1
            return entry[0]
        eng.load("ducklake")
        for name in CATALOG_EXTENSIONS[target.catalog_kind]:
            eng.load(name)
        options = []
        exists = catalog_exists(target)
        if read_only:
            if exists is False:
                raise FileNotFoundError(f"no warehouse at {target.display}: run `newsetl run` first")
            options.append("READ_ONLY")
        else:
            # An existing lake keeps the data path it was created with.
            data = None if exists else target.default_data_path()
            if exists is False:
                target.catalog_file.parent.mkdir(parents=True, exist_ok=True)
                if target.catalog_kind == "sqlite":
                    _prepare_sqlite_catalog(target.catalog_file)
            if data:
                if "://" not in data:
                    Path(data).mkdir(parents=True, exist_ok=True)
                options.append("DATA_PATH " + _quote(data))
        alias = _alias(target, read_only)
        suffix = f" ({', '.join(options)})" if options else ""
        try:
            eng.db.execute(f"ATTACH {_quote(target.attach_string)} AS {alias}{suffix}")
        except duckdb.Error as exc:
            if "data_path is not set" in str(exc):
                raise LakeError(f"{target.display} is a new lake and has no data path: set NEWSETL_LAKE_DATA "
                                "to the directory (or s3://bucket/prefix) for its Parquet files") from exc
            raise
        # Only a DuckDB-file catalog must be let go (its file lock); the others stay attached.
        eng.attached[key] = [alias, 1, target.catalog_kind != "duckdb"]
        return alias


def _detach(eng: _Engine, alias: str) -> None:
    with eng.lock:
        for key, entry in list(eng.attached.items()):
            if entry[0] == alias:
                entry[1] -= 1
                if entry[1] <= 0 and not entry[2]:
                    del eng.attached[key]
                    eng.db.execute(f"DETACH DATABASE IF EXISTS {alias}")
                return


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@contextmanager
def open_lake(db: str, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection (a cursor of the process's engine) with the lake attached and USEd.
    Raises duckdb.IOException while another process holds a DuckDB-file catalog (the caller retries)."""
    target = parse_target(db)
    eng = engine()
    alias = _attach(eng, target, read_only)
    try:
        con = eng.db.cursor()
        try:
            con.execute(f"USE {alias}")
            yield con
        finally:
            con.close()
    finally:
        _detach(eng, alias)


# ---- schema: sql/tables.sql translated for DuckLake ----------------------------------------------

@dataclass(frozen=True)
class _Column:
    table: str
    name: str
    data_type: str
    nullable: bool
    default: str | None

    def ddl(self, *, with_not_null: bool = True) -> str:
        text = f'"{self.name}" {self.data_type}'
        if self.default is not None:
            text += f" DEFAULT {self.default}"
        if with_not_null and not self.nullable:
            text += " NOT NULL"
        return text


_reference_cache: dict[str, tuple[list[_Column], list[str]]] = {}


def reference_schema() -> tuple[list[_Column], list[str]]:
    """Columns of every table as sql/tables.sql defines them (applied to a scratch in-memory
    database: the same source as the embedded warehouse), in table-creation order, and the
    data statements of tables.sql (backfills run after an upgrade)."""
    sql = (SQL_DIR / "tables.sql").read_text(encoding="utf-8")
    key = hashlib.sha1(sql.encode()).hexdigest()
    if key not in _reference_cache:
        scratch = duckdb.connect(":memory:")
        try:
            scratch.execute(sql)
            columns = [_Column(*row) for row in scratch.execute("""
                SELECT c.table_name, c.column_name, c.data_type, c.is_nullable, c.column_default
                FROM duckdb_columns() c JOIN duckdb_tables() t USING (table_oid)
                WHERE c.database_name = current_database()
                ORDER BY t.table_oid, c.column_index""").fetchall()]
            data_statements = [
                statement.query for statement in scratch.extract_statements(sql)
                if statement.type in (duckdb.StatementType.UPDATE, duckdb.StatementType.INSERT,
                                      duckdb.StatementType.DELETE)]
        finally:
            scratch.close()
        _reference_cache[key] = (columns, data_statements)
    return _reference_cache[key]


def schema_changes(con: duckdb.DuckDBPyConnection) -> list[str]:
    """DDL that brings the attached lake to tables.sql's columns (empty when it is current)."""
    columns, _ = reference_schema()
    present = {(t, c) for t, c in con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = current_database()").fetchall()}
    tables = {t for t, _ in present}
    statements: list[str] = []
    new_tables: dict[str, list[_Column]] = {}
    for column in columns:
        if column.table not in tables:
            new_tables.setdefault(column.table, []).append(column)
        elif (column.table, column.name) not in present:
            # Added to an existing table: like tables.sql's ALTERs, nullable (old rows have no value).
            statements.append(f'ALTER TABLE "{column.table}" ADD COLUMN IF NOT EXISTS {column.ddl(with_not_null=False)}')
    creates = [f'CREATE TABLE IF NOT EXISTS "{table}" ({", ".join(c.ddl() for c in cols)})'
               for table, cols in new_tables.items()]
    return creates + statements


def apply_lake_schema(con: duckdb.DuckDBPyConnection) -> bool:
    """Create missing tables and columns in one transaction, then run tables.sql's backfills.
    A current lake costs one catalog read and writes nothing (no snapshot, no conflict)."""
    changes = schema_changes(con)
    if not changes:
        return False
    _, data_statements = reference_schema()
    con.execute("BEGIN TRANSACTION")
    try:
        for statement in changes:
            con.execute(statement)
        for statement in data_statements:
            con.execute(statement)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return True


# ---- transaction conflicts -----------------------------------------------------------------------

_CONFLICT_PATTERNS = ("transaction conflict", "conflict on", "database is locked", "could not serialize",
                      "concurrent update", "deadlock detected", "catalog write-write conflict")


def is_conflict(exc: BaseException) -> bool:
    """A commit that lost against a concurrent writer (retrying the whole transaction is safe)."""
    return isinstance(exc, duckdb.Error) and any(p in str(exc).lower() for p in _CONFLICT_PATTERNS)
