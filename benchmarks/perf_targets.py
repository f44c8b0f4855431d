"""docs/performance.md's targets: each once, judged on its latest results file.

A target is 'met' when every measurement of that file meets it, 'not met' when none does, and
'within noise' when the target lies inside the measurements' spread (some meet it, some do not):
on a shared two-core machine a ratio of two separately timed processes varies by tens of percent.
"""
from __future__ import annotations

from collections.abc import Callable

from perf_format import WHOLE_CORPUS_ARTICLES, by_case, incremental_measurements, load, med


def judge(values, ok: Callable[[float], bool]) -> str:
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    outcomes = {ok(v) for v in values}
    return "met" if outcomes == {True} else "**not met**" if outcomes == {False} else "within noise"


def measured(values, fmt: Callable[[float], str]) -> str:
    """Median, and the range with the number of measurements when there are several."""
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    if len(values) == 1:
        return fmt(values[0])
    return f"{fmt(med(values))} ({fmt(min(values))}-{fmt(max(values))}, {len(values)} runs)"


def ratio(v: float) -> str:
    return f"{v:.2f}"


def seconds(v: float) -> str:
    return f"{v:.1f} s"


def source(data: dict, name: str, runs: list[dict] | None = None) -> str:
    """The results file, its revision and time, and the load average the runs started at (2 cores)."""
    loads = [r["load_avg_before"] if isinstance(r.get("load_avg_before"), (int, float)) else (r.get("load_avg_before") or [None])[0]
             for r in runs or []]
    load = med(loads)
    return (f"`{name}`, `{data.get('revision', '?')}`, {data.get('measured_at', '?')}"
            + (f", load average {load:.1f}" if load is not None else ""))


def target_rows() -> list[tuple[str, str, str, str]]:
    """(target, measured, verdict, results file) for every standing target that has a results file."""
    rows = []
    fresh = load("freshness.json")
    if fresh:
        values = [r["seconds_to_queryable"] for r in fresh["runs"]]
        rows.append(("a file dropped into `landing/` under `dg dev` (default settings) is queryable within 60 s",
                     measured(values, seconds), judge(values, lambda v: v <= 60), source(fresh, "freshness.json", fresh["runs"])))
    small = load("speed_small.json")
    if small:
        cases = by_case(small["runs"])
        for case, runs in cases.items():
            if case.startswith("bbc_"):
                values = [r.get("ratio_bare_over_pipeline") for r in runs]
                rows.append((f"{runs[0].get('files')} BBC articles into a new warehouse: bare spaCy parse / `newsetl run` >= 0.9",
                             measured(values, ratio), judge(values, lambda v: v >= 0.9), source(small, "speed_small.json", runs)))
        if "seeds_nothing_new" in cases:
            values = [r["pipeline"]["seconds"] for r in cases["seeds_nothing_new"]]
            rows.append(("a run with nothing new: under 3 s", measured(values, seconds), judge(values, lambda v: v < 3),
                         source(small, "speed_small.json", cases["seeds_nothing_new"])))
    # The NLP step against the bare parse: the latest of the Reuters files that measured it.
    measured_step = [(name, data) for name in ("speed_reuters_curve.json", "speed_reuters.json")
                     if (data := load(name)) and any(r.get("nlp_step_over_bare_parse") for r in data["runs"])]
    if measured_step:
        name, data = max(measured_step, key=lambda item: item[1]["measured_at"])
        with_bare = [r for r in data["runs"] if r["case"].startswith("reuters_") and r.get("nlp_step_over_bare_parse")]
        size = max(r["records"] for r in with_bare)
        values = [r["nlp_step_over_bare_parse"] for r in with_bare if r["records"] == size]
        rows.append((f"Reuters ({size:,} records): NLP step / bare parse <= 1.10", measured(values, ratio),
                     judge(values, lambda v: v <= 1.10), source(data, name, with_bare)))
    curve = load("speed_reuters_curve.json")
    if curve:
        scaling = [r for r in curve["runs"] if r["case"].startswith("reuters_")]
        sizes = sorted({r["records"] for r in scaling})
        if len(sizes) > 1:
            small_runs = [r for r in scaling if r["records"] == sizes[0]]
            big = [r for r in scaling if r["records"] == sizes[-1]]
            factor = sizes[-1] / sizes[0]
            for what, key in (("wall time", "seconds"), ("peak memory", "peak_memory_mib")):
                growth = med(r["pipeline"][key] for r in big) / med(r["pipeline"][key] for r in small_runs)
                rows.append((f"Reuters {sizes[0]:,} -> {sizes[-1]:,} records ({factor:.1f}x): {what} grows at most linearly",
                             f"{growth:.2f}x (medians)", judge([growth], lambda v: v <= factor),
                             source(curve, "speed_reuters_curve.json")))
    kept = [(tag, data, runs) for tag, data, runs in incremental_measurements()
            if runs[0]["full_warehouse_articles"] >= WHOLE_CORPUS_ARTICLES]
    if kept:
        tag, data, runs = max(kept, key=lambda m: m[1]["measured_at"])
        values = [r["ratio_full_over_empty"] for r in runs]
        rows.append((f"{runs[0]['batch_records']} new records cost the same on a warehouse of "
                     f"{runs[0]['full_warehouse_articles']:,} articles as on an empty one: full / empty <= 1.10",
                     measured(values, ratio), judge(values, lambda v: v <= 1.10),
                     source(data, f"speed_reuters_incremental_{tag}.json")))
    return rows


def targets_section(lines: list[str]) -> None:
    rows = target_rows()
    if not rows:
        return
    lines += ["## Targets", "", "| target | measured: median (range, runs) | verdict | results file |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    lines += ["", "Each target is judged on its latest results file only (older ones stay in benchmarks/results/). "
              "'within noise': the target lies inside the spread of the measurements.", ""]
