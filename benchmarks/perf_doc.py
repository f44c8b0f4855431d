"""Regenerate docs/performance.md from the results files in benchmarks/results/.

Every figure in the doc is read from a results file written by a benchmark run
(speed_*.json from benchmarks/speed.py, pipeline_*.json from
benchmarks/pipeline_corpus.py); the prose around them holds no number of its own,
so the doc cannot drift from the measurements. Run after any benchmark:

    .venv/bin/python benchmarks/perf_doc.py
"""
from __future__ import annotations

import sys

from perf_format import ROOT, by_case, incremental_measurements, latest_before, load, med, mib, s, spread, x
from perf_cpu import run_cpu_section
from perf_targets import targets_section

DOC = ROOT / "docs" / "performance.md"


def case_row(label: str, runs: list[dict]) -> list[str]:
    pipe = [r["pipeline"]["seconds"] for r in runs]
    bare = [r.get("bare", {}).get("seconds") for r in runs]
    ratios = [r.get("ratio_bare_over_pipeline") for r in runs]
    load = [r["load_avg_before"][0] for r in runs if r.get("load_avg_before")]
    procs = sorted({r["bare"]["processes"] for r in runs if r.get("bare")})
    cpu_pipe = med(r["pipeline"].get("cpu_seconds") for r in runs)
    cpu_bare = med(r.get("bare", {}).get("cpu_seconds") for r in runs)
    cpu = "-" if cpu_pipe is None else (f"{s(cpu_bare)} / {s(cpu_pipe)} = {x(med(r.get('cpu_ratio_bare_over_pipeline') for r in runs))}"
                                        if cpu_bare is not None else f"- / {s(cpu_pipe)}")
    return [label, str(len(runs)), ", ".join(map(str, procs)) or "-", s(med(bare)) + spread(bare),
            s(med(pipe)) + spread(pipe), x(med(ratios)), cpu,
            mib(med(r["pipeline"]["peak_memory_mib"] for r in runs)), f"{med(load):.1f}" if load else "-"]


CASE_LABELS = {
    "seeds_new_warehouse": "5 sample articles, new warehouse",
    "seeds_nothing_new": "the same again, nothing new to do",
}


def small_section(lines: list[str], name: str = "speed_small",
                  heading: str = "Small and medium runs: fixed cost against the parse") -> None:
    after, before = load(f"{name}.json"), latest_before(name)
    if not after:
        return
    lines += [f"## {heading}", ""]
    lines += [f"`benchmarks/speed.py`, measured {after['measured_at']} at revision `{after['revision']}`"
              + (f", against revision `{before['revision']}` measured {before['measured_at']} (\"before\")" if before else "")
              + f"; {after['repeat']} repetition(s), medians shown with the range in brackets.", ""]
    header = ["| work | pairs | parse processes | bare spaCy (import + load + parse) | `newsetl run` | bare / pipeline | CPU seconds, bare / pipeline (all processes) | peak memory (all processes) | load average at start |",
              "|---|---|---|---|---|---|---|---|---|"]
    lines += header
    for label, data in (("before", before), ("after", after)):
        if not data:
            continue
        for case, runs in by_case(data["runs"]).items():
            name = CASE_LABELS.get(case) or (f"{runs[0].get('files', '')} BBC articles" if case.startswith("bbc") else case)
            lines.append("| " + " | ".join(case_row(f"{name} ({label})" if before else name, runs)) + " |")
    lines.append("")
    lines += ["CPU seconds are user + system time of the whole process tree (GX helper and NLP workers "
              "included): the work each side did. On a machine busier than its cores the wall-clock ratio "
              "mostly measures the other load, and a design that overlaps work on two cores cannot show; "
              "the CPU ratio is less distorted by it, but says nothing of what ran in parallel.", ""]
    lines += ["\"Parse processes\" is what both sides parsed with: the pipeline's NLP workers and the bare "
              "parse's `n_process`. The bare side splits into import + model load and parse:", ""]
    lines += ["| work | bare: import + load | bare: parse | bare processes |", "|---|---|---|---|"]
    for case, runs in by_case(after["runs"]).items():
        if any("bare" in r for r in runs):
            name = CASE_LABELS.get(case) or (f"{runs[0].get('files', '')} BBC articles" if case.startswith("bbc") else case)
            lines.append(f"| {name} | {s(med(r['bare']['import_load_seconds'] for r in runs))} | "
                         f"{s(med(r['bare']['parse_seconds'] for r in runs))} | {runs[0]['bare']['processes']} |")
    lines.append("")


