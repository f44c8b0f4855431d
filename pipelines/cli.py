"""The `newsetl` command: run the pipeline, extract from files, query the warehouse."""
from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from pipelines.settings import get_settings

_CLI_IMPORTED = time.time()  # wall clock, for --timings (phases are compared with the caller's clock)


def _print_table(columns: Sequence[str], rows: Sequence[Sequence], *, max_width: int = 60) -> None:
    def cell(value: object) -> str:
        text = "NULL" if value is None else str(value).replace("\n", " ")
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[cell(v) for v in row] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    print(" | ".join(c.ljust(w) for c, w in zip(columns, widths)))
    print("-+-".join("-" * w for w in widths))
    for row in cells:
        print(" | ".join(v.ljust(w) for v, w in zip(row, widths)))
    print(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")


def _root_cause(error) -> str:
    """A Dagster step failure on one line: the step's own error (Dagster's wrappers skipped)
    and, when it has one, its innermost cause ('RuntimeError: ... article ab12 ... <- IOException: ...')."""
    def first_line(err) -> str:
        message = (err.message or "").strip()
        cls = getattr(err, "cls_name", None)
        if cls:  # Dagster's message repeats the (qualified) class name
            message = re.sub(rf"^(?:[\w.]+\.)?{re.escape(cls)}: ", "", message)
        text = next((line.strip() for line in message.splitlines() if line.strip()), "")
        return f"{cls}: {text}" if cls else text

    while (getattr(error, "cls_name", "") or "").startswith("Dagster") and getattr(error, "cause", None) is not None:
        error = error.cause
    root = error
    while getattr(root, "cause", None) is not None:
        root = root.cause
    return first_line(error) if root is error else f"{first_line(error)} <- {first_line(root)}"


def _process_started() -> float | None:
    """Wall-clock start of this process (/proc), so --timings shows interpreter start-up too."""
    try:
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        boot = next(int(line.split()[1]) for line in Path("/proc/stat").read_text().splitlines()
                    if line.startswith("btime "))
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, StopIteration):
        return None


def step_timings(instance, run_id: str) -> dict[str, dict]:
    """Every step of a run from its Dagster event log: wall-clock start and end, seconds, outcome."""
    from dagster import DagsterEventType

    ends = {DagsterEventType.STEP_SUCCESS: "success", DagsterEventType.STEP_FAILURE: "failure",
            DagsterEventType.STEP_SKIPPED: "skipped"}
    steps: dict[str, dict] = {}
    for entry in instance.all_logs(run_id):
        event = entry.dagster_event
        if event is None or not event.step_key:
            continue
        if event.event_type == DagsterEventType.STEP_START:
            steps.setdefault(event.step_key, {})["start"] = entry.timestamp
        elif event.event_type in ends:
            step = steps.setdefault(event.step_key, {})
            step.update(end=entry.timestamp, outcome=ends[event.event_type])
            if "start" in step:
                step["seconds"] = round(entry.timestamp - step["start"], 3)
    return steps


def _write_timings(path: str | None, marks: dict[str, float | None], **extra) -> None:
    if not path:
        return
    from pipelines import gx_process

    Path(path).write_text(json.dumps({"marks": marks, **extra, "gx": gx_process.timings()}, indent=1) + "\n",
                          encoding="utf-8")


