"""Helpers shared by the stage functions."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

Log = Callable[[str], None]


def utcnow() -> datetime:
    """Now in UTC, naive (DuckDB TIMESTAMP columns hold UTC)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Progress:
    """Progress lines for a long stage: 'NLP: 1,500 of 19,043 articles (7.9%), 12.3/s, about 18 min
    left; at <what>', at most every `every` seconds (and at the end), through `log` (the Dagster
    step's log inside a run, where the CLI prints it)."""

    def __init__(self, stage: str, total: int, unit: str, log: Log, every: float = 10.0) -> None:
        import time

        self._clock = time.monotonic
        self.stage, self.total, self.unit, self.log, self.every = stage, total, unit, log, every
        self.done = 0
        self.started = self._last = self._clock()

    def advance(self, n: int = 1, now: str | None = None) -> None:
        """Count n more done; say so when `every` seconds passed since the last line or all are done."""
        self.done += n
        moment = self._clock()
        if self.done >= self.total or moment - self._last >= self.every:
            self._last = moment
            self.log(self.line(moment, now))

    def line(self, moment: float | None = None, now: str | None = None) -> str:
        elapsed = max(1e-9, (moment if moment is not None else self._clock()) - self.started)
        rate = self.done / elapsed
        parts = [f"{self.stage}: {self.done:,} of {self.total:,} {self.unit}"
                 + (f" ({100 * self.done / self.total:.1f}%)" if self.total else ""),
                 f"{rate:.1f}/s"]
        if 0 < self.done < self.total and rate > 0:
            left = (self.total - self.done) / rate
            parts.append(f"about {left / 60:.0f} min left" if left >= 90 else f"about {left:.0f} s left")
        line = ", ".join(parts)
        return f"{line}; at {now}" if now and self.done < self.total else line