PHASE_LABELS = {
    "interpreter_and_cli_import": "interpreter start + `pipelines.cli` import",
    "pending_check": "nothing-pending check (one DuckDB connection)",
    "dagster_import": "GX helper start + `import dagster`",
    "definitions_import": "import of the asset graph (`pipelines.definitions`)",
    "dagster_instance": "Dagster instance (ephemeral: in-memory SQLite + migrations)",
    "run_start_to_first_step": "run start to the first step",
    "steps_first_to_last": "first step start to last step end (table below)",
    "between_steps": "  of which Dagster between steps (event log, step set-up)",
    "run_end_to_return": "last step end to `execute_in_process` return",
    "summary_and_timings": "summary printed (reads the warehouse)",
    "exit": "interpreter exit",
}


def profile_reading(lines: list[str], runs: list[dict], wall: float) -> None:
    """The profile in a few sentences, every figure computed from the same runs."""
    def m(getter):
        return med(getter(r) for r in runs)

    def share(v):
        return f"{v / wall * 100:.0f} %"

    start = m(lambda r: r["pipeline"].get("marks_after_launch", {}).get("first_step_started"))
    dagster = m(lambda r: sum(r["pipeline"]["phases"].get(k, 0) for k in
                              ("dagster_import", "definitions_import", "dagster_instance", "run_start_to_first_step")))
    checks = m(lambda r: sum(v for k, v in r["pipeline"]["steps"].items() if k.endswith("_expectations")))
    n_checks = m(lambda r: sum(1 for k in r["pipeline"]["steps"] if k.endswith("_expectations")))
    warm = m(lambda r: sum((r["pipeline"].get("warmup") or {}).values()))  # older results: work done while checks waited
    nlp = m(lambda r: r["pipeline"]["steps"].get("nlp_pass"))
    bare = m(lambda r: r.get("bare", {}).get("seconds"))
    stories = m(lambda r: r["pipeline"]["steps"].get("stories_pass"))
    ingest = m(lambda r: r["pipeline"]["steps"].get("raw_articles"))
    if None in (start, dagster, checks, nlp, bare):
        return
    lines += ["Read with the bare parse of the same texts beside it:", "",
              f"- {s(start)} ({share(start)}) pass before the first step; {s(dagster)} of them are Dagster's "
              "(its import, the asset graph, the ephemeral instance with its SQLite migrations, the run's start).",
              f"- The {n_checks:.0f} check steps take {s(checks)} ({share(checks)}): GX validation in the helper, the DuckDB "
              "queries for unchecked rows and invariants, the outcome writes"
              + (f", and {s(warm)} of warm-up for later steps done while they waited" if warm else "") + ".",
              f"- The NLP step takes {s(nlp)}, the bare import + load + parse {s(bare)}"
              + (" (with the warm-up, the model and the extractors' imports are loaded before the step starts)"
                 if warm else "") + ".",
              f"- Ingest takes {s(ingest)} for five files; the stories step {s(stories)}.", ""]


def run_profile_section(lines: list[str], name: str = "speed_small", heading: str = "Profile of a small run") -> None:
    """Where the wall time of the seeds run went: start-up phases, every step, GX (from --timings)."""
    after, before = load(f"{name}.json"), latest_before(name)
    if not after:
        return

    def runs_of(data, case):
        return [r for r in (data or {}).get("runs", []) if r["case"] == case and r["pipeline"].get("phases")]

    cases = [c for c in ("seeds_new_warehouse", "seeds_nothing_new") if runs_of(after, c)]
    if not cases:
        return
    lines += [f"## {heading}", "",
              "`newsetl run --timings FILE` writes wall-clock marks of its start-up phases, the start and end of "
              "every Dagster step (from the run's event log) and what GX cost; `benchmarks/speed.py` turns them "
              "into seconds (medians of the repetitions; columns \"before\" when the before-results file has a "
              "profile too). Steps overlap nothing: the job's executor runs them one after another.", ""]
    for case in cases:
        now = runs_of(after, case)
        # An older checkout without --timings has its steps (from Dagster's log) but no phases.
        old = [r for r in (before or {}).get("runs", []) if r["case"] == case and r["pipeline"].get("steps")]
        wall_now = med(r["pipeline"]["seconds"] for r in now)
        header = f"| {CASE_LABELS.get(case, case)} | seconds | share of the run |" + (" before |" if old else "")
        lines += [header, "|---|---|---|" + ("---|" if old else "")]

        def row(label, getter):
            value = med(getter(r) for r in now)
            if value is None:
                return
            cells = [label, s(value, 2), f"{value / wall_now * 100:.0f} %"]
            if old:
                try:
                    cells.append(s(med(getter(r) for r in old), 2))
                except (KeyError, TypeError, AttributeError):
                    cells.append("-")
            lines.append("| " + " | ".join(cells) + " |")

        row("whole run (launch to exit)", lambda r: r["pipeline"]["seconds"])
        for key, label in PHASE_LABELS.items():
            row(label, lambda r, k=key: r["pipeline"]["phases"].get(k))
        order = {k: med(r["pipeline"]["steps"].get(k) for r in now) for r0 in now for k in r0["pipeline"]["steps"]}
        for key in sorted(order, key=lambda k: -(order[k] or 0)):
            row(f"step `{key}`", lambda r, k=key: r["pipeline"]["steps"].get(k))
        gx = [r["pipeline"].get("gx") or {} for r in now]
        if any(g.get("validations") for g in gx):
            row("GX helper: import + context (its own process)", lambda r: (r["pipeline"].get("gx") or {}).get("helper_import_seconds"))
            row("GX: first check waiting for the helper's import", lambda r: (r["pipeline"].get("gx") or {}).get("waited_for_import"))
            row("GX: validations (all suites, incl. waiting)", lambda r: (r["pipeline"].get("gx") or {}).get("validation_seconds"))
        lines.append("")
        if case == "seeds_new_warehouse":
            profile_reading(lines, now, wall_now)


