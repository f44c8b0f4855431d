"""docs/performance.md: where a run's CPU seconds go (benchmarks/run_cpu.py) and the check that a
speed-only change kept every row (benchmarks/same_warehouse.py)."""
from __future__ import annotations

import json

from perf_format import RESULTS, load, med, s, spread

PROCESSES = ("run process", "parse workers", "GX helper")
# Run-process steps shown by name; the others are summed into one line.
SHOWN_STEPS = 8


def _latest_run_cpu() -> dict | None:
    found = [json.loads(p.read_text(encoding="utf-8")) for p in RESULTS.glob("run_cpu*.json")]
    found = [d for d in found if not d.get("cprofile") and "before" in d.get("sides", {})]
    return max(found, key=lambda d: d["measured_at"]) if found else None


def run_cpu_section(lines: list[str]) -> None:
    data = _latest_run_cpu()
    if not data:
        return
    sides = data["sides"]
    after, before = sides["after"], sides["before"]
    rounds = len(after["rounds"])
    loads = [r["load_avg_before"][0] for side in sides.values() for r in side["rounds"]]
    lines += ["## Where a run's CPU seconds go", "",
              f"`benchmarks/run_cpu.py`, {data['measured_at']}: {data['files']} BBC articles into a new warehouse, "
              f"one fresh `newsetl run` per round, revision `{after['revision']}` against `{before['revision']}` in "
              f"alternating order, {rounds} round(s) each (load average at the start {min(loads):.1f}-{max(loads):.1f} "
              f"on {data['machine_cores']} cores: CPU seconds, which other people's load distorts much less than wall "
              "seconds), then the same command again with nothing new to do. CPU seconds per process are read from "
              "/proc while the run goes; the total is the run's whole process tree (RUSAGE_CHILDREN). Medians, "
              "range in brackets. Wall seconds are in the results file; under this load they say nothing of the code.", "",
              "| code | CPU seconds, all processes | run process | parse workers | GX helper | "
              "nothing new: CPU seconds |",
              "|---|---|---|---|---|---|"]
    for label, side in (("before", before), ("after", after)):
        runs = side["rounds"]
        per = [[r["cpu_by_process"].get(p) for r in runs] for p in PROCESSES]
        total = [r["cpu_seconds"] for r in runs]
        noop = [r["nothing_new"]["cpu_seconds"] for r in runs]
        lines.append(f"| {label}: `{side['revision']}` | {s(med(total))}{spread(total)} | "
                     + " | ".join(s(med(v)) + spread(v) for v in per)
                     + f" | {s(med(noop), 2)}{spread(noop)} |")
    steps = sorted({k for r in after["rounds"] for k in r.get("run_process_cpu_by_step", {})},
                   key=lambda k: -(med(r["run_process_cpu_by_step"].get(k) for r in after["rounds"]) or 0))

    def step_cpu(side: dict, step: str) -> float | None:
        return med(r.get("run_process_cpu_by_step", {}).get(step) for r in side["rounds"])

    lines += ["", "The run process's CPU seconds by Dagster step (from the step times in the run's event log; "
              "start-up is the CLI, the nothing-pending check, Dagster's import and instance):", "",
              "| step | before | after |", "|---|---|---|"]
    for step in steps[:SHOWN_STEPS]:
        lines.append(f"| {step} | {s(step_cpu(before, step), 2)} | {s(step_cpu(after, step), 2)} |")
    rest = steps[SHOWN_STEPS:]
    if rest:
        lines.append(f"| the other {len(rest)} steps | {s(sum(step_cpu(before, k) or 0 for k in rest), 2)} | "
                     f"{s(sum(step_cpu(after, k) or 0 for k in rest), 2)} |")
    lines.append("")
    extractors_section(lines)
    claims_scans_line(lines)
    same = load("same_warehouse.json")
    if same:
        inputs = same["inputs"]
        rows = sum(same["rows_per_table"].values())
        lines += [f"Same rows: `benchmarks/same_warehouse.py`, {same['measured_at']}: `newsetl run` by `{same['before']}` "
                  f"and by `{same['after']}` over the seeds, {inputs['bbc_files']} BBC files and {inputs['reuters_records']} "
                  f"Reuters records, every table and view compared row for row ({rows:,} rows in "
                  f"{len(same['rows_per_table'])} tables and views; run ids, the clock and code versions left out): "
                  + ("identical." if same["same"] else f"{len(same['differences'])} difference(s)."), ""]


