"""The `newsetl` command: run the pipeline, extract from files, query the warehouse."""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from pipelines.settings import get_settings


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


def _print_counts(db_path: str, before: dict[str, int], after: dict[str, int]) -> None:
    from pipelines import warehouse

    print(f"warehouse: {db_path}")
    _print_table(["table", "added", "total"],
                 [(t, after[t] - before[t], after[t]) for t in warehouse.PIPELINE_TABLES])


def _materialize_run(args: argparse.Namespace, db_path: str, inputs: list[str]):
    """Every asset and check through Dagster in-process."""
    from dagster import DagsterInstance, materialize

    from pipelines.jobs import ALL_ASSETS, ALL_CHECKS
    from pipelines.resources import NlpResource, WarehouseResource

    # With DAGSTER_HOME set the run is recorded where `make dev` shows it.
    dagster_home = os.environ.get("DAGSTER_HOME")
    instance = DagsterInstance.get() if dagster_home and Path(dagster_home).is_dir() else DagsterInstance.ephemeral()
    return materialize(
        [*ALL_ASSETS, *ALL_CHECKS],
        resources={"warehouse": WarehouseResource(db_path=db_path), "nlp": NlpResource()},
        run_config={
            "ops": {"raw_articles": {"config": {"paths": inputs}}},
            "loggers": {"console": {"config": {"log_level": "DEBUG" if args.verbose else "WARNING"}}},
        },
        instance=instance,
        raise_on_error=False,
    )


def cmd_run(args: argparse.Namespace) -> int:
    from pipelines import warehouse

    settings = get_settings()
    db_path = args.db or settings.db_path
    inputs = [str(Path(p)) for p in (args.input or settings.input_paths)]
    missing = [p for p in inputs if not Path(p).exists()]
    if missing:
        print(f"error: input path does not exist: {', '.join(missing)}", file=sys.stderr)
        return 2

    # --- start-up cost (issue 14): skip the run when nothing is pending; else start the
    # NLP worker (spaCy import + model load on the other core) before Dagster even loads.
    from pipelines import pending

    with warehouse.connect(db_path) as con:
        before = warehouse.table_counts(con)
        work = None if args.force else pending.pending_work(con, inputs)
        if work is not None and not work.anything:
            warehouse.apply_views(con)  # what the analysis_views asset would do; the views may be new
    if work is not None and not work.anything:
        _print_counts(db_path, before, before)
        print("\nnothing new to do: no new or changed input file and no stage has pending work, "
              "so no Dagster run was started (--force runs it anyway)")
        return 0
    from pipelines.core import parse_pool

    # As many workers as the NLP stage will want for the new records (it adds any missing).
    records = work.new_records if work is not None else 0
    parse_pool.prestart(settings.spacy_model, max(1, min(settings.nlp_processes,
                                                         records // max(1, settings.nlp_min_docs_per_process))))
    try:
        result = _materialize_run(args, db_path, inputs)
    finally:
        parse_pool.shutdown_all()
    # --- end of start-up cost block
    with warehouse.connect(db_path, read_only=True) as con:
        after = warehouse.table_counts(con)

    _print_counts(db_path, before, after)
    evaluations = result.get_asset_check_evaluations()
    print()
    _print_table(["check", "asset", "result", "rows checked"], [
        (e.check_name, e.asset_key.to_user_string(), "passed" if e.passed else "FAILED",
         e.metadata.get("rows_checked").value if e.metadata.get("rows_checked") else "")
        for e in evaluations
    ])
    failed_checks = [e for e in evaluations if not e.passed]
    for e in failed_checks:
        results = e.metadata.get("results")
        print(f"\nFAILED {e.check_name}:\n{results.value if results else ''}", file=sys.stderr)
    if not result.success:
        failures = [ev for ev in result.all_events if ev.is_step_failure]
        for ev in failures:
            print(f"step failed: {ev.step_key}: {ev.step_failure_data.error.message.strip()}", file=sys.stderr)
        if not failed_checks and failures:
            return 1
    return 1 if failed_checks else 0


def cmd_extract(args: argparse.Namespace) -> int:
    from pipelines.core.cleaning import normalize_preserving_offsets
    from pipelines.core.entities import entity_id_for
    from pipelines.core.extraction import extract_article
    from pipelines.core.ingest import DecodeError, content_hash, decode_bytes
    from pipelines.core.nlp import load_model

    nlp = load_model(args.model or get_settings().spacy_model)
    status = 0
    for file in args.files:
        try:
            data = Path(file).read_bytes()
            text, _ = decode_bytes(data)
        except (OSError, DecodeError) as exc:
            print(f"error: {file}: {exc}", file=sys.stderr)
            status = 1
            continue
        doc = nlp(normalize_preserving_offsets(text))
        extraction = extract_article(doc, content_hash(data))
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
    try:
        with warehouse.connect(db_path, read_only=True, wait_seconds=args.wait) as con:
            cursor = con.execute(args.query)
            if cursor.description is None:
                return 0
            columns = [d[0] for d in cursor.description]
            rows = cursor.fetchall()
    except (duckdb.Error, FileNotFoundError, warehouse.WarehouseBusyError) as exc:
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsetl", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="ingest inputs and materialize every asset through Dagster")
    run.add_argument("--input", action="append", metavar="DIR_OR_FILE",
                     help="file or directory to ingest (repeatable; default: seeds/)")
    run.add_argument("--db", metavar="PATH", help="warehouse file (default: warehouse/news.duckdb)")
    run.add_argument("--verbose", action="store_true", help="show Dagster's step-by-step log")
    run.add_argument("--force", action="store_true",
                     help="start the Dagster run even when no input is new and no stage has pending work")
    run.set_defaults(func=cmd_run)

    extract = sub.add_parser("extract", help="print the mentions, quotes and claims found in files")
    extract.add_argument("files", nargs="+", metavar="FILE")
    extract.add_argument("--json", action="store_true", help="one JSON object per line")
    extract.add_argument("--model", help="spaCy model package (default: NEWSETL_SPACY_MODEL)")
    extract.set_defaults(func=cmd_extract)

    sql = sub.add_parser("sql", help="run a read-only SQL query against the warehouse")
    sql.add_argument("query")
    sql.add_argument("--db", metavar="PATH", help="warehouse file (default: warehouse/news.duckdb)")
    sql.add_argument("--format", choices=("table", "csv", "json"), default="table")
    sql.add_argument("--max-width", type=int, default=60, help="truncate table cells to this many characters")
    sql.add_argument("--wait", type=float, default=10.0, help="seconds to wait while a run holds the write lock")
    sql.set_defaults(func=cmd_sql)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # `newsetl extract ... | head`: the reader left, not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