def freshness_section(lines: list[str]) -> None:
    """A file dropped into landing/ under `dg dev` until queryable (benchmarks/freshness.py)."""
    data = load("freshness.json")
    if not data:
        return
    runs = data["runs"]
    first = data.get("first_file_new_warehouse") or {}
    lines += ["## Freshness under `dg dev`", "",
              f"`benchmarks/freshness.py`, `{data['revision']}`, {data['measured_at']}: `dg dev` with default settings "
              "(sensor interval included); one file at a time dropped into the landing folder, timed until another "
              "process reads its article with its NLP rows. Every run starts in a new run worker process.", "",
              "| drop | seconds to queryable | most processes of the `dg dev` tree | load average at the drop |",
              "|---|---|---|---|"]
    if first:
        lines.append(f"| {first['file']} (into a new warehouse) | {s(first['seconds_to_queryable'])} | "
                     f"{first['max_processes']} | {first['load_avg_before']:.1f} |")
    lines += [f"| {r['file']} | {s(r['seconds_to_queryable'])} | {r['max_processes']} | {r['load_avg_before']:.1f} |"
              for r in runs]
    lines += ["", f"Idle, the `dg dev` tree has {data['idle_processes']} processes (dg, webserver, daemon, code server).", ""]


def gx_helper_section(lines: list[str]) -> None:
    """`newsetl run` with the GX helper process and without it (benchmarks/gx_helper_pays.py)."""
    data = load("gx_helper_pays.json")
    if not data:
        return
    lines += ["## GX in a helper process", "",
              f"`benchmarks/gx_helper_pays.py`, `{data['revision']}`, {data['measured_at']}: pairs of fresh `newsetl run` "
              f"over the same {data['files']} BBC articles into new warehouses, with the GX helper "
              "(`NEWSETL_GX_PROCESS=1`, the default) and without it (GX imported in the run's process at the first "
              "check), in alternating order; nothing is warm on either side.", "",
              "| pair | with helper: wall / CPU | in the run's process: wall / CPU | in-process / helper (wall) | load average |",
              "|---|---|---|---|---|"]
    for i, pair in enumerate(data["pairs"], 1):
        h, p = pair["helper"], pair["in_process"]
        lines.append(f"| {i} | {s(h['seconds'])} / {s(h['cpu_seconds'])} | {s(p['seconds'])} / {s(p['cpu_seconds'])} | "
                     f"{x(pair['in_process_over_helper'])} | {h['load_avg_before']:.1f}, {p['load_avg_before']:.1f} |")
    ratios = [pair["in_process_over_helper"] for pair in data["pairs"]]
    lines += ["", f"Median in-process / helper: {x(med(ratios))}{spread(ratios)}; above 1 the helper saves wall time.", ""]


