"""newsetl: news articles -> DuckDB warehouse of mentions, quotes and numeric claims.

This package root stays import-light on purpose: `pipelines.core` (plain
cleaning/extraction functions) must be importable without Dagster or DuckDB.
The Dagster code location lives in `pipelines.definitions`.
"""
