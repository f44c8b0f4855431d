"""Regenerate docs/performance.md from the results files in benchmarks/results/.

Every figure in the doc is read from a results file written by a benchmark run
(speed_*.json from benchmarks/speed.py, pipeline_*.json from
benchmarks/pipeline_corpus.py); the prose around them holds no number of its own,
so the doc cannot drift from the measurements. Run after any benchmark:

    .venv/bin/python benchmarks/perf_doc.py
"""
from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
DOC = ROOT / "docs" / "performance.md"


def load(name: str) -> dict | None:
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


def case_row(label: str, runs: list[dict]) -> list[str]:
    pipe = [r["pipeline"]["seconds"] for r in runs]
    bare = [r.get("bare", {}).get("seconds") for r in runs]
    ratios = [r.get("ratio_bare_over_pipeline") for r in runs]
    load = [r["load_avg_before"][0] for r in runs if r.get("load_avg_before")]
    procs = sorted({r["bare"]["processes"] for r in runs if r.get("bare")})
    return [label, str(len(runs)), ", ".join(map(str, procs)) or "-", s(med(bare)) + spread(bare),
            s(med(pipe)) + spread(pipe), x(med(ratios)),
            mib(med(r["pipeline"]["peak_memory_mib"] for r in runs)), f"{med(load):.1f}" if load else "-"]


CASE_LABELS = {
    "seeds_new_warehouse": "5 sample articles, new warehouse",
    "seeds_nothing_new": "the same again, nothing new to do",
}


def verdict(ok: bool | None) -> str:
    return "-" if ok is None else ("met" if ok else "**not met**")


def targets_section(lines: list[str]) -> None:
    """The issue's targets against the medians of the latest results."""
    small, reuters = load("speed_small.json"), load("speed_reuters.json")
    rows = []
    if small:
        cases = by_case(small["runs"])
        if "seeds_new_warehouse" in cases:
            r = med(x.get("ratio_bare_over_pipeline") for x in cases["seeds_new_warehouse"])
            rows.append(("5 new articles into a new warehouse: bare / pipeline >= 0.5", x(r), verdict(r >= 0.5)))
        if "seeds_nothing_new" in cases:
            runs = cases["seeds_nothing_new"]
            t = med(x["pipeline"]["seconds"] for x in runs)
            load_ = med(x["load_avg_before"][0] for x in runs)
            rows.append(("a run with nothing new: under 3 s", f"{s(t)} (load average {load_:.1f})", verdict(t < 3)))
        for case, runs in cases.items():
            if case.startswith("bbc_"):
                r = med(x.get("ratio_bare_over_pipeline") for x in runs)
                rows.append((f"{runs[0].get('files')} BBC articles: bare / pipeline >= 0.9", x(r), verdict(r >= 0.9)))
    if reuters:
        scaling = [r for r in reuters["runs"] if r["case"].startswith("reuters_")]
        if scaling:
            largest = max(r["records"] for r in scaling)
            smallest = min(r["records"] for r in scaling)
            big = [r for r in scaling if r["records"] == largest]
            small_runs = [r for r in scaling if r["records"] == smallest]
            step = med(r.get("nlp_step_over_bare_parse") for r in big)
            rows.append((f"Reuters ({largest:,} records): NLP step within 10 % of the bare parse", x(step),
                         verdict(step is not None and step <= 1.10)))
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
                         f"({incremental[0]['full_warehouse_articles']:,} articles) as on an empty one (within 10 %)",
                         f"full / empty {x(r)}", verdict(r <= 1.10)))
    if rows:
        lines += ["## Targets (issue 14)", "", "| target | measured (median) | |", "|---|---|---|"]
        lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
        lines += ["", "Each verdict is computed from the medians of the results files below, which may hold a single "
                  "run taken on a shared machine (see the load averages): on such runs a ratio of two separately "
                  "timed processes varies by tens of percent between pairs, so a verdict either way is weak evidence.",
                  ""]


def small_section(lines: list[str]) -> None:
    after, before = load("speed_small.json"), load("speed_small_before.json")
    if not after:
        return
    lines += ["## Small and medium runs: fixed cost against the parse", ""]
    lines += [f"`benchmarks/speed.py`, measured {after['measured_at']} at revision `{after['revision']}`"
              + (f", against revision `{before['revision']}` measured {before['measured_at']} (\"before\")" if before else "")
              + f"; {after['repeat']} repetition(s), medians shown with the range in brackets.", ""]
    header = ["| work | pairs | parse processes | bare spaCy (import + load + parse) | `newsetl run` | bare / pipeline | peak memory (all processes) | load average at start |",
              "|---|---|---|---|---|---|---|---|"]
    lines += header
    for label, data in (("before", before), ("after", after)):
        if not data:
            continue
        for case, runs in by_case(data["runs"]).items():
            name = CASE_LABELS.get(case) or (f"{runs[0].get('files', '')} BBC articles" if case.startswith("bbc") else case)
            lines.append("| " + " | ".join(case_row(f"{name} ({label})" if before else name, runs)) + " |")
    lines.append("")
    lines += ["\"Parse processes\" is what both sides parsed with: the pipeline's NLP workers and the bare "
              "parse's `n_process`. The bare side splits into import + model load and parse:", ""]
    lines += ["| work | bare: import + load | bare: parse | bare processes |", "|---|---|---|---|"]
    for case, runs in by_case(after["runs"]).items():
        if any("bare" in r for r in runs):
            name = CASE_LABELS.get(case) or (f"{runs[0].get('files', '')} BBC articles" if case.startswith("bbc") else case)
            lines.append(f"| {name} | {s(med(r['bare']['import_load_seconds'] for r in runs))} | "
                         f"{s(med(r['bare']['parse_seconds'] for r in runs))} | {runs[0]['bare']['processes']} |")
    lines.append("")