def reuters_section(lines: list[str], name: str = "speed_reuters",
                    heading: str = "Reuters-21578: scaling, memory and the NLP step") -> None:
    data = load(f"{name}.json")
    if not data:
        return
    lines += [f"## {heading}", ""]
    lines += [f"`benchmarks/speed.py --reuters`, measured {data['measured_at']} at revision `{data['revision']}`; "
              "each size is the first N records loaded by one `newsetl run` into a new warehouse"
              + (", then the bare parse of the texts that run parsed." if any("bare" in r for r in data["runs"])
                 else " (no bare parse: `--bare-sizes ''`)."), ""]
    lines += ["| records | `newsetl run` | per 1,000 records | peak memory (all processes) | NLP step | bare parse (parse only) | NLP step / bare parse | bare / pipeline (whole) |",
              "|---|---|---|---|---|---|---|---|"]
    scaling = [r for r in data["runs"] if r["case"].startswith("reuters_")]
    for records in sorted({r["records"] for r in scaling}):
        runs = [r for r in scaling if r["records"] == records]
        pipe = med(r["pipeline"]["seconds"] for r in runs)
        nlp = med(r["pipeline"]["steps"].get("nlp_pass") for r in runs)
        bare_parse = med(r.get("bare", {}).get("parse_seconds") for r in runs)  # --bare-sizes may skip it
        lines.append(f"| {records:,} | {s(pipe)} | {s(pipe / records * 1000, 2)} | "
                     f"{mib(med(r['pipeline']['peak_memory_mib'] for r in runs))} | {s(nlp)} | {s(bare_parse)} | "
                     f"{x(med(r.get('nlp_step_over_bare_parse') for r in runs))} | {x(med(r.get('ratio_bare_over_pipeline') for r in runs))} |")
    lines.append("")
    steps, memory = {}, {}
    for r in scaling:
        if r["records"] == max(x["records"] for x in scaling):
            for k, v in r["pipeline"]["steps"].items():
                steps.setdefault(k, []).append(v)
                memory.setdefault(k, []).append(r["pipeline"].get("step_peak_memory_mib", {}).get(k))
    if steps:
        lines += [f"Steps of the largest load ({max(r['records'] for r in scaling):,} records), from Dagster's log, "
                  "with the highest memory of all processes sampled during each:", "",
                  "| step | seconds | peak memory during the step |", "|---|---|---|"]
        lines += [f"| {k} | {s(med(v))} | {mib(med(memory[k]))} |" for k, v in steps.items()]
        lines.append("")
    incremental = [r for r in data["runs"] if r["case"] == "incremental_batch"]
    if incremental:
        r0 = incremental[0]
        lines += [f"### An incremental batch of {r0['batch_records']} records", "",
                  f"The last {r0['batch_records']} Reuters records, loaded into an empty warehouse and into the "
                  f"warehouse of the largest load above ({r0['full_warehouse_articles']:,} articles), each a fresh "
                  "`newsetl run`:", "",
                  "| warehouse | `newsetl run` | NLP step | cleaning step | entities step | full / empty |", "|---|---|---|---|---|---|"]
        for key, label in (("empty", "empty"), ("full", f"{r0['full_warehouse_articles']:,} articles")):
            lines.append(f"| {label} | {s(med(r[key]['pipeline']['seconds'] for r in incremental))} | "
                         f"{s(med(r[key]['pipeline']['steps'].get('nlp_pass') for r in incremental), 2)} | "
                         f"{s(med(r[key]['pipeline']['steps'].get('articles') for r in incremental), 2)} | "
                         f"{s(med(r[key]['pipeline']['steps'].get('entities') for r in incremental), 2)} | "
                         + (x(med(r['ratio_full_over_empty'] for r in incremental)) if key == "full" else "") + " |")
        lines.append("")


def stories_parse_section(lines: list[str]) -> None:
    """the stories stage without its own parse (benchmarks/stories_one_parse.py)."""
    data = load("stories_one_parse.json")
    if not data:
        return
    b, a, c = data["runs"]["before"], data["runs"]["after"], data["date_claims_compared"]
    lines += ["### One parse per article: the stories stage", "",
              f"`benchmarks/stories_one_parse.py`, {data['measured_at']}: {data['input']}, one `newsetl run` into a new "
              "warehouse by the code whose stories stage parsed the date paragraphs again and by the code whose NLP "
              "pass stores date candidates, back to back (load average at the start in brackets).", "",
              "| code | `newsetl run` | NLP step | stories step | date claims |", "|---|---|---|---|---|"]
    for label, r in (("stories stage parses again", b), ("date candidates from the NLP pass", a)):
        lines.append(f"| {label} [{r['load_avg_before'][0]}] | {s(r['seconds'])} | {s(r['steps'].get('nlp_pass'))} | "
                     f"{s(r['steps'].get('stories_pass'), 2)} | {r['date_claims']} |")
    lines += ["", f"Of the {c['before']} and {c['after']} date claims, {c['same_expression']} are the same expression, "
              f"{c['identical_rows']} identical in every column and {c['same_day_and_event_class']} resolve to the same "
              "day and event class: the whole-article parse attaches a few words differently from a paragraph parsed "
              "alone (a sentence can run across a paragraph break in it).", ""]


