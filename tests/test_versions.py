"""An edited article is a new version, not a near-duplicate of itself;
cleaning in batches and the stored LSH bands give the same result as one pass in memory."""
from __future__ import annotations

import json
import shutil

import pytest

from pipelines import stages, warehouse
from pipelines.core.versions import describe_changes, version_keys
from pipelines.settings import SEEDS_DIR, IngestSettings

ORDA = "004_052e207af823a055.txt"
XINHUA = "003_272b7305608623dc.txt"


def test_version_keys_strongest_first():
    assert version_keys(url=" https://x.org/a ", source_path="/in/a.json", record_index=None, publisher="Wire ",
                        title="Fed  holds") == [("url", "https://x.org/a"), ("source_path", "/in/a.json"),
                                                ("publisher_title", "wire|fed holds")]
    # A record of a multi-record file is not identified by its file.
    assert version_keys(url=None, source_path="/in/feed.jsonl", record_index=3, publisher=None, title="x") == []


def test_describe_changes():
    changes = describe_changes("T", "They exchanged 1,000 individuals on Monday.", "T",
                               "They exchanged 1,200 individuals on Monday, he said.")
    assert changes["title_changed"] is False
    assert (changes["words_added"], changes["words_removed"]) == (4, 2)
    assert changes["changes"] == [{"old": "1,000", "new": "1,200"}, {"old": "Monday.", "new": "Monday, he said."}]


def _run(db, paths, run_id, batch=500):
    settings = IngestSettings(cleaning_batch_records=batch, ingest_batch_records=batch)
    with warehouse.connect(db) as con:
        stages.run_ingest(con, [str(p) for p in paths], run_id, settings=settings)
        return stages.run_cleaning(con, run_id, settings=settings)


def _articles(db):
    with warehouse.connect(db, read_only=True) as con:
        return con.execute("SELECT regexp_extract(source_path, '[^/]+$'), article_id, version, supersedes, "
                           "superseded_by, version_of, duplicate_of, similarity FROM articles "
                           "ORDER BY ingested_at, source_path").fetchall()


def test_a_file_edited_in_place_becomes_the_next_version(tmp_path):
    landing = tmp_path / "landing"
    landing.mkdir()
    db = str(tmp_path / "news.duckdb")
    text = (SEEDS_DIR / ORDA).read_text(encoding="utf-8")
    (landing / "orda.txt").write_text(text, encoding="utf-8")
    _run(db, [landing], "r1")
    (landing / "orda.txt").write_text(text.replace("1,000 individuals", "1,200 individuals"), encoding="utf-8")
    report = _run(db, [landing], "r2")
    assert (report.new_versions, report.near_duplicates, report.exact_duplicates) == (1, 0, 0)
    (landing / "orda.txt").write_text(text.replace("1,000 individuals", "1,300 individuals"), encoding="utf-8")
    _run(db, [landing], "r3")
    rows = _articles(db)
    assert [(r[2], r[5], r[6]) for r in rows] == [(1, None, None), (2, "source_path", None), (3, "source_path", None)]
    first, second, third = (r[1] for r in rows)
    assert [(r[3], r[4]) for r in rows] == [(None, second), (first, third), (second, None)]
    with warehouse.connect(db, read_only=True) as con:
        changes = json.loads(con.execute("SELECT changes FROM articles WHERE article_id = ?", [third]).fetchone()[0])
        latest = con.execute("SELECT body FROM articles WHERE superseded_by IS NULL").fetchall()
    assert changes["changes"] == [{"old": "1,200", "new": "1,300"}]
    assert len(latest) == 1 and "1,300 individuals" in latest[0][0]
    # The same text saved again is an exact duplicate of the latest version, not a version.
    shutil.copy(landing / "orda.txt", landing / "orda_again.txt")
    _run(db, [landing], "r4")
    assert len(_articles(db)) == 3  # byte-identical: collapsed at ingest


def test_same_url_is_a_version_and_syndicated_copy_a_duplicate(tmp_path):
    landing = tmp_path / "landing"
    landing.mkdir()
    db = str(tmp_path / "news.duckdb")
    body = (SEEDS_DIR / XINHUA).read_text(encoding="utf-8")
    (landing / "a.jsonl").write_text(json.dumps({"url": "https://ex.org/1", "title": "A", "body": body}) + "\n")
    _run(db, [landing], "r1")
    (landing / "b.jsonl").write_text(
        json.dumps({"url": "https://ex.org/1", "title": "A (updated)", "body": body.replace("Monday", "Tuesday")}) + "\n"
        + json.dumps({"url": "https://other.org/9", "title": "B", "publisher": "Other",
                      "body": body.replace("Putin", "Russian President Putin")}) + "\n")
    _run(db, [landing], "r2")
    rows = {r[0]: r for r in _articles(db)}
    a, b = rows["a.jsonl"], [r for r in _articles(db) if r[0] == "b.jsonl"]
    assert b[0][2:6] == (2, a[1], None, "url") and b[0][6] is None
    # The copy in another outlet is a near duplicate of the latest version (the old one is superseded).
    assert b[1][2] == 1 and b[1][6] == b[0][1] and 0.7 <= b[1][7] < 1.0


