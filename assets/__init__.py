"""Dagster asset definitions, one module per stage; each asset is a thin wrapper
around a function in pipelines.stages."""