def ingest_cleaning_section(lines: list[str]) -> None:
    """CPU seconds of ingest and cleaning, two revisions side by side (benchmarks/ingest_cleaning_cpu.py)."""
    data = load("ingest_cleaning_cpu.json")
    if not data:
        return
    lines += ["### Ingest and cleaning: CPU seconds before and after", "",
              f"`benchmarks/ingest_cleaning_cpu.py`, {data['measured_at']}: revision `{data['after']}` against "
              f"`{data['before']}`, {data['repeat']} alternating runs each, the two stage functions in a fresh process "
              f"on a new warehouse (load average at the start {data['load_average_start'][0]:.1f}: CPU seconds, "
              "since wall seconds mostly measure the other load). Medians of the runs after the first (the first "
              "also writes the language model's cache); \"same rows\": every table the two stages write compared "
              "row for row.", "",
              "| input | ingest before | ingest after | cleaning before | cleaning after | same rows |",
              "|---|---|---|---|---|---|"]
    for name, case in data["cases"].items():
        cells = [s(case[f"{side}_{stage}_cpu"]["later_median"], 2) for stage in ("ingest", "cleaning")
                 for side in ("before", "after")]
        lines.append(f"| {name} | {' | '.join(cells)} | {'yes' if not case['differences'] else 'NO'} |")
    lines.append("")


def checkpoint_section(lines: list[str]) -> None:
    """what closing a writable connection costs on a large warehouse, keyed and unkeyed
    (benchmarks/checkpoint_cost.py)."""
    data = load("checkpoint_cost.json")
    if not data:
        return
    lines += ["### A write on a large warehouse: the key index rewritten at every close", "",
              f"`benchmarks/checkpoint_cost.py`, {data['measured_at']} (DuckDB {data['duckdb']}), on a copy of a "
              f"warehouse holding {data['warehouse_articles']:,} Reuters articles: the rows of 1 and of 500 articles "
              "replaced in one transaction, then the connection closed (DuckDB checkpoints on the last close, and a "
              "checkpoint rewrites the whole key index of every table the connection changed). Medians of "
              f"{data['repeat']} rounds. Each short-lived writable connection of a run paid this close, which is why "
              "the tables in `warehouse.ROW_KEYS` no longer have a PRIMARY KEY in the DuckDB file.", "",
              "| table | rows | with its PRIMARY KEY: close after 1 / 500 articles | unkeyed: close after 1 / 500 "
              "articles | write (keyed / unkeyed, 500 articles) |", "|---|---|---|---|---|"]
    by = {(c["table"], c["primary_key"], c["articles_replaced"]): c for c in data["cases"]}
    for table in dict.fromkeys(c["table"] for c in data["cases"]):
        keyed = [by.get((table, True, n)) for n in (1, 500)]
        unkeyed = [by.get((table, False, n)) for n in (1, 500)]
        if None in keyed or None in unkeyed:
            continue
        lines.append(f"| {table} | {keyed[0]['rows']:,} | {s(keyed[0]['close_seconds'], 2)} / {s(keyed[1]['close_seconds'], 2)} | "
                     f"{s(unkeyed[0]['close_seconds'], 2)} / {s(unkeyed[1]['close_seconds'], 2)} | "
                     f"{s(keyed[1]['write_seconds'], 2)} / {s(unkeyed[1]['write_seconds'], 2)} |")
    lines.append("")


EARLY_STEPS = ("raw_articles", "raw_articles_raw_articles_expectations", "articles", "articles_articles_expectations",
               "nlp_pass")