def extractors_section(lines: list[str]) -> None:
    """The extractors alone on the same parsed Docs, before and after (benchmarks/nlp_profile.py
    --extractors-only)."""
    data = load("extractors_before_after.json")
    if not data:
        return
    ba = data["extractors_before_after"]
    b, a = ba["before"], ba["after"]
    lines += [f"The extractors alone (`benchmarks/nlp_profile.py --extractors-only`, {data['measured_at']}, load average "
              f"{data['load_avg'][0]:.1f}): {data['docs']} cleaned articles ({data['reuters']} Reuters, {data['bbc']} BBC, "
              f"{data['tokens']:,} tokens) parsed once, then each extractor timed on the same Docs under "
              f"`{b['revision']}` and `{a['revision']}` in fresh interpreters taking turns, CPU seconds, the fastest of "
              f"{data['rounds']} each; extract_rows' output {'identical' if ba['same_rows'] else 'DIFFERENT'} on both "
              "sides.", "",
              "| extractor | before | after | change |", "|---|---|---|---|"]
    labels = {"extract_rows": "extract_rows (the four, and each numeric claim's context: claim_context.py)",
              "doc.text builds": "doc.pyx generator runs (doc.text, doc.sents)"}
    for name in b["seconds"]:
        old, new = b["seconds"][name], a["seconds"].get(name)
        change = f"{(new - old) / old * 100:+.0f} %" if old and new is not None else "-"
        lines.append(f"| {labels.get(name, name)} | {s(old, 2)} | {s(new, 2)} | {change} |")
    for name in b.get("calls_per_article", {}):
        old, new = b["calls_per_article"][name], a["calls_per_article"].get(name)
        lines.append(f"| {labels.get(name, name)} per article | {old:,.0f} | {new:,.0f} | "
                     f"{(new - old) / old * 100:+.0f} % |" if old else f"| {name} per article | {old} | {new} | - |")
    lines.append("")


def claims_scans_line(lines: list[str]) -> None:
    """The claim extractor's two text scans, before and after (benchmarks/claims_scans_cpu.py)."""
    data = load("claims_scans_cpu.json")
    if not data:
        return
    b, a = (data["sides"][side]["fastest_cpu_seconds"] for side in ("before", "after"))
    inputs = data["inputs"]
    lines += [f"The claim extractor's two text scans (`benchmarks/claims_scans_cpu.py`, {data['measured_at']}, "
              f"{inputs['texts']} cleaned articles: {inputs['bbc_files']} BBC and {inputs['reuters_records']} Reuters "
              f"drawn with seed {inputs['seed']}; CPU seconds, the fastest of {data['rounds']} turns each): blocked spans "
              f"{s(b['blocked_mask'], 2)} -> {s(a['blocked_mask'], 2)}, figure scan {s(b['core_scan'], 2)} -> "
              f"{s(a['core_scan'], 2)} (`{data['sides']['before']['revision']}` -> "
              f"`{data['sides']['after']['revision']}`); every span and group "
              f"{'the same' if data['same_output'] else 'DIFFERENT'} on both sides."
              + _claims_extractor_change(), ""]


def _claims_extractor_change() -> str:
    """The claims extractor as a whole on parsed Docs (nlp_profile.py --extractors-only into
    extractors_claims_scans.json), when measured."""
    data = load("extractors_claims_scans.json")
    if not data:
        return ""
    ba = data["extractors_before_after"]
    old, new = ba["before"]["seconds"]["claims"], ba["after"]["seconds"]["claims"]
    return (f" The claims extractor as a whole (`benchmarks/nlp_profile.py --extractors-only`: {data['docs']} parsed "
            f"articles, {data['reuters']} Reuters and {data['bbc']} BBC, {data['measured_at']}, "
            f"load average {data['load_avg'][0]:.1f}, fastest of {data['rounds']}): {s(old, 2)} -> {s(new, 2)} "
            f"({(new - old) / old * 100:+.0f} %), extract_rows' output {'identical' if ba['same_rows'] else 'DIFFERENT'}.")