@pytest.mark.parametrize("batch", [1, 2])
def test_batches_give_the_same_result_as_one_pass(tmp_path, batch):
    inputs = tmp_path / "in"
    shutil.copytree(SEEDS_DIR, inputs / "a_seeds")
    xinhua = (SEEDS_DIR / XINHUA).read_text(encoding="utf-8")
    (inputs / "b").mkdir()
    (inputs / "b" / "copy.json").write_text(json.dumps({"publisher": "Other", "title": "Copy",
                                                        "body": xinhua.replace("Putin", "Russian President Putin")}))
    (inputs / "b" / "edit.txt").write_text(xinhua.replace("Kremlin spokesman", "Kremlin press secretary"))
    (inputs / "b" / "same.json").write_text(json.dumps({"publisher": "Third", "title": "Same", "body": xinhua}))
    one = tmp_path / "one.duckdb"
    many = tmp_path / "many.duckdb"
    _run(str(one), [inputs], "r", batch=500)
    report = _run(str(many), [inputs], "r", batch=batch)
    assert report.batches == -(-8 // batch)  # 5 seeds and 3 copies
    strip = lambda rows: [(r[0], r[2], r[5], r[6] is not None, r[7]) for r in rows]  # noqa: E731
    assert strip(_articles(str(one))) == strip(_articles(str(many)))
    assert [(r[0], r[2], r[5]) for r in _articles(str(one)) if r[2] > 1 or r[6]] == [
        ("copy.json", 1, None), ("edit.txt", 2, "publisher_title"), ("same.json", 1, None)]


def test_publisher_furniture_learned_from_the_warehouse(tmp_path):
    landing = tmp_path / "landing"
    landing.mkdir()
    db = str(tmp_path / "news.duckdb")
    lines = []
    for i in range(7):
        body = (f"Story {i} about the harbour: the council voted {i + 3} to 2 on Monday to rebuild the old pier, "
                f"the mayor said, and work will start in {i + 2} weeks.\n\nSign up for the Harbour Daily newsletter\n\n"
                f"Residents said the pier had been closed for {i + 4} years and they welcomed the vote on Monday.")
        lines.append(json.dumps({"publisher": "Harbour Daily", "title": f"Pier vote {i}", "body": body}))
    (landing / "a.jsonl").write_text("\n".join(lines[:5]) + "\n")
    _run(db, [landing], "r1")
    (landing / "b.jsonl").write_text("\n".join(lines[5:]) + "\n")
    _run(db, [landing], "r2")
    with warehouse.connect(db, read_only=True) as con:
        bodies = [r[0] for r in con.execute("SELECT body FROM articles ORDER BY title").fetchall()]
        rules = con.execute("SELECT rule, text, count(*) FROM cleaning_removals GROUP BY ALL").fetchall()
    assert ["Sign up" in b for b in bodies] == [True] * 5 + [False] * 2
    assert rules == [("repeated_line", "Sign up for the Harbour Daily newsletter", 2)]


def test_same_title_of_a_recurring_column_is_not_a_version(tmp_path):
    from pipelines.core.versions import same_story

    assert same_story("The council voted to rebuild the pier on Monday, the mayor said.",
                      "The council voted to rebuild the old pier on Monday, the mayor said.")
    assert not same_story("The council voted to rebuild the pier on Monday, the mayor said.",
                          "Rain is expected across the north on Friday, forecasters warned residents.")
    landing = tmp_path / "landing"
    landing.mkdir()
    db = str(tmp_path / "news.duckdb")
    day1 = "Markets rose on Monday as oil prices fell and investors bought technology shares, traders said."
    day2 = "Gold hit a record on Tuesday while the dollar weakened against the yen, dealers in London said."
    for name, body in (("d1.json", day1), ("d2.json", day2)):
        (landing / name).write_text(json.dumps({"publisher": "Wire", "title": "Morning briefing", "body": body}))
    _run(db, [landing], "r1")
    assert [(r[2], r[3], r[6]) for r in _articles(db)] == [(1, None, None), (1, None, None)]
