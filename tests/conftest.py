"""Shared fixtures: the real spaCy model, loaded once per test session; the seeds built once."""
from __future__ import annotations

import shutil

import pytest

from pipelines.core.nlp import load_model
from pipelines.settings import DEFAULT_MODEL, SEEDS_DIR


@pytest.fixture(scope="session")
def nlp():
    return load_model(DEFAULT_MODEL)


# --- scale-out services: a throwaway PostgreSQL / Redis per test session ----------------
def _services_or_skip(what: str) -> None:
    """Skip (with the reason, shown by -ra) when a server binary is missing; under CI=true fail instead."""
    import os

    from pipelines.cluster.services import services_available

    missing = services_available()
    if missing:
        message = f"{what} needs PostgreSQL and Redis: " + "; ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI=true: .ci/run installs them)")
        pytest.skip(message)


@pytest.fixture(scope="session")
def scaleout_services():
    """Checks that PostgreSQL and Redis can be started here (skip with the reason; fail under CI=true)."""
    _services_or_skip("this test")


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server for the session (pipelines.cluster.services.Postgres): `.url(db)`,
    `.libpq(db)`, `.create_database(name)`."""
    _services_or_skip("this test")
    from pipelines.cluster.services import Postgres

    with Postgres() as server:
        yield server


@pytest.fixture(scope="session")
def redis_server():
    """A Redis server for the session (the Celery broker of the scale-out tests)."""
    _services_or_skip("this test")
    from pipelines.cluster.services import Redis

    with Redis() as server:
        yield server


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The seeds loaded by one real pipeline run into a DuckDB file: {"db": path, "inputs": [folder]}.
    Built once per session; a test that changes the warehouse takes a copy (`db`)."""
    from tests.runs import run_pipeline  # Dagster: imported only by the tests that build

    root = tmp_path_factory.mktemp("seeds_built")
    seeds = root / "seeds"
    shutil.copytree(SEEDS_DIR, seeds)
    db = root / "news.duckdb"
    assert run_pipeline(db, [seeds]).success
    return {"db": db, "inputs": [str(seeds)]}


@pytest.fixture
def db(built, tmp_path):
    """A copy of the built seeds warehouse under tmp_path, for one test to change."""
    copy = tmp_path / "news.duckdb"
    shutil.copy(built["db"], copy)
    return copy
