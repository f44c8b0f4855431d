"""Shared fixtures: the real spaCy model, loaded once per test session."""
from __future__ import annotations

import pytest

from pipelines.core.nlp import load_model
from pipelines.settings import DEFAULT_MODEL


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