def cmd_run(args: argparse.Namespace) -> int:
    from pipelines import pending, warehouse

    # Wall-clock marks of the run's phases, written with --timings (benchmarks/speed.py reads them).
    marks: dict[str, float | None] = {"process_started": _process_started(), "cli_imported": _CLI_IMPORTED}
    settings = get_settings()
    db_path = args.db or settings.db_path
    inputs = [str(Path(p)) for p in (args.input or settings.input_paths)]
    missing = [p for p in inputs if not Path(p).exists()]
    if missing:
        print(f"error: input path does not exist: {', '.join(missing)}", file=sys.stderr)
        return 2

    # Nothing for any stage to do: answer before Dagster, spaCy or GX load (seconds each).
    if not args.force:
        try:
            with warehouse.connect(db_path) as con:
                work = pending.pending_work(con, inputs)
                if not work.anything:
                    warehouse.apply_views(con)  # what the analysis_views asset would do; the views may be new
                    totals = warehouse.table_counts(con)
        except (warehouse.WarehouseDamagedError, warehouse.WarehouseBusyError, warehouse.WarehouseVersionError,
                warehouse.lakehouse.LakeError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        marks["pending_checked"] = time.time()
        if not work.anything:
            print(f"warehouse: {warehouse.display_name(db_path)}")
            _print_table(["table", "written", "total"], [(t, 0, totals[t]) for t in warehouse.PIPELINE_TABLES])
            print("\nnothing new to do: no new or changed input file and no stage has pending work, "
                  "so no Dagster run was started (--force runs it anyway)")
            marks["done"] = time.time()
            _write_timings(args.timings, marks, steps={})
            return 0

    # GX's import (seconds) starts now in a helper process, on the other core, while Dagster loads and
    # ingest and cleaning run; the checks validate there (pipelines/gx_process.py).
    from pipelines import gx_process

    gx_process.start()
    from dagster import DagsterInstance

    marks["dagster_imported"] = time.time()
    from pipelines.dead_runs import fail_runs_of_dead_processes, process_tags
    from pipelines.definitions import defs
    from pipelines.resources import NlpResource, WarehouseResource

    marks["definitions_imported"] = time.time()

    # With DAGSTER_HOME set the run is recorded where `make dev` shows it, under the `newsetl` job.
    dagster_home = os.environ.get("DAGSTER_HOME")
    instance = DagsterInstance.get() if dagster_home and Path(dagster_home).is_dir() else DagsterInstance.ephemeral()
    # A run whose `newsetl run` or run worker was killed would keep the duckdb pool's slot for ever.
    for run_id, owner in fail_runs_of_dead_processes(instance):
        print(f"run {run_id} marked failed: the process that executed it ({owner}) is gone; "
              f"its duckdb pool slot is freed", file=sys.stderr)
    marks["instance_ready"] = time.time()
    result = defs.resolve_job_def("newsetl").execute_in_process(
        resources={"warehouse": WarehouseResource(db_path=db_path), "nlp": NlpResource()},
        run_config={
            "ops": {"raw_articles": {"config": {"paths": inputs}}},
            # INFO: the steps' own lines (progress: what is parsed, n of N, rate) ; DEBUG adds Dagster's events.
            "loggers": {"console": {"config": {"log_level": "DEBUG" if args.verbose else "INFO"}}},
        },
        instance=instance,
        tags=process_tags(),  # who executes it, so a later run can tell when it died
        raise_on_error=False,
    )
    marks["run_returned"] = time.time()
    # Rows this run wrote (by run_id), not the difference of totals: a concurrent run's rows are its own.
    with warehouse.connect(db_path, read_only=True) as con:
        totals = warehouse.table_counts(con)
        written = warehouse.run_counts(con, result.run_id)

    print(f"warehouse: {warehouse.display_name(db_path)}  (run {result.run_id}, job newsetl)")
    _print_table(["table", "written", "total"],
                 [(t, written[t], totals[t]) for t in warehouse.PIPELINE_TABLES])
    summaries = {m.asset_key.to_user_string(): m.metadata.get("summary")
                 for m in (e.event_specific_data.materialization for e in result.get_asset_materialization_events())}
    if summaries.get("mentions") is not None:
        print(f"\nNLP: {summaries['mentions'].value}")
    evaluations = result.get_asset_check_evaluations()
    print()
    _print_table(["check", "asset", "result", "rows checked", "details"], [
        (e.check_name, e.asset_key.to_user_string(),
         ("passed" if e.passed else "FAILED") + (" (no new rows)" if e.metadata.get("no_new_rows") and
                                                  e.metadata["no_new_rows"].value else ""),
         e.metadata.get("rows_checked").value if e.metadata.get("rows_checked") else "",
         e.description or "")
        for e in evaluations
    ], max_width=200)
    failed_checks = [e for e in evaluations if not e.passed]
    for e in failed_checks:
        results = e.metadata.get("results")
        print(f"\nFAILED {e.check_name}: {e.description or ''}\n{results.value if results else ''}", file=sys.stderr)
    failures = [ev for ev in result.all_events if ev.is_step_failure]
    if not result.success:
        for ev in failures:
            print(f"step failed: {ev.step_key}: {_root_cause(ev.step_failure_data.error)}", file=sys.stderr)
    marks["done"] = time.time()
    _write_timings(args.timings, marks, run_id=result.run_id, steps=step_timings(instance, result.run_id))
    instance.dispose()
    if not result.success and not failures and not failed_checks:  # failed before or outside any step
        print(f"run {result.run_id} failed without a step failure: see the Dagster event log", file=sys.stderr)
    return 0 if result.success and not failed_checks else 1


def cmd_extract(args: argparse.Namespace) -> int:
    from pipelines.core.cleaning import normalize_preserving_offsets
    from pipelines.core.entities import entity_id_for
    from pipelines.core.extraction import extract_text
    from pipelines.core.ingest import DecodeError, content_hash, decode_bytes
    from pipelines.core.nlp import load_model

    settings = get_settings()
    nlp = load_model(args.model or settings.spacy_model)
    status = 0
    for file in args.files:
        try:
            data = Path(file).read_bytes()
            text, _ = decode_bytes(data)
        except (OSError, DecodeError) as exc:
            print(f"error: {file}: {exc}", file=sys.stderr)
            status = 1
            continue
        extraction = extract_text(nlp, normalize_preserving_offsets(text), content_hash(data), settings.nlp_piece_chars)
        # Entity ids as the entities stage would first assign them (no cross-file resolution here).
        for row in extraction.mentions:
            row["entity_id"] = entity_id_for(row["label"], row["canonical_name"])
        for row in extraction.quotes:
            row["speaker_entity_id"] = entity_id_for(row["speaker_label"], row["speaker"]) if row["speaker_label"] else None
            row["reported_by_entity_id"] = (entity_id_for(row["reported_by_label"], row["reported_by"])
                                            if row["reported_by_label"] else None)
        for row in extraction.claims:
            row["entity_id"] = entity_id_for(row["about_label"], row["about"]) if row["about_label"] else None
        for kind, rows in (("mention", extraction.mentions), ("quote", extraction.quotes), ("claim", extraction.claims)):
            for row in rows:
                record = {"file": file, "kind": kind, **row}
                if args.json:
                    print(json.dumps(record, ensure_ascii=False, default=str))
                else:
                    main = row.get("text", "")
                    extra = {"quote": row.get("speaker"), "claim": row.get("value"), "mention": row.get("label")}[kind]
                    print(f"{file}\t{kind}\t{row['start_char']}-{row['end_char']}\t{extra}\t{main}")
    return status


def cmd_sql(args: argparse.Namespace) -> int:
    import duckdb

    from pipelines import warehouse

    db_path = args.db or get_settings().db_path

    def waiting(message: str) -> None:
        print(f"{message} (--wait {args.wait:g})", file=sys.stderr)

    try:
        with warehouse.connect(db_path, read_only=True, wait_seconds=args.wait, on_wait=waiting) as con:
            cursor = con.execute(args.query)
            if cursor.description is None:
                return 0
            columns = [d[0] for d in cursor.description]
            rows = cursor.fetchall()
    except warehouse.WarehouseBusyError as exc:
        print(f"error: {exc}. Another process has the warehouse open for writing (DuckDB lets no reader in "
              f"meanwhile); retry, or wait longer with --wait SECONDS (now {args.wait:g}).", file=sys.stderr)
        return 1
    except (duckdb.Error, FileNotFoundError, warehouse.WarehouseVersionError, warehouse.WarehouseDamagedError,
            warehouse.lakehouse.LakeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.format == "json":
        for row in rows:
            print(json.dumps(dict(zip(columns, row)), ensure_ascii=False, default=str))
    elif args.format == "csv":
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
    else:
        _print_table(columns, rows, max_width=args.max_width)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Write the HTML report of the warehouse (default: next to it, report/<warehouse name>/index.html)."""
    from pipelines import warehouse
    from pipelines.report import write_report

    db_path = args.db or get_settings().db_path
    try:
        result = write_report(db_path, args.out, inline_plotly=args.self_contained)
    except (FileNotFoundError, warehouse.WarehouseBusyError, warehouse.WarehouseVersionError,
            warehouse.WarehouseDamagedError, warehouse.lakehouse.LakeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"report: {result.path} ({result.charts} charts, {result.tables} tables, {result.bytes:,} bytes)")
    for note in result.notes:
        print(f"  note: {note}")
    if args.open:
        import webbrowser

        # From the command line a browser opens a file:// address (from a web page, such as Dagster's UI, it refuses).
        if not webbrowser.open(result.path.resolve().as_uri()):
            print(f"no browser found here: open {result.path.resolve().as_uri()} yourself", file=sys.stderr)
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    """Run every suite's invariants over every row of the warehouse and record the outcomes.

    A run's checks read the rows of the runs they look at; this reads the whole tables, for
    what those cannot see (an old row changed in place, a row a later change left dangling).
    Violating items are held back as a failed check holds them. Exit 1 when any invariant fails."""
    from pipelines import quality, warehouse

    db_path = args.db or get_settings().db_path
    if not warehouse.is_lake(db_path) and not Path(db_path).exists():
        print(f"error: no warehouse at {db_path}: run `newsetl run` first", file=sys.stderr)
        return 1
    audit_id = "audit-" + time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + "-" + os.urandom(3).hex()
    try:
        with warehouse.connect(db_path) as con:
            outcomes = quality.audit_warehouse(con, audit_id)
    except (warehouse.WarehouseBusyError, warehouse.WarehouseVersionError, warehouse.WarehouseDamagedError,
            warehouse.lakehouse.LakeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for outcome in outcomes:
        print(quality.audit_line(outcome))
    print(f"recorded in dq_results as run {audit_id}")
    return 0 if all(o.success for o in outcomes) else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsetl", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="ingest inputs and materialize every asset through Dagster")
    run.add_argument("--input", action="append", metavar="DIR_OR_FILE",
                     help="file or directory to ingest (repeatable; default: seeds/)")
    run.add_argument("--db", metavar="PATH", help="warehouse file or ducklake:<catalog> (default: NEWSETL_WAREHOUSE / NEWSETL_DB)")
    run.add_argument("--verbose", action="store_true", help="show Dagster's step-by-step log")
    run.add_argument("--force", action="store_true",
                     help="start the Dagster run even when no stage has anything to do")
    run.add_argument("--timings", metavar="FILE",
                     help="write a JSON file: wall-clock marks of start-up phases, every step's start and "
                          "end from the Dagster event log, GX import and validation times")
    run.set_defaults(func=cmd_run)

    extract = sub.add_parser("extract", help="print the mentions, quotes and claims found in files")
    extract.add_argument("files", nargs="+", metavar="FILE")
    extract.add_argument("--json", action="store_true", help="one JSON object per line")
    extract.add_argument("--model", help="spaCy model package (default: NEWSETL_SPACY_MODEL)")
    extract.set_defaults(func=cmd_extract)

    sql = sub.add_parser("sql", help="run a read-only SQL query against the warehouse")
    sql.add_argument("query")
    sql.add_argument("--db", metavar="PATH", help="warehouse file or ducklake:<catalog> (default: NEWSETL_WAREHOUSE / NEWSETL_DB)")
    sql.add_argument("--format", choices=("table", "csv", "json"), default="table")
    sql.add_argument("--max-width", type=int, default=60, help="truncate table cells to this many characters")
    sql.add_argument("--wait", type=float, default=10.0, help="seconds to wait while a run holds the write lock")
    sql.set_defaults(func=cmd_sql)

    report = sub.add_parser("report", help="write the HTML report (charts with their SQL; opens offline)")
    report.add_argument("--db", metavar="PATH", help="warehouse file or ducklake:<catalog> (default: NEWSETL_WAREHOUSE / NEWSETL_DB)")
    report.add_argument("--out", metavar="FILE_OR_DIR",
                        help="output file, or a folder to write index.html in (default: "
                             "report/<warehouse name>/index.html next to the warehouse)")
    report.add_argument("--self-contained", action="store_true",
                        help="inline plotly.js into the file (4.6 MB more) instead of writing it beside the file")
    report.add_argument("--open", action="store_true", help="open the written report in the default browser")
    report.set_defaults(func=cmd_report)

    audit = sub.add_parser("audit", help="check every row against the suites' invariants (a run checks its new rows)")
    audit.add_argument("--db", metavar="PATH", help="warehouse file or ducklake:<catalog> (default: NEWSETL_WAREHOUSE / NEWSETL_DB)")
    audit.set_defaults(func=cmd_audit)
    return parser


def _exit_now(code: int) -> None:
    """End the `newsetl` process without the interpreter's teardown: after a run, freeing every
    module and object (Dagster, spaCy, polars, GX's pipe) takes up to seconds, and nothing is
    left to do once the output is flushed (warehouse connections are closed per unit of work)."""
    gx = sys.modules.get("pipelines.gx_process")
    if gx is not None:
        gx.stop()
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):
            pass
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """The `newsetl` command (argv None: this process is the command, and ends when it returns)."""
    args = build_parser().parse_args(argv)
    try:
        code = args.func(args)
    except BrokenPipeError:  # `newsetl extract ... | head`: the reader left, not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 0
    if argv is None:
        _exit_now(code)
    return code


if __name__ == "__main__":
    sys.exit(main())