def reuters_section(lines: list[str]) -> None:
    data = load("speed_reuters.json")
    if not data:
        return
    lines += ["## Reuters-21578: scaling, memory and the NLP step", ""]
    lines += [f"`benchmarks/speed.py --reuters`, measured {data['measured_at']} at revision `{data['revision']}`; "
              "each size is the first N records loaded by one `newsetl run` into a new warehouse, then the bare "
              "parse of the texts that run parsed.", ""]
    lines += ["| records | `newsetl run` | per 1,000 records | peak memory (all processes) | NLP step | bare parse (parse only) | NLP step / bare parse | bare / pipeline (whole) |",
              "|---|---|---|---|---|---|---|---|"]
    scaling = [r for r in data["runs"] if r["case"].startswith("reuters_")]
    for records in sorted({r["records"] for r in scaling}):
        runs = [r for r in scaling if r["records"] == records]
        pipe = med(r["pipeline"]["seconds"] for r in runs)
        nlp = med(r["pipeline"]["steps"].get("nlp_pass") for r in runs)
        bare_parse = med(r["bare"]["parse_seconds"] for r in runs)
        lines.append(f"| {records:,} | {s(pipe)} | {s(pipe / records * 1000, 2)} | "
                     f"{mib(med(r['pipeline']['peak_memory_mib'] for r in runs))} | {s(nlp)} | {s(bare_parse)} | "
                     f"{x(med(r.get('nlp_step_over_bare_parse') for r in runs))} | {x(med(r['ratio_bare_over_pipeline'] for r in runs))} |")
    lines.append("")
    steps = {}
    for r in scaling:
        if r["records"] == max(x["records"] for x in scaling):
            for k, v in r["pipeline"]["steps"].items():
                steps.setdefault(k, []).append(v)
    if steps:
        lines += [f"Steps of the largest load ({max(r['records'] for r in scaling):,} records), from Dagster's log:", "",
                  "| step | seconds |", "|---|---|"]
        lines += [f"| {k} | {s(med(v))} |" for k, v in steps.items()]
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
    """Issue 14: the stories stage without its own parse (benchmarks/stories_one_parse.py)."""
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


EARLY_STEPS = ("raw_articles", "raw_articles_raw_articles_expectations", "articles", "articles_articles_expectations",
               "nlp_pass")


def incremental_section(lines: list[str]) -> None:
    """Issue 14: the incremental batch on a kept warehouse, per code revision (speed_reuters_incremental_*.json,
    from `speed.py --incremental-db`), with the steps whose time grew most on the full warehouse."""
    files = sorted(RESULTS.glob("speed_reuters_incremental_*.json"))
    measured = [(f.stem.removeprefix("speed_reuters_incremental_"), json.loads(f.read_text(encoding="utf-8")))
                for f in files]
    measured = [(tag, d, [r for r in d["runs"] if r["case"] == "incremental_batch"]) for tag, d in measured]
    measured = [m for m in measured if m[2]]
    if not measured:
        return
    lines += ["### The incremental batch on a kept warehouse, before and after making per-run work incremental", "",
              "`benchmarks/speed.py --incremental-db`: the full warehouse is a copy of one kept from an earlier load "
              "(the first records of the corpus), first given one run with nothing new (what an upgrade does once: "
              "checks re-run under changed suites), then the batch (the corpus's last records) is loaded into it and "
              "into an empty warehouse. Load average at the start of each run in brackets (2 cores: above 2 means "
              "other work ran on the machine).", "",
              "| code | revision, measured | full warehouse | empty | full | full / empty | steps after the parse, "
              "empty / full | forced run with nothing new (first on the copy) | steps that grew most (full - empty) |",
              "|---|---|---|---|---|---|---|---|---|"]
    for tag, data, runs in measured:
        r = runs[0]
        growth = {k: v - r["empty"]["pipeline"]["steps"].get(k, 0.0) for k, v in r["full"]["pipeline"]["steps"].items()}
        top = ", ".join(f"{k} {v:+.1f} s" for k, v in sorted(growth.items(), key=lambda kv: -kv[1])[:4])
        settle = r.get("settle_run")
        # The steps after the parse: what grows with the warehouse if anything does (the parse, ingest and the
        # first check, which imports GX, are the batch's own work and swing most with the machine's load).
        late = [sum(v for k, v in r[side]["pipeline"]["steps"].items() if k not in EARLY_STEPS) for side in ("empty", "full")]
        lines.append(f"| {tag} | `{data['revision']}`, {data['measured_at']} | {r['full_warehouse_articles']:,} articles | "
                     f"{s(med(run['empty']['pipeline']['seconds'] for run in runs))} [{r['empty']['load_avg_before'][0]}] | "
                     f"{s(med(run['full']['pipeline']['seconds'] for run in runs))} [{r['full']['load_avg_before'][0]}] | "
                     f"{x(med(run['ratio_full_over_empty'] for run in runs))} | {s(late[0])} / {s(late[1])} | "
                     f"{s(settle['pipeline']['seconds']) if settle else '-'} | {top} |")
    lines.append("")


