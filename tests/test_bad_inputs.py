"""No single input stops ingest or cleaning. A generated corpus of bad
inputs goes through the real stage functions into a DuckDB file; every case lands in
rejected_inputs with a reason naming the file and the exception, and everything else loads."""
from __future__ import annotations

import os
import shutil
import unicodedata

import pytest
from bad_inputs import PARAGRAPH, write_bad_corpus

from pipelines import stages, warehouse
from pipelines.settings import IngestSettings

LIMIT = 50_000
SETTINGS = IngestSettings(max_article_bytes=LIMIT, max_file_bytes=10 * LIMIT, ingest_batch_records=2,
                          cleaning_batch_records=2, repeated_line_min_articles=5)


@pytest.fixture
def loaded(tmp_path, monkeypatch):
    folder = tmp_path / "landing"
    expected = write_bad_corpus(folder, LIMIT)
    # A directory the run may not read. We run as root in CI, where chmod 000 does not stop
    # reading, so the permission error is raised the way the OS raises it for others.
    locked = folder / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text(PARAGRAPH.format(n=11))
    real_scandir = os.scandir

    def scandir(path):
        if not isinstance(path, int) and os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return real_scandir(path)

    db = str(tmp_path / "news.duckdb")
    with monkeypatch.context() as patch, warehouse.connect(db) as con:
        patch.setattr(os, "scandir", scandir)
        ingest_report = stages.run_ingest(con, [str(folder)], "run-1", settings=SETTINGS)
        cleaning_report = stages.run_cleaning(con, "run-1", settings=SETTINGS)
    return {"db": db, "expected": expected, "folder": folder, "ingest": ingest_report,
            "cleaning": cleaning_report}


def _rejections(db):
    with warehouse.connect(db, read_only=True) as con:
        rows = con.execute("SELECT source_path, record_index, stage, reason FROM rejected_inputs").fetchall()
    out = {}
    for path, index, stage, reason in rows:
        name = path.rsplit("/", 1)[-1] + (f"#{index}" if index is not None else "")
        out[name] = (stage, reason)
    return out


def test_every_bad_input_is_rejected_with_its_reason(loaded):
    rejected = _rejections(loaded["db"])
    for name, reason in loaded["expected"].items():
        if reason is None:
            assert name not in rejected, name
            continue
        stage, got = rejected[name]
        assert stage == "ingest" and got.startswith(reason), (name, got)
    stage, reason = rejected["locked"]
    assert reason.startswith("unreadable directory: ") and "PermissionError [Errno 13] Permission denied" in reason
    # Reasons name the file and the exception.
    assert str(loaded["folder"] / "proc_mem.txt") in rejected["proc_mem.txt"][1]
    assert "OSError [Errno 5] Input/output error" in rejected["proc_mem.txt"][1]
    assert "UnicodeEncodeError" in rejected["surrogate.jsonl#1"][1]
    assert "(NEWSETL_MAX_ARTICLE_BYTES" in rejected["repeated.txt"][1]
    assert len(rejected) == len([r for r in loaded["expected"].values() if r]) + 1


def test_everything_else_loads(loaded):
    with warehouse.connect(loaded["db"], read_only=True) as con:
        rows = dict(con.execute(
            "SELECT regexp_extract(a.source_path, '[^/]+$') || coalesce('#' || r.record_index, ''), a.body "
            "FROM articles a JOIN raw_articles r ON r.raw_id = a.article_id").fetchall())
    assert sorted(rows) == ["big_line.jsonl#1", "big_line.jsonl#3", "control.txt", "deep.jsonl#1", "deep.jsonl#3",
                            "long_article.txt"]
    # The long genuine article is kept whole.
    long_text = (loaded["folder"] / "long_article.txt").read_text()
    assert rows["long_article.txt"].count("Officials in the capital") == long_text.count("Officials in the capital")
    # NUL and other control characters are gone from the body, the words around them kept.
    body = rows["control.txt"]
    assert not any(unicodedata.category(ch) == "Cc" and ch != "\n" for ch in body)
    assert body.startswith("Officials in the capital said on Tuesday") and "cracks in 9 of its supports." in body


def test_rerun_adds_nothing(loaded, tmp_path):
    def counts():
        with warehouse.connect(loaded["db"], read_only=True) as con:
            return warehouse.table_counts(con, ("raw_articles", "rejected_inputs", "articles", "cleaning_removals",
                                                "ingested_files"))

    before = counts()
    shutil.rmtree(loaded["folder"] / "locked")  # (readable now the fixture's patch is gone; deleting changes nothing)
    with warehouse.connect(loaded["db"]) as con:
        again = stages.run_ingest(con, [str(loaded["folder"])], "run-2", settings=SETTINGS)
        stages.run_cleaning(con, "run-2", settings=SETTINGS)
    assert counts() == before
    assert again.articles_added == 0 and again.rejected == 0


def test_default_limit_rejects_a_degenerate_file_without_reading_it_whole(tmp_path):
    from pipelines.core.ingest import read_records

    path = tmp_path / "huge.txt"
    chunk = (PARAGRAPH.format(n=1) + "\n\n").encode()
    with open(path, "wb") as handle:
        for _ in range(3_000_000 // len(chunk) + 1):
            handle.write(chunk)
    (item,) = read_records(path)  # default limit: 2,000,000 bytes
    assert item.reason.startswith("too large: single-article file of 3,000,")
    assert "exceeds the limit of 2,000,000 bytes" in item.reason


def test_suites_pass_on_what_the_bad_corpus_left(loaded):
    from pipelines import quality

    with warehouse.connect(loaded["db"]) as con:
        outcomes = {name: quality.run_suite(con, name, "run-1")
                    for name in ("raw_articles", "rejected_inputs", "articles", "cleaning_removals")}
    assert {n: (o.success, o.rows_checked) for n, o in outcomes.items()} == {
        "raw_articles": (True, 6), "rejected_inputs": (True, 11), "articles": (True, 6),
        "cleaning_removals": (True, outcomes["cleaning_removals"].rows_checked)}
    assert outcomes["cleaning_removals"].rows_checked > 0
