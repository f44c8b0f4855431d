"""Shared fixtures: the real spaCy model, loaded once per test session."""
from __future__ import annotations

import pytest

from pipelines.core.nlp import load_model
from pipelines.settings import DEFAULT_MODEL


@pytest.fixture(scope="session")
def nlp():
    return load_model(DEFAULT_MODEL)
