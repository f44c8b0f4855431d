"""The cleaning and extraction logic stays free of Dagster and DuckDB."""
from __future__ import annotations

import subprocess
import sys

from pipelines.settings import PROJECT_ROOT

CORE_MODULES = ["ingest", "cleaning", "dedup", "versions", "entities", "nlp", "quotes", "claims", "extraction", "parse_workers"]


def test_core_imports_neither_dagster_nor_duckdb():
    imports = "; ".join(f"import pipelines.core.{m}" for m in CORE_MODULES)
    code = f"import sys; {imports}; print(sorted(m for m in ('dagster', 'duckdb') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
