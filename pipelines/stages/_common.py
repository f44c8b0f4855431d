"""Helpers shared by the stage functions."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

Log = Callable[[str], None]


def utcnow() -> datetime:
    """Now in UTC, naive (DuckDB TIMESTAMP columns hold UTC)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)