def incremental_section(lines: list[str]) -> None:
    """the incremental batch on a kept warehouse, per code revision (speed_reuters_incremental_*.json,
    from `speed.py --incremental-db`), with the steps whose time grew most on the full warehouse."""
    measured = incremental_measurements()
    if not measured:
        return
    lines += ["### The incremental batch on a kept warehouse, before and after making per-run work incremental", "",
              "`benchmarks/speed.py --incremental-db`: the full warehouse is a copy of one kept from an earlier load "
              "(the first records of the corpus), first given one run with nothing new (what an upgrade does once: "
              "checks re-run under changed suites), then the batch (the corpus's last records) is loaded into it and "
              "into an empty warehouse (results that record an `order` alternate which of the two runs first in each "
              "pair; older ones always ran the empty warehouse first). Times, the steps after the parse and the steps' growth are medians "
              "over the pairs; load average at the start of the first pair's runs in brackets (2 cores: above 2 means "
              "other work ran on the machine)." + _repeat_note(measured), "",
              "| code | revision, measured | full warehouse | empty | full | full / empty | steps after the parse, "
              "empty / full | forced run with nothing new (first on the copy) | steps that grew most (full - empty) |",
              "|---|---|---|---|---|---|---|---|---|"]
    for tag, data, runs in measured:
        r = runs[0]
        # Medians over the pairs: one pair's step times swing by tenths of a second with the machine.
        growth = {k: med(run["full"]["pipeline"]["steps"].get(k, 0.0) - run["empty"]["pipeline"]["steps"].get(k, 0.0)
                         for run in runs)
                  for k in r["full"]["pipeline"]["steps"]}
        top = ", ".join(f"{k} {v:+.1f} s" for k, v in sorted(growth.items(), key=lambda kv: -kv[1])[:4])
        settle = r.get("settle_run")
        # The steps after the parse: what grows with the warehouse if anything does (the parse, ingest and the
        # first check, which imports GX, are the batch's own work and swing most with the machine's load).
        late = [med(sum(v for k, v in run[side]["pipeline"]["steps"].items() if k not in EARLY_STEPS) for run in runs)
                for side in ("empty", "full")]
        lines.append(f"| {tag} | `{data['revision']}`, {data['measured_at']} | {r['full_warehouse_articles']:,} articles | "
                     f"{s(med(run['empty']['pipeline']['seconds'] for run in runs))} [{r['empty']['load_avg_before'][0]}] | "
                     f"{s(med(run['full']['pipeline']['seconds'] for run in runs))} [{r['full']['load_avg_before'][0]}] | "
                     f"{x(med(run['ratio_full_over_empty'] for run in runs))} | {s(late[0])} / {s(late[1])} | "
                     f"{s(settle['pipeline']['seconds']) if settle else '-'} | {top} |")
    lines.append("")


def _repeat_note(measured) -> str:
    """What two sets of the same code (tags X and X_again) say about the noise of a median ratio."""
    ratios = {tag: med(run["ratio_full_over_empty"] for run in runs) for tag, _data, runs in measured}
    notes = [f" Two sets of the same code ({tag} and {tag}_again, {len(runs)} pairs each) differ by "
             f"{abs(ratios[tag + '_again'] - ratios[tag]):.2f} in their median ratio: a difference of that size "
             "between two codes is noise."
             for tag, _data, runs in measured if tag + "_again" in ratios]
    return "".join(notes)


def profile_section(lines: list[str]) -> None:
    data = load("speed_profile.json")
    if not data:
        return
    lines += ["## Profile of the NLP step", "", data.get("summary_heading", ""), ""]
    lines += ["| part | where it runs | seconds | share of the bare parse |", "|---|---|---|---|"]
    base = data["bare_parse_seconds"]
    for part in data["parts"]:
        lines.append(f"| {part['name']} | {part.get('where', '')} | {s(part['seconds'], 2)} | "
                     f"{part['seconds'] / base * 100:.1f} % |")
    lines.append("")

    compared = data.get("extractors_before_after")
    if compared:  # nlp_profile.py --before: the extractors under two revisions, on the same Docs
        b, a = compared["before"], compared["after"]
        lines += [f"Each extractor on the same parsed Docs under revision `{b['revision']}` (before) and "
                  f"`{a['revision']}` (after): CPU seconds in fresh interpreters taking turns, the fastest of each "
                  "side; below them, what spaCy built per article for the extractors (cProfile call counts, which do "
                  "not depend on the machine's load). extract_rows' output is "
                  f"{'identical' if compared['same_rows'] else 'DIFFERENT'} on both sides.", "",
                  "| extractor | before | after | change |", "|---|---|---|---|"]
        for key, before in b["seconds"].items():
            after = a["seconds"][key]
            lines.append(f"| {key} | {s(before, 2)} | {s(after, 2)} | {(after / before - 1) * 100:+.0f} % |")
        for key, before in b["calls_per_article"].items():
            after = a["calls_per_article"][key]
            change = f"{(after / before - 1) * 100:+.0f} %" if before else "-"
            lines.append(f"| {key} per article | {before:,.0f} | {after:,.0f} | {change} |")
        lines.append("")

    # What the profile says, in the words of the run that measured it (benchmarks/nlp_profile.py).
    if data.get("findings"):
        lines += ["What this says about the NLP step against the bare parse (shares of the bare parse of the same texts):", ""]
        lines += [f"- {finding}" for finding in data["findings"]]
        measured = [r for r in (load("speed_reuters.json") or {}).get("runs", []) if r.get("nlp_step_over_bare_parse")]
        if measured:  # the estimate beside what the whole NLP step measured against the bare parse
            r = measured[-1]
            lines.append(f"- Measured (speed_reuters.json, {r['records']:,} records, load average "
                         f"{r['load_avg_before'][0]} at the start): the NLP step took {x(r['nlp_step_over_bare_parse'])}x "
                         "the bare parse. The estimate above sums single-process component costs; the step also "
                         "runs the parent's writes and row joining on the same two cores as its two workers, which "
                         "this single-process profile does not capture: the gap between the two is not yet profiled.")
        lines.append("")
    if data.get("extractor_hotspots"):
        lines += ["Where the extractors spend their time (cProfile of `extract_rows` on the same Docs; cumulative, "
                  "so nested functions overlap):", "", "| function | calls | share of extract_rows |", "|---|---|---|"]
        lines += [f"| `{h['function']}` | {h['calls']:,} | {h['share_of_extract_rows'] * 100:.0f} % |"
                  for h in data["extractor_hotspots"]]
        lines.append("")