def profile_section(lines: list[str]) -> None:
    data = load("speed_profile.json")
    if not data:
        return
    lines += ["## Profile of the NLP step", "", data.get("summary_heading", ""), ""]
    lines += ["| part | where it runs | seconds | share of the bare parse |", "|---|---|---|---|"]
    base = data["bare_parse_seconds"]
    parts = {part["name"]: part["seconds"] for part in data["parts"]}
    for part in data["parts"]:
        lines.append(f"| {part['name']} | {part.get('where', '')} | {s(part['seconds'], 2)} | "
                     f"{part['seconds'] / base * 100:.1f} % |")
    lines.append("")

    def share(*names: str) -> float:
        return sum(parts.get(n, 0.0) for n in names) / base * 100

    extractors = share("mentions extractor alone", "quotes extractor alone", "claims extractor alone")
    component = share("extract_rows: the three extractors and their row dicts (the component's work)")
    with_component = share("parse with the extraction component") - 100
    docs_ipc = share("Doc.to_bytes (spaCy's n_process workers, per Doc)", "Doc.from_bytes (spaCy's n_process parent, per Doc)")
    rows_ipc = share("rows: pickle + unpickle (what ParsePool ships)")
    parent = share("row ids (ArticleExtraction.from_rows)", "DuckDB writes (500 articles per transaction)")
    lines += [
        "What this says about the NLP step against the bare parse (shares of the bare parse of the same texts):",
        "",
        f"- The extractors are the one cost the pipeline must add: {extractors:.1f} % measured one by one on the "
        f"parsed Docs, {component:.1f} % with their row dicts (`extract_rows`, what the component runs), "
        f"{with_component:+.1f} % measured as the parse with the extraction component against the parse without "
        "it; the last two measure the same work twice, and their difference is the run-to-run noise of the "
        "machine at the time (each figure is the fastest of the alternating rounds).",
        f"- spaCy's own multi-process `nlp.pipe`, which the bare parse uses for large batches and the pipeline used "
        f"before, serializes every Doc in a worker and deserializes it in the parent: {docs_ipc:.1f} %, on the "
        f"critical path of both. The pipeline's workers now send back only the rows ({rows_ipc:.1f} %), so the "
        "bare multi-process parse pays a cost the pipeline no longer does.",
        f"- The parent's own work, row ids and the DuckDB writes, is {parent:.1f} %; ids are now made in the "
        "workers and the writes overlap the workers' parsing (chunks are handed out ahead of the writer).",
        "- Before this change the NLP step also paid, per run, the spaCy import and model load in the parent and "
        "again in forked workers' start, and BLAS threads were not pinned (each worker could start as many "
        "threads as cores).",
        "",
    ]


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
              "ledger, raw articles not cleaned, the NLP stage's own `articles_needing_nlp` (which includes "
              "articles made by another code version), names not linked to entities, articles not in a story, "
              "rows no check has passed yet). If nothing is, it re-applies the views, prints the totals and "
              "starts no Dagster run (`--force` starts one anyway).",
              "- Otherwise the NLP stage loads the model once in the run's process and forks its `nlp.pipe` "
              "workers per batch of articles (no model load in the workers; they die with the run, even under "
              "`kill -9`). A worker pool started with the command (so the model load overlaps Dagster's start) "
              "was built on a branch and measured, but not merged: it did not meet the targets either, and it "
              "did not yet carry long articles in pieces or per-article failures.",
              "- Great Expectations is still imported by the first check that has rows to validate, on the "
              "critical path: a background-thread import was tried and dropped, because two threads importing "
              "scipy at once can fail with importlib's deadlock error.",
              ""]
    targets_section(lines)
    small_section(lines)
    reuters_section(lines)
    incremental_section(lines)
    stories_parse_section(lines)
    profile_section(lines)
    corpus_section(lines)
    lines += ["## Reproduce", "", "```sh",
              ".venv/bin/python benchmarks/speed.py --bbc ../shared/corpora/bbc --repeat 3",
              ".venv/bin/python benchmarks/speed.py --skip-small --reuters ../shared/corpora/reuters21578.jsonl --incremental 100",
              ".venv/bin/python benchmarks/perf_doc.py   # this file, from the results files",
              "```", ""]
    DOC.write_text("\n".join(lines), encoding="utf-8")
    print(f"written {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
