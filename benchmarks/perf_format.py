"""Reading benchmarks/results/*.json and formatting their figures, for benchmarks/perf_doc.py."""
from __future__ import annotations

import json
import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def load(name: str) -> dict | None:
    """A results file by name, or None when it was never written."""
    path = RESULTS / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def med(values) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def s(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f} s"


def x(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def mib(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f} MiB"


def spread(values) -> str:
    values = [v for v in values if v is not None]
    if len(values) < 2:
        return ""
    return f" ({min(values):.1f}-{max(values):.1f})"


def by_case(runs: list[dict]) -> dict[str, list[dict]]:
    cases: dict[str, list[dict]] = {}
    for run in runs:
        cases.setdefault(run["case"], []).append(run)
    return cases


def verdict(ok: bool | None) -> str:
    return "-" if ok is None else ("met" if ok else "**not met**")


# Kept warehouses at least this large hold (nearly) all of Reuters-21578: their incremental runs are the target's.
WHOLE_CORPUS_ARTICLES = 15_000


def incremental_measurements() -> list[tuple[str, dict, list[dict]]]:
    """(tag, results, incremental_batch runs) of every speed_reuters_incremental_<tag>.json that has any."""
    measured = []
    for path in sorted(RESULTS.glob("speed_reuters_incremental_*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        runs = [r for r in data["runs"] if r["case"] == "incremental_batch"]
        if runs:
            measured.append((path.stem.removeprefix("speed_reuters_incremental_"), data, runs))
    return measured


def latest_before(name: str) -> dict | None:
    """The latest `<name>_before*.json` (an older revision measured with `speed.py --project ... --tag before_X`)."""
    found = [json.loads(path.read_text(encoding="utf-8")) for path in RESULTS.glob(f"{name}_before*.json")]
    return max(found, key=lambda data: data["measured_at"]) if found else None
