"""The NLP stage as units of work for the cluster: plan once, then one batch per task.

`plan_batches` picks and claims what needs a parse (the NLP stage's own `plan_and_claim`)
and cuts it into batches; `run_batch` parses one batch and commits all of its rows
(mentions, quotes, numeric_claims, nlp_processed, rejections, released claims) in one
transaction through the NLP stage's own parse-and-write path. A batch run twice (a
worker killed after or before its commit, then the task redelivered) replaces its own
rows: keyed by article_id, nothing is duplicated and nothing is lost.

No Dagster here: the assets in pipelines/cluster/assets.py call these.
"""
from __future__ import annotations

import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from pipelines import code_versions, warehouse
from pipelines.stages import nlp as nlp_stage
from pipelines.stages._common import Log

# The model, loaded once per worker process (a Celery pool process runs many batches).
_MODELS: dict[str, object] = {}


def _cached_load(model_name: str):
    from pipelines.core.extraction import load_extraction_pipeline

    if model_name not in _MODELS:
        _MODELS[model_name] = load_extraction_pipeline(model_name)
    return _MODELS[model_name]


@dataclass
class Batch:
    index: int
    todo: list[tuple[str, str]]   # (article_id, reason), as plan_and_claim gives them


@dataclass
class BatchPlan:
    batches: list[Batch]
    version: str
    claimed_elsewhere: int = 0
    held_back: int = 0
    deferred: int = 0


def plan_batches(db_path: str, run_id: str, *, model_name: str, piece_chars: int, batch_articles: int,
                 reprocess_per_run: int = 0) -> BatchPlan:
    """Claim every article that needs a parse for this run and cut the list into batches."""
    version = code_versions.nlp_version(model_name, piece_chars)
    with warehouse.connect(db_path) as con:
        nlp_stage.record_code_version(con, version, run_id)
        plan = nlp_stage.plan_and_claim(con, run_id, version, reprocess_per_run)
    size = max(1, batch_articles)
    batches = [Batch(i, [tuple(item) for item in plan.todo[start:start + size]])
               for i, start in enumerate(range(0, len(plan.todo), size))]
    return BatchPlan(batches, version.version, plan.claimed_elsewhere, plan.held_back, plan.deferred)


def _hold_for_kill(batch: Batch, when: str) -> None:
    """Test hook for the kill -9 tests: with NEWSETL_HOLD_BATCHES=<dir> and <dir>/hold_at holding
    '<index>:<before|after>,...', the first attempt of that batch announces its pid (<dir>/<index>.<pid>)
    and waits there, before its parse and commit or after its commit, for the test to kill this
    process. A retry does not wait. (A kill anywhere between the two points meets the same state as at
    one of them: the batch's rows are committed in one transaction.)"""
    directory = os.environ.get("NEWSETL_HOLD_BATCHES")
    if not directory or not (Path(directory) / "hold_at").exists():
        return
    if f"{batch.index}:{when}" not in (Path(directory) / "hold_at").read_text().split(","):
        return
    held = Path(directory) / f"{batch.index}.held"
    if held.exists():
        return
    held.touch()
    (Path(directory) / f"{batch.index}.{os.getpid()}").touch()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # the test kills this process meanwhile
        time.sleep(0.1)


def run_batch(db_path: str, run_id: str, batch: Batch, *, model_name: str, batch_size: int, piece_chars: int,
              log: Log = print) -> dict:
    """Parse one batch in this process and commit its rows in one transaction; returns the
    batch's NlpReport as a dict. Idempotent: a second run of the same batch replaces its rows."""
    version = code_versions.nlp_version(model_name, piece_chars)
    report = nlp_stage.NlpReport(version=version.version)
    plan = nlp_stage.NlpPlan(todo=[tuple(item) for item in batch.todo])
    # The stage's own parse-and-write path, one process (the cluster's parallelism is its workers),
    # one commit for the whole batch.
    _hold_for_kill(batch, "before")
    try:
        nlp_stage._parse_and_write(  # noqa: SLF001 - the NLP stage's per-batch entry point
            db_path, run_id, plan, report, version, model_name=model_name, batch_size=batch_size, processes=1,
            min_docs_per_process=max(1, len(plan.todo)), commit_every=max(1, len(plan.todo)),
            piece_chars=piece_chars, log=log, load=_cached_load)
    except Exception:  # a batch that fails (not one article: those are recorded) gives its articles back
        with warehouse.connect(db_path) as con:
            con.execute("DELETE FROM nlp_claims WHERE run_id = ? AND article_id IN (SELECT unnest(?))",
                        [run_id, [aid for aid, _ in plan.todo]])
        raise
    _hold_for_kill(batch, "after")
    return asdict(report)


def merge_reports(reports: list[dict], plan_counts: dict) -> nlp_stage.NlpReport:
    """One NlpReport for the whole fan-out (what the run summary and the asset metadata show)."""
    total = nlp_stage.NlpReport(version=plan_counts.get("version", ""))
    for part in reports:
        for key in ("articles", "mentions", "quotes", "claims", "new_articles", "reprocessed", "failed",
                    "long_articles"):
            setattr(total, key, getattr(total, key) + part.get(key, 0))
        total.parse_seconds += part.get("parse_seconds", 0.0)
        for reason, n in part.get("reprocess_reasons", {}).items():
            total.reprocess_reasons[reason] = total.reprocess_reasons.get(reason, 0) + n
        total.failures += [tuple(f) for f in part.get("failures", [])]
    total.claimed_elsewhere = plan_counts.get("claimed_elsewhere", 0)
    total.held_back = plan_counts.get("held_back", 0)
    total.deferred = plan_counts.get("deferred", 0)
    return total