def corpus_section(lines: list[str]) -> None:
    rows = []
    for name, label in (("pipeline_bbc.json", "BBC"), ("pipeline_reuters21578.json", "Reuters-21578")):
        data = load(name)
        if not data:
            continue
        t = data["final_totals"]
        spacy = data.get("spacy_only", {})
        rows.append(f"| {label}, {data['batches']} incremental runs | {t['raw_articles']:,} / {t['articles']:,} / "
                    f"{t['rejected_inputs']:,} | {t['mentions']:,} / {t['quotes']:,} / {t['numeric_claims']:,} / "
                    f"{t['entities']:,} | {s(data['total_seconds'], 0)} | {s(data['nlp_step_seconds'], 0)} | "
                    f"{s(spacy.get('seconds'), 0)} | {x(data.get('nlp_step_overhead_vs_spacy'))} | "
                    f"{x(data.get('pipeline_overhead_vs_spacy'))} |")
    if not rows:
        return
    lines += ["## Whole corpora in several incremental runs (`benchmarks/pipeline_corpus.py`)", "",
              "Each corpus is split into parts loaded by one in-process Dagster run each; \"spaCy only\" parses the "
              "same bodies afterwards with the pipeline's batch size and process count. These files predate "
              "`benchmarks/speed.py` and the changes it measures; re-run the script to refresh them.", "",
              "| corpus | raw / articles / rejected | mentions / quotes / claims / entities | whole pipeline | NLP step | spaCy only | NLP step / spaCy | pipeline / spaCy |",
              "|---|---|---|---|---|---|---|---|", *rows, ""]


