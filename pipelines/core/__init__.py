"""Plain functions for ingest, cleaning and extraction.

Nothing in this package imports Dagster or DuckDB (tests/test_core_isolation.py
enforces it), so the logic can be tested and reused on its own.
"""
