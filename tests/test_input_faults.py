"""Input files that vanish, fail, get reused or are odd: nothing is lost and no run stops."""
from __future__ import annotations

import errno
import json
import os
import time

import duckdb

from pipelines import stages, warehouse
from pipelines.core import ingest
from pipelines.settings import SEEDS_DIR

SEED_BODIES = sorted(SEEDS_DIR.glob("*.txt"))


def seed_text(i: int) -> str:
    return SEED_BODIES[i].read_text(encoding="utf-8")


def ingest_into(db, paths, run_id="r"):
    with warehouse.connect(str(db)) as con:
        return stages.run_ingest(con, [str(p) for p in paths], run_id)


def ledger(db):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT source_path, records FROM ingested_files ORDER BY 1").fetchall()


def test_file_that_vanishes_between_hashing_and_reading_is_read_by_the_next_run(tmp_path, monkeypatch):
    # A sync tool moves the file away right after it was hashed (atomic replace, a short NFS error).
    landing = tmp_path / "landing"
    landing.mkdir()
    feed = landing / "feed.jsonl"
    feed.write_text("\n".join(json.dumps({"title": f"t{i}", "body": seed_text(i)}) for i in range(2)) + "\n",
                    encoding="utf-8")
    aside = tmp_path / "aside.jsonl"
    real_hash = ingest.file_hash

    def hash_then_vanish(path):
        result = real_hash(path)
        if path == feed and feed.exists():
            os.replace(feed, aside)
        return result

    monkeypatch.setattr(ingest, "file_hash", hash_then_vanish)
    db = tmp_path / "w.duckdb"
    first = ingest_into(db, [landing])
    assert first.articles_added == 0
    assert ledger(db) == []  # not recorded as ingested
    monkeypatch.setattr(ingest, "file_hash", real_hash)
    os.replace(aside, feed)  # the same content back at the same path
    second = ingest_into(db, [landing], "r2")
    assert (second.files_new, second.articles_added) == (1, 2)
    assert ledger(db) == [(str(feed), 2)]
    assert ingest_into(db, [landing], "r3").files_new == 0


def test_file_whose_read_fails_is_not_recorded_and_is_read_next_time(tmp_path, monkeypatch):
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "a.txt").write_text(seed_text(0), encoding="utf-8")
    (landing / "b.txt").write_text(seed_text(1), encoding="utf-8")
    real_read = ingest.read_input

    def eio_on_b(path, **limits):
        if path.name == "b.txt":
            raise OSError(errno.EIO, "Input/output error", str(path))
        return real_read(path, **limits)

    monkeypatch.setattr(ingest, "read_input", eio_on_b)
    db = tmp_path / "w.duckdb"
    first = ingest_into(db, [landing])
    assert first.articles_added == 1 and first.rejected == 1
    assert [p for p, _ in ledger(db)] == [str(landing / "a.txt")]
    monkeypatch.setattr(ingest, "read_input", real_read)
    second = ingest_into(db, [landing], "r2")
    assert (second.files_new, second.articles_added) == (1, 1)
    assert [p for p, _ in ledger(db)] == [str(landing / "a.txt"), str(landing / "b.txt")]


def clean(db, run_id="r"):
    with warehouse.connect(str(db)) as con:
        stages.run_cleaning(con, run_id)


def test_file_name_reused_for_an_unrelated_article_keeps_both_visible(tmp_path):
    landing = tmp_path / "landing"
    landing.mkdir()
    latest = landing / "latest.txt"
    db = tmp_path / "w.duckdb"
    latest.write_text(seed_text(0), encoding="utf-8")
    ingest_into(db, [landing], "r1")
    clean(db, "r1")
    latest.write_text(seed_text(1), encoding="utf-8")  # the scraper's next, unrelated article
    ingest_into(db, [landing], "r2")
    clean(db, "r2")
    # An edit of that article under the same name is still its next version.
    edited = seed_text(1).replace("\n", "\nIn an update on Tuesday, officials confirmed the account.\n", 1)
    latest.write_text(edited, encoding="utf-8")
    ingest_into(db, [landing], "r3")
    clean(db, "r3")
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT run_id, version, version_of, superseded_by IS NULL FROM articles "
                           "ORDER BY run_id").fetchall()
    assert rows == [("r1", 1, None, True), ("r2", 1, None, False), ("r3", 2, "source_path", True)]


# --- the nothing-pending check asks what ingest would, and never fails where ingest would not ----

from pipelines import pending  # noqa: E402


def pending_files(db, paths):
    with warehouse.connect(str(db)) as con:
        return pending.pending_work(con, [str(p) for p in paths]).new_files