def main() -> int:
    lines = ["# Performance", "",
             "<!-- Generated by benchmarks/perf_doc.py from benchmarks/results/*.json: edit the generator, not this file. -->",
             "",
             "The spaCy parse is the floor of this pipeline: every figure below sets `newsetl run` against the bare "
             "parse of the same texts (a fresh interpreter that imports spaCy, loads the same model and parses with the "
             "same batch size and process count, nothing else), timed back to back in one invocation of "
             "`benchmarks/speed.py`, so the ratio holds on a shared machine where absolute seconds do not. "
             "The load average at the start of each pair is recorded: figures taken with a load above the core count "
             "were taken while other work ran on the machine, and their absolute seconds are slower than the "
             "machine's own.", ""]
    meta = load("speed_small.json") or load("speed_reuters.json")
    if meta:
        st = meta["settings"]
        lines += [f"Machine: {meta['machine']['cpus']} cores, Python {meta['machine']['python']}. Model "
                  f"`{st['model']}`, batch {st['batch_size']}, up to {st['processes']} processes "
                  f"(one per {st['min_docs_per_process']} articles), BLAS threads per process: "
                  f"{meta['blas_threads'] or 'unset'} on both sides.", ""]
    lines += ["## What a run does before the parse", "",
              "- `newsetl run` first asks, with one DuckDB connection and without importing Dagster, spaCy or GX, "
              "whether anything is pending (`pipelines/pending.py`: new or changed input files by the ingest "
              "ledger, raw articles not cleaned, the NLP stage's own `count_needing_nlp` (which includes "
              "articles made by another code version), names not linked to entities, articles not in a story, "
              "rows no check has passed yet). If nothing is, it re-applies the views, prints the totals and "
              "starts no Dagster run (`--force` starts one anyway).",
              "- Otherwise the NLP stage loads the model once in the run's process and, for two batches of "
              "`NEWSETL_NLP_MIN_DOCS_PER_PROCESS` articles or more, forks its parse workers once for the whole step (`pipelines/core/parse_workers.py`: no model "
              "load in the workers, one BLAS thread each, they die with the run even under `kill -9`). The "
              "extractors run in the workers next to the Doc and only their rows come back (spaCy's own "
              "multi-process `nlp.pipe` ships every Doc); batches are handed out ahead, so the workers parse "
              "while the run writes the previous commit batch, and near the end they shrink to a share of the "
              "pieces left and go out one ahead per worker, so both workers finish together. Long articles in pieces and per-article "
              "failures (a parse or extractor error, or a worker killed on one article) are kept.",
              "- Great Expectations is imported in a helper process started with the run (the checks' `gx` "
              "resource starts it as the run sets up its resources; `newsetl run` before it imports Dagster), so "
              "its import runs on the other core while the run ingests and cleans; every check sends its rows there "
              "and gets the outcome back (`pipelines/gx_process.py`; context, suites and one batch definition built "
              "once; scipy, altair, mistune and jsonschema, which GX imports but our validations never run, imported "
              "lazily there; result format `BASIC`, `COMPLETE` only to find the rows of a suite that failed). Whether "
              "it pays is measured below (GX in a helper process).",
              "- Ingest's language check memory-maps py3langid's model from an unpacked copy kept in "
              "`NEWSETL_CACHE_DIR` (`pipelines/core/language.py`; the library decompresses its xz file in every "
              "process), and cleaning computes datasketch's MinHash with numpy instead of importing "
              "datasketch (which imports scipy). The extractors' place index, given-name dictionary and lemma "
              "list, which the NLP step loads before it forks its workers, are kept as JSON in the same folder "
              "under a hash of the modules that derive them and the packages they come from "
              "(`pipelines/core/entities/stored_lists.py`): built by the first run, read by the next.",
              "- The steps of a run share one DuckDB instance (`warehouse.hold`, entered by the warehouse resource) "
              "instead of opening and checkpointing the file some 25 times a run; the file is released 0.25 s after a step's last connection closes and at the end of the "
              "run, so other processes' readers still get in while the run parses. A check hands its rows to the GX "
              "helper and reads its held-back count and invariants while GX validates.",
              "- Runs from the UI, the landing sensor and the schedules start in a new run worker process each "
              "(Dagster's default run launcher); `newsetl run` executes in its own process.",
              "- Code versions hash what each stage's sources do (their syntax tree without comments and "
              "docstrings); the hash of each source is remembered in `NEWSETL_CACHE_DIR` under the hash of its "
              "bytes (and of the hashing code and the Python version), so a process parses only sources it has "
              "not seen before. Ingest does not read a file the ledger has at the same size and modification "
              "time (one settled a second before its ingest), however large; the nothing-pending check asks "
              "the same question.",
              "- The nothing-pending check imports neither spaCy nor scipy, and `newsetl` ends without the "
              "interpreter's teardown (output flushed, connections closed). The report writes plotly.js once beside it instead of into every report.",
              ""]
    targets_section(lines)
    freshness_section(lines)
    small_section(lines)
    run_profile_section(lines)
    run_cpu_section(lines)
    gx_helper_section(lines)
    reuters_section(lines, "speed_reuters_curve", "The whole Reuters corpus: wall time and memory against its size")
    ingest_cleaning_section(lines)
    incremental_section(lines)
    checkpoint_section(lines)
    stories_parse_section(lines)
    profile_section(lines)
    corpus_section(lines)
    lines += ["## Reproduce", "", "```sh",
              ".venv/bin/python benchmarks/freshness.py --drops 3   # a file into landing/ under dg dev until queryable",
              ".venv/bin/python benchmarks/speed.py --bbc ../shared/corpora/bbc --repeat 3",
              ".venv/bin/python benchmarks/gx_helper_pays.py --pairs 3   # newsetl run with and without the GX helper",
              ".venv/bin/python benchmarks/run_cpu.py --bbc ../shared/corpora/bbc --before OLD-CHECKOUT --rounds 2 "
              "--tag NAME   # CPU seconds per process and step",
              ".venv/bin/python benchmarks/run_cpu_nlp_parent.py --bbc ../shared/corpora/bbc   # the NLP step's own process",
              ".venv/bin/python benchmarks/speed_parse_schedule.py --bbc ../shared/corpora/bbc   # the workers' idle time at the end",
              ".venv/bin/python benchmarks/same_warehouse.py --before OLD-CHECKOUT --bbc ../shared/corpora/bbc "
              "--reuters ../shared/corpora/reuters21578.jsonl   # every row the same",
              ".venv/bin/python benchmarks/speed.py --skip-small --reuters ../shared/corpora/reuters21578.jsonl --incremental 100",
              ".venv/bin/python benchmarks/speed.py --skip-small --reuters ../shared/corpora/reuters21578.jsonl "
              "--incremental 100 --incremental-db KEPT.duckdb --repeat 3 --tag incremental_NAME",
              ".venv/bin/python benchmarks/checkpoint_cost.py --db KEPT.duckdb   # a warehouse kept by --keep-full",
              ".venv/bin/python benchmarks/perf_doc.py   # this file, from the results files",
              "```", ""]
    DOC.write_text("\n".join(lines), encoding="utf-8")
    print(f"written {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
