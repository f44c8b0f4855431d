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
    nlp_parent_section(lines)
    parse_schedule_section(lines)
    extractors_section(lines)
    claims_scans_line(lines)
    same = _latest_same_warehouse()
    if same:
        inputs = same["inputs"]
        rows = sum(same["rows_per_table"].values())
        lines += [f"Same rows: `benchmarks/same_warehouse.py`, {same['measured_at']}: `newsetl run` by `{same['before']}` "
                  f"and by `{same['after']}` over the seeds, {inputs['bbc_files']} BBC files and {inputs['reuters_records']} "
                  f"Reuters records, every table and view compared row for row ({rows:,} rows in "
                  f"{len(same['rows_per_table'])} tables and views; run ids, the clock and code versions left out): "
                  + ("identical." if same["same"] else f"{len(same['differences'])} difference(s)."), ""]


def _latest_same_warehouse() -> dict | None:
    found = [json.loads(p.read_text(encoding="utf-8")) for p in RESULTS.glob("same_warehouse*.json")]
    return max(found, key=lambda d: d["measured_at"]) if found else None


def nlp_parent_section(lines: list[str]) -> None:
    """What the NLP step's own process spends CPU on (benchmarks/run_cpu_nlp_parent.py)."""
    data = load("run_cpu_nlp_parent.json")
    if not data:
        return
    before = data["before_the_fork_cpu_seconds"]
    names = {"write": "write the rows (_write)", "frames": "  of which row dicts -> frames",
             "inserts": "  of which inserts", "join": "join each article's rows (from_rows)"}
    split = {key: data["run_nlp_parent_split"].get(name) for key, name in names.items()}
    lines += [f"The NLP step's own process (`benchmarks/run_cpu_nlp_parent.py`, `{data['revision']}`, "
              f"{data['measured_at']}, load average {data['load_avg_before'][0]:.1f}): {data['articles_parsed']} BBC "
              "articles, CPU seconds in a fresh interpreter. Before its workers are forked (one after another, on the "
              "run's critical path: no worker parses yet):", "",
              "| before the fork | CPU seconds |", "|---|---|"]
    lines += [f"| {name} | {s(value, 2)} |" for name, value in before.items()]
    lines += [f"| together | {s(sum(before.values()), 2)} |", "",
              f"Then `run_nlp` itself: {s(data['run_nlp_parent_cpu_seconds'], 2)} in the parent (planning, fetching "
              f"bodies, handing out batches, joining rows, writing), of which writing the rows {s(split['write'], 2)} "
              f"(row dicts -> frames {s(split['frames'], 2)}, inserts {s(split['inserts'], 2)}) and joining each "
              f"article's rows {s(split['join'], 2)}. With one commit batch (fewer articles than `NEWSETL_NLP_COMMIT_EVERY`) the write runs after "
              "the last parse, with no worker left to overlap it.", ""]
    prefork_section(lines)


def _latest_prefork() -> dict | None:
    found = [json.loads(p.read_text(encoding="utf-8")) for p in RESULTS.glob("prefork_cpu*.json")]
    return max(found, key=lambda d: d["measured_at"]) if found else None


def prefork_section(lines: list[str]) -> None:
    """The same loads before the fork by two checkouts taking turns (benchmarks/prefork_cpu.py)."""
    data = _latest_prefork()
    if not data:
        return
    before, after = data["before"], data["after"]
    lines += [f"Before the fork, two checkouts taking turns (`benchmarks/prefork_cpu.py`, {data['measured_at']}, "
              f"load average {data['load_avg_before'][0]:.1f}; medians of {data['rounds']} fresh interpreters each, "
              "the cache folder warmed once per side as an earlier run leaves it):", "",
              f"| before the fork | `{before['revision']}` | `{after['revision']}` |", "|---|---|---|"]
    lines += [f"| {name} | {s(value, 2)} | {s(after['median_cpu_seconds'].get(name), 2)} |"
              for name, value in before["median_cpu_seconds"].items()]
    lines += [f"| together | {s(before['median_together'], 2)} | {s(after['median_together'], 2)} |", ""]


def parse_schedule_section(lines: list[str]) -> None:
    """The parse workers' idle time at the step's end, replayed (benchmarks/speed_parse_schedule.py)."""
    data = load("speed_parse_schedule.json")
    if not data:
        return
    measured = data.get("costs_measured") or data
    rand = data["idle_at_end_random_orders"]
    plan = data["idle_at_end_plan_order"]
    lines += [f"The parse workers at the step's end (`benchmarks/speed_parse_schedule.py`, costs measured "
              f"{measured['measured_at']} at `{measured['revision']}`, load average {measured['load_avg_before'][0]:.1f}): "
              f"each of {data['articles']} cleaned BBC articles parsed and extracted alone (CPU seconds: median "
              f"{s(data['cpu_seconds_per_article']['median'], 3)}, at most {s(data['cpu_seconds_per_article']['max'], 2)}; "
              f"{s(data['cpu_seconds_all_articles'], 1)} in all"
              + (f", of which the parse without the extraction component {s(data['cpu_seconds_parse_only'], 1)} and "
                 f"the extractors {s(data['cpu_seconds_extraction'], 1)}, "
                 f"{data['cpu_seconds_extraction'] / data['cpu_seconds_parse_only'] * 100:.0f} % of that parse"
                 if data.get("cpu_seconds_parse_only") else "")
              + "; its rows "
              f"{'the same' if data['rows_alone_same_as_batched'] else 'NOT the same'} as parsed in batches of "
              f"{data['batch_size']}), then the workers' hand-out replayed on those costs with {data['processes']} "
              f"workers. Idle: how long one worker waits for the other at the end (makespan - "
              f"{s(data['even_split_seconds'], 2)}, the even split), in the plan's order and over {rand['count']} "
              f"random orders (seed {rand['seed']}):", "",
              "| batches | queued ahead per worker | idle, plan order | idle, random orders: mean (p90, max) |",
              "|---|---|---|---|"]
    labels = {"fixed": f"{data['batch_size']} articles", "tapered": "tapering at the end (`batch_limit`)"}
    for name, summary in rand.items():
        if not isinstance(summary, dict):
            continue
        cut, ahead = name.split(", ", 1)
        lines.append(f"| {labels[cut]} | {ahead.removesuffix(' ahead')} | {s(plan[name], 2)} | "
                     f"{s(summary['mean'], 2)} ({s(summary['p90'], 2)}, {s(summary['max'], 2)}) |")
    lines += ["", "The parse workers hand out batches of the tapering kind and, once they taper, one ahead per "
              "worker (the last row): with four ahead the last batches were queued behind a worker that was not "
              "the first to run out.", ""]


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
