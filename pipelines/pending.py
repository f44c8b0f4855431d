"""Is there anything for a run to do? A cheap answer before Dagster, spaCy or GX load.

`newsetl run` asks this first: when no input file is new or changed and no stage
has work left from an earlier run, a Dagster run would only import its libraries
(seconds), find nothing at every stage, and validate zero rows, so the CLI skips it.

The answer errs towards running: every question below is the one the stage itself
asks (the ingest ledger, ingest's `ingest_out_of_date` (raw records and ingest rejections read by another
ingest code version), cleaning's `count_raw_to_clean` and `cleaning_out_of_date` (articles
or rejections made by another cleaning code version), the NLP stage's own
`count_needing_nlp`, which includes articles made by another code version, the
entities stage's `unlinked_names_sql`, `entities_out_of_date` (entities resolved by another
code version) and `entities_with_removed_rows` (entities some of whose rows went away), the stories stage's `articles_needing_stories` and `story_rows_out_of_date`,
and each check's own query for rows not yet checked), and anything unexpected counts
as work. Input files are never read whole: one the ledger vouches for by size and
modification time (ingest's own `unchanged_files`) is not read at all, others are hashed
as a stream.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb


@dataclass
class PendingWork:
    new_files: int = 0
    new_records: int = 0  # estimate: lines of new .jsonl files, one per other file
    read_by_other_code: str | None = None
    raw_to_clean: int = 0
    cleaned_by_other_code: str | None = None
    articles_to_parse: int = 0
    names_to_resolve: int = 0
    entities_to_resolve_again: int = 0
    articles_to_group: int = 0
    unchecked_suites: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    @property
    def anything(self) -> bool:
        return bool(self.reasons)


def _new_files(con: duckdb.DuckDBPyConnection, paths: Sequence[str]) -> tuple[int, int]:
    """Files the ingest stage would read: (path, content hash) not in the ingested_files ledger,
    and an estimate of the records in them. A file the ledger vouches for (ingest's
    `unchanged_files`: same size and modification time) is trusted unread; any other is hashed
    as a stream (memory bounded whatever its size). A file that cannot be read counts as new (ingest will say why) unless ingest has
    already rejected it as unreadable. Never raises for a file ingest would reject."""
    from pipelines.core import ingest
    from pipelines.stages.ingest import unchanged_files

    files, _ = ingest.walk_inputs([p for p in paths if Path(p).exists()])
    if not files:
        return 0, 0
    seen = set(con.execute("SELECT source_path, file_hash FROM ingested_files").fetchall())
    unchanged = unchanged_files(con)
    unreadable = {row[0] for row in con.execute(
        "SELECT DISTINCT source_path FROM rejected_inputs WHERE stage = 'ingest' AND content_hash = "
        "left(sha256('unreadable:' || source_path), 16)").fetchall()}
    new = records = 0
    for path in files:
        jsonl = path.suffix.lower() == ".jsonl"
        lines = [0]
        try:
            st = os.stat(path)
            if (str(path), st.st_size, st.st_mtime_ns) in unchanged:
                continue
            digest, _ = ingest.file_hash(path, (lambda chunk: lines.__setitem__(0, lines[0] + chunk.count(b"\n")))
                                         if jsonl else None)
        except OSError:
            if str(path) in unreadable:
                continue
            new, records = new + 1, records + 1
            continue
        if (str(path), digest) not in seen:
            new += 1
            records += max(1, lines[0]) if jsonl else 1
    return new, records


def pending_work(con: duckdb.DuckDBPyConnection, paths: Sequence[str]) -> PendingWork:
    """What a run over `paths` would process, stage by stage (stops at the first stage with work);
    each stage's count is that stage's own question."""
    from pipelines.stages.cleaning import count_raw_to_clean
    from pipelines.stages.entities import entities_out_of_date, entities_with_removed_rows, unlinked_names_sql
    from pipelines.stages.nlp import count_needing_nlp, release_dead_claims
    from pipelines.stages.recleaning import cleaning_out_of_date
    from pipelines.stages.rereading import ingest_out_of_date
    from pipelines.stages.stories import articles_needing_stories, story_rows_out_of_date

    work = PendingWork()
    work.new_files, work.new_records = _new_files(con, paths)
    if work.new_files:
        work.reasons.append(f"{work.new_files} new or changed input file(s)")
        return work
    work.read_by_other_code = ingest_out_of_date(con)
    if work.read_by_other_code:
        work.reasons.append(f"records to read again: {work.read_by_other_code}")
        return work
    work.raw_to_clean = count_raw_to_clean(con)
    if work.raw_to_clean:
        work.reasons.append(f"{work.raw_to_clean} ingested article(s) not cleaned yet")
        return work
    work.cleaned_by_other_code = cleaning_out_of_date(con)
    if work.cleaned_by_other_code:
        work.reasons.append(f"records to clean again: {work.cleaned_by_other_code}")
        return work
    # Articles claimed by a run that died (kill -9) are work again, as the NLP step itself would find.
    release_dead_claims(con)
    work.articles_to_parse = count_needing_nlp(con)
    if work.articles_to_parse:
        work.reasons.append(f"{work.articles_to_parse} article(s) not through the NLP pass yet")
        return work
    work.names_to_resolve = con.execute(
        f"SELECT count(*) FROM (SELECT DISTINCT label, name FROM ({unlinked_names_sql()}))").fetchone()[0]
    if work.names_to_resolve:
        work.reasons.append(f"{work.names_to_resolve} name(s) not resolved to entities yet")
        return work
    changed = entities_out_of_date(con)
    if changed is not None:
        work.reasons.append(f"entities resolved by another code version ({changed})")
        return work
    work.entities_to_resolve_again = len(entities_with_removed_rows(con))
    if work.entities_to_resolve_again:
        work.reasons.append(f"{work.entities_to_resolve_again} entit(ies) to resolve again: rows linked to them "
                            "went away (articles parsed again or gone)")
        return work
    work.articles_to_group = len(articles_needing_stories(con, limit=1))
    if work.articles_to_group:
        work.reasons.append("articles not grouped into stories yet")
        return work
    changed = story_rows_out_of_date(con)
    if changed is not None:
        work.reasons.append(f"story rows to bring up to date ({changed})")
        return work
    # Rows no check has passed yet (a run killed before its checks): the checks must run.
    work.unchecked_suites = unchecked_suites(con)
    if work.unchecked_suites:
        work.reasons.append("rows not checked yet by " + ", ".join(work.unchecked_suites))
    return work


def unchecked_suites(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Suites (those tracking checked items) with rows not checked at their current version."""
    from pipelines import quality

    names = []
    for name in quality.suite_names():
        suite = quality.load_suite(name)
        if "item" not in suite:
            continue
        if quality.has_pending(con, suite):
            names.append(name)
    return names
