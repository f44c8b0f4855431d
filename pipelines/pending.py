"""Is there anything for a run to do? A cheap answer before Dagster, spaCy or GX load.

`newsetl run` asks this first: when no input file is new or changed and no stage
has work left from an earlier run, a Dagster run would only import its libraries
(seconds), find nothing at every stage, and validate zero rows, so the CLI skips it.

The answer errs towards running: every question below is the one the stage itself
asks (the ingest ledger, the NLP stage's own `count_needing_nlp`, which includes
articles made by another code version, the entities stage's own list of linked name
columns, the stories stage's own `articles_needing_stories`, and each check's own
query for rows not yet checked), and anything unexpected counts as work.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb


@dataclass
class PendingWork:
    new_files: int = 0
    new_records: int = 0  # estimate: lines of new .jsonl files, one per other file
    raw_to_clean: int = 0
    articles_to_parse: int = 0
    names_to_resolve: int = 0
    articles_to_group: int = 0
    unchecked_suites: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    @property
    def anything(self) -> bool:
        return bool(self.reasons)


def _new_files(con: duckdb.DuckDBPyConnection, paths: Sequence[str]) -> tuple[int, int]:
    """Files the ingest stage would read, (path, content hash) not in the ingested_files
    ledger, and an estimate of the records in them."""
    from pipelines.core import ingest

    files = ingest.discover_inputs([p for p in paths if Path(p).exists()])
    if not files:
        return 0, 0
    seen = set(con.execute("SELECT source_path, file_hash FROM ingested_files").fetchall())
    new = records = 0
    for path in files:
        data = path.read_bytes()
        if (str(path), ingest.content_hash(data)) not in seen:
            new += 1
            records += sum(1 for line in data.splitlines() if line.strip()) if path.suffix.lower() == ".jsonl" else 1
    return new, records


def pending_work(con: duckdb.DuckDBPyConnection, paths: Sequence[str]) -> PendingWork:
    """What a run over `paths` would process, stage by stage (stops at the first stage with work)."""
    work = PendingWork()
    work.new_files, work.new_records = _new_files(con, paths)
    if work.new_files:
        work.reasons.append(f"{work.new_files} new or changed input file(s)")
        return work
    # Same selection as stages.cleaning.run_cleaning.
    work.raw_to_clean = con.execute("""
        SELECT count(*) FROM raw_articles r
        WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.article_id = r.raw_id)
          AND NOT EXISTS (SELECT 1 FROM rejected_inputs j WHERE j.content_hash = r.raw_id AND j.stage = 'cleaning')
    """).fetchone()[0]
    if work.raw_to_clean:
        work.reasons.append(f"{work.raw_to_clean} ingested article(s) not cleaned yet")
        return work
    from pipelines.stages.entities import _LINKED_NAMES
    from pipelines.stages.nlp import count_needing_nlp, release_dead_claims

    # Articles claimed by a run that died (kill -9) are work again, as the NLP step itself would find.
    release_dead_claims(con)
    work.articles_to_parse = count_needing_nlp(con)
    if work.articles_to_parse:
        work.reasons.append(f"{work.articles_to_parse} article(s) not through the NLP pass yet")
        return work
    work.names_to_resolve = con.execute("SELECT count(*) FROM (" + " UNION ".join(
        f"SELECT DISTINCT {label}, {name} FROM {table} "
        f"WHERE {entity_id} IS NULL AND {label} IS NOT NULL AND {name} IS NOT NULL"
        for table, label, name, entity_id in _LINKED_NAMES) + ")").fetchone()[0]
    if work.names_to_resolve:
        work.reasons.append(f"{work.names_to_resolve} name(s) not resolved to entities yet")
        return work
    from pipelines.stages.stories import articles_needing_stories

    work.articles_to_group = len(articles_needing_stories(con, limit=1))
    if work.articles_to_group:
        work.reasons.append("articles not grouped into stories yet")
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
