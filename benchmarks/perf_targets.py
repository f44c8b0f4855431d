"""docs/performance.md's table of issue 14's targets, each judged on the medians of the latest results files."""
from __future__ import annotations

import perf_dagster
from perf_format import WHOLE_CORPUS_ARTICLES, by_case, incremental_measurements, load, med, s, verdict, x


def targets_section(lines: list[str]) -> None:
    """The issue's targets against the medians of the latest results."""
    rows = []
    # A cold `newsetl run` per run (speed_small), and runs handed to a warm runner (speed_small_runner).
    for name, how in (("speed_small", ", a new process per run"), ("speed_small_runner", ", in a warm runner")):
        small = load(f"{name}.json")
        if not small:
            continue
        cases = by_case(small["runs"])
        when = f" (`{small['revision']}`{how})"
        if "seeds_new_warehouse" in cases:
            r = med(x.get("ratio_bare_over_pipeline") for x in cases["seeds_new_warehouse"])
            rows.append((f"5 new articles into a new warehouse: bare / pipeline >= 0.5{when}", x(r), verdict(r >= 0.5)))
        if "seeds_nothing_new" in cases:
            runs = cases["seeds_nothing_new"]
            t = med(x["pipeline"]["seconds"] for x in runs)
            load_ = med(x["load_avg_before"][0] for x in runs)
            rows.append((f"a run with nothing new: under 3 s{when}", f"{s(t)} (load average {load_:.1f})", verdict(t < 3)))
        for case, runs in cases.items():
            if case.startswith("bbc_"):
                r = med(x.get("ratio_bare_over_pipeline") for x in runs)
                rows.append((f"{runs[0].get('files')} BBC articles: bare / pipeline >= 0.9{when}", x(r), verdict(r >= 0.9)))
    rows += perf_dagster.target_rows()  # the same seeds target for runs the sensor makes
    # speed_reuters.json: the NLP step at the current revision; speed_reuters_curve.json: the 5k/10k/19k curve.
    for reuters in filter(None, (load("speed_reuters.json"), load("speed_reuters_curve.json"))):
        scaling = [r for r in reuters["runs"] if r["case"].startswith("reuters_")]
        if scaling:
            largest = max(r["records"] for r in scaling)
            smallest = min(r["records"] for r in scaling)
            big = [r for r in scaling if r["records"] == largest]
            small_runs = [r for r in scaling if r["records"] == smallest]
            with_bare = [r for r in scaling if r.get("nlp_step_over_bare_parse")]
            if with_bare:
                measured = max(r["records"] for r in with_bare)
                step = med(r["nlp_step_over_bare_parse"] for r in with_bare if r["records"] == measured)
                rows.append((f"Reuters ({measured:,} records): NLP step within 10 % of the bare parse "
                             f"(`{reuters['revision']}`, {reuters['measured_at']})", x(step),
                             verdict(step <= 1.10)))
            if largest > smallest:
                growth = med(r["pipeline"]["seconds"] for r in big) / med(r["pipeline"]["seconds"] for r in small_runs)
                mem = med(r["pipeline"]["peak_memory_mib"] for r in big) / med(r["pipeline"]["peak_memory_mib"] for r in small_runs)
                factor = largest / smallest
                rows.append((f"Reuters {smallest:,} -> {largest:,} records ({factor:.1f}x): wall time grows at most linearly",
                             f"{growth:.2f}x", verdict(growth <= factor)))
                rows.append((f"Reuters {smallest:,} -> {largest:,} records ({factor:.1f}x): peak memory grows at most linearly",
                             f"{mem:.2f}x", verdict(mem <= factor)))
        incremental = [r for r in reuters["runs"] if r["case"] == "incremental_batch"]
        if incremental:
            r = med(x["ratio_full_over_empty"] for x in incremental)
            rows.append((f"{incremental[0]['batch_records']} new records cost the same on a full warehouse "
                         f"({incremental[0]['full_warehouse_articles']:,} articles) as on an empty one (within 10 %; "
                         f"`{reuters['revision']}`, {len(incremental)} pair(s), the largest load's own warehouse)",
                         f"full / empty {x(r)}", verdict(r <= 1.10)))
    # The same target on kept whole-corpus warehouses (speed.py --incremental-db), several pairs each; a code
    # measured again (tag X_again) is judged on the pairs of both sets, not on either set alone.
    pooled: dict[str, tuple[list[str], list[dict]]] = {}
    for tag, data, incremental in incremental_measurements():
        if incremental[0]["full_warehouse_articles"] < WHOLE_CORPUS_ARTICLES:
            continue
        revisions, runs = pooled.setdefault(tag.removesuffix("_again"), ([], []))
        revisions.append(data["revision"])
        runs.extend(incremental)
    for tag, (revisions, incremental) in pooled.items():
        r = med(x["ratio_full_over_empty"] for x in incremental)
        sets = f", {len(revisions)} sets" if len(revisions) > 1 else ""
        rows.append((f"{incremental[0]['batch_records']} new records cost the same on a kept warehouse of "
                     f"{incremental[0]['full_warehouse_articles']:,} articles as on an empty one (within 10 %; "
                     f"{tag}, {', '.join(f'`{rev}`' for rev in dict.fromkeys(revisions))}, {len(incremental)} pairs{sets})",
                     f"full / empty {x(r)}", verdict(r <= 1.10)))
    if rows:
        lines += ["## Targets (issue 14)", "", "| target | measured (median) | |", "|---|---|---|"]
        lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
        lines += ["", "Each verdict is computed from the medians of the results files below, which may hold a single "
                  "run taken on a shared machine (see the load averages): on such runs a ratio of two separately "
                  "timed processes varies by tens of percent between pairs, so a verdict either way is weak evidence.",
                  ""]
