"""What the code-change cost benchmarks (reclean_cost.py, reread_cost.py) share: a timed
pipeline run, the rows compared with a fresh build, and the commit measured."""
from __future__ import annotations

import subprocess
import time
from pathlib import Path

from pipelines import warehouse

ROOT = Path(__file__).resolve().parent.parent

# The rows a warehouse changed by new code must share with a fresh build of the same input.
COMPARED = {
    "articles": "article_id, title, publisher, author, published_at, body, word_count, body_hash, duplicate_of, "
                "similarity, version, supersedes, superseded_by",
    "mentions": "mention_id, article_id, text, label, start_char, end_char",
    "quotes": "quote_id, article_id, text, speaker, start_char, end_char",
    "numeric_claims": "claim_id, article_id, text, value, start_char, end_char",
    "date_candidates": "date_candidate_id, article_id, text, start_char, end_char",
}


def compared_rows(db: Path, tables: dict[str, str] = COMPARED) -> dict[str, list]:
    """The compared columns of each table, sorted."""
    with warehouse.connect(str(db)) as con:
        return {t: con.execute(f"SELECT {cols} FROM {t} ORDER BY ALL").fetchall() for t, cols in tables.items()}


def timed_run(db: Path, inputs: list[str]) -> float:
    """Seconds of one real Dagster run of the whole job over the inputs."""
    from tests.runs import run_pipeline

    started = time.perf_counter()
    assert run_pipeline(db, inputs).success
    return round(time.perf_counter() - started, 2)


def commit() -> str:
    return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