def test_pending_check_survives_an_unreadable_file_and_trusts_the_ledger(tmp_path, monkeypatch):
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "a.txt").write_text(seed_text(0), encoding="utf-8")
    hour_ago = time.time_ns() - 3600 * 10**9
    os.utime(landing / "a.txt", ns=(hour_ago, hour_ago))  # settled before ingest: the ledger vouches for it
    (landing / "mem.txt").symlink_to("/proc/self/mem")  # a regular file by stat; reading it is EIO
    db = tmp_path / "w.duckdb"
    assert pending_files(db, [landing]) == 2  # unreadable: counts as work, ingest will say why
    report = ingest_into(db, [landing])
    assert report.articles_added == 1
    assert any("mem.txt" in path and "unreadable file" in reason for path, reason in report.rejections)
    hashed = []
    real_hash = ingest.file_hash
    monkeypatch.setattr(ingest, "file_hash", lambda path, *a: hashed.append(path.name) or real_hash(path, *a))
    # Ingest already rejected the unreadable file, and a.txt has the size and mtime the ledger holds.
    assert pending_files(db, [landing]) == 0
    assert hashed == ["mem.txt"]
    # Same size, new modification time: hashed, and found unchanged.
    os.utime(landing / "a.txt", ns=(1, 1))
    assert pending_files(db, [landing]) == 0 and hashed[1:] == ["a.txt", "mem.txt"]
    (landing / "a.txt").write_text(seed_text(1), encoding="utf-8")
    assert pending_files(db, [landing]) == 1


def test_pending_check_streams_a_big_file_beside_an_article(tmp_path):
    import tracemalloc

    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "a.txt").write_text(seed_text(0), encoding="utf-8")
    with open(landing / "video.mp4", "wb") as handle:  # sparse: 96 MB on paper, no disk used
        handle.truncate(96 << 20)
    db = tmp_path / "w.duckdb"
    with warehouse.connect(str(db)):
        pass
    tracemalloc.start()
    try:
        assert pending_files(db, [landing]) == 2
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 << 20, f"the check held {peak / 2**20:.0f} MB"


def remove_tree(top):
    """shutil.rmtree (and pytest's clean-up of old tmp_paths) recurse: a deep tree is removed here."""
    stack, order = [top], []
    while stack:
        folder = stack.pop()
        order.append(folder)
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:
                    os.remove(entry.path)
    for folder in reversed(order):
        os.rmdir(folder)


def test_deeply_nested_folders_are_walked_without_recursion_error(tmp_path):
    landing = tmp_path / "landing"
    deep = landing
    try:
        for _ in range(1200):  # a path of some 2,500 characters, deeper than Python's recursion limit
            deep = deep / "d"
            deep.mkdir(parents=True)
        (deep / "a.txt").write_text(seed_text(0), encoding="utf-8")
        (landing / "b.txt").write_text(seed_text(1), encoding="utf-8")
        files, problems = ingest.walk_inputs([landing])
        assert sorted(f.name for f in files) == ["a.txt", "b.txt"] and problems == []
        db = tmp_path / "w.duckdb"
        assert pending_files(db, [landing]) == 2
        assert ingest_into(db, [landing]).articles_added == 2
        assert pending_files(db, [landing]) == 0
    finally:
        remove_tree(landing / "d")


# --- files the ledger vouches for are not read again ----------------------------------------------

def test_unchanged_files_are_not_read_again_however_large(tmp_path, monkeypatch):
    landing = tmp_path / "landing"
    landing.mkdir()
    article, video = landing / "a.txt", landing / "clip.mp4"
    article.write_text(seed_text(0), encoding="utf-8")
    video.write_bytes(os.urandom(1 << 20))  # not an article: rejected, and recorded in the ledger
    hour_ago = (time.time_ns() - 3600 * 10**9,) * 2
    for path in (article, video):
        os.utime(path, ns=hour_ago)  # settled long before the first ingest
    db = tmp_path / "w.duckdb"
    first = ingest_into(db, [landing], "r1")
    assert first.files_new == 2 and first.articles_added == 1
    assert sorted(p for p, _ in ledger(db)) == [str(article), str(video)]
    real_read = ingest.read_input
    reads: list[str] = []

    def counting_read(path, **limits):
        reads.append(path.name)
        return real_read(path, **limits)

    monkeypatch.setattr(ingest, "read_input", counting_read)
    (landing / "b.txt").write_text(seed_text(1), encoding="utf-8")  # the run's reason to start
    second = ingest_into(db, [landing], "r2")
    assert (second.files_new, second.articles_added, reads) == (1, 1, ["b.txt"])
    # A file whose size or modification time changed is read again.
    video.write_bytes(os.urandom(1 << 20))
    reads.clear()
    third = ingest_into(db, [landing], "r3")
    assert "clip.mp4" in reads and third.files_new == 1


def test_a_file_modified_as_it_was_ingested_is_read_again(tmp_path, monkeypatch):
    """Its modification time is within the clock tick of the ingest: a rewrite of the same size in
    that tick would keep it, so the ledger does not vouch for the file unread."""
    landing = tmp_path / "landing"
    landing.mkdir()
    article = landing / "a.txt"
    article.write_text(seed_text(0), encoding="utf-8")
    db = tmp_path / "w.duckdb"
    ingest_into(db, [landing], "r1")
    with duckdb.connect(str(db)) as con:  # as if the file was written in the same instant as ingest began
        con.execute("UPDATE ingested_files SET ingested_at = make_timestamp(mtime_ns // 1000)")
    real_read = ingest.read_input
    reads: list[str] = []
    monkeypatch.setattr(ingest, "read_input", lambda path, **limits: reads.append(path.name) or real_read(path, **limits))
    assert ingest_into(db, [landing], "r2").files_new == 0
    assert reads == ["a.txt"]
